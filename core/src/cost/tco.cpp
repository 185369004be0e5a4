// [SECTION] Contents
//   loading catalogue/economics.json
//   economics input from JSON
//   system cost per hour (owned, rental)
//   token cost and energy
//   JSON out
#include "w2t/cost/tco.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <tuple>

#include "w2t/validate.hpp"
#include "w2t_embedded_economics_json.hpp"  // generated from catalogue/economics.json

namespace w2t {
namespace {

using nlohmann::json;

// [SECTION] loading
constexpr const char* kQualities[] = {"official", "analyst", "third-party", "derived", "estimate", "vendor-claim"};

Result<EconomicsFigure> read_figure(const json& j, const std::string& where) {
    if (!j.is_object()) return Error{where, "expected an object with value, url, date, quality"};
    EconomicsFigure f;
    auto v = j.find("value");
    if (v == j.end() || !v->is_number()) return Error{where + ".value", "missing or not a number"};
    f.value = v->get<double>();
    if (!std::isfinite(f.value) || f.value < 0) return Error{where + ".value", "expected a finite number >= 0"};
    for (auto [key, member, required] :
         {std::tuple{"url", &EconomicsFigure::url, true}, {"date", &EconomicsFigure::date, true},
          {"quality", &EconomicsFigure::quality, true}, {"unit", &EconomicsFigure::unit, false},
          {"note", &EconomicsFigure::note, false}, {"quote", &EconomicsFigure::quote, false},
          {"row", &EconomicsFigure::row, false}, {"derivation", &EconomicsFigure::derivation, false}}) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) {
            if (required) return Error{where + "." + key, "missing"};
            continue;
        }
        if (!it->is_string()) return Error{where + "." + key, "expected a text"};
        f.*member = it->get<std::string>();
    }
    if (f.url.rfind("https://", 0) != 0 && f.url.rfind("http://", 0) != 0)
        return Error{where + ".url", "expected an http(s) URL, got '" + f.url + "'"};
    if (std::none_of(std::begin(kQualities), std::end(kQualities), [&](const char* q) { return f.quality == q; }))
        return Error{where + ".quality", "'" + f.quality + "' is not a known quality"};
    if (f.quality == "derived" && f.derivation.empty())
        return Error{where + ".derivation", "a derived figure must show its arithmetic"};
    if (auto r = j.find("range"); r != j.end() && !r->is_null()) {
        const std::string at = where + ".range";
        if (!r->is_object()) return Error{at, "expected an object with low, high, url, date, quality, note"};
        for (auto [key, member] : {std::pair{"low", &EconomicsFigure::low}, {"high", &EconomicsFigure::high}}) {
            auto v = r->find(key);
            if (v == r->end() || !v->is_number()) return Error{at + "." + key, "missing or not a number"};
            f.*member = v->get<double>();
        }
        if (!(f.low <= f.value && f.value <= f.high))
            return Error{at, "expected low <= value <= high, got " + format_number(f.low) + " <= " +
                                 format_number(f.value) + " <= " + format_number(f.high)};
        for (auto [key, member] : {std::pair{"url", &EconomicsFigure::range_url}, {"date", &EconomicsFigure::range_date},
                                   {"quality", &EconomicsFigure::range_quality}, {"note", &EconomicsFigure::range_note}}) {
            auto v = r->find(key);
            if (v == r->end() || !v->is_string()) return Error{at + "." + key, "missing or not a text"};
            f.*member = v->get<std::string>();
        }
        if (f.range_url.rfind("https://", 0) != 0 && f.range_url.rfind("http://", 0) != 0)
            return Error{at + ".url", "expected an http(s) URL, got '" + f.range_url + "'"};
        if (std::none_of(std::begin(kQualities), std::end(kQualities), [&](const char* q) { return f.range_quality == q; }))
            return Error{at + ".quality", "'" + f.range_quality + "' is not a known quality"};
    }
    return f;
}

