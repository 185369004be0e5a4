// [SECTION] Contents
//   economics options (shared by cost and plan)
//   cost: one scenario from options, or JSON Lines on stdin
//   plan: the cheapest configurations that meet a workload
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iterator>
#include <sstream>

#include "common.hpp"
#include "field_options.hpp"
#include "w2t/cost/equal_latency.hpp"
#include "w2t/cost/planner.hpp"
#include "w2t/cost/sensitivity.hpp"
#include "w2t/cost/tco.hpp"
#include "w2t/json_io.hpp"
#include "w2t/perf/estimate_json.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli {
namespace {

using nlohmann::json;

// [SECTION] economics options
constexpr FieldOption kEconomicsFields[] = {
    {"usd-per-accelerator-hour", "usd_per_accelerator_hour", true},
    {"usd-per-accelerator", "usd_per_accelerator", true},
    {"host-share", "host_share", true},
    {"depreciation-years", "depreciation_years", true},
    {"cost-of-capital", "cost_of_capital", true},
    {"operations-share-per-year", "operations_share_per_year", true},
    {"accelerator-power-w", "accelerator_power_w", true},
    {"system-power-factor", "system_power_factor", true},
    {"power-utilisation", "power_utilisation", true},
    {"pue", "pue", true},
    {"usd-per-kwh", "usd_per_kwh", true},
    {"datacenter-usd-per-mw", "datacenter_usd_per_mw", true},
    {"datacenter-years", "datacenter_years", true},
    {"power-budget-mw", "power_budget_mw", true},
    {"preset", "economics_preset", false},
};

const std::vector<OptionSpec> kEconomicsOptions = {
    {"preset", "name", "owned-hardware (default) or cloud-rental"},
    {"usd-per-accelerator-hour", "usd", "rental rate per accelerator-hour (implies cloud-rental)"},
    {"usd-per-accelerator", "usd", "purchase price per accelerator (default: the catalogue's price_usd)"},
    {"host-share", "x", "host + networking, fraction of the accelerator price (default 0.227)"},
    {"depreciation-years", "years", "hardware life (default 5)"},
    {"cost-of-capital", "x", "annual rate as a fraction, 0.08 = 8 % (default 0.08)"},
    {"operations-share-per-year", "x", "operations per year, fraction of capex (default 0.05)"},
    {"accelerator-power-w", "W", "power per accelerator (default: the catalogue's TDP)"},
    {"system-power-factor", "x", "system W per accelerator W: host, fans, switches (default 1.79)"},
    {"power-utilisation", "x", "average draw, fraction of maximum (default 0.7)"},
    {"pue", "x", "facility power / IT power (default 1.58)"},
    {"usd-per-kwh", "usd", "electricity price (default 0.0806, US industrial)"},
    {"datacenter-usd-per-mw", "usd", "datacenter build cost per MW of IT (default 10700000)"},
    {"datacenter-years", "years", "datacenter life (default 20)"},
    {"power-budget-mw", "MW", "site power budget: how many systems fit, their tok/s (750, 2000: the article's)"},
};

// Writes the economics options given into `j` (errors name the option).
std::optional<Error> apply_economics_options(const ParsedArgs& args, json& j) {
    return apply_field_options(args, kEconomicsFields, j);
}

// [SECTION] cost
std::vector<OptionSpec> cost_options() {
    std::vector<OptionSpec> o = {
        {"jsonl", "", "read JSON Lines on stdin (w2t estimate --jsonl lines + economics fields)"},
        {"defaults", "", "print the economics defaults with their sources (JSON) and exit"},
        {"tornado", "", "add `tornado`: $/M output tokens with each assumption at the low and high end of its range"},
        {"hardware-id", "id", "accelerator (see w2t estimate --list)"},
        {"accelerator-count", "n", "chips in the system (0 or absent: the fewest that hold the model)"},
        {"model-id", "id", "model"},
        {"precision", "p", "weights: fp16, bf16, fp8, fp4, int8, int4, q4_0, q8_0"},
        {"scenario", "s", "offline, server, interactive, single-stream, fixed-batch"},
        {"input-tokens", "n", "prompt length (mean)"},
        {"output-tokens", "n", "generated tokens (mean)"},
        {"concurrency", "n", "requests in flight"},
        {"framework", "name", "serving stack"},
        {"kv-precision", "p", "KV cache precision"},
        {"tensor-parallel", "n", "tensor-parallel size"},
        {"pipeline-parallel", "n", "pipeline-parallel size"},
        {"ttft-limit-ms", "ms", "server/interactive TTFT limit"},
        {"tpot-limit-ms", "ms", "server/interactive TPOT limit"},
        {"equal-latency", "", "compare --chips at an equal per-user speed (--per-user-tok-s); see above"},
        {"chips", "list", "with --equal-latency: id:count,... (count 0 = the fewest that fit), the first the reference"},
        {"per-user-tok-s", "tok/s", "with --equal-latency: the per-user output speed every chip must reach"},
    };
    o.insert(o.end(), kEconomicsOptions.begin(), kEconomicsOptions.end());
    o.push_back({"input", "file", "the scenario and economics as one JSON object ('-' = stdin); options override it"});
    o.push_back(gate_option("usd_per_mtok_output<=0.5"));
    o.push_back({"pretty", "", "indent the JSON output"});
    o.push_back({"help", "", "show this help"});
    return o;
}

const char* kCostHelp =
    "Usage: w2t cost [estimate options] [economics options]\n"
    "       w2t estimate --jsonl < s.jsonl | w2t cost --jsonl [economics options]\n\n"
    "What a system costs per hour (rented, or owned: capital with cost of capital,\n"
    "power x utilisation x PUE x $/kWh, datacenter build per MW amortised, operations)\n"
    "and, with the performance model's throughput, per token (docs/cost-model.md):\n"
    "  usd_per_hour         the whole system, per wall-clock hour\n"
    "  usd_per_mtok_output  the hour's cost over its output tokens (all cost on output)\n"
    "  usd_per_mtok_input   the hour's cost over every token, input and output alike\n"
    "  usd_per_1k_tokens    the same per 1,000 tokens (input + output)\n"
    "  tokens_per_joule     output tokens per joule of facility energy (PUE included)\n"
    "  kw_per_system        average facility draw of one system\n"
    "Every default is sourced in catalogue/economics.json (w2t cost --defaults).\n"
    "--tornado adds the sensitivity: each assumption (price, depreciation, cost of capital,\n"
    "$/kWh, PUE, utilisation, datacenter $/MW, operations; or the rental rate) and the\n"
    "model's throughput moved to the ends of its range (the sourced range in\n"
    "economics.json, else +-25 %; throughput +-30 %), largest swing first.\n\n"
    "--jsonl reads the lines of `w2t estimate --jsonl` (or its input lines) plus any\n"
    "economics fields (usd_per_accelerator_hour, usd_per_accelerator, depreciation_years,\n"
    "pue, usd_per_kwh, ...; economics options on the command line are defaults for every\n"
    "line). Each output line is the line plus the estimate outputs and the cost outputs; a\n"
    "line that cannot be evaluated becomes {\"line\": N, \"error\": \"...\"} and the rest go\n"
    "on (exit 1 at the end).\n\n"
    "--equal-latency compares --chips serving --model-id at one per-user output speed\n"
    "(--per-user-tok-s; --ttft-limit-ms optional): each chip at the highest concurrency\n"
    "that still meets it, with its system tok/s, $/M output tokens, tok/s per MW, what\n"
    "binds, ratios against the first chip, and the article's published cost-per-token\n"
    "claim beside ours (source or \"unsourced\", `disagrees` when > 30 % apart). --gate\n"
    "applies to every row (a chip that cannot reach the target fails it).\n\n"
    "Options:\n";

constexpr const char* kEstimateKeys[] = {"system_output_tok_s", "per_user_output_tok_s", "ttft_ms", "tpot_ms",
                                         "e2e_latency_s", "system_total_tok_s", "bottleneck"};

// The line's own text with the outputs appended before its closing brace; declines
// (false) when the line already holds an output key (the DOM path replaces it).
bool append_outputs(const std::string& line, const json& parsed, const EstimateResult& r, const CostResult& c,
                    std::string& out) {
    for (const char* key : kEstimateKeys)
        if (parsed.contains(key)) return false;
    for (const std::string& key : cost_summary_keys())
        if (parsed.contains(key)) return false;
    const size_t close = line.find_last_of('}');
    if (close == std::string::npos) return false;
    out.append(line, 0, close);
    bool first = parsed.empty();
    auto key = [&](const char* k) {
        out += first ? "\"" : ",\"";
        first = false;
        out += k;
        out += "\":";
    };
    const double estimate_values[] = {r.system_output_tok_s, r.per_user_output_tok_s, r.ttft_ms, r.tpot_ms,
                                      r.e2e_latency_s, r.system_total_tok_s};
    for (size_t i = 0; i < std::size(estimate_values); ++i) key(kEstimateKeys[i]), append_json_number(out, estimate_values[i]);
    key("bottleneck");
    out += json(r.bottleneck).dump();
    const TokenCost& t = c.tokens;
    const double cost_values[] = {t.usd_per_hour,     t.usd_per_mtok_output, t.usd_per_mtok_input,
                                  t.tokens_per_joule, t.usd_per_1k_tokens,   t.kw_per_system};
    for (size_t i = 0; i < std::size(cost_values); ++i)
        key(cost_summary_keys()[i].c_str()), append_json_number(out, cost_values[i]);
    out += "}\n";
    return true;
}

int cost_jsonl(const ParsedArgs& args, Io& io, const std::vector<Gate>& gates) {
    json defaults = json::object();
    if (auto e = apply_economics_options(args, defaults)) return usage_error(io, "cost", *e);
    if (auto d = economics_input_from_json(defaults); !d)
        return usage_error(io, "cost", with_option_name(d.error(), kEconomicsFields));
    const Catalogue& catalogue = builtin_catalogue();
    std::string line, out;
    size_t number = 0;
    bool any_error = false, any_gate_failed = false;
    while (std::getline(io.in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto fail = [&](const Error& e) {
            any_error = true;
            // A parse error quotes the line's bytes, which need not be UTF-8 (dump() would throw).
            out += json{{"line", number}, {"error", e.to_string()}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        };
        auto j = parse_json(line);
        if (!j) { fail(j.error()); continue; }
        if (!j->is_object()) { fail(Error{"", std::string("expected a JSON object, got ") + j->type_name()}); continue; }
        auto in = estimate_input_from_json(*j);
        if (!in) { fail(in.error()); continue; }
        json econ_json = defaults;
        // A line's rental rate or purchase price replaces the command line's other one.
        if (j->contains("usd_per_accelerator")) econ_json.erase("usd_per_accelerator_hour");
        if (j->contains("usd_per_accelerator_hour")) econ_json.erase("usd_per_accelerator");
        for (const std::string& key : economics_input_keys())
            if (auto it = j->find(key); it != j->end()) econ_json[key] = *it;
        auto econ = economics_input_from_json(econ_json);
        if (!econ) { fail(econ.error()); continue; }
        auto r = estimate(*in, catalogue);
        if (!r) { fail(r.error()); continue; }
        auto c = cost(*r, *econ, catalogue);
        if (!c) { fail(c.error()); continue; }
        if (gates.empty() && append_outputs(line, *j, *r, *c, out)) {
            if (out.size() > (1 << 16)) io.out << out, out.clear();
            continue;
        }
        json& result = j.value();
        add_summary(*r, result);
        add_cost_summary(*c, result);
        const int code = apply_line_gates(io, "cost", gates, result, number);
        if (code == kUsageError) {  // a gate on a field the results do not have
            io.out << out;
            return kUsageError;
        }
        if (code == kGateFailed) any_gate_failed = true;
        out += result.dump();
        out += '\n';
        if (out.size() > (1 << 16)) io.out << out, out.clear();
    }
    io.out << out;
    return any_error ? kDataError : any_gate_failed ? kGateFailed : kOk;
}

// [SECTION] plan
const std::vector<OptionSpec>& plan_options() {
    static const std::vector<OptionSpec> o = [] {
        std::vector<OptionSpec> v = {
            {"model-id", "id", "the model to serve (required)"},
            {"requests-per-s", "n", "arrival rate of requests (required)"},
            {"input-tokens", "n", "mean prompt length (default 1000)"},
            {"output-tokens", "n", "mean output length (default 1000)"},
            {"ttft-p95-ms", "ms", "p95 time-to-first-token target (required)"},
            {"tpot-p95-ms", "ms", "p95 time-per-output-token target (required)"},
            {"budget-usd-per-hour", "usd", "optional: the fleet's cost per hour must not exceed it"},
            {"budget-usd-per-mtok-output", "usd", "optional: cost per million output tokens must not exceed it"},
            {"framework", "name", "serving stack (default tensorrt-llm)"},
            {"hardware-ids", "list", "chips to consider, comma-separated (default: every catalogue chip)"},
            {"precisions", "list", "weight precisions (default bf16,fp8,fp4,int4)"},
            {"counts", "list", "accelerators per system (default 1,2,4,...,128)"},
            {"concurrency-caps", "list", "requests in flight per system (default 1,2,4,8,12,...,1024)"},
            {"max-systems", "n", "reject configurations needing more systems (default 100000)"},
            {"top", "n", "configurations to list (default 10)"},
            {"all-rejections", "", "list every rejected configuration with its reason"},
        };
        v.insert(v.end(), kEconomicsOptions.begin(), kEconomicsOptions.end());
        v.push_back({"input", "file", "the workload (and economics_by_hardware) as JSON ('-' = stdin); options override it"});
        v.push_back(gate_option("usd_per_mtok_output<=0.5"));
        v.push_back({"pretty", "", "indent the JSON output"});
        v.push_back({"help", "", "show this help"});
        return v;
    }();
    return o;
}

constexpr FieldOption kPlanFields[] = {
    {"model-id", "model_id", false},
    {"requests-per-s", "requests_per_s", true},
    {"input-tokens", "input_tokens", true},
    {"output-tokens", "output_tokens", true},
    {"ttft-p95-ms", "ttft_p95_ms", true},
    {"tpot-p95-ms", "tpot_p95_ms", true},
    {"budget-usd-per-hour", "budget_usd_per_hour", true},
    {"budget-usd-per-mtok-output", "budget_usd_per_mtok_output", true},
    {"framework", "framework", false},
    {"max-systems", "max_systems", true},
    {"top", "top", true},
};
constexpr FieldOption kPlanLists[] = {
    {"hardware-ids", "hardware_ids", false},
    {"precisions", "precisions", false},
    {"counts", "counts", true},
    {"concurrency-caps", "concurrency_caps", true},
};

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream s(text);
    std::string part;
    while (std::getline(s, part, ','))
        if (!part.empty()) parts.push_back(part);
    return parts;
}

const char* kPlanHelp =
    "Usage: w2t plan --model-id ID --requests-per-s N --ttft-p95-ms MS --tpot-p95-ms MS [options]\n\n"
    "Searches chips x accelerators per system x precisions x concurrency caps (11,264\n"
    "configurations by default) for the cheapest that serve the workload within its p95\n"
    "TTFT and TPOT targets (and budget), each sized to the fewest systems that meet them.\n"
    "Prints the cheapest configurations (chip, count, layout, concurrency cap, systems,\n"
    "p95 latencies, $/hour, $/M tokens), the cost-vs-TPOT frontier, why each rejected\n"
    "option fails (by chip: counts by reason and the nearest miss), and how long the\n"
    "search took. The cheapest configuration's figures are also top-level fields for\n"
    "--gate. No configuration meets the workload: exit 1 (the reasons are printed).\n"
    "Method and approximations: docs/cost-model.md.\n\nOptions:\n";

// [SECTION] cost --equal-latency: chips compared at one per-user speed
// The scenario options that have no meaning here (each chip's concurrency is searched).
constexpr const char* kNotWithEqualLatency[] = {"hardware-id", "accelerator-count", "scenario", "concurrency",
                                                 "kv-precision", "tensor-parallel", "pipeline-parallel",
                                                 "tpot-limit-ms", "jsonl", "tornado", "input"};

int cost_equal_latency(const ParsedArgs& args, Io& io, const std::vector<Gate>& gates) {
    for (const char* option : kNotWithEqualLatency)
        if (args.has(option))
            return usage_error(io, "cost", Error{std::string("--") + option,
                                                 "not used with --equal-latency (each chip's concurrency is searched; "
                                                 "give --chips id:count,...)"});
    EqualLatencyInput in;
    auto chips_text = args.get("chips");
    if (!chips_text) return usage_error(io, "cost", Error{"--chips", "missing (required with --equal-latency)"});
    auto chips = parse_chip_list(*chips_text);
    if (!chips) return usage_error(io, "cost", Error{"--chips", chips.error().message});
    in.chips = *chips;
    auto model = args.get("model-id");
    if (!model) return usage_error(io, "cost", Error{"--model-id", "missing (required with --equal-latency)"});
    in.model_id = *model;
    if (!args.has("per-user-tok-s"))
        return usage_error(io, "cost", Error{"--per-user-tok-s", "missing (required with --equal-latency)"});
    if (auto p = args.get("precision")) {
        auto precision = parse_precision(*p);
        if (!precision) return usage_error(io, "cost", Error{"--precision", precision.error().message});
        in.precision = *precision;
    }
    if (auto f = args.get("framework")) in.framework = *f;
    for (auto [option, member] : {std::pair{"per-user-tok-s", &EqualLatencyInput::per_user_tok_s},
                                  {"input-tokens", &EqualLatencyInput::input_tokens},
                                  {"output-tokens", &EqualLatencyInput::output_tokens},
                                  {"ttft-limit-ms", &EqualLatencyInput::ttft_limit_ms}}) {
        auto v = args.number(option);
        if (!v) continue;
        if (!*v) return usage_error(io, "cost", v->error());
        in.*member = v->value();
    }
    json econ_json = json::object();
    if (auto e = apply_economics_options(args, econ_json)) return usage_error(io, "cost", *e);
    auto econ = economics_input_from_json(econ_json);
    if (!econ) return usage_error(io, "cost", with_option_name(econ.error(), kEconomicsFields));
    in.economics = *econ;
    auto result = equal_latency(in);
    if (!result) {
        Error e = result.error();
        for (auto [field, option] : {std::pair{"chips", "--chips"}, {"model_id", "--model-id"},
                                     {"per_user_tok_s", "--per-user-tok-s"}, {"ttft_limit_ms", "--ttft-limit-ms"},
                                     {"input_tokens", "--input-tokens"}, {"output_tokens", "--output-tokens"}})
            if (e.field == field) e.field = option;
        return usage_error(io, "cost", e);
    }
    json out = to_json(*result);
    // Gates hold for every row: a chip that errs or cannot reach the target fails them.
    int code = kOk;
    if (!gates.empty()) {
        for (size_t i = 0; i < result->rows.size(); ++i) {
            const EqualLatencyRow& row = result->rows[i];
            json& row_json = out["rows"][i];
            const std::string who = row.hardware_id + ":" + std::to_string(row.accelerator_count);
            if (row.error || !row.reachable) {
                io.err << "w2t cost: " << who << ": gates failed: "
                       << (row.error ? row.error->to_string() : row.binds) << "\n";
                row_json["gates_passed"] = false;
                code = kGateFailed;
                continue;
            }
            std::ostringstream quiet;
            Io gate_io{io.in, io.out, quiet};
            const int gate_code = apply_gates(gate_io, "cost", gates, row_json);
            if (gate_code == kUsageError && row.price_error) {  // its cost fields are null: a failure, not a typo
                io.err << "w2t cost: " << who << ": gates failed: " << row.price_error->to_string() << "\n";
                row_json["gates_passed"] = false;
                code = kGateFailed;
                continue;
            }
            if (gate_code == kUsageError) {
                io.err << quiet.str();
                return kUsageError;
            }
            row_json["gates_passed"] = gate_code == kOk;
            if (gate_code == kGateFailed) {
                code = kGateFailed;
                // "w2t cost: gate failed: ..." lines, each naming the chip.
                std::string text = quiet.str();
                const std::string prefix = "w2t cost: ";
                for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + prefix.size()))
                    text.insert(at + prefix.size(), who + ": ");
                io.err << text;
            }
        }
    }
    io.out << out.dump(args.has("pretty") ? 2 : -1) << "\n";
    return code;
}

}  // namespace

