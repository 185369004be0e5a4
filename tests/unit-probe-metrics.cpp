// Request accumulator (outcomes, timings, usage) and run statistics.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "data/streams/fixtures.hpp"
#include "w2t/probe/metrics.hpp"

using namespace w2t::probe;
namespace fx = w2t::probe::fixtures;

namespace {

// Splits a body into its events (blank-line separated) so each can arrive at
// its own time; the separators stay attached to the event they end.
std::vector<std::string> split_after(std::string_view body, std::string_view sep) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (from < body.size()) {
        auto at = body.find(sep, from);
        if (at == std::string_view::npos) {
            parts.emplace_back(body.substr(from));
            break;
        }
        parts.emplace_back(body.substr(from, at + sep.size() - from));
        from = at + sep.size();
    }
    return parts;
}

// Request sent at t=1000; headers at +100; part i arrives at +200 + 50 i; end 1 ms after the last.
RequestRecord run(Dialect d, int status, const std::vector<std::string>& parts) {
    RequestAccumulator acc(d, 1000.0);
    acc.on_headers(status, 1100.0);
    double t = 1200.0;
    for (const auto& p : parts) {
        acc.on_chunk(t, p);
        t += 50.0;
    }
    acc.on_end(t - 49.0);
    return acc.record();
}

}  // namespace

TEST(ProbeMetrics, OpenAiChatTimingsAndFormulas) {
    // Parts: role-only, "Hello", " wörld €😀", finish, usage, [DONE].
    const auto r = run(Dialect::openai_chat, 200, split_after(fx::kOpenAiChat, "\n\n"));
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_FALSE(r.error.has_value());
    EXPECT_EQ(r.http_status, 200);
    EXPECT_DOUBLE_EQ(r.headers_ms.value(), 100.0);
    EXPECT_DOUBLE_EQ(r.ttfb_ms.value(), 200.0);         // the role-only chunk is a byte...
    EXPECT_DOUBLE_EQ(r.ttft_ms.value(), 250.0);         // ...but not a token
    EXPECT_DOUBLE_EQ(r.first_answer_ms.value(), 250.0);
    EXPECT_DOUBLE_EQ(r.e2e_ms.value(), 451.0);          // last part at +450, end at +451
    ASSERT_EQ(r.itl_ms.size(), 1u);
    EXPECT_DOUBLE_EQ(r.itl_ms[0], 50.0);
    ASSERT_TRUE(r.usage.has_value());
    EXPECT_EQ(r.usage->prompt_tokens, 9);
    EXPECT_EQ(r.usage->completion_tokens, 4);
    EXPECT_FALSE(r.usage_estimated);
    // TPOT = (e2e - ttft) / (tokens - 1) = 201 / 3; decode tok/s = 3 / 0.201.
    EXPECT_DOUBLE_EQ(r.tpot_ms.value(), 201.0 / 3.0);
    EXPECT_DOUBLE_EQ(r.decode_tok_s.value(), 3.0 / 0.201);
    EXPECT_EQ(r.content, "Hello w\xC3\xB6rld \xE2\x82\xAC\xF0\x9F\x98\x80");
    EXPECT_EQ(r.events, 6u);
}

TEST(ProbeMetrics, KeepAlivesAreBytesNotTokens) {
    const auto r = run(Dialect::openai_chat, 200, split_after(fx::kKeepAliveCrlf, "\r\n\r\n"));
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_EQ(r.keepalives, 3u);
    EXPECT_DOUBLE_EQ(r.ttfb_ms.value(), 200.0);  // the first keep-alive
    EXPECT_DOUBLE_EQ(r.ttft_ms.value(), 350.0);  // after two keep-alives and a role-only chunk
    EXPECT_EQ(r.content, "Hi!");
    ASSERT_EQ(r.itl_ms.size(), 1u);
    EXPECT_DOUBLE_EQ(r.itl_ms[0], 50.0);
}

TEST(ProbeMetrics, ReasoningThenContent) {
    const auto r = run(Dialect::openai_chat, 200, split_after(fx::kReasoningThenContent, "\n\n"));
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_EQ(r.reasoning, "Let me think.");
    EXPECT_EQ(r.content, "42");
    EXPECT_DOUBLE_EQ(r.ttft_ms.value(), 250.0);          // first reasoning delta
    EXPECT_DOUBLE_EQ(r.first_answer_ms.value(), 350.0);  // first visible content
    EXPECT_EQ(r.itl_ms, (std::vector<double>{50.0, 50.0}));
    // Reasoning was streamed, so its tokens are decode tokens: N = 6.
    EXPECT_DOUBLE_EQ(r.tpot_ms.value(), (r.e2e_ms.value() - 250.0) / 5.0);
}

