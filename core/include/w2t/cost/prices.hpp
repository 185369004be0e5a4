#pragma once
// API prices: what hosted inference APIs charge per token, from the npm package
// @pydantic/genai-prices. scripts/make-prices.mjs turns the package's data into
// catalogue/api_prices.json (schema "w2t-api-prices/1", with the package version, the
// data date and the licence notice), which is embedded at build time like the catalogue.
// No I/O. docs/cost-model.md, section "API prices".
//
// Units are in the names: *_usd_per_mtok is US dollars per million tokens.
//
// Lookup of a model within a provider: first an exact model id (case-insensitive),
// then the package's match rules in table order (the first model whose rule matches
// wins, as in the package): equals / starts_with / ends_with / contains compare
// case-insensitively, regex is an ECMAScript regex searched in the name, or / and
// combine rules. Then the provider's fallback providers, in order. Not carried over
// from the package: its retry with "-YYYYMMDD" rewritten as "-YYYY-MM-DD", and
// time-of-day (off-peak) prices. Provider lookup: exact id, then the provider's match
// rule.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/catalogue/catalogue.hpp"  // kUnknown, known()
#include "w2t/result.hpp"

namespace w2t {

struct ApiPriceSource {
    std::string package, version, data_date, data_date_meaning, homepage, licence, licence_notice;
};

struct ApiModelPrice {
    std::string id, name;
    nlohmann::json match;  // the package's rule tree
    double input_usd_per_mtok = kUnknown, output_usd_per_mtok = kUnknown,
           cached_input_usd_per_mtok = kUnknown;  // kUnknown = not given
    bool tiered = false;       // depends on prompt length: the base tier is given
    bool conditional = false;  // dated price sets: the one in force on data_date
    bool deprecated = false;
};

struct ApiProvider {
    std::string id, name, pricing_url;
    nlohmann::json provider_match;  // null when the provider has none
    std::vector<std::string> fallback_model_providers;
    std::vector<ApiModelPrice> models;
};

struct ApiPriceTable {
    ApiPriceSource source;
    std::vector<ApiProvider> providers;
};

// Parses catalogue/api_prices.json's format; an error names the entry and field.
Result<ApiPriceTable> load_api_prices(std::string_view json_text);
// The table built into this binary (empty if the embedded file were bad; the unit
// tests load it, so a bad file fails the build's tests).
const ApiPriceTable& builtin_api_prices();

// Whether a package match rule matches a name (see the header comment).
bool price_rule_matches(const nlohmann::json& rule, std::string_view name);

// A provider by id or match rule; error field "provider".
Result<const ApiProvider*> find_api_provider(const ApiPriceTable& table, std::string_view provider);

// A price the user pastes: each known field replaces the table's. Negative or
// non-finite values are errors naming the field.
struct UserPrice {
    double input_usd_per_mtok = kUnknown, output_usd_per_mtok = kUnknown,
           cached_input_usd_per_mtok = kUnknown;
    bool any() const {
        return known(input_usd_per_mtok) || known(output_usd_per_mtok) || known(cached_input_usd_per_mtok);
    }
};

// The price in force for one provider + model.
struct PriceQuote {
    std::string provider_id, provider_name, model_id, model_name;
    double input_usd_per_mtok = kUnknown, output_usd_per_mtok = kUnknown,
           cached_input_usd_per_mtok = kUnknown;
    bool tiered = false, conditional = false, deprecated = false;
    std::string matched_by;  // "id", "match", "fallback:<provider>", "user"
    std::string source;      // "@pydantic/genai-prices 0.1.8 (2026-09-23)", or "user", or "user + ..."
};

// Looks up provider + model; errors name "provider" or "model". With a user price:
// its fields override the table's; when the table has no such provider or model, a
// user price with both input and output stands on its own (matched_by "user").
Result<PriceQuote> price_for(const ApiPriceTable& table, std::string_view provider, std::string_view model,
                             const UserPrice& user = {});
// The same on the built-in table.
Result<PriceQuote> price_for(std::string_view provider, std::string_view model, const UserPrice& user = {});

// Every model of the providers matching `provider` ("" = all) whose id contains
// `model` or whose match rule matches it ("" = all), case-insensitively.
std::vector<PriceQuote> list_api_prices(const ApiPriceTable& table, std::string_view provider,
                                        std::string_view model);

// Token counts of a workload (e.g. summed from probe usage). cached_input_tokens is
// the part of input_tokens read from the provider's prompt cache, as the APIs report it.
struct TokenUsage {
    double input_tokens = 0, output_tokens = 0, cached_input_tokens = 0;
};

struct UsageCost {
    double usd_input = 0;         // uncached input tokens x input price
    double usd_cached_input = 0;  // cached input tokens x cached price (input price when none)
    double usd_output = 0;
    double usd_total = 0;
    double usd_per_1k_tokens = kUnknown;         // usd_total per 1000 input + output tokens
    double usd_per_1k_output_tokens = kUnknown;  // usd_total per 1000 output tokens
};

// Cost of a usage at a price; errors name the field (negative counts, cached above
// input, a price the usage needs but the quote lacks).
Result<UsageCost> cost_of_usage(const PriceQuote& price, const TokenUsage& usage);

nlohmann::json to_json(const ApiPriceSource& s);
nlohmann::json to_json(const PriceQuote& q);
nlohmann::json to_json(const UsageCost& c);

}  // namespace w2t