std::optional<Error> read_figures(const json& j, const std::string& where, std::map<std::string, EconomicsFigure>& out) {
    if (!j.is_object()) return Error{where, "expected an object"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        auto f = read_figure(it.value(), where + "." + it.key());
        if (!f) return f.error();
        out[it.key()] = *f;
    }
    return std::nullopt;
}

// [SECTION] economics input
struct InputField {
    const char* key;
    double EconomicsInput::*member;
};
constexpr InputField kInputFields[] = {
    {"usd_per_accelerator_hour", &EconomicsInput::usd_per_accelerator_hour},
    {"usd_per_accelerator", &EconomicsInput::usd_per_accelerator},
    {"host_share", &EconomicsInput::host_share},
    {"depreciation_years", &EconomicsInput::depreciation_years},
    {"cost_of_capital", &EconomicsInput::cost_of_capital},
    {"operations_share_per_year", &EconomicsInput::operations_share_per_year},
    {"accelerator_power_w", &EconomicsInput::accelerator_power_w},
    {"system_power_factor", &EconomicsInput::system_power_factor},
    {"power_utilisation", &EconomicsInput::power_utilisation},
    {"pue", &EconomicsInput::pue},
    {"usd_per_kwh", &EconomicsInput::usd_per_kwh},
    {"datacenter_usd_per_mw", &EconomicsInput::datacenter_usd_per_mw},
    {"datacenter_years", &EconomicsInput::datacenter_years},
    {"power_budget_mw", &EconomicsInput::power_budget_mw},
};

// Allowed ranges: wide enough for any real system, narrow enough to catch unit slips
// (a rate typed as 8 for 8 %, a price per second, watts typed as kW).
struct Range {
    const char* key;
    double lo, hi;
    const char* unit;
    const char* hint;
};
constexpr Range kRanges[] = {
    {"usd_per_accelerator_hour", 0, 10000, "USD per accelerator-hour", ""},
    {"usd_per_accelerator", 0, 1e8, "USD", ""},
    {"host_share", 0, 10, "", "(a fraction of the accelerator price: 0.23 = 23 %)"},
    {"depreciation_years", 0.25, 30, "years", ""},
    {"cost_of_capital", 0, 1, "per year", " (a fraction: 0.08 = 8 %/year)"},
    {"operations_share_per_year", 0, 1, "per year", " (a fraction of capex: 0.05 = 5 %/year)"},
    {"accelerator_power_w", 1, 100000, "W", " (watts, not kW)"},
    {"system_power_factor", 1, 10, "", "(system W per accelerator W)"},
    {"power_utilisation", 0.01, 1, "", "(a fraction of maximum power: 0.7 = 70 %)"},
    {"pue", 1, 5, "", "(facility power / IT power)"},
    {"usd_per_kwh", 0, 10, "USD/kWh", " (dollars, not cents)"},
    {"datacenter_usd_per_mw", 0, 1e9, "USD per MW", " (dollars per MW: 10.7 million = 10700000)"},
    {"datacenter_years", 1, 100, "years", ""},
    {"power_budget_mw", 0, 1e6, "MW", ""},
};

std::optional<Error> check(const std::string& key, double value) {
    for (const Range& r : kRanges) {
        if (key != r.key) continue;
        if (!std::isfinite(value)) return Error{key, "expected a finite number"};
        if (value >= r.lo && value <= r.hi) return std::nullopt;
        return Error{key, format_number(value) + (value < 0 ? " is negative" : " is out of range") +
                              "; must be between " + format_number(r.lo) + " and " + format_number(r.hi) + " " +
                              r.unit + r.hint};
    }
    return std::nullopt;
}

// [SECTION] system cost
// Resolves one value: the input, else a per-chip override, else the default.
struct Resolver {
    const EconomicsData& data;
    const std::string& hardware_id;
    ResolvedEconomics& out;