int cmd_cost(const std::vector<std::string>& args, Io& io) {
    const std::vector<OptionSpec> specs = cost_options();
    auto parsed = parse_args(args, specs);
    if (!parsed) return usage_error(io, "cost", parsed.error());
    if (parsed->has("help")) {
        io.out << kCostHelp << options_help(specs)
               << "\nExamples:\n"
                  "  w2t cost --hardware-id b200 --accelerator-count 8 --model-id llama-3.1-70b --precision fp8 \\\n"
                  "           --scenario offline --input-tokens 1000 --output-tokens 1000\n"
                  "  w2t cost ... --usd-per-accelerator-hour 2 --gate 'usd_per_mtok_output<=0.5'\n"
                  "  w2t estimate --jsonl < scenarios.jsonl | w2t cost --jsonl --preset cloud-rental\n";
        return kOk;
    }
    if (parsed->has("defaults")) {
        io.out << to_json(builtin_economics()).dump(parsed->has("pretty") ? 2 : -1) << "\n";
        return kOk;
    }
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, "cost", gates.error());
    if (parsed->has("equal-latency")) return cost_equal_latency(*parsed, io, *gates);
    for (const char* only : {"chips", "per-user-tok-s"})
        if (parsed->has(only)) return usage_error(io, "cost", Error{std::string("--") + only, "only with --equal-latency"});
    if (parsed->has("jsonl")) {
        for (const FieldOption& f : kEstimateFields)
            if (parsed->has(f.option))
                return usage_error(io, "cost", Error{std::string("--") + f.option, "not used with --jsonl (put it in each line)"});
        if (parsed->has("input")) return usage_error(io, "cost", Error{"--input", "not used with --jsonl"});
        if (parsed->has("tornado")) return usage_error(io, "cost", Error{"--tornado", "not used with --jsonl"});
        return cost_jsonl(*parsed, io, *gates);
    }
    json j = json::object();
    if (auto path = parsed->get("input")) {
        auto text = read_text(*path, io.in, "--input");
        if (!text) return usage_error(io, "cost", text.error());
        auto file = parse_json(*text);
        if (!file) return usage_error(io, "cost", Error{"--input", file.error().message});
        if (!file->is_object()) return usage_error(io, "cost", Error{"--input", "expected a JSON object"});
        j = *file;
    }
    if (auto e = apply_field_options(*parsed, kEstimateFields, j)) return usage_error(io, "cost", *e);
    if (auto e = apply_economics_options(*parsed, j)) return usage_error(io, "cost", *e);
    auto named = [](Error e) { return with_option_name(with_option_name(std::move(e), kEstimateFields), kEconomicsFields); };
    auto in = estimate_input_from_json(j);
    if (!in) return usage_error(io, "cost", named(in.error()));
    if (auto e = check_estimate_input(*in, builtin_catalogue())) return usage_error(io, "cost", named(*e));
    auto econ = economics_input_from_json(j);
    if (!econ) return usage_error(io, "cost", named(econ.error()));
    auto r = estimate(*in, builtin_catalogue());
    if (!r) return data_error(io, "cost", named(r.error()));
    // The economics' own faults (a missing price, a value out of range) are usage errors;
    // a throughput the model cannot price is a data error.
    auto system = system_cost(in->hardware_id, r->layout.chips, *econ);
    if (!system) return usage_error(io, "cost", named(system.error()));
    auto tokens = token_cost(*system, throughput_of(*r), econ->power_budget_mw);
    if (!tokens) return data_error(io, "cost", tokens.error());
    json out = summary_json(*r);
    json c = to_json(CostResult{*system, *tokens});
    for (auto it = c.begin(); it != c.end(); ++it) out[it.key()] = it.value();
    out["layout"] = r->layout.description;
    out["concurrency"] = r->concurrency;
    json input = to_json(r->input);
    json econ_in = to_json(*econ);
    for (auto it = econ_in.begin(); it != econ_in.end(); ++it) input[it.key()] = it.value();
    out["input"] = input;
    if (parsed->has("tornado")) {
        auto tornado = cost_sensitivity(in->hardware_id, r->layout.chips, *econ, throughput_of(*r));
        if (!tornado) return data_error(io, "cost", named(tornado.error()));
        out["tornado"] = to_json(*tornado);
    }
    return print_with_gates(io, "cost", *parsed, out);
}

