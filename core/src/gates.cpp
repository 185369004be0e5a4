#include "w2t/gates.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "w2t/validate.hpp"

namespace w2t {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

const char* op_text(GateOp op) {
    switch (op) {
        case GateOp::less: return "<";
        case GateOp::less_equal: return "<=";
        case GateOp::greater: return ">";
        case GateOp::greater_equal: return ">=";
        case GateOp::equal: return "==";
    }
    return "?";
}

bool holds(GateOp op, double actual, double threshold) {
    switch (op) {
        case GateOp::less: return actual < threshold;
        case GateOp::less_equal: return actual <= threshold;
        case GateOp::greater: return actual > threshold;
        case GateOp::greater_equal: return actual >= threshold;
        case GateOp::equal: return actual == threshold;
    }
    return false;
}

std::string numeric_fields(const nlohmann::json& result) {
    std::string names;
    for (const auto& [key, value] : result.items())
        if (value.is_number()) names += (names.empty() ? "" : ", ") + key;
    return names;
}

}  // namespace

Result<Gate> parse_gate(std::string_view text) {
    const std::string original(text);
    const size_t at = text.find_first_of("<>=");
    if (at == std::string_view::npos)
        return Error{"--gate", "'" + original + "' has no comparison; write e.g. gross_dies>=60"};
    Gate gate{original, std::string(trim(text.substr(0, at))), GateOp::equal, 0.0};
    std::string_view rest = text.substr(at);
    struct OpText { const char* text; GateOp op; };
    const OpText ops[] = {{"<=", GateOp::less_equal}, {">=", GateOp::greater_equal},
                          {"==", GateOp::equal},      {"<", GateOp::less},
                          {">", GateOp::greater}};
    bool matched = false;
    for (const auto& o : ops) {
        const std::string_view t(o.text);
        if (rest.substr(0, t.size()) == t) {
            gate.op = o.op;
            rest.remove_prefix(t.size());
            matched = true;
            break;
        }
    }
    if (!matched)
        return Error{"--gate", "'" + original + "': use one of <, <=, >, >=, =="};
    if (gate.field.empty()) return Error{"--gate", "'" + original + "' names no field"};
    const std::string number(trim(rest));
    char* end = nullptr;
    errno = 0;
    gate.threshold = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || errno == ERANGE ||
        !std::isfinite(gate.threshold))
        return Error{"--gate", "'" + original + "': '" + number + "' is not a finite number"};
    return gate;
}

Result<std::vector<GateOutcome>> evaluate_gates(const std::vector<Gate>& gates,
                                                const nlohmann::json& result) {
    std::vector<GateOutcome> outcomes;
    for (const Gate& g : gates) {
        const auto it = result.find(g.field);
        if (it == result.end() || !it->is_number())
            return Error{"--gate", "'" + g.text + "': no numeric field '" + g.field +
                                       "' in the result (fields: " + numeric_fields(result) + ")"};
        const double actual = it->get<double>();
        outcomes.push_back({g, actual, holds(g.op, actual, g.threshold)});
    }
    return outcomes;
}

nlohmann::json to_json(const GateOutcome& o) {
    return {{"gate", o.gate.field + op_text(o.gate.op) + format_number(o.gate.threshold)},
            {"actual", o.actual},
            {"passed", o.passed}};
}

}  // namespace w2t
