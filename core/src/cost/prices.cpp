// [SECTION] Contents
//   loading catalogue/api_prices.json
//   match rules
//   lookup (provider, model, user price)
//   cost of a usage
//   JSON out
#include "w2t/cost/prices.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <regex>
#include <tuple>

#include "w2t_embedded_api_prices_json.hpp"  // generated from catalogue/api_prices.json

namespace w2t {
namespace {

// Bounds that catch typos (a price or a count off by many powers of ten), far above any real use.
constexpr double kMaxUsageTokens = 1e15;
constexpr double kMaxUserUsdPerMtok = 1e6;

using nlohmann::json;

std::string source_label(const ApiPriceSource& s) {
    std::string out = s.package + " " + s.version;
    if (!s.data_date.empty()) out += " (" + s.data_date + ")";
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// [SECTION] loading
Result<std::string> read_string(const json& j, const char* key, const std::string& where, bool required) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) return Error{where + "." + key, "missing"};
        return std::string{};
    }
    if (!it->is_string()) return Error{where + "." + key, "expected a string"};
    return it->get<std::string>();
}

// Checks a match rule's shape so that matching never meets a surprise (nor a bad regex).
std::optional<Error> check_rule(const json& r, const std::string& where) {
    if (!r.is_object() || r.size() != 1) return Error{where, "expected an object with one rule"};
    // Not `*r.items().begin()`: that binds to a temporary iteration proxy (ASan: stack-use-after-scope).
    const auto first = r.begin();
    const std::string& key = first.key();
    const json& value = first.value();
    if (key == "or" || key == "and") {
        if (!value.is_array() || value.empty()) return Error{where + "." + key, "expected a non-empty list of rules"};
        for (size_t i = 0; i < value.size(); ++i)
            if (auto e = check_rule(value[i], where + "." + key + "[" + std::to_string(i) + "]")) return e;
        return std::nullopt;
    }
    if (key != "equals" && key != "starts_with" && key != "ends_with" && key != "contains" && key != "regex")
        return Error{where + "." + key, "unknown match rule"};
    if (!value.is_string()) return Error{where + "." + key, "expected a string"};
    return std::nullopt;
}

Result<double> read_price(const json& m, const char* key, const std::string& where) {
    auto it = m.find(key);
    if (it == m.end() || it->is_null()) return kUnknown;
    if (!it->is_number()) return Error{where + "." + key, "expected a number"};
    double v = it->get<double>();
    if (!std::isfinite(v) || v < 0) return Error{where + "." + key, "expected a finite number >= 0"};
    return v;
}

Result<ApiModelPrice> read_model(const json& m, const std::string& where) {
    if (!m.is_object()) return Error{where, "expected an object"};
    ApiModelPrice out;
    auto id = read_string(m, "id", where, true);
    if (!id) return id.error();
    out.id = id.value();
    auto name = read_string(m, "name", where, false);
    if (!name) return name.error();
    out.name = name.value();
    auto match = m.find("match");
    if (match == m.end()) return Error{where + ".match", "missing"};
    if (auto e = check_rule(*match, where + ".match")) return *e;
    out.match = *match;
    for (auto [key, member] : {std::pair{"input_usd_per_mtok", &ApiModelPrice::input_usd_per_mtok},
                               {"output_usd_per_mtok", &ApiModelPrice::output_usd_per_mtok},
                               {"cached_input_usd_per_mtok", &ApiModelPrice::cached_input_usd_per_mtok}}) {
        auto v = read_price(m, key, where);
        if (!v) return v.error();
        out.*member = v.value();
    }
    if (!known(out.input_usd_per_mtok) && !known(out.output_usd_per_mtok))
        return Error{where + ".input_usd_per_mtok", "missing (neither input nor output price given)"};
    for (auto [key, member] : {std::pair{"tiered", &ApiModelPrice::tiered},
                               {"conditional", &ApiModelPrice::conditional},
                               {"deprecated", &ApiModelPrice::deprecated}}) {
        auto it = m.find(key);
        if (it == m.end()) continue;
        if (!it->is_boolean()) return Error{where + "." + key, "expected true or false"};
        out.*member = it->get<bool>();
    }
    return out;
}

