#pragma once
// Cost view: a chip (and how many), a model and a workload, owned or rented with
// every economics default editable and its source shown, and a baseline (what the
// user pays today) in; the TCO breakdown, $/M tokens vs latency for three chips,
// each chip beside the baseline, the sensitivity (tornado) and, on demand, the
// workload planner out. Models: w2t/cost/*.hpp; charts: chart.*.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chart.hpp"
#include "panel_inference.hpp"  // ChipPick, FrontierLine, sweep_frontier
#include "w2t/cost/equal_latency.hpp"
#include "w2t/cost/planner.hpp"
#include "w2t/cost/sensitivity.hpp"
#include "w2t/cost/tco.hpp"
#include "w2t/result.hpp"

namespace w2t::web {

// Everything the user sets (what a share link carries); NaN economics = the default.
struct CostInputs {
    ChipPick chip{"b200", 8};
    std::array<ChipPick, 2> compare{ChipPick{"mi300x", 8}, ChipPick{"h100-sxm", 8}};
    std::string model_id = "llama-3.1-70b";
    Precision precision = Precision::fp8;
    double input_tokens = 1000, output_tokens = 1000;
    double concurrency = 64;  // requests in flight per system (fixed batch)
    EconomicsInput economics;  // preset "" = owned-hardware
    // What the user pays today: $ per 1,000 tokens (input + output) and p95 request latency.
    double baseline_usd_per_1k_tokens = 0;  // 0: none
    double baseline_p95_latency_s = 0;      // 0: none
    // The planner's workload (model, tokens, economics from above).
    double requests_per_s = 20, ttft_p95_ms = 1000, tpot_p95_ms = 50;
    // "At equal per-user speed": the three chips above, each at the highest concurrency
    // that still gives every user this many output tok/s.
    double per_user_tok_s = 100;
};
bool same_cost_inputs(const CostInputs& a, const CostInputs& b);

// One chip at the view's workload: estimate + cost (or why not).
struct CostChipResult {
    ChipPick chip;
    std::optional<EstimateResult> estimate;
    std::optional<CostResult> cost;
    std::optional<Error> error;
};

// One chip's $/M output tokens vs latency sweep (fixed batch 1 ... 1024).
struct CostFrontierLine {
    FrontierLine line;
    std::vector<double> usd_per_mtok_output;  // per point of line.points (NaN: not priced)
    std::optional<Error> price_error;
};

struct CostPanel {
    CostInputs input;
    std::optional<CostInputs> computed;   // the inputs of the shown results
    std::optional<Error> error;           // why the selected chip could not be costed
    std::array<CostChipResult, 3> chips;  // selected, compare[0], compare[1]
    std::optional<Sensitivity> tornado;
    std::optional<Error> tornado_error;
    std::vector<CostFrontierLine> frontier;
    std::optional<EqualLatencyResult> equal_latency;  // the three chips at per_user_tok_s
    std::optional<Error> equal_latency_error;
    double compute_ms = 0;
    uint64_t version = 0;  // bumped on every recompute

    // The planner: run on demand (a button), its time shown.
    std::optional<PlanResult> plan;
    std::optional<Error> plan_error;
    std::optional<CostInputs> plan_of;  // the inputs it ran with
    double plan_ms = 0;
    int plan_runs = 0;
    bool plan_requested = false;        // run in the next update

    int tornado_hover = -1;  // last frame's hovered row (for tests)
    bool narrow = false;     // last frame's layout: one column
};

// Recomputes what changed; runs the planner when requested. Returns whether anything ran.
bool update_cost_panel(CostPanel& panel);
// Runs the planner now with the current inputs.
void run_cost_plan(CostPanel& panel);

void draw_cost_panel(CostPanel& panel);

// The view contract (web/scenario.hpp): flat inputs, set any subset (validates all
// first, changes nothing on error; unknown keys are errors), a summary sentence.
nlohmann::json cost_inputs(const CostPanel& panel);
std::optional<Error> set_cost_inputs(CostPanel& panel, const nlohmann::json& j);
std::string cost_summary(const CostPanel& panel);
// Inputs, results, tornado, frontier, baseline ratios and planner state (tests, embeds).
nlohmann::json cost_state_json(const CostPanel& panel);

}  // namespace w2t::web
