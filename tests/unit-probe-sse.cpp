// SSE and NDJSON parsers: the WHATWG rules one by one, then split-invariance
// over every fixture (every split position, byte by byte, seeded random splits).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "data/streams/fixtures.hpp"
#include "w2t/probe/sse.hpp"

using namespace w2t::probe;
namespace fx = w2t::probe::fixtures;

namespace {

std::vector<SseEvent> parse_all(std::string_view bytes) {
    SseParser p;
    return p.feed(bytes);
}

struct SseRun {
    std::vector<SseEvent> events;
    std::size_t comments;
    StreamEnd end;
};

SseRun run_sse(std::string_view bytes, const std::vector<std::size_t>& cuts) {
    SseParser p;
    SseRun r;
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        p.feed(bytes.substr(from, cut - from), r.events);
        from = cut;
    }
    p.feed(bytes.substr(from), r.events);
    r.comments = p.comments();
    r.end = p.finish();
    return r;
}

struct NdRun {
    std::vector<std::string> lines;
    StreamEnd end;
};

NdRun run_nd(std::string_view bytes, const std::vector<std::size_t>& cuts) {
    NdjsonParser p;
    NdRun r;
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
        p.feed(bytes.substr(from, cut - from), r.lines);
        from = cut;
    }
    p.feed(bytes.substr(from), r.lines);
    r.end = p.finish();
    return r;
}

void expect_same(const SseRun& a, const SseRun& b, const std::string& where) {
    ASSERT_EQ(a.events.size(), b.events.size()) << where;
    for (std::size_t i = 0; i < a.events.size(); ++i) EXPECT_EQ(a.events[i], b.events[i]) << where << " event " << i;
    EXPECT_EQ(a.comments, b.comments) << where;
    EXPECT_EQ(a.end.mid_event, b.end.mid_event) << where;
    EXPECT_EQ(a.end.partial, b.end.partial) << where;
}

// Random cut positions, sorted, from a fixed seed so failures reproduce.
std::vector<std::size_t> random_cuts(std::mt19937& rng, std::size_t size) {
    std::vector<std::size_t> cuts;
    if (size < 2) return cuts;
    const std::size_t n = rng() % 12;
    for (std::size_t i = 0; i < n; ++i) cuts.push_back(1 + rng() % (size - 1));
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

const std::vector<std::string_view> kSseFixtures = {
    fx::kOpenAiChat, fx::kKeepAliveCrlf, fx::kReasoningThenContent, fx::kUsageEveryChunk, fx::kGroq,
    fx::kCerebras,   fx::kLlamaCpp,      fx::kErrorAfter200,        fx::kTruncated,       fx::kOpenAiResponses,
    fx::kAnthropic,  fx::kAnthropicOverloaded, fx::kGemini,
    // Spec corner cases: BOM, lone CR line ends, multi-line data, retry, id.
    "\xEF\xBB\xBF" "data: a\rdata: b\r\r: c\rid: 7\revent: x\rretry: 100\rdata:\xC3\xA9\xE2\x82\xAC\r\n\r\n",
};

}  // namespace

TEST(ProbeSse, LineEndsLfCrCrlfAndMixed) {
    for (std::string_view s : {"data: 1\n\ndata: 2\n\n", "data: 1\r\rdata: 2\r\r", "data: 1\r\n\r\ndata: 2\r\n\r\n",
                               "data: 1\r\n\ndata: 2\r\r\n"}) {
        auto ev = parse_all(s);
        ASSERT_EQ(ev.size(), 2u) << s;
        EXPECT_EQ(ev[0].data, "1");
        EXPECT_EQ(ev[1].data, "2");
    }
}

TEST(ProbeSse, CrAtChunkEndThenLfIsOneLineEnd) {
    SseParser p;
    std::vector<SseEvent> out;
    p.feed("data: a\r", out);
    p.feed("\ndata: b\r\n\r\n", out);
    // Were CR and LF two line ends, the LF would be a blank line and dispatch "a" alone.
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].data, "a\nb");
}

TEST(ProbeSse, CommentsAreCountedAsKeepAlives) {
    SseParser p;
    auto ev = p.feed(": ping\n\n:\n\ndata: x\n: mid-event comment\n\n");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].data, "x");
    EXPECT_EQ(p.comments(), 3u);
}

