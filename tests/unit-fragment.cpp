// The share link's fragment codec (core/include/w2t/fragment.hpp).
#include <gtest/gtest.h>

#include <random>

#include "w2t/fragment.hpp"

using nlohmann::json;
using w2t::decode_fragment;
using w2t::encode_fragment;
using w2t::FragmentPairs;

namespace {

FragmentPairs decoded(std::string_view text) {
    auto r = decode_fragment(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
    return r.ok() ? *r : FragmentPairs{};
}

}  // namespace

TEST(Fragment, PlainValuesStayReadable) {
    const FragmentPairs pairs{{"view", "inference"}, {"model_id", "llama-3-70b"}, {"input_tokens", 1000},
                              {"fp8", true}, {"ratio", 0.25}};
    EXPECT_EQ(encode_fragment(pairs), "view=inference&model_id=llama-3-70b&input_tokens=1000&fp8=true&ratio=0.25");
}

TEST(Fragment, StringsThatReadAsOtherValuesAreQuoted) {
    const FragmentPairs pairs{{"a", "1000"}, {"b", "true"}, {"c", ""}, {"d", "null"}, {"e", "[1]"}};
    const std::string text = encode_fragment(pairs);
    EXPECT_EQ(text, "a=%221000%22&b=%22true%22&c=&d=%22null%22&e=%22%5B1%5D%22");
    EXPECT_EQ(decoded(text), pairs);
}

TEST(Fragment, DecodesEscapesAndIgnoresEmptyParts) {
    auto pairs = decoded("#view=sources&&filter=HBM%203e&plus=a+b");
    ASSERT_EQ(pairs.size(), 3u);
    EXPECT_EQ(pairs[0], (std::pair<std::string, json>{"view", "sources"}));
    EXPECT_EQ(pairs[1].second, "HBM 3e");
    EXPECT_EQ(pairs[2].second, "a+b");  // '+' is a plus in a fragment
    EXPECT_TRUE(decoded("").empty());
    EXPECT_TRUE(decoded("#").empty());
}

TEST(Fragment, ErrorsNameTheKey) {
    struct Case {
        const char* text;
        const char* field;
        const char* says;
    };
    const Case cases[] = {
        {"a=1&a=2", "a", "twice"},
        {"view", "view", "no '=value'"},
        {"=5", "fragment", "without a name"},
        {"x=%4", "x", "two hex digits"},
        {"x=%zz", "x", "two hex digits"},
        {"x=%FF", "x", "UTF-8"},
        {"x=%C3", "x", "UTF-8"},        // truncated two-byte sequence
        {"x=%ED%A0%80", "x", "UTF-8"},  // a surrogate
        {"x=%C0%AF", "x", "UTF-8"},     // overlong
    };
    for (const auto& c : cases) {
        auto r = decode_fragment(c.text);
        ASSERT_FALSE(r.ok()) << c.text;
        EXPECT_EQ(r.error().field, c.field) << c.text;
        EXPECT_NE(r.error().message.find(c.says), std::string::npos) << c.text << ": " << r.error().message;
    }
}

TEST(Fragment, RefusesAHugeFragment) {
    const std::string huge = "a=" + std::string(w2t::kMaxFragmentBytes, 'x');
    auto r = decode_fragment(huge);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("at most"), std::string::npos);
}

// Any values, any keys: decode(encode(pairs)) gives the pairs back.
TEST(Fragment, RandomPairsRoundTrip) {
    std::mt19937 rng(7);
    const std::string alphabet = "aZ09 -_.~&=#%+\"[]{},:/?\\\x01\xc3\xa9";
    auto random_text = [&](int max_len) {
        std::string s;
        const int n = static_cast<int>(rng() % (max_len + 1));
        for (int i = 0; i < n; ++i) {
            const char c = alphabet[rng() % alphabet.size()];
            if (c == '\xc3') { s += "\xc3\xa9"; continue; }  // keep UTF-8 whole
            if (c == '\xa9') continue;
            s += c;
        }
        return s;
    };
    for (int round = 0; round < 2000; ++round) {
        FragmentPairs pairs;
        const int n = 1 + static_cast<int>(rng() % 5);
        for (int k = 0; k < n; ++k) {
            std::string key = random_text(6);
            if (key.empty()) key = "k";
            key += std::to_string(k);  // distinct
            json value;
            switch (rng() % 5) {
                case 0: value = random_text(12); break;
                case 1: value = static_cast<double>(rng() % 100000) / 64.0; break;
                case 2: value = static_cast<int>(rng() % 2000) - 1000; break;
                case 3: value = (rng() % 2) == 0; break;
                default: value = json::array({1, "two"}); break;
            }
            pairs.emplace_back(key, value);
        }
        const std::string text = encode_fragment(pairs);
        ASSERT_EQ(text.find_first_of(" \"#[]{}"), std::string::npos) << text;
        auto back = decode_fragment(text);
        ASSERT_TRUE(back.ok()) << text << ": " << back.error().to_string();
        ASSERT_EQ(*back, pairs) << text;
    }
}
