#pragma once
// Cost per good die: the wafer's price spread over its good dies.
#include "w2t/dies_per_wafer.hpp"
#include "w2t/result.hpp"
#include "w2t/supply/yield.hpp"

namespace w2t::supply {

// A wafer's price over its good dies: the exact gross die count of
// dies_per_wafer() times the yield of a die of area die_width_mm x
// die_height_mm (the scribe lane is not part of the die). Every die counts
// whole or not at all: no harvesting of partly defective dies.
struct DieCostInput {
    DiesPerWaferInput wafer;
    YieldParams yield;
    double wafer_usd = 0.0;  // price of one processed wafer

    bool operator==(const DieCostInput&) const = default;
};

struct DieCostLimits {
    static constexpr double min_wafer_usd = 1.0;
    static constexpr double max_wafer_usd = 1e6;  // ~20x the dearest quoted wafer
};

struct DieCostResult {
    DiesPerWaferResult dies;      // the exact count and its placement
    YieldResult yield;            // for the die's own area
    double good_dies = 0.0;       // gross_dies * yield, an expected (real) number
    double usd_per_gross_die = 0.0;  // wafer_usd / gross_dies
    double usd_per_good_die = 0.0;   // wafer_usd / good_dies (no harvesting)
};

// Errors name the field (those of dies_per_wafer, the yield params, wafer_usd);
// a wafer with no good die (gross_dies == 0 or yield 0) is an error with no field.
Result<DieCostResult> die_cost(const DieCostInput& in);

}  // namespace w2t::supply
