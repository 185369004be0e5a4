// The cost view, run headless: it draws at 1280 and 360 px without ImGui asserts,
// its inputs round-trip through the view contract, a bad set names the field and
// changes nothing, the electricity price moves $/M tokens by what the TCO formula
// says, and the planner runs on request and reports its time.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "app.hpp"
#include "panel_cost.hpp"
#include "support/imgui_headless.hpp"
#include "widget_rects.hpp"

using namespace w2t;
using namespace w2t::web;
using nlohmann::json;

namespace {

void paint_nothing(ImDrawList*, const WaferMapParams&) {}
const MapPainter kNoPainter{paint_nothing};

void draw_cost(test::HeadlessImGui& ui, App& app, int frames = 3) {
    ASSERT_TRUE(set_view(app, "cost"));
    for (int i = 0; i < frames; ++i) ui.frame([&] { draw_app(app, kNoPainter); });
}

}  // namespace

TEST(UiCostPanel, DrawsAtDesktopWidthWithEveryOutput) {
    test::HeadlessImGui ui(1280.0f, 800.0f);
    App app;
    draw_cost(ui, app);
    EXPECT_EQ(app.view, "cost");
    const CostPanel& p = app.cost;
    EXPECT_FALSE(p.narrow);
    ASSERT_TRUE(p.chips[0].cost.has_value()) << (p.error ? p.error->to_string() : "");
    EXPECT_GT(p.chips[0].cost->tokens.usd_per_mtok_output, 0.0);
    ASSERT_TRUE(p.tornado.has_value());
    EXPECT_EQ(p.tornado->rows.size(), 9u);  // owned: 8 assumptions + throughput
    ASSERT_EQ(p.frontier.size(), 3u);
    EXPECT_GT(p.frontier[0].line.points.size(), 3u);
    for (const char* name : {"cost_hardware", "cost_usd_per_kwh", "cost_tco", "cost_frontier", "cost_tornado",
                             "cost_baseline_table", "cost_plan_button"}) {
        auto r = widget_rect(name);
        ASSERT_TRUE(r.has_value()) << name;
        EXPECT_LE(r->x1, 1280.0f) << name;
        EXPECT_GT(r->x1 - r->x0, 30.0f) << name;
    }
    // The tornado sits in the output column, beside the inputs.
    EXPECT_GT(widget_rect("cost_tornado")->x0, widget_rect("cost_hardware")->x1);
    const std::string summary = cost_summary(p);
    EXPECT_NE(summary.find("per million output tokens"), std::string::npos) << summary;
    EXPECT_NE(summary.find("moves it most"), std::string::npos) << summary;
}

TEST(UiCostPanel, DrawsOnAPhoneInOneColumn) {
    test::HeadlessImGui ui(360.0f, 740.0f);
    App app;
    app.cost.input.baseline_usd_per_1k_tokens = 0.002;
    app.cost.input.baseline_p95_latency_s = 20;
    app.cost.input.economics.preset = "cloud-rental";  // the rental preset draws its own fields
    app.cost.input.economics.usd_per_accelerator_hour = 4;
    draw_cost(ui, app, 4);
    EXPECT_TRUE(app.cost.narrow);
    ASSERT_TRUE(app.cost.chips[0].cost.has_value());
    EXPECT_EQ(app.cost.chips[0].cost->system.economics.mode, CostMode::rental);
    for (const char* name : {"cost_hardware", "cost_usd_per_accelerator_hour", "cost_baseline_cost", "cost_plan_button"}) {
        auto r = widget_rect(name);
        ASSERT_TRUE(r.has_value()) << name;
        EXPECT_LE(r->x1, 360.0f) << name;
        EXPECT_GE(r->x0, 0.0f) << name;
    }
    // A planner result drawn narrow as well.
    app.cost.plan_requested = true;
    ui.frame([&] { draw_app(app, kNoPainter); });
    ui.frame([&] { draw_app(app, kNoPainter); });
    EXPECT_EQ(app.cost.plan_runs, 1);
}

TEST(UiCostPanel, InputsRoundTripThroughTheViewContract) {
    CostPanel p;
    p.input.economics.usd_per_kwh = 0.12;
    p.input.economics.pue = 1.3;
    p.input.baseline_usd_per_1k_tokens = 0.0015;
    p.input.compare[1] = ChipPick{"cerebras-cs3", 0};
    p.input.per_user_tok_s = 250;  // the equal-latency section's target travels too
    const json before = cost_inputs(p);
    EXPECT_EQ(before.at("usd_per_kwh"), 0.12);
    EXPECT_FALSE(before.contains("depreciation_years"));  // a default is not carried: it follows the data
    for (auto it = before.begin(); it != before.end(); ++it)
        EXPECT_TRUE(it->is_number() || it->is_string() || it->is_boolean()) << it.key();  // flat
    const CostInputs copy = p.input;
    ASSERT_FALSE(set_cost_inputs(p, before).has_value());
    EXPECT_TRUE(same_cost_inputs(copy, p.input));
    EXPECT_EQ(cost_inputs(p), before);
    // A fresh panel takes them all, and null puts a value back to its default.
    CostPanel q;
    ASSERT_FALSE(set_cost_inputs(q, before).has_value());
    EXPECT_TRUE(same_cost_inputs(copy, q.input));
    ASSERT_FALSE(set_cost_inputs(q, json{{"pue", nullptr}}).has_value());
    EXPECT_TRUE(std::isnan(q.input.economics.pue));
}

