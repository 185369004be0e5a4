// The inference panel, run headless: it draws, recomputes only on change,
// keeps the last good result on bad input, sweeps the frontier for every chip,
// and lays out from a 360-px phone to a desktop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app.hpp"
#include "chart.hpp"
#include "panel_inference.hpp"
#include "support/imgui_headless.hpp"
#include "widget_rects.hpp"

using namespace w2t;
using namespace w2t::web;

namespace {

void paint_nothing(ImDrawList*, const WaferMapParams&) {}
const MapPainter kNoPainter{paint_nothing};

// Frames of the whole app with the inference tab selected.
void draw_inference(test::HeadlessImGui& ui, App& app, int frames = 3) {
    set_view(app, "inference");
    for (int i = 0; i < frames; ++i) ui.frame([&] { draw_app(app, kNoPainter); });
}

const char* const kInputs[] = {"inf_hardware", "inf_count",         "inf_framework",     "inf_model",
                               "inf_precision", "inf_scenario",     "inf_input_tokens",  "inf_output_tokens",
                               "inf_concurrency", "inf_compare0",   "inf_compare0_count", "inf_compare1",
                               "inf_compare1_count"};

}  // namespace

TEST(UiInferencePanel, DrawsTheDefaultEstimateInItsTab) {
    test::HeadlessImGui ui;
    App app;
    EXPECT_EQ(app.view, "dpw");
    draw_inference(ui, app);
    EXPECT_EQ(app.view, "inference");
    EXPECT_TRUE(app.requested_view.empty());
    const InferencePanel& p = app.inference;
    ASSERT_TRUE(p.result.has_value());
    EXPECT_FALSE(p.error.has_value());
    EXPECT_EQ(p.result->input.hardware_id, "b200");
    EXPECT_EQ(p.result->layout.chips, 8);
    EXPECT_EQ(p.result->input.model_id, "llama-4-maverick");
    EXPECT_EQ(p.result->input.scenario, Scenario::single_stream);
    EXPECT_GT(p.result->per_user_output_tok_s, 0.0);
    EXPECT_GT(p.result->ttft_ms, 0.0);
    EXPECT_TRUE(p.compare_result.has_value());  // the side-by-side chip
    EXPECT_FALSE(set_view(app, "nope"));
    EXPECT_TRUE(set_view(app, "dpw"));
    ui.frame([&] { draw_app(app, kNoPainter); });
    ui.frame([&] { draw_app(app, kNoPainter); });
    EXPECT_EQ(app.view, "dpw");
}

TEST(UiInferencePanel, ChangingHardwareOrModelRecomputes) {
    InferencePanel p;
    ASSERT_TRUE(update_inference_panel(p));
    EXPECT_FALSE(update_inference_panel(p));  // nothing changed: nothing recomputed
    ASSERT_TRUE(p.result.has_value());
    const double b200_tpot = p.result->tpot_ms;
    const uint64_t v = p.result_version;

    p.input.hardware_id = "h200-sxm";
    EXPECT_TRUE(update_inference_panel(p));
    EXPECT_EQ(p.result_version, v + 1);
    EXPECT_EQ(p.result->input.hardware_id, "h200-sxm");
    EXPECT_NE(p.result->tpot_ms, b200_tpot);

    const double maverick_tpot = p.result->tpot_ms;
    p.input.model_id = "llama-3.1-70b";
    EXPECT_TRUE(update_inference_panel(p));
    EXPECT_EQ(p.result->input.model_id, "llama-3.1-70b");
    EXPECT_NE(p.result->tpot_ms, maverick_tpot);
}

TEST(UiInferencePanel, InvalidInputShowsTheErrorAndKeepsTheLastGoodResult) {
    test::HeadlessImGui ui;
    App app;
    draw_inference(ui, app);
    InferencePanel& p = app.inference;
    ASSERT_TRUE(p.result.has_value());
    const double good_tpot = p.result->tpot_ms;
    const uint64_t v = p.result_version;

    p.input.model_id = "llama-3.1-405b";
    p.input.precision = Precision::fp16;
    p.input.hardware_id = "h100-sxm";
    p.input.accelerator_count = 1;
    draw_inference(ui, app, 2);
    ASSERT_TRUE(p.error.has_value());
    EXPECT_EQ(p.error->field, "accelerator_count");
    EXPECT_NE(p.error->message.find("GB"), std::string::npos) << p.error->message;
    ASSERT_TRUE(p.result.has_value());
    EXPECT_EQ(p.result_version, v);
    EXPECT_EQ(p.result->input.hardware_id, "b200");  // the last good result stays on screen
    EXPECT_EQ(p.result->tpot_ms, good_tpot);
    EXPECT_EQ(p.input.accelerator_count, 1);  // the entry is kept, not corrected
    EXPECT_FALSE(update_inference_panel(p));  // the same bad input is not re-estimated every frame
    ASSERT_TRUE(p.frontier_of.has_value());    // the charts, too, show the last good input
    EXPECT_EQ(p.frontier_of->model_id, "llama-4-maverick");
    EXPECT_EQ(p.frontier[0].chip.hardware_id, "b200");

    p.input.accelerator_count = 16;  // 810 GB of weights fit on 16 x 80 GB
    draw_inference(ui, app, 1);
    EXPECT_FALSE(p.error.has_value());
    EXPECT_EQ(p.result->input.model_id, "llama-3.1-405b");
    EXPECT_EQ(p.result->layout.chips, 16);
    EXPECT_EQ(p.frontier_of->model_id, "llama-3.1-405b");
    EXPECT_EQ(p.frontier[0].chip, (ChipPick{"h100-sxm", 16}));
}

