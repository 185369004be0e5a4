#pragma once
// Capacity and fleet: from TSMC's CoWoS wafers a month (sourced low/base/high
// by year) and packages per CoWoS wafer (per product) to accelerators a year,
// their power, and the output tokens/s they could serve (through estimate()).
// Uncertainty propagates by a seeded Monte Carlo over the sourced ranges, so
// every output is a p5/p50/p95 band, the same for the same seed.
//
// The data is catalogue/supply.json (schema "w2t-supply/1"), embedded at build
// time (builtin_supply()) and loadable from text; docs/supply-chain.md says
// where each figure comes from.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/result.hpp"

namespace w2t::supply {

// [SECTION] the dataset
struct Range {
    double low = 0, base = 0, high = 0;  // low <= base <= high
    bool operator==(const Range&) const = default;
};

// One source as the dataset quotes it: a supply_facts.csv row (row id) or a
// page checked by hand ("checked:..."). The quote is verbatim.
struct SupplySource {
    std::string row, title, url, date, quality, quote, refers_to, note, use;
    double value = NAN, low = NAN, high = NAN;  // as the source states them (NaN: none)
};

enum class Basis { sourced, estimate };
const char* to_string(Basis b);

struct SourcedRange {
    Range range;
    Basis basis = Basis::sourced;
    std::string note;                       // how the range was read (required for estimates)
    std::vector<SupplySource> sources;      // what the range rests on
    std::vector<SupplySource> superseded;   // rows not used, each with its reason in `use`
};

struct YearValue {
    int year = 0;
    SourcedRange value;
};

struct YearSeries {
    std::string id, name, unit, definition;
    std::vector<YearValue> years;  // ascending, consecutive
    const YearValue* at(int year) const;
};

struct SupplyProduct {
    std::string id;  // a catalogue accelerator id
    std::string packaging, system_note;
    int system_accelerators = 0;  // accelerators in one serving system (HGX: 8, NVL72: 72)
    SupplySource system_source;
    SourcedRange packages_per_wafer;  // packages (= accelerators) per CoWoS wafer
};

// One of the article's claims, its best public source (none: unsourced) and
// which model check `w2t supply claims` runs for it ("none" for none).
struct Claim {
    std::string id, claim, verdict, says, check;
    std::optional<SupplySource> source;
};

struct SupplyData {
    std::vector<YearSeries> series;
    std::vector<SupplyProduct> products;
    std::vector<Claim> claims;

    const YearSeries* find_series(std::string_view id) const;
    const SupplyProduct* product(std::string_view id) const;
    std::vector<std::string> product_ids() const;
    // "unknown product 'b300' (known: h100-sxm, ...; closest: b200, ...)"
    std::string unknown_product_message(std::string_view id) const;
};

inline constexpr const char* kCowosSeries = "cowos_wafers_per_month";
inline constexpr const char* kCowosDemandSeries = "cowos_demand_wafers_per_year";
inline constexpr int kFirstYear = 2022, kLastYear = 2027;
// Verdicts a claim may carry, and the model checks check_claims() knows.
inline constexpr const char* kVerdicts[] = {"supports", "qualifies", "unsourced", "contradicts"};
inline constexpr const char* kClaimChecks[] = {
    "none", "cowos-growth-2022-2026", "cowos-demand-vs-capacity-2026", "wse3-catalogue",
    "speed-ratio-llama-3-70b", "maverick-per-user", "hardware-usd-per-tok-s-llama-3-70b",
    "cs3-systems-for-power"};

// Parses catalogue/supply.json; an error names the entry and the field, e.g.
// "series[0] (cowos_wafers_per_month).years[2] (2024).low".
Result<SupplyData> load_supply(std::string_view json);
// The dataset built into this binary (catalogue/supply.json at build time).
const SupplyData& builtin_supply();

// [SECTION] Monte Carlo
// splitmix64: small, fast, and the same sequence on every platform.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next();
    double uniform();  // [0, 1), 53 bits

private:
    uint64_t state_;
};

