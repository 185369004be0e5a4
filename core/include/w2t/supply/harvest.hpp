#pragma once
// Harvesting and wafer-scale redundancy: how much usable yield a die gains
// when some of its identical units (SMs, cores) may be defective and fused off.
//
// A die of area A has a non-redundant "uncore" share s (I/O, memory
// controllers, crossbar: one killer defect there kills the die) and N
// identical units sharing the rest, each of area A(1-s)/N. A part is sold
// when the uncore is clean and at least K of the N units are clean:
//   usable = P(uncore clean) x P(at least K of N units clean)   (binomial)
// With poisson defects the regions are independent and this is exact. The
// other models are poisson with a defect density that varies from die to die
// (D0 x g, g drawn from the model's mixing law: murphy a triangle on [0, 2],
// seeds an exponential, bose-einstein a gamma of shape n, negative-binomial a
// gamma of shape alpha, all mean 1 except bose-einstein's n layers); the
// usable yield is averaged over g numerically, so K = N gives back the
// model's plain die yield.
//
// The wafer-scale version: C cores of area a, S of them sold (C - S spares),
// defects routed around core by core (the fabric skips a defective core, as
// Cerebras describes it); a wafer is sold when at most C - S cores are
// defective. Non-core area (fabric, I/O) is taken as redundant too: that is
// the vendor's claim, not a measured figure.
#include <cstdint>

#include "w2t/result.hpp"
#include "w2t/supply/package_cost.hpp"
#include "w2t/supply/wafer_scale.hpp"  // WaferScaleSource
#include "w2t/supply/yield.hpp"

namespace w2t::supply {

struct HarvestLimits {
    static constexpr int64_t max_units = 100000;       // units on one die
    static constexpr int64_t max_cores = 10000000;     // cores on one wafer-scale die
    static constexpr double max_core_area_mm2 = 1000.0;
    static constexpr double max_total_core_area_mm2 = 202500.0;  // 450 x 450 mm, as YieldLimits
};

struct HarvestInput {
    double die_area_mm2 = 0.0;
    int64_t units = 1;           // N identical units on the die
    int64_t required_units = 1;  // K that must work (the part as sold)
    double uncore_share = 0.0;   // share of the die area outside the units, 0..1
    YieldParams params;
};

struct HarvestResult {
    double plain_yield = 0;      // the whole die clean (no harvesting), as die_yield()
    double uncore_yield = 0;     // the uncore clean
    double unit_yield = 0;       // one unit clean
    double harvested_yield = 0;  // uncore clean and >= K units clean
    double yield_gain = 0;       // harvested_yield / plain_yield (0 when plain is 0)
    double unit_area_mm2 = 0, uncore_area_mm2 = 0;
    double defects_per_die = 0;          // A * D0
    double expected_defective_units = 0; // N x (1 - unit_yield)
};

// Errors name the field: die_area_mm2, units, required_units, uncore_share,
// or those of the yield params (d0_per_cm2, alpha, critical_layers).
Result<HarvestResult> harvest_yield(const HarvestInput& in);

struct WaferScaleRedundancyInput {
    int64_t cores = 0;       // physical cores on the wafer-scale die
    int64_t sold_cores = 0;  // cores the product enables
    double core_area_mm2 = 0.0;
    YieldParams params;
};

struct WaferScaleRedundancyResult {
    int64_t spare_cores = 0;        // cores - sold_cores
    double spare_share = 0;         // spare_cores / cores
    double core_yield = 0;          // one core clean
    double cores_area_mm2 = 0;      // cores x core area
    double expected_defects = 0;    // cores area x D0: killer defects per wafer
    double expected_defective_cores = 0;  // cores x (1 - core_yield): what defects cost
    double defective_core_share = 0;      // of all cores
    double area_lost_mm2 = 0;             // defective cores x core area
    double wafer_survival = 0;      // share of wafers with at most spare_cores defective
    double plain_yield = 0;         // the same area with no spares: one defect kills it
    double spares_used_share = 0;   // expected defective cores / spare cores (0 with no spares)
};

// Errors name the field: cores, sold_cores, core_area_mm2, or those of the
// yield params.
Result<WaferScaleRedundancyResult> wafer_scale_redundancy(const WaferScaleRedundancyInput& in);

// An accelerator's cost when its logic die is harvested: package_cost() with
// the die's usable (harvested) yield in place of its plain yield. cost.die.yield
// stays the plain yield; cost.die.good_dies and usd_per_good_die become the
// usable dies and the USD per usable die, and the steps follow from them.
struct HarvestedPackageCost {
    PackageCostResult cost;
    HarvestResult harvest;
};
// harvest.die_area_mm2 and harvest.params are taken from in.die (its width x
// height and yield); errors name the field as package_cost() and harvest_yield().
Result<HarvestedPackageCost> harvested_package_cost(const PackageCostInput& in, HarvestInput harvest);

// The sourced figures behind the defaults (supply_facts.csv rows; docs/supply-chain.md).
const std::vector<WaferScaleSource>& harvest_sources();

// P(X <= m) for X ~ Binomial(n, q), summed exactly in log space from the
// side of the mode that holds m, stopping once terms no longer matter.
double binomial_cdf(int64_t n, double q, int64_t m);

}  // namespace w2t::supply
