#pragma once
// The cost model: what a system of accelerators costs per hour (rented, or owned:
// capital, power, datacenter, operations), and with the performance model's
// throughput, what a token costs and how much energy it takes. No I/O.
// docs/cost-model.md derives every formula; catalogue/economics.json holds every
// default with its source (embedded at build time, like the catalogue).
//
// Units are in the names: usd_per_hour is US dollars per wall-clock hour of the
// whole system, usd_per_mtok_* per million tokens, *_w watts, *_kw kilowatts,
// fractions are fractions (0.08 = 8 %).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/result.hpp"

namespace w2t {

// One default from catalogue/economics.json, with where it came from.
struct EconomicsFigure {
    double value = kUnknown;
    std::string unit, url, date, quality, note, quote, row, derivation;
    // Optional: the range the value plausibly spans, with its own source (the
    // sensitivity analysis, w2t/cost/sensitivity.hpp, moves the value across it).
    double low = kUnknown, high = kUnknown;
    std::string range_url, range_date, range_quality, range_note;
    bool has_range() const { return low == low && high == high; }
};

struct EconomicsData {
    std::map<std::string, EconomicsFigure> defaults;  // usd_per_kwh, pue, depreciation_years, ...
    // Per-hardware overrides of a default (hardware id -> field -> figure).
    std::map<std::string, std::map<std::string, EconomicsFigure>> hardware;
    std::map<std::string, EconomicsFigure> rental_usd_per_accelerator_hour;  // by hardware id
    std::map<std::string, EconomicsFigure> power_budgets_mw;                 // named site budgets
    std::map<std::string, std::string> presets;                              // name -> about
};

// Parses catalogue/economics.json's format; an error names the entry and field.
Result<EconomicsData> load_economics(std::string_view json_text);
// The defaults built into this binary.
const EconomicsData& builtin_economics();

// The defaults every economics input falls back to (the keys of EconomicsData::defaults
// that a run needs); the data file must define each.
const std::vector<std::string>& economics_default_keys();

enum class CostMode { owned, rental };
const char* to_string(CostMode m);

// What the user says about money and power. NaN (kUnknown) = use the default: the
// catalogue's price_usd / tdp_w for the chip, else catalogue/economics.json.
struct EconomicsInput {
    std::string preset;  // "", "owned-hardware", "cloud-rental"
    // Rental: US dollars per accelerator per hour (includes power, datacenter, operations).
    double usd_per_accelerator_hour = kUnknown;
    // Owned hardware.
    double usd_per_accelerator = kUnknown;   // purchase price of one accelerator
    double host_share = kUnknown;            // host + networking, fraction of the accelerator price
    double depreciation_years = kUnknown;    // straight life of the hardware
    double cost_of_capital = kUnknown;       // annual rate (fraction)
    double operations_share_per_year = kUnknown;  // staff, spares, support: fraction of capex per year
    // Power (both modes: energy figures; owned: the electricity bill).
    double accelerator_power_w = kUnknown;   // per accelerator (default: TDP)
    double system_power_factor = kUnknown;   // system watts per accelerator watt (host, fans, switches)
    double power_utilisation = kUnknown;     // average draw as a share of maximum system power
    double pue = kUnknown;                   // facility power / IT power
    double usd_per_kwh = kUnknown;
    // Datacenter (owned): build cost per MW of IT capacity, amortised over its life.
    double datacenter_usd_per_mw = kUnknown;
    double datacenter_years = kUnknown;
    // Optional: a site power budget (facility MW, PUE included) -> how many systems fit.
    double power_budget_mw = 0;
};

// Every value the run used, and where each came from ("input", "default", "catalogue",
// "hardware default": a per-chip override in economics.json, "rental table").
struct ResolvedEconomics {
    CostMode mode = CostMode::owned;
    std::map<std::string, double> values;
    std::map<std::string, std::string> origin;
    std::vector<std::string> notes;
};

// US dollars per hour for the whole system, by component (rental: all in `rental`).
struct HourlyCost {
    double capital = 0, power = 0, datacenter = 0, operations = 0, rental = 0;
    double total = 0;
};

struct SystemCost {
    std::string hardware_id;
    int accelerator_count = 0;
    ResolvedEconomics economics;
    HourlyCost usd_per_hour;
    double capex_usd = 0;           // owned: accelerators + host share
    double it_kw = kUnknown;        // average IT draw (accelerators x factor x utilisation)
    double facility_kw = kUnknown;  // it_kw x PUE
    double provisioned_it_kw = kUnknown;  // at maximum power: what the datacenter is built for
    double provisioned_facility_kw = kUnknown;
};

// Reads the economics fields of an object (a JSON line also carries estimate fields
// and the caller's own: those are ignored). Errors name the field.
Result<EconomicsInput> economics_input_from_json(const nlohmann::json& j);
nlohmann::json to_json(const EconomicsInput& in);
// The JSON keys economics_input_from_json reads.
const std::vector<std::string>& economics_input_keys();

// The system's cost per hour. Errors name the field: a negative price, an absurd
// value (a rate of 8 meaning 8 %), a missing price for a chip the catalogue has none for.
Result<SystemCost> system_cost(const std::string& hardware_id, int accelerator_count, const EconomicsInput& in,
                               const Catalogue& catalogue = builtin_catalogue(),
                               const EconomicsData& data = builtin_economics());

// The capital recovery factor: the annual payment that repays 1 dollar over `years`
// at `rate` (r(1+r)^n / ((1+r)^n - 1); 1/n at r = 0).
double capital_recovery_factor(double rate, double years);

// Token economics of a system at a given throughput.
struct TokenCost {
    double usd_per_hour = 0;          // the whole system
    double system_output_tok_s = 0, system_input_tok_s = 0;
    // All of the hour's cost on the output tokens (what output costs if input is free).
    double usd_per_mtok_output = 0;
    // The hour's cost over every token, input and output alike (one price per token).
    double usd_per_mtok_input = 0;
    double usd_per_mtok_total = 0;    // == usd_per_mtok_input
    double usd_per_1k_tokens = 0;     // input + output, as the article asks
    // A split by compute time: prefill's share of the replicas' time goes to input tokens,
    // the rest to output; then input x in + output x out = the cost of a request. NaN when
    // the prefill time is unknown.
    double prefill_time_share = kUnknown;
    double usd_per_mtok_input_split = kUnknown, usd_per_mtok_output_split = kUnknown;
    // Energy: output tokens per joule of facility energy (PUE included); NaN without power.
    double tokens_per_joule = kUnknown;
    double total_tokens_per_joule = kUnknown;  // input + output tokens per joule
    double kw_per_system = kUnknown;           // average facility draw of one system
    // A site power budget (EconomicsInput::power_budget_mw), provisioned at maximum power.
    double fleet_systems = kUnknown, fleet_output_tok_s = kUnknown, fleet_usd_per_hour = kUnknown;
};

struct ThroughputInput {
    double system_output_tok_s = 0;
    double input_tokens = 0, output_tokens = 0;  // per request (the mix of input and output)
    double prefill_ms = kUnknown;                // one prompt's prefill on one replica
    double replicas = 1;
};
ThroughputInput throughput_of(const EstimateResult& r);

// Errors name the field: a zero or negative throughput (system_output_tok_s), token counts.
Result<TokenCost> token_cost(const SystemCost& system, const ThroughputInput& t, double power_budget_mw = 0);

// system_cost + token_cost for an estimate's system and throughput.
struct CostResult {
    SystemCost system;
    TokenCost tokens;
};
Result<CostResult> cost(const EstimateResult& r, const EconomicsInput& in,
                        const Catalogue& catalogue = builtin_catalogue(),
                        const EconomicsData& data = builtin_economics());

// The contract's outputs written into an object: usd_per_hour, usd_per_mtok_output,
// usd_per_mtok_input, tokens_per_joule, usd_per_1k_tokens, kw_per_system.
void add_cost_summary(const CostResult& c, nlohmann::json& out);
// The contract's keys, in the order add_cost_summary writes them.
const std::vector<std::string>& cost_summary_keys();
// Everything: summary, breakdown, every value used and its origin, energy, fleet.
nlohmann::json to_json(const CostResult& c);
nlohmann::json to_json(const SystemCost& s);
nlohmann::json to_json(const EconomicsFigure& f);
nlohmann::json to_json(const EconomicsData& d);

}  // namespace w2t