TEST(ProbeMetrics, HiddenReasoningTokensAreNotDecodeTokens) {
    // A completion of 10 tokens of which 8 were hidden reasoning: N = 2.
    RequestAccumulator acc(Dialect::openai_chat, 0.0);
    acc.on_headers(200, 10);
    acc.on_chunk(100, "data: {\"choices\":[{\"delta\":{\"content\":\"Yes.\"}}]}\n\n");
    acc.on_chunk(200, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":10,"
                      "\"completion_tokens_details\":{\"reasoning_tokens\":8}}}\n\ndata: [DONE]\n\n");
    acc.on_end(200);
    const auto r = acc.record();
    EXPECT_DOUBLE_EQ(r.tpot_ms.value(), 100.0);
    EXPECT_EQ(r.usage->completion_tokens, 10);  // reported as the provider said
}

TEST(ProbeMetrics, UsageInEveryChunkIsNotSummed) {
    const auto r = run(Dialect::openai_chat, 200, split_after(fx::kUsageEveryChunk, "\n\n"));
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_EQ(r.usage->completion_tokens, 3);
    EXPECT_EQ(r.usage->prompt_tokens, 8);
}

TEST(ProbeMetrics, Http401JsonError) {
    const auto r = run(Dialect::openai_chat, 401, {std::string(fx::kError401Json)});
    EXPECT_EQ(r.outcome, Outcome::http_error);
    EXPECT_EQ(r.http_status, 401);
    ASSERT_TRUE(r.error.has_value());
    EXPECT_NE(r.error->find("Incorrect API key provided"), std::string::npos);
    EXPECT_FALSE(r.usage.has_value());
    EXPECT_FALSE(r.ttft_ms.has_value());
    EXPECT_EQ(r.content, "");
}

TEST(ProbeMetrics, Http403HtmlPageSplitAcrossChunks) {
    const std::string html(fx::kError403Html);
    const auto r = run(Dialect::anthropic, 403, {html.substr(0, 60), html.substr(60)});
    EXPECT_EQ(r.outcome, Outcome::http_error);
    EXPECT_EQ(r.error.value_or(""), "403 Forbidden: Access to this resource is denied & logged. nginx");
}

TEST(ProbeMetrics, HttpErrorWithEmptyBodySaysTheStatus) {
    const auto r = run(Dialect::gemini, 503, {});
    EXPECT_EQ(r.outcome, Outcome::http_error);
    EXPECT_EQ(r.error.value_or(""), "HTTP 503");
}

TEST(ProbeMetrics, ErrorObjectAfter200IsAStreamError) {
    const auto r = run(Dialect::openai_chat, 200, split_after(fx::kErrorAfter200, "\n\n"));
    EXPECT_EQ(r.outcome, Outcome::stream_error);
    EXPECT_NE(r.error.value_or("").find("The server had an error"), std::string::npos);
    EXPECT_EQ(r.content, "Par");
}

TEST(ProbeMetrics, AnthropicOverloadedIsAStreamError) {
    const auto r = run(Dialect::anthropic, 200, split_after(fx::kAnthropicOverloaded, "\n\n"));
    EXPECT_EQ(r.outcome, Outcome::stream_error);
    EXPECT_EQ(r.error.value_or(""), "Overloaded (overloaded_error)");
}

TEST(ProbeMetrics, TruncationIsNeverOk) {
    const auto r = run(Dialect::openai_chat, 200, split_after(fx::kTruncated, "\n\n"));
    EXPECT_EQ(r.outcome, Outcome::truncated);
    EXPECT_NE(r.error.value_or("").find("data: [DONE]"), std::string::npos);
    EXPECT_NE(r.error.value_or("").find("middle of an event"), std::string::npos);
    EXPECT_EQ(r.content, "Once upon");
    EXPECT_TRUE(r.usage_estimated);  // no usage arrived: ceil(9 chars / 4) = 3
    EXPECT_EQ(r.usage->completion_tokens, 3);

    // Every event complete, finish_reason seen, but no [DONE]: still truncated.
    std::string body(fx::kOpenAiChat);
    body.resize(body.find("data: [DONE]"));
    const auto r2 = run(Dialect::openai_chat, 200, {body});
    EXPECT_EQ(r2.outcome, Outcome::truncated);
    EXPECT_NE(r2.error.value_or("").find("finish_reason 'stop'"), std::string::npos);

    // A Gemini stream without a finishReason.
    std::string g(fx::kGemini);
    g.resize(g.rfind("data: "));
    EXPECT_EQ(run(Dialect::gemini, 200, {g}).outcome, Outcome::truncated);
}