TEST(UiCostPanel, ABadSetNamesTheFieldAndChangesNothing) {
    CostPanel p;
    const CostInputs before = p.input;
    struct Case {
        json j;
        const char* field;
    };
    const Case cases[] = {
        {{{"model_id", "llama-3.1-8b"}, {"usd_per_kwh", -1}}, "usd_per_kwh"},
        {{{"hardware_id", "nope"}}, "hardware_id"},
        {{{"accelerator_count", 2.5}}, "accelerator_count"},
        {{{"pue", 0.5}}, "pue"},
        {{{"cost_of_capital", 8}}, "cost_of_capital"},  // 8 meaning 8 %: a unit slip
        {{{"economics_preset", "lease"}}, "economics_preset"},
        {{{"input_tokens", "many"}}, "input_tokens"},
        {{{"tpot_p95_ms", 0}}, "tpot_p95_ms"},
        {{{"colour", "red"}}, "colour"},  // unknown keys are errors
    };
    for (const Case& c : cases) {
        auto e = set_cost_inputs(p, c.j);
        ASSERT_TRUE(e.has_value()) << c.j.dump();
        EXPECT_EQ(e->field, c.field) << c.j.dump() << ": " << e->to_string();
        EXPECT_FALSE(e->message.empty());
        EXPECT_TRUE(same_cost_inputs(before, p.input)) << c.j.dump();
    }
    EXPECT_TRUE(set_cost_inputs(p, json::array()).has_value());
}

TEST(UiCostPanel, ElectricityPriceMovesCostByTheTcoFormula) {
    CostPanel p;
    ASSERT_FALSE(set_cost_inputs(p, {{"usd_per_kwh", 0.10}}).has_value());
    ASSERT_TRUE(update_cost_panel(p));
    EXPECT_FALSE(update_cost_panel(p));  // nothing changed: nothing recomputed
    ASSERT_TRUE(p.chips[0].cost.has_value());
    const CostResult low = *p.chips[0].cost;
    const uint64_t v = p.version;
    ASSERT_FALSE(set_cost_inputs(p, {{"usd_per_kwh", 0.20}}).has_value());
    ASSERT_TRUE(update_cost_panel(p));
    EXPECT_EQ(p.version, v + 1);
    const CostResult high = *p.chips[0].cost;
    // Power $/hour = facility kW x $/kWh; $/M output = $/hour / (output tok/s x 3600) x 1e6.
    const double facility_kw = low.system.facility_kw;
    const double tok_s = low.tokens.system_output_tok_s;
    ASSERT_GT(facility_kw, 0);
    EXPECT_NEAR(high.system.usd_per_hour.power - low.system.usd_per_hour.power, 0.10 * facility_kw, 1e-9);
    EXPECT_NEAR(high.tokens.usd_per_mtok_output - low.tokens.usd_per_mtok_output,
                0.10 * facility_kw / (tok_s * 3600) * 1e6, 1e-9);
    EXPECT_DOUBLE_EQ(high.system.usd_per_hour.capital, low.system.usd_per_hour.capital);  // nothing else moved
    // The state hook shows the same numbers.
    const json s = cost_state_json(p);
    EXPECT_DOUBLE_EQ(s.at("chips")[0].at("usd_per_mtok_output").get<double>(), high.tokens.usd_per_mtok_output);
    EXPECT_EQ(s.at("inputs").at("usd_per_kwh"), 0.20);
}

