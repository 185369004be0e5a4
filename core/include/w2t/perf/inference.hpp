#pragma once
// The LLM inference performance model: a chip (and how many), a model, a
// precision and a workload in; what a user would measure out (TTFT, TPOT,
// per-user and system tok/s), with every term that made it and the resource
// that binds. docs/perf-model.md derives each formula; PerfParams holds the
// few fitted efficiencies (their values and how they were fitted are there too).
#include <optional>
#include <string>
#include <vector>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/result.hpp"

namespace w2t {

enum class Precision { fp16, bf16, fp8, fp4, int8, int4, q4_0, q8_0 };
enum class Scenario { offline, server, interactive, single_stream, fixed_batch };

const char* to_string(Precision p);
const char* to_string(Scenario s);
Result<Precision> parse_precision(const std::string& text);
Result<Scenario> parse_scenario(const std::string& text);
// Bytes one weight takes at this precision, block scales included (q4_0: 4.5 bits).
double bytes_per_weight(Precision p);

// The named, fitted parameters. Values: docs/perf-model.md (`w2t validate --fit`).
struct PerfParams {
    // Share of peak off-chip bandwidth that decode reaches (weights + KV cache).
    double memory_efficiency = 0.643;
    // Share of peak dense FLOPS that large prefill GEMMs reach.
    double prefill_efficiency = 0.478;
    // Share of peak FLOPS in decode's batched GEMMs (compute-bound only at large batch).
    double decode_compute_efficiency = 0.5;
    // Fixed cost per layer per step (kernel launches, synchronisation), GPUs and HBM chips.
    double layer_overhead_us = 5.4;
    // Extra fixed cost per MoE layer per step (routing, grouped GEMM set-up).
    double moe_layer_overhead_us = 13.6;
    // Fixed cost per routed expert a token uses, per MoE layer per step (a small GEMM each
    // at low batch: what rules small-batch decode of many-expert models).
    double expert_overhead_us = 0.831;
    // Fixed cost per engine step (scheduling, sampling, host round trip).
    double step_overhead_us = 80.7;
    // Latency of one all-reduce (or all-to-all) across the tensor-parallel group.
    double collective_latency_us = 0.5;
    // Share of a link's peak bandwidth that collectives reach.
    double link_efficiency = 0.509;
    // Per-layer pipeline latency of SRAM-resident dataflow chips (wafer-scale, LPU):
    // a token's trip through one layer's cores, from the per-user speeds.
    double wafer_layer_latency_us = 16.1;
    double lpu_layer_latency_us = 57.3;
    // Share of the memory left after the weights that the engine gives its KV cache pool
    // (TensorRT-LLM's kv_cache_free_gpu_mem_fraction; vLLM's gpu_memory_utilization).
    double kv_cache_fraction = 0.59;
    // Tokens one engine step may process (decode + prefill chunks: max_num_tokens).
    double max_step_tokens = 8.86e+03;
    // A hosted API's time to first token outside the accelerators (network, gateway,
    // queue), as third parties measure per-user speeds over the internet.
    double hosted_api_overhead_ms = 181;
    // NVFP4/MXFP4 GEMMs reach this share of the fp4 peak that fp8 GEMMs reach of theirs.
    double fp4_efficiency = 0.713;
    // Serving stacks other than TensorRT-LLM (vLLM, SGLang, vendors' own) reach this share
    // of its kernel efficiency.
    double generic_stack_efficiency = 0.763;
    // AMD Instinct under ROCm reaches this share of the efficiency NVIDIA's kernels reach
    // (GEMMs, attention and bandwidth alike: the software stack's maturity, not the silicon).
    double rocm_efficiency = 0.8;
    // llama.cpp's kernels (single stream, layer split across GPUs).
    double llamacpp_efficiency = 1;
};
const PerfParams& default_perf_params();

struct SpeculativeDecoding {
    int draft_tokens = 0;       // 0: off
    double acceptance = 0.70;   // chance each drafted token is accepted
    double draft_cost = 0.05;   // one draft token's cost, as a share of a target step
};

struct EstimateInput {
    std::string hardware_id;
    int accelerator_count = 0;  // 0: the smallest system the model fits on (said in notes)
    std::string model_id;
    Precision precision = Precision::fp8;
    Scenario scenario = Scenario::offline;
    double input_tokens = 1000, output_tokens = 1000;
    double concurrency = 0;  // requests in flight; 0: chosen by the scenario
    std::string framework;   // "" or e.g. tensorrt-llm, vllm, sglang, llama.cpp
    // Optional: KV cache precision (default: fp8 with fp8/fp4 weights on chips with
    // fp8, else 16-bit), layout (0 = choose), speculative decoding, latency limits.
    bool kv_precision_set = false;
    Precision kv_precision = Precision::fp16;
    int tensor_parallel = 0, pipeline_parallel = 0;
    SpeculativeDecoding speculative;
    double ttft_limit_ms = 0, tpot_limit_ms = 0;  // 0: the benchmark's (MLPerf) limits
    // Time outside the accelerators before the first token: network round trip, API
    // gateway, queueing at a hosted service. Added to TTFT and end-to-end latency.
    double client_overhead_ms = 0;
};

// Time of one phase, split into what each resource would take alone.
struct PhaseTerms {
    double compute_ms = 0, weights_ms = 0, kv_cache_ms = 0, interconnect_ms = 0, overhead_ms = 0;
    double total_ms = 0;
    std::string bottleneck;  // compute, memory-bandwidth, kv-cache-bandwidth, interconnect, overhead
};

struct MemoryBreakdown {  // per chip, GB
    double capacity_gb = 0, weights_gb = 0, kv_cache_gb = 0, reserved_gb = 0, free_gb = 0;
    double kv_per_request_mb = 0;  // at the mean context
    double max_concurrency = 0;    // requests whose KV cache fits, whole system
    bool sram_resident = false;    // capacity is on-chip SRAM
};

struct Layout {
    int chips = 0, tensor_parallel = 1, pipeline_parallel = 1, replicas = 1;
    bool layer_split_sequential = false;  // llama.cpp: layers split, one GPU at a time
    std::string description;
};

struct ModelShape {  // derived from the architecture, billions of parameters
    double params_total_b = 0, params_active_b = 0, kv_bytes_per_token = 0;
};

struct EstimateResult {
    EstimateInput input;
    Layout layout;
    ModelShape shape;
    double concurrency = 0;  // requests in flight in the whole system
    double system_output_tok_s = 0, per_user_output_tok_s = 0, ttft_ms = 0, tpot_ms = 0,
           e2e_latency_s = 0, system_total_tok_s = 0;
    std::string bottleneck;       // decode phase's binding resource
    std::string batch_limited_by;  // what stopped a larger batch
    PhaseTerms prefill, decode;
    MemoryBreakdown memory;
    double ttft_limit_ms = 0, tpot_limit_ms = 0;  // server / interactive limits applied
    std::vector<std::string> notes;  // assumptions made (layout chosen, defaults)
};

ModelShape model_shape(const ModelArch& m, Precision kv_precision);

// The input's own faults (unknown ids, values out of range), apart from what the
// model finds (a model that does not fit): a CLI reports the first as usage errors.
std::optional<Error> check_estimate_input(const EstimateInput& in, const Catalogue& catalogue);

Result<EstimateResult> estimate(const EstimateInput& in, const Catalogue& catalogue,
                                const PerfParams& params = default_perf_params());

}  // namespace w2t
