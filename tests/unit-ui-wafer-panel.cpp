// The dies-per-wafer panel, run headless: what it computes, what it hands the
// map shader, how it treats bad input and the mouse.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "app.hpp"
#include "panel_wafer.hpp"
#include "support/imgui_headless.hpp"

using namespace w2t;
using namespace w2t::web;

namespace {

std::vector<WaferMapParams> g_painted;
void record(ImDrawList*, const WaferMapParams& p) { g_painted.push_back(p); }
const MapPainter kRecorder{record};

// One frame of the whole app, as the page draws it.
WaferMapParams draw_once(test::HeadlessImGui& ui, App& app) {
    g_painted.clear();
    ui.frame([&] { draw_app(app, kRecorder); });
    EXPECT_EQ(g_painted.size(), 1u);
    return g_painted.empty() ? WaferMapParams{} : g_painted.back();
}

}  // namespace

TEST(UiWaferPanel, ComputesOnTheFirstFrameAndHandsTheMapTheExactGrid) {
    test::HeadlessImGui ui;
    App app;
    WaferPanel& panel = app.wafer;
    const WaferMapParams p = draw_once(ui, app);
    ASSERT_TRUE(panel.result.has_value());
    EXPECT_FALSE(panel.error.has_value());
    EXPECT_FLOAT_EQ(p.die_w_mm, 26.0f);
    EXPECT_FLOAT_EQ(p.pitch_y_mm, 33.1f);
    EXPECT_NEAR(p.x1 - p.x0, p.y1 - p.y0, 0.5f);  // square
    EXPECT_GT(p.x1 - p.x0, 300.0f);
    EXPECT_LE(p.y1, 800.0f);
    ASSERT_NE(p.grid, nullptr);
    EXPECT_EQ(panel.grid.count(DieState::whole), panel.result->gross_dies);
    EXPECT_NEAR(p.offset_x_mm, panel.result->offset_x_mm, 1e-4);
}

TEST(UiWaferPanel, BadInputIsMarkedAndTheLastGoodResultStays) {
    test::HeadlessImGui ui;
    App app;
    WaferPanel& panel = app.wafer;
    draw_once(ui, app);
    const int64_t good = panel.result->gross_dies;
    panel.input.die_width_mm = -5.0;
    const WaferMapParams p = draw_once(ui, app);
    ASSERT_TRUE(panel.error.has_value());
    EXPECT_EQ(panel.error->field, "die_width_mm");
    ASSERT_TRUE(panel.result.has_value());
    EXPECT_EQ(panel.result->gross_dies, good);
    EXPECT_FLOAT_EQ(p.die_w_mm, 26.0f);  // the map still shows the last good input
    EXPECT_EQ(panel.input.die_width_mm, -5.0);  // and the user's entry is kept, not clamped
    panel.input.die_width_mm = 10.0;
    draw_once(ui, app);
    EXPECT_FALSE(panel.error.has_value());
    EXPECT_GT(panel.result->gross_dies, good);
}

TEST(UiWaferPanel, RecomputesOnlyWhenTheInputChanges) {
    WaferPanel panel;
    EXPECT_TRUE(update_wafer_panel(panel));
    EXPECT_FALSE(update_wafer_panel(panel));
    panel.input.scribe_mm = 0.2;
    EXPECT_TRUE(update_wafer_panel(panel));
    panel.input.scribe_mm = -1.0;
    EXPECT_TRUE(update_wafer_panel(panel));
    EXPECT_FALSE(update_wafer_panel(panel));  // the same bad input is not re-validated every frame
}

TEST(UiWaferPanel, CentredGridOptionMovesTheMapsGrid) {
    test::HeadlessImGui ui;
    App app;
    WaferPanel& panel = app.wafer;
    draw_once(ui, app);
    panel.use_optimal_offset = false;
    const WaferMapParams p = draw_once(ui, app);
    const GridOffset centred = centred_grid_offset(panel.input);
    EXPECT_NEAR(p.offset_x_mm, centred.x_mm, 1e-4);
    EXPECT_NEAR(p.offset_y_mm, centred.y_mm, 1e-4);
    EXPECT_EQ(panel.grid.count(DieState::whole), panel.result->centered_grid_dies);
    EXPECT_EQ(panel.grid_whole, panel.result->centered_grid_dies);  // the map's caption
    panel.use_optimal_offset = true;
    draw_once(ui, app);
    EXPECT_EQ(panel.grid_whole, panel.result->gross_dies);
    EXPECT_EQ(panel.grid_partial, panel.result->partial_dies);
}

TEST(UiWaferPanel, HoverReportsTheCursorInWaferCoordinates) {
    test::HeadlessImGui ui;
    App app;
    WaferMapParams p = draw_once(ui, app);
    const float cx = 0.5f * (p.x0 + p.x1), cy = 0.5f * (p.y0 + p.y1);
    const float mm_per_px = p.view_mm / (p.x1 - p.x0);
    ImGui::GetIO().MousePos = ImVec2(cx + 10.0f, cy - 20.0f);  // right of and above the centre
    draw_once(ui, app);
    p = draw_once(ui, app);
    EXPECT_NEAR(p.hover_x_mm, 10.0f * mm_per_px, mm_per_px);
    EXPECT_NEAR(p.hover_y_mm, 20.0f * mm_per_px, mm_per_px);
}
