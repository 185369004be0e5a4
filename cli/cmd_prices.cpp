// w2t prices: the API price table (catalogue/api_prices.json, from the npm package
// @pydantic/genai-prices, embedded at build time) - list, look up, and price a usage.
#include <string>
#include <tuple>
#include <vector>

#include "common.hpp"
#include "w2t/cost/prices.hpp"

namespace w2t::cli {
namespace {

using nlohmann::json;

const char* const kPricesHelp =
    "Usage: w2t prices [options]\n"
    "\n"
    "API prices per provider and model, in US dollars per million tokens (and per 1K),\n"
    "from the npm package @pydantic/genai-prices; the output names its version and date.\n"
    "Without --model: every model of --provider (or of all providers). With --provider\n"
    "and --model: also \"price\", the one the lookup picks (exact id, then the package's\n"
    "match rules, then fallback providers), and with token counts its \"cost\":\n"
    "usd_total, usd_per_1k_tokens (per 1000 input + output tokens), usd_per_1k_output_tokens.\n"
    "A pasted price (--input-usd-per-mtok ...) overrides the table's, or stands alone\n"
    "for a provider/model the table lacks when it gives input and output.\n"
    "\n"
    "Options:\n";

const std::vector<OptionSpec>& prices_options() {
    static const std::vector<OptionSpec> specs = {
        {"provider", "id", "provider id (cerebras, groq, openai, ...) or a name its rule matches"},
        {"model", "id", "model id or name (list: id contains it, or its match rule matches)"},
        {"input-tokens", "n", "with --provider and --model: input tokens of a workload\n"
                              "(including cached ones), e.g. summed from w2t probe usage"},
        {"output-tokens", "n", "output tokens of the workload"},
        {"cached-input-tokens", "n", "the part of the input read from the prompt cache"},
        {"input-usd-per-mtok", "usd", "your input price (overrides the table)"},
        {"output-usd-per-mtok", "usd", "your output price (overrides the table)"},
        {"cached-input-usd-per-mtok", "usd", "your cached-input price (overrides the table)"},
        gate_option("usd_per_1k_tokens<=0.002"),
        {"pretty", "", "indent the JSON output"},
        {"help", "", "show this help"},
    };
    return specs;
}

// Core field names -> this command's options, for error messages.
Error named(Error e) {
    static const std::pair<const char*, const char*> names[] = {
        {"provider", "--provider"},
        {"model", "--model"},
        {"input_tokens", "--input-tokens"},
        {"output_tokens", "--output-tokens"},
        {"cached_input_tokens", "--cached-input-tokens"},
        {"input_usd_per_mtok", "--input-usd-per-mtok"},
        {"output_usd_per_mtok", "--output-usd-per-mtok"},
        {"cached_input_usd_per_mtok", "--cached-input-usd-per-mtok"}};
    for (auto [field, option] : names)
        if (e.field == field) e.field = option;
    return e;
}

}  // namespace

int cmd_prices(const std::vector<std::string>& args, Io& io) {
    const auto& specs = prices_options();
    auto parsed = parse_args(args, specs);
    if (!parsed) return usage_error(io, "prices", parsed.error());
    if (parsed->has("help")) {
        io.out << kPricesHelp << options_help(specs)
               << "\nExamples:\n"
                  "  w2t prices --provider groq --pretty\n"
                  "  w2t prices --provider cerebras --model gpt-oss-120b --input-tokens 1000 --output-tokens 500\n";
        return kOk;
    }
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, "prices", gates.error());

    const ApiPriceTable& table = builtin_api_prices();
    std::string provider = parsed->get("provider").value_or("");
    std::string model = parsed->get("model").value_or("");

    UserPrice user;
    TokenUsage usage;
    bool has_usage = false;
    for (auto [option, target, is_usage] :
         {std::tuple{"input-usd-per-mtok", &user.input_usd_per_mtok, false},
          {"output-usd-per-mtok", &user.output_usd_per_mtok, false},
          {"cached-input-usd-per-mtok", &user.cached_input_usd_per_mtok, false},
          {"input-tokens", &usage.input_tokens, true},
          {"output-tokens", &usage.output_tokens, true},
          {"cached-input-tokens", &usage.cached_input_tokens, true}}) {
        if (auto v = parsed->number(option)) {
            if (!*v) return usage_error(io, "prices", v->error());
            *target = v->value();
            has_usage = has_usage || is_usage;
        }
    }
    if ((user.any() || has_usage) && (provider.empty() || model.empty()))
        return usage_error(io, "prices", Error{provider.empty() ? "--provider" : "--model",
                                               "required with prices or token counts"});

    json out;
    out["source"] = to_json(table.source);
    json list = json::array();
    if (!provider.empty()) {
        if (auto p = find_api_provider(table, provider); !p && !(user.any() && !model.empty()))
            return usage_error(io, "prices", named(p.error()));
    }
    for (const auto& q : list_api_prices(table, provider, model)) list.push_back(to_json(q));
    out["count"] = list.size();
    out["prices"] = std::move(list);

    if (!provider.empty() && !model.empty()) {
        auto q = price_for(table, provider, model, user);
        if (!q) return usage_error(io, "prices", named(q.error()));
        out["price"] = to_json(q.value());
        if (has_usage) {
            auto c = cost_of_usage(q.value(), usage);
            if (!c) return usage_error(io, "prices", named(c.error()));
            json cj = to_json(c.value());
            out["cost"] = cj;
            // Top level too, for --gate.
            for (auto it = cj.begin(); it != cj.end(); ++it) out[it.key()] = it.value();
            out["usage"] = {{"input_tokens", usage.input_tokens},
                            {"output_tokens", usage.output_tokens},
                            {"cached_input_tokens", usage.cached_input_tokens}};
        }
    }
    return print_with_gates(io, "prices", *parsed, out);
}

}  // namespace w2t::cli
