#include "common.hpp"
#include "field_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fstream>
#include <iostream>
#include <sstream>

#include "w2t/gates.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli {

int usage_error(Io& io, const std::string& command, const Error& e) {
    io.err << "w2t " << command << ": " << e.to_string() << "\n"
           << "Run 'w2t " << command << " --help' for usage.\n";
    return kUsageError;
}

int data_error(Io& io, const std::string& command, const Error& e) {
    io.err << "w2t " << command << ": " << e.to_string() << "\n";
    return kDataError;
}

Result<std::vector<Gate>> parse_gates(const ParsedArgs& args) {
    std::vector<Gate> gates;
    for (const std::string& text : args.all("gate")) {
        auto gate = parse_gate(text);
        if (!gate) return gate.error();
        gates.push_back(*gate);
    }
    return gates;
}

int apply_line_gates(Io& io, const std::string& command, const std::vector<Gate>& gates, nlohmann::json& out,
                     size_t line) {
    if (gates.empty()) return kOk;
    std::ostringstream quiet;
    Io gate_io{io.in, io.out, quiet};
    const int code = apply_gates(gate_io, command, gates, out);
    if (code == kUsageError) io.err << quiet.str();
    if (code == kGateFailed) io.err << "w2t " << command << ": line " << line << ": " << quiet.str();
    return code;
}

int apply_gates(Io& io, const std::string& command, const std::vector<Gate>& gates, nlohmann::json& out) {
    if (gates.empty()) return kOk;
    auto outcomes = evaluate_gates(gates, out);
    if (!outcomes) return usage_error(io, command, outcomes.error());
    int code = kOk;
    nlohmann::json list = nlohmann::json::array();
    for (const GateOutcome& o : *outcomes) {
        list.push_back(to_json(o));
        if (!o.passed) {
            io.err << "w2t " << command << ": gate failed: " << o.gate.text << " (actual "
                   << format_number(o.actual) << ")\n";
            code = kGateFailed;
        }
    }
    out["gates"] = list;
    return code;
}

int print_with_gates(Io& io, const std::string& command, const ParsedArgs& args, nlohmann::json& out) {
    auto gates = parse_gates(args);
    if (!gates) return usage_error(io, command, gates.error());
    const int code = apply_gates(io, command, *gates, out);
    if (code == kUsageError) return code;
    io.out << out.dump(args.has("pretty") ? 2 : -1) << "\n";
    return code;
}

Result<std::string> read_text(const std::string& path, std::istream& stdin_stream, const std::string& option) {
    std::ostringstream buffer;
    if (path == "-") {
        buffer << stdin_stream.rdbuf();
    } else {
        std::ifstream file(path, std::ios::binary);
        if (!file) return Error{option, "cannot open '" + path + "'"};
        buffer << file.rdbuf();
    }
    return buffer.str();
}

OptionSpec gate_option(const char* example) {
    return {"gate", "expr",
            std::string("exit 3 unless a result field meets it, e.g. '") + example +
                "';\n                              <, <=, >, >=, ==; repeat for several",
            true};
}

void append_json_number(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;  // shortest round-trip form
    out.append(buf, end);
    if (std::find_if(buf, end, [](char c) { return c == '.' || c == 'e' || c == 'n' || c == 'i'; }) == end)
        out += ".0";
}

}  // namespace w2t::cli
