// [SECTION] Contents
//   options and help
//   (the plan, running and the summary: probe_run.cpp, shared with w2t compare)
//   output: table, JSON, CSV; secrets redacted
//   cmd_probe
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <optional>
#include <sstream>

#include "common.hpp"
#include "http_curl.hpp"
#include "probe_run.hpp"
#include "w2t/json_io.hpp"
#include "w2t/probe/dialects.hpp"
#include "w2t/probe/metrics.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli {
namespace {

using nlohmann::json;
using probe::Dialect;
using probe::RequestRecord;

using namespace probe_run;

constexpr const char* kCommand = "probe";


// [SECTION] options and help
const std::vector<OptionSpec> kProbeOptions = {
    {"url", "url", "the full endpoint URL (see the examples below)"},
    {"dialect", "d", "openai-chat, openai-responses, anthropic, gemini, ollama"},
    {"model", "id", "model name sent in the request ({model} in --url is replaced by it)"},
    {"prompt", "text", "the user message"},
    {"prompt-file", "file", "the user message from a file ('-' = stdin)"},
    {"max-tokens", "n", "output token limit sent to the provider (default 256)"},
    {"runs", "n", "requests per prompt (default 10; a workload's \"runs\" or 1)"},
    {"concurrency", "n", "requests in flight at once, 1-256 (default 1; with --rate: the cap, default 256)"},
    {"rate", "r", "open loop: requests arrive at random (Poisson) at r per second, 0.001-10000,\n"
                  "                              whether or not earlier ones finished"},
    {"seed", "n", "seed of the --rate arrival times (default 1; the same seed, the same schedule)"},
    {"timeout-s", "s", "give up on a request after this long (default 120)"},
    {"idle-timeout-s", "s", "give up when no byte arrived for this long (default 30)"},
    {"connect-timeout-s", "s", "give up connecting after this long (default 10)"},
    {"api-key-env", "VAR", "read the API key from environment variable VAR (never from the\n"
                           "                              command line); it is never printed"},
    {"workload", "file", "several providers, several prompts: a JSON file (see below)"},
    {"json", "", "print JSON: every request under \"runs\", statistics under \"summary\""},
    {"csv", "", "print one CSV row per provider"},
    gate_option("ttft_p95_ms<=800"),
    {"quiet", "", "no progress lines on stderr"},
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

const char* kProbeHelp =
    "Usage: w2t probe --url URL --dialect D --model M (--prompt TEXT | --prompt-file F)\n"
    "                 [--max-tokens N] [--runs N] [--concurrency C] [--timeout-s T]\n"
    "                 [--rate R [--seed S]] [--api-key-env VAR] [--json | --csv] [--gate EXPR]...\n"
    "       w2t probe --workload FILE [--json | --csv] [--gate EXPR]...\n\n"
    "Streams completions from an LLM API and measures what a client sees: time to\n"
    "first token, gaps between tokens, end-to-end latency and output speed, with\n"
    "every request's outcome (ok, http_error, stream_error, truncated, timeout).\n"
    "Progress goes to stderr; the result (a table, --json or --csv) to stdout.\n\n"
    "Options:\n";

const char* kProbeHelpTail =
    "\nEndpoints (--url is the full URL; {model} in it is replaced by --model):\n"
    "  openai-chat       https://api.openai.com/v1/chat/completions\n"
    "                    (also vLLM, SGLang, llama.cpp: http://127.0.0.1:8000/v1/chat/completions)\n"
    "  openai-responses  https://api.openai.com/v1/responses\n"
    "  anthropic         https://api.anthropic.com/v1/messages\n"
    "  gemini            https://generativelanguage.googleapis.com/v1beta/models/{model}:streamGenerateContent?alt=sse\n"
    "                    (alt=sse is added when missing)\n"
    "  ollama            http://127.0.0.1:11434/api/chat\n"
    "The key goes in Authorization: Bearer (openai-*, ollama), x-api-key (anthropic,\n"
    "with anthropic-version: 2023-06-01) or x-goog-api-key (gemini).\n\n"
    "Workload file (unknown fields are ignored):\n"
    "  {\"providers\": [{\"name\": \"openai\", \"url\": \"...\", \"dialect\": \"openai-chat\",\n"
    "                  \"model\": \"gpt-4o-mini\", \"api_key_env\": \"OPENAI_API_KEY\",\n"
    "                  \"headers\": {\"X-Extra\": \"value\"}}, ...],\n"
    "   \"prompts\": [{\"prompt\": \"Hello\"}, {\"messages\": [{\"role\": \"system\", \"content\": \"...\"},\n"
    "                                     {\"role\": \"user\", \"content\": \"...\"}]}],\n"
    "   \"max_tokens\": 256, \"runs\": 3, \"concurrency\": 2}\n"
    "Every prompt is sent \"runs\" times to each provider, one provider after another.\n\n"
    "Definitions (times from the start of the transfer, connect and TLS included):\n"
    "  ttft_ms          first chunk with non-empty content or reasoning text (not headers,\n"
    "                   not a role-only chunk, not a keep-alive)\n"
    "  first_answer_ms  first chunk with visible content (after any reasoning)\n"
    "  itl_ms           gaps between token-bearing chunks (a chunk may carry several tokens)\n"
    "  e2e_ms           end of stream\n"
    "  tpot_ms          (e2e_ms - ttft_ms) / (completion_tokens - 1)\n"
    "  output_tok_s     completion_tokens / e2e_ms (per request)\n"
    "  throughput_tok_s all ok requests' completion_tokens / wall time of the run\n"
    "completion_tokens come from the provider's usage report (usage_estimated: chars/4).\n"
    "Cold and warm: a request that had to open a new connection (DNS, TCP, TLS inside\n"
    "its times) is cold; one that reused a connection is warm. The summary gives both\n"
    "apart under \"cold\" and \"warm\" (cold_ttft_p50_ms, warm_ttft_p50_ms, ...); a server\n"
    "that closes every connection makes every request cold.\n"
    "Open loop (--rate R): request k is due at the sum of k exponential gaps of mean\n"
    "1/R s (seeded; the first at 0). The summary's \"rate\" gives the offered rate R, the\n"
    "schedule's own rate (n-1)/last arrival, the achieved rate (n-1)/(last start - first\n"
    "start), the start lag (start - due: the --concurrency cap or a busy client) and TTFT\n"
    "and e2e counted from the arrival (start lag + ttft_ms), as a queued user sees them.\n"
    "Statistics are over ok requests; summary fields for --gate include ttft_p50_ms,\n"
    "ttft_p95_ms, ttft_p99_ms, itl_p50_ms, itl_p95_ms, e2e_p95_ms, tpot_p50_ms,\n"
    "output_tok_s_p50, throughput_tok_s, ok, failed, error_rate, cold_ttft_p50_ms,\n"
    "warm_ttft_p50_ms, achieved_rate_rps, start_lag_p95_ms. A statistic with no\n"
    "data fails its gate.\n\n"
    "Exit codes: 0 every request ok; 1 a request failed; 2 usage error; 3 a gate failed.\n\n"
    "Examples:\n"
    "  OPENAI_API_KEY=... w2t probe --url https://api.openai.com/v1/chat/completions \\\n"
    "      --dialect openai-chat --model gpt-4o-mini --prompt 'Count to 20' --max-tokens 64 \\\n"
    "      --runs 20 --concurrency 4 --api-key-env OPENAI_API_KEY --json --gate 'ttft_p95_ms<=800'\n"
    "  w2t probe --url http://127.0.0.1:11434/api/chat --dialect ollama --model llama3.2 \\\n"
    "      --prompt 'Hello' --runs 5\n"
    "  w2t probe --workload providers.json --csv\n";


// [SECTION] output
std::string num(const json& v, int precision = 1) {
    if (!v.is_number()) return "-";
    std::ostringstream s;
    s << std::fixed << std::setprecision(precision) << v.get<double>();
    return s.str();
}

std::string failures(const json& summary) {
    std::string out;
    for (const auto& [name, count] : summary["outcomes"].items()) {
        if (name == "ok" || count.get<std::size_t>() == 0) continue;
        if (!out.empty()) out += ", ";
        out += std::to_string(count.get<std::size_t>()) + " " + name;
    }
    return out.empty() ? "0" : out;
}

struct Row {
    const Provider* provider;
    json summary;
    std::string first_error;
};

void print_table(std::ostream& out, const std::vector<Row>& rows) {
    const std::vector<std::string> head = {"provider",      "ok",           "ttft p50", "ttft p95", "itl p50", "itl p95",
                                           "e2e p50",       "e2e p95",      "tok/s p50", "errors"};
    std::vector<std::vector<std::string>> cells = {head};
    for (const Row& r : rows) {
        const json& s = r.summary;
        cells.push_back({r.provider->name,
                         std::to_string(s["ok"].get<std::size_t>()) + "/" + std::to_string(s["requests"].get<std::size_t>()),
                         num(s["ttft_p50_ms"]), num(s["ttft_p95_ms"]), num(s["itl_p50_ms"]), num(s["itl_p95_ms"]),
                         num(s["e2e_p50_ms"]), num(s["e2e_p95_ms"]), num(s["output_tok_s_p50"]), failures(s)});
    }
    std::vector<std::size_t> width(head.size(), 0);
    for (const auto& row : cells)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], utf8_length(row[c]));
    for (const auto& row : cells) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::size_t pad = width[c] - utf8_length(row[c]);
            if (c == 0 || c + 1 == row.size()) line += row[c] + (c + 1 == row.size() ? "" : std::string(pad, ' '));
            else line += std::string(pad, ' ') + row[c];
            if (c + 1 < row.size()) line += "  ";
        }
        out << line << "\n";
    }
    out << "(times in ms over ok requests; tok/s = completion tokens / e2e per request)\n";
    for (const Row& r : rows) {
        const json& s = r.summary;
        out << r.provider->name << ": cold (new connection) " << s["cold"]["ok"].get<std::size_t>() << " ok, ttft p50 "
            << num(s["cold_ttft_p50_ms"]) << "; warm (reused) " << s["warm"]["ok"].get<std::size_t>()
            << " ok, ttft p50 " << num(s["warm_ttft_p50_ms"]) << "\n";
        if (s["rate"].is_object())
            out << r.provider->name << ": rate offered " << num(s["offered_rate_rps"], 2) << "/s, scheduled "
                << num(s["scheduled_rate_rps"], 2) << "/s, achieved " << num(s["achieved_rate_rps"], 2)
                << "/s; start lag p95 " << num(s["start_lag_p95_ms"]) << " ms; ttft from arrival p95 "
                << num(s["ttft_from_arrival_p95_ms"]) << "\n";
    }
    for (const Row& r : rows)
        if (!r.first_error.empty()) out << r.provider->name << ": first error: " << r.first_error << "\n";
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