TEST(UiInferencePanel, FrontierHasPointsForEveryChipAndIsSweptOnlyWhenItsInputsChange) {
    InferencePanel p;
    update_inference_panel(p);
    ASSERT_EQ(p.frontier.size(), 3u);
    EXPECT_EQ(p.frontier[0].chip.hardware_id, "b200");
    EXPECT_EQ(p.frontier[1].chip.hardware_id, "h200-sxm");
    EXPECT_EQ(p.frontier[2].chip.hardware_id, "cerebras-cs3");
    for (const FrontierLine& line : p.frontier) {
        EXPECT_FALSE(line.error.has_value()) << line.chip.hardware_id << ": " << line.error->message;
        ASSERT_GE(line.points.size(), 2u) << line.chip.hardware_id;
        EXPECT_GT(line.chips, 0);
        for (size_t i = 0; i < line.points.size(); ++i) {
            EXPECT_GT(line.points[i].per_user_tok_s, 0.0);
            EXPECT_GT(line.points[i].system_tok_s, 0.0);
            if (i) {
                EXPECT_GT(line.points[i].concurrency, line.points[i - 1].concurrency);
            }
        }
        EXPECT_LE(line.points.size(), frontier_concurrencies().size());
    }
    EXPECT_EQ(p.frontier[2].chip.count, 0);
    EXPECT_GT(p.frontier[2].chips, 1);  // "fewest that fit", resolved

    const uint64_t v = p.frontier_version;
    p.input.scenario = Scenario::offline;  // not a frontier input
    update_inference_panel(p);
    EXPECT_EQ(p.frontier_version, v);
    p.compare[0] = {"mi300x", 8};
    update_inference_panel(p);
    EXPECT_EQ(p.frontier_version, v + 1);
    EXPECT_EQ(p.frontier[1].chip.hardware_id, "mi300x");
    EXPECT_FALSE(p.frontier[1].points.empty());
}

TEST(UiInferencePanel, FrontierOfAChipTheModelDoesNotFitOnSaysWhy) {
    EstimateInput base;
    base.model_id = "llama-3.1-405b";
    base.precision = Precision::fp16;
    base.input_tokens = base.output_tokens = 1000;
    const FrontierLine line = sweep_frontier(base, {"h100-sxm", 1});
    EXPECT_TRUE(line.points.empty());
    ASSERT_TRUE(line.error.has_value());
    EXPECT_EQ(line.error->field, "accelerator_count");
}

TEST(UiInferencePanel, PhoneWidthStacksAndEveryWidgetHasWidth) {
    test::HeadlessImGui ui(360.0f, 740.0f);
    App app;
    draw_inference(ui, app);
    EXPECT_TRUE(app.inference.narrow);
    float last_y = 0.0f;
    for (const char* name : kInputs) {
        const auto r = widget_rect(name);
        ASSERT_TRUE(r.has_value()) << name;
        EXPECT_GT(r->x1 - r->x0, 40.0f) << name;
        EXPECT_GE(r->x0, 0.0f) << name;
        EXPECT_LE(r->x1, 360.0f) << name;
        if (std::string(name) != "inf_compare0_count" && std::string(name) != "inf_compare1_count") {
            EXPECT_GT(r->y0, last_y - 1.0f) << name;  // one under another
        }
        last_y = r->y0;
    }
    // The charts come below the inputs, full width.
    for (const char* name : {"inf_memory", "inf_decode", "inf_frontier"}) {
        const auto r = widget_rect(name);
        ASSERT_TRUE(r.has_value()) << name;
        EXPECT_GT(r->x1 - r->x0, 300.0f) << name;
        EXPECT_LE(r->x1, 360.0f) << name;
        EXPECT_GT(r->y0, widget_rect("inf_compare1")->y1) << name;
    }
}

TEST(UiInferencePanel, DesktopWidthPutsInputsLeftOfTheCharts) {
    for (float width : {1280.0f, 1920.0f}) {
        test::HeadlessImGui ui(width, 900.0f);
        App app;
        draw_inference(ui, app);
        EXPECT_FALSE(app.inference.narrow);
        const auto hw = widget_rect("inf_hardware");
        const auto plot = widget_rect("inf_frontier");
        ASSERT_TRUE(hw && plot);
        EXPECT_LT(hw->x1, plot->x0) << width;
        EXPECT_GT(hw->x1 - hw->x0, 120.0f) << width;
        EXPECT_GT(plot->x1 - plot->x0, 400.0f) << width;
        EXPECT_LE(plot->x1, width) << width;
    }
}

TEST(UiInferencePanel, HoveringTheFrontierFindsThePointUnderTheMouse) {
    test::HeadlessImGui ui;
    App app;
    draw_inference(ui, app);
    const InferencePanel& p = app.inference;
    const auto plot = widget_rect("inf_frontier");
    ASSERT_TRUE(plot.has_value());
    // Park the mouse on every frame position until one is reported as a hit.
    ImGui::GetIO().MousePos = ImVec2(0.5f * (plot->x0 + plot->x1), 0.5f * (plot->y0 + plot->y1));
    draw_inference(ui, app, 2);
    EXPECT_FALSE(p.frontier_hover.active() && p.frontier_hover.series > 3);
    bool hit = false;
    for (float fx = 0.05f; fx < 1.0f && !hit; fx += 0.04f)
        for (float fy = 0.05f; fy < 1.0f && !hit; fy += 0.04f) {
            ImGui::GetIO().MousePos = ImVec2(plot->x0 + fx * (plot->x1 - plot->x0), plot->y0 + fy * (plot->y1 - plot->y0));
            draw_inference(ui, app, 2);
            hit = p.frontier_hover.active();
        }
    EXPECT_TRUE(hit);
}
