// [SECTION] Contents
//   the assumptions and their ranges
//   cost_sensitivity(): one at a time, low and high
//   JSON out
#include "w2t/cost/sensitivity.hpp"

#include <algorithm>
#include <cmath>

#include "w2t/validate.hpp"

namespace w2t {
namespace {

using nlohmann::json;

// [SECTION] the assumptions and their ranges
struct Assumption {
    const char* key;
    const char* label;
    const char* unit;
    double EconomicsInput::*member;
    double min, max;  // physical limits a +-share range is clamped to (PUE >= 1, shares <= 1)
};

constexpr Assumption kOwned[] = {
    {"usd_per_accelerator", "purchase price", "USD per accelerator", &EconomicsInput::usd_per_accelerator, 0, 1e8},
    {"depreciation_years", "depreciation years", "years", &EconomicsInput::depreciation_years, 0.25, 30},
    {"cost_of_capital", "cost of capital", "per year", &EconomicsInput::cost_of_capital, 0, 1},
    {"usd_per_kwh", "electricity price", "USD/kWh", &EconomicsInput::usd_per_kwh, 0, 10},
    {"pue", "PUE", "", &EconomicsInput::pue, 1, 5},
    {"power_utilisation", "power utilisation", "of maximum", &EconomicsInput::power_utilisation, 0.01, 1},
    {"datacenter_usd_per_mw", "datacenter build cost", "USD per MW", &EconomicsInput::datacenter_usd_per_mw, 0, 1e9},
    {"operations_share_per_year", "operations", "of capex per year", &EconomicsInput::operations_share_per_year, 0, 1},
};
constexpr Assumption kRental[] = {
    {"usd_per_accelerator_hour", "rental price", "USD per accelerator-hour", &EconomicsInput::usd_per_accelerator_hour,
     0, 10000},
};

// The catalogue figure a value used came from (none for a typed value's own key
// when the file has no figure for it, e.g. the purchase price from the catalogue).
const EconomicsFigure* figure_for(const std::string& key, const std::string& hardware_id, const EconomicsData& data) {
    if (key == "usd_per_accelerator_hour") {
        auto it = data.rental_usd_per_accelerator_hour.find(hardware_id);
        return it == data.rental_usd_per_accelerator_hour.end() ? nullptr : &it->second;
    }
    if (auto hw = data.hardware.find(hardware_id); hw != data.hardware.end())
        if (auto f = hw->second.find(key); f != hw->second.end()) return &f->second;
    auto f = data.defaults.find(key);
    return f == data.defaults.end() ? nullptr : &f->second;
}

std::string percent(double share) { return format_number(std::round(share * 1000) / 10) + " %"; }

void choose_range(SensitivityRow& row, const Assumption& a, const EconomicsFigure* f) {
    if (f && f->has_range() && f->low <= row.base && row.base <= f->high) {
        row.low = f->low, row.high = f->high, row.sourced = true;
        row.range_url = f->range_url;
        row.range_source = "sourced range (catalogue/economics.json, " + f->range_quality + ", " + f->range_date +
                           "): " + f->range_note;
        return;
    }
    row.low = std::max(a.min, row.base * (1 - kDefaultSensitivityShare));
    row.high = std::min(a.max, row.base * (1 + kDefaultSensitivityShare));
    row.range_source = "\xC2\xB1" + percent(kDefaultSensitivityShare) + " of the value used (no sourced range" +
                       std::string(f && f->has_range() ? " holds it" : "") + ")";
    if (row.low > row.base * (1 - kDefaultSensitivityShare) || row.high < row.base * (1 + kDefaultSensitivityShare))
        row.range_source += ", clamped to " + format_number(a.min) + " to " + format_number(a.max);
}

}  // namespace

// [SECTION] cost_sensitivity()
Result<Sensitivity> cost_sensitivity(const std::string& hardware_id, int accelerator_count, const EconomicsInput& in,
                                     const ThroughputInput& t, const Catalogue& catalogue, const EconomicsData& data) {
    auto base_system = system_cost(hardware_id, accelerator_count, in, catalogue, data);
    if (!base_system) return base_system.error();
    auto base_tokens = token_cost(*base_system, t);
    if (!base_tokens) return base_tokens.error();

    Sensitivity s;
    s.hardware_id = hardware_id;
    s.accelerator_count = accelerator_count;
    s.mode = base_system->economics.mode;
    s.base_usd_per_mtok_output = base_tokens->usd_per_mtok_output;

    // $/M output tokens with one economics input changed.
    auto cost_with = [&](double EconomicsInput::*member, double value) -> Result<double> {
        EconomicsInput e = in;
        e.*member = value;
        auto sys = system_cost(hardware_id, accelerator_count, e, catalogue, data);
        if (!sys) return sys.error();
        auto tok = token_cost(*sys, t);
        if (!tok) return tok.error();
        return tok->usd_per_mtok_output;
    };

    const bool rental = s.mode == CostMode::rental;
    const Assumption* first = rental ? std::begin(kRental) : std::begin(kOwned);
    const Assumption* last = rental ? std::end(kRental) : std::end(kOwned);
    for (const Assumption* a = first; a != last; ++a) {
        const auto& values = base_system->economics.values;
        auto used = values.find(a->key);
        if (used == values.end()) continue;  // not part of this mode's cost
        SensitivityRow row;
        row.key = a->key, row.label = a->label, row.unit = a->unit;
        row.base = used->second;
        const std::string origin = base_system->economics.origin.at(a->key);
        choose_range(row, *a, figure_for(a->key, hardware_id, data));
        auto lo = cost_with(a->member, row.low);
        if (!lo) return lo.error();
        auto hi = cost_with(a->member, row.high);
        if (!hi) return hi.error();
        row.usd_per_mtok_at_low = *lo, row.usd_per_mtok_at_high = *hi;
        row.swing = std::fabs(*hi - *lo);
        if (origin == "input" && row.sourced) row.range_source += " (it holds the value typed)";
        s.rows.push_back(std::move(row));
    }

    // Throughput: the performance model's uncertainty.
    {
        SensitivityRow row;
        row.key = "system_output_tok_s", row.label = "throughput (performance model)", row.unit = "tok/s";
        row.base = t.system_output_tok_s;
        row.low = row.base * (1 - kThroughputSensitivityShare);
        row.high = row.base * (1 + kThroughputSensitivityShare);
        row.range_source = "\xC2\xB1" + percent(kThroughputSensitivityShare) +
                           ": 81 % of 301 published system-throughput measurements lie within 30 % of the "
                           "performance model (w2t validate, docs/perf-model.md)";
        for (auto [value, out] : {std::pair{row.low, &row.usd_per_mtok_at_low}, {row.high, &row.usd_per_mtok_at_high}}) {
            ThroughputInput moved = t;
            moved.system_output_tok_s = value;
            auto tok = token_cost(*base_system, moved);
            if (!tok) return tok.error();
            *out = tok->usd_per_mtok_output;
        }
        row.swing = std::fabs(row.usd_per_mtok_at_high - row.usd_per_mtok_at_low);
        s.rows.push_back(std::move(row));
    }
    std::stable_sort(s.rows.begin(), s.rows.end(),
                     [](const SensitivityRow& a, const SensitivityRow& b) { return a.swing > b.swing; });
    s.notes.push_back("one assumption at a time, the others at the values used; $/M output tokens = the "
                      "system's $/hour over its output tokens per hour");
    if (rental)
        s.notes.push_back("rental: the hourly rate includes power, datacenter and operations, so only the rate "
                          "and the throughput move the cost");
    return s;
}

Result<Sensitivity> cost_sensitivity(const EstimateResult& r, const EconomicsInput& in, const Catalogue& catalogue,
                                     const EconomicsData& data) {
    return cost_sensitivity(r.input.hardware_id, r.layout.chips > 0 ? r.layout.chips : r.input.accelerator_count, in,
                            throughput_of(r), catalogue, data);
}

// [SECTION] JSON out
json to_json(const SensitivityRow& row) {
    json j = {{"key", row.key},
              {"label", row.label},
              {"unit", row.unit},
              {"base", row.base},
              {"low", row.low},
              {"high", row.high},
              {"usd_per_mtok_output_at_low", row.usd_per_mtok_at_low},
              {"usd_per_mtok_output_at_high", row.usd_per_mtok_at_high},
              {"swing_usd_per_mtok_output", row.swing},
              {"sourced", row.sourced},
              {"range_source", row.range_source}};
    if (!row.range_url.empty()) j["range_url"] = row.range_url;
    return j;
}

json to_json(const Sensitivity& s) {
    json rows = json::array();
    for (const SensitivityRow& r : s.rows) rows.push_back(to_json(r));
    return {{"hardware_id", s.hardware_id},
            {"accelerator_count", s.accelerator_count},
            {"mode", to_string(s.mode)},
            {"base_usd_per_mtok_output", s.base_usd_per_mtok_output},
            {"rows", rows},
            {"notes", s.notes}};
}

}  // namespace w2t
