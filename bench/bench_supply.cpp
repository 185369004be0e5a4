// Google Benchmark: a full supply scenario (the Supply chain view's worst-case
// recompute) and its parts, so a slow part shows by name.
#include <benchmark/benchmark.h>

#include "supply_cases.hpp"

namespace {

void BM_SupplyFull(benchmark::State& state) {
    const w2t::Catalogue& catalogue = w2t::builtin_catalogue();
    uint64_t seed = 1;
    for (auto _ : state) {
        w2t::bench::SupplyScenario s;
        s.seed = seed++;
        benchmark::DoNotOptimize(w2t::bench::run_supply_scenario(s, catalogue));
    }
}

void BM_SupplyDefects(benchmark::State& state) {
    w2t::supply::DefectSampleInput d;
    d.wafer.die_width_mm = 26, d.wafer.die_height_mm = 33, d.d0_per_cm2 = 0.1;
    uint64_t seed = 1;
    for (auto _ : state) {
        d.seed = seed++;
        benchmark::DoNotOptimize(w2t::supply::sample_defects(d));
    }
}

BENCHMARK(BM_SupplyFull)->Name("supply_full_scenario_h100");
BENCHMARK(BM_SupplyDefects)->Name("supply_sample_defects_26x33");

}  // namespace
