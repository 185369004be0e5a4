#pragma once
// What every command shares: the streams, usage errors, --gate handling and
// reading a file (or stdin).
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "args.hpp"
#include "cli.hpp"
#include "w2t/dies_per_wafer.hpp"
#include "w2t/gates.hpp"
#include "w2t/result.hpp"

namespace w2t::cli {

struct Io {
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

// Prints "w2t COMMAND: field: message" and the --help hint; returns exit code 2.
int usage_error(Io& io, const std::string& command, const Error& e);
// Prints "w2t COMMAND: field: message"; returns exit code 1.
int data_error(Io& io, const std::string& command, const Error& e);

// Parses every --gate of `args`; an error names the bad gate.
Result<std::vector<Gate>> parse_gates(const ParsedArgs& args);
// Evaluates the gates on `out`, adds their outcomes as "gates", reports failures
// on stderr. Returns 0, kGateFailed, or kUsageError (a gate names an unknown field).
int apply_gates(Io& io, const std::string& command, const std::vector<Gate>& gates, nlohmann::json& out);
// apply_gates on one line of a --jsonl stream: a failed gate is said on stderr
// with the line number (kGateFailed); a gate naming a field the results lack
// is said as is (kUsageError: the caller stops); else kOk.
int apply_line_gates(Io& io, const std::string& command, const std::vector<Gate>& gates, nlohmann::json& out,
                     size_t line);
// apply_gates, then prints `out` (indented with --pretty).
int print_with_gates(Io& io, const std::string& command, const ParsedArgs& args, nlohmann::json& out);

// The whole of a file, or of stdin for "-"; an error names `option`.
Result<std::string> read_text(const std::string& path, std::istream& stdin_stream, const std::string& option);

// The --gate option's spec and help, the same for every command.
OptionSpec gate_option(const char* example);

int cmd_estimate(const std::vector<std::string>& args, Io& io);
int cmd_validate(const std::vector<std::string>& args, Io& io);
int cmd_supply(const std::vector<std::string>& args, Io& io);
// dpw's --d0-per-cm2 (and --yield-model, --alpha, --critical-layers): adds
// yield, good_dies, yield_model to `out`. Returns 0 or a usage error's code.
int add_dpw_yield(Io& io, const ParsedArgs& args, const DiesPerWaferInput& in, nlohmann::json& out);
int cmd_probe(const std::vector<std::string>& args, Io& io);
// w2t compare (cmd_compare.cpp): baseline log, measured providers, predictions, side by side.
int cmd_compare(const std::vector<std::string>& args, Io& io);
// w2t cost and w2t plan (cmd_cost.cpp): the cost model and the workload planner.
int cmd_cost(const std::vector<std::string>& args, Io& io);
int cmd_plan(const std::vector<std::string>& args, Io& io);
// w2t prices (cmd_prices.cpp): the API price table from @pydantic/genai-prices.
int cmd_prices(const std::vector<std::string>& args, Io& io);

}  // namespace w2t::cli