    Result<double> get(const std::string& key, double input) {
        if (!std::isnan(input)) {
            if (auto e = check(key, input)) return *e;
            out.values[key] = input, out.origin[key] = "input";
            return input;
        }
        if (auto hw = data.hardware.find(hardware_id); hw != data.hardware.end()) {
            if (auto f = hw->second.find(key); f != hw->second.end()) {
                out.values[key] = f->second.value, out.origin[key] = "hardware default";
                return f->second.value;
            }
        }
        auto f = data.defaults.find(key);
        if (f == data.defaults.end()) return Error{key, "missing, and catalogue/economics.json has no default"};
        out.values[key] = f->second.value, out.origin[key] = "default";
        return f->second.value;
    }
};

}  // namespace

Result<EconomicsData> load_economics(std::string_view json_text) {
    json j = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (j.is_discarded()) return Error{"economics.json", "not valid JSON"};
    if (!j.is_object() || j.value("schema", "") != "w2t-economics/1")
        return Error{"economics.json.schema", "expected \"w2t-economics/1\""};
    EconomicsData d;
    if (!j.contains("defaults")) return Error{"economics.json.defaults", "missing"};
    if (auto e = read_figures(j["defaults"], "defaults", d.defaults)) return *e;
    for (const std::string& key : economics_default_keys())
        if (!d.defaults.count(key)) return Error{"defaults." + key, "missing"};
    if (j.contains("hardware")) {
        if (!j["hardware"].is_object()) return Error{"hardware", "expected an object"};
        for (auto it = j["hardware"].begin(); it != j["hardware"].end(); ++it) {
            if (auto e = read_figures(it.value(), "hardware." + it.key(), d.hardware[it.key()])) return *e;
            for (const auto& [key, f] : d.hardware[it.key()]) {
                if (!d.defaults.count(key)) return Error{"hardware." + it.key() + "." + key, "overrides no default"};
                if (auto e = check(key, f.value)) return Error{"hardware." + it.key() + "." + key, e->message};
            }
        }
    }
    if (j.contains("rental_usd_per_accelerator_hour"))
        if (auto e = read_figures(j["rental_usd_per_accelerator_hour"], "rental_usd_per_accelerator_hour",
                                  d.rental_usd_per_accelerator_hour))
            return *e;
    if (j.contains("power_budgets_mw"))
        if (auto e = read_figures(j["power_budgets_mw"], "power_budgets_mw", d.power_budgets_mw)) return *e;
    for (const auto& [key, f] : d.defaults)
        if (auto e = check(key, f.value)) return Error{"defaults." + key, e->message};
    if (j.contains("presets") && j["presets"].is_object())
        for (auto it = j["presets"].begin(); it != j["presets"].end(); ++it)
            d.presets[it.key()] = it.value().is_object() ? it.value().value("about", "") : "";
    return d;
}

const EconomicsData& builtin_economics() {
    static const EconomicsData data = [] {
        auto d = load_economics(std::string_view(reinterpret_cast<const char*>(embedded::economics_json),
                                                 embedded::economics_json_size));
        // The unit tests load the embedded file, so a bad file fails the build's tests.
        return d ? d.value() : EconomicsData{};
    }();
    return data;
}

const std::vector<std::string>& economics_default_keys() {
    static const std::vector<std::string> keys = {
        "usd_per_kwh",       "pue",          "depreciation_years", "cost_of_capital",
        "host_share",        "system_power_factor", "power_utilisation", "datacenter_usd_per_mw",
        "datacenter_years",  "operations_share_per_year", "hours_per_year"};
    return keys;
}

const char* to_string(CostMode m) { return m == CostMode::rental ? "rental" : "owned"; }

const std::vector<std::string>& economics_input_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k{"economics_preset"};
        for (const InputField& f : kInputFields) k.push_back(f.key);
        return k;
    }();
    return keys;
}

Result<EconomicsInput> economics_input_from_json(const json& j) {
    if (!j.is_object()) return Error{"", std::string("expected a JSON object, got ") + j.type_name()};
    EconomicsInput in;
    for (const InputField& f : kInputFields) {
        auto it = j.find(f.key);
        if (it == j.end() || it->is_null()) continue;
        if (!it->is_number()) return Error{f.key, std::string("expected a number, got ") + it->type_name()};
        const double v = it->get<double>();
        if (auto e = check(f.key, v)) return *e;
        in.*f.member = v;
    }
    if (auto it = j.find("economics_preset"); it != j.end() && !it->is_null()) {
        if (!it->is_string()) return Error{"economics_preset", "expected a text"};
        in.preset = it->get<std::string>();
        if (in.preset != "owned-hardware" && in.preset != "cloud-rental")
            return Error{"economics_preset", "'" + in.preset + "' is not one of owned-hardware, cloud-rental"};
    }
    return in;
}

