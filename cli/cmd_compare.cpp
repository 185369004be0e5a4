// [SECTION] Contents
//   options and help
//   baseline: a request log (JSONL) -> one row
//   measured: the probe's machinery per provider -> one row each
//   predicted: estimate() (and the cost model) for providers naming a chip and model
//   output: table, Markdown, CSV, JSON; the better value per column marked
//   cmd_compare
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <sstream>

#include "common.hpp"
#include "probe_run.hpp"
#include "w2t/catalogue/catalogue.hpp"
#include "w2t/compare/table.hpp"
#include "w2t/cost/prices.hpp"
#include "w2t/cost/tco.hpp"
#include "w2t/json_io.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/probe/metrics.hpp"

namespace w2t::cli {
namespace {

using nlohmann::json;
using probe::RequestRecord;
using namespace probe_run;

constexpr const char* kCommand = "compare";

// [SECTION] options and help
const std::vector<OptionSpec> kCompareOptions = {
    {"workload", "file", "the probe's workload file; providers may add \"price\", \"hardware_id\",\n"
                         "                              \"accelerator_count\", \"model_id\" (see below)"},
    {"baseline", "file", "your current numbers: a request log, one JSON object a line ('-' = stdin)"},
    {"baseline-ttft-p50-ms", "ms", "your current numbers typed in (instead of a log): p50 TTFT"},
    {"baseline-ttft-p95-ms", "ms", "typed-in p95 TTFT"},
    {"baseline-e2e-p95-ms", "ms", "typed-in p95 end-to-end latency"},
    {"baseline-tok-s", "tok/s", "typed-in median output tokens per second"},
    {"baseline-usd-per-1k", "usd", "typed-in cost per 1K tokens (input + output)"},
    {"baseline-requests", "n", "how many requests the typed-in numbers rest on"},
    {"prompts-from-baseline", "", "send the prompts the --baseline log carries (\"prompt\" or \"messages\")\n"
                                  "                              to each provider instead of the workload's"},
    {"prompts", "file", "send these prompts instead of the workload's: JSONL, {\"prompt\": TEXT} or\n"
                        "                              {\"messages\": [...]} a line"},
    {"max-prompts", "n", "use at most this many prompts from the log or file (default 20)"},
    {"sort", "key", "order the providers by p95 (ttft p95), e2e, cost or speed (default: the file's order)"},
    {"max-tokens", "n", "override the workload's max_tokens"},
    {"runs", "n", "override the workload's runs (requests per prompt)"},
    {"concurrency", "n", "override the workload's concurrency, 1-256"},
    {"timeout-s", "s", "give up on a request after this long (default 120)"},
    {"idle-timeout-s", "s", "give up when no byte arrived for this long (default 30)"},
    {"connect-timeout-s", "s", "give up connecting after this long (default 10)"},
    {"json", "", "print JSON: {\"rows\": [...]}"},
    {"csv", "", "print one CSV row per row"},
    {"markdown", "", "print a Markdown table (to paste in a PR or a post)"},
    gate_option("ttft_p95_ms<=800"),
    {"quiet", "", "no progress lines on stderr"},
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

const char* kCompareHelp =
    "Usage: w2t compare --workload FILE [--baseline LOG [--prompts-from-baseline]]\n"
    "                   [--baseline-ttft-p95-ms MS ...] [--prompts FILE] [--sort p95|e2e|cost|speed]\n"
    "                   [--json | --csv | --markdown] [--gate EXPR]...\n\n"
    "Your numbers, any provider's and what the models predict, side by side: the\n"
    "baseline from your request log, every provider of the workload measured with the\n"
    "same prompts (as w2t probe does), and for providers naming a chip and a model the\n"
    "performance and cost models' prediction. Progress on stderr, the table on stdout.\n\n"
    "Options:\n";

const char* kCompareHelpTail =
    "\nWorkload file: w2t probe's (w2t probe --help), each provider optionally with\n"
    "  \"price\": {\"input_usd_per_mtok\": 0.15, \"output_usd_per_mtok\": 0.6}\n"
    "  \"hardware_id\": \"h100-sxm\", \"accelerator_count\": 1, \"model_id\": \"llama-3.1-8b\",\n"
    "  \"precision\": \"fp8\" (for the predicted row)\n"
    "Without \"price\", the built-in price table (w2t prices, @pydantic/genai-prices)\n"
    "is looked up by the provider's name (or \"price_provider\") and \"model\" (or\n"
    "\"price_model\"); the notes say where each price came from.\n\n"
    "Baseline log (JSONL, one request a line): latency_ms (end to end, required),\n"
    "ttft_ms (optional), prompt_tokens and completion_tokens (or a \"usage\" object\n"
    "holding them; required), cost_usd (optional), and optionally the prompt: \"prompt\"\n"
    "(text) or \"messages\" (OpenAI-style), sent with --prompts-from-baseline. A bad\n"
    "line is an error naming the line and the field (exit 2). Or type your numbers in\n"
    "with --baseline-ttft-p95-ms, --baseline-usd-per-1k, ... (a row of kind baseline).\n\n"
    "Rows (JSON keys): name, kind (baseline, measured, predicted), requests, failed,\n"
    "ttft_p50_ms, ttft_p95_ms, e2e_p95_ms, output_tok_s_p50, usd_per_1k_tokens (null\n"
    "where unknown), plus notes and best (the columns where the row is the best of\n"
    "the baseline and measured rows; predictions are shown beside, not ranked).\n"
    "usd_per_1k_tokens counts input + output tokens: measured = reported usage x price;\n"
    "predicted = the cost model's (w2t cost, default economics) for the chip, else the\n"
    "price for the measured token counts. Predicted TTFT excludes network and queueing.\n"
    "A p95 over fewer than 20 requests is flagged: it is the largest value, not a tail.\n\n"
    "--gate applies to every measured row, on the row fields (p95_ttft_ms,\n"
    "p50_ttft_ms and p95_e2e_ms are accepted too) and on w2t probe's summary fields.\n\n"
    "Exit codes: 0 every request ok; 1 a request failed; 2 usage error (a bad baseline\n"
    "line too); 3 a gate failed.\n\n"
    "Examples:\n"
    "  w2t compare --workload providers.json --baseline last30days.jsonl --markdown\n"
    "  w2t compare --workload providers.json --json --gate 'ttft_p95_ms<=800'\n";

json new_row(const std::string& name, const char* kind) { return compare::new_row(name, kind); }

// [SECTION] measured
struct Extra {  // a workload provider's compare-only fields
    std::optional<double> in_price, out_price;  // USD per million tokens
    std::string price_source;                   // said in the notes
    std::string no_price_note = "no price in the workload: no cost";
    std::string hardware_id, model_id;
    std::string price_provider, price_model;  // the price table's names, when not the provider's
    int accelerator_count = 0;
    Precision precision = Precision::fp8;
};

Result<std::vector<Extra>> extras_from_workload(const std::string& text, std::size_t count) {
    auto parsed = parse_json(text);
    if (!parsed) return Error{"--workload", parsed.error().message};
    std::vector<Extra> out(count);
    const json& providers = (*parsed)["providers"];
    for (std::size_t i = 0; i < count && i < providers.size(); ++i) {
        const json& p = providers[i];
        const std::string at = "--workload: providers[" + std::to_string(i) + "]";
        Extra& x = out[i];
        if (p.contains("price") && !p["price"].is_null()) {
            const json& price = p["price"];
            if (!price.is_object()) return Error{at + ".price", "must be an object"};
            for (const char* key : {"input_usd_per_mtok", "output_usd_per_mtok"}) {
                if (!price.contains(key) || !price[key].is_number() || price[key].get<double>() < 0)
                    return Error{at + ".price." + key, "must be a number >= 0"};
                (std::string(key) == "input_usd_per_mtok" ? x.in_price : x.out_price) = price[key].get<double>();
            }
        }
        for (const char* key : {"hardware_id", "model_id", "price_provider", "price_model"}) {
            if (!p.contains(key) || p[key].is_null()) continue;
            if (!p[key].is_string()) return Error{at + "." + key, "must be a string"};
            const std::string k = key;
            (k == "hardware_id" ? x.hardware_id : k == "model_id" ? x.model_id : k == "price_provider" ? x.price_provider : x.price_model) =
                p[key].get<std::string>();
        }
        if (p.contains("accelerator_count") && !p["accelerator_count"].is_null()) {
            const json& c = p["accelerator_count"];
            if (!c.is_number_integer() || c.get<long>() < 1 || c.get<long>() > 1'000'000)
                return Error{at + ".accelerator_count", "must be a whole number >= 1"};
            x.accelerator_count = static_cast<int>(c.get<long>());
        }
        if (p.contains("precision") && !p["precision"].is_null()) {
            if (!p["precision"].is_string()) return Error{at + ".precision", "must be a string"};
            auto pr = parse_precision(p["precision"].get<std::string>());
            if (!pr) return Error{at + ".precision", pr.error().message};
            x.precision = *pr;
        }
        if (x.hardware_id.empty() != x.model_id.empty())
            return Error{at + (x.hardware_id.empty() ? ".hardware_id" : ".model_id"),
                         "is missing (a prediction needs both hardware_id and model_id)"};
        if (!x.hardware_id.empty()) {
            EstimateInput in;
            in.hardware_id = x.hardware_id;
            in.model_id = x.model_id;
            in.accelerator_count = x.accelerator_count;
            in.precision = x.precision;
            if (auto e = check_estimate_input(in, builtin_catalogue())) return Error{at + "." + e->field, e->message};
        }
    }
    return out;
}

using compare::Measured;

// --baseline-ttft-p95-ms and friends -> a baseline row (nullopt when none is given).
Result<std::optional<json>> typed_baseline(const ParsedArgs& args) {
    static const std::pair<const char*, const char*> kTyped[] = {
        {"baseline-ttft-p50-ms", "ttft_p50_ms"}, {"baseline-ttft-p95-ms", "ttft_p95_ms"},
        {"baseline-e2e-p95-ms", "e2e_p95_ms"},   {"baseline-tok-s", "output_tok_s_p50"},
        {"baseline-usd-per-1k", "usd_per_1k_tokens"}};
    json numbers = json::object();
    for (const auto& [option, key] : kTyped) {
        auto v = args.get(option);
        if (!v) continue;
        char* end = nullptr;
        const double d = std::strtod(v->c_str(), &end);
        if (v->empty() || *end != '\0' || !std::isfinite(d) || d < 0)
            return Error{std::string("--") + option, "must be a number >= 0"};
        numbers[key] = d;
    }
    if (auto v = args.get("baseline-requests")) {
        char* end = nullptr;
        const long n = std::strtol(v->c_str(), &end, 10);
        if (v->empty() || *end != '\0' || n < 1) return Error{"--baseline-requests", "must be a whole number >= 1"};
        if (numbers.empty()) return Error{"--baseline-requests", "needs a typed-in number (--baseline-ttft-p95-ms, ...)"};
        numbers["requests"] = n;
    }
    if (numbers.empty()) return std::optional<json>();
    auto row = compare::typed_baseline_row(numbers, "--baseline");
    if (!row) return row.error();
    return std::optional<json>(*row);
}

std::optional<compare::Price> price_of(const Extra& x) {
    if (!x.in_price) return std::nullopt;
    return compare::Price{*x.in_price, *x.out_price, x.price_source};
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A provider without "price": the built-in table by provider (name or price_provider)
// and model (model or price_model). A named price_provider that is not found is an
// error; a provider name that is not a known API provider just leaves no price.
std::optional<Error> look_up_price(const Provider& p, Extra& x, std::size_t index) {
    if (x.in_price) {
        x.price_source = "the workload file";
        return std::nullopt;
    }
    const std::string provider = x.price_provider.empty() ? lower(p.name) : x.price_provider;
    const std::string model = x.price_model.empty() ? p.model : x.price_model;
    const std::string at = "--workload: providers[" + std::to_string(index) + "]";
    auto q = price_for(provider, model);
    if (!q || !known(q->input_usd_per_mtok) || !known(q->output_usd_per_mtok)) {
        if (!x.price_provider.empty() || !x.price_model.empty()) {
            if (!q) return Error{at + (q.error().field == "model" ? ".price_model" : ".price_provider"), q.error().message};
            return Error{at + ".price_model", "the price table gives no input and output price for '" + model + "'"};
        }
        x.no_price_note = "no price: none in the workload, and the price table has none for provider '" + provider +
                          "', model '" + model + "' (set \"price\", or \"price_provider\" and \"price_model\"): no cost";
        return std::nullopt;
    }
    x.in_price = q->input_usd_per_mtok;
    x.out_price = q->output_usd_per_mtok;
    x.price_source = "the price table, " + q->source + ", " + q->provider_id + " " + q->model_id +
                     (q->tiered ? " (base tier)" : "");
    return std::nullopt;
}

// [SECTION] predicted
json predicted_row(const Provider& p, const Extra& x, const Measured& m, const Plan& plan) {
    // The same token counts: the measured usage, else the prompt's characters / 4 and max_tokens.
    double chars = 0;
    for (const Prompt& pr : plan.prompts) chars += static_cast<double>(pr.chars);
    const double fallback_in = std::max(1.0, chars / static_cast<double>(plan.prompts.size()) / 4.0);
    return compare::predicted_row(p.name, {x.hardware_id, x.model_id, x.accelerator_count, x.precision}, m, fallback_in,
                                  static_cast<double>(plan.max_tokens), plan.concurrency, price_of(x));
}

// [SECTION] output
// What --gate sees for a measured provider: the probe's summary, the row, and aliases.
json gate_fields(const json& row, const json& summary) {
    json v = gate_view(summary);
    for (const std::string& c : compare::columns()) v[c] = row[c].is_number() ? row[c] : json(std::nan(""));
    v["p50_ttft_ms"] = v["ttft_p50_ms"];
    v["p95_ttft_ms"] = v["ttft_p95_ms"];
    v["p95_e2e_ms"] = v["e2e_p95_ms"];
    return v;
}

}  // namespace

// [SECTION] cmd_compare
int cmd_compare(const std::vector<std::string>& args, Io& io) {
    auto parsed = parse_args(args, kCompareOptions);
    if (!parsed) return usage_error(io, kCommand, parsed.error());
    if (parsed->has("help")) {
        io.out << kCompareHelp << options_help(kCompareOptions) << kCompareHelpTail;
        return kOk;
    }
    if (int(parsed->has("json")) + int(parsed->has("csv")) + int(parsed->has("markdown")) > 1)
        return usage_error(io, kCommand, Error{"--json", "give at most one of --json, --csv and --markdown"});
    if (!parsed->has("workload")) return usage_error(io, kCommand, Error{"--workload", "is required"});
    const std::string sort = parsed->get("sort").value_or("");
    if (!sort.empty() && sort != "p95" && sort != "e2e" && sort != "cost" && sort != "speed")
        return usage_error(io, kCommand, Error{"--sort", "'" + sort + "' is not one of p95, e2e, cost, speed"});
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, kCommand, gates.error());
    if (*parsed->get("workload") == "-" && parsed->get("baseline").value_or("") == "-")
        return usage_error(io, kCommand, Error{"--baseline", "stdin ('-') is already the workload"});
    // The workload is read once (it may be stdin): make_plan reads it again from this copy.
    auto workload_text = read_text(*parsed->get("workload"), io.in, "--workload");
    if (!workload_text) return usage_error(io, kCommand, workload_text.error());
    std::istringstream workload_stream(*workload_text);
    Io plan_io{workload_stream, io.out, io.err};
    auto plan = make_plan(*parsed, plan_io);
    if (!plan) return usage_error(io, kCommand, plan.error());
    auto extras = extras_from_workload(*workload_text, plan->providers.size());
    if (!extras) return usage_error(io, kCommand, extras.error());
    for (std::size_t i = 0; i < plan->providers.size(); ++i)
        if (auto e = look_up_price(plan->providers[i], extras.value()[i], i)) return usage_error(io, kCommand, *e);
    auto typed = typed_baseline(*parsed);
    if (!typed) return usage_error(io, kCommand, typed.error());
    if (*typed && parsed->has("baseline"))
        return usage_error(io, kCommand, Error{"--baseline", "give a log or typed-in numbers (--baseline-...), not both"});
    if (parsed->has("prompts-from-baseline") && !parsed->has("baseline"))
        return usage_error(io, kCommand, Error{"--prompts-from-baseline", "needs --baseline LOG"});
    if (parsed->has("prompts-from-baseline") && parsed->has("prompts"))
        return usage_error(io, kCommand, Error{"--prompts", "give --prompts or --prompts-from-baseline, not both"});
    long max_prompts = 20;
    if (auto v = parsed->get("max-prompts")) {
        char* end = nullptr;
        max_prompts = std::strtol(v->c_str(), &end, 10);
        if (v->empty() || *end != '\0' || max_prompts < 1 || max_prompts > 100000)
            return usage_error(io, kCommand, Error{"--max-prompts", "must be a whole number 1-100000"});
    }
    std::optional<json> baseline = *typed;
    std::vector<json> new_prompts;
    std::string prompts_from;
    if (auto path = parsed->get("baseline")) {
        auto text = read_text(*path, io.in, "--baseline");
        if (!text) return usage_error(io, kCommand, text.error());
        auto log = compare::parse_baseline_log(*text, "--baseline");
        if (!log) return usage_error(io, kCommand, log.error());
        baseline = log->row;
        if (parsed->has("prompts-from-baseline")) {
            if (log->prompts.empty())
                return usage_error(io, kCommand, Error{"--prompts-from-baseline",
                                                       "the log carries no prompt (give \"prompt\" or \"messages\" on its lines)"});
            new_prompts = log->prompts;
            prompts_from = "the baseline log";
        }
    }
    if (auto path = parsed->get("prompts")) {
        if (*path == "-" && *parsed->get("workload") == "-")
            return usage_error(io, kCommand, Error{"--prompts", "stdin ('-') is already the workload"});
        auto text = read_text(*path, io.in, "--prompts");
        if (!text) return usage_error(io, kCommand, text.error());
        auto prompts = compare::parse_prompt_lines(*text, "--prompts");
        if (!prompts) return usage_error(io, kCommand, prompts.error());
        new_prompts = *prompts;
        prompts_from = *path;
    }
    if (!new_prompts.empty()) {
        const std::size_t total = new_prompts.size();
        if (new_prompts.size() > static_cast<std::size_t>(max_prompts)) new_prompts.resize(static_cast<std::size_t>(max_prompts));
        std::vector<Prompt>& prompts = plan.value().prompts;
        prompts.clear();
        for (json& m : new_prompts) {
            Prompt pr;
            for (const json& msg : m)
                if (msg["content"].is_string()) pr.chars += compare::utf8_length(msg["content"].get<std::string>());
            pr.messages = std::move(m);
            prompts.push_back(std::move(pr));
        }
        if (!parsed->has("quiet"))
            io.err << "w2t compare: " << plan->prompts.size() << " prompts from " << prompts_from
                   << (total > plan->prompts.size() ? " (the first " + std::to_string(plan->prompts.size()) + " of " +
                                                          std::to_string(total) + "; --max-prompts)"
                                                    : std::string())
                   << "\n";
    }
    if (!gates->empty()) {
        auto check = evaluate_gates(*gates, gate_fields(new_row("", "measured"), probe_summary({}, 0)));
        if (!check) return usage_error(io, kCommand, check.error());
    }

    const bool progress = !parsed->has("quiet");
    struct Group {
        Measured measured;
        json summary;  // the probe's, for --gate
        std::optional<json> predicted;
    };
    std::vector<Group> groups;
    bool any_failed = false, gate_failed = false;
    for (std::size_t i = 0; i < plan->providers.size(); ++i) {
        const Provider& p = plan->providers[i];
        if (progress)
            io.err << "w2t compare: " << p.name << ": " << plan->prompts.size() * static_cast<std::size_t>(plan->runs)
                   << " requests to " << redacted(endpoint(p), {p.api_key}) << " (" << probe::to_string(p.dialect)
                   << ", concurrency " << plan->concurrency << ")\n"
                   << std::flush;
        ProviderResult result = run_provider(p, *plan, io, progress, kCommand);
        Group g{compare::measured_row(p.name, result.records, price_of((*extras)[i]), (*extras)[i].no_price_note),
                probe_summary(result.records, result.wall_ms), std::nullopt};
        if (g.measured.any_failed) any_failed = true;
        if (!(*extras)[i].hardware_id.empty()) g.predicted = predicted_row(p, (*extras)[i], g.measured, *plan);
        if (!gates->empty()) {
            json view = gate_fields(g.measured.row, g.summary);
            if (apply_gates(io, std::string(kCommand) + ": " + p.name, *gates, view) == kGateFailed) gate_failed = true;
            g.measured.row["gates"] = view["gates"];
        }
        groups.push_back(std::move(g));
    }
    json rows = json::array();
    if (baseline) rows.push_back(*baseline);
    for (Group& g : groups) {
        rows.push_back(std::move(g.measured.row));
        if (g.predicted) rows.push_back(std::move(*g.predicted));
    }
    if (!sort.empty()) compare::sort_rows(rows, *compare::sort_column(sort));
    compare::mark_best(rows);

    json out = {{"rows", rows}};
    std::string text;
    if (parsed->has("json")) {
        text = out.dump(parsed->has("pretty") ? 2 : -1, ' ', false, json::error_handler_t::replace) + "\n";
    } else {
        text = parsed->has("csv")        ? compare::render_csv(rows)
               : parsed->has("markdown") ? compare::render_markdown(rows)
                                         : compare::render_table(rows);
    }
    for (const Provider& p : plan->providers) text = redacted(text, {p.api_key});
    io.out << text;
    if (gate_failed) return kGateFailed;
    return any_failed ? kDataError : kOk;
}

}  // namespace w2t::cli