TEST(ProbeSse, MultiLineDataJoinedWithNewline) {
    auto ev = parse_all("data: first\ndata: second\ndata\ndata: third\n\n");
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].data, "first\nsecond\n\nthird");
}

TEST(ProbeSse, OnlyOneLeadingSpaceIsStripped) {
    auto ev = parse_all("data:  two spaces\n\ndata:none\n\ndata: \n\n");
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[0].data, " two spaces");
    EXPECT_EQ(ev[1].data, "none");
    EXPECT_EQ(ev[2].data, "");  // a data field was present: dispatched with empty data, per spec
}

TEST(ProbeSse, LeadingBomIgnoredOnceEvenWhenSplit) {
    auto ev = parse_all("\xEF\xBB\xBF" "data: 1\n\n\xEF\xBB\xBF" "data: 2\n\ndata: 3\n\n");
    ASSERT_EQ(ev.size(), 2u);  // the second BOM is part of a field name, so that line is ignored
    EXPECT_EQ(ev[0].data, "1");
    EXPECT_EQ(ev[1].data, "3");

    SseParser p;
    std::vector<SseEvent> out;
    for (char c : std::string_view("\xEF\xBB\xBF" "data: x\n\n")) p.feed(std::string_view(&c, 1), out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].data, "x");

    // A stream that starts like a BOM but is not one keeps its bytes.
    auto not_bom = parse_all("\xEF" "data: y\n\n");
    EXPECT_TRUE(not_bom.empty());
    auto plain = parse_all("da");
    EXPECT_TRUE(plain.empty());
}

TEST(ProbeSse, EventIdRetryAndUnknownFields) {
    auto ev = parse_all(
        "event: add\nid: 42\nretry: 3000\nfoo: bar\ndata: 1\n\n"
        "data: 2\n\n"
        "id\nretry: 12x\nevent: del\ndata: 3\n\n");
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[0].event, "add");
    EXPECT_EQ(ev[0].id, "42");
    EXPECT_EQ(ev[0].retry, 3000);
    EXPECT_EQ(ev[1].event, "");  // the event type is reset after each dispatch
    EXPECT_EQ(ev[1].id, "42");   // the last event ID persists
    EXPECT_FALSE(ev[1].retry.has_value());
    EXPECT_EQ(ev[2].id, "");     // an empty id resets it
    EXPECT_FALSE(ev[2].retry.has_value());  // not all digits: ignored
    EXPECT_EQ(ev[2].event, "del");
}

TEST(ProbeSse, NoDispatchWithoutData) {
    SseParser p;
    auto ev = p.feed("event: only-a-name\nid: 1\n\n\n\n");
    EXPECT_TRUE(ev.empty());
    EXPECT_FALSE(p.finish().mid_event);
}

TEST(ProbeSse, FinishReportsAnUnfinishedEvent) {
    {
        SseParser p;
        p.feed("data: complete\n\n");
        EXPECT_FALSE(p.finish().mid_event);
    }
    {
        SseParser p;
        p.feed("data: [DONE]\n");  // fields seen but never dispatched
        EXPECT_TRUE(p.finish().mid_event);
        EXPECT_EQ(p.finish().partial, "");
    }
    {
        SseParser p;
        p.feed("data: {\"cho");
        EXPECT_TRUE(p.finish().mid_event);
        EXPECT_EQ(p.finish().partial, "data: {\"cho");
    }
    {
        SseParser p;
        p.feed(": just a comment\n");
        EXPECT_FALSE(p.finish().mid_event);
    }
}

TEST(ProbeSse, SplitUtf8CharactersSurvive) {
    const std::string_view s = "data: w\xC3\xB6rld \xE2\x82\xAC \xF0\x9F\x98\x80\n\n";
    for (std::size_t cut = 1; cut < s.size(); ++cut) {
        SseParser p;
        std::vector<SseEvent> out;
        p.feed(s.substr(0, cut), out);
        p.feed(s.substr(cut), out);
        ASSERT_EQ(out.size(), 1u) << cut;
        EXPECT_EQ(out[0].data, "w\xC3\xB6rld \xE2\x82\xAC \xF0\x9F\x98\x80") << cut;
    }
}

