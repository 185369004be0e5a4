// [SECTION] Contents
//   options and help
//   baseline: a request log (JSONL) -> one row
//   measured: the probe's machinery per provider -> one row each
//   predicted: estimate() (and the cost model) for providers naming a chip and model
//   output: table, Markdown, CSV, JSON; the better value per column marked
//   cmd_compare
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <optional>
#include <sstream>

#include "common.hpp"
#include "probe_run.hpp"
#include "w2t/catalogue/catalogue.hpp"
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
constexpr std::size_t kTrustworthyP95 = 20;

// [SECTION] options and help
const std::vector<OptionSpec> kCompareOptions = {
    {"workload", "file", "the probe's workload file; providers may add \"price\", \"hardware_id\",\n"
                         "                              \"accelerator_count\", \"model_id\" (see below)"},
    {"baseline", "file", "your current numbers: a request log, one JSON object a line ('-' = stdin)"},
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
    "Usage: w2t compare --workload FILE [--baseline LOG] [--sort p95|e2e|cost|speed]\n"
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
    "  \"precision\": \"fp8\" (for the predicted row)\n\n"
    "Baseline log (JSONL, one request a line): latency_ms (end to end, required),\n"
    "ttft_ms (optional), prompt_tokens and completion_tokens (or a \"usage\" object\n"
    "holding them; required), cost_usd (optional). A bad line is an error naming the\n"
    "line and the field (exit 2).\n\n"
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

const char* const kColumns[] = {"requests", "failed", "ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms",
                                "output_tok_s_p50", "usd_per_1k_tokens"};

json opt(std::optional<double> v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }

json new_row(const std::string& name, const char* kind) {
    json r = {{"name", name}, {"kind", kind}};
    for (const char* c : kColumns) r[c] = nullptr;
    r["notes"] = json::array();
    return r;
}

std::optional<double> pct(const std::vector<double>& v, double p) {
    if (v.empty()) return std::nullopt;
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return probe::percentile_sorted(s, p);
}

// [SECTION] baseline
Result<json> baseline_row(const std::string& text) {
    std::vector<double> ttft, e2e, tok_s;
    double tokens = 0, cost = 0, cost_tokens = 0;
    std::size_t n = 0, with_cost = 0;
    std::istringstream in(text);
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string at = "--baseline: line " + std::to_string(number);
        auto parsed = parse_json(line);
        if (!parsed) return Error{at, "not JSON: " + parsed.error().message};
        const json& j = *parsed;
        if (!j.is_object()) return Error{at, "expected one JSON object"};
        auto number_field = [&](const json& obj, const char* key, const std::string& name, bool required,
                                std::optional<double>& out) -> std::optional<Error> {
            if (!obj.contains(key) || obj[key].is_null()) {
                if (required) return Error{at + ": " + name, "is missing"};
                return std::nullopt;
            }
            if (!obj[key].is_number() || !std::isfinite(obj[key].get<double>()) || obj[key].get<double>() < 0)
                return Error{at + ": " + name, "must be a number >= 0"};
            out = obj[key].get<double>();
            return std::nullopt;
        };
        std::optional<double> latency, first, pt, ct, usd;
        if (auto e = number_field(j, "latency_ms", "latency_ms", true, latency)) return *e;
        if (auto e = number_field(j, "ttft_ms", "ttft_ms", false, first)) return *e;
        if (auto e = number_field(j, "cost_usd", "cost_usd", false, usd)) return *e;
        const bool has_usage = j.contains("usage") && !j["usage"].is_null();
        if (has_usage && !j["usage"].is_object()) return Error{at + ": usage", "must be an object"};
        for (const char* key : {"prompt_tokens", "completion_tokens"}) {
            std::optional<double>& out = std::string(key) == "prompt_tokens" ? pt : ct;
            if (j.contains(key) && !j[key].is_null()) {
                if (auto e = number_field(j, key, key, true, out)) return *e;
            } else if (has_usage) {
                if (auto e = number_field(j["usage"], key, std::string("usage.") + key, true, out)) return *e;
            } else {
                return Error{at + ": " + key, "is missing (give it, or a usage object holding it)"};
            }
        }
        ++n;
        e2e.push_back(*latency);
        if (first) ttft.push_back(*first);
        if (*latency > 0) tok_s.push_back(*ct / (*latency / 1000.0));
        tokens += *pt + *ct;
        if (usd) {
            ++with_cost;
            cost += *usd;
            cost_tokens += *pt + *ct;
        }
    }
    if (n == 0) return Error{"--baseline", "the log holds no request"};
    json row = new_row("baseline", "baseline");
    row["requests"] = n;
    row["failed"] = 0;
    row["ttft_p50_ms"] = opt(pct(ttft, 50));
    row["ttft_p95_ms"] = opt(pct(ttft, 95));
    row["e2e_p95_ms"] = opt(pct(e2e, 95));
    row["output_tok_s_p50"] = opt(pct(tok_s, 50));
    if (with_cost && cost_tokens > 0) row["usd_per_1k_tokens"] = cost / cost_tokens * 1000.0;
    json& notes = row["notes"];
    if (ttft.empty()) notes.push_back("the log has no ttft_ms");
    else if (ttft.size() < n) notes.push_back("ttft_ms on " + std::to_string(ttft.size()) + " of " + std::to_string(n) + " requests");
    if (!with_cost) notes.push_back("the log has no cost_usd");
    else if (with_cost < n)
        notes.push_back("cost from the " + std::to_string(with_cost) + " of " + std::to_string(n) + " requests with cost_usd");
    if (n < kTrustworthyP95)
        notes.push_back("p95 over " + std::to_string(n) + " requests (< 20): the largest value, not a tail");
    return row;
}

