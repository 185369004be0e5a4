// [SECTION] Contents
//   command table and top-level help
//   dpw: dies per wafer
//   run(): dispatch
#include "cli.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "common.hpp"
#include "w2t/dies_per_wafer.hpp"
#include "w2t/gates.hpp"
#include "w2t/json_io.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

// [SECTION] dpw: dies per wafer
// Each numeric option and the core input field it sets (and that errors name).
struct NumericOption {
    const char* option;
    const char* field;
    double DiesPerWaferInput::*member;
};
constexpr NumericOption kDpwNumeric[] = {
    {"die-width-mm", "die_width_mm", &DiesPerWaferInput::die_width_mm},
    {"die-height-mm", "die_height_mm", &DiesPerWaferInput::die_height_mm},
    {"scribe-mm", "scribe_mm", &DiesPerWaferInput::scribe_mm},
    {"wafer-mm", "wafer_diameter_mm", &DiesPerWaferInput::wafer_diameter_mm},
    {"edge-mm", "edge_exclusion_mm", &DiesPerWaferInput::edge_exclusion_mm},
};

const std::vector<OptionSpec> kDpwOptions = {
    {"die-width-mm", "mm", "die width (default 26)"},
    {"die-height-mm", "mm", "die height (default 33)"},
    {"scribe-mm", "mm", "scribe lane between dies (default 0.1)"},
    {"wafer-mm", "mm", "wafer diameter (default 300)"},
    {"edge-mm", "mm", "edge exclusion (default 3)"},
    {"scenario", "file", "JSON object with die_width_mm, die_height_mm, scribe_mm,\n"
                         "                              wafer_diameter_mm, edge_exclusion_mm ('-' = stdin);\n"
                         "                              options given on the command line override it"},
    {"d0-per-cm2", "n", "killer defects per cm2: adds yield, good_dies, yield_model"},
    {"yield-model", "name", "with --d0-per-cm2: poisson|murphy|seeds|bose-einstein|\n"
                            "                              negative-binomial (default murphy)"},
    {"alpha", "x", "with --yield-model negative-binomial: clustering parameter, > 0"},
    {"critical-layers", "n", "with --yield-model bose-einstein: critical layers, 1-100"},
    gate_option("gross_dies>=60"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

int cmd_dpw(const std::vector<std::string>& args, Io& io) {
    auto parsed = parse_args(args, kDpwOptions);
    if (!parsed) return usage_error(io, "dpw", parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t dpw [options]\n\n"
                  "The exact maximum number of whole rectangular dies on a round wafer,\n"
                  "over every placement of the die grid, beside the textbook estimate\n"
                  "pi*d^2/(4S) - pi*d/sqrt(2S) (d usable diameter, S die pitch area).\n"
                  "Prints one JSON object.\n\nOptions:\n"
               << options_help(kDpwOptions)
               << "\nExample:\n  w2t dpw --die-width-mm 26 --die-height-mm 33 --wafer-mm 300 "
                  "--edge-mm 3 --scribe-mm 0.1\n";
        return kOk;
    }

    DiesPerWaferInput in;
    if (auto path = parsed->get("scenario")) {
        auto text = read_text(*path, io.in, "--scenario");
        if (!text) return usage_error(io, "dpw", text.error());
        auto j = parse_json(*text);
        if (!j) return usage_error(io, "dpw", Error{"--scenario", j.error().message});
        auto from_file = dies_per_wafer_input_from_json(*j);
        if (!from_file) {
            Error e = from_file.error();
            e.field = "--scenario: " + e.field;
            return usage_error(io, "dpw", e);
        }
        in = *from_file;
    }
    for (const NumericOption& o : kDpwNumeric) {
        if (auto v = parsed->number(o.option)) {
            if (!*v) return usage_error(io, "dpw", v->error());
            in.*o.member = v->value();
        }
    }

    auto result = dies_per_wafer(in);
    if (!result) {
        Error e = result.error();
        for (const NumericOption& o : kDpwNumeric)
            if (e.field == o.field) e.field = std::string("--") + o.option;
        return usage_error(io, "dpw", e);
    }
    nlohmann::json j = to_json(*result);
    j["input"] = to_json(in);
    if (int code = add_dpw_yield(io, *parsed, in, j); code != kOk) return code;
    return print_with_gates(io, "dpw", *parsed, j);
}

// [SECTION] command table and top-level help
struct Command {
    const char* name;
    const char* summary;
    int (*handler)(const std::vector<std::string>& args, Io& io);
};

const Command kCommands[] = {
    {"dpw", "dies per wafer: exact count and the textbook estimate", cmd_dpw},
    {"estimate", "LLM inference performance: TTFT, TPOT, tok/s and what binds", cmd_estimate},
    {"validate", "the performance model against published measurements", cmd_validate},
    {"supply", "supply-chain model: die yield, cost per good die (w2t supply --help)", cmd_supply},
    {"probe", "stream completions from LLM APIs: TTFT, ITL, e2e, tok/s, errors", cmd_probe},
    {"compare", "your log, providers measured, models predicted: p95 and $/1K side by side", cmd_compare},
    {"cost", "cost per hour and per token: TCO or rental, $/M tokens, tokens/J", cmd_cost},
    {"plan", "the cheapest configurations that meet a workload's p95 latency targets", cmd_plan},
    {"prices", "API prices per provider and model ($/M, $/1K tokens) and the cost of a usage", cmd_prices},
};

void print_help(std::ostream& out) {
    out << "w2t " << kVersion << " - wafer2token: from wafers to the cost and speed of tokens\n\n"
        << "Usage: w2t <command> [options]\n       w2t <command> --help\n\nCommands:\n";
    for (const auto& c : kCommands) {
        std::string name = c.name;
        name.resize(10, ' ');
        out << "  " << name << c.summary << "\n";
    }
    out << "\nExit codes: 0 ok, 1 data or runtime error, 2 usage error, 3 a --gate failed.\n";
}

}  // namespace

// [SECTION] run(): dispatch
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
    Io io{in, out, err};
    if (args.empty()) {
        print_help(err);
        return kUsageError;
    }
    const std::string& first = args[0];
    if (first == "--help" || first == "-h" || first == "help") {
        print_help(out);
        return kOk;
    }
    if (first == "--version") {
        out << "w2t " << kVersion << "\n";
        return kOk;
    }
    for (const auto& c : kCommands) {
        if (first == c.name) return c.handler({args.begin() + 1, args.end()}, io);
    }
    err << "w2t: unknown command '" << first << "'\n";
    print_help(err);
    return kUsageError;
}

}  // namespace w2t::cli
