#pragma once
// Supply chain view: from a die on a wafer (exact die count, five yield models,
// sampled defects on the map) to what a good die and a packaged accelerator
// cost, then CoWoS capacity by year (low/base/high bands) to a year's fleet,
// its power and the tokens/s it could serve, and the article's claims checked.
// Models: core/include/w2t/supply/*; charts: chart.*; layout: view_layout.*.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chart.hpp"
#include "panel_wafer.hpp"  // MapPainter, WaferMapParams
#include "w2t/result.hpp"
#include "w2t/supply/capacity.hpp"
#include "w2t/supply/defects.hpp"
#include "w2t/supply/harvest.hpp"
#include "w2t/supply/package_cost.hpp"

namespace w2t::web {

// Everything a share link carries (keys of supply_inputs()).
struct SupplyInputs {
    std::string node = "4n";            // a node preset id or "custom" (sets d0 and wafer price)
    double die_area_mm2 = 814.0;        // H100 (sourced in the preset)
    double die_aspect = 26.0 / 33.0;    // width / height: the reticle field's shape
    double d0_per_cm2 = 0.1;
    std::string yield_model = "murphy";
    double alpha = 2.0;                 // negative-binomial clustering (illustrative: no sourced value)
    int critical_layers = 3;            // bose-einstein layers (illustrative: no sourced value)
    double wafer_usd = 13400.0;
    int logic_dies = 1;
    double hbm_usd = 1350.0, packaging_usd = 750.0, test_assembly_usd = 920.0;
    double package_yield = 1.0;
    double street_usd = 27500.0;
    int year = 2026;
    std::string band = "base";          // low | base | high: which end of each range the headline reads
    std::string mix = "b200:0.6,mi300x:0.4";
    std::string model_id = "llama-3.1-70b";
    std::string precision = "fp8";
    std::string scenario = "offline";
    int defect_seed = 1;
    bool show_defects = true;
    // Harvesting: sell dies with up to units - required_units units fused off. 144 / 132
    // are GH100's SMs and H100 SXM5's enabled ones (sourced); the uncore share is illustrative.
    bool harvest = false;
    int units = 144, required_units = 132;
    double uncore_share = 0.2;
    // Wafer-scale redundancy at the D0 and model above: WSE-3's 970,000 physical /
    // 900,000 active cores of ~0.05 mm2 (Cerebras, 2025; docs/supply-chain.md).
    int ws_cores = 970000, ws_sold_cores = 900000;
    double ws_core_area_mm2 = 0.05;

    bool operator==(const SupplyInputs&) const = default;
};

struct YieldCurve {
    std::string model;
    std::vector<double> area_mm2, yield;
};

struct SupplyPanel {
    SupplyInputs input;                       // what the user entered, even when invalid
    std::optional<SupplyInputs> computed;     // input of the shown results
    std::optional<Error> error;               // why the current input was not computed (field = JSON key)
    std::optional<SupplyInputs> last_rejected;

    std::optional<supply::PackageCostResult> cost;  // with the usable (harvested) yield when harvest is on
    std::optional<supply::HarvestResult> harvest;    // when harvest is on
    std::optional<supply::WaferScaleRedundancyResult> wafer_scale;
    std::vector<YieldCurve> curves;           // yield vs die area, one per model
    std::optional<supply::DefectSample> defects;
    DieGrid map_grid;                         // defect sample's grid with killed dies as state 3
    uint64_t map_version = 0;
    std::optional<supply::FleetResult> fleet;
    std::optional<Error> fleet_error;         // a model that does not fit a product, etc.

    // Input-independent: computed once.
    std::optional<supply::CapacityResult> capacity;
    std::vector<supply::ClaimCheck> claim_checks;
    bool claims_done = false;

    double compute_ms = 0.0;                  // last full recompute
    uint64_t result_version = 0;
    bool narrow = false;
};

// The die state the map shows for a whole die a sampled defect killed.
inline constexpr DieState kKilledDie = static_cast<DieState>(3);

// Recomputes what changed since the last call; returns whether anything was.
bool update_supply_panel(SupplyPanel& panel);

void draw_supply_panel(SupplyPanel& panel, const MapPainter& painter);

// [SECTION] the view contract (web/scenario.hpp)
nlohmann::json supply_inputs(const SupplyPanel& panel);
// Any subset of supply_inputs()' keys; validates all first, changes nothing on error.
std::optional<Error> set_supply_inputs(SupplyPanel& panel, const nlohmann::json& j);
std::string supply_summary(const SupplyPanel& panel);
// Inputs, results and error for tests (window.w2t.supply()).
nlohmann::json supply_state_json(const SupplyPanel& panel);

// The checks every input gets (also used by set_supply_inputs); the error names the JSON key.
std::optional<Error> validate_supply_inputs(const SupplyInputs& in);

}  // namespace w2t::web
