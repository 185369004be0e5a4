// API prices (catalogue/api_prices.json from @pydantic/genai-prices): the embedded
// table loads with its version, date and licence; Cerebras, Groq and OpenAI are there
// with positive prices; lookups by exact id, by the package's match rules and by
// provider match; errors name the field; a user price overrides; the cost of a usage
// and the cost per 1K tokens against hand-computed examples.
#include <gtest/gtest.h>

#include <cmath>

#include "w2t/cost/prices.hpp"

namespace {

using w2t::builtin_api_prices;
using w2t::price_for;

TEST(ApiPrices, EmbeddedTableLoadsWithVersionDateAndLicence) {
    // Loaded again here (not through builtin_api_prices()) so a bad file names its field.
    const auto& t = builtin_api_prices();
    ASSERT_FALSE(t.providers.empty());
    EXPECT_EQ(t.source.package, "@pydantic/genai-prices");
    EXPECT_FALSE(t.source.version.empty());
    EXPECT_EQ(t.source.data_date.size(), 10u) << "data_date: " << t.source.data_date;
    EXPECT_EQ(t.source.licence, "MIT");
    EXPECT_NE(t.source.licence_notice.find("Pydantic"), std::string::npos);
}

TEST(ApiPrices, HasCerebrasGroqAndOpenAiWithPositivePrices) {
    const auto& t = builtin_api_prices();
    for (const char* id : {"cerebras", "groq", "openai"}) {
        auto p = w2t::find_api_provider(t, id);
        ASSERT_TRUE(p.ok()) << id;
        const auto& models = p.value()->models;
        ASSERT_FALSE(models.empty()) << id;
        int priced = 0;
        for (const auto& m : models) {
            if (w2t::known(m.input_usd_per_mtok)) {
                EXPECT_GE(m.input_usd_per_mtok, 0) << id << " " << m.id;
            }
            if (w2t::known(m.input_usd_per_mtok) && w2t::known(m.output_usd_per_mtok) && m.input_usd_per_mtok > 0 &&
                m.output_usd_per_mtok > 0)
                ++priced;
        }
        EXPECT_GT(priced, 0) << id;
    }
}

TEST(ApiPrices, EveryRegexRuleCompiles) {
    // The table's regexes are matched with std::regex (ECMAScript); try each once.
    for (const auto& p : builtin_api_prices().providers)
        for (const auto& m : p.models) (void)w2t::price_rule_matches(m.match, "no-such-model-20260101");
}

TEST(ApiPrices, LookupByExactId) {
    auto q = price_for("groq", "llama-3.3-70b-versatile");
    ASSERT_TRUE(q.ok()) << q.error().to_string();
    EXPECT_EQ(q->model_id, "llama-3.3-70b-versatile");
    EXPECT_EQ(q->matched_by, "id");
    EXPECT_DOUBLE_EQ(q->input_usd_per_mtok, 0.59);
    EXPECT_DOUBLE_EQ(q->output_usd_per_mtok, 0.79);
    EXPECT_NE(q->source.find("@pydantic/genai-prices"), std::string::npos);

    auto c = price_for("Cerebras", "GPT-OSS-120B");  // case-insensitive, as in the package
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    EXPECT_EQ(c->provider_id, "cerebras");
    EXPECT_DOUBLE_EQ(c->input_usd_per_mtok, 0.35);
    EXPECT_DOUBLE_EQ(c->output_usd_per_mtok, 0.75);
}

TEST(ApiPrices, LookupByMatchRule) {
    // A dated snapshot name matches gpt-4o's "equals" alternatives.
    auto q = price_for("openai", "gpt-4o-2024-08-06");
    ASSERT_TRUE(q.ok()) << q.error().to_string();
    EXPECT_EQ(q->model_id, "gpt-4o");
    EXPECT_EQ(q->matched_by, "match");
    EXPECT_DOUBLE_EQ(q->input_usd_per_mtok, 2.5);
    EXPECT_DOUBLE_EQ(q->output_usd_per_mtok, 10);
    EXPECT_DOUBLE_EQ(q->cached_input_usd_per_mtok, 1.25);
    // starts_with with a provider prefix.
    auto c = price_for("cerebras", "cerebras/gpt-oss-120b");
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    EXPECT_EQ(c->model_id, "gpt-oss-120b");
    // The provider by its match rule ("contains": "openai").
    auto p = w2t::find_api_provider(builtin_api_prices(), "azure-openai-like");
    ASSERT_TRUE(p.ok());
    // (azure has its own id; the first provider whose rule matches wins, as in the package)
    EXPECT_FALSE(p.value()->id.empty());
}

TEST(ApiPrices, MatchRules) {
    using nlohmann::json;
    EXPECT_TRUE(w2t::price_rule_matches(json{{"equals", "GPT-4o"}}, "gpt-4o"));
    EXPECT_TRUE(w2t::price_rule_matches(json{{"starts_with", "claude-3"}}, "claude-3-opus"));
    EXPECT_TRUE(w2t::price_rule_matches(json{{"ends_with", "-it"}}, "gemma-7b-IT"));
    EXPECT_TRUE(w2t::price_rule_matches(json{{"contains", "llama"}}, "meta-Llama-3"));
    EXPECT_TRUE(w2t::price_rule_matches(json{{"regex", "^gpt-5\\.4-\\d{4}-\\d{2}-\\d{2}$"}}, "gpt-5.4-2026-03-05"));
    EXPECT_FALSE(w2t::price_rule_matches(json{{"regex", "^gpt-5\\.4-\\d{4}$"}}, "gpt-5.4-20260305"));
    json both = {{"and", json::array({json{{"starts_with", "a"}}, json{{"ends_with", "z"}}})}};
    EXPECT_TRUE(w2t::price_rule_matches(both, "abcz"));
    EXPECT_FALSE(w2t::price_rule_matches(both, "abc"));
    json either = {{"or", json::array({json{{"equals", "x"}}, json{{"equals", "y"}}})}};
    EXPECT_TRUE(w2t::price_rule_matches(either, "y"));
    EXPECT_FALSE(w2t::price_rule_matches(either, "z"));
}

TEST(ApiPrices, UnknownProviderOrModelErrorsNameTheField) {
    auto p = price_for("no-such-provider", "gpt-4o");
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().field, "provider");
    auto m = price_for("groq", "no-such-model-xyz");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().field, "model");
    EXPECT_NE(m.error().message.find("groq"), std::string::npos);
    auto e = price_for("groq", "");
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().field, "model");
    w2t::UserPrice bad;
    bad.output_usd_per_mtok = -1;
    auto b = price_for("groq", "llama-3.3-70b-versatile", bad);
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().field, "output_usd_per_mtok");
}