TEST(ProbeSse, SplitInvariantAtEveryPosition) {
    for (std::size_t f = 0; f < kSseFixtures.size(); ++f) {
        const std::string_view s = kSseFixtures[f];
        const SseRun whole = run_sse(s, {});
        ASSERT_FALSE(whole.events.empty()) << "fixture " << f;
        for (std::size_t cut = 0; cut <= s.size(); ++cut)
            expect_same(whole, run_sse(s, {cut}), "fixture " + std::to_string(f) + " cut " + std::to_string(cut));
        std::vector<std::size_t> every;
        for (std::size_t i = 1; i < s.size(); ++i) every.push_back(i);
        expect_same(whole, run_sse(s, every), "fixture " + std::to_string(f) + " byte by byte");
    }
}

TEST(ProbeSse, SplitInvariantAtRandomSplits) {
    std::mt19937 rng(20261126);
    for (std::size_t f = 0; f < kSseFixtures.size(); ++f) {
        const std::string_view s = kSseFixtures[f];
        const SseRun whole = run_sse(s, {});
        for (int trial = 0; trial < 200; ++trial)
            expect_same(whole, run_sse(s, random_cuts(rng, s.size())),
                        "fixture " + std::to_string(f) + " trial " + std::to_string(trial));
    }
}

TEST(ProbeSse, FixturesParseToTheExpectedEventCounts) {
    EXPECT_EQ(run_sse(fx::kOpenAiChat, {}).events.size(), 6u);
    const auto ka = run_sse(fx::kKeepAliveCrlf, {});
    EXPECT_EQ(ka.events.size(), 4u);
    EXPECT_EQ(ka.comments, 3u);
    EXPECT_EQ(run_sse(fx::kAnthropic, {}).events.size(), 12u);
    EXPECT_EQ(run_sse(fx::kAnthropic, {}).events[2].event, "ping");
    EXPECT_EQ(run_sse(fx::kGemini, {}).events.size(), 3u);
    const auto cut = run_sse(fx::kTruncated, {});
    EXPECT_EQ(cut.events.size(), 2u);
    EXPECT_TRUE(cut.end.mid_event);
}

// ------------------------------------------------------------------ NDJSON

TEST(ProbeNdjson, LinesCrlfAndBlankLines) {
    NdjsonParser p;
    auto lines = p.feed("{\"a\":1}\n\n  \r\n{\"b\":2}\r\n{\"c\":");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "{\"a\":1}");
    EXPECT_EQ(lines[1], "{\"b\":2}");
    auto end = p.finish();
    EXPECT_TRUE(end.mid_event);
    EXPECT_EQ(end.partial, "{\"c\":");
    auto more = p.feed("3}\n");
    ASSERT_EQ(more.size(), 1u);
    EXPECT_EQ(more[0], "{\"c\":3}");
    EXPECT_FALSE(p.finish().mid_event);
}

TEST(ProbeNdjson, TrailingBlankTailIsNotMidEvent) {
    NdjsonParser p;
    p.feed("{\"a\":1}\n  ");
    EXPECT_FALSE(p.finish().mid_event);
}

TEST(ProbeNdjson, SplitInvariantEverywhereAndAtRandom) {
    const std::string crlf = [] {
        std::string s;
        for (char c : fx::kOllama) {
            if (c == '\n') s += "\r\n\r\n";
            else s += c;
        }
        return s;
    }();
    std::mt19937 rng(7);
    for (std::string_view s : {fx::kOllama, std::string_view(crlf)}) {
        const NdRun whole = run_nd(s, {});
        ASSERT_EQ(whole.lines.size(), 4u);
        for (std::size_t cut = 0; cut <= s.size(); ++cut) {
            const NdRun r = run_nd(s, {cut});
            ASSERT_EQ(r.lines, whole.lines) << cut;
            EXPECT_EQ(r.end.mid_event, whole.end.mid_event) << cut;
        }
        for (int trial = 0; trial < 200; ++trial) {
            const NdRun r = run_nd(s, random_cuts(rng, s.size()));
            ASSERT_EQ(r.lines, whole.lines) << trial;
        }
    }
}
