// The compare panel, run headless: a log parsed in the panel (errors name line and
// field), two providers run in turn through a fake transport (the probe's plan
// format), rows with the scheduled p95s and costs, a provider failing half its
// requests said so, sorting, the view contract (inputs round trip, unknown keys,
// all-or-nothing), no key in inputs, state, exports or summary, and a layout
// from a 360-px phone to a desktop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app.hpp"
#include "panel_compare.hpp"
#include "support/imgui_headless.hpp"
#include "w2t/cost/prices.hpp"

using namespace w2t;
using namespace w2t::web;
using nlohmann::json;

namespace {

void paint_nothing(ImDrawList*, const WaferMapParams&) {}
const MapPainter kNoPainter{paint_nothing};
const std::string kSecret = "sk-compare-SECRET987";

struct FakeTransport {
    std::vector<json> plans;
    std::vector<uint64_t> cancelled;
    std::vector<std::pair<std::string, std::string>> downloads;
    void install(ComparePanel& p) {
        p.transport.start = [this](const std::string& plan) { plans.push_back(json::parse(plan)); };
        p.transport.cancel = [this](uint64_t id) { cancelled.push_back(id); };
        p.transport.download = [this](const std::string& name, const std::string& text, const std::string&) {
            downloads.emplace_back(name, text);
        };
    }
};

std::string sse(const std::string& text) {
    return "data: " + json{{"choices", json::array({{{"index", 0}, {"delta", {{"content", text}}}}})}}.dump() + "\n\n";
}

// usage: 11 prompt + 7 completion tokens, as tests/mock_provider.py reports
const std::string kEnd =
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7}}\n\n"
    "data: [DONE]\n\n";

// Request i of the current plan: ok with the first text ttft ms after start, or HTTP 500.
void feed(ComparePanel& p, uint64_t run, int i, double t0, double ttft, bool fail = false) {
    compare_started(p, run, i, t0);
    if (fail) {
        compare_headers(p, run, i, 500, t0 + 1);
        compare_chunk(p, run, i, t0 + 1, "{\"error\":{\"message\":\"boom\"}}");
        compare_end(p, run, i, t0 + 2);
        return;
    }
    compare_headers(p, run, i, 200, t0 + 1);
    compare_chunk(p, run, i, t0 + ttft, sse("Hello"));
    compare_chunk(p, run, i, t0 + ttft + 10, sse(" world") + kEnd);
    compare_end(p, run, i, t0 + ttft + 11);
}

// Runs the whole plan: provider k's requests take ttft_ms[k]; fail_every[k] > 0 fails every n-th.
void run_all(ComparePanel& p, FakeTransport& t, const std::vector<double>& ttft_ms, const std::vector<int>& fail_every) {
    ASSERT_TRUE(start_compare_run(p, 0)) << p.run_error.value_or("");
    double now = 100;
    for (std::size_t k = 0; k < t.plans.size(); ++k) {
        const json plan = t.plans[k];
        const uint64_t run = plan["run_id"].get<uint64_t>();
        const std::size_t provider = p.current;
        for (int i = 0; i < plan["runs"].get<int>(); ++i) {
            const bool fail = fail_every[provider] > 0 && (i + 1) % fail_every[provider] == 0;
            feed(p, run, i, now, ttft_ms[provider], fail);
            now += 1000;
        }
        compare_run_finished(p, run, now);
    }
    EXPECT_FALSE(p.running);
}

const json* row_named(const json& rows, const std::string& name) {
    for (const json& r : rows)
        if (r["name"] == name) return &r;
    return nullptr;
}

ComparePanel two_provider_panel(FakeTransport& t) {
    ComparePanel p;
    t.install(p);
    EXPECT_FALSE(set_compare_inputs(p, {{"providers", 2}, {"runs", 4}, {"p1_name", "fast"}, {"p2_name", "slow"},
                                        {"p1_url", "http://127.0.0.1:9/fast/v1/chat/completions"},
                                        {"p2_url", "http://127.0.0.1:9/slow/v1/chat/completions"},
                                        {"p1_model", "m"}, {"p2_model", "m"},
                                        {"p1_input_usd_per_mtok", 1.0}, {"p1_output_usd_per_mtok", 2.0},
                                        {"p2_input_usd_per_mtok", 0.5}, {"p2_output_usd_per_mtok", 1.0}}));
    EXPECT_FALSE(set_compare_key(p, 0, kSecret));
    return p;
}

}  // namespace

