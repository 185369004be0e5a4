// Google Benchmark: the performance model, one scenario of each kind and a sweep.
#include <benchmark/benchmark.h>

#include "cases.hpp"
#include "w2t/perf/inference.hpp"

namespace {

void BM_Estimate(benchmark::State& state, w2t::bench::EstimateCase c) {
    const w2t::EstimateInput in = w2t::bench::to_input(c);
    const w2t::Catalogue& catalogue = w2t::builtin_catalogue();
    for (auto _ : state) benchmark::DoNotOptimize(w2t::estimate(in, catalogue));
}

void BM_Sweep(benchmark::State& state) {
    const auto grid = w2t::bench::sweep_grid();
    const w2t::Catalogue& catalogue = w2t::builtin_catalogue();
    size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(w2t::estimate(grid[i++ % grid.size()], catalogue));
    state.SetItemsProcessed(state.iterations());
}

const bool registered = [] {
    for (const auto& c : w2t::bench::kEstimateCases) benchmark::RegisterBenchmark(c.name, BM_Estimate, c);
    benchmark::RegisterBenchmark("estimate_sweep_grid", BM_Sweep);
    return true;
}();

}  // namespace
