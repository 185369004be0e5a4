// Google Benchmark: the workload planner over its default space (bench/plan_cases.hpp).
#include <benchmark/benchmark.h>

#include "plan_cases.hpp"

namespace {

void BM_Plan(benchmark::State& state, w2t::bench::PlanCase c) {
    const w2t::PlanInput in = w2t::bench::to_plan_input(c);
    int configurations = 0;
    for (auto _ : state) {
        auto r = w2t::plan(in);
        if (!r) {
            state.SkipWithError(r.error().to_string().c_str());
            return;
        }
        configurations = r->configurations_searched;
        benchmark::DoNotOptimize(r->feasible);
    }
    state.counters["configurations"] = configurations;
    state.counters["configs_per_s"] =
        benchmark::Counter(double(configurations) * double(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Plan, default_space_70b, w2t::bench::kPlanCases[0])->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Plan, default_space_8b, w2t::bench::kPlanCases[1])->Unit(benchmark::kMillisecond);
