#pragma once
// Gates: pass/fail conditions on a result's numeric fields, for CI
// ("gross_dies>=60", later "ttft_p95_ms<=800"). Parsed from text, evaluated
// against a result's JSON, so every command can gate on any field it reports.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/result.hpp"

namespace w2t {

enum class GateOp { less, less_equal, greater, greater_equal, equal };

struct Gate {
    std::string text;   // as the user wrote it
    std::string field;  // a numeric field of the result
    GateOp op;
    double threshold;
};

struct GateOutcome {
    Gate gate;
    double actual;
    bool passed;
};

// "field<=number" (also <, >, >=, ==); spaces allowed around the parts.
Result<Gate> parse_gate(std::string_view text);

// Evaluates every gate; an unknown or non-numeric field is an error naming it.
Result<std::vector<GateOutcome>> evaluate_gates(const std::vector<Gate>& gates,
                                                const nlohmann::json& result);

nlohmann::json to_json(const GateOutcome& outcome);

}  // namespace w2t