Result<ApiProvider> read_provider(const json& p, const std::string& where0) {
    if (!p.is_object()) return Error{where0, "expected an object"};
    ApiProvider out;
    auto id = read_string(p, "id", where0, true);
    if (!id) return id.error();
    out.id = id.value();
    std::string where = "providers[" + out.id + "]";
    auto name = read_string(p, "name", where, true);
    if (!name) return name.error();
    out.name = name.value();
    auto url = read_string(p, "pricing_url", where, false);
    if (!url) return url.error();
    out.pricing_url = url.value();
    if (auto pm = p.find("provider_match"); pm != p.end()) {
        if (auto e = check_rule(*pm, where + ".provider_match")) return *e;
        out.provider_match = *pm;
    }
    if (auto fb = p.find("fallback_model_providers"); fb != p.end()) {
        if (!fb->is_array()) return Error{where + ".fallback_model_providers", "expected a list of provider ids"};
        for (const auto& f : *fb) {
            if (!f.is_string()) return Error{where + ".fallback_model_providers", "expected a list of provider ids"};
            out.fallback_model_providers.push_back(f.get<std::string>());
        }
    }
    auto models = p.find("models");
    if (models == p.end() || !models->is_array()) return Error{where + ".models", "missing or not a list"};
    for (size_t i = 0; i < models->size(); ++i) {
        auto m = read_model((*models)[i], where + ".models[" + std::to_string(i) + "]");
        if (!m) return m.error();
        out.models.push_back(std::move(m.value()));
    }
    return out;
}

}  // namespace

Result<ApiPriceTable> load_api_prices(std::string_view json_text) {
    json j = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{"", "api prices: not a JSON object"};
    auto schema = j.find("schema");
    if (schema == j.end() || *schema != "w2t-api-prices/1")
        return Error{"schema", "expected \"w2t-api-prices/1\""};
    ApiPriceTable t;
    auto src = j.find("source");
    if (src == j.end() || !src->is_object()) return Error{"source", "missing or not an object"};
    for (auto [key, member, required] :
         {std::tuple{"package", &ApiPriceSource::package, true}, {"version", &ApiPriceSource::version, true},
          {"data_date", &ApiPriceSource::data_date, false},
          {"data_date_meaning", &ApiPriceSource::data_date_meaning, false},
          {"homepage", &ApiPriceSource::homepage, false}, {"licence", &ApiPriceSource::licence, true},
          {"licence_notice", &ApiPriceSource::licence_notice, false}}) {
        auto v = read_string(*src, key, "source", required);
        if (!v) return v.error();
        t.source.*member = v.value();
    }
    auto providers = j.find("providers");
    if (providers == j.end() || !providers->is_array()) return Error{"providers", "missing or not a list"};
    for (size_t i = 0; i < providers->size(); ++i) {
        auto p = read_provider((*providers)[i], "providers[" + std::to_string(i) + "]");
        if (!p) return p.error();
        t.providers.push_back(std::move(p.value()));
    }
    return t;
}

const ApiPriceTable& builtin_api_prices() {
    static const ApiPriceTable table = [] {
        auto t = load_api_prices(std::string_view(reinterpret_cast<const char*>(embedded::api_prices_json),
                                                  embedded::api_prices_json_size));
        return t ? t.value() : ApiPriceTable{};
    }();
    return table;
}

// [SECTION] match rules
bool price_rule_matches(const json& rule, std::string_view name) {
    if (!rule.is_object() || rule.size() != 1) return false;
    const auto first = rule.begin();  // not *rule.items().begin(): a dangling proxy (ASan)
    const std::string& key = first.key();
    const json& value = first.value();
    if (key == "or") return std::any_of(value.begin(), value.end(), [&](const json& r) { return price_rule_matches(r, name); });
    if (key == "and") return std::all_of(value.begin(), value.end(), [&](const json& r) { return price_rule_matches(r, name); });
    if (!value.is_string()) return false;
    const std::string& v = value.get_ref<const std::string&>();
    if (key == "regex") {
        // The table's regexes are ECMAScript; compiled once each (per thread: no locking).
        thread_local std::map<std::string, std::regex> cache;
        auto it = cache.find(v);
        if (it == cache.end()) it = cache.emplace(v, std::regex(v, std::regex::ECMAScript)).first;
        return std::regex_search(name.begin(), name.end(), it->second);
    }
    std::string n = lower(name), p = lower(v);
    if (key == "equals") return n == p;
    if (key == "starts_with") return n.size() >= p.size() && n.compare(0, p.size(), p) == 0;
    if (key == "ends_with") return n.size() >= p.size() && n.compare(n.size() - p.size(), p.size(), p) == 0;
    if (key == "contains") return n.find(p) != std::string::npos;
    return false;
}

// [SECTION] lookup
Result<const ApiProvider*> find_api_provider(const ApiPriceTable& table, std::string_view provider) {
    std::string p = lower(provider);
    while (!p.empty() && std::isspace(static_cast<unsigned char>(p.back()))) p.pop_back();
    while (!p.empty() && std::isspace(static_cast<unsigned char>(p.front()))) p.erase(p.begin());
    if (p.empty()) return Error{"provider", "empty"};
    for (const auto& pr : table.providers)
        if (pr.id == p) return &pr;
    for (const auto& pr : table.providers)
        if (!pr.provider_match.is_null() && price_rule_matches(pr.provider_match, p)) return &pr;
    return Error{"provider", "no provider \"" + std::string(provider) + "\" in the price table (" +
                                 source_label(table.source) + ")"};
}