TEST(UiComparePanel, LogParsedHereErrorsNameLineAndField) {
    ComparePanel p;
    std::string log;
    for (int i = 0; i < 20; ++i)
        log += "{\"latency_ms\": " + std::to_string(1000 + 100 * i) + ", \"ttft_ms\": " + std::to_string(100 + 10 * i) +
               ", \"prompt_tokens\": 100, \"completion_tokens\": 50, \"cost_usd\": 0.0003, \"prompt\": \"q" +
               std::to_string(i) + "\"}\n";
    ASSERT_FALSE(load_compare_log(p, log, "last30.jsonl"));
    update_compare_panel(p);
    ASSERT_EQ(p.rows.size(), 1u);
    EXPECT_EQ(p.rows[0]["kind"], "baseline");
    EXPECT_DOUBLE_EQ(p.rows[0]["ttft_p95_ms"].get<double>(), 100 + 0.95 * 19 * 10);
    EXPECT_NEAR(p.rows[0]["usd_per_1k_tokens"].get<double>(), 0.0003 / 150 * 1000, 1e-15);
    auto e = load_compare_log(p, "{\"latency_ms\": 1, \"prompt_tokens\": 1, \"completion_tokens\": 1}\n{\"latency_ms\": 1}\n", "bad");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field, "log: line 2: prompt_tokens");
    EXPECT_EQ(p.log_name, "last30.jsonl");  // the previous log stays
    // The log's text is never part of the inputs or the state.
    const std::string state = compare_state_json(p).dump();
    EXPECT_EQ(state.find("latency_ms"), std::string::npos);
    EXPECT_EQ(compare_inputs(p).dump().find("cost_usd"), std::string::npos);
    EXPECT_EQ(compare_state_json(p)["log"]["prompts"], 20);
}

TEST(UiComparePanel, TwoProvidersRunInTurnWithScheduledP95sAndCosts) {
    FakeTransport t;
    ComparePanel p = two_provider_panel(t);
    run_all(p, t, {40, 250}, {0, 0});
    ASSERT_EQ(t.plans.size(), 2u);
    // The probe's plan: the key in the headers for the transport only.
    EXPECT_EQ(t.plans[0]["headers"]["Authorization"], "Bearer " + kSecret);
    EXPECT_EQ(t.plans[1]["headers"].count("Authorization"), 0u);  // provider 2 has no key
    EXPECT_EQ(t.plans[0]["url"], "http://127.0.0.1:9/fast/v1/chat/completions");
    update_compare_panel(p);
    const json* fast = row_named(p.rows, "fast");
    const json* slow = row_named(p.rows, "slow");
    ASSERT_TRUE(fast && slow);
    EXPECT_EQ((*fast)["requests"], 4);
    EXPECT_NEAR((*fast)["ttft_p95_ms"].get<double>(), 40, 1e-9);
    EXPECT_NEAR((*slow)["ttft_p95_ms"].get<double>(), 250, 1e-9);
    EXPECT_NEAR((*fast)["usd_per_1k_tokens"].get<double>(), (11 * 1.0 + 7 * 2.0) / 1e6 / 18 * 1000, 1e-15);
    EXPECT_NEAR((*slow)["usd_per_1k_tokens"].get<double>(), (11 * 0.5 + 7 * 1.0) / 1e6 / 18 * 1000, 1e-15);
    // Sorted by p95 TTFT by default; predicted rows follow their provider.
    std::vector<std::string> kinds;
    for (const json& r : p.rows) kinds.push_back(r["kind"]);
    EXPECT_EQ(p.rows[0]["name"], "fast");
    EXPECT_EQ(kinds, (std::vector<std::string>{"measured", "predicted", "measured", "predicted"}));
    EXPECT_NE(std::find((*fast)["best"].begin(), (*fast)["best"].end(), "ttft_p95_ms"), (*fast)["best"].end());
    EXPECT_NE(std::find((*slow)["best"].begin(), (*slow)["best"].end(), "usd_per_1k_tokens"), (*slow)["best"].end());
    ASSERT_FALSE(set_compare_inputs(p, {{"sort", "cost"}}));
    update_compare_panel(p);
    EXPECT_EQ(p.rows[0]["name"], "slow");
    EXPECT_NE(compare_summary(p).find("Lowest p95 TTFT: fast, 40 ms"), std::string::npos) << compare_summary(p);
    // No key anywhere the page shows, shares or exports.
    for (const std::string& text : {compare_inputs(p).dump(), compare_state_json(p).dump(), compare_export_json(p),
                                    compare_export_csv(p), compare_summary(p)})
        EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
    EXPECT_EQ(compare_export_csv(p).substr(0, 10), "name,kind,");
}

TEST(UiComparePanel, HalfFailedProviderIsReportedNotAveragedAway) {
    FakeTransport t;
    ComparePanel p = two_provider_panel(t);
    run_all(p, t, {40, 60}, {0, 2});
    update_compare_panel(p);
    const json* slow = row_named(p.rows, "slow");
    ASSERT_TRUE(slow);
    EXPECT_EQ((*slow)["failed"], 2);
    bool said = false;
    for (const json& n : (*slow)["notes"]) said |= n.get<std::string>().find("FAILED 2 of 4 requests") != std::string::npos;
    EXPECT_TRUE(said) << (*slow)["notes"].dump();
    EXPECT_NE(compare_summary(p).find("1 of 2 providers failed requests"), std::string::npos) << compare_summary(p);
}

