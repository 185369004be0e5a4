#pragma once
// An accelerator's cost, step by step: logic wafer -> cost per good die
// (die_cost()) -> + HBM -> + interposer / CoWoS packaging -> + test and
// assembly -> over the final test yield -> the estimate, beside a street price
// (the implied gross margin). The component figures come from the user; the
// sourced presets below (each with its URL, date and quality) fill them in.
#include <optional>
#include <string>
#include <vector>

#include "w2t/result.hpp"
#include "w2t/supply/cost.hpp"

namespace w2t::supply {

struct PackageCostInput {
    DieCostInput die;               // the logic die on its wafer
    int logic_dies = 1;             // logic dies per package (B200: 2)
    double hbm_usd = 0;             // all HBM stacks of one package
    double packaging_usd = 0;       // interposer / CoWoS packaging per package
    double test_assembly_usd = 0;   // final test and assembly per package
    double package_yield = 1.0;     // share of packages passing final test, (0, 1]
    double street_usd = 0;          // what a buyer pays for one (0: not shown)

    bool operator==(const PackageCostInput&) const = default;
};

struct PackageCostLimits {
    static constexpr int max_logic_dies = 64;
    static constexpr double max_component_usd = 1e6;
    static constexpr double min_package_yield = 0.01;
};

struct PackageCostStep {
    std::string name;  // "logic dies", "HBM", "packaging", "test and assembly", "test yield loss"
    double usd = 0;    // what the step adds
};

struct PackageCostResult {
    DieCostResult die;
    std::vector<PackageCostStep> steps;  // in order; their sum is estimate_usd
    double estimate_usd = 0;             // cost of one good accelerator
    double street_usd = 0;
    double margin = 0;                   // 1 - estimate / street (0 when no street price)
    double markup = 0;                   // street / estimate (0 when no street price)
};

// Errors name the field: those of die_cost(), logic_dies, hbm_usd,
// packaging_usd, test_assembly_usd, package_yield, street_usd.
Result<PackageCostResult> package_cost(const PackageCostInput& in);

// [SECTION] sourced presets
struct CostFigure {
    double value = 0;
    double low = 0, high = 0;  // as the source states them (equal to value when it gives one figure)
    std::string title, url, date, quality, row;  // row: /work/shared/data/supply_facts.csv id
};

// A process node: its killer defect density and a wafer price, each sourced.
struct NodePreset {
    std::string id, name;
    CostFigure d0_per_cm2, wafer_usd;
};
const std::vector<NodePreset>& node_presets();
const NodePreset* find_node_preset(const std::string& id);

// An accelerator's packaged cost components and street price (teardown estimates).
struct AcceleratorCostPreset {
    std::string id, name, node;  // node: a node_presets() id
    CostFigure die_area_mm2;
    int logic_dies = 1;
    CostFigure hbm_usd, packaging_usd, test_assembly_usd, street_usd, total_cost_usd;
};
const std::vector<AcceleratorCostPreset>& accelerator_cost_presets();

}  // namespace w2t::supply
