// [SECTION] Contents
//   update: recompute on change, keep the last good result
//   inputs
//   results table
//   wafer map and hover tooltip
//   draw_wafer_panel()
#include "panel_wafer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdarg>
#include <cmath>
#include <cstdio>

#include "chart.hpp"
#include "imgui.h"
#include "theme.hpp"
#include "palette.hpp"
#include "view_layout.hpp"
#include "widget_rects.hpp"

namespace w2t::web {
namespace {

const ImVec4& kErrorColour = theme().error;
const ImVec4& kMutedColour = theme().muted;

// [SECTION] inputs
// A slider over the usual range; Ctrl+click types any value, which the core
// validates (out-of-range input is marked, never silently clamped).
void input_mm(const char* label, const char* field, double* value, double lo, double hi,
              const char* format, const WaferPanel& panel, const char* help) {
    const bool bad = panel.error && panel.error->field == field;
    if (bad) ImGui::PushStyleColor(ImGuiCol_FrameBg, theme().bad_frame);
    ImGui::SetNextItemWidth(-150.0f);
    ImGui::SliderScalar(label, ImGuiDataType_Double, value, &lo, &hi, format);
    note_widget_rect(field);
    if (bad) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nCtrl+click to type a value.", help);
    if (bad) ImGui::TextColored(kErrorColour, "%s", panel.error->message.c_str());
}

void draw_inputs(WaferPanel& panel) {
    DiesPerWaferInput& in = panel.input;
    ImGui::TextColored(kMutedColour, "DIE");
    input_mm("width (mm)", "die_width_mm", &in.die_width_mm, 2.0, 60.0, "%.2f", panel,
             "Die width. 26 x 33 mm is the lithography reticle limit.");
    input_mm("height (mm)", "die_height_mm", &in.die_height_mm, 2.0, 60.0, "%.2f", panel,
             "Die height.");
    input_mm("scribe (mm)", "scribe_mm", &in.scribe_mm, 0.0, 1.0, "%.3f", panel,
             "Scribe lane (saw street) between neighbouring dies.");
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "WAFER");
    input_mm("diameter (mm)", "wafer_diameter_mm", &in.wafer_diameter_mm, 100.0, 450.0, "%.0f",
             panel, "Wafer diameter: 300 mm for leading-edge logic.");
    input_mm("edge excl. (mm)", "edge_exclusion_mm", &in.edge_exclusion_mm, 0.0, 10.0, "%.1f",
             panel, "Ring at the wafer edge where no whole die may sit.");
    if (panel.error && panel.error->field.empty())
        ImGui::TextColored(kErrorColour, "%s", panel.error->message.c_str());
    ImGui::Checkbox("best grid offset", &panel.use_optimal_offset);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("On: the grid placement that fits the most whole dies.\n"
                          "Off: one die centred on the wafer.");
}

// [SECTION] results table
void result_row(const char* name, const char* help, const char* fmt, ...) IM_FMTARGS(3);
void result_row(const char* name, const char* help, const char* fmt, ...) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(name);
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::TableNextColumn();
    va_list args;
    va_start(args, fmt);
    ImGui::TextV(fmt, args);
    va_end(args);
}