TEST(UiComparePanel, PromptsFromTheLogAreSentToEachProvider) {
    FakeTransport t;
    ComparePanel p = two_provider_panel(t);
    ASSERT_FALSE(load_compare_log(p,
                                  "{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2, \"prompt\": \"first\"}\n"
                                  "{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2, \"messages\": "
                                  "[{\"role\": \"user\", \"content\": \"second\"}]}\n",
                                  "log.jsonl"));
    ASSERT_FALSE(set_compare_inputs(p, {{"prompts_from_log", true}, {"runs", 1}}));
    run_all(p, t, {10, 20}, {0, 0});
    ASSERT_EQ(t.plans.size(), 4u);  // 2 providers x 2 prompts
    std::vector<std::string> sent;
    for (const json& plan : t.plans) sent.push_back(json::parse(plan["body"].get<std::string>())["messages"][0]["content"]);
    EXPECT_EQ(sent, (std::vector<std::string>{"first", "second", "first", "second"}));
    EXPECT_EQ(p.providers[0].records.size(), 2u);
}

TEST(UiComparePanel, InputsRoundTripAndRejectBadKeysWithoutChanging) {
    FakeTransport t;
    ComparePanel p = two_provider_panel(t);
    ASSERT_FALSE(set_compare_inputs(p, {{"baseline_ttft_p95_ms", 800}, {"p2_hardware_id", "h100-sxm"}}));
    const json before = compare_inputs(p);
    ASSERT_FALSE(set_compare_inputs(p, before));
    EXPECT_EQ(compare_inputs(p), before);
    EXPECT_EQ(p.providers[0].api_key, kSecret);  // the round trip keeps the key in memory
    for (const json& bad : {json{{"colour", 1}}, json{{"p3_url", "x"}}, json{{"p1_dialect", "smoke"}},
                            json{{"runs", 0}}, json{{"sort", "nonsense"}}, json{{"p1_hardware_id", "no-chip"}},
                            json{{"p1_api_key", "x"}}}) {
        json with_good = bad;
        with_good["runs"] = bad.contains("runs") ? bad["runs"] : json(9);
        auto e = set_compare_inputs(p, with_good);
        ASSERT_TRUE(e) << with_good.dump();
        EXPECT_FALSE(e->field.empty());
        EXPECT_EQ(compare_inputs(p), before) << "changed by " << with_good.dump();
    }
    // Flat: numbers, strings and bools only; a typed-in baseline makes a row.
    for (const auto& [k, v] : before.items()) EXPECT_TRUE(v.is_primitive() && !v.is_null()) << k;
    update_compare_panel(p);
    ASSERT_FALSE(p.rows.empty());
    EXPECT_EQ(p.rows[0]["kind"], "baseline");
    EXPECT_EQ(p.rows[0]["ttft_p95_ms"], 800.0);
}

TEST(UiComparePanel, PriceFromThePriceTableByPresetAndModel) {
    ComparePanel p;
    add_compare_provider(p, 0);  // OpenAI, gpt-4o-mini
    FakeTransport t;
    t.install(p);
    run_all(p, t, {30}, {0});
    update_compare_panel(p);
    const json* openai = row_named(p.rows, "OpenAI");
    ASSERT_TRUE(openai);
    auto q = price_for("openai", "gpt-4o-mini");
    ASSERT_TRUE(q);
    EXPECT_NEAR((*openai)["usd_per_1k_tokens"].get<double>(),
                (11 * q->input_usd_per_mtok + 7 * q->output_usd_per_mtok) / 1e6 / 18 * 1000, 1e-15);
    bool said = false;
    for (const json& n : (*openai)["notes"]) said |= n.get<std::string>().rfind("price: the price table", 0) == 0;
    EXPECT_TRUE(said) << (*openai)["notes"].dump();
}

TEST(UiComparePanel, DrawsAtPhoneAndDesktopWidths) {
    for (float width : {360.0f, 1280.0f}) {
        test::HeadlessImGui ui(width, 800.0f);
        App app;
        FakeTransport t;
        t.install(app.compare);
        ASSERT_FALSE(load_compare_log(app.compare, "{\"latency_ms\": 900, \"ttft_ms\": 100, \"prompt_tokens\": 1, \"completion_tokens\": 2, \"cost_usd\": 0.00001}\n", "x"));
        add_compare_provider_from_probe(app.compare, app.probe);
        run_all(app.compare, t, {50}, {0});
        set_view(app, "compare");
        for (int i = 0; i < 4; ++i) ui.frame([&] { draw_app(app, kNoPainter); });
        EXPECT_EQ(app.view, "compare");
        EXPECT_EQ(app.compare.narrow, width < 820.0f);
        EXPECT_FALSE(app.compare.rows.empty());
    }
}
