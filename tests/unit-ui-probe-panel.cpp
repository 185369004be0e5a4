// The probe panel, run headless: requests built per dialect as the CLI builds
// them, a run fed through a fake transport (as public/probe.js would feed it),
// records with outcomes, statistics, histogram bins and the per-token timeline,
// the key masked everywhere, and a layout from a 360-px phone to a desktop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app.hpp"
#include "chart.hpp"
#include "panel_probe.hpp"
#include "support/imgui_headless.hpp"
#include "widget_rects.hpp"

using namespace w2t;
using namespace w2t::web;
using nlohmann::json;

namespace {

void paint_nothing(ImDrawList*, const WaferMapParams&) {}
const MapPainter kNoPainter{paint_nothing};
const std::string kSecret = "sk-test-SECRET123";

void draw_probe(test::HeadlessImGui& ui, App& app, int frames = 3) {
    set_view(app, "probe");
    for (int i = 0; i < frames; ++i) ui.frame([&] { draw_app(app, kNoPainter); });
}

struct FakeTransport {
    std::vector<json> plans;
    std::vector<uint64_t> cancelled;
    std::vector<std::string> saved;
    void install(ProbePanel& p) {
        p.transport.start = [this](const std::string& plan) { plans.push_back(json::parse(plan)); };
        p.transport.cancel = [this](uint64_t id) { cancelled.push_back(id); };
        p.transport.save_keys = [this](const std::string& keys) { saved.push_back(keys); };
        p.transport.download = [](const std::string&, const std::string&) {};
    }
};

std::string sse(const std::string& text) {
    return "data: " + json{{"choices", json::array({{{"index", 0}, {"delta", {{"content", text}}}}})}}.dump() + "\n\n";
}

const std::string kEnd =
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7}}\n\n"
    "data: [DONE]\n\n";

// One ok openai-chat request: the first text `ttft` ms after it was sent, then 5 ms apart.
void feed_ok(ProbePanel& p, int i, double t0, double ttft) {
    const uint64_t run = p.run.id;
    probe_started(p, run, i, t0);
    probe_headers(p, run, i, 200, t0 + 2);
    probe_chunk(p, run, i, t0 + 2, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n: ka\n\n");
    const char* parts[] = {"Hello", ", wor", "ld! ", "How ", "are ", "you?"};
    double t = t0 + ttft;
    for (const char* part : parts) {
        probe_chunk(p, run, i, t, sse(part));
        t += 5;
    }
    probe_chunk(p, run, i, t, kEnd);
    probe_end(p, run, i, t + 1);
}

}  // namespace

TEST(UiProbePanel, RequestsAreBuiltPerDialectAsTheCliBuildsThem) {
    ProbeSettings s;
    s.url = "http://127.0.0.1:9/v1/chat/completions";
    s.model = "m";
    s.prompt = "Hi";
    s.max_tokens = 32;
    s.dialect = "openai-chat";
    auto r = build_probe_request(s, kSecret);
    ASSERT_TRUE(r) << r.error().message;
    json body = json::parse(r->body);
    EXPECT_EQ(body["stream"], true);
    EXPECT_EQ(body["stream_options"]["include_usage"], true);
    EXPECT_EQ(body["max_tokens"], 32);
    EXPECT_EQ(body["messages"][0]["content"], "Hi");
    bool auth = false;
    for (const auto& [k, v] : r->headers) auth |= k == "Authorization" && v == "Bearer " + kSecret;
    EXPECT_TRUE(auth);
    EXPECT_EQ(r->url.find(kSecret), std::string::npos);

    s.dialect = "anthropic";
    s.headers = "anthropic-dangerous-direct-browser-access: true";
    r = build_probe_request(s, kSecret);
    ASSERT_TRUE(r);
    bool version = false, browser = false, key = false;
    for (const auto& [k, v] : r->headers) {
        version |= k == "anthropic-version" && v == "2023-06-01";
        browser |= k == "anthropic-dangerous-direct-browser-access" && v == "true";
        key |= k == "x-api-key" && v == kSecret;
    }
    EXPECT_TRUE(version && browser && key);

    s.dialect = "gemini";
    s.headers.clear();
    s.url = "https://x/v1beta/models/{model}:streamGenerateContent";
    r = build_probe_request(s, kSecret);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->url, "https://x/v1beta/models/m:streamGenerateContent?alt=sse");
    body = json::parse(r->body);
    EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 32);
    EXPECT_EQ(body["contents"][0]["parts"][0]["text"], "Hi");

    s.dialect = "ollama";
    s.url = "http://127.0.0.1:11434/api/chat";
    body = json::parse(build_probe_request(s, "")->body);
    EXPECT_EQ(body["options"]["num_predict"], 32);

    s.dialect = "openai-responses";
    body = json::parse(build_probe_request(s, "")->body);
    EXPECT_EQ(body["max_output_tokens"], 32);
    EXPECT_EQ(body["input"][0]["role"], "user");

    s.url = "ftp://x";
    EXPECT_EQ(build_probe_request(s, "").error().field, "url");
    s.url = "http://x";
    s.headers = "not a header line";
    EXPECT_EQ(build_probe_request(s, "").error().field, "headers");
}

