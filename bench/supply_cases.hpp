#pragma once
// A full supply scenario, as the Supply chain view recomputes it when every
// input changes at once (web/panel_supply.cpp, update_supply_panel): the exact
// die count and cost of a good die and of the packaged accelerator, a sampled
// defect map, the five yield-vs-area curves (61 points each) and a year's
// fleet (Monte Carlo, 400 samples, one estimate() per product). The page
// recomputes only the parts whose inputs changed; this is the worst case.
// CoWoS capacity and the claims do not depend on the inputs (computed once).
#include <cmath>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/supply/capacity.hpp"
#include "w2t/supply/defects.hpp"
#include "w2t/supply/package_cost.hpp"
#include "w2t/supply/yield.hpp"

namespace w2t::bench {

struct SupplyScenario {
    double die_area_mm2 = 814, die_aspect = 26.0 / 33.0, d0_per_cm2 = 0.1, wafer_usd = 13400;
    supply::YieldModel model = supply::YieldModel::murphy;
    const char* mix = "b200:0.6,mi300x:0.4";
    const char* model_id = "llama-3.1-70b";
    int year = 2026;
    uint64_t seed = 1;
};

// Returns a checksum of the results (so nothing is optimised away); NaN on an error.
inline double run_supply_scenario(const SupplyScenario& s, const Catalogue& catalogue) {
    supply::PackageCostInput pc;
    pc.die.wafer.die_width_mm = std::sqrt(s.die_area_mm2 * s.die_aspect);
    pc.die.wafer.die_height_mm = std::sqrt(s.die_area_mm2 / s.die_aspect);
    pc.die.yield.model = s.model;
    pc.die.yield.d0_per_cm2 = s.d0_per_cm2;
    pc.die.wafer_usd = s.wafer_usd;
    pc.hbm_usd = 1350, pc.packaging_usd = 750, pc.test_assembly_usd = 920, pc.street_usd = 27500;
    auto cost = supply::package_cost(pc);
    if (!cost) return NAN;
    supply::DefectSampleInput d;
    d.wafer = pc.die.wafer;
    d.offset_x_mm = cost->die.dies.offset_x_mm;
    d.offset_y_mm = cost->die.dies.offset_y_mm;
    d.d0_per_cm2 = s.d0_per_cm2;
    d.seed = s.seed;
    auto defects = supply::sample_defects(d);
    if (!defects) return NAN;
    double curves = 0;
    for (int m = 0; m < 5; ++m) {
        supply::YieldParams p{static_cast<supply::YieldModel>(m), s.d0_per_cm2, 2.0, 3};
        for (int i = 0; i <= 60; ++i)
            curves += supply::yield_fraction(p, 10.0 * std::pow(10.0, 3.7 * i / 60.0) / 100.0 * s.d0_per_cm2);
    }
    supply::FleetInput f;
    f.year = s.year;
    f.mix = *supply::parse_mix(s.mix);
    f.perf.model_id = s.model_id;
    f.perf.precision = Precision::fp8;
    f.perf.scenario = Scenario::offline;
    f.perf.input_tokens = f.perf.output_tokens = 1000;
    f.mc.samples = 400;
    auto fleet = supply::fleet(f, supply::builtin_supply(), catalogue);
    if (!fleet) return NAN;
    return cost->estimate_usd + double(defects->good_dies) + curves + fleet->output_tok_s.p50 * 1e-9;
}

}  // namespace w2t::bench