// Triangular on [low, high] with its mode at base (inverse CDF of one
// uniform draw); a zero-width range gives base exactly. One draw is made
// either way, so the streams of two datasets stay aligned draw for draw.
double sample(const Range& r, Rng& rng);

struct Band {
    double p5 = 0, p50 = 0, p95 = 0, mean = 0;
};
// Percentiles of `samples` (sorted in place; linear interpolation between
// order statistics). An empty vector gives zeros.
Band band_of(std::vector<double>& samples);

struct McOptions {
    int samples = 1000;
    uint64_t seed = 1;
};
struct McLimits {
    static constexpr int min_samples = 1;
    static constexpr int max_samples = 1000000;
};

// [SECTION] capacity
struct CapacityInput {
    std::vector<int> years;             // empty: every year of the CoWoS series
    std::vector<std::string> products;  // empty: every product of the dataset
    McOptions mc;
};

struct ProductCapacity {
    std::string product;
    Range packages_per_wafer_range;
    Band packages_per_wafer;
    Band accelerators_per_year;  // if all of the year's CoWoS wafers went to this product
};

struct YearCapacity {
    int year = 0;
    Range wafers_per_month_range;  // year-end run rate, as sourced
    Band wafers_per_month;
    // 12 x (previous year-end + this year-end) / 2: a linear ramp through the
    // year. The first year of the series has no previous figure: 12 x its own.
    Band wafers_per_year;
    bool ramp_from_previous = true;
    std::vector<ProductCapacity> products;
};

struct CapacityResult {
    std::vector<YearCapacity> years;
    McOptions mc;
};

// Errors name the field: years, products, samples.
Result<CapacityResult> capacity(const CapacityInput& in, const SupplyData& data);

// [SECTION] fleet
struct MixShare {
    std::string product;
    double wafer_share = 0;  // share of the year's CoWoS wafers
};
// "b200:0.6,mi300x:0.4" (field "mix" in errors). Shares in (0, 1], sum <= 1;
// a product may appear once.
Result<std::vector<MixShare>> parse_mix(std::string_view text);

struct FleetInput {
    int year = 0;
    std::vector<MixShare> mix;
    // The workload: model_id, precision, scenario, tokens, ... hardware_id and
    // accelerator_count are set per product (its serving system).
    EstimateInput perf;
    int accelerators_per_system = 0;  // 0: each product's system size from the dataset
    McOptions mc;
};

struct FleetProduct {
    std::string product;
    double wafer_share = 0;
    int system_accelerators = 0;
    double tdp_w = 0;  // from the catalogue
    // From estimate() for one serving system of this product:
    double system_output_tok_s = 0, per_accelerator_output_tok_s = 0, per_user_output_tok_s = 0;
    std::string layout, bottleneck;
    Band accelerators, power_mw, output_tok_s;
};

struct FleetResult {
    int year = 0;
    Band wafers_per_year;
    Band accelerators, power_mw, output_tok_s;  // totals over the mix (per sample, then bands)
    double unallocated_share = 0;               // CoWoS wafers the mix leaves to others
    std::vector<FleetProduct> products;
    McOptions mc;
};

// One year's production: accelerators = wafers_per_year x share x packages per
// wafer; power = accelerators x TDP (chips only: no host, network, cooling);
// output tok/s = accelerators x (estimate()'s system tok/s / system size).
// Input faults name the field (year, mix, samples, accelerators_per_system, or
// estimate's own: model_id, precision, ...); a model that does not fit a
// product's system is an error with no field, naming the product.
Result<FleetResult> fleet(const FleetInput& in, const SupplyData& data, const Catalogue& catalogue,
                          const PerfParams& params = default_perf_params());

// [SECTION] the article's claims, checked
struct ClaimFigure {
    std::string name;
    double value = 0;
};
struct ClaimCheck {
    std::string id;        // the claim's id
    std::string summary;   // what the model says, in a sentence
    std::vector<ClaimFigure> figures;
};
// Runs each claim's model check (claims whose check is "none" get none).
Result<std::vector<ClaimCheck>> check_claims(const SupplyData& data, const Catalogue& catalogue,
                                             const McOptions& mc);

}  // namespace w2t::supply
