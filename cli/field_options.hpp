#pragma once
// Options that set JSON fields: a table per command maps each `--option` to the field it
// sets (and that errors name), so flags and JSON input go through one parser.
#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "args.hpp"
#include "w2t/result.hpp"

namespace w2t::cli {

struct FieldOption {
    const char* option;
    const char* field;
    bool numeric;
};

// The estimate scenario's fields (w2t estimate, w2t cost).
inline constexpr FieldOption kEstimateFields[] = {
    {"hardware-id", "hardware_id", false},     {"accelerator-count", "accelerator_count", true},
    {"model-id", "model_id", false},           {"precision", "precision", false},
    {"scenario", "scenario", false},           {"input-tokens", "input_tokens", true},
    {"output-tokens", "output_tokens", true},  {"concurrency", "concurrency", true},
    {"framework", "framework", false},         {"kv-precision", "kv_precision", false},
    {"tensor-parallel", "tensor_parallel", true}, {"pipeline-parallel", "pipeline_parallel", true},
    {"ttft-limit-ms", "ttft_limit_ms", true},  {"tpot-limit-ms", "tpot_limit_ms", true},
};

// Writes the table's options that were given into `j` (numbers parsed; errors name the option).
template <std::size_t N>
std::optional<Error> apply_field_options(const ParsedArgs& args, const FieldOption (&table)[N], nlohmann::json& j) {
    for (const FieldOption& f : table) {
        auto text = args.get(f.option);
        if (!text) continue;
        if (f.numeric) {
            auto v = args.number(f.option);
            if (!*v) return v->error();
            j[f.field] = v->value();
        } else {
            j[f.field] = *text;
        }
    }
    return std::nullopt;
}

// An error naming a field the table sets names its option instead ("--input-tokens").
template <std::size_t N>
Error with_option_name(Error e, const FieldOption (&table)[N]) {
    for (const FieldOption& f : table)
        if (e.field == f.field) e.field = std::string("--") + f.option;
    return e;
}

// A double as JSON text: the shortest form that reads back the same ("2.0" for whole
// numbers, as nlohmann writes doubles), null when not finite. For the JSON Lines fast paths.
void append_json_number(std::string& out, double v);

}  // namespace w2t::cli