json to_json(const EconomicsInput& in) {
    json j = json::object();
    if (!in.preset.empty()) j["economics_preset"] = in.preset;
    for (const InputField& f : kInputFields)
        if (!std::isnan(in.*f.member) && !(std::string(f.key) == "power_budget_mw" && in.*f.member == 0))
            j[f.key] = in.*f.member;
    return j;
}

double capital_recovery_factor(double rate, double years) {
    if (years <= 0) return NAN;
    if (rate <= 1e-12) return 1 / years;
    const double g = std::pow(1 + rate, years);
    return rate * g / (g - 1);
}

Result<SystemCost> system_cost(const std::string& hardware_id, int accelerator_count, const EconomicsInput& in,
                               const Catalogue& catalogue, const EconomicsData& data) {
    const Accelerator* chip = catalogue.accelerator(hardware_id);
    if (!chip) return Error{"hardware_id", catalogue.unknown_accelerator_message(hardware_id)};
    if (accelerator_count < 1 || accelerator_count > 1000000)
        return Error{"accelerator_count", std::to_string(accelerator_count) + " is out of range; must be 1 to 1000000"};
    if (!in.preset.empty() && in.preset != "owned-hardware" && in.preset != "cloud-rental")
        return Error{"economics_preset", "'" + in.preset + "' is not one of owned-hardware, cloud-rental"};
    const bool has_rate = !std::isnan(in.usd_per_accelerator_hour);
    if (has_rate && !std::isnan(in.usd_per_accelerator))
        return Error{"usd_per_accelerator_hour",
                     "give either a rental rate (usd_per_accelerator_hour) or a purchase price (usd_per_accelerator), not both"};
    if (has_rate && in.preset == "owned-hardware")
        return Error{"usd_per_accelerator_hour", "a rental rate does not go with economics_preset owned-hardware"};

    SystemCost s;
    s.hardware_id = hardware_id;
    s.accelerator_count = accelerator_count;
    ResolvedEconomics& e = s.economics;
    e.mode = has_rate || in.preset == "cloud-rental" ? CostMode::rental : CostMode::owned;
    Resolver r{data, hardware_id, e};
    const double n = accelerator_count;
    const double hours_per_year = data.defaults.count("hours_per_year") ? data.defaults.at("hours_per_year").value : 8760;

    // Power: always computed when a power figure is known (energy per token, kW).
    double power_w = in.accelerator_power_w;
    if (!std::isnan(power_w)) {
        if (auto err = check("accelerator_power_w", power_w)) return *err;
        e.values["accelerator_power_w"] = power_w, e.origin["accelerator_power_w"] = "input";
    } else if (known(chip->tdp_w)) {
        power_w = chip->tdp_w;
        e.values["accelerator_power_w"] = power_w, e.origin["accelerator_power_w"] = "catalogue";
    }
    double pue = NAN, utilisation = NAN, factor = NAN;
    if (!std::isnan(power_w)) {
        auto f = r.get("system_power_factor", in.system_power_factor);
        if (!f) return f.error();
        auto u = r.get("power_utilisation", in.power_utilisation);
        if (!u) return u.error();
        auto p = r.get("pue", in.pue);
        if (!p) return p.error();
        factor = *f, utilisation = *u, pue = *p;
        s.provisioned_it_kw = n * power_w * factor / 1e3;
        s.provisioned_facility_kw = s.provisioned_it_kw * pue;
        s.it_kw = s.provisioned_it_kw * utilisation;
        s.facility_kw = s.it_kw * pue;
    }

    HourlyCost& c = s.usd_per_hour;
    if (e.mode == CostMode::rental) {
        double rate = in.usd_per_accelerator_hour;
        if (has_rate) {
            if (auto err = check("usd_per_accelerator_hour", rate)) return *err;
            e.values["usd_per_accelerator_hour"] = rate, e.origin["usd_per_accelerator_hour"] = "input";
        } else {
            auto it = data.rental_usd_per_accelerator_hour.find(hardware_id);
            if (it == data.rental_usd_per_accelerator_hour.end()) {
                std::string known_ids;
                for (const auto& [id, f] : data.rental_usd_per_accelerator_hour)
                    known_ids += (known_ids.empty() ? "" : ", ") + id;
                return Error{"usd_per_accelerator_hour", "missing: no default rental rate for '" + hardware_id +
                                                             "' (defaults exist for " + known_ids +
                                                             "); give usd_per_accelerator_hour"};
            }
            rate = it->second.value;
            e.values["usd_per_accelerator_hour"] = rate, e.origin["usd_per_accelerator_hour"] = "rental table";
        }
        c.rental = n * rate;
        for (const char* owned_only : {"usd_per_accelerator", "host_share", "depreciation_years", "cost_of_capital",
                                       "operations_share_per_year", "datacenter_usd_per_mw", "datacenter_years",
                                       "usd_per_kwh"})
            for (const InputField& f : kInputFields)
                if (f.key == std::string(owned_only) && !std::isnan(in.*f.member))
                    e.notes.push_back(std::string(owned_only) + " is not used with a rental rate (the rate includes it)");
        if (std::isnan(power_w))
            e.notes.push_back("no power figure for " + hardware_id + " (catalogue tdp_w unknown): energy figures omitted; "
                              "give accelerator_power_w");
        e.notes.push_back("rental: the hourly rate includes power, datacenter and operations");
    } else {
        double price = in.usd_per_accelerator;
        if (!std::isnan(price)) {
            if (auto err = check("usd_per_accelerator", price)) return *err;
            e.values["usd_per_accelerator"] = price, e.origin["usd_per_accelerator"] = "input";
        } else if (known(chip->price_usd)) {
            price = chip->price_usd;
            e.values["usd_per_accelerator"] = price, e.origin["usd_per_accelerator"] = "catalogue";
        } else {
            return Error{"usd_per_accelerator", "missing: the catalogue has no price for '" + hardware_id +
                                                    "'; give usd_per_accelerator (purchase) or usd_per_accelerator_hour (rental)"};
        }
        if (std::isnan(power_w))
            return Error{"accelerator_power_w", "missing: the catalogue has no tdp_w for '" + hardware_id +
                                                    "'; give accelerator_power_w"};
        auto host = r.get("host_share", in.host_share);
        if (!host) return host.error();
        auto years = r.get("depreciation_years", in.depreciation_years);
        if (!years) return years.error();
        auto rate = r.get("cost_of_capital", in.cost_of_capital);
        if (!rate) return rate.error();
        auto ops = r.get("operations_share_per_year", in.operations_share_per_year);
        if (!ops) return ops.error();
        auto kwh = r.get("usd_per_kwh", in.usd_per_kwh);
        if (!kwh) return kwh.error();
        auto dc = r.get("datacenter_usd_per_mw", in.datacenter_usd_per_mw);
        if (!dc) return dc.error();
        auto dc_years = r.get("datacenter_years", in.datacenter_years);
        if (!dc_years) return dc_years.error();

        s.capex_usd = n * price * (1 + *host);
        c.capital = s.capex_usd * capital_recovery_factor(*rate, *years) / hours_per_year;
        c.operations = s.capex_usd * *ops / hours_per_year;
        c.power = s.facility_kw * *kwh;  // kW x 1 h = kWh
        c.datacenter = s.provisioned_it_kw / 1e3 * *dc * capital_recovery_factor(*rate, *dc_years) / hours_per_year;
    }
    c.total = c.capital + c.power + c.datacenter + c.operations + c.rental;
    return s;
}

