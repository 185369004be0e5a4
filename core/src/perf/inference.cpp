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
    double peak_flops = 0;       // FLOP/s per chip at the compute precision, dense
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
        notes.push_back("dense FLOPS unpublished for " + a.id + ": half the sparse figure assumed");
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

// One decode round for `batch` sequences at a mean context: every sequence
// advances one step. With pipeline stages the batch is split into microbatches
// that flow through the stages; weights are read once per microbatch.
// `prefill_tokens_per_round` adds the prompts being prefilled alongside (chunked prefill).
PhaseTerms decode_round(const Config& c, double batch, double context, double prefill_tokens_per_round) {
    const Shape& s = *c.shape;
    const PerfParams& p = *c.params;
    const Machine& m = c.machine;
    PhaseTerms t;
    const double draft = c.spec.draft_tokens;
    const double tokens_per_seq = 1 + draft;  // verified per step
    const double micro = std::max(1.0, batch / c.pp);
    const double micro_tokens = micro * tokens_per_seq;
    const double prefill_flops_round = prefill_tokens_per_round > 0
        ? prefill_flops(s, c.input_tokens) * prefill_tokens_per_round / c.input_tokens : 0;

    if (m.dataflow) {
        // Weights sit in SRAM next to the cores: a token crosses every layer's cores in turn.
        const double layer_latency = (m.chip->kind == "wafer-scale" ? p.wafer_layer_latency_us
                                                                   : p.lpu_layer_latency_us) * 1e-6;
        t.overhead_ms = 1e3 * s.layers * layer_latency;
        t.weights_ms = 1e3 * weight_bytes_read(s, batch * tokens_per_seq, c.bpw) / (chips(c) * m.memory_bw);
        t.kv_cache_ms = 1e3 * batch * kv_bytes_seq(c, context) / (chips(c) * m.memory_bw);
        t.compute_ms = 1e3 * (batch * tokens_per_seq * (2 * s.active_params +
                       s.attention_flops_per_position * layer_positions(s, context)) + prefill_flops_round) /
                       (chips(c) * m.peak_flops * p.decode_compute_efficiency);
        t.interconnect_ms = 0;
    } else {
        const double bw = m.memory_bw * c.tp;  // one stage's chips read a microbatch's weights
        t.weights_ms = 1e3 * weight_bytes_read(s, micro_tokens, c.bpw) / bw;
        t.kv_cache_ms = 1e3 * batch * kv_bytes_seq(c, context) / (m.memory_bw * chips(c));
        const double flops = batch * tokens_per_seq *
                                 (2 * s.active_params + s.attention_flops_per_position * layer_positions(s, context)) +
                             prefill_flops_round;
        t.compute_ms = 1e3 * flops / (chips(c) * m.peak_flops * p.decode_compute_efficiency * m.stack_efficiency);
        const double round_tokens = micro_tokens + prefill_tokens_per_round / c.pp;
        const double act = round_tokens * s.hidden * kActivationBytes;
        double comm = 2 * s.layers * collective_s(c, act);
        if (s.moe_layers > 0 && c.tp > 1)  // expert parallel: dispatch and combine
            comm += 2 * s.moe_layers * collective_s(c, act * s.experts_active / 2);
        if (c.pp > 1) comm += c.pp * (p.collective_latency_us * 1e-6 + act / (m.link_bw * p.link_efficiency));
        t.interconnect_ms = 1e3 * comm;
        const double per_layer = c.machine.llamacpp ? p.layer_overhead_us : p.layer_overhead_us / m.stack_efficiency;
        t.overhead_ms = 1e-3 * (s.layers * per_layer + s.moe_layers * p.moe_layer_overhead_us + p.step_overhead_us);
    }
    // Memory and compute overlap within a kernel; collectives and fixed costs do not.
    const double memory = t.weights_ms + t.kv_cache_ms;
    t.total_ms = std::max(memory, t.compute_ms) + t.interconnect_ms + t.overhead_ms;
    if (draft > 0) t.total_ms *= 1 + draft * c.spec.draft_cost;
    PhaseTerms shown = t;
    shown.weights_ms = t.weights_ms;
    t.bottleneck = largest(t);
    return t;
}

// Expected tokens one speculative step yields per sequence.
double tokens_per_step(const SpeculativeDecoding& spec) {
    if (spec.draft_tokens <= 0) return 1;
    const double a = std::clamp(spec.acceptance, 0.0, 0.999);
    return (1 - std::pow(a, spec.draft_tokens + 1)) / (1 - a);
}