// [SECTION] measured
struct Extra {  // a workload provider's compare-only fields
    std::optional<double> in_price, out_price;  // USD per million tokens
    std::string hardware_id, model_id;
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
        for (const char* key : {"hardware_id", "model_id"}) {
            if (!p.contains(key) || p[key].is_null()) continue;
            if (!p[key].is_string()) return Error{at + "." + key, "must be a string"};
            (std::string(key) == "hardware_id" ? x.hardware_id : x.model_id) = p[key].get<std::string>();
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

struct Measured {
    json row;
    json summary;
    double mean_prompt_tokens = 0, mean_completion_tokens = 0;  // reported usage of ok requests
    bool any_failed = false;
};

Measured measured_row(const Provider& p, const Extra& x, const ProviderResult& result) {
    Measured m;
    m.summary = probe_summary(result.records, result.wall_ms);
    const json& s = m.summary;
    json row = new_row(p.name, "measured");
    row["requests"] = s["requests"];
    row["failed"] = s["failed"];
    for (const char* k : {"ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms", "output_tok_s_p50"}) row[k] = s[k];
    double pt = 0, ct = 0;
    std::size_t with_usage = 0, ok = s["ok"].get<std::size_t>();
    for (const RequestRecord& r : result.records) {
        if (r.outcome != probe::Outcome::ok) continue;
        if (r.usage_estimated || !r.usage || !r.usage->prompt_tokens || !r.usage->completion_tokens) continue;
        ++with_usage;
        pt += static_cast<double>(*r.usage->prompt_tokens);
        ct += static_cast<double>(*r.usage->completion_tokens);
    }
    if (with_usage) {
        m.mean_prompt_tokens = pt / static_cast<double>(with_usage);
        m.mean_completion_tokens = ct / static_cast<double>(with_usage);
        if (x.in_price && pt + ct > 0)
            row["usd_per_1k_tokens"] = (pt * *x.in_price + ct * *x.out_price) / 1e6 / (pt + ct) * 1000.0;
    }
    json& notes = row["notes"];
    const std::size_t failed = s["failed"].get<std::size_t>(), n = s["requests"].get<std::size_t>();
    if (failed) {
        m.any_failed = true;
        std::string what;
        for (const auto& [name, count] : s["outcomes"].items())
            if (name != "ok" && count.get<std::size_t>() > 0)
                what += (what.empty() ? "" : ", ") + std::to_string(count.get<std::size_t>()) + " " + name;
        notes.push_back("FAILED " + std::to_string(failed) + " of " + std::to_string(n) + " requests (" + what +
                        "); statistics are over the " + std::to_string(ok) + " ok");
    }
    if (ok && with_usage < ok)
        notes.push_back(with_usage == 0 ? "sent no usage: tok/s from estimated tokens (characters / 4), no cost"
                                        : "sent no usage on " + std::to_string(ok - with_usage) + " of " +
                                              std::to_string(ok) + " ok requests (cost from the rest)");
    if (!x.in_price) notes.push_back("no price in the workload: no cost");
    if (ok > 0 && ok < kTrustworthyP95)
        notes.push_back("p95 over " + std::to_string(ok) + " ok requests (< 20): the largest value, not a tail");
    if (ok == 0) notes.push_back("no ok request: no statistics");
    m.row = std::move(row);
    return m;
}

// [SECTION] predicted
json predicted_row(const Provider& p, const Extra& x, const Measured& m, const Plan& plan) {
    json row = new_row(p.name + " (predicted)", "predicted");
    row["hardware_id"] = x.hardware_id;
    row["model_id"] = x.model_id;
    json& notes = row["notes"];
    EstimateInput in;
    in.hardware_id = x.hardware_id;
    in.model_id = x.model_id;
    in.accelerator_count = x.accelerator_count;
    in.precision = x.precision;
    // The same token counts: the measured usage, else the prompt's characters / 4 and max_tokens.
    double chars = 0;
    for (const Prompt& pr : plan.prompts) chars += static_cast<double>(pr.chars);
    const double fallback_in = std::max(1.0, chars / static_cast<double>(plan.prompts.size()) / 4.0);
    in.input_tokens = m.mean_prompt_tokens > 0 ? m.mean_prompt_tokens : fallback_in;
    in.output_tokens = m.mean_completion_tokens > 0 ? m.mean_completion_tokens : static_cast<double>(plan.max_tokens);
    if (plan.concurrency <= 1) {
        in.scenario = Scenario::single_stream;
    } else {
        in.scenario = Scenario::fixed_batch;
        in.concurrency = static_cast<double>(plan.concurrency);
    }
    row["input_tokens"] = in.input_tokens;
    row["output_tokens"] = in.output_tokens;
    auto r = estimate(in, builtin_catalogue());
    if (!r) {
        notes.push_back("no prediction: " + r.error().field + ": " + r.error().message);
        return row;
    }
    row["ttft_p50_ms"] = r->ttft_ms;
    row["output_tok_s_p50"] = r->per_user_output_tok_s;
    row["e2e_ms"] = r->e2e_latency_s * 1000.0;
    row["accelerator_count"] = r->layout.chips;
    auto c = cost(*r, EconomicsInput{});
    if (c && std::isfinite(c->tokens.usd_per_1k_tokens)) {
        row["usd_per_1k_tokens"] = c->tokens.usd_per_1k_tokens;
        notes.push_back("cost: the cost model's default economics for " + x.hardware_id + " at the predicted throughput");
    } else if (x.in_price && in.input_tokens + in.output_tokens > 0) {
        row["usd_per_1k_tokens"] = (in.input_tokens * *x.in_price + in.output_tokens * *x.out_price) / 1e6 /
                                   (in.input_tokens + in.output_tokens) * 1000.0;
        notes.push_back("cost: the workload's price for the same token counts");
    }
    notes.push_back("a model's single value: ttft_p50_ms is the predicted TTFT (network and queueing excluded)");
    auto diff = [&](const char* key) -> json {
        const json& a = row[key];
        const json& b = m.row[key];
        if (!a.is_number() || !b.is_number() || b.get<double>() == 0) return nullptr;
        return (a.get<double>() - b.get<double>()) / b.get<double>() * 100.0;
    };
    row["vs_measured_pct"] = {{"ttft_p50_ms", diff("ttft_p50_ms")},
                              {"output_tok_s_p50", diff("output_tok_s_p50")},
                              {"usd_per_1k_tokens", diff("usd_per_1k_tokens")}};
    return row;
}

// [SECTION] output
// Marks "best" on each row: lowest latency and cost, highest speed, among the baseline and
// measured rows with a value (a prediction is beside them, not in the race).
void mark_best(json& rows) {
    for (json& r : rows) r["best"] = json::array();
    for (const char* col : {"ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms", "output_tok_s_p50", "usd_per_1k_tokens"}) {
        const bool higher = std::string(col) == "output_tok_s_p50";
        std::optional<double> best;
        std::size_t count = 0;
        for (const json& r : rows)
            if (r["kind"] != "predicted" && r[col].is_number()) {
                ++count;
                const double v = r[col].get<double>();
                if (!best || (higher ? v > *best : v < *best)) best = v;
            }
        if (count < 2) continue;
        for (json& r : rows)
            if (r["kind"] != "predicted" && r[col].is_number() && r[col].get<double>() == *best)
                r["best"].push_back(col);
    }
}

std::string cell(const json& row, const char* col, bool markdown) {
    const json& v = row[col];
    if (!v.is_number()) return "-";
    std::ostringstream s;
    if (v.is_number_integer() || v.is_number_unsigned()) s << v.dump();
    else {
        const double d = v.get<double>();
        const std::string c = col;
        s << std::fixed << std::setprecision(c == "usd_per_1k_tokens" ? (d < 0.01 ? 6 : 4) : 1) << d;
    }
    std::string out = s.str();
    bool best = false;
    for (const json& b : row["best"])
        if (b == col) best = true;
    if (best) out = markdown ? "**" + out + "**" : out + " *";
    return out;
}

const std::vector<std::string> kHead = {"name",     "kind",     "requests", "failed", "ttft p50 ms",
                                        "ttft p95 ms", "e2e p95 ms", "tok/s p50", "$/1K tokens"};

std::vector<std::string> cells_of(const json& r, bool markdown) {
    std::vector<std::string> c = {r["name"].get<std::string>(), r["kind"].get<std::string>()};
    for (const char* col : kColumns) c.push_back(cell(r, col, markdown));
    return c;
}

void print_notes(std::ostream& out, const json& rows, bool markdown) {
    for (const json& r : rows)
        for (const json& n : r["notes"])
            out << (markdown ? "- **" : "") << r["name"].get<std::string>() << (markdown ? "**: " : ": ")
                << n.get<std::string>() << "\n";
}

void print_table(std::ostream& out, const json& rows) {
    std::vector<std::vector<std::string>> cells = {kHead};
    for (const json& r : rows) cells.push_back(cells_of(r, false));
    std::vector<std::size_t> width(kHead.size(), 0);
    for (const auto& row : cells)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], utf8_length(row[c]));
    for (const auto& row : cells) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::size_t pad = width[c] - utf8_length(row[c]);
            if (c < 2) line += row[c] + (c + 1 == row.size() ? "" : std::string(pad, ' '));
            else line += std::string(pad, ' ') + row[c];
            if (c + 1 < row.size()) line += "  ";
        }
        out << line << "\n";
    }
    out << "(* the better value in its column; times over ok requests; $/1K counts input + output tokens)\n";
    print_notes(out, rows, false);
}