TEST(ApiPrices, LoaderErrorsNameTheField) {
    auto s = w2t::load_api_prices(R"({"schema":"other"})");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().field, "schema");
    auto m = w2t::load_api_prices(
        R"({"schema":"w2t-api-prices/1","source":{"package":"p","version":"1","licence":"MIT"},)"
        R"("providers":[{"id":"x","name":"X","models":[{"id":"m","match":{"equals":"m"},"input_usd_per_mtok":-1}]}]})");
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().field, "providers[x].models[0].input_usd_per_mtok");
    auto r = w2t::load_api_prices(
        R"({"schema":"w2t-api-prices/1","source":{"package":"p","version":"1","licence":"MIT"},)"
        R"("providers":[{"id":"x","name":"X","models":[{"id":"m","match":{"glob":"m*"},"input_usd_per_mtok":1}]}]})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "providers[x].models[0].match.glob");
}

TEST(ApiPrices, UserPriceOverridesOrStandsAlone) {
    w2t::UserPrice u;
    u.output_usd_per_mtok = 0.5;
    auto q = price_for("groq", "llama-3.3-70b-versatile", u);
    ASSERT_TRUE(q.ok());
    EXPECT_DOUBLE_EQ(q->input_usd_per_mtok, 0.59);  // kept from the table
    EXPECT_DOUBLE_EQ(q->output_usd_per_mtok, 0.5);  // pasted
    EXPECT_EQ(q->source.rfind("user + ", 0), 0u);
    // Not in the table: a complete pasted price stands on its own.
    u.input_usd_per_mtok = 0.2;
    auto own = price_for("my-cluster", "my-model", u);
    ASSERT_TRUE(own.ok()) << own.error().to_string();
    EXPECT_EQ(own->matched_by, "user");
    EXPECT_DOUBLE_EQ(own->input_usd_per_mtok, 0.2);
    // Incomplete: the lookup's error.
    w2t::UserPrice half;
    half.input_usd_per_mtok = 0.2;
    EXPECT_EQ(price_for("my-cluster", "my-model", half).error().field, "provider");
}

