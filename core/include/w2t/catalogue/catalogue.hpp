#pragma once
// The sourced catalogue: accelerators and LLM architectures. Every figure
// carries where it came from (URL, date, quality flag); the performance model
// reads the typed fields, the views read the provenance.
//
// Data lives in catalogue/*.json at the top of the repository, embedded into
// the core at build time (builtin_catalogue()) and loadable from text too.
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "w2t/result.hpp"

namespace w2t {

enum class Quality { datasheet, official_benchmark, third_party, vendor_claim, estimate };
const char* to_string(Quality q);

struct Provenance {
    std::string url;
    std::string date;  // YYYY-MM or YYYY-MM-DD
    Quality quality = Quality::datasheet;
    std::string note;
};

// One catalogue figure as written in the file (numbers and text alike), for views.
struct SourcedSpec {
    std::string key;
    std::string text;   // the value as text ("989", "HBM3", "true")
    double number = NAN;  // NaN when the value is not a number
    Provenance source;
};

constexpr double kUnknown = NAN;
inline bool known(double v) { return !std::isnan(v); }

struct Accelerator {
    std::string id, name, vendor, family, kind;  // kind: gpu, wafer-scale, lpu, rdu, tpu, soc
    // Dense peak throughput, TFLOPS (TOPS for int8). NaN = not published.
    double tflops_fp16 = kUnknown, tflops_fp8 = kUnknown, tflops_fp4 = kUnknown,
           tops_int8 = kUnknown, tflops_fp16_sparse = kUnknown;
    double memory_gb = kUnknown, memory_bw_gbs = kUnknown;  // off-chip (HBM, GDDR, DRAM)
    double sram_mb = kUnknown, sram_bw_tbs = kUnknown;      // on-chip
    double scaleup_bw_gbs = kUnknown, scaleup_domain = kUnknown;  // per chip, per direction
    double scaleout_bw_gbs = kUnknown;
    double tdp_w = kUnknown, die_area_mm2 = kUnknown, transistors_b = kUnknown,
           hbm_stacks = kUnknown, price_usd = kUnknown;
    std::string memory_kind, scaleup_topology, process_node, packaging, price_kind;
    std::vector<SourcedSpec> specs;  // everything above with its source, in file order

    const SourcedSpec* spec(std::string_view key) const;
    // Chips whose weights live in on-chip SRAM (no off-chip memory for weights).
    bool sram_resident() const { return kind == "wafer-scale" || kind == "lpu"; }
};

enum class AttentionKind { mha, gqa, mla };

struct ModelArch {
    std::string id, name;
    double layers = 0, hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, vocab = 0, ffn = 0,
           context = 0;
    AttentionKind attention = AttentionKind::gqa;
    bool tied_embeddings = false;
    // Mixture of experts (experts == 0: dense).
    double experts = 0, experts_active = 0, experts_shared = 0, moe_ffn = 0, moe_layer_step = 1,
           first_dense_layers = 0;
    // Windowed attention: how many layers see only the last `window` tokens.
    double sliding_window = 0, sliding_layers = 0, attention_chunk = 0, chunked_layers = 0;
    // Multi-head latent attention (DeepSeek).
    double kv_lora_rank = 0, q_lora_rank = 0, qk_rope_head_dim = 0, qk_nope_head_dim = 0,
           v_head_dim = 0;
    double params_total_b = kUnknown, params_active_b = kUnknown;  // as published
    std::string native_precision;
    std::vector<SourcedSpec> specs;

    const SourcedSpec* spec(std::string_view key) const;
    bool is_moe() const { return experts > 0; }
};

struct Catalogue {
    std::vector<Accelerator> accelerators;
    std::vector<ModelArch> models;

    const Accelerator* accelerator(std::string_view id) const;
    const ModelArch* model(std::string_view id) const;
    // "unknown hardware_id 'h100' (closest: h100-sxm, h100-pcie, h200-sxm)"
    std::string unknown_accelerator_message(std::string_view id) const;
    std::string unknown_model_message(std::string_view id) const;
};

// Parses the two catalogue files; an error names the entry and the field.
Result<Catalogue> load_catalogue(std::string_view accelerators_json, std::string_view models_json);

// The catalogue built into this binary (catalogue/*.json at build time).
const Catalogue& builtin_catalogue();

// The ids nearest to `id` by edit distance (for "did you mean" messages).
std::vector<std::string> closest_ids(std::string_view id, const std::vector<std::string>& known,
                                     size_t count = 3);

}  // namespace w2t
