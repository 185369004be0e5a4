#pragma once
// Per-request metrics of a streamed completion, and statistics over a run.
// No clocks here: the transport passes every timestamp in, in milliseconds on
// any monotonic clock, and times are reported relative to the request start.
//
// ---------------------------------------------------------------------------
// What the numbers mean (shown to users)
//
//   headers_ms       response headers received - request sent
//   ttfb_ms          first body byte - request sent (keep-alives count: it is a byte)
//   ttft_ms          first chunk carrying non-empty content OR reasoning text - request sent.
//                    Not the headers, not a role-only first chunk, not a keep-alive comment.
//   first_answer_ms  first chunk carrying non-empty visible content (after any reasoning)
//   e2e_ms           end of stream (or the timeout) - request sent
//   itl_ms           every gap between consecutive token-bearing events (content or
//                    reasoning); events that arrived in the same network read get a 0 gap,
//                    which is what the client saw
//   completion_tokens  from the provider's usage report; when it sent none, estimated
//                    as ceil(characters / 4) of content + reasoning, and usage_estimated
//                    is true. A streamed chunk is not a token: chunks may carry several.
//   decode tokens N  completion_tokens, minus reported reasoning_tokens when no reasoning
//                    text was streamed (hidden reasoning happens before the first token)
//   tpot_ms          (e2e_ms - ttft_ms) / (N - 1)          (only when N >= 2)
//   decode_tok_s     (N - 1) / ((e2e_ms - ttft_ms) / 1000)  (only when N >= 2)
//
// Outcome, first match wins:
//   http_error    status outside 200-299 (error = the provider's message from the body)
//   stream_error  an error reported inside a 200 stream, malformed event JSON, or a
//                 transport failure (connection refused, reset)
//   timeout       the caller gave up waiting
//   truncated     the stream ended without its dialect's terminator (never ok)
//   ok
// ---------------------------------------------------------------------------
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/probe/dialects.hpp"
#include "w2t/probe/sse.hpp"

namespace w2t::probe {

enum class Outcome { ok, http_error, stream_error, truncated, timeout };
std::string_view to_string(Outcome o);

struct RequestRecord {
    Dialect dialect = Dialect::openai_chat;
    Outcome outcome = Outcome::ok;
    int http_status = 0;  // 0: no response
    std::optional<std::string> error;
    std::string content;
    std::string reasoning;
    std::optional<Usage> usage;  // nullopt: nothing known
    bool usage_estimated = false;
    std::optional<ServerTimings> server_timings;
    std::string finish_reason;
    std::optional<double> headers_ms, ttfb_ms, ttft_ms, first_answer_ms, e2e_ms, tpot_ms, decode_tok_s;
    std::vector<double> itl_ms;
    std::size_t events = 0;      // SSE events or NDJSON lines decoded
    std::size_t keepalives = 0;  // SSE comment lines
    std::size_t bytes = 0;       // body bytes
};

struct ProbeOptions {
    Dialect dialect = Dialect::openai_chat;
    double request_start_ms = 0.0;
    // Characters of the prompt, to estimate prompt_tokens when the provider reports none.
    std::optional<std::size_t> prompt_chars;
    // How much of an error body (or of a 200 body that never parsed) is kept.
    std::size_t max_error_body = 64 * 1024;
};

// Feed it what the transport sees, in order; then read record().
class RequestAccumulator {
public:
    explicit RequestAccumulator(ProbeOptions options);
    explicit RequestAccumulator(Dialect dialect, double request_start_ms = 0.0);

    void on_headers(int http_status, double at_ms);
    void on_chunk(double at_ms, std::string_view bytes);
    void on_end(double at_ms);                               // the server closed the stream
    void on_timeout(double at_ms);                           // the caller gave up
    void on_transport_error(double at_ms, std::string message);  // connection failed or reset

    // The record so far; complete once on_end / on_timeout / on_transport_error was called.
    RequestRecord record() const;

private:
    void apply(const Delta& d, double at_ms);
    void decode_error(const Error& e);
    double rel(double at_ms) const { return at_ms - opt_.request_start_ms; }

    ProbeOptions opt_;
    SseParser sse_;
    NdjsonParser ndjson_;
    std::vector<SseEvent> events_;     // scratch
    std::vector<std::string> lines_;   // scratch
    RequestRecord rec_;
    bool headers_seen_ = false;
    bool ended_ = false;
    bool timed_out_ = false;
    bool terminated_ = false;          // the dialect's terminator arrived
    bool ended_mid_event_ = false;
    std::optional<std::string> stream_error_;
    std::string body_;                 // error body, or the start of a 200 body
    std::vector<double> token_times_;  // relative ms of every token-bearing event
    Usage usage_;
    ServerTimings timings_;
    std::optional<double> end_ms_;
};

nlohmann::json to_json(const RequestRecord& r);

// --------------------------------------------------------------- statistics

// Percentiles use linear interpolation between closest ranks (the "C = 1"
// variant: NumPy's default "linear", Excel PERCENTILE.INC): for n sorted values
// x[0..n-1], rank r = p/100 * (n - 1), result x[floor r] + (r - floor r) *
// (x[floor r + 1] - x[floor r]). stddev is the sample standard deviation
// (n - 1 in the denominator; 0 for a single value).
struct Summary {
    std::size_t count = 0;    // finite values used
    std::size_t skipped = 0;  // absent, NaN or infinite values left out
    double min = 0, max = 0, mean = 0, stddev = 0, p50 = 0, p90 = 0, p95 = 0, p99 = 0;
};

// p in [0, 100]; `sorted` ascending and non-empty.
double percentile_sorted(const std::vector<double>& sorted, double p);
Summary summarize(const std::vector<double>& values);
Summary summarize(const std::vector<std::optional<double>>& values);
// Statistics are null when count is 0.
nlohmann::json to_json(const Summary& s);

// A run: outcome counts over every request; latency statistics over the ok
// requests only (a truncated or failed request's timings measure the failure).
nlohmann::json summarize_run(const std::vector<RequestRecord>& records);

}  // namespace w2t::probe
