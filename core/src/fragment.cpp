#include "w2t/fragment.hpp"

#include <set>

#include "w2t/json_io.hpp"

namespace w2t {
namespace {

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == ',' || c == ':' || c == '/';
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (is_unreserved(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t len = 0;
        unsigned cp = 0;
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) { len = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 3; cp = c & 0x07; }
        else return false;
        if (i + len >= s.size()) return false;  // truncated sequence
        for (size_t k = 1; k <= len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += len + 1;
    }
    return true;
}

Result<std::string> percent_decode(std::string_view text, const std::string& what) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return Error{what, "a '%' not followed by two hex digits"};
        const int h = hex_value(text[i + 1]), l = hex_value(text[i + 2]);
        if (h < 0 || l < 0) return Error{what, "a '%' not followed by two hex digits"};
        out += static_cast<char>(h * 16 + l);
        i += 2;
    }
    if (!valid_utf8(out)) return Error{what, "not valid UTF-8"};
    return out;
}

// What a plain (unquoted) value reads as: JSON where it parses as JSON.
nlohmann::json read_value(const std::string& text) {
    if (text.empty()) return text;
    auto j = parse_json(text);
    if (j) return *j;
    return text;
}

}  // namespace

std::string encode_fragment(const FragmentPairs& pairs) {
    std::string out;
    for (const auto& [key, value] : pairs) {
        if (!out.empty()) out += '&';
        out += percent_encode(key);
        out += '=';
        std::string text;
        if (value.is_string()) {
            text = value.get<std::string>();
            // Quoted only where the plain text would read back as something else.
            if (read_value(text) != value) text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        } else {
            text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        out += percent_encode(text);
    }
    return out;
}

Result<FragmentPairs> decode_fragment(std::string_view fragment) {
    if (!fragment.empty() && fragment.front() == '#') fragment.remove_prefix(1);
    if (fragment.size() > kMaxFragmentBytes)
        return Error{"", "the link's fragment is " + std::to_string(fragment.size()) + " bytes; at most " +
                             std::to_string(kMaxFragmentBytes) + " are read"};
    FragmentPairs pairs;
    std::set<std::string> seen;
    size_t start = 0;
    while (start <= fragment.size()) {
        size_t end = fragment.find('&', start);
        if (end == std::string_view::npos) end = fragment.size();
        const std::string_view part = fragment.substr(start, end - start);
        start = end + 1;
        if (part.empty()) continue;
        const size_t eq = part.find('=');
        auto key = percent_decode(part.substr(0, eq), "fragment");
        if (!key) return key.error();
        if (key->empty()) return Error{"fragment", "a value without a name: '" + std::string(part.substr(0, 40)) + "'"};
        if (eq == std::string_view::npos) return Error{*key, "has no '=value'"};
        if (!seen.insert(*key).second) return Error{*key, "appears twice in the link"};
        auto value = percent_decode(part.substr(eq + 1), *key);
        if (!value) return value.error();
        pairs.emplace_back(*key, read_value(*value));
    }
    return pairs;
}

}  // namespace w2t