void draw_results(const WaferPanel& panel) {
    if (!panel.result) return;
    const DiesPerWaferResult& r = *panel.result;
    if (panel.error) ImGui::TextColored(kErrorColour, "Showing the last valid input's result.");
    if (ImGui::BeginTable("dpw_results", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        result_row("Whole dies (exact)", "Maximum over every placement of the die grid.",
                   "%lld", static_cast<long long>(r.gross_dies));
        result_row("Centred grid", "One die centred on the wafer, for comparison.", "%lld",
                   static_cast<long long>(r.centered_grid_dies));
        result_row("Textbook estimate", "pi*d^2/(4S) - pi*d/sqrt(2S), d usable diameter, S pitch area.",
                   "%.1f", r.approx_dies);
        if (r.gross_dies > 0)
            result_row("Estimate error", "(estimate - exact) / exact", "%+.1f %%", r.approx_error_pct);
        result_row("Partial dies", "Dies cut by the usable edge at the best offset.", "%lld",
                   static_cast<long long>(r.partial_dies));
        result_row("Area used", "Whole-die area / usable wafer area.", "%.1f %%",
                   r.area_utilisation * 100.0);
        result_row("Best offset", "Lower-left corner of die (0,0) relative to the wafer centre, modulo the pitch.",
                   "%.3f, %.3f mm", r.offset_x_mm, r.offset_y_mm);
        result_row("Search", "Candidate placements evaluated, and the time it took here.",
                   "%lld in %.1f ms", static_cast<long long>(r.offsets_evaluated), panel.compute_ms);
        ImGui::EndTable();
    }
}

// [SECTION] wafer map and hover tooltip
// At most `max_side` px square (the layout's chart height), at most the width.
void draw_map(WaferPanel& panel, const MapPainter& painter, float max_side) {
    if (!panel.result || !panel.computed) return;
    const DiesPerWaferInput& in = *panel.computed;
    const DiesPerWaferResult& r = *panel.result;
    if (panel.grid_of_result != panel.result_version || panel.grid_optimal != panel.use_optimal_offset) {
        panel.grid_offset = panel.use_optimal_offset ? GridOffset{r.offset_x_mm, r.offset_y_mm}
                                                     : centred_grid_offset(in);
        panel.grid = die_grid(in, panel.grid_offset.x_mm, panel.grid_offset.y_mm);
        panel.grid_whole = panel.grid.count(DieState::whole);
        panel.grid_partial = panel.grid.count(DieState::partial);
        panel.grid_of_result = panel.result_version;
        panel.grid_optimal = panel.use_optimal_offset;
        ++panel.grid_version;
    }
    const double ox = panel.grid_offset.x_mm, oy = panel.grid_offset.y_mm;

    // A caption line above, the legend below, the square map between them.
    const float line = ImGui::GetFrameHeightWithSpacing();
    ImGui::TextWrapped("%.0f mm wafer, %.0f mm usable radius, %s: %lld whole dies, %lld partial",
                in.wafer_diameter_mm, r.usable_radius_mm,
                panel.grid_optimal ? "best grid offset" : "centred grid",
                static_cast<long long>(panel.grid_whole), static_cast<long long>(panel.grid_partial));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Growing to its content (an embed), the map's height is the layout's alone.
    const float fill = layout_fits_content() ? max_side : avail.y - line;
    const float side = std::max(64.0f, std::min({avail.x, fill, max_side - 2.0f * line}));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 origin(p0.x + (avail.x - side) * 0.5f, p0.y);
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("wafer_map", ImVec2(side, side));
    note_widget_rect("wafer_map");
    const float view_mm = static_cast<float>(in.wafer_diameter_mm * 1.04);
    const float mm_per_px = view_mm / side;

    WaferMapParams params{};
    params.x0 = origin.x;
    params.y0 = origin.y;
    params.x1 = origin.x + side;
    params.y1 = origin.y + side;
    params.view_mm = view_mm;
    params.wafer_radius_mm = static_cast<float>(in.wafer_diameter_mm / 2.0);
    params.usable_radius_mm = static_cast<float>(r.usable_radius_mm);
    params.die_w_mm = static_cast<float>(in.die_width_mm);
    params.die_h_mm = static_cast<float>(in.die_height_mm);
    params.pitch_x_mm = static_cast<float>(in.die_width_mm + in.scribe_mm);
    params.pitch_y_mm = static_cast<float>(in.die_height_mm + in.scribe_mm);
    params.offset_x_mm = static_cast<float>(ox);
    params.offset_y_mm = static_cast<float>(oy);
    params.hover_x_mm = params.hover_y_mm = 1e9f;
    params.grid = &panel.grid;
    params.grid_version = panel.grid_version;

    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const double x_mm = (m.x - (origin.x + side * 0.5f)) * mm_per_px;
        const double y_mm = ((origin.y + side * 0.5f) - m.y) * mm_per_px;  // y up
        params.hover_x_mm = static_cast<float>(x_mm);
        params.hover_y_mm = static_cast<float>(y_mm);
        if (auto site = die_at(in, ox, oy, x_mm, y_mm)) {
            ImGui::SetTooltip("%s die\nlower-left corner (%.2f, %.2f) mm\n%.2f x %.2f mm = %.1f mm2",
                              site->state == DieState::whole ? "Whole" : "Partial", site->x_mm,
                              site->y_mm, in.die_width_mm, in.die_height_mm,
                              in.die_width_mm * in.die_height_mm);
        }
    }
    if (painter.paint) painter.paint(ImGui::GetWindowDrawList(), params);
    chart::draw_scale_bar(ImGui::GetWindowDrawList(), origin.x + 8.0f, origin.y + side - 12.0f,
                          1.0 / mm_per_px, side * 0.25f, "mm");

    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + side + 4.0f));
    chart::legend_swatch(palette::whole_die.imgui(), "whole die");
    chart::legend_swatch(palette::partial_die.imgui(), "partial die");
    chart::legend_swatch(palette::edge_ring.imgui(), "edge exclusion");
    ImGui::NewLine();
}

}  // namespace

// [SECTION] update: recompute on change, keep the last good result
bool update_wafer_panel(WaferPanel& panel) {
    if (panel.computed && *panel.computed == panel.input && !panel.error) return false;
    if (panel.error && panel.last_rejected && *panel.last_rejected == panel.input) return false;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = dies_per_wafer(panel.input);
    const auto t1 = std::chrono::steady_clock::now();
    if (!r) {
        panel.error = r.error();
        panel.last_rejected = panel.input;
        return true;
    }
    panel.error.reset();
    panel.last_rejected.reset();
    panel.result = *r;
    panel.computed = panel.input;
    panel.compute_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    ++panel.result_version;
    return true;
}

// [SECTION] draw_wafer_panel()
void draw_wafer_panel(WaferPanel& panel, const MapPainter& painter) {
    // Inputs and results beside the map, or stacked above it on a phone.
    static const ViewLayout layout{
        "wafer",
        "How many whole dies fit on a wafer? The exact maximum over every grid placement, "
        "beside the textbook estimate.",
        620.0f, 1.0f, 240.0f, 560.0f, 1.0f, 240.0f, 4000.0f};
    draw_view_layout(
        layout,
        [&](float) {
            draw_inputs(panel);
            update_wafer_panel(panel);  // before the results, so they show this frame's input
            ImGui::Separator();
            draw_results(panel);
        },
        [] {},
        [&](float, float map_height) { draw_map(panel, painter, map_height); });
}

}  // namespace w2t::web
