#pragma once
// What `w2t probe` and `w2t compare` share: the plan (providers, prompts, bounds,
// from options or a workload file), running a provider's requests over curl, and
// the flat summary that --gate sees.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "http_curl.hpp"
#include "w2t/probe/dialects.hpp"
#include "w2t/probe/metrics.hpp"

namespace w2t::cli::probe_run {

constexpr std::size_t kMaxConcurrency = 256;

struct Provider {
    std::string name;
    std::string url;
    probe::Dialect dialect = probe::Dialect::openai_chat;
    std::string model;
    std::string api_key_env;  // "" = no key
    std::string api_key;      // the secret itself, from the environment
    std::vector<std::string> extra_headers;
};

struct Prompt {
    nlohmann::json messages;  // [{"role", "content"}, ...]
    std::size_t chars = 0;
};

struct Plan {
    std::vector<Provider> providers;
    std::vector<Prompt> prompts;
    long max_tokens = 256;
    long runs = 10;
    long concurrency = 1;
    http::Limits limits;
    bool workload = false;
    // Open-loop mode (w2t probe --rate): Poisson arrivals at rate_rps, seeded;
    // `concurrency` then caps the requests in flight. 0 = closed loop.
    double rate_rps = 0;
    std::uint64_t seed = 1;
};

struct ProviderResult {
    std::vector<probe::RequestRecord> records;
    nlohmann::json runs = nlohmann::json::array();
    double wall_ms = 0;
    // Per request, in the order of `records`: when it was due (ms after the
    // run's start; open-loop mode only), when its transfer started (same
    // clock), and whether it opened a new connection (null: not known).
    std::vector<std::optional<double>> scheduled_ms;
    std::vector<std::optional<double>> started_ms;
    std::vector<std::optional<bool>> new_connection;
};

std::size_t utf8_length(const std::string& s);
// The endpoint as sent: {model} replaced, gemini's alt=sse added.
std::string endpoint(const Provider& p);
// A workload file's text -> the plan (unknown fields are ignored).
Result<Plan> plan_from_workload(const std::string& text);
// Options (--url ... or --workload, --runs, --concurrency, timeouts), keys from the environment.
Result<Plan> make_plan(const ParsedArgs& args, Io& io);
http::Request build_request(const Provider& p, const Prompt& prompt, long max_tokens);
// Every occurrence of the secret replaced, in every string of `j`.
void redact(nlohmann::json& j, const std::string& secret);
std::string redacted(std::string s, const std::vector<std::string>& secrets);
// completion_tokens / e2e of an ok request with usage.
std::optional<double> output_tok_s(const probe::RequestRecord& r);
// Sends every prompt plan.runs times; progress lines "w2t COMMAND: ..." on io.err.
ProviderResult run_provider(const Provider& p, const Plan& plan, Io& io, bool progress, const char* command = "probe");
// summarize_run plus flat fields (ttft_p95_ms, ...), ok, failed, error_rate, notes.
nlohmann::json probe_summary(const std::vector<probe::RequestRecord>& records, double wall_ms);
// Open-loop arrival times (ms after the start) of `count` requests: a Poisson
// process at `rate_rps` (exponential gaps from a seeded generator, the same on
// every platform); the first arrives at 0.
std::vector<double> poisson_arrivals_ms(std::size_t count, double rate_rps, std::uint64_t seed);
// The statistics `w2t probe` adds to probe_summary: cold (new connection) and
// warm (reused) requests apart, and in open-loop mode the offered, scheduled
// and achieved request rates and the start lag. Flat fields for --gate too;
// with an empty result every field is present (null).
nlohmann::json load_summary(const ProviderResult& result, const Plan& plan);
// Numbers as they are, nulls as NaN (fails every gate).
nlohmann::json gate_view(const nlohmann::json& summary);

}  // namespace w2t::cli::probe_run
