#pragma once
// Benchmark cases shared by the Google Benchmark suite (native) and the
// portable timer (native and WebAssembly under node), so both measure the same work.
#include <vector>

#include "w2t/dies_per_wafer.hpp"
#include "w2t/perf/inference.hpp"

namespace w2t::bench {

struct DpwCase {
    const char* name;
    DiesPerWaferInput input;
};

inline constexpr DpwCase kDpwCases[] = {
    {"reticle_26x33_300mm", {26.0, 33.0, 0.1, 300.0, 3.0}},
    {"hbm_11x10_300mm", {11.0, 10.0, 0.1, 300.0, 3.0}},
    {"chiplet_5x5_300mm", {5.0, 5.0, 0.1, 300.0, 3.0}},
    {"smallest_2x2_300mm", {2.0, 2.0, 0.1, 300.0, 3.0}},
    {"smallest_2x2_450mm", {2.0, 2.0, 0.1, 450.0, 3.0}},
};

// Performance-model scenarios: one of each kind of search the model does.
struct EstimateCase {
    const char* name;
    const char* hardware_id;
    int count;
    const char* model_id;
    Precision precision;
    Scenario scenario;
    double input_tokens, output_tokens, concurrency;
};

inline constexpr EstimateCase kEstimateCases[] = {
    {"estimate_offline_h100x8_70b", "h100-sxm", 8, "llama-3.1-70b", Precision::fp8, Scenario::offline, 1000, 1000, 0},
    {"estimate_server_b200x8_70b", "b200", 8, "llama-2-70b", Precision::fp4, Scenario::server, 222, 294, 0},
    {"estimate_single_b200x8_maverick", "b200", 8, "llama-4-maverick", Precision::fp8, Scenario::single_stream, 1000,
     1000, 1},
    {"estimate_fixed_h200x8_deepseek", "h200-sxm", 8, "deepseek-r1", Precision::fp8, Scenario::fixed_batch, 3200, 800,
     64},
    {"estimate_cs3_llama405b", "cerebras-cs3", 0, "llama-3.1-405b", Precision::bf16, Scenario::single_stream, 1000,
     1000, 1},
};

inline EstimateInput to_input(const EstimateCase& c) {
    EstimateInput in;
    in.hardware_id = c.hardware_id, in.accelerator_count = c.count, in.model_id = c.model_id;
    in.precision = c.precision, in.scenario = c.scenario;
    in.input_tokens = c.input_tokens, in.output_tokens = c.output_tokens, in.concurrency = c.concurrency;
    return in;
}

// A hardware x model x scenario x workload grid, as a sweep in the page would run:
// cycled to any length.
inline std::vector<EstimateInput> sweep_grid() {
    const char* hardware[] = {"h100-sxm", "h200-sxm", "b200", "mi300x", "gaudi3", "l40s"};
    const char* models[] = {"llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "qwen3-235b-a22b"};
    const Scenario scenarios[] = {Scenario::offline, Scenario::server, Scenario::fixed_batch, Scenario::single_stream};
    const double lengths[][2] = {{128, 128}, {1000, 1000}, {2048, 128}, {128, 2048}};
    std::vector<EstimateInput> grid;
    for (const char* h : hardware)
        for (const char* m : models)
            for (Scenario s : scenarios)
                for (const auto& len : lengths) {
                    EstimateInput in;
                    in.hardware_id = h, in.accelerator_count = 8, in.model_id = m;
                    in.precision = Precision::fp8, in.scenario = s;
                    in.input_tokens = len[0], in.output_tokens = len[1];
                    in.concurrency = s == Scenario::fixed_batch ? 64 : s == Scenario::single_stream ? 1 : 0;
                    grid.push_back(in);
                }
    return grid;
}

}  // namespace w2t::bench
