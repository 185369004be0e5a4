#pragma once
// Inference panel: a chip (and how many), a model, a precision and a workload
// in; what a user would measure out (w2t::estimate), the memory and decode-step
// breakdowns, the throughput-vs-interactivity frontier against two comparison
// chips, and a side-by-side table. All charts go through chart.*.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chart.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/result.hpp"

namespace w2t::web {

// A chip and how many of them (0: the fewest that hold the model).
struct ChipPick {
    std::string hardware_id;
    int count = 0;
    bool operator==(const ChipPick&) const = default;
};

// One point of a fixed-batch sweep.
struct FrontierPoint {
    double concurrency = 0, per_user_tok_s = 0, system_tok_s = 0, ttft_ms = 0, tpot_ms = 0;
};

// One chip's line on the frontier; `error` says why it has no (or fewer) points.
struct FrontierLine {
    ChipPick chip;
    int chips = 0;  // as estimated (resolves count 0)
    std::vector<FrontierPoint> points;
    std::optional<Error> error;
};

// What the frontier depends on: it is swept again only when this changes.
struct FrontierKey {
    std::string model_id, framework;
    Precision precision = Precision::fp8;
    double input_tokens = 0, output_tokens = 0;
    std::array<ChipPick, 3> chips;
    bool operator==(const FrontierKey&) const = default;
};

struct InferencePanel {
    InferencePanel();

    EstimateInput input;                        // what the user entered, even when invalid
    std::array<ChipPick, 2> compare;            // comparison chips (frontier; table uses one)
    int table_compare = 0;                      // which of `compare` the side-by-side table shows

    std::optional<EstimateInput> computed;      // input of the shown result
    std::optional<EstimateResult> result;       // last good result, kept on bad input
    std::optional<Error> error;                 // why the current input was not computed
    std::optional<EstimateInput> last_rejected; // so a bad input is estimated once
    double compute_ms = 0.0;
    uint64_t result_version = 0;                // bumped on every new result

    // The side-by-side comparison: same workload on compare[table_compare].
    std::optional<EstimateResult> compare_result;
    std::optional<Error> compare_error;
    std::optional<std::pair<EstimateInput, int>> compare_of;  // (input, table_compare) it was made for

    // The frontier, swept when its key changes (not every frame).
    std::vector<FrontierLine> frontier;
    std::optional<FrontierKey> frontier_of;
    double frontier_ms = 0.0;
    uint64_t frontier_version = 0;

    chart::PlotHover frontier_hover;  // last frame's hovered point (for tests)
    bool narrow = false;               // last frame's layout: one column
};

// The concurrencies the frontier sweeps: 1, 2, 4, ... 1024.
std::vector<double> frontier_concurrencies();

// Fixed-batch sweep of `base` (its model, precision, tokens, framework) on one
// chip: stops at the first failing estimate or once the batch stops growing.
FrontierLine sweep_frontier(const EstimateInput& base, const ChipPick& chip);

// Recomputes what changed since the last call (result, comparison, frontier);
// returns whether anything was recomputed.
bool update_inference_panel(InferencePanel& panel);

void draw_inference_panel(InferencePanel& panel);

bool same_input(const EstimateInput& a, const EstimateInput& b);

}  // namespace w2t::web