TEST(UiCostPanel, BaselineRatiosAndThePlannerOnRequest) {
    CostPanel p;
    ASSERT_FALSE(set_cost_inputs(p, {{"baseline_usd_per_1k_tokens", 0.002}, {"baseline_p95_latency_s", 30},
                                     {"model_id", "llama-3.1-8b"}, {"requests_per_s", 5}})
                     .has_value());
    update_cost_panel(p);
    const json s = cost_state_json(p);
    const json& c0 = s.at("chips")[0];
    EXPECT_NEAR(c0.at("cost_vs_baseline").get<double>(), c0.at("usd_per_1k_tokens").get<double>() / 0.002, 1e-12);
    EXPECT_NEAR(c0.at("latency_vs_baseline").get<double>(), c0.at("e2e_latency_s").get<double>() / 30, 1e-12);
    EXPECT_TRUE(s.at("plan").is_null());  // the planner runs only on request
    p.plan_requested = true;
    ASSERT_TRUE(update_cost_panel(p));
    ASSERT_TRUE(p.plan.has_value()) << (p.plan_error ? p.plan_error->to_string() : "");
    EXPECT_GE(p.plan->configurations_searched, 10000);
    EXPECT_GT(p.plan->feasible, 0);
    EXPECT_GT(p.plan_ms, 0.0);
    EXPECT_FALSE(p.plan->best.empty());
    EXPECT_TRUE(cost_state_json(p).at("plan").at("current").get<bool>());
    ASSERT_FALSE(set_cost_inputs(p, {{"tpot_p95_ms", 20}}).has_value());
    EXPECT_FALSE(cost_state_json(p).at("plan").at("current").get<bool>());  // stale: said so
}

TEST(UiCostPanel, EqualPerUserSpeedSectionWithTheClaimBeside) {
    App app;
    // The comparison: B200 vs CS-3 vs MI355X on Llama 4 Maverick at 100 tok/s per user.
    ASSERT_FALSE(set_cost_inputs(app.cost, json{{"hardware_id", "b200"}, {"accelerator_count", 8},
                                                {"compare_a", "cerebras-cs3"}, {"compare_a_count", 0},
                                                {"compare_b", "mi355x"}, {"compare_b_count", 8},
                                                {"model_id", "llama-4-maverick"}, {"per_user_tok_s", 100}}));
    EXPECT_EQ(cost_inputs(app.cost)["per_user_tok_s"], 100.0);
    {
        test::HeadlessImGui ui(1280.0f, 800.0f);
        draw_cost(ui, app);
        ASSERT_TRUE(app.cost.equal_latency.has_value())
            << (app.cost.equal_latency_error ? app.cost.equal_latency_error->to_string() : "");
        for (const char* name : {"cost_per_user_tok_s", "cost_equal_latency_table", "cost_equal_latency_claim"}) {
            auto r = widget_rect(name);
            ASSERT_TRUE(r.has_value()) << name;
            EXPECT_LE(r->x1, 1280.0f) << name;
        }
    }
    const EqualLatencyResult& r = *app.cost.equal_latency;
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[1].hardware_id, "cerebras-cs3");
    for (const EqualLatencyRow& row : r.rows)
        if (row.reachable) {
            EXPECT_GE(row.per_user_tok_s, 100 * (1 - 1e-9)) << row.hardware_id;
        }
    // The same numbers as the core gives for the same question.
    EqualLatencyInput in;
    in.chips = {{"b200", 8}, {"cerebras-cs3", 0}, {"mi355x", 8}};
    in.model_id = "llama-4-maverick", in.per_user_tok_s = 100, in.framework = "tensorrt-llm";
    in.economics.preset = "owned-hardware";
    auto core = equal_latency(in);
    ASSERT_TRUE(core.ok());
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(r.rows[i].concurrency, core->rows[i].concurrency) << i;
        if (std::isfinite(core->rows[i].usd_per_mtok_output)) {
            EXPECT_DOUBLE_EQ(r.rows[i].usd_per_mtok_output, core->rows[i].usd_per_mtok_output) << i;
        }
    }
    // The claim row: unsourced, with our ratio and the flag in the state hook.
    json state = cost_state_json(app.cost);
    const json& claim = state["equal_latency"]["published_claims"][0];
    EXPECT_EQ(claim["source"], "unsourced");
    EXPECT_TRUE(claim["disagrees"].is_boolean());
    // A stricter target never raises any chip's throughput (the view recomputes on the change).
    std::vector<double> before;
    for (const EqualLatencyRow& row : r.rows) before.push_back(row.reachable ? row.system_output_tok_s : 0);
    ASSERT_FALSE(set_cost_inputs(app.cost, json{{"per_user_tok_s", 200}}));
    {
        test::HeadlessImGui ui(360.0f, 740.0f);
        draw_cost(ui, app);
        EXPECT_TRUE(app.cost.narrow);
        auto t = widget_rect("cost_equal_latency_table");
        ASSERT_TRUE(t.has_value());
        EXPECT_LE(t->x1, 360.0f);
        EXPECT_GE(t->x0, 0.0f);
    }
    for (size_t i = 0; i < 3; ++i) {
        const EqualLatencyRow& row = app.cost.equal_latency->rows[i];
        if (row.reachable) {
            EXPECT_LE(row.system_output_tok_s, before[i] * (1 + 1e-9)) << row.hardware_id;
        }
    }
    // Bad values name the key and change nothing.
    auto e = set_cost_inputs(app.cost, json{{"per_user_tok_s", -1}});
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->field, "per_user_tok_s");
    EXPECT_EQ(app.cost.input.per_user_tok_s, 200);
}