// One prompt prefilled alone on a replica (its TTFT without queueing).
PhaseTerms prefill_alone(const Config& c) {
    const Shape& s = *c.shape;
    const PerfParams& p = *c.params;
    const Machine& m = c.machine;
    const double n = c.input_tokens;
    PhaseTerms t;
    // A single prompt crosses pipeline stages in turn: only one stage's chips work on it.
    const double working_chips = m.dataflow ? chips(c) : c.tp;
    const double efficiency = m.dataflow ? p.decode_compute_efficiency : p.prefill_efficiency * m.stack_efficiency;
    t.compute_ms = 1e3 * prefill_flops(s, n) / (working_chips * m.peak_flops * efficiency);
    t.weights_ms = 1e3 * weight_bytes_read(s, n, c.bpw) / (m.memory_bw * working_chips);
    t.kv_cache_ms = 0;
    if (!m.dataflow) {
        t.interconnect_ms = 1e3 * 2 * s.layers * collective_s(c, n * s.hidden * kActivationBytes);
        t.overhead_ms = 1e-3 * (s.layers * p.layer_overhead_us + s.moe_layers * p.moe_layer_overhead_us +
                                p.step_overhead_us);
    } else {
        t.overhead_ms = 1e3 * s.layers *
                        (m.chip->kind == "wafer-scale" ? p.wafer_layer_latency_us : p.lpu_layer_latency_us) * 1e-6;
    }
    t.total_ms = std::max(t.compute_ms, t.weights_ms) + t.interconnect_ms + t.overhead_ms;
    t.bottleneck = largest(t);
    return t;
}

// [SECTION] operating point per scenario (batch, latency limits, queueing)
struct Point {
    double batch = 1;  // sequences in flight per replica
    PhaseTerms decode, prefill;
    double tpot_ms = 0, ttft_ms = 0, replica_output_tok_s = 0;
    std::string limited_by;
};