TEST(ProbeMetrics, Timeout) {
    RequestAccumulator acc(Dialect::anthropic, 0.0);
    acc.on_headers(200, 50);
    acc.on_chunk(80, ": ping\n\n");
    acc.on_timeout(30000);
    acc.on_chunk(30010, "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");  // too late
    const auto r = acc.record();
    EXPECT_EQ(r.outcome, Outcome::timeout);
    EXPECT_EQ(r.error.value_or(""), "timed out after 30000 ms");
    EXPECT_DOUBLE_EQ(r.e2e_ms.value(), 30000.0);
    EXPECT_FALSE(r.ttft_ms.has_value());
    EXPECT_FALSE(r.usage.has_value());
}

TEST(ProbeMetrics, TransportFailureAndPlainJsonErrorOn200) {
    RequestAccumulator acc(Dialect::openai_chat, 0.0);
    acc.on_transport_error(5, "connection refused");
    const auto r = acc.record();
    EXPECT_EQ(r.outcome, Outcome::stream_error);
    EXPECT_EQ(r.error.value_or(""), "connection refused");
    EXPECT_EQ(to_json(r).at("http_status"), nullptr);

    // A server that answers 200 with a JSON error instead of a stream.
    const auto j = run(Dialect::openai_chat, 200, {"{\"error\":{\"message\":\"quota exceeded\"}}"});
    EXPECT_EQ(j.outcome, Outcome::stream_error);
    EXPECT_EQ(j.error.value_or(""), "quota exceeded");
}

TEST(ProbeMetrics, EveryDialectFixtureEndsOk) {
    struct Case {
        Dialect d;
        std::string_view body;
        std::string_view sep;
    };
    for (const Case& c : {Case{Dialect::openai_responses, fx::kOpenAiResponses, "\n\n"},
                          Case{Dialect::anthropic, fx::kAnthropic, "\n\n"},
                          Case{Dialect::gemini, fx::kGemini, "\r\n\r\n"},
                          Case{Dialect::ollama, fx::kOllama, "\n"},
                          Case{Dialect::openai_chat, fx::kGroq, "\n\n"},
                          Case{Dialect::openai_chat, fx::kCerebras, "\n\n"},
                          Case{Dialect::openai_chat, fx::kLlamaCpp, "\n\n"}}) {
        const auto r = run(c.d, 200, split_after(c.body, c.sep));
        EXPECT_EQ(r.outcome, Outcome::ok) << to_string(c.d) << ": " << r.error.value_or("");
        EXPECT_FALSE(r.content.empty()) << to_string(c.d);
        EXPECT_TRUE(r.usage.has_value()) << to_string(c.d);
        EXPECT_FALSE(r.usage_estimated) << to_string(c.d);
        EXPECT_TRUE(r.tpot_ms.has_value()) << to_string(c.d);
    }
    const auto o = run(Dialect::ollama, 200, split_after(fx::kOllama, "\n"));
    ASSERT_TRUE(o.server_timings.has_value());
    EXPECT_NEAR(o.server_timings->decode_ms.value_or(0), 4032.296, 1e-6);
    EXPECT_EQ(o.reasoning, "Hmm");
    EXPECT_DOUBLE_EQ(o.ttft_ms.value(), 200.0);
    EXPECT_DOUBLE_EQ(o.first_answer_ms.value(), 250.0);
    const auto g = run(Dialect::openai_chat, 200, split_after(fx::kGroq, "\n\n"));
    EXPECT_EQ(g.server_timings->source, "x_groq");
}

TEST(ProbeMetrics, OllamaLastLineWithoutNewlineStillCounts) {
    std::string body(fx::kOllama);
    body.pop_back();
    const auto r = run(Dialect::ollama, 200, {body});
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_EQ(r.usage->completion_tokens, 17);
}