namespace {

PriceQuote quote(const ApiPriceTable& t, const ApiProvider& p, const ApiModelPrice& m, std::string matched_by) {
    PriceQuote q;
    q.provider_id = p.id;
    q.provider_name = p.name;
    q.model_id = m.id;
    q.model_name = m.name;
    q.input_usd_per_mtok = m.input_usd_per_mtok;
    q.output_usd_per_mtok = m.output_usd_per_mtok;
    q.cached_input_usd_per_mtok = m.cached_input_usd_per_mtok;
    q.tiered = m.tiered;
    q.conditional = m.conditional;
    q.deprecated = m.deprecated;
    q.matched_by = std::move(matched_by);
    q.source = source_label(t.source);
    return q;
}

const ApiModelPrice* find_model(const ApiProvider& p, std::string_view model, bool exact) {
    std::string m = lower(model);
    for (const auto& mp : p.models)
        if (exact ? lower(mp.id) == m : price_rule_matches(mp.match, model)) return &mp;
    return nullptr;
}

std::optional<Error> check_user(const UserPrice& u) {
    for (auto [key, v] : {std::pair{"input_usd_per_mtok", u.input_usd_per_mtok},
                          {"output_usd_per_mtok", u.output_usd_per_mtok},
                          {"cached_input_usd_per_mtok", u.cached_input_usd_per_mtok}})
        if (!std::isnan(v) && (!std::isfinite(v) || v < 0)) return Error{key, "expected a finite number >= 0"};
        else if (v > kMaxUserUsdPerMtok) return Error{key, "more than $1,000,000 per million tokens: probably a typo"};
    return std::nullopt;
}

}  // namespace

Result<PriceQuote> price_for(const ApiPriceTable& table, std::string_view provider, std::string_view model,
                             const UserPrice& user) {
    if (auto e = check_user(user)) return *e;
    std::optional<PriceQuote> q;
    std::optional<Error> miss;
    if (model.empty()) {
        miss = Error{"model", "empty"};
    } else if (auto p = find_api_provider(table, provider); !p) {
        miss = p.error();
    } else {
        const ApiProvider& pr = *p.value();
        if (auto m = find_model(pr, model, true)) q = quote(table, pr, *m, "id");
        else if (auto m2 = find_model(pr, model, false)) q = quote(table, pr, *m2, "match");
        else {
            for (const auto& fid : pr.fallback_model_providers) {
                auto fp = std::find_if(table.providers.begin(), table.providers.end(),
                                       [&](const ApiProvider& x) { return x.id == fid; });
                if (fp == table.providers.end()) continue;
                const ApiModelPrice* fm = find_model(*fp, model, true);
                if (!fm) fm = find_model(*fp, model, false);
                if (fm) {
                    q = quote(table, *fp, *fm, "fallback:" + fp->id);
                    q->provider_id = pr.id;
                    q->provider_name = pr.name;
                    break;
                }
            }
            if (!q)
                miss = Error{"model", "no model \"" + std::string(model) + "\" of provider \"" + pr.id +
                                          "\" in the price table (" + source_label(table.source) + ")"};
        }
    }
    if (!q) {
        // A pasted price stands on its own when it gives both input and output.
        if (!known(user.input_usd_per_mtok) || !known(user.output_usd_per_mtok)) return *miss;
        PriceQuote u;
        u.provider_id = lower(provider);
        u.model_id = std::string(model);
        u.input_usd_per_mtok = user.input_usd_per_mtok;
        u.output_usd_per_mtok = user.output_usd_per_mtok;
        u.cached_input_usd_per_mtok = user.cached_input_usd_per_mtok;
        u.matched_by = "user";
        u.source = "user";
        return u;
    }
    if (user.any()) {
        if (known(user.input_usd_per_mtok)) q->input_usd_per_mtok = user.input_usd_per_mtok;
        if (known(user.output_usd_per_mtok)) q->output_usd_per_mtok = user.output_usd_per_mtok;
        if (known(user.cached_input_usd_per_mtok)) q->cached_input_usd_per_mtok = user.cached_input_usd_per_mtok;
        q->source = "user + " + q->source;
    }
    return *q;
}

Result<PriceQuote> price_for(std::string_view provider, std::string_view model, const UserPrice& user) {
    return price_for(builtin_api_prices(), provider, model, user);
}