void print_csv(std::ostream& out, const std::vector<Row>& rows) {
    const std::vector<const char*> stats = {"requests",         "ok",          "failed",      "ttft_p50_ms",
                                            "ttft_p95_ms",      "ttft_p99_ms", "itl_p50_ms",  "itl_p95_ms",
                                            "e2e_p50_ms",       "e2e_p95_ms",  "tpot_p50_ms", "output_tok_s_p50",
                                            "throughput_tok_s", "usage_estimated_requests"};
    out << "provider,dialect,model";
    for (const char* s : stats) out << "," << s;
    out << ",first_error\n";
    for (const Row& r : rows) {
        out << csv_cell(r.provider->name) << "," << probe::to_string(r.provider->dialect) << ","
            << csv_cell(r.provider->model);
        for (const char* s : stats) {
            const json& v = r.summary[s];
            out << ",";
            if (v.is_number_integer() || v.is_number_unsigned()) out << v.dump();
            else if (v.is_number()) out << num(v, 3);
        }
        out << "," << csv_cell(r.first_error) << "\n";
    }
}

std::string dump(const json& j, bool pretty) {
    return j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

// [SECTION] cmd_probe
int cmd_probe(const std::vector<std::string>& args, Io& io) {
    auto parsed = parse_args(args, kProbeOptions);
    if (!parsed) return usage_error(io, kCommand, parsed.error());
    if (parsed->has("help")) {
        io.out << kProbeHelp << options_help(kProbeOptions) << kProbeHelpTail;
        return kOk;
    }
    if (parsed->has("json") && parsed->has("csv"))
        return usage_error(io, kCommand, Error{"--csv", "cannot be combined with --json"});
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, kCommand, gates.error());
    auto plan = make_plan(*parsed, io);
    if (!plan) return usage_error(io, kCommand, plan.error());
    if (auto rate = parsed->number("rate")) {
        if (!*rate) return usage_error(io, kCommand, rate->error());
        const double r = rate->value();
        if (!(r >= 0.001 && r <= 10000))
            return usage_error(io, kCommand, Error{"--rate", format_number(r) + " requests/s is out of range; must be "
                                                                             "between 0.001 and 10000"});
        plan.value().rate_rps = r;
        if (!parsed->has("concurrency")) plan.value().concurrency = static_cast<long>(kMaxConcurrency);
    }
    if (auto seed = parsed->number("seed")) {
        if (!*seed) return usage_error(io, kCommand, seed->error());
        const double v = seed->value();
        if (!parsed->has("rate")) return usage_error(io, kCommand, Error{"--seed", "only applies with --rate"});
        if (v != std::floor(v) || v < 0 || v > 9007199254740992.0)
            return usage_error(io, kCommand, Error{"--seed", format_number(v) + " must be a whole number between 0 and 2^53"});
        plan.value().seed = static_cast<std::uint64_t>(v);
    }
    // Check the gates' fields before spending any request.
    if (!gates->empty()) {
        json empty = probe_summary({}, 0);
        empty.update(load_summary({}, *plan));
        auto check = evaluate_gates(*gates, gate_view(empty));
        if (!check) return usage_error(io, kCommand, check.error());
    }

    const bool progress = !parsed->has("quiet");
    std::vector<Row> rows;
    json providers = json::array();
    bool any_failed = false, gate_failed = false;
    for (std::size_t i = 0; i < plan->providers.size(); ++i) {
        const Provider& p = plan->providers[i];
        if (progress)
            io.err << "w2t probe: " << p.name << ": " << plan->prompts.size() * static_cast<std::size_t>(plan->runs)
                   << " requests to " << redacted(endpoint(p), {p.api_key}) << " (" << probe::to_string(p.dialect)
                   << ", concurrency " << plan->concurrency << ")\n"
                   << std::flush;
        ProviderResult result = run_provider(p, *plan, io, progress);
        Row row{&p, probe_summary(result.records, result.wall_ms), ""};
        row.summary.update(load_summary(result, *plan));
        for (const RequestRecord& r : result.records)
            if (r.outcome != probe::Outcome::ok) {
                any_failed = true;
                if (row.first_error.empty())
                    row.first_error = std::string(probe::to_string(r.outcome)) + ": " + probe::to_valid_utf8(r.error.value_or(""));
            }
        if (row.first_error.size() > 300) row.first_error = row.first_error.substr(0, 300) + "...";
        json entry = {{"name", p.name},
                      {"url", redacted(endpoint(p), {p.api_key})},
                      {"dialect", std::string(probe::to_string(p.dialect))},
                      {"model", p.model},
                      {"runs", std::move(result.runs)},
                      {"summary", row.summary}};
        if (!gates->empty()) {
            json view = gate_view(row.summary);
            const std::string who = plan->workload ? std::string(kCommand) + ": " + p.name : kCommand;
            const int code = apply_gates(io, who, *gates, view);
            if (code == kGateFailed) gate_failed = true;
            entry["gates"] = view["gates"];
        }
        rows.push_back(std::move(row));
        providers.push_back(std::move(entry));
    }

    if (parsed->has("json")) {
        json out;
        if (plan->workload) {
            out = {{"providers", providers}};
        } else {
            out = providers[0];
            out["settings"] = {{"max_tokens", plan->max_tokens},
                               {"runs", plan->runs},
                               {"concurrency", plan->concurrency},
                               {"timeout_s", plan->limits.total_timeout_ms / 1000.0},
                               {"idle_timeout_s", plan->limits.idle_timeout_ms / 1000.0},
                               {"connect_timeout_s", plan->limits.connect_timeout_ms / 1000.0}};
            if (plan->rate_rps > 0) {
                out["settings"]["rate_rps"] = plan->rate_rps;
                out["settings"]["seed"] = plan->seed;
            }
        }
        for (const Provider& p : plan->providers) redact(out, p.api_key);
        io.out << dump(out, parsed->has("pretty")) << "\n";
    } else {
        std::ostringstream text;
        if (parsed->has("csv")) print_csv(text, rows);
        else print_table(text, rows);
        std::string s = text.str();
        for (const Provider& p : plan->providers) s = redacted(s, {p.api_key});
        io.out << s;
    }
    if (gate_failed) return kGateFailed;
    return any_failed ? kDataError : kOk;
}

}  // namespace w2t::cli
