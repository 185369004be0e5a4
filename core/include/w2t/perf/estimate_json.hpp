#pragma once
// Estimate scenarios and results as JSON: the `w2t estimate` line format
// (hardware_id, accelerator_count, model_id, precision, scenario,
// input_tokens, output_tokens, concurrency?, framework?) and the page's state.
#include <nlohmann/json.hpp>

#include "w2t/perf/inference.hpp"

namespace w2t {

// Reads the known fields of an object and ignores the others (a JSON line may
// carry the caller's own fields). Errors name the field.
Result<EstimateInput> estimate_input_from_json(const nlohmann::json& j);

nlohmann::json to_json(const EstimateInput& in);
// The contract's seven outputs (system_output_tok_s, per_user_output_tok_s,
// ttft_ms, tpot_ms, e2e_latency_s, system_total_tok_s, bottleneck).
nlohmann::json summary_json(const EstimateResult& r);
// The same seven keys, written into an existing object (the JSON Lines hot path).
void add_summary(const EstimateResult& r, nlohmann::json& out);
// Everything: the summary plus layout, memory, per-phase terms, limits, notes.
nlohmann::json to_json(const EstimateResult& r);

}  // namespace w2t
