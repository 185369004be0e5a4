#pragma once
// The workload planner over its default search space (every catalogue chip x
// 1..128 accelerators x bf16/fp8/fp4/int4 x 16 concurrency caps = 11,264
// configurations), as `w2t plan` and the Cost view's button run it. Issue 17's
// target: >= 10,000 configurations in <= 100 ms as WebAssembly.
#include "w2t/cost/planner.hpp"

namespace w2t::bench {

struct PlanCase {
    const char* name;
    const char* model_id;
    double requests_per_s, input_tokens, output_tokens, ttft_p95_ms, tpot_p95_ms;
};

inline constexpr PlanCase kPlanCases[] = {
    {"plan_default_space_70b", "llama-3.1-70b", 20, 1000, 500, 1000, 50},
    {"plan_default_space_8b", "llama-3.1-8b", 10, 1000, 500, 500, 30},
};

inline PlanInput to_plan_input(const PlanCase& c) {
    PlanInput in;
    in.workload.model_id = c.model_id;
    in.workload.requests_per_s = c.requests_per_s;
    in.workload.input_tokens = c.input_tokens, in.workload.output_tokens = c.output_tokens;
    in.workload.ttft_p95_ms = c.ttft_p95_ms, in.workload.tpot_p95_ms = c.tpot_p95_ms;
    in.top = 5;  // as the Cost view asks
    return in;
}

}  // namespace w2t::bench