ThroughputInput throughput_of(const EstimateResult& r) {
    ThroughputInput t;
    t.system_output_tok_s = r.system_output_tok_s;
    t.input_tokens = r.input.input_tokens;
    t.output_tokens = r.input.output_tokens;
    t.prefill_ms = r.prefill.total_ms > 0 ? r.prefill.total_ms : kUnknown;
    t.replicas = std::max(1, r.layout.replicas);
    return t;
}

Result<TokenCost> token_cost(const SystemCost& s, const ThroughputInput& t, double power_budget_mw) {
    if (!std::isfinite(t.system_output_tok_s) || t.system_output_tok_s <= 0)
        return Error{"system_output_tok_s", "must be a positive throughput (got " + format_number(t.system_output_tok_s) +
                                                "): no cost per token without tokens"};
    if (!std::isfinite(t.output_tokens) || t.output_tokens <= 0)
        return Error{"output_tokens", "must be positive to split the cost between input and output"};
    if (!std::isfinite(t.input_tokens) || t.input_tokens < 0) return Error{"input_tokens", "must be >= 0"};
    TokenCost k;
    k.usd_per_hour = s.usd_per_hour.total;
    k.system_output_tok_s = t.system_output_tok_s;
    k.system_input_tok_s = t.system_output_tok_s * t.input_tokens / t.output_tokens;
    const double output_per_hour = k.system_output_tok_s * 3600;
    const double all_per_hour = (k.system_output_tok_s + k.system_input_tok_s) * 3600;
    k.usd_per_mtok_output = k.usd_per_hour / output_per_hour * 1e6;
    k.usd_per_mtok_total = k.usd_per_hour / all_per_hour * 1e6;
    k.usd_per_mtok_input = k.usd_per_mtok_total;
    k.usd_per_1k_tokens = k.usd_per_hour / all_per_hour * 1e3;
    if (known(t.prefill_ms) && t.input_tokens > 0) {
        // Requests per second per replica x seconds of prefill each: the replicas' share of time in prefill.
        const double requests_per_s = k.system_output_tok_s / t.output_tokens / std::max(1.0, t.replicas);
        k.prefill_time_share = std::clamp(requests_per_s * t.prefill_ms / 1e3, 0.0, 1.0);
        k.usd_per_mtok_input_split = k.prefill_time_share * k.usd_per_hour / (k.system_input_tok_s * 3600) * 1e6;
        k.usd_per_mtok_output_split = (1 - k.prefill_time_share) * k.usd_per_hour / output_per_hour * 1e6;
    }
    if (known(s.facility_kw) && s.facility_kw > 0) {
        k.kw_per_system = s.facility_kw;
        k.tokens_per_joule = k.system_output_tok_s / (s.facility_kw * 1e3);
        k.total_tokens_per_joule = (k.system_output_tok_s + k.system_input_tok_s) / (s.facility_kw * 1e3);
    }
    if (power_budget_mw > 0 && known(s.provisioned_facility_kw) && s.provisioned_facility_kw > 0) {
        k.fleet_systems = std::floor(power_budget_mw * 1e3 / s.provisioned_facility_kw);
        k.fleet_output_tok_s = k.fleet_systems * k.system_output_tok_s;
        k.fleet_usd_per_hour = k.fleet_systems * k.usd_per_hour;
    }
    return k;
}

