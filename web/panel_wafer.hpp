#pragma once
// Dies-per-wafer panel: inputs, results, and the wafer map (drawn by a shader
// through MapPainter, so the panel itself holds no GL code).
#include <cstdint>
#include <optional>
#include <string>

#include "w2t/dies_per_wafer.hpp"
#include "w2t/result.hpp"

struct ImDrawList;
struct ImVec2;

namespace w2t::web {

// What the map shader needs; plain data, recorded with the draw list.
struct WaferMapParams {
    float x0, y0, x1, y1;  // screen rectangle (ImGui coordinates)
    float view_mm;         // wafer-space size of the (square) rectangle
    float wafer_radius_mm, usable_radius_mm;
    float die_w_mm, die_h_mm, pitch_x_mm, pitch_y_mm;
    float offset_x_mm, offset_y_mm;
    float hover_x_mm, hover_y_mm;
    const DieGrid* grid;    // die states, classified exactly as counted
    uint64_t grid_version;  // changes whenever grid's contents do
};

// Queues the map into a draw list; the web build renders it with GL, a test can record it.
struct MapPainter {
    void (*paint)(ImDrawList* list, const WaferMapParams& params) = nullptr;
};

struct WaferPanel {
    DiesPerWaferInput input;                    // what the user entered, even when invalid
    std::optional<DiesPerWaferInput> computed;  // input of the shown result
    std::optional<DiesPerWaferResult> result;   // last good result, kept on bad input
    std::optional<Error> error;                 // why the current input was not computed
    std::optional<DiesPerWaferInput> last_rejected;  // so a bad input is validated once
    double compute_ms = 0.0;
    bool use_optimal_offset = true;             // or the centred grid, for comparison
    uint64_t result_version = 0;                // bumped on every new result

    // The map's die grid, derived from result + offset choice.
    DieGrid grid;
    GridOffset grid_offset{0.0, 0.0};
    int64_t grid_whole = 0, grid_partial = 0;  // what the map shows
    uint64_t grid_version = 0;
    uint64_t grid_of_result = ~uint64_t{0};
    bool grid_optimal = true;
};

// Recomputes when the input changed since the last call; returns whether it did.
bool update_wafer_panel(WaferPanel& panel);

void draw_wafer_panel(WaferPanel& panel, const MapPainter& painter);

}  // namespace w2t::web
