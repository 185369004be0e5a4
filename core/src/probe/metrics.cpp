// Request accumulator and run statistics (formulas in metrics.hpp).
//
// [SECTION] accumulator: events in
// [SECTION] accumulator: the record
// [SECTION] to_json
// [SECTION] statistics
#include "w2t/probe/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace w2t::probe {
namespace {

std::size_t utf8_chars(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::int64_t estimate_tokens(std::size_t chars) {
    return static_cast<std::int64_t>((chars + 3) / 4);  // ceil(chars / 4)
}

bool success(int status) { return status >= 200 && status <= 299; }

}  // namespace

std::string_view to_string(Outcome o) {
    switch (o) {
        case Outcome::ok: return "ok";
        case Outcome::http_error: return "http_error";
        case Outcome::stream_error: return "stream_error";
        case Outcome::truncated: return "truncated";
        case Outcome::timeout: return "timeout";
    }
    return "?";
}

// [SECTION] accumulator: events in

RequestAccumulator::RequestAccumulator(ProbeOptions options) : opt_(std::move(options)) {
    rec_.dialect = opt_.dialect;
}

RequestAccumulator::RequestAccumulator(Dialect dialect, double request_start_ms)
    : RequestAccumulator(ProbeOptions{dialect, request_start_ms, std::nullopt, 64 * 1024}) {}

void RequestAccumulator::on_headers(int http_status, double at_ms) {
    if (headers_seen_ || ended_) return;
    headers_seen_ = true;
    rec_.http_status = http_status;
    rec_.headers_ms = rel(at_ms);
}

void RequestAccumulator::on_chunk(double at_ms, std::string_view bytes) {
    if (ended_ || bytes.empty()) return;
    if (!headers_seen_) on_headers(200, at_ms);  // a transport that reports no headers
    rec_.bytes += bytes.size();
    if (!rec_.ttfb_ms) rec_.ttfb_ms = rel(at_ms);

    // Keep the start of the body: all of it for an error page, and for a 200
    // answer in case it turns out to be a plain JSON error instead of a stream.
    if (body_.size() < opt_.max_error_body)
        body_.append(bytes.substr(0, opt_.max_error_body - body_.size()));
    if (!success(rec_.http_status)) return;

    if (uses_ndjson(opt_.dialect)) {
        lines_.clear();
        ndjson_.feed(bytes, lines_);
        for (const auto& l : lines_) {
            ++rec_.events;
            auto d = decode_line(opt_.dialect, l);
            if (d) apply(*d, at_ms);
            else decode_error(d.error());
        }
    } else {
        events_.clear();
        sse_.feed(bytes, events_);
        rec_.keepalives = sse_.comments();
        for (const auto& ev : events_) {
            ++rec_.events;
            auto d = decode_event(opt_.dialect, ev);
            if (d) apply(*d, at_ms);
            else decode_error(d.error());
        }
    }
}

void RequestAccumulator::apply(const Delta& d, double at_ms) {
    if (terminated_) return;  // anything after the terminator is not part of the answer
    if (d.error && !stream_error_) stream_error_ = *d.error;
    if (!d.content.empty() || !d.reasoning.empty()) {
        const double t = rel(at_ms);
        token_times_.push_back(t);
        if (!rec_.ttft_ms) rec_.ttft_ms = t;
        if (!d.content.empty() && !rec_.first_answer_ms) rec_.first_answer_ms = t;
        rec_.content += d.content;
        rec_.reasoning += d.reasoning;
    }
    usage_.merge(d.usage);
    timings_.merge(d.timings);
    if (!d.finish_reason.empty()) rec_.finish_reason = d.finish_reason;
    if (d.terminal) terminated_ = true;
}

void RequestAccumulator::decode_error(const Error& e) {
    if (!stream_error_ && !terminated_) stream_error_ = "malformed event: " + e.message;
}

void RequestAccumulator::on_end(double at_ms) {
    if (ended_) return;
    ended_ = true;
    end_ms_ = rel(at_ms);
    if (!success(rec_.http_status)) return;
    if (uses_ndjson(opt_.dialect)) {
        StreamEnd end = ndjson_.finish();
        // A last line without its newline is still a whole JSON value if it parses.
        if (end.mid_event) {
            auto d = decode_line(opt_.dialect, end.partial);
            if (d) {
                ++rec_.events;
                apply(*d, at_ms);
            } else {
                ended_mid_event_ = true;
            }
        }
    } else {
        ended_mid_event_ = sse_.finish().mid_event;
    }
}

void RequestAccumulator::on_timeout(double at_ms) {
    if (ended_) return;
    on_end(at_ms);
    timed_out_ = true;
}

void RequestAccumulator::on_transport_error(double at_ms, std::string message) {
    if (ended_) return;
    on_end(at_ms);
    if (!stream_error_) stream_error_ = message.empty() ? "transport error" : std::move(message);
}

// [SECTION] accumulator: the record

RequestRecord RequestAccumulator::record() const {
    RequestRecord r = rec_;
    r.keepalives = sse_.comments();
    r.e2e_ms = end_ms_;

    // Outcome and error text.
    if (rec_.http_status != 0 && !success(rec_.http_status)) {
        r.outcome = Outcome::http_error;
        std::string msg = extract_error_message(body_);
        r.error = msg.empty() ? "HTTP " + std::to_string(rec_.http_status) : msg;
    } else if (stream_error_) {
        r.outcome = Outcome::stream_error;
        r.error = stream_error_;
    } else if (timed_out_) {
        r.outcome = Outcome::timeout;
        r.error = "timed out after " + std::to_string(static_cast<long long>(std::llround(end_ms_.value_or(0)))) +
                  " ms";
    } else if (!terminated_ && r.events == 0 && !body_.empty() &&
               (body_.find("\"error\"") != std::string::npos)) {
        // A 200 with a plain JSON error body instead of a stream.
        r.outcome = Outcome::stream_error;
        r.error = extract_error_message(body_);
    } else if (!terminated_) {
        r.outcome = Outcome::truncated;
        std::string msg = ended_ ? "stream ended without " : "stream still open, no ";
        msg += terminator_description(opt_.dialect);
        if (ended_mid_event_) msg += ", in the middle of an event";
        if (!rec_.finish_reason.empty()) msg += " (finish_reason '" + rec_.finish_reason + "' was seen)";
        r.error = msg;
    } else {
        r.outcome = Outcome::ok;
    }

    // Usage: the provider's numbers, else an estimate that says so.
    if (r.error) r.error = to_valid_utf8(*r.error);  // e.g. a transport's message: JSON needs valid UTF-8

    // An HTTP error generated nothing: its usage stays null.
    Usage u = usage_;
    if (r.outcome != Outcome::http_error) {
        const std::size_t text_chars = utf8_chars(rec_.content) + utf8_chars(rec_.reasoning);
        if (!u.completion_tokens && text_chars > 0) {
            u.completion_tokens = estimate_tokens(text_chars);
            r.usage_estimated = true;
        }
        if (!u.prompt_tokens && u.completion_tokens && opt_.prompt_chars) {
            u.prompt_tokens = estimate_tokens(*opt_.prompt_chars);
            r.usage_estimated = true;
        }
        if (!u.empty()) r.usage = u;
    }
    if (!timings_.empty()) r.server_timings = timings_;

    // Inter-token gaps and decode speed.
    r.itl_ms.clear();
    for (std::size_t i = 1; i < token_times_.size(); ++i) r.itl_ms.push_back(token_times_[i] - token_times_[i - 1]);
    if (u.completion_tokens && r.ttft_ms && r.e2e_ms) {
        std::int64_t n = *u.completion_tokens;
        if (rec_.reasoning.empty() && u.reasoning_tokens && *u.reasoning_tokens < n) n -= *u.reasoning_tokens;
        const double decode_ms = *r.e2e_ms - *r.ttft_ms;
        if (n >= 2 && decode_ms > 0) {
            r.tpot_ms = decode_ms / static_cast<double>(n - 1);
            r.decode_tok_s = static_cast<double>(n - 1) / (decode_ms / 1000.0);
        }
    }
    return r;
}

// [SECTION] to_json

namespace {
nlohmann::json opt_num(const std::optional<double>& v) {
    return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json to_json(const RequestRecord& r) {
    using nlohmann::json;
    json j;
    j["dialect"] = std::string(to_string(r.dialect));
    j["outcome"] = std::string(to_string(r.outcome));
    j["http_status"] = r.http_status == 0 ? json(nullptr) : json(r.http_status);
    j["error"] = r.error ? json(*r.error) : json(nullptr);
    j["content"] = r.content;
    j["reasoning"] = r.reasoning;
    if (r.usage) {
        j["usage"] = to_json(*r.usage);
    } else {
        j["usage"] = nullptr;
    }
    j["usage_estimated"] = r.usage_estimated;
    j["server_timings"] = r.server_timings ? to_json(*r.server_timings) : json(nullptr);
    j["finish_reason"] = r.finish_reason.empty() ? json(nullptr) : json(r.finish_reason);
    j["headers_ms"] = opt_num(r.headers_ms);
    j["ttfb_ms"] = opt_num(r.ttfb_ms);
    j["ttft_ms"] = opt_num(r.ttft_ms);
    j["first_answer_ms"] = opt_num(r.first_answer_ms);
    j["e2e_ms"] = opt_num(r.e2e_ms);
    j["tpot_ms"] = opt_num(r.tpot_ms);
    j["decode_tok_s"] = opt_num(r.decode_tok_s);
    j["itl_ms"] = r.itl_ms;
    j["events"] = r.events;
    j["keepalives"] = r.keepalives;
    j["bytes"] = r.bytes;
    return j;
}

// [SECTION] statistics

double percentile_sorted(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0.0;
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (rank - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Summary summarize(const std::vector<double>& values) {
    Summary s;
    std::vector<double> v;
    v.reserve(values.size());
    for (double x : values) {
        if (std::isfinite(x)) v.push_back(x);
        else ++s.skipped;
    }
    s.count = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.min = v.front();
    s.max = v.back();
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / static_cast<double>(v.size());
    if (v.size() > 1) {
        double sq = 0;  // two-pass: no catastrophic cancellation
        for (double x : v) sq += (x - s.mean) * (x - s.mean);
        s.stddev = std::sqrt(sq / static_cast<double>(v.size() - 1));
    }
    s.p50 = percentile_sorted(v, 50);
    s.p90 = percentile_sorted(v, 90);
    s.p95 = percentile_sorted(v, 95);
    s.p99 = percentile_sorted(v, 99);
    return s;
}

Summary summarize(const std::vector<std::optional<double>>& values) {
    std::vector<double> v;
    std::size_t absent = 0;
    for (const auto& x : values) {
        if (x) v.push_back(*x);
        else ++absent;
    }
    Summary s = summarize(v);
    s.skipped += absent;
    return s;
}

nlohmann::json to_json(const Summary& s) {
    using nlohmann::json;
    json j{{"count", s.count}, {"skipped", s.skipped}};
    for (const auto& [k, v] : {std::pair<const char*, double>{"min", s.min}, {"max", s.max}, {"mean", s.mean},
                               {"stddev", s.stddev}, {"p50", s.p50}, {"p90", s.p90}, {"p95", s.p95},
                               {"p99", s.p99}})
        j[k] = s.count == 0 ? json(nullptr) : json(v);
    return j;
}

nlohmann::json summarize_run(const std::vector<RequestRecord>& records) {
    using nlohmann::json;
    json outcomes = json::object();
    for (Outcome o : {Outcome::ok, Outcome::http_error, Outcome::stream_error, Outcome::truncated, Outcome::timeout})
        outcomes[std::string(to_string(o))] = std::size_t{0};
    std::vector<std::optional<double>> headers, ttfb, ttft, first_answer, e2e, tpot, tok_s;
    std::vector<double> itl;
    std::size_t estimated = 0;
    for (const auto& r : records) {
        auto& n = outcomes[std::string(to_string(r.outcome))];
        n = n.get<std::size_t>() + 1;
        if (r.outcome != Outcome::ok) continue;
        headers.push_back(r.headers_ms);
        ttfb.push_back(r.ttfb_ms);
        ttft.push_back(r.ttft_ms);
        first_answer.push_back(r.first_answer_ms);
        e2e.push_back(r.e2e_ms);
        tpot.push_back(r.tpot_ms);
        tok_s.push_back(r.decode_tok_s);
        itl.insert(itl.end(), r.itl_ms.begin(), r.itl_ms.end());
        if (r.usage_estimated) ++estimated;
    }
    return json{{"requests", records.size()},
                {"outcomes", outcomes},
                {"usage_estimated_requests", estimated},
                {"headers_ms", to_json(summarize(headers))},
                {"ttfb_ms", to_json(summarize(ttfb))},
                {"ttft_ms", to_json(summarize(ttft))},
                {"first_answer_ms", to_json(summarize(first_answer))},
                {"e2e_ms", to_json(summarize(e2e))},
                {"tpot_ms", to_json(summarize(tpot))},
                {"decode_tok_s", to_json(summarize(tok_s))},
                {"itl_ms", to_json(summarize(itl))}};
}

}  // namespace w2t::probe
