// Google Benchmark: the exact dies-per-wafer search and the map's die grid.
//   build/native/bench/w2t_bench
#include <benchmark/benchmark.h>

#include "cases.hpp"

namespace {

void BM_DiesPerWafer(benchmark::State& state, w2t::DiesPerWaferInput in) {
    int64_t evaluated = 0;
    for (auto _ : state) {
        auto r = w2t::dies_per_wafer(in);
        benchmark::DoNotOptimize(r);
        evaluated = r->offsets_evaluated;
    }
    state.counters["placements"] = static_cast<double>(evaluated);
}

void BM_DieGrid(benchmark::State& state, w2t::DiesPerWaferInput in) {
    for (auto _ : state) {
        auto grid = w2t::die_grid(in, 0.3, 0.7);
        benchmark::DoNotOptimize(grid);
    }
}

int register_all() {
    for (const auto& c : w2t::bench::kDpwCases) {
        benchmark::RegisterBenchmark((std::string("dies_per_wafer/") + c.name).c_str(), BM_DiesPerWafer, c.input)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark((std::string("die_grid/") + c.name).c_str(), BM_DieGrid, c.input)
            ->Unit(benchmark::kMicrosecond);
    }
    return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