int cmd_plan(const std::vector<std::string>& args, Io& io) {
    const auto& specs = plan_options();
    auto parsed = parse_args(args, specs);
    if (!parsed) return usage_error(io, "plan", parsed.error());
    if (parsed->has("help")) {
        io.out << kPlanHelp << options_help(specs)
               << "\nExample:\n"
                  "  w2t plan --model-id llama-3.1-70b --requests-per-s 20 --input-tokens 1000 --output-tokens 500 \\\n"
                  "           --ttft-p95-ms 1000 --tpot-p95-ms 50 --gate 'usd_per_mtok_output<=2'\n";
        return kOk;
    }
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, "plan", gates.error());
    json j = json::object();
    if (auto path = parsed->get("input")) {
        auto text = read_text(*path, io.in, "--input");
        if (!text) return usage_error(io, "plan", text.error());
        auto file = parse_json(*text);
        if (!file) return usage_error(io, "plan", Error{"--input", file.error().message});
        if (!file->is_object()) return usage_error(io, "plan", Error{"--input", "expected a JSON object"});
        j = *file;
    }
    for (const FieldOption& f : kPlanFields) {
        auto text = parsed->get(f.option);
        if (!text) continue;
        if (f.numeric) {
            auto v = parsed->number(f.option);
            if (!*v) return usage_error(io, "plan", v->error());
            if (std::string(f.field) == "top") j[f.field] = int(v->value());
            else j[f.field] = v->value();
        } else {
            j[f.field] = *text;
        }
    }
    for (const FieldOption& f : kPlanLists) {
        auto text = parsed->get(f.option);
        if (!text) continue;
        json list = json::array();
        for (const std::string& part : split_list(*text)) {
            if (!f.numeric) {
                list.push_back(part);
                continue;
            }
            char* end = nullptr;
            const double v = std::strtod(part.c_str(), &end);
            if (end != part.c_str() + part.size() || !std::isfinite(v))
                return usage_error(io, "plan", Error{std::string("--") + f.option, "'" + part + "' is not a number"});
            list.push_back(v);
        }
        if (list.empty())  // "--counts ,," must not quietly mean "the default list"
            return usage_error(io, "plan", Error{std::string("--") + f.option, "the list is empty"});
        j[f.field] = list;
    }
    if (auto e = apply_economics_options(*parsed, j)) return usage_error(io, "plan", *e);
    auto named = [](Error e) {
        return with_option_name(with_option_name(with_option_name(std::move(e), kPlanFields), kPlanLists),
                                kEconomicsFields);
    };
    for (const char* required : {"model_id", "requests_per_s", "ttft_p95_ms", "tpot_p95_ms"})
        if (!j.contains(required)) return usage_error(io, "plan", named(Error{required, "missing (required)"}));
    auto in = plan_input_from_json(j);
    if (!in) return usage_error(io, "plan", named(in.error()));
    PlanInput input = *in;
    input.keep_rejected = parsed->has("all-rejections");
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    auto result = plan(input);
    const double cpu_seconds = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!result) return usage_error(io, "plan", named(result.error()));
    json out = to_json(*result);
    out["search_ms"] = seconds * 1e3;  // wall clock
    out["search_cpu_ms"] = cpu_seconds * 1e3;  // this process's CPU time (apart from other load)
    out["configurations_per_s"] = seconds > 0 ? result->configurations_searched / seconds : 0.0;
    if (result->feasible == 0) {
        io.out << out.dump(parsed->has("pretty") ? 2 : -1) << "\n";
        io.err << "w2t plan: no configuration meets the workload (of " << result->configurations_searched
               << " searched); see rejected_by_hardware for why\n";
        return kDataError;
    }
    return print_with_gates(io, "plan", *parsed, out);
}

}  // namespace w2t::cli
