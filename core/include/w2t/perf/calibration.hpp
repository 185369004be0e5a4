#pragma once
// The performance model against published measurements: every row of
// catalogue/inference_calibration.csv (or a file in the same format) run
// through estimate(), with per-row error and summary statistics by metric,
// chip family and chip; and the fit of PerfParams's few efficiencies.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/perf/inference.hpp"

namespace w2t {

struct CalibrationRow {
    std::string id, hardware_id, model_id, precision, framework, scenario, metric, unit, quality,
        source_title, source_url, source_date, licence, note;
    int accelerator_count = 0;  // 0: not stated
    double input_tokens = kUnknown, output_tokens = kUnknown, concurrency = kUnknown, value = 0;
};

// RFC 4180 CSV with the header of shared/data/inference_calibration.csv; an
// error names the line and the column.
Result<std::vector<CalibrationRow>> parse_calibration_csv(std::string_view text);
// The rows built into this binary.
const std::vector<CalibrationRow>& builtin_calibration_rows();

// The estimate input a row describes, with the assumptions made where the
// source is silent (defaults documented in docs/perf-model.md).
EstimateInput input_for_row(const CalibrationRow& row, const Catalogue& catalogue,
                            std::vector<std::string>& assumptions,
                            const PerfParams& params = default_perf_params());

// The metric a row measured, read off a result (NaN for an unknown metric).
double metric_value(const EstimateResult& r, const std::string& metric);

struct RowOutcome {
    const CalibrationRow* row = nullptr;
    bool ok = false;
    double predicted = kUnknown;
    double error_pct = kUnknown;  // (predicted - measured) / measured
    std::string error;             // why it could not be evaluated
    std::vector<std::string> assumptions;
};

struct GroupStats {
    std::string name;
    int rows = 0;
    double median_abs_error_pct = kUnknown;
    double within_30_share = kUnknown;  // 0..1
};

struct ValidationReport {
    std::vector<RowOutcome> rows;
    GroupStats overall;
    std::vector<GroupStats> by_metric, by_family, by_chip, by_quality;
    int failed = 0;  // rows that could not be evaluated
};

ValidationReport validate_rows(const std::vector<CalibrationRow>& rows, const Catalogue& catalogue,
                               const PerfParams& params = default_perf_params());

// Coordinate search (in log space) over PerfParams's fields, minimising the
// median absolute log error plus the share outside +-30 %. Deterministic.
struct FitResult {
    PerfParams params;
    double loss_before = 0, loss_after = 0;
    int evaluations = 0;
};
FitResult fit_params(const std::vector<CalibrationRow>& rows, const Catalogue& catalogue,
                     const PerfParams& start = default_perf_params(), int rounds = 6);

// Each fitted parameter: its name, a pointer to it, and the range it may take.
struct ParamSpec {
    const char* name;
    double PerfParams::*member;
    double lo, hi;
    const char* meaning;
};
const std::vector<ParamSpec>& perf_param_specs();

// Parameters as {"name": value, ...}; reading starts from `base` and checks each
// name and range (an error names the parameter).
nlohmann::json to_json(const PerfParams& p);
Result<PerfParams> perf_params_from_json(const nlohmann::json& j, const PerfParams& base = default_perf_params());

}  // namespace w2t