TEST(ProbeMetrics, EstimatedUsageSaysSo) {
    ProbeOptions opt;
    opt.dialect = Dialect::anthropic;
    opt.prompt_chars = 40;
    RequestAccumulator acc(opt);
    acc.on_headers(200, 1);
    acc.on_chunk(2, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    "\"delta\":{\"type\":\"text_delta\",\"text\":\"abcdefghi\"}}\n\n"
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    acc.on_end(3);
    const auto r = acc.record();
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_TRUE(r.usage_estimated);
    EXPECT_EQ(r.usage->completion_tokens, 3);  // ceil(9 / 4)
    EXPECT_EQ(r.usage->prompt_tokens, 10);     // 40 / 4
    EXPECT_EQ(to_json(r).at("usage_estimated"), true);
}

TEST(ProbeMetrics, CoalescedEventsGetZeroGaps) {
    const auto r = run(Dialect::openai_chat, 200, {std::string(fx::kReasoningThenContent)});
    EXPECT_EQ(r.outcome, Outcome::ok);
    EXPECT_EQ(r.itl_ms, (std::vector<double>{0.0, 0.0}));
    EXPECT_FALSE(r.tpot_ms.has_value() && r.tpot_ms.value() < 0);
}

TEST(ProbeMetrics, RecordIsSplitInvariant) {
    std::mt19937 rng(99);
    for (std::string_view body : {fx::kOpenAiChat, fx::kAnthropic, fx::kGemini, fx::kOpenAiResponses, fx::kTruncated}) {
        const Dialect d = body == fx::kAnthropic ? Dialect::anthropic
                          : body == fx::kGemini ? Dialect::gemini
                          : body == fx::kOpenAiResponses ? Dialect::openai_responses
                                                         : Dialect::openai_chat;
        const auto whole = to_json(run(d, 200, {std::string(body)}));
        for (int trial = 0; trial < 100; ++trial) {
            std::vector<std::string> parts;
            std::size_t from = 0;
            while (from < body.size()) {
                const std::size_t n = 1 + rng() % 40;
                parts.emplace_back(body.substr(from, n));
                from += n;
            }
            RequestAccumulator acc(d, 0.0);
            acc.on_headers(200, 0);
            for (const auto& p : parts) acc.on_chunk(10, p);  // same arrival time: same timings
            acc.on_end(20);
            auto j = to_json(acc.record());
            auto w = whole;
            for (auto* x : {&j, &w}) {
                for (const char* k : {"ttfb_ms", "ttft_ms", "first_answer_ms", "e2e_ms", "headers_ms", "tpot_ms",
                                      "decode_tok_s", "itl_ms", "bytes"})
                    x->erase(k);
            }
            ASSERT_EQ(j, w) << to_string(d) << " trial " << trial;
        }
    }
}

TEST(ProbeMetrics, JsonHasTheRequiredKeys) {
    const auto ok = to_json(run(Dialect::openai_chat, 200, split_after(fx::kOpenAiChat, "\n\n")));
    for (const char* k : {"outcome", "http_status", "ttft_ms", "content", "reasoning", "usage", "error", "itl_ms"})
        EXPECT_TRUE(ok.contains(k)) << k;
    EXPECT_EQ(ok.at("outcome"), "ok");
    EXPECT_EQ(ok.at("http_status"), 200);
    EXPECT_EQ(ok.at("ttft_ms"), 250.0);
    EXPECT_EQ(ok.at("usage"), (nlohmann::json{{"prompt_tokens", 9}, {"completion_tokens", 4}, {"reasoning_tokens", 0}}));
    EXPECT_TRUE(ok.at("error").is_null());
    EXPECT_TRUE(ok.at("itl_ms").is_array());
    EXPECT_EQ(ok.at("reasoning"), "");

    const auto bad = to_json(run(Dialect::openai_chat, 401, {std::string(fx::kError401Json)}));
    EXPECT_EQ(bad.at("outcome"), "http_error");
    EXPECT_TRUE(bad.at("usage").is_null());
    EXPECT_TRUE(bad.at("ttft_ms").is_null());
    EXPECT_TRUE(bad.at("error").is_string());
    EXPECT_EQ(bad.at("itl_ms"), nlohmann::json::array());
}

// ------------------------------------------------------------- statistics

TEST(ProbeMetricStats, PercentilesInterpolateBetweenClosestRanks) {
    std::vector<double> v;
    for (int i = 10; i >= 1; --i) v.push_back(i);  // unsorted on purpose
    const Summary s = summarize(v);
    EXPECT_EQ(s.count, 10u);
    EXPECT_DOUBLE_EQ(s.min, 1);
    EXPECT_DOUBLE_EQ(s.max, 10);
    EXPECT_DOUBLE_EQ(s.mean, 5.5);
    EXPECT_DOUBLE_EQ(s.p50, 5.5);
    EXPECT_DOUBLE_EQ(s.p90, 9.1);
    EXPECT_DOUBLE_EQ(s.p95, 9.55);
    EXPECT_NEAR(s.p99, 9.91, 1e-12);
    EXPECT_NEAR(s.stddev, std::sqrt(55.0 / 6.0), 1e-12);  // sample stddev of 1..10
    EXPECT_DOUBLE_EQ(percentile_sorted({1, 2, 3, 4}, 0), 1);
    EXPECT_DOUBLE_EQ(percentile_sorted({1, 2, 3, 4}, 100), 4);
    EXPECT_DOUBLE_EQ(percentile_sorted({1, 2, 3, 4}, 50), 2.5);
}

TEST(ProbeMetricStats, NaNFreeSkipsAndCounts) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const Summary s = summarize(std::vector<double>{3, nan, 1, inf, 2});
    EXPECT_EQ(s.count, 3u);
    EXPECT_EQ(s.skipped, 2u);
    EXPECT_DOUBLE_EQ(s.p50, 2);
    const Summary o = summarize(std::vector<std::optional<double>>{std::nullopt, 4.0, std::nullopt});
    EXPECT_EQ(o.count, 1u);
    EXPECT_EQ(o.skipped, 2u);
    EXPECT_DOUBLE_EQ(o.stddev, 0);
    EXPECT_DOUBLE_EQ(o.p99, 4);
    const auto empty = to_json(summarize(std::vector<double>{}));
    EXPECT_EQ(empty.at("count"), 0);
    EXPECT_TRUE(empty.at("p50").is_null());
    EXPECT_EQ(empty.dump().find("NaN"), std::string::npos);
}

