#pragma once
// Sensitivity of the cost per token (a tornado chart's data): each assumption of
// the cost model, and the performance model's throughput, moved to the low and the
// high end of a stated range, one at a time, everything else at its base value;
// $/M output tokens at each end, sorted by swing (largest first). No I/O.
//
// Ranges: the sourced range in catalogue/economics.json where the figure has one
// (EconomicsFigure::low/high, with its own URL) and it holds the value used; else
// +-kDefaultSensitivityShare around the value used, said as such. Throughput moves
// by +-30 %: 81 % of the 301 published system-throughput measurements fall within
// 30 % of the performance model (docs/perf-model.md). docs/cost-model.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/cost/tco.hpp"

namespace w2t {

// The share an assumption without a sourced range moves either way (0.25 = +-25 %).
inline constexpr double kDefaultSensitivityShare = 0.25;
// The throughput's range, from the performance model's validation (see above).
inline constexpr double kThroughputSensitivityShare = 0.30;

struct SensitivityRow {
    std::string key;    // the economics input's key (usd_per_kwh, ...) or "system_output_tok_s"
    std::string label;  // "electricity price"
    std::string unit;   // of the assumption: "USD/kWh"
    double base = 0, low = 0, high = 0;  // the assumption's value: used, and the two ends
    // $/M output tokens with the assumption at its low and at its high end.
    double usd_per_mtok_at_low = 0, usd_per_mtok_at_high = 0;
    double swing = 0;   // |at_high - at_low|
    bool sourced = false;       // the range comes from catalogue/economics.json
    std::string range_source;   // how the range was chosen, in words
    std::string range_url;      // its source (sourced ranges; the perf model's docs for throughput)
};

struct Sensitivity {
    std::string hardware_id;
    int accelerator_count = 0;
    CostMode mode = CostMode::owned;
    double base_usd_per_mtok_output = 0;
    std::vector<SensitivityRow> rows;  // largest swing first
    std::vector<std::string> notes;
};

// The tornado for one system (hardware, count, economics) at one throughput (the
// performance model's, with its token mix). Owned hardware: purchase price,
// depreciation years, cost of capital, electricity price, PUE, power utilisation,
// datacenter $/MW, operations, throughput. Rental: the rental rate and throughput
// (the rate includes the rest). Errors name the field, as system_cost/token_cost do.
Result<Sensitivity> cost_sensitivity(const std::string& hardware_id, int accelerator_count,
                                     const EconomicsInput& economics, const ThroughputInput& throughput,
                                     const Catalogue& catalogue = builtin_catalogue(),
                                     const EconomicsData& data = builtin_economics());

// For an estimate's system and throughput.
Result<Sensitivity> cost_sensitivity(const EstimateResult& r, const EconomicsInput& economics,
                                     const Catalogue& catalogue = builtin_catalogue(),
                                     const EconomicsData& data = builtin_economics());

nlohmann::json to_json(const SensitivityRow& row);
nlohmann::json to_json(const Sensitivity& s);

}  // namespace w2t