Result<CostResult> cost(const EstimateResult& r, const EconomicsInput& in, const Catalogue& catalogue,
                        const EconomicsData& data) {
    auto s = system_cost(r.input.hardware_id, r.layout.chips > 0 ? r.layout.chips : r.input.accelerator_count, in,
                         catalogue, data);
    if (!s) return s.error();
    auto t = token_cost(*s, throughput_of(r), in.power_budget_mw);
    if (!t) return t.error();
    return CostResult{*s, *t};
}

// [SECTION] JSON out
namespace {
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
}  // namespace

const std::vector<std::string>& cost_summary_keys() {
    static const std::vector<std::string> keys = {"usd_per_hour",     "usd_per_mtok_output", "usd_per_mtok_input",
                                                  "tokens_per_joule", "usd_per_1k_tokens",   "kw_per_system"};
    return keys;
}

void add_cost_summary(const CostResult& c, json& out) {
    out["usd_per_hour"] = num(c.tokens.usd_per_hour);
    out["usd_per_mtok_output"] = num(c.tokens.usd_per_mtok_output);
    out["usd_per_mtok_input"] = num(c.tokens.usd_per_mtok_input);
    out["tokens_per_joule"] = num(c.tokens.tokens_per_joule);
    out["usd_per_1k_tokens"] = num(c.tokens.usd_per_1k_tokens);
    out["kw_per_system"] = num(c.tokens.kw_per_system);
}