TEST(ProbeMetricStats, RunSummaryCountsOutcomesAndUsesOkRequestsForLatency) {
    std::vector<RequestRecord> recs;
    recs.push_back(run(Dialect::openai_chat, 200, split_after(fx::kOpenAiChat, "\n\n")));
    recs.push_back(run(Dialect::openai_chat, 200, split_after(fx::kKeepAliveCrlf, "\r\n\r\n")));
    recs.push_back(run(Dialect::openai_chat, 401, {std::string(fx::kError401Json)}));
    recs.push_back(run(Dialect::openai_chat, 200, split_after(fx::kTruncated, "\n\n")));
    const auto j = summarize_run(recs);
    EXPECT_EQ(j.at("requests"), 4);
    EXPECT_EQ(j.at("outcomes").at("ok"), 2);
    EXPECT_EQ(j.at("outcomes").at("http_error"), 1);
    EXPECT_EQ(j.at("outcomes").at("truncated"), 1);
    EXPECT_EQ(j.at("outcomes").at("timeout"), 0);
    EXPECT_EQ(j.at("ttft_ms").at("count"), 2);
    EXPECT_EQ(j.at("ttft_ms").at("min"), 250.0);
    EXPECT_EQ(j.at("ttft_ms").at("max"), 350.0);
    EXPECT_EQ(j.at("itl_ms").at("count"), 2);
}

TEST(ProbeMetrics, ErrorTextIsAlwaysJsonSafe) {
    // A malformed event whose quoted prefix (120 bytes) ends inside a UTF-8 character.
    std::string data = "data: " + std::string(119, 'x') + "\xE2\x82\xAC tail\n\n";
    const auto r = run(Dialect::openai_chat, 200, {data});
    EXPECT_EQ(r.outcome, Outcome::stream_error);
    EXPECT_NE(r.error.value_or("").find("malformed event"), std::string::npos);
    EXPECT_NO_THROW((void)to_json(r).dump());

    const auto page = run(Dialect::openai_chat, 502, {"<title>Passerelle \xE9puis\xE9" "e</title>"});
    EXPECT_EQ(page.outcome, Outcome::http_error);
    EXPECT_NO_THROW((void)to_json(page).dump());

    RequestAccumulator acc(Dialect::gemini, 0.0);
    acc.on_transport_error(1, "r\xE9initialis\xE9");
    EXPECT_NO_THROW((void)to_json(acc.record()).dump());
}