std::vector<PriceQuote> list_api_prices(const ApiPriceTable& table, std::string_view provider,
                                        std::string_view model) {
    std::vector<PriceQuote> out;
    const ApiProvider* only = nullptr;
    if (!provider.empty()) {
        auto p = find_api_provider(table, provider);
        if (!p) return out;
        only = p.value();
    }
    std::string m = lower(model);
    for (const auto& pr : table.providers) {
        if (only && &pr != only) continue;
        for (const auto& mp : pr.models) {
            bool by_id = m.empty() || lower(mp.id).find(m) != std::string::npos;
            if (by_id || price_rule_matches(mp.match, model))
                out.push_back(quote(table, pr, mp, m.empty() || by_id ? "id" : "match"));
        }
    }
    return out;
}

// [SECTION] cost of a usage
Result<UsageCost> cost_of_usage(const PriceQuote& price, const TokenUsage& u) {
    for (auto [key, v] : {std::pair{"input_tokens", u.input_tokens}, {"output_tokens", u.output_tokens},
                          {"cached_input_tokens", u.cached_input_tokens}})
        if (!std::isfinite(v) || v < 0) return Error{key, "expected a finite number >= 0"};
        else if (v > kMaxUsageTokens) return Error{key, "more than 10^15 tokens: not a workload, probably a typo"};
    if (u.cached_input_tokens > u.input_tokens)
        return Error{"cached_input_tokens", "more than input_tokens (cached tokens are part of the input)"};
    double uncached = u.input_tokens - u.cached_input_tokens;
    if (uncached > 0 && !known(price.input_usd_per_mtok))
        return Error{"input_usd_per_mtok", "the price has no input price"};
    if (u.output_tokens > 0 && !known(price.output_usd_per_mtok))
        return Error{"output_usd_per_mtok", "the price has no output price"};
    double cached_price = known(price.cached_input_usd_per_mtok) ? price.cached_input_usd_per_mtok
                                                                 : price.input_usd_per_mtok;
    if (u.cached_input_tokens > 0 && !known(cached_price))
        return Error{"cached_input_usd_per_mtok", "the price has no cached-input or input price"};
    UsageCost c;
    c.usd_input = uncached > 0 ? uncached * price.input_usd_per_mtok / 1e6 : 0;
    c.usd_cached_input = u.cached_input_tokens > 0 ? u.cached_input_tokens * cached_price / 1e6 : 0;
    c.usd_output = u.output_tokens > 0 ? u.output_tokens * price.output_usd_per_mtok / 1e6 : 0;
    c.usd_total = c.usd_input + c.usd_cached_input + c.usd_output;
    double tokens = u.input_tokens + u.output_tokens;
    if (tokens > 0) c.usd_per_1k_tokens = c.usd_total / tokens * 1000;
    if (u.output_tokens > 0) c.usd_per_1k_output_tokens = c.usd_total / u.output_tokens * 1000;
    return c;
}

// [SECTION] JSON out
json to_json(const ApiPriceSource& s) {
    return {{"package", s.package},     {"version", s.version},   {"data_date", s.data_date},
            {"data_date_meaning", s.data_date_meaning}, {"homepage", s.homepage},
            {"licence", s.licence},     {"licence_notice", s.licence_notice}};
}

json to_json(const PriceQuote& q) {
    auto num = [](double v) { return known(v) ? json(v) : json(nullptr); };
    json j = {{"provider", q.provider_id},
              {"provider_name", q.provider_name},
              {"model", q.model_id},
              {"model_name", q.model_name},
              {"input_usd_per_mtok", num(q.input_usd_per_mtok)},
              {"output_usd_per_mtok", num(q.output_usd_per_mtok)},
              {"cached_input_usd_per_mtok", num(q.cached_input_usd_per_mtok)},
              {"input_usd_per_1k_tokens", num(q.input_usd_per_mtok / 1000)},
              {"output_usd_per_1k_tokens", num(q.output_usd_per_mtok / 1000)},
              {"tiered", q.tiered},
              {"conditional", q.conditional},
              {"deprecated", q.deprecated},
              {"matched_by", q.matched_by},
              {"source", q.source}};
    return j;
}

json to_json(const UsageCost& c) {
    auto num = [](double v) { return known(v) ? json(v) : json(nullptr); };
    return {{"usd_input", c.usd_input},
            {"usd_cached_input", c.usd_cached_input},
            {"usd_output", c.usd_output},
            {"usd_total", c.usd_total},
            {"usd_per_1k_tokens", num(c.usd_per_1k_tokens)},
            {"usd_per_1k_output_tokens", num(c.usd_per_1k_output_tokens)}};
}

}  // namespace w2t