json to_json(const EconomicsFigure& f) {
    json j = {{"value", f.value}, {"url", f.url}, {"date", f.date}, {"quality", f.quality}};
    for (auto [key, text] : {std::pair{"unit", &f.unit}, {"note", &f.note}, {"quote", &f.quote}, {"row", &f.row},
                             {"derivation", &f.derivation}})
        if (!text->empty()) j[key] = *text;
    if (f.has_range())
        j["range"] = {{"low", f.low}, {"high", f.high}, {"url", f.range_url}, {"date", f.range_date},
                      {"quality", f.range_quality}, {"note", f.range_note}};
    return j;
}

json to_json(const EconomicsData& d) {
    auto figures = [](const std::map<std::string, EconomicsFigure>& m) {
        json j = json::object();
        for (const auto& [k, f] : m) j[k] = to_json(f);
        return j;
    };
    json hw = json::object();
    for (const auto& [id, m] : d.hardware) hw[id] = figures(m);
    return {{"schema", "w2t-economics/1"}, {"defaults", figures(d.defaults)}, {"hardware", hw},
            {"rental_usd_per_accelerator_hour", figures(d.rental_usd_per_accelerator_hour)},
            {"power_budgets_mw", figures(d.power_budgets_mw)}, {"presets", d.presets}};
}

json to_json(const SystemCost& s) {
    const HourlyCost& c = s.usd_per_hour;
    json used = json::object();
    for (const auto& [k, v] : s.economics.values) used[k] = {{"value", v}, {"origin", s.economics.origin.at(k)}};
    json breakdown = s.economics.mode == CostMode::rental
                         ? json{{"rental", c.rental}}
                         : json{{"capital", c.capital}, {"power", c.power}, {"datacenter", c.datacenter},
                                {"operations", c.operations}};
    return {{"hardware_id", s.hardware_id},
            {"accelerator_count", s.accelerator_count},
            {"mode", to_string(s.economics.mode)},
            {"usd_per_hour", c.total},
            {"usd_per_hour_breakdown", breakdown},
            {"usd_per_accelerator_hour", c.total / s.accelerator_count},
            {"capex_usd", s.economics.mode == CostMode::owned ? json(s.capex_usd) : json(nullptr)},
            {"it_kw", num(s.it_kw)},
            {"facility_kw", num(s.facility_kw)},
            {"provisioned_it_kw", num(s.provisioned_it_kw)},
            {"provisioned_facility_kw", num(s.provisioned_facility_kw)},
            {"economics_used", used},
            {"notes", s.economics.notes}};
}

json to_json(const CostResult& c) {
    json j = json::object();
    add_cost_summary(c, j);
    const TokenCost& t = c.tokens;
    j["usd_per_mtok_total"] = num(t.usd_per_mtok_total);
    j["total_tokens_per_joule"] = num(t.total_tokens_per_joule);
    j["split_by_compute_time"] = {{"prefill_time_share", num(t.prefill_time_share)},
                                  {"usd_per_mtok_input", num(t.usd_per_mtok_input_split)},
                                  {"usd_per_mtok_output", num(t.usd_per_mtok_output_split)}};
    j["system"] = to_json(c.system);
    if (known(t.fleet_systems))
        j["fleet"] = {{"systems", t.fleet_systems}, {"output_tok_s", t.fleet_output_tok_s},
                      {"usd_per_hour", t.fleet_usd_per_hour}};
    return j;
}

}  // namespace w2t