TEST(UiProbePanel, ARunFedChunkByChunkGivesRecordsStatisticsBinsAndATimeline) {
    test::HeadlessImGui ui;
    App app;
    ProbePanel& p = app.probe;
    FakeTransport t;
    t.install(p);
    ASSERT_FALSE(set_probe_settings(p, {{"preset", "Custom"},
                                        {"url", "http://127.0.0.1:9/ttft-150/v1/chat/completions"},
                                        {"model", "mock"},
                                        {"api_key", kSecret},
                                        {"runs", 6},
                                        {"concurrency", 2}}));
    draw_probe(ui, app);
    EXPECT_EQ(app.view, "probe");
    EXPECT_TRUE(p.run.requests.empty());
    EXPECT_TRUE(t.plans.empty());  // nothing is sent before Run

    ASSERT_TRUE(start_probe_run(p, 0));
    ASSERT_EQ(t.plans.size(), 1u);
    const json& plan = t.plans[0];
    EXPECT_EQ(plan["runs"], 6);
    EXPECT_EQ(plan["concurrency"], 2);
    EXPECT_EQ(plan["headers"]["Authorization"], "Bearer " + kSecret);
    EXPECT_FALSE(start_probe_run(p, 0));  // one run at a time

    const double ttfts[] = {150, 152, 151, 153, 150.5};
    for (int i = 0; i < 5; ++i) feed_ok(p, i, 1000.0 * i, ttfts[i]);
    // The 6th: a 401 whose message echoes the key.
    const uint64_t run = p.run.id;
    probe_started(p, run, 5, 9000);
    probe_headers(p, run, 5, 401, 9003);
    probe_chunk(p, run, 5, 9003, "{\"error\":{\"message\":\"Incorrect API key provided: " + kSecret + "\"}}");
    probe_end(p, run, 5, 9004);
    probe_run_finished(p, run, 9005);
    draw_probe(ui, app, 2);

    EXPECT_FALSE(p.run.active);
    const auto records = probe_records(p);
    ASSERT_EQ(records.size(), 6u);
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(records[i].outcome, probe::Outcome::ok) << records[i].error.value_or("");
        EXPECT_EQ(records[i].content, "Hello, world! How are you?");
        EXPECT_DOUBLE_EQ(*records[i].ttft_ms, ttfts[i]);  // not the role-only chunk nor the keep-alive
    }
    EXPECT_EQ(records[5].outcome, probe::Outcome::http_error);
    EXPECT_EQ(records[5].error->find(kSecret), std::string::npos) << *records[5].error;
    EXPECT_NE(records[5].error->find("[REDACTED]"), std::string::npos);

    EXPECT_EQ(p.summary["outcomes"]["ok"], 5);
    EXPECT_EQ(p.summary["outcomes"]["http_error"], 1);
    EXPECT_DOUBLE_EQ(p.summary["ttft_ms"]["p50"].get<double>(), 151.0);
    // TTFT: 150, 150.5, 151, 152, 153 in bins 0.2 ms wide (span 3 / 20 bins -> 0.2).
    EXPECT_EQ(p.ttft_hist.total(), 5);
    EXPECT_DOUBLE_EQ(p.ttft_hist.width, 0.2);
    EXPECT_EQ(p.ttft_hist.counts.size(), 16u);
    EXPECT_EQ(p.ttft_hist.counts.front(), 1);
    EXPECT_EQ(p.ttft_hist.counts.back(), 1);
    // ITL: 5 gaps of 5 ms per request (the bins hold all 25 in one bin).
    EXPECT_EQ(p.itl_hist.total(), 25);
    EXPECT_EQ(p.itl_hist.counts.size(), 1u);
    // The latest request with text... the 401 has none: the timeline follows the last request.
    p.selected_request = 4;
    ++p.records_version;
    update_probe_panel(p);
    ASSERT_EQ(p.timeline_ms.size(), 6u);
    EXPECT_DOUBLE_EQ(p.timeline_ms[0], 150.5);
    EXPECT_DOUBLE_EQ(p.timeline_ms[5], 175.5);
    ASSERT_TRUE(p.prediction.has_value());
    EXPECT_GT(p.prediction->ttft_ms, 0);
    EXPECT_DOUBLE_EQ(p.prediction->input.input_tokens, 11);  // the measured prompt length
    EXPECT_DOUBLE_EQ(p.prediction->input.output_tokens, 7);

    // The key appears in no state, export, or drawn text.
    EXPECT_EQ(probe_state_json(p).dump().find(kSecret), std::string::npos);
    EXPECT_EQ(probe_export_json(p).dump().find(kSecret), std::string::npos);
    EXPECT_EQ(probe_state_json(p)["api_key_set"], true);

    // A second run keeps the first in the export; cancelling keeps what arrived.
    ASSERT_TRUE(start_probe_run(p, 0));
    feed_ok(p, 0, 20000, 149);
    probe_started(p, p.run.id, 1, 20001);
    cancel_probe_run(p);
    EXPECT_EQ(t.cancelled, std::vector<uint64_t>{p.run.id});
    probe_failed(p, p.run.id, 1, 20002, "cancelled by the user");
    draw_probe(ui, app, 1);
    EXPECT_FALSE(p.run.active);
    EXPECT_TRUE(p.run.cancelled);
    EXPECT_EQ(probe_records(p).size(), 2u);
    EXPECT_EQ(probe_records(p)[0].outcome, probe::Outcome::ok);
    EXPECT_EQ(probe_export_json(p)["runs"].size(), 2u);
    // Events of an older run are ignored.
    probe_chunk(p, run, 0, 1, sse("stale"));
    EXPECT_EQ(probe_records(p)[0].content, "Hello, world! How are you?");
}