TEST(ApiPrices, CostOfUsageHandComputed) {
    // gpt-4o at $2.50 in / $1.25 cached in / $10 out per million tokens;
    // 1,000,000 input tokens of which 200,000 cached, 250,000 output:
    // 800,000 x 2.50 / 1e6 = $2.00, 200,000 x 1.25 / 1e6 = $0.25, 250,000 x 10 / 1e6 = $2.50,
    // total $4.75; per 1K tokens 4.75 / 1,250,000 x 1000 = $0.0038; per 1K output $0.019.
    auto q = price_for("openai", "gpt-4o");
    ASSERT_TRUE(q.ok());
    auto c = w2t::cost_of_usage(q.value(), {1'000'000, 250'000, 200'000});
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    EXPECT_NEAR(c->usd_input, 2.00, 1e-12);
    EXPECT_NEAR(c->usd_cached_input, 0.25, 1e-12);
    EXPECT_NEAR(c->usd_output, 2.50, 1e-12);
    EXPECT_NEAR(c->usd_total, 4.75, 1e-12);
    EXPECT_NEAR(c->usd_per_1k_tokens, 0.0038, 1e-15);
    EXPECT_NEAR(c->usd_per_1k_output_tokens, 0.019, 1e-15);

    // Cerebras gpt-oss-120b, $0.35 in / $0.75 out: 1000 in + 500 out =
    // 0.00035 + 0.000375 = $0.000725; per 1K tokens 0.000725 / 1500 x 1000.
    auto cq = price_for("cerebras", "gpt-oss-120b");
    ASSERT_TRUE(cq.ok());
    auto cc = w2t::cost_of_usage(cq.value(), {1000, 500, 0});
    ASSERT_TRUE(cc.ok());
    EXPECT_NEAR(cc->usd_total, 0.000725, 1e-15);
    EXPECT_NEAR(cc->usd_per_1k_tokens, 0.000725 / 1.5, 1e-15);

    // No cached price: cached tokens are charged at the input price.
    w2t::PriceQuote flat;
    flat.input_usd_per_mtok = 1;
    flat.output_usd_per_mtok = 2;
    auto f = w2t::cost_of_usage(flat, {1'000'000, 0, 500'000});
    ASSERT_TRUE(f.ok());
    EXPECT_NEAR(f->usd_total, 1.0, 1e-12);
    EXPECT_TRUE(std::isnan(f->usd_per_1k_output_tokens));
}

TEST(ApiPrices, CostOfUsageErrorsNameTheField) {
    w2t::PriceQuote out_only;
    out_only.output_usd_per_mtok = 1;
    EXPECT_EQ(w2t::cost_of_usage(out_only, {10, 10, 0}).error().field, "input_usd_per_mtok");
    w2t::PriceQuote p;
    p.input_usd_per_mtok = 1;
    p.output_usd_per_mtok = 1;
    EXPECT_EQ(w2t::cost_of_usage(p, {-1, 0, 0}).error().field, "input_tokens");
    EXPECT_EQ(w2t::cost_of_usage(p, {10, 0, 20}).error().field, "cached_input_tokens");
    EXPECT_EQ(w2t::cost_of_usage(p, {10, NAN, 0}).error().field, "output_tokens");
}

}  // namespace
