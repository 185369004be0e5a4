// [SECTION] Contents
//   names: precisions, scenarios
//   model shape: parameters, KV cache and FLOPs per token
//   the machine: bandwidths and peaks a layout sees
//   one engine step (decode round) and one prefill
//   operating point per scenario (batch, latency limits, queueing)
//   layout search and estimate()
#include "w2t/perf/inference.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>

#include "w2t/validate.hpp"

namespace w2t {
namespace {

// [SECTION] names: precisions, scenarios
constexpr std::pair<Precision, const char*> kPrecisionNames[] = {
    {Precision::fp16, "fp16"}, {Precision::bf16, "bf16"}, {Precision::fp8, "fp8"},
    {Precision::fp4, "fp4"},   {Precision::int8, "int8"}, {Precision::int4, "int4"},
    {Precision::q4_0, "q4_0"}, {Precision::q8_0, "q8_0"},
};
constexpr std::pair<Scenario, const char*> kScenarioNames[] = {
    {Scenario::offline, "offline"},         {Scenario::server, "server"},
    {Scenario::interactive, "interactive"}, {Scenario::single_stream, "single-stream"},
    {Scenario::fixed_batch, "fixed-batch"},
};

constexpr double kActivationBytes = 2.0;  // activations and collectives in 16-bit
constexpr double kGB = 1e9;
constexpr double kGiB = 1073741824.0;

// MLPerf Inference per-model p99 limits (loadgen/mlperf.conf).
struct LatencyLimits {
    const char* model_id;
    double server_ttft_ms, server_tpot_ms, interactive_ttft_ms, interactive_tpot_ms;
};
constexpr LatencyLimits kMlperfLimits[] = {
    {"llama-2-70b", 2000, 200, 450, 40},    {"mixtral-8x7b", 2000, 200, 0, 0},
    {"llama-3.1-405b", 6000, 175, 4500, 80}, {"llama-3.1-8b", 2000, 100, 500, 30},
    {"deepseek-r1", 2000, 80, 1500, 15},
};
constexpr double kDefaultServerTtftMs = 2000, kDefaultServerTpotMs = 200;

bool is_16bit(Precision p) { return p == Precision::fp16 || p == Precision::bf16; }

// [SECTION] model shape: parameters, KV cache and FLOPs per token
struct Shape {
    double layers = 0, moe_layers = 0, dense_layers = 0;
    double attention_params = 0;  // per layer
    double dense_mlp_params = 0;  // per dense layer
    double expert_params = 0;     // one routed expert
    double shared_params = 0;     // the shared experts of one MoE layer
    double embed_params = 0, lm_head_params = 0;
    double total_params = 0, active_params = 0;  // active: read per token (no embedding lookup)
    double kv_bytes_per_layer_token = 0;          // at the KV precision
    double full_layers = 0, window_layers = 0, window = 0;
    double attention_flops_per_position = 0;  // per layer, per token, per context position
    double hidden = 0, experts = 0, experts_active = 0;
};

Shape shape_of(const ModelArch& m, double kv_bytes) {
    Shape s;
    s.layers = m.layers;
    s.hidden = m.hidden;
    const double h = m.hidden, hd = m.head_dim;
    if (m.attention == AttentionKind::mla) {
        const double qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
        const double q = m.q_lora_rank > 0 ? h * m.q_lora_rank + m.q_lora_rank * m.heads * qk : h * m.heads * qk;
        const double kv = h * (m.kv_lora_rank + m.qk_rope_head_dim) +
                          m.kv_lora_rank * m.heads * (m.qk_nope_head_dim + m.v_head_dim);
        s.attention_params = q + kv + m.heads * m.v_head_dim * h;
        s.kv_bytes_per_layer_token = (m.kv_lora_rank + m.qk_rope_head_dim) * kv_bytes;
        // Absorbed MLA decode: scores over (kv_lora + rope) and values over kv_lora, per head.
        s.attention_flops_per_position = 2 * m.heads * (2 * m.kv_lora_rank + m.qk_rope_head_dim);
    } else {
        s.attention_params = h * m.heads * hd * 2 + h * m.kv_heads * hd * 2;
        s.kv_bytes_per_layer_token = 2 * m.kv_heads * hd * kv_bytes;
        s.attention_flops_per_position = 4 * m.heads * hd;
    }
    s.dense_mlp_params = 3 * h * m.ffn;  // gated MLP: gate, up, down
    if (m.is_moe()) {
        s.moe_layers = std::floor((m.layers - m.first_dense_layers) / m.moe_layer_step);
        s.expert_params = 3 * h * m.moe_ffn;
        s.shared_params = m.experts_shared * s.expert_params;
        s.experts = m.experts;
        s.experts_active = m.experts_active;
    }
    s.dense_layers = m.layers - s.moe_layers;
    s.embed_params = m.vocab * h;
    s.lm_head_params = m.vocab * h;  // read every step, tied or not
    const double router = h * m.experts;
    const double moe_layer_total = m.experts * s.expert_params + s.shared_params + router;
    const double moe_layer_active = m.experts_active * s.expert_params + s.shared_params + router;
    const double body = s.layers * s.attention_params + s.dense_layers * s.dense_mlp_params;
    s.total_params = body + s.moe_layers * moe_layer_total + s.embed_params +
                     (m.tied_embeddings ? 0 : s.lm_head_params);
    s.active_params = body + s.moe_layers * moe_layer_active + s.lm_head_params;
    // Windowed layers keep (and read) only the last `window` tokens.
    s.window_layers = std::min(m.layers, m.sliding_layers + m.chunked_layers);
    s.window = m.sliding_layers > 0 ? m.sliding_window : m.attention_chunk;
    if (s.window <= 0) s.window_layers = 0;
    s.full_layers = m.layers - s.window_layers;
    return s;
}

// Context positions summed over layers for one token at context length L.
double layer_positions(const Shape& s, double context) {
    return s.full_layers * context + s.window_layers * std::min(context, s.window);
}
// The same, summed over every token of an n-token prompt (causal).
double prefill_layer_positions(const Shape& s, double n) {
    const double windowed = n <= s.window ? n * n / 2 : s.window * n - s.window * s.window / 2;
    return s.full_layers * n * n / 2 + s.window_layers * windowed;
}

// Routed experts one MoE layer reads when `tokens` tokens pick experts_active each.
double experts_touched(const Shape& s, double tokens) {
    if (s.experts <= 0) return 0;
    return s.experts * (1 - std::pow(1 - s.experts_active / s.experts, tokens));
}

// Weight bytes one step reads for `tokens` tokens (whole model, every chip together).
double weight_bytes_read(const Shape& s, double tokens, double bpw) {
    const double dense = s.layers * s.attention_params + s.dense_layers * s.dense_mlp_params +
                         s.lm_head_params + s.moe_layers * (s.shared_params + s.hidden * s.experts);
    return bpw * (dense + s.moe_layers * experts_touched(s, tokens) * s.expert_params);
}

double weight_bytes_total(const Shape& s, double bpw) { return bpw * s.total_params; }

// [SECTION] the machine: bandwidths and peaks a layout sees
struct Machine {
    const Accelerator* chip = nullptr;
    bool dataflow = false;       // weights in on-chip SRAM, layers pipelined over chips
    double memory_bw = 0;        // bytes/s per chip, after efficiency
    double capacity = 0;         // bytes per chip for weights + KV
    double peak_flops = 0;       // FLOP/s per chip for the weights' GEMMs, dense, after fp4's share
    double attention_flops = 0;  // FLOP/s per chip for attention (runs at the KV cache's precision)
    double link_bw = 0;          // bytes/s per chip for collectives in the scale-up domain
    double scaleout_bw = 0;      // bytes/s per chip across domains
    double domain = 1;           // chips in one scale-up domain
    double stack_efficiency = 1; // the serving stack's share of the best kernels
    bool llamacpp = false;
};

double peak_tflops(const Accelerator& a, Precision p, std::vector<std::string>& notes) {
    auto first_known = [](std::initializer_list<double> values) {
        for (double v : values)
            if (known(v)) return v;
        return kUnknown;
    };
    double v = kUnknown;
    switch (p) {
        case Precision::fp4: v = first_known({a.tflops_fp4, a.tflops_fp8, a.tflops_fp16}); break;
        case Precision::fp8: v = first_known({a.tflops_fp8, a.tflops_fp16}); break;
        case Precision::int8: v = first_known({a.tops_int8, a.tflops_fp8, a.tflops_fp16}); break;
        default: v = a.tflops_fp16; break;  // int4, q4_0, q8_0: weight-only, 16-bit math
    }
    if (!known(v) && known(a.tflops_fp16_sparse)) {
        v = a.tflops_fp16_sparse / 2;
        const std::string note = "dense FLOPS unpublished for " + a.id + ": half the sparse figure assumed";
        if (std::find(notes.begin(), notes.end(), note) == notes.end()) notes.push_back(note);  // asked per precision
    }
    return v;
}

// [SECTION] one engine step (decode round) and one prefill
struct Config {
    const Shape* shape;
    Machine machine;
    int tp = 1, pp = 1;
    double bpw = 2, kv_bytes = 2;
    double input_tokens = 0, output_tokens = 0;
    double kv_replication = 1;  // copies of each KV entry across the TP group
    SpeculativeDecoding spec;
    const PerfParams* params;
    // One prompt's prefill, alone and as batched work: they do not depend on the batch,
    // so they are computed once per layout (set_prefill) rather than per search step.
    PhaseTerms prefill;
    double prefill_work_s = 0;
};

double chips(const Config& c) { return double(c.tp) * c.pp; }

const char* largest(const PhaseTerms& t) {
    const std::pair<double, const char*> terms[] = {
        {t.compute_ms, "compute"},           {t.weights_ms, "memory-bandwidth"},
        {t.kv_cache_ms, "kv-cache-bandwidth"}, {t.interconnect_ms, "interconnect"},
        {t.overhead_ms, "overhead"},
    };
    return std::max_element(std::begin(terms), std::end(terms),
                            [](const auto& a, const auto& b) { return a.first < b.first; })->second;
}

// Time of one collective over the TP group moving `bytes` per chip.
double collective_s(const Config& c, double bytes) {
    if (c.tp <= 1) return 0;
    const double ring = 2.0 * (c.tp - 1) / c.tp * bytes;
    double bw = c.machine.link_bw;
    if (c.tp > c.machine.domain) bw = std::min(bw, c.machine.scaleout_bw);
    return c.params->collective_latency_us * 1e-6 + ring / (bw * c.params->link_efficiency);
}

// KV bytes of one sequence at a context length, on the whole replica.
double kv_bytes_seq(const Config& c, double context) {
    return c.shape->kv_bytes_per_layer_token * layer_positions(*c.shape, context) * c.kv_replication;
}

double prefill_flops(const Shape& s, double n) {
    return 2 * s.active_params * n + s.attention_flops_per_position * prefill_layer_positions(s, n);
}

double layer_latency_s(const Config& c) {
    return (c.machine.chip->kind == "wafer-scale" ? c.params->wafer_layer_latency_us
                                                  : c.params->lpu_layer_latency_us) * 1e-6;
}

// Fixed costs of one engine step: per layer (kernel launches, synchronisation), per MoE
// layer (routing), per step (scheduling, sampling). Dataflow chips: a token's trip
// through every layer's cores.
double overhead_s(const Config& c) {
    const Shape& s = *c.shape;
    const PerfParams& p = *c.params;
    if (c.machine.dataflow) return s.layers * layer_latency_s(c);
    const double per_layer = c.machine.llamacpp ? p.layer_overhead_us : p.layer_overhead_us / c.machine.stack_efficiency;
    return 1e-6 * (s.layers * per_layer + s.moe_layers * (p.moe_layer_overhead_us + s.experts_active * p.expert_overhead_us) +
                   p.step_overhead_us);
}

// One decode round for `batch` sequences at a mean context: every sequence advances
// one step. GEMMs (weights) and attention (KV cache) are separate kernels: each is
// bound by its bytes or its FLOPs, and they run one after the other. With pipeline
// stages the batch is split into microbatches flowing through the stages; each
// stage reads its weights once per microbatch. `prefill_tokens` are prompt tokens
// processed in the same round (chunked prefill).
PhaseTerms decode_round(const Config& c, double batch, double context, double prefill_tokens) {
    const Shape& s = *c.shape;
    const PerfParams& p = *c.params;
    const Machine& m = c.machine;
    PhaseTerms t;
    const double tokens_per_seq = 1 + c.spec.draft_tokens;  // verified per step
    const double micro = std::max(1.0, batch / c.pp);
    const double micro_tokens = micro * tokens_per_seq;
    const double decode_tokens = batch * tokens_per_seq;
    const double n = c.input_tokens;
    const double prefill_positions = n > 0 ? prefill_tokens / n * prefill_layer_positions(s, n) : 0;

    const double all_chips = chips(c);
    const double flops_rate = all_chips * m.peak_flops * p.decode_compute_efficiency * m.stack_efficiency;
    const double gemm_s = 2 * s.active_params * (decode_tokens + prefill_tokens) / flops_rate;
    const double attention_s = s.attention_flops_per_position *
                               (decode_tokens * layer_positions(s, context) + prefill_positions) /
                               (flops_rate * m.attention_flops / m.peak_flops);
    // Weights: each stage's chips read a microbatch's weights (dataflow: all chips, in SRAM).
    const double weight_bw = m.memory_bw * (m.dataflow ? all_chips : c.tp);
    const double weights_s = weight_bytes_read(s, m.dataflow ? decode_tokens : micro_tokens, c.bpw) / weight_bw;
    const double kv_s = batch * kv_bytes_seq(c, context) / (m.memory_bw * all_chips);

    double comm = 0;
    if (!m.dataflow) {
        const double act = (micro_tokens + prefill_tokens / c.pp) * s.hidden * kActivationBytes;
        // Two exchanges per layer: after attention and after the MLP. MoE layers move the
        // same volume, as an all-reduce (tensor-parallel experts) or as a dispatch/combine
        // all-to-all pair (expert parallel: k copies of a token, each to 1/tp of the ranks).
        comm = 2 * s.layers * collective_s(c, act);
        if (c.pp > 1) comm += c.pp * (p.collective_latency_us * 1e-6 + act / (m.link_bw * p.link_efficiency));
    }
    t.compute_ms = 1e3 * (gemm_s + attention_s);
    t.weights_ms = 1e3 * weights_s;
    t.kv_cache_ms = 1e3 * kv_s;
    t.interconnect_ms = 1e3 * comm;
    t.overhead_ms = 1e3 * overhead_s(c);
    t.total_ms = 1e3 * (std::max(weights_s, gemm_s) + std::max(kv_s, attention_s) + comm) + t.overhead_ms;
    if (c.spec.draft_tokens > 0) t.total_ms *= 1 + c.spec.draft_tokens * c.spec.draft_cost;
    t.bottleneck = largest(t);
    return t;
}

// Expected tokens one speculative step yields per sequence.
double tokens_per_step(const SpeculativeDecoding& spec) {
    if (spec.draft_tokens <= 0) return 1;
    const double a = std::clamp(spec.acceptance, 0.0, 0.999);
    return (1 - std::pow(a, spec.draft_tokens + 1)) / (1 - a);
}

// One prompt prefilled alone on a replica (its TTFT without queueing). A single prompt
// crosses pipeline stages in turn, so only one stage's chips work on it.
PhaseTerms prefill_alone(const Config& c) {
    const Shape& s = *c.shape;
    const PerfParams& p = *c.params;
    const Machine& m = c.machine;
    const double n = c.input_tokens;
    PhaseTerms t;
    const double working_chips = m.dataflow ? chips(c) : c.tp;
    const double efficiency = m.dataflow ? p.decode_compute_efficiency : p.prefill_efficiency * m.stack_efficiency;
    t.compute_ms = 1e3 * prefill_flops(s, n) / (working_chips * m.peak_flops * efficiency);
    t.weights_ms = 1e3 * weight_bytes_read(s, n, c.bpw) / (m.memory_bw * working_chips);
    if (!m.dataflow) t.interconnect_ms = 1e3 * 2 * s.layers * collective_s(c, n * s.hidden * kActivationBytes);
    t.overhead_ms = 1e3 * overhead_s(c);
    t.total_ms = std::max(t.compute_ms, t.weights_ms) + t.interconnect_ms + t.overhead_ms;
    t.bottleneck = largest(t);
    return t;
}

// Prefill work per prompt when many are batched on the whole replica (throughput view).
double prefill_work_of(const Config& c) {
    const Machine& m = c.machine;
    const double efficiency = m.dataflow ? c.params->decode_compute_efficiency
                                         : c.params->prefill_efficiency * m.stack_efficiency;
    return prefill_flops(*c.shape, c.input_tokens) / (chips(c) * m.peak_flops * efficiency);
}

void set_prefill(Config& c) {
    c.prefill = prefill_alone(c);
    c.prefill_work_s = prefill_work_of(c);
}

// [SECTION] operating point per scenario (batch, latency limits, queueing)
struct Point {
    double batch = 1;  // sequences decoding at once per replica (mean occupancy)
    double slots = 1;  // requests the replica admits at once
    PhaseTerms decode, prefill;
    double tpot_ms = 0, ttft_ms = 0, replica_output_tok_s = 0;
    std::string limited_by;
};

double normal_pdf(double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// p99 wait for a free slot: M/M/c with c = slots at utilisation rho, using the
// Halfin-Whitt approximation of the probability of waiting.
double slot_wait_p99_s(double slots, double rho, double service_s) {
    if (rho <= 0) return 0;
    if (rho >= 1) return INFINITY;
    const double beta = (1 - rho) * std::sqrt(slots);
    const double p_wait = 1 / (1 + beta * normal_cdf(beta) / normal_pdf(beta));
    if (p_wait <= 0.01) return 0;
    return std::log(p_wait / 0.01) * service_s / (slots * (1 - rho));
}

// Steady state with continuous batching: as requests finish, new ones are admitted and
// their prompts are prefilled in the same rounds (chunked prefill). `load` is the share
// of `slots` in use on average (1: a closed loop keeping every slot busy).
Point steady_point(const Config& c, double slots, double load, bool p99) {
    Point pt;
    pt.slots = slots;
    pt.batch = std::max(1.0, slots * load);
    const double context = c.input_tokens + c.output_tokens / 2;
    const double gain = tokens_per_step(c.spec);
    const double prefill_tokens = pt.batch * c.input_tokens * gain / c.output_tokens;  // per round
    pt.decode = decode_round(c, pt.batch, context, prefill_tokens);
    pt.tpot_ms = pt.decode.total_ms / gain;
    pt.prefill = c.prefill;
    pt.replica_output_tok_s = pt.batch * 1e3 / pt.tpot_ms;
    // TTFT: the running round, the prompt's own prefill, queueing behind other prompts'
    // prefill work (M/D/1), and with Poisson arrivals the wait for a free slot.
    const double rate = pt.replica_output_tok_s / c.output_tokens;  // requests/s
    // One request in flight has nobody to queue behind.
    const double rho_prefill = pt.batch > 1 ? std::min(0.95, rate * c.prefill_work_s) : 0;
    double prefill_wait = rho_prefill / (2 * (1 - rho_prefill)) * c.prefill_work_s * 1e3;
    if (p99) prefill_wait *= std::log(100.0);
    const double round_wait = pt.batch > 1 ? pt.decode.total_ms : 0;
    const double service_s = c.output_tokens * pt.tpot_ms * 1e-3;
    const double slot_wait = load < 1 ? 1e3 * slot_wait_p99_s(slots, load, service_s) : 0;
    pt.ttft_ms = pt.prefill.total_ms + round_wait + prefill_wait + slot_wait;
    return pt;
}

// A closed loop of `batch` clients with fixed lengths under a prefill-first scheduler
// (vLLM, SGLang): requests start together, every prompt is prefilled before decoding
// resumes, and all finish together, so the load moves in waves.
Point wave_point(const Config& c, double batch) {
    Point pt;
    pt.batch = pt.slots = batch;
    const double gain = tokens_per_step(c.spec);
    pt.decode = decode_round(c, batch, c.input_tokens + c.output_tokens / 2, 0);
    pt.tpot_ms = pt.decode.total_ms / gain;
    pt.prefill = c.prefill;
    const double each_ms = std::max(c.prefill_work_s * 1e3, pt.prefill.total_ms / std::max(1.0, batch));
    pt.ttft_ms = pt.prefill.total_ms + (batch - 1) / 2 * each_ms;
    const double wave_ms = pt.prefill.total_ms + (batch - 1) * each_ms + c.output_tokens * pt.tpot_ms;
    pt.replica_output_tok_s = batch * c.output_tokens * 1e3 / wave_ms;
    return pt;
}

// Server / interactive: the most output per second whose p99 TTFT and TPOT meet the
// limits. Output grows with the requests decoding at once (the occupancy), and so do
// TPOT and TTFT: the answer is the largest occupancy meeting both, found by bisection.
// Requests arrive at random (Poisson), so some wait for a free slot; operators raise
// the offered load until a limit fails, so the slots are the fewest that keep the p99
// TTFT within its limit (the TTFT measured sits near the limit when queueing binds).
Point best_under_limits(const Config& c, double max_slots, double ttft_limit, double tpot_limit) {
    // Feasible when TPOT fits and, with every slot open, the p99 slot wait fits the TTFT budget.
    auto feasible = [&](double occupancy) -> std::optional<Point> {
        Point base = steady_point(c, occupancy, 1, true);  // no slot wait yet
        const double budget_s = (ttft_limit - base.ttft_ms) * 1e-3;
        if (base.tpot_ms > tpot_limit || budget_s < 0) return std::nullopt;
        const double service_s = c.output_tokens * base.tpot_ms * 1e-3;
        if (slot_wait_p99_s(max_slots, occupancy / max_slots, service_s) > budget_s) return std::nullopt;
        return base;
    };
    const double top = std::max(1.0, 0.99 * max_slots);
    std::optional<Point> best = feasible(1);
    if (!best) {
        Point one = steady_point(c, 1, 1, true);
        one.limited_by = "latency limits unmet even at one request";
        return one;
    }
    if (auto at_top = feasible(top)) {
        best = at_top;
    } else {
        double lo = 1, hi = top;
        for (int i = 0; i < 24 && hi > 1.01 * lo; ++i) {  // 1 % is finer than the model
            const double mid = std::sqrt(lo * hi);           // occupancies span decades
            if (auto p = feasible(mid)) best = p, lo = mid;
            else hi = mid;
        }
    }
    // The fewest slots whose p99 wait still fits: the load operators would offer.
    Point& pt = *best;
    const double occupancy = pt.batch;
    const double budget_s = (ttft_limit - pt.ttft_ms) * 1e-3;
    const double service_s = c.output_tokens * pt.tpot_ms * 1e-3;
    double lo = std::min(max_slots, occupancy / 0.99), hi = max_slots;
    if (slot_wait_p99_s(lo, occupancy / lo, service_s) > budget_s) {
        for (int i = 0; i < 20 && hi - lo > std::max(0.5, 0.01 * lo); ++i) {
            const double mid = (lo + hi) / 2;
            (slot_wait_p99_s(mid, occupancy / mid, service_s) <= budget_s ? hi : lo) = mid;
        }
        lo = hi;
    }
    pt.slots = lo;
    pt.ttft_ms += 1e3 * slot_wait_p99_s(lo, occupancy / lo, service_s);
    pt.limited_by = pt.tpot_ms >= 0.97 * tpot_limit ? "the TPOT limit"
                    : pt.ttft_ms >= 0.97 * ttft_limit ? "the TTFT limit (queueing)"
                    : pt.batch >= 0.98 * top ? "KV cache capacity" : "latency limits";
    return pt;
}

// [SECTION] layout search and estimate()
struct Candidate {
    Config config;
    Point point;
    double max_batch = 0;  // per replica, memory-bound
    double replicas = 1;
    MemoryBreakdown memory;
};

}  // namespace

const char* to_string(Precision p) {
    for (const auto& [v, name] : kPrecisionNames)
        if (v == p) return name;
    return "?";
}
const char* to_string(Scenario s) {
    for (const auto& [v, name] : kScenarioNames)
        if (v == s) return name;
    return "?";
}
Result<Precision> parse_precision(const std::string& text) {
    for (const auto& [v, name] : kPrecisionNames)
        if (text == name) return v;
    return Error{"precision", "'" + text + "' is not one of fp16, bf16, fp8, fp4, int8, int4, q4_0, q8_0"};
}
Result<Scenario> parse_scenario(const std::string& text) {
    for (const auto& [v, name] : kScenarioNames)
        if (text == name) return v;
    return Error{"scenario", "'" + text + "' is not one of offline, server, interactive, single-stream, fixed-batch"};
}

double bytes_per_weight(Precision p) {
    switch (p) {
        case Precision::fp16:
        case Precision::bf16: return 2.0;
        case Precision::fp8:
        case Precision::int8: return 1.0;
        case Precision::fp4: return 4.5 / 8;   // NVFP4/MXFP4: 4-bit values + one 8-bit scale per 16-32
        case Precision::int4: return 4.5 / 8;  // group-wise scales
        case Precision::q4_0: return 4.5 / 8;  // 32 weights + one fp16 scale = 18 bytes
        case Precision::q8_0: return 8.5 / 8;  // 32 weights + one fp16 scale = 34 bytes
    }
    return 2.0;
}

const PerfParams& default_perf_params() {
    static const PerfParams params;
    return params;
}

ModelShape model_shape(const ModelArch& m, Precision kv_precision) {
    const Shape s = shape_of(m, bytes_per_weight(kv_precision));
    return {s.total_params / 1e9, s.active_params / 1e9, s.kv_bytes_per_layer_token * s.layers};
}

std::optional<Error> check_estimate_input(const EstimateInput& in, const Catalogue& catalogue) {
    if (!catalogue.accelerator(in.hardware_id))
        return Error{"hardware_id", catalogue.unknown_accelerator_message(in.hardware_id)};
    if (!catalogue.model(in.model_id)) return Error{"model_id", catalogue.unknown_model_message(in.model_id)};
    if (auto e = check_range("accelerator_count", in.accelerator_count, 0, 100000, "chips")) return e;
    if (auto e = check_range("input_tokens", in.input_tokens, 1, 10e6, "tokens")) return e;
    if (auto e = check_range("output_tokens", in.output_tokens, 1, 10e6, "tokens")) return e;
    if (auto e = check_range("concurrency", in.concurrency, 0, 1e6, "requests")) return e;
    if (auto e = check_range("client_overhead_ms", in.client_overhead_ms, 0, 600000, "ms")) return e;
    if (auto e = check_range("ttft_limit_ms", in.ttft_limit_ms, 0, 3.6e6, "ms")) return e;
    if (auto e = check_range("tpot_limit_ms", in.tpot_limit_ms, 0, 3.6e6, "ms")) return e;
    if (in.speculative.draft_tokens < 0 || in.speculative.draft_tokens > 16)
        return Error{"speculative.draft_tokens", "must be between 0 and 16"};
    return std::nullopt;
}

Result<EstimateResult> estimate(const EstimateInput& in, const Catalogue& catalogue, const PerfParams& params) {
    if (auto e = check_estimate_input(in, catalogue)) return *e;
    const Accelerator* chip = catalogue.accelerator(in.hardware_id);
    const ModelArch* model = catalogue.model(in.model_id);

    EstimateResult r;
    r.input = in;
    auto& notes = r.notes;

    // KV cache precision: 8-bit alongside 8/4-bit weights where the chip has fp8.
    Precision kv = in.kv_precision;
    if (!in.kv_precision_set)
        kv = (!is_16bit(in.precision) && in.precision != Precision::q4_0 && in.precision != Precision::q8_0 &&
              known(chip->tflops_fp8)) ? Precision::fp8 : Precision::fp16;
    const Shape shape = shape_of(*model, bytes_per_weight(kv));
    r.shape = {shape.total_params / 1e9, shape.active_params / 1e9, shape.kv_bytes_per_layer_token * shape.layers};

    // The machine as the model sees it.
    Machine m;
    m.chip = chip;
    m.dataflow = chip->sram_resident();
    m.llamacpp = in.framework == "llama.cpp";
    if (m.llamacpp) m.stack_efficiency = params.llamacpp_efficiency;
    else if (!chip->sram_resident() && !in.framework.empty() && in.framework.find("tensorrt") == std::string::npos &&
             in.framework != "nim")  // NVIDIA NIM serves through TensorRT-LLM
        m.stack_efficiency = params.generic_stack_efficiency;
    if (chip->vendor == "AMD") m.stack_efficiency *= params.rocm_efficiency;
    if (m.dataflow) {
        if (!known(chip->sram_mb) || !known(chip->sram_bw_tbs))
            return Error{"hardware_id", chip->id + " lacks sram_mb / sram_bw_tbs in the catalogue"};
        m.capacity = chip->sram_mb * 1e6;
        m.memory_bw = chip->sram_bw_tbs * 1e12 * params.memory_efficiency;
    } else {
        if (!known(chip->memory_gb) || !known(chip->memory_bw_gbs))
            return Error{"hardware_id", chip->id + " lacks memory_gb / memory_bw_gbs in the catalogue"};
        m.capacity = chip->memory_gb * kGiB;  // HBM and GDDR sizes are binary: "80 GB" is 80 GiB
        m.memory_bw = chip->memory_bw_gbs * kGB * params.memory_efficiency * m.stack_efficiency;
    }
    const double peak = peak_tflops(*chip, in.precision, notes);
    if (!known(peak)) return Error{"hardware_id", chip->id + " has no published FLOPS for " + to_string(in.precision)};
    const bool fp4_math = (in.precision == Precision::fp4 || in.precision == Precision::int4) && known(chip->tflops_fp4);
    m.peak_flops = peak * 1e12 * (fp4_math ? params.fp4_efficiency : 1.0);
    const double attention_peak = peak_tflops(*chip, kv, notes);
    m.attention_flops = (known(attention_peak) ? attention_peak : peak) * 1e12;
    m.domain = known(chip->scaleup_domain) ? chip->scaleup_domain : 1;
    m.link_bw = (known(chip->scaleup_bw_gbs) ? chip->scaleup_bw_gbs : 32) * kGB;
    m.scaleout_bw = (known(chip->scaleout_bw_gbs) ? chip->scaleout_bw_gbs : 25) * kGB;
    if (m.domain <= 1) m.scaleout_bw = std::min(m.scaleout_bw, m.link_bw);

    const double bpw = bytes_per_weight(in.precision);
    const double weights = weight_bytes_total(shape, bpw);
    // Weights must fit beside runtime buffers (a fixed 3 %); the KV pool takes a share of the rest.
    constexpr double kRuntimeReserve = 0.03;
    const double usable = m.capacity * (1 - kRuntimeReserve);

    // How many chips: given, or the smallest system the weights fit on.
    int count = in.accelerator_count;
    if (count == 0) {
        // Weights with 10 % headroom, plus one request's KV cache at full context.
        const double kv_one = shape.kv_bytes_per_layer_token * layer_positions(shape, in.input_tokens + in.output_tokens);
        const double needed = std::ceil((weights * 1.1 + kv_one) / usable);
        if (m.dataflow) count = int(needed);
        else if (chip->kind == "rdu") count = std::max(16, int(needed));
        else for (count = 1; count < needed; count *= 2) {}
        notes.push_back("accelerator_count not given: " + std::to_string(count) + " " + chip->id +
                        (m.dataflow ? " (the fewest whose SRAM holds the weights)" : " (the fewest that hold the weights)"));
    }
    if (weights > usable * count)
        return Error{"accelerator_count", model->id + " at " + to_string(in.precision) + " needs " +
                     format_number(std::round(weights / kGB)) + " GB for weights; " + std::to_string(count) +
                     " x " + chip->id + " hold " + format_number(std::round(usable * count / kGB)) + " GB usable"};

    // Latency limits for server / interactive.
    double ttft_limit = in.ttft_limit_ms, tpot_limit = in.tpot_limit_ms;
    bool min_latency = in.scenario == Scenario::single_stream;
    if (in.scenario == Scenario::server || in.scenario == Scenario::interactive) {
        const LatencyLimits* limits = nullptr;
        for (const auto& l : kMlperfLimits)
            if (model->id == l.model_id) limits = &l;
        const bool server = in.scenario == Scenario::server;
        if (ttft_limit == 0 && tpot_limit == 0) {
            if (limits && (server || limits->interactive_ttft_ms > 0)) {
                ttft_limit = server ? limits->server_ttft_ms : limits->interactive_ttft_ms;
                tpot_limit = server ? limits->server_tpot_ms : limits->interactive_tpot_ms;
            } else if (server) {
                ttft_limit = kDefaultServerTtftMs, tpot_limit = kDefaultServerTpotMs;
                notes.push_back("no benchmark limits for " + model->id + ": server uses TTFT <= 2000 ms, TPOT <= 200 ms");
            } else if (in.concurrency == 0) {
                min_latency = true;  // a provider serving one user as fast as it can
                notes.push_back("interactive without latency limits: the minimum-latency configuration (one request in flight)");
            }
        }
    }
    r.ttft_limit_ms = ttft_limit, r.tpot_limit_ms = tpot_limit;

    // Layouts: replicas of tp x pp chips. llama.cpp splits layers over all GPUs and runs them in turn.
    std::vector<std::pair<int, int>> layouts;
    if (m.dataflow) {
        layouts.push_back({count, 1});
    } else if (m.llamacpp) {
        layouts.push_back({1, count});
    } else if (in.tensor_parallel > 0 || in.pipeline_parallel > 0) {
        const int tp = std::max(1, in.tensor_parallel), pp = std::max(1, in.pipeline_parallel);
        if (count % (tp * pp) != 0)
            return Error{"tensor_parallel", "tp x pp = " + std::to_string(tp * pp) + " must divide accelerator_count " +
                         std::to_string(count)};
        layouts.push_back({tp, pp});
    } else {
        for (int r_chips = 1; r_chips <= count; r_chips *= 2) {
            if (count % r_chips) continue;
            const int tp = std::min<int>(r_chips, std::max(1.0, m.domain));
            layouts.push_back({tp, r_chips / tp});
        }
        if (layouts.empty() || layouts.back().first * layouts.back().second != count) layouts.push_back({count, 1});
    }

    const bool p99 = in.scenario == Scenario::server || in.scenario == Scenario::interactive;
    std::optional<Candidate> best;
    auto objective = [&](const Candidate& c) {
        return min_latency ? 1e3 / c.point.tpot_ms : c.point.replica_output_tok_s * c.replicas;
    };
    std::string infeasible;
    for (const auto& [tp, pp] : layouts) {
        Candidate cand;
        Config& c = cand.config;
        c.shape = &shape;
        c.machine = m;
        c.tp = tp, c.pp = pp;
        c.bpw = bpw, c.kv_bytes = bytes_per_weight(kv);
        c.input_tokens = in.input_tokens, c.output_tokens = in.output_tokens;
        c.spec = in.speculative;
        c.params = &params;
        // Tensor parallelism splits KV heads; with fewer KV heads than ranks (or MLA's one
        // latent head) every rank keeps a copy. Dataflow chips split layers, not heads.
        if (m.dataflow) c.kv_replication = 1;
        else if (model->attention == AttentionKind::mla) c.kv_replication = tp;
        else c.kv_replication = std::max(1.0, tp / model->kv_heads);
        const double replica_chips = double(tp) * pp;
        cand.replicas = m.dataflow || m.llamacpp ? 1 : count / replica_chips;
        const double free = (usable * replica_chips - weights) * params.kv_cache_fraction;
        if (free <= 0) {
            infeasible = "weights do not fit on " + std::to_string(int(replica_chips)) + " chips";
            continue;
        }
        set_prefill(c);
        const double kv_seq = kv_bytes_seq(c, in.input_tokens + in.output_tokens / 2);
        cand.max_batch = std::floor(free / kv_seq);
        if (cand.max_batch < 1) {
            infeasible = "no room for one request's KV cache";
            continue;
        }
        const double engine_cap = 2048;  // max in-flight requests of the serving engines modelled
        const bool waves = in.framework == "vllm" || in.framework == "sglang";
        Point pt;
        std::string limited_by;
        if (min_latency) {
            pt = steady_point(c, 1, 1, p99), limited_by = "one request in flight";
        } else if (in.concurrency > 0) {
            // Fewer requests than replicas leave replicas idle.
            cand.replicas = std::min(cand.replicas, std::max(1.0, in.concurrency));
            double batch = std::max(1.0, in.concurrency / cand.replicas);
            limited_by = "the given concurrency";
            if (batch > cand.max_batch) batch = cand.max_batch, limited_by = "KV cache capacity (requests queue)";
            pt = waves && in.scenario == Scenario::fixed_batch ? wave_point(c, batch) : steady_point(c, batch, 1, p99);
        } else if (ttft_limit > 0) {
            pt = best_under_limits(c, std::min(cand.max_batch, engine_cap), ttft_limit, tpot_limit);
            limited_by = pt.limited_by;
        } else {
            double batch = cand.max_batch;
            limited_by = "KV cache capacity";
            if (batch > engine_cap) batch = engine_cap, limited_by = "the engine's maximum batch";
            // Each step decodes the batch and prefills the prompts replacing finished requests.
            const double step_tokens = 1 + in.input_tokens * tokens_per_step(in.speculative) / in.output_tokens;
            const double budget = params.max_step_tokens / step_tokens;
            if (batch > budget) batch = std::max(1.0, std::floor(budget)), limited_by = "the engine's tokens per step";
            pt = steady_point(c, batch, 1, p99);
        }
        pt.limited_by = limited_by;
        cand.point = pt;
        cand.memory.capacity_gb = m.capacity / kGB;
        cand.memory.weights_gb = weights / replica_chips / kGB;
        cand.memory.kv_cache_gb = pt.batch * kv_seq / replica_chips / kGB;
        cand.memory.reserved_gb = (m.capacity - (usable - weights / replica_chips) * params.kv_cache_fraction -
                                   weights / replica_chips) / kGB;
        cand.memory.free_gb = std::max(0.0, cand.memory.capacity_gb - cand.memory.weights_gb -
                                                cand.memory.kv_cache_gb - cand.memory.reserved_gb);
        cand.memory.kv_per_request_mb = kv_seq / 1e6;
        cand.memory.max_concurrency = cand.max_batch * cand.replicas;
        cand.memory.sram_resident = m.dataflow;
        if (!best || objective(cand) > objective(*best)) best = cand;
    }
    if (!best) return Error{"accelerator_count", model->id + " cannot run on " + std::to_string(count) + " x " +
                                                     chip->id + ": " + infeasible};

    const Candidate& b = *best;
    r.layout.chips = count;
    r.layout.tensor_parallel = b.config.tp;
    r.layout.pipeline_parallel = b.config.pp;
    r.layout.replicas = int(b.replicas);
    r.layout.layer_split_sequential = m.llamacpp;
    if (m.dataflow)
        r.layout.description = std::to_string(count) + " chips, layers pipelined across them, weights in SRAM";
    else if (m.llamacpp)
        r.layout.description = "layers split over " + std::to_string(count) + " GPUs, run one after another";
    else
        r.layout.description = std::to_string(int(b.replicas)) + " replica(s) of TP" + std::to_string(b.config.tp) +
                               (b.config.pp > 1 ? " x PP" + std::to_string(b.config.pp) : "");
    r.concurrency = b.point.batch * b.replicas;
    r.memory = b.memory;
    r.decode = b.point.decode;
    r.prefill = b.point.prefill;
    r.batch_limited_by = b.point.limited_by;
    r.tpot_ms = b.point.tpot_ms;
    r.per_user_output_tok_s = 1e3 / b.point.tpot_ms;
    r.system_output_tok_s = b.point.replica_output_tok_s * b.replicas;
    r.ttft_ms = b.point.ttft_ms + in.client_overhead_ms;
    r.e2e_latency_s = (r.ttft_ms + (in.output_tokens - 1) * r.tpot_ms) / 1e3;
    r.system_total_tok_s = r.system_output_tok_s * (in.input_tokens + in.output_tokens) / in.output_tokens;
    r.bottleneck = b.point.decode.bottleneck;
    if (in.speculative.draft_tokens > 0)
        notes.push_back("speculative decoding: " + std::to_string(in.speculative.draft_tokens) + " draft tokens, " +
                        format_number(tokens_per_step(in.speculative)) + " tokens per step");
    return r;
}

}  // namespace w2t