TEST(UiProbePanel, UtfEightSplitAcrossChunksStaysIntact) {
    ProbePanel p;
    FakeTransport t;
    t.install(p);
    set_probe_settings(p, {{"preset", "Custom"}, {"url", "http://127.0.0.1:9/v1/chat/completions"}, {"model", "m"},
                           {"runs", 1}});
    ASSERT_TRUE(start_probe_run(p, 0));
    const std::string event = sse("h\xC3\xA9llo \xF0\x9F\x8C\x8D") + kEnd;
    probe_started(p, p.run.id, 0, 0);
    probe_headers(p, p.run.id, 0, 200, 1);
    const size_t cut = event.find('\xC3') + 1;
    probe_chunk(p, p.run.id, 0, 2, event.substr(0, cut));
    probe_chunk(p, p.run.id, 0, 3, event.substr(cut, 7));
    probe_chunk(p, p.run.id, 0, 4, event.substr(cut + 7));
    probe_end(p, p.run.id, 0, 5);
    update_probe_panel(p);
    const auto r = probe_records(p);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].outcome, probe::Outcome::ok);
    EXPECT_EQ(r[0].content, "h\xC3\xA9llo \xF0\x9F\x8C\x8D");
}

TEST(UiProbePanel, KeysAreForgottenAndNeverCarriedToAnotherProvider) {
    ProbePanel p;
    FakeTransport t;
    t.install(p);
    set_probe_settings(p, {{"preset", "OpenAI"}, {"api_key", kSecret}});
    EXPECT_TRUE(t.saved.empty());  // memory only until asked
    set_probe_remember(p, true);
    ASSERT_EQ(t.saved.size(), 1u);
    EXPECT_EQ(json::parse(t.saved.back())["OpenAI"], kSecret);
    apply_probe_preset(p, 4);  // Groq: no key of its own
    EXPECT_TRUE(p.api_key.empty());
    EXPECT_FALSE(p.remember_key);
    apply_probe_preset(p, 0);  // back: the remembered key
    EXPECT_EQ(p.api_key, kSecret);
    forget_probe_key(p);
    EXPECT_TRUE(p.api_key.empty());
    EXPECT_EQ(t.saved.back(), "{}");
}