// Decode and TTFT at a batch in steady state: requests arrive as others leave,
// their prefill shares the rounds (chunked prefill).
Point point_at(const Config& c, double batch, bool p99_ttft) {
    Point pt;
    pt.batch = batch;
    const double context = c.input_tokens + c.output_tokens / 2;
    const double gain = tokens_per_step(c.spec);
    const double prefill_tokens = batch * c.input_tokens * gain / c.output_tokens;  // per round
    pt.decode = decode_round(c, batch, context, prefill_tokens);
    pt.tpot_ms = pt.decode.total_ms / gain;
    pt.prefill = prefill_alone(c);
    pt.replica_output_tok_s = batch * 1e3 / pt.tpot_ms;
    // TTFT: wait for the running round, then the prompt's own prefill, then queueing for the
    // prefill work of the others (M/D/1 on the share of time spent prefilling).
    const double rate = pt.replica_output_tok_s / c.output_tokens;  // requests/s
    const double rho = std::min(0.95, rate * pt.prefill.total_ms * 1e-3);
    double wait = rho / (2 * (1 - rho)) * pt.prefill.total_ms;
    if (p99_ttft) wait *= std::log(100.0);
    const double round_wait = batch > 1 ? pt.decode.total_ms : 0;
    pt.ttft_ms = pt.prefill.total_ms + round_wait + wait;
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

Result<EstimateResult> estimate(const EstimateInput& in, const Catalogue& catalogue, const PerfParams& params) {
    const Accelerator* chip = catalogue.accelerator(in.hardware_id);
    if (!chip) return Error{"hardware_id", catalogue.unknown_accelerator_message(in.hardware_id)};
    const ModelArch* model = catalogue.model(in.model_id);
    if (!model) return Error{"model_id", catalogue.unknown_model_message(in.model_id)};
    if (auto e = check_range("accelerator_count", in.accelerator_count, 0, 100000, "chips")) return *e;
    if (auto e = check_range("input_tokens", in.input_tokens, 1, 10e6, "tokens")) return *e;
    if (auto e = check_range("output_tokens", in.output_tokens, 1, 10e6, "tokens")) return *e;
    if (auto e = check_range("concurrency", in.concurrency, 0, 1e6, "requests")) return *e;
    if (in.speculative.draft_tokens < 0 || in.speculative.draft_tokens > 16)
        return Error{"speculative.draft_tokens", "must be between 0 and 16"};

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
    else if (!in.framework.empty() && in.framework != "tensorrt-llm" && in.framework.find("tensorrt") == std::string::npos &&
             chip->family.rfind("nvidia", 0) == 0)
        m.stack_efficiency = params.generic_stack_efficiency;
    if (m.dataflow) {
        if (!known(chip->sram_mb) || !known(chip->sram_bw_tbs))
            return Error{"hardware_id", chip->id + " lacks sram_mb / sram_bw_tbs in the catalogue"};
        m.capacity = chip->sram_mb * 1e6;
        m.memory_bw = chip->sram_bw_tbs * 1e12 * params.memory_efficiency;
    } else {
        if (!known(chip->memory_gb) || !known(chip->memory_bw_gbs))
            return Error{"hardware_id", chip->id + " lacks memory_gb / memory_bw_gbs in the catalogue"};
        m.capacity = chip->memory_gb * kGB;
        m.memory_bw = chip->memory_bw_gbs * kGB * params.memory_efficiency * m.stack_efficiency;
    }
    const double peak = peak_tflops(*chip, in.precision, notes);
    if (!known(peak)) return Error{"hardware_id", chip->id + " has no published FLOPS for " + to_string(in.precision)};
    m.peak_flops = peak * 1e12;
    m.domain = known(chip->scaleup_domain) ? chip->scaleup_domain : 1;
    m.link_bw = (known(chip->scaleup_bw_gbs) ? chip->scaleup_bw_gbs : 32) * kGB;
    m.scaleout_bw = (known(chip->scaleout_bw_gbs) ? chip->scaleout_bw_gbs : 25) * kGB;
    if (m.domain <= 1) m.scaleout_bw = std::min(m.scaleout_bw, m.link_bw);

    const double bpw = bytes_per_weight(in.precision);
    const double weights = weight_bytes_total(shape, bpw);
    const double usable = m.capacity * params.memory_usable_fraction;

    // How many chips: given, or the smallest system the weights fit on.
    int count = in.accelerator_count;
    if (count == 0) {
        const double needed = std::ceil(weights * 1.1 / usable);
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
        if (model->attention == AttentionKind::mla) c.kv_replication = tp;  // latent KV on every TP rank
        else c.kv_replication = std::max(1.0, tp / model->kv_heads);
        const double replica_chips = double(tp) * pp;
        cand.replicas = m.dataflow || m.llamacpp ? 1 : count / replica_chips;
        const double free = usable * replica_chips - weights;
        if (free <= 0) {
            infeasible = "weights do not fit on " + std::to_string(int(replica_chips)) + " chips";
            continue;
        }
        const double kv_seq = kv_bytes_seq(c, in.input_tokens + in.output_tokens / 2);
        cand.max_batch = std::floor(free / kv_seq);
        if (cand.max_batch < 1) {
            infeasible = "no room for one request's KV cache";
            continue;
        }
        double batch = 1;
        std::string limited_by;
        if (min_latency) {
            batch = 1, limited_by = "one request in flight";
        } else if (in.concurrency > 0) {
            batch = std::max(1.0, in.concurrency / cand.replicas);
            limited_by = "the given concurrency";
            if (batch > cand.max_batch) batch = cand.max_batch, limited_by = "KV cache capacity (requests queue)";
        } else {
            batch = cand.max_batch, limited_by = "KV cache capacity";
            const double engine_cap = 2048;  // max in-flight requests of the serving engines modelled
            if (batch > engine_cap) batch = engine_cap, limited_by = "the engine's maximum batch";
        }
        Point pt = point_at(c, batch, p99);
        if (ttft_limit > 0 && !min_latency && in.concurrency == 0) {
            // The largest batch meeting both limits (TPOT and TTFT grow with the batch).
            auto meets = [&](const Point& q) { return q.tpot_ms <= tpot_limit && q.ttft_ms <= ttft_limit; };
            if (!meets(pt)) {
                double lo = 1, hi = batch;
                Point at_lo = point_at(c, lo, p99);
                if (!meets(at_lo)) {
                    pt = at_lo, limited_by = "latency limits unmet even at one request";
                } else {
                    for (int i = 0; i < 40 && hi - lo > 0.5; ++i) {
                        const double mid = (lo + hi) / 2;
                        (meets(point_at(c, mid, p99)) ? lo : hi) = mid;
                    }
                    pt = point_at(c, std::floor(lo), p99);
                    limited_by = pt.tpot_ms * 1.02 >= tpot_limit ? "the TPOT limit" : "the TTFT limit";
                }
            }
        }
        pt.limited_by = limited_by;
        cand.point = pt;
        cand.memory.capacity_gb = m.capacity / kGB;
        cand.memory.weights_gb = weights / replica_chips / kGB;
        cand.memory.kv_cache_gb = pt.batch * kv_seq / replica_chips / kGB;
        cand.memory.reserved_gb = m.capacity * (1 - params.memory_usable_fraction) / kGB;
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
    r.ttft_ms = b.point.ttft_ms;
    r.e2e_latency_s = (r.ttft_ms + (in.output_tokens - 1) * r.tpot_ms) / 1e3;
    r.system_total_tok_s = r.system_output_tok_s * (in.input_tokens + in.output_tokens) / in.output_tokens;
    r.bottleneck = b.point.decode.bottleneck;
    if (in.speculative.draft_tokens > 0)
        notes.push_back("speculative decoding: " + std::to_string(in.speculative.draft_tokens) + " draft tokens, " +
                        format_number(tokens_per_step(in.speculative)) + " tokens per step");
    return r;
}

}  // namespace w2t
