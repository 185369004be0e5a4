// [SECTION] Contents
//   estimate: one scenario from options, or JSON Lines on stdin
//   validate: the model against the calibration rows (and --fit)
#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "common.hpp"
#include "field_options.hpp"
#include "w2t/json_io.hpp"
#include "w2t/perf/calibration.hpp"
#include "w2t/perf/estimate_json.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli {
namespace {

using nlohmann::json;

// [SECTION] estimate
const std::vector<OptionSpec> kEstimateOptions = {
    {"jsonl", "", "read JSON Lines on stdin, one scenario a line; write one result a line"},
    {"detail", "", "with --jsonl: add each result's breakdown under \"detail\""},
    {"hardware-id", "id", "accelerator, e.g. h100-sxm, b200, cerebras-cs3 (see --list)"},
    {"accelerator-count", "n", "chips in the system (0 or absent: the fewest that hold the model)"},
    {"model-id", "id", "model, e.g. llama-3.1-70b, llama-4-maverick, deepseek-r1"},
    {"precision", "p", "weights: fp16, bf16, fp8, fp4, int8, int4, q4_0, q8_0"},
    {"scenario", "s", "offline, server, interactive, single-stream, fixed-batch"},
    {"input-tokens", "n", "prompt length (mean)"},
    {"output-tokens", "n", "generated tokens (mean)"},
    {"concurrency", "n", "requests in flight (fixed-batch; optional otherwise)"},
    {"framework", "name", "serving stack: tensorrt-llm (default), vllm, sglang, llama.cpp, ..."},
    {"kv-precision", "p", "KV cache precision (default: fp8 with 8/4-bit weights on fp8 chips)"},
    {"tensor-parallel", "n", "tensor-parallel size (default: chosen)"},
    {"pipeline-parallel", "n", "pipeline-parallel size (default: chosen)"},
    {"draft-tokens", "n", "speculative decoding: tokens drafted per step (default 0: off)"},
    {"acceptance", "x", "speculative decoding: chance a drafted token is accepted (default 0.7)"},
    {"ttft-limit-ms", "ms", "server/interactive TTFT limit (default: MLPerf's for the model)"},
    {"tpot-limit-ms", "ms", "server/interactive TPOT limit (default: MLPerf's for the model)"},
    {"input", "file", "the scenario as a JSON object ('-' = stdin); options override it"},
    {"list", "", "list the catalogue's hardware and model ids"},
    gate_option("ttft_ms<=500"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

const char* kEstimateHelp =
    "Usage: w2t estimate [options]\n"
    "       w2t estimate --jsonl < scenarios.jsonl\n\n"
    "Predicts what a user would measure for a model on a chip: TTFT, TPOT, per-user\n"
    "and system tok/s, end-to-end latency, and the resource that binds, with every\n"
    "term of the model (docs/perf-model.md).\n\n"
    "--jsonl reads one JSON object a line: hardware_id, accelerator_count, model_id,\n"
    "precision, scenario, input_tokens, output_tokens, and optionally concurrency,\n"
    "framework (other fields are kept). Each line's output is its input plus\n"
    "system_output_tok_s, per_user_output_tok_s, ttft_ms, tpot_ms, e2e_latency_s,\n"
    "system_total_tok_s, bottleneck; a line that cannot be evaluated becomes\n"
    "{\"line\": N, \"error\": \"...\"} and the rest go on (exit 1 at the end).\n\n"
    "Options:\n";

// Applies the field options on top of `j` (numbers parsed, errors naming the option).
std::optional<Error> apply_estimate_options(const ParsedArgs& args, json& j) {
    if (auto e = apply_field_options(args, kEstimateFields, j)) return e;
    for (const char* key : {"draft-tokens", "acceptance"}) {
        if (!args.has(key)) continue;
        auto v = args.number(key);
        if (!*v) return v->error();
        if (!j.contains("speculative") || !j["speculative"].is_object()) j["speculative"] = json::object();
        j["speculative"][std::string(key) == "draft-tokens" ? "draft_tokens" : "acceptance"] = v->value();
    }
    return std::nullopt;
}

Error with_option_name(Error e) {
    // --draft-tokens and --acceptance land under "speculative" (apply_estimate_options).
    if (e.field == "speculative.draft_tokens") e.field = "--draft-tokens";
    if (e.field == "speculative.acceptance") e.field = "--acceptance";
    return cli::with_option_name(std::move(e), kEstimateFields);
}

int list_catalogue(Io& io) {
    const Catalogue& c = builtin_catalogue();
    io.out << "hardware_id:\n";
    for (const auto& a : c.accelerators) io.out << "  " << std::left << std::setw(18) << a.id << a.name << "\n";
    io.out << "model_id:\n";
    for (const auto& m : c.models) io.out << "  " << std::left << std::setw(18) << m.id << m.name << "\n";
    return kOk;
}

// The contract's output keys, in the order add_summary writes them.
constexpr const char* kSummaryKeys[] = {"system_output_tok_s", "per_user_output_tok_s", "ttft_ms", "tpot_ms",
                                        "e2e_latency_s", "system_total_tok_s", "bottleneck"};

// The fast path for a line: its own text, verbatim, with the outputs appended before
// the closing brace (no re-serialisation). Declines (false) when the line already
// holds one of the output keys, so the DOM path can replace it instead.
bool append_summary(const std::string& line, const json& parsed, const EstimateResult& r, std::string& out) {
    for (const char* key : kSummaryKeys)
        if (parsed.contains(key)) return false;
    const size_t close = line.find_last_of('}');
    if (close == std::string::npos) return false;
    const double values[] = {r.system_output_tok_s, r.per_user_output_tok_s, r.ttft_ms, r.tpot_ms,
                             r.e2e_latency_s, r.system_total_tok_s};
    out.append(line, 0, close);
    bool first = parsed.empty();
    for (size_t i = 0; i < std::size(values); ++i) {
        out += first ? "\"" : ",\"";
        first = false;
        out += kSummaryKeys[i];
        out += "\":";
        append_json_number(out, values[i]);
    }
    out += ",\"bottleneck\":";
    out += json(r.bottleneck).dump();
    out += "}\n";
    return true;
}

int estimate_jsonl(const ParsedArgs& args, Io& io, const std::vector<Gate>& gates) {
    const Catalogue& catalogue = builtin_catalogue();
    std::string line;
    size_t number = 0;
    bool any_error = false, any_gate_failed = false;
    std::string out;
    while (std::getline(io.in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        auto fail = [&](const Error& e) {
            any_error = true;
            // A parse error quotes the line's bytes, which need not be UTF-8 (dump() would throw).
            out += json{{"line", number}, {"error", e.to_string()}}.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        };
        auto j = parse_json(line);
        if (!j) { fail(j.error()); continue; }
        auto in = estimate_input_from_json(*j);
        if (!in) { fail(in.error()); continue; }
        auto r = estimate(*in, catalogue);
        if (!r) { fail(r.error()); continue; }
        if (gates.empty() && !args.has("detail") && append_summary(line, *j, *r, out)) {
            if (out.size() > (1 << 16)) io.out << out, out.clear();
            continue;
        }
        json& result = j.value();  // the input line, with its own fields, plus the outputs
        add_summary(*r, result);
        if (args.has("detail")) result["detail"] = to_json(*r);
        const int code = apply_line_gates(io, "estimate", gates, result, number);
        if (code == kUsageError) {  // a gate on a field the results do not have
            io.out << out;
            return kUsageError;
        }
        if (code == kGateFailed) any_gate_failed = true;
        out += result.dump();
        out += '\n';
        if (out.size() > (1 << 16)) io.out << out, out.clear();
    }
    io.out << out;
    return any_error ? kDataError : any_gate_failed ? kGateFailed : kOk;
}

}  // namespace

int cmd_estimate(const std::vector<std::string>& args, Io& io) {
    auto parsed = parse_args(args, kEstimateOptions);
    if (!parsed) return usage_error(io, "estimate", parsed.error());
    if (parsed->has("help")) {
        io.out << kEstimateHelp << options_help(kEstimateOptions)
               << "\nExamples:\n"
                  "  w2t estimate --hardware-id b200 --accelerator-count 8 --model-id llama-4-maverick \\\n"
                  "               --precision fp8 --scenario single-stream --input-tokens 1000 --output-tokens 1000\n"
                  "  echo '{\"hardware_id\":\"h100-sxm\",\"accelerator_count\":8,\"model_id\":\"llama-3.1-70b\","
                  "\"precision\":\"fp8\",\"scenario\":\"offline\",\"input_tokens\":1000,\"output_tokens\":1000}' "
                  "| w2t estimate --jsonl\n";
        return kOk;
    }
    if (parsed->has("list")) return list_catalogue(io);
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, "estimate", gates.error());
    if (parsed->has("jsonl")) {
        for (const FieldOption& f : kEstimateFields)
            if (parsed->has(f.option))
                return usage_error(io, "estimate", Error{std::string("--") + f.option, "not used with --jsonl (put it in each line)"});
        if (parsed->has("input")) return usage_error(io, "estimate", Error{"--input", "not used with --jsonl (lines come on stdin)"});
        return estimate_jsonl(*parsed, io, *gates);
    }
    if (parsed->has("detail")) return usage_error(io, "estimate", Error{"--detail", "only with --jsonl"});
    json j = json::object();
    if (auto path = parsed->get("input")) {
        auto text = read_text(*path, io.in, "--input");
        if (!text) return usage_error(io, "estimate", text.error());
        auto file = parse_json(*text);
        if (!file) return usage_error(io, "estimate", Error{"--input", file.error().message});
        if (!file->is_object()) return usage_error(io, "estimate", Error{"--input", "expected a JSON object"});
        j = *file;
    }
    if (auto e = apply_estimate_options(*parsed, j)) return usage_error(io, "estimate", *e);
    auto in = estimate_input_from_json(j);
    if (!in) return usage_error(io, "estimate", with_option_name(in.error()));
    if (auto e = check_estimate_input(*in, builtin_catalogue())) return usage_error(io, "estimate", with_option_name(*e));
    auto r = estimate(*in, builtin_catalogue());
    if (!r) return data_error(io, "estimate", with_option_name(r.error()));
    json out = to_json(*r);
    return print_with_gates(io, "estimate", *parsed, out);
}

// [SECTION] validate
namespace {

const std::vector<OptionSpec> kValidateOptions = {
    {"calibration", "file", "measurements in the calibration CSV format (default: the built-in\n"
                            "                              catalogue/inference_calibration.csv)"},
    {"json", "", "print JSON (rows, groups, summary) instead of tables"},
    {"fit", "", "fit the model's efficiency parameters to the rows and print them"},
    {"params", "file", "evaluate with these parameter values (JSON object, e.g. the \"params\"\n"
                       "                              of a --fit --json run) instead of the built-in ones"},
    gate_option("median_abs_error_pct<=15"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

json group_json(const GroupStats& g) {
    auto num = [](double v) { return known(v) ? json(v) : json(nullptr); };
    return {{"name", g.name}, {"rows", g.rows}, {"median_abs_error_pct", num(g.median_abs_error_pct)},
            {"within_30_share", num(g.within_30_share)}};
}

double worst_of(const std::vector<GroupStats>& groups) {
    double worst = 0;
    for (const auto& g : groups)
        if (g.rows > 0 && known(g.median_abs_error_pct)) worst = std::max(worst, g.median_abs_error_pct);
    return worst;
}

json report_json(const ValidationReport& r) {
    json rows = json::array();
    for (const RowOutcome& o : r.rows) {
        rows.push_back({{"id", o.row->id}, {"hardware_id", o.row->hardware_id}, {"model_id", o.row->model_id},
                        {"metric", o.row->metric}, {"quality", o.row->quality}, {"measured", o.row->value},
                        {"predicted", o.ok ? json(o.predicted) : json(nullptr)},
                        {"error_pct", o.ok ? json(o.error_pct) : json(nullptr)},
                        {"error", o.ok ? json(nullptr) : json(o.error)}, {"assumptions", o.assumptions}});
    }
    auto groups = [](const std::vector<GroupStats>& gs) {
        json a = json::array();
        for (const auto& g : gs) a.push_back(group_json(g));
        return a;
    };
    return {{"rows", rows},
            {"by_metric", groups(r.by_metric)},
            {"by_family", groups(r.by_family)},
            {"by_chip", groups(r.by_chip)},
            {"by_quality", groups(r.by_quality)},
            {"rows_total", r.rows.size()},
            {"rows_failed", r.failed},
            {"median_abs_error_pct", r.overall.median_abs_error_pct},
            {"within_30_share", r.overall.within_30_share},
            {"worst_family_median_abs_error_pct", worst_of(r.by_family)},
            {"worst_metric_median_abs_error_pct", worst_of(r.by_metric)}};
}

std::string fixed(double v, int digits) {
    if (!known(v)) return "-";
    std::ostringstream s;
    s << std::fixed << std::setprecision(digits) << v;
    return s.str();
}

void print_groups(std::ostream& out, const char* title, const std::vector<GroupStats>& groups) {
    out << "\n" << title << "\n";
    out << "  " << std::left << std::setw(24) << "group" << std::right << std::setw(6) << "rows" << std::setw(14)
        << "median |err|" << std::setw(12) << "within 30%" << "\n";
    for (const auto& g : groups)
        out << "  " << std::left << std::setw(24) << g.name << std::right << std::setw(6) << g.rows << std::setw(13)
            << fixed(g.median_abs_error_pct, 1) << "%" << std::setw(11) << fixed(100 * g.within_30_share, 0) << "%\n";
}

void print_report(std::ostream& out, const ValidationReport& r) {
    out << std::left << std::setw(58) << "row" << std::setw(22) << "metric" << std::right << std::setw(12)
        << "measured" << std::setw(12) << "predicted" << std::setw(9) << "error" << "\n";
    for (const RowOutcome& o : r.rows) {
        out << std::left << std::setw(58) << o.row->id.substr(0, 57) << std::setw(22) << o.row->metric << std::right
            << std::setw(12) << format_number(o.row->value);
        if (o.ok)
            out << std::setw(12) << fixed(o.predicted, o.predicted < 100 ? 1 : 0) << std::setw(8)
                << fixed(o.error_pct, 0) << "%\n";
        else
            out << "  not evaluated: " << o.error << "\n";
    }
    print_groups(out, "By chip:", r.by_chip);
    print_groups(out, "By source quality:", r.by_quality);
    print_groups(out, "By chip family:", r.by_family);
    print_groups(out, "By metric:", r.by_metric);
    out << "\nworst chip family: median |error| " << fixed(worst_of(r.by_family), 1) << " %; worst metric: "
        << fixed(worst_of(r.by_metric), 1) << " %\n";
    out << "rows not evaluated: " << r.failed << " of " << r.rows.size() << "\n";
    out << "overall: " << r.overall.rows << " rows, median |error| " << fixed(r.overall.median_abs_error_pct, 1)
        << " %, within +-30 %: " << fixed(100 * r.overall.within_30_share, 1) << " %\n";
}

}  // namespace

int cmd_validate(const std::vector<std::string>& args, Io& io) {
    auto parsed = parse_args(args, kValidateOptions);
    if (!parsed) return usage_error(io, "validate", parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t validate [--calibration FILE] [--json] [--fit] [--gate EXPR]\n\n"
                  "Runs every measurement row through the performance model and prints each row's\n"
                  "error, then the median absolute % error and the share within +-30 % by chip,\n"
                  "by source quality, by chip family and by metric, and overall (last line).\n"
                  "Gate fields: median_abs_error_pct, within_30_share, worst_family_median_abs_error_pct,\n"
                  "worst_metric_median_abs_error_pct, rows_failed.\n\nOptions:\n"
               << options_help(kValidateOptions);
        return kOk;
    }
    auto gates = parse_gates(*parsed);
    if (!gates) return usage_error(io, "validate", gates.error());
    std::vector<CalibrationRow> own;
    const std::vector<CalibrationRow>* rows = &builtin_calibration_rows();
    if (auto path = parsed->get("calibration")) {
        auto text = read_text(*path, io.in, "--calibration");
        if (!text) return usage_error(io, "validate", text.error());
        auto p = parse_calibration_csv(*text);
        if (!p) return data_error(io, "validate", Error{"--calibration: " + p.error().field, p.error().message});
        own = std::move(p.value());
        rows = &own;
    }
    const Catalogue& catalogue = builtin_catalogue();
    PerfParams params = default_perf_params();
    if (auto path = parsed->get("params")) {
        auto text = read_text(*path, io.in, "--params");
        if (!text) return usage_error(io, "validate", text.error());
        auto j = parse_json(*text);
        if (!j) return usage_error(io, "validate", Error{"--params", j.error().message});
        auto p = perf_params_from_json(*j);
        if (!p) return usage_error(io, "validate", Error{"--params: " + p.error().field, p.error().message});
        params = *p;
    }
    json fit_json;
    if (parsed->has("fit")) {
        io.err << "w2t validate: fitting " << perf_param_specs().size() << " parameters to " << rows->size()
               << " rows...\n";
        FitResult fit = fit_params(*rows, catalogue, params);
        params = fit.params;
        fit_json = {{"loss_before", fit.loss_before}, {"loss_after", fit.loss_after},
                    {"evaluations", fit.evaluations}, {"params", to_json(params)}};
    }
    ValidationReport report = validate_rows(*rows, catalogue, params);
    json out = report_json(report);
    if (!fit_json.is_null()) out["fit"] = fit_json;
    const int code = apply_gates(io, "validate", *gates, out);
    if (code == kUsageError) return code;
    if (parsed->has("json")) {
        io.out << out.dump(parsed->has("pretty") ? 2 : -1) << "\n";
    } else {
        print_report(io.out, report);
        if (!fit_json.is_null()) io.out << "fit: " << fit_json.dump() << "\n";
    }
    return code;
}

}  // namespace w2t::cli