TEST(UiProbePanel, MixedContentAndUnknownSettingsAreReported) {
    ProbePanel p;
    p.page_protocol = "https:";
    set_probe_settings(p, {{"preset", "Custom"}, {"url", "http://192.0.2.1:8000/v1/chat/completions"}});
    EXPECT_EQ(probe_state_json(p)["mixed_content"], true);
    set_probe_settings(p, {{"url", "http://127.0.0.1:8000/v1/chat/completions"}});
    EXPECT_EQ(probe_state_json(p)["mixed_content"], false);
    EXPECT_TRUE(set_probe_settings(p, {{"preset", "Nope"}}).has_value());
    EXPECT_TRUE(set_probe_settings(p, {{"dialect", "smoke-signals"}}).has_value());
    EXPECT_FALSE(start_probe_run(p, 0));  // no model, no transport
    EXPECT_TRUE(p.run_error.has_value());
}

TEST(UiProbePanel, LaysOutFrom360PxToADesktopWithPositiveWidths) {
    for (float width : {360.0f, 600.0f, 1280.0f, 1920.0f}) {
        test::HeadlessImGui ui(width, 800.0f);
        App app;
        ProbePanel& p = app.probe;
        FakeTransport t;
        t.install(p);
        set_probe_settings(p, {{"preset", "Custom"}, {"url", "http://127.0.0.1:9/v1/chat/completions"},
                               {"model", "m"}, {"runs", 3}});
        ASSERT_TRUE(start_probe_run(p, 0));
        for (int i = 0; i < 3; ++i) feed_ok(p, i, 1000.0 * i, 100 + i);
        draw_probe(ui, app, 3);
        EXPECT_EQ(p.narrow, width < 820.0f) << width;
        for (const char* name : {"probe_preset", "probe_url", "probe_key", "probe_run", "probe_ttft_hist",
                                 "probe_itl_hist", "probe_outcomes"}) {
            auto r = widget_rect(name);
            ASSERT_TRUE(r.has_value()) << name << " at " << width;
            EXPECT_GT(r->x1 - r->x0, 40.0f) << name << " at " << width;
            EXPECT_LE(r->x1, width + 0.5f) << name << " at " << width;
        }
        if (width >= 1280.0f) {  // inputs left of the charts
            EXPECT_LT(widget_rect("probe_url")->x1, widget_rect("probe_ttft_hist")->x0);
        }
    }
}

TEST(Chart, HistogramBinsHaveNiceWidthsAndCountEveryFiniteValue) {
    auto h = chart::histogram_bins({1, 2, 3, 4, 5}, 10);
    EXPECT_DOUBLE_EQ(h.width, 0.5);
    EXPECT_DOUBLE_EQ(h.lo, 1.0);
    EXPECT_EQ(h.counts, (std::vector<int>{1, 0, 1, 0, 1, 0, 1, 0, 1}));
    h = chart::histogram_bins({0.0, 9.99, 10.0, NAN, INFINITY}, 5);
    EXPECT_EQ(h.skipped, 2);
    EXPECT_EQ(h.total(), 3);
    EXPECT_LE(h.counts.size(), 5u);
    EXPECT_TRUE(chart::histogram_bins({}, 10).counts.empty());
    h = chart::histogram_bins({150, 150, 150}, 10);  // all equal: one bin
    EXPECT_EQ(h.counts, std::vector<int>{3});
    for (int bins : {1, 3, 7, 20}) {
        std::vector<double> v;
        for (int i = 0; i < 97; ++i) v.push_back(13.7 + i * 1.37);
        h = chart::histogram_bins(v, bins);
        EXPECT_LE(static_cast<int>(h.counts.size()), bins);
        EXPECT_EQ(h.total(), 97);
        EXPECT_LE(h.lo, 13.7);
        EXPECT_GE(h.edge(h.counts.size()), v.back());
    }
}
