#include "w2t/perf/estimate_json.hpp"

#include <cmath>
#include <tuple>

namespace w2t {
namespace {

using nlohmann::json;

// The value at `key`, or nullptr when absent or null (one look-up: this runs per JSON line).
const json* field(const json& j, const char* key) {
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

Result<std::string> text_field(const json& j, const char* key, bool required) {
    const json* v = field(j, key);
    if (!v) {
        if (required) return Error{key, "missing"};
        return std::string();
    }
    if (!v->is_string()) return Error{key, std::string("expected a text, got ") + v->type_name()};
    return v->get<std::string>();
}

// A finite number (or absent/null: `fallback`).
Result<double> number_field(const json& j, const char* key, bool required, double fallback) {
    const json* v = field(j, key);
    if (!v) {
        if (required) return Error{key, "missing"};
        return fallback;
    }
    if (!v->is_number()) return Error{key, std::string("expected a number, got ") + v->type_name()};
    const double x = v->get<double>();
    if (!std::isfinite(x)) return Error{key, "expected a finite number"};
    return x;
}

Result<int> whole_field(const json& j, const char* key, int lo, int hi) {
    auto v = number_field(j, key, false, 0);
    if (!v) return v.error();
    if (*v != std::floor(*v) || *v < lo || *v > hi)
        return Error{key, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi)};
    return int(*v);
}

json terms_json(const PhaseTerms& t) {
    return {{"total_ms", t.total_ms},        {"compute_ms", t.compute_ms},
            {"weights_ms", t.weights_ms},    {"kv_cache_ms", t.kv_cache_ms},
            {"interconnect_ms", t.interconnect_ms}, {"overhead_ms", t.overhead_ms},
            {"bottleneck", t.bottleneck}};
}

}  // namespace

Result<EstimateInput> estimate_input_from_json(const json& j) {
    if (!j.is_object()) return Error{"", std::string("expected a JSON object, got ") + j.type_name()};
    EstimateInput in;
    auto hardware = text_field(j, "hardware_id", true);
    if (!hardware) return hardware.error();
    in.hardware_id = *hardware;
    auto model = text_field(j, "model_id", true);
    if (!model) return model.error();
    in.model_id = *model;
    auto count = whole_field(j, "accelerator_count", 0, 100000);
    if (!count) return count.error();
    in.accelerator_count = *count;
    auto precision = text_field(j, "precision", true);
    if (!precision) return precision.error();
    auto p = parse_precision(*precision);
    if (!p) return p.error();
    in.precision = *p;
    auto scenario = text_field(j, "scenario", true);
    if (!scenario) return scenario.error();
    auto s = parse_scenario(*scenario);
    if (!s) return s.error();
    in.scenario = *s;
    for (auto [key, target, required] : {std::tuple{"input_tokens", &in.input_tokens, true},
                                         {"output_tokens", &in.output_tokens, true},
                                         {"concurrency", &in.concurrency, false},
                                         {"ttft_limit_ms", &in.ttft_limit_ms, false},
                                         {"tpot_limit_ms", &in.tpot_limit_ms, false},
                                         {"client_overhead_ms", &in.client_overhead_ms, false}}) {
        auto v = number_field(j, key, required, 0);
        if (!v) return v.error();
        *target = *v;
    }
    if (in.scenario == Scenario::single_stream) {
        if (in.concurrency > 1) return Error{"concurrency", "single-stream means concurrency 1"};
        in.concurrency = 1;
    }
    if (in.scenario == Scenario::fixed_batch && in.concurrency == 0)
        return Error{"concurrency", "fixed-batch needs the concurrency"};
    auto framework = text_field(j, "framework", false);
    if (!framework) return framework.error();
    in.framework = *framework;
    auto kv = text_field(j, "kv_precision", false);
    if (!kv) return kv.error();
    if (!kv->empty()) {
        auto k = parse_precision(*kv);
        if (!k) return Error{"kv_precision", k.error().message};
        in.kv_precision = *k, in.kv_precision_set = true;
    }
    auto tp = whole_field(j, "tensor_parallel", 0, 4096);
    if (!tp) return tp.error();
    auto pp = whole_field(j, "pipeline_parallel", 0, 4096);
    if (!pp) return pp.error();
    in.tensor_parallel = *tp, in.pipeline_parallel = *pp;
    if (const json* speculative = field(j, "speculative")) {
        const json& sp = *speculative;
        if (!sp.is_object()) return Error{"speculative", "expected an object {draft_tokens, acceptance}"};
        auto d = whole_field(sp, "draft_tokens", 0, 16);
        if (!d) return Error{"speculative.draft_tokens", d.error().message};
        auto a = number_field(sp, "acceptance", false, in.speculative.acceptance);
        if (!a || *a < 0 || *a > 0.99) return Error{"speculative.acceptance", "expected a number from 0 to 0.99"};
        in.speculative.draft_tokens = *d, in.speculative.acceptance = *a;
    }
    return in;
}

json to_json(const EstimateInput& in) {
    json j = {{"hardware_id", in.hardware_id},
              {"accelerator_count", in.accelerator_count},
              {"model_id", in.model_id},
              {"precision", to_string(in.precision)},
              {"scenario", to_string(in.scenario)},
              {"input_tokens", in.input_tokens},
              {"output_tokens", in.output_tokens}};
    if (in.concurrency > 0) j["concurrency"] = in.concurrency;
    if (!in.framework.empty()) j["framework"] = in.framework;
    if (in.kv_precision_set) j["kv_precision"] = to_string(in.kv_precision);
    if (in.tensor_parallel > 0) j["tensor_parallel"] = in.tensor_parallel;
    if (in.pipeline_parallel > 0) j["pipeline_parallel"] = in.pipeline_parallel;
    if (in.speculative.draft_tokens > 0)
        j["speculative"] = {{"draft_tokens", in.speculative.draft_tokens}, {"acceptance", in.speculative.acceptance}};
    if (in.ttft_limit_ms > 0) j["ttft_limit_ms"] = in.ttft_limit_ms;
    if (in.tpot_limit_ms > 0) j["tpot_limit_ms"] = in.tpot_limit_ms;
    if (in.client_overhead_ms > 0) j["client_overhead_ms"] = in.client_overhead_ms;
    return j;
}

void add_summary(const EstimateResult& r, json& out) {
    out["system_output_tok_s"] = r.system_output_tok_s;
    out["per_user_output_tok_s"] = r.per_user_output_tok_s;
    out["ttft_ms"] = r.ttft_ms;
    out["tpot_ms"] = r.tpot_ms;
    out["e2e_latency_s"] = r.e2e_latency_s;
    out["system_total_tok_s"] = r.system_total_tok_s;
    out["bottleneck"] = r.bottleneck;
}

json summary_json(const EstimateResult& r) {
    json j = json::object();
    add_summary(r, j);
    return j;
}

json to_json(const EstimateResult& r) {
    json j = summary_json(r);
    j["input"] = to_json(r.input);
    j["concurrency"] = r.concurrency;
    j["batch_limited_by"] = r.batch_limited_by;
    j["layout"] = {{"chips", r.layout.chips},
                   {"tensor_parallel", r.layout.tensor_parallel},
                   {"pipeline_parallel", r.layout.pipeline_parallel},
                   {"replicas", r.layout.replicas},
                   {"description", r.layout.description}};
    j["model"] = {{"params_total_b", r.shape.params_total_b},
                  {"params_active_b", r.shape.params_active_b},
                  {"kv_bytes_per_token", r.shape.kv_bytes_per_token}};
    j["memory_per_chip_gb"] = {{"capacity", r.memory.capacity_gb},   {"weights", r.memory.weights_gb},
                               {"kv_cache", r.memory.kv_cache_gb},   {"reserved", r.memory.reserved_gb},
                               {"free", r.memory.free_gb},           {"sram_resident", r.memory.sram_resident}};
    j["kv_per_request_mb"] = r.memory.kv_per_request_mb;
    j["max_concurrency"] = r.memory.max_concurrency;
    j["prefill"] = terms_json(r.prefill);
    j["decode_step"] = terms_json(r.decode);
    if (r.ttft_limit_ms > 0) j["limits"] = {{"ttft_ms", r.ttft_limit_ms}, {"tpot_ms", r.tpot_limit_ms}};
    j["notes"] = r.notes;
    return j;
}

}  // namespace w2t