void print_markdown(std::ostream& out, const json& rows) {
    auto line = [&](const std::vector<std::string>& c) {
        out << "|";
        for (const std::string& s : c) {
            std::string e;
            for (char ch : s) e += ch == '|' ? std::string("\\|") : std::string(1, ch);
            out << " " << e << " |";
        }
        out << "\n";
    };
    line(kHead);
    out << "|---|---|";
    for (std::size_t i = 2; i < kHead.size(); ++i) out << "---:|";
    out << "\n";
    for (const json& r : rows) line(cells_of(r, true));
    out << "\n**Bold**: the better value in its column. Times over ok requests; $/1K counts input + output tokens.\n";
    if (std::any_of(rows.begin(), rows.end(), [](const json& r) { return !r["notes"].empty(); })) {
        out << "\n";
        print_notes(out, rows, true);
    }
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void print_csv(std::ostream& out, const json& rows) {
    out << "name,kind";
    for (const char* c : kColumns) out << "," << c;
    out << ",notes\n";
    for (const json& r : rows) {
        out << csv_cell(r["name"].get<std::string>()) << "," << r["kind"].get<std::string>();
        for (const char* c : kColumns) {
            out << ",";
            const json& v = r[c];
            if (v.is_number_integer() || v.is_number_unsigned()) out << v.dump();
            else if (v.is_number()) out << v.get<double>();
        }
        std::string notes;
        for (const json& n : r["notes"]) notes += (notes.empty() ? "" : "; ") + n.get<std::string>();
        out << "," << csv_cell(notes) << "\n";
    }
}

// What --gate sees for a measured provider: the probe's summary, the row, and aliases.
json gate_fields(const json& row, const json& summary) {
    json v = gate_view(summary);
    for (const char* c : kColumns) v[c] = row[c].is_number() ? row[c] : json(std::nan(""));
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
    std::optional<json> baseline;
    if (auto path = parsed->get("baseline")) {
        auto text = read_text(*path, io.in, "--baseline");
        if (!text) return usage_error(io, kCommand, text.error());
        auto row = baseline_row(*text);
        if (!row) return usage_error(io, kCommand, row.error());
        baseline = *row;
    }
    if (!gates->empty()) {
        auto check = evaluate_gates(*gates, gate_fields(new_row("", "measured"), probe_summary({}, 0)));
        if (!check) return usage_error(io, kCommand, check.error());
    }

    const bool progress = !parsed->has("quiet");
    struct Group {
        Measured measured;
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
        Group g{measured_row(p, (*extras)[i], result), std::nullopt};
        if (g.measured.any_failed) any_failed = true;
        if (!(*extras)[i].hardware_id.empty()) g.predicted = predicted_row(p, (*extras)[i], g.measured, *plan);
        if (!gates->empty()) {
            json view = gate_fields(g.measured.row, g.measured.summary);
            if (apply_gates(io, std::string(kCommand) + ": " + p.name, *gates, view) == kGateFailed) gate_failed = true;
            g.measured.row["gates"] = view["gates"];
        }
        groups.push_back(std::move(g));
    }
    if (!sort.empty()) {
        const char* key = sort == "p95" ? "ttft_p95_ms" : sort == "e2e" ? "e2e_p95_ms" : sort == "cost" ? "usd_per_1k_tokens" : "output_tok_s_p50";
        const bool higher = sort == "speed";
        std::stable_sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
            const json &x = a.measured.row[key], &y = b.measured.row[key];
            if (!x.is_number()) return false;  // unknown last
            if (!y.is_number()) return true;
            return higher ? x.get<double>() > y.get<double>() : x.get<double>() < y.get<double>();
        });
    }
    json rows = json::array();
    if (baseline) rows.push_back(*baseline);
    for (Group& g : groups) {
        rows.push_back(std::move(g.measured.row));
        if (g.predicted) rows.push_back(std::move(*g.predicted));
    }
    mark_best(rows);

    json out = {{"rows", rows}};
    std::string text;
    if (parsed->has("json")) {
        text = out.dump(parsed->has("pretty") ? 2 : -1, ' ', false, json::error_handler_t::replace) + "\n";
    } else {
        std::ostringstream s;
        if (parsed->has("csv")) print_csv(s, rows);
        else if (parsed->has("markdown")) print_markdown(s, rows);
        else print_table(s, rows);
        text = s.str();
    }
    for (const Provider& p : plan->providers) text = redacted(text, {p.api_key});
    io.out << text;
    if (gate_failed) return kGateFailed;
    return any_failed ? kDataError : kOk;
}

}  // namespace w2t::cli
