// [SECTION] Contents
//   inputs: validation and the JSON contract
//   update: recompute on change, keep the last good results
//   drawing: inputs, headline, wafer map with defects, waterfall, yield curves,
//            capacity timeline with bands, fleet chain, claims table
//   draw_supply_panel()
#include "panel_supply.hpp"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "palette.hpp"
#include "panel_sources.hpp"  // open_url
#include "view_layout.hpp"
#include "widget_rects.hpp"
#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/supply/wafer_scale.hpp"
#include "w2t/supply/yield.hpp"

namespace w2t::web {
namespace {

using nlohmann::json;

const ImVec4 kErrorColour{1.0f, 0.42f, 0.38f, 1.0f};
const ImVec4 kMutedColour{0.62f, 0.65f, 0.70f, 1.0f};
const ImVec4 kLinkColour{0.45f, 0.70f, 0.95f, 1.0f};
constexpr ImU32 kModelColours[5] = {IM_COL32(220, 110, 90, 255), IM_COL32(41, 170, 152, 255),
                                    IM_COL32(70, 130, 200, 255), IM_COL32(200, 160, 60, 255),
                                    IM_COL32(150, 130, 230, 255)};
constexpr ImU32 kStepColours[5] = {IM_COL32(41, 170, 152, 255), IM_COL32(70, 130, 200, 255),
                                   IM_COL32(200, 160, 60, 255), IM_COL32(150, 130, 230, 255),
                                   IM_COL32(220, 110, 90, 255)};
constexpr ImU32 kStreetColour = IM_COL32(230, 140, 60, 255);
constexpr ImU32 kDefectColour = IM_COL32(255, 236, 90, 255);
constexpr ImU32 kCapacityColour = IM_COL32(41, 170, 152, 255);
constexpr ImU32 kDemandColour = IM_COL32(230, 140, 60, 255);
constexpr palette::Rgb kKilledRgb = palette::killed_die;

constexpr supply::YieldModel kModels[] = {supply::YieldModel::poisson, supply::YieldModel::murphy,
                                          supply::YieldModel::seeds, supply::YieldModel::bose_einstein,
                                          supply::YieldModel::negative_binomial};
constexpr const char* kBands[] = {"low", "base", "high"};
constexpr Precision kPrecisions[] = {Precision::fp16, Precision::bf16, Precision::fp8,  Precision::fp4,
                                     Precision::int8, Precision::int4, Precision::q4_0, Precision::q8_0};
constexpr Scenario kScenarios[] = {Scenario::offline, Scenario::server, Scenario::interactive,
                                   Scenario::single_stream, Scenario::fixed_batch};
constexpr int kMaxDefectDots = 6000;  // more would cost frames, not information

// [SECTION] inputs: validation and the JSON contract
struct NumberKey {
    const char* key;
    double SupplyInputs::*member;
    double min, max;
    const char* what;
};
const NumberKey kNumbers[] = {
    {"die_area_mm2", &SupplyInputs::die_area_mm2, 4.0, 90000.0, "the die area in mm2 (4 to 90,000)"},
    {"die_aspect", &SupplyInputs::die_aspect, 0.25, 4.0, "the die's width / height (0.25 to 4)"},
    {"d0_per_cm2", &SupplyInputs::d0_per_cm2, 0.0, supply::YieldLimits::max_d0_per_cm2,
     "killer defects per cm2 (0 to 10)"},
    {"alpha", &SupplyInputs::alpha, 0.05, 1000.0, "the negative-binomial clustering parameter (0.05 to 1000)"},
    {"wafer_usd", &SupplyInputs::wafer_usd, supply::DieCostLimits::min_wafer_usd, supply::DieCostLimits::max_wafer_usd,
     "USD per processed wafer (1 to 1,000,000)"},
    {"hbm_usd", &SupplyInputs::hbm_usd, 0.0, 1e6, "USD of HBM per package (0 to 1,000,000)"},
    {"packaging_usd", &SupplyInputs::packaging_usd, 0.0, 1e6, "USD of interposer / CoWoS packaging (0 to 1,000,000)"},
    {"test_assembly_usd", &SupplyInputs::test_assembly_usd, 0.0, 1e6, "USD of test and assembly (0 to 1,000,000)"},
    {"package_yield", &SupplyInputs::package_yield, 0.01, 1.0, "the share of packages passing final test (0.01 to 1)"},
    {"street_usd", &SupplyInputs::street_usd, 0.0, 1e7, "the street price in USD (0: none; up to 10,000,000)"},
    {"uncore_share", &SupplyInputs::uncore_share, 0.0, 1.0, "the share of the die outside the units (0 to 1)"},
    {"ws_core_area_mm2", &SupplyInputs::ws_core_area_mm2, 0.0001, supply::HarvestLimits::max_core_area_mm2,
     "one wafer-scale core's area in mm2 (0.0001 to 1000)"},
};
struct IntKey {
    const char* key;
    int SupplyInputs::*member;
    int min, max;
};
const IntKey kInts[] = {
    {"critical_layers", &SupplyInputs::critical_layers, 1, supply::YieldLimits::max_critical_layers},
    {"logic_dies", &SupplyInputs::logic_dies, 1, supply::PackageCostLimits::max_logic_dies},
    {"year", &SupplyInputs::year, supply::kFirstYear, supply::kLastYear},
    {"defect_seed", &SupplyInputs::defect_seed, 0, 1000000000},
    {"units", &SupplyInputs::units, 1, static_cast<int>(supply::HarvestLimits::max_units)},
    {"required_units", &SupplyInputs::required_units, 0, static_cast<int>(supply::HarvestLimits::max_units)},
    {"ws_cores", &SupplyInputs::ws_cores, 1, static_cast<int>(supply::HarvestLimits::max_cores)},
    {"ws_sold_cores", &SupplyInputs::ws_sold_cores, 0, static_cast<int>(supply::HarvestLimits::max_cores)},
};
struct TextKey {
    const char* key;
    std::string SupplyInputs::*member;
};
const TextKey kTexts[] = {{"node", &SupplyInputs::node},         {"yield_model", &SupplyInputs::yield_model},
                          {"band", &SupplyInputs::band},         {"mix", &SupplyInputs::mix},
                          {"model_id", &SupplyInputs::model_id}, {"precision", &SupplyInputs::precision},
                          {"scenario", &SupplyInputs::scenario}};

// "$13,400", "$27.5k" never: sentences and labels read whole dollars with separators.
std::string usd(double v) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%.0f", std::fabs(v));
    std::string d = digits, out;
    for (size_t i = 0; i < d.size(); ++i) {
        if (i && (d.size() - i) % 3 == 0) out += ',';
        out += d[i];
    }
    return (v < 0 ? "-$" : "$") + out;
}

// "18.3 million", "83.8 billion", "950": for sentences a screen reader speaks.
std::string human(double v) {
    char b[48];
    const double a = std::fabs(v);
    if (a >= 1e12) std::snprintf(b, sizeof b, "%.3g trillion", v / 1e12);
    else if (a >= 1e9) std::snprintf(b, sizeof b, "%.3g billion", v / 1e9);
    else if (a >= 1e6) std::snprintf(b, sizeof b, "%.3g million", v / 1e6);
    else if (a >= 1e4) std::snprintf(b, sizeof b, "%.0f", v);
    else std::snprintf(b, sizeof b, "%.3g", v);
    return b;
}

std::string power(double mw) {
    char b[48];
    if (mw >= 1000) std::snprintf(b, sizeof b, "%.3g GW", mw / 1000);
    else std::snprintf(b, sizeof b, "%.3g MW", mw);
    return b;
}

std::string fmt_number(double v) {
    char b[64];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

supply::YieldParams yield_params(const SupplyInputs& in) {
    supply::YieldParams p;
    p.model = supply::parse_yield_model(in.yield_model).value_or(supply::YieldModel::murphy);
    p.d0_per_cm2 = in.d0_per_cm2;
    if (p.model == supply::YieldModel::negative_binomial) p.alpha = in.alpha;
    if (p.model == supply::YieldModel::bose_einstein) p.critical_layers = in.critical_layers;
    return p;
}

DiesPerWaferInput wafer_of(const SupplyInputs& in) {
    DiesPerWaferInput w;  // 300 mm, 3 mm edge, 0.1 mm scribe: dpw's defaults
    w.die_width_mm = std::sqrt(in.die_area_mm2 * in.die_aspect);
    w.die_height_mm = std::sqrt(in.die_area_mm2 / in.die_aspect);
    return w;
}

supply::PackageCostInput package_input(const SupplyInputs& in) {
    supply::PackageCostInput p;
    p.die.wafer = wafer_of(in);
    p.die.yield = yield_params(in);
    p.die.wafer_usd = in.wafer_usd;
    p.logic_dies = in.logic_dies;
    p.hbm_usd = in.hbm_usd;
    p.packaging_usd = in.packaging_usd;
    p.test_assembly_usd = in.test_assembly_usd;
    p.package_yield = in.package_yield;
    p.street_usd = in.street_usd;
    return p;
}

// A core error's field -> the view's key.
Error as_input_error(Error e) {
    if (e.field == "die_width_mm" || e.field == "die_height_mm") e.field = "die_area_mm2";
    if (e.field == "cores") e.field = "ws_cores";
    if (e.field == "sold_cores") e.field = "ws_sold_cores";
    if (e.field == "core_area_mm2") e.field = "ws_core_area_mm2";
    if (e.field == "hardware_id") e.field = "mix";
    return e;
}

supply::HarvestInput harvest_input(const SupplyInputs& in) {
    supply::HarvestInput h;  // die area and yield come from the package's die
    h.units = in.units;
    h.required_units = in.required_units;
    h.uncore_share = in.uncore_share;
    return h;
}

supply::WaferScaleRedundancyInput wafer_scale_input(const SupplyInputs& in) {
    return {in.ws_cores, in.ws_sold_cores, in.ws_core_area_mm2, yield_params(in)};
}

supply::FleetInput fleet_input(const SupplyInputs& in) {
    supply::FleetInput f;
    f.year = in.year;
    if (auto mix = supply::parse_mix(in.mix)) f.mix = *mix;
    f.perf.model_id = in.model_id;
    if (auto p = parse_precision(in.precision)) f.perf.precision = *p;
    if (auto s = parse_scenario(in.scenario)) f.perf.scenario = *s;
    f.perf.input_tokens = 1000;
    f.perf.output_tokens = 1000;
    f.mc.samples = 400;  // bands to ~1 %: enough for the page, and quick
    f.mc.seed = 1;
    return f;
}

double band_value(const supply::Band& b, const std::string& band) {
    return band == "low" ? b.p5 : band == "high" ? b.p95 : b.p50;
}
double range_value(const supply::Range& r, const std::string& band) {
    return band == "low" ? r.low : band == "high" ? r.high : r.base;
}

}  // namespace

std::optional<Error> validate_supply_inputs(const SupplyInputs& in) {
    for (const NumberKey& k : kNumbers) {
        const double v = in.*k.member;
        if (!std::isfinite(v) || v < k.min || v > k.max)
            return Error{k.key, fmt_number(v) + " is out of range: " + k.what};
    }
    for (const IntKey& k : kInts) {
        const int v = in.*k.member;
        if (v < k.min || v > k.max)
            return Error{k.key, std::to_string(v) + " is out of range; must be between " + std::to_string(k.min) +
                                    " and " + std::to_string(k.max)};
    }
    if (in.node != "custom" && !supply::find_node_preset(in.node)) {
        std::string known;
        for (const auto& n : supply::node_presets()) known += n.id + ", ";
        return Error{"node", "unknown node '" + in.node + "'; one of " + known + "custom"};
    }
    if (!supply::parse_yield_model(in.yield_model))
        return Error{"yield_model", "unknown model '" + in.yield_model + "'; one of " + supply::yield_model_names()};
    if (std::find(std::begin(kBands), std::end(kBands), in.band) == std::end(kBands))
        return Error{"band", "expected low, base or high"};
    auto mix = supply::parse_mix(in.mix);
    if (!mix) return Error{"mix", mix.error().message};
    for (const auto& m : *mix)
        if (!supply::builtin_supply().product(m.product))
            return Error{"mix", supply::builtin_supply().unknown_product_message(m.product)};
    if (!builtin_catalogue().model(in.model_id)) return Error{"model_id", "unknown model '" + in.model_id + "'"};
    if (auto p = parse_precision(in.precision); !p) return Error{"precision", p.error().message};
    if (auto s = parse_scenario(in.scenario); !s) return Error{"scenario", s.error().message};
    if (in.required_units > in.units)
        return Error{"required_units", std::to_string(in.required_units) + " is more than the " +
                                           std::to_string(in.units) + " units on the die"};
    if (in.ws_sold_cores > in.ws_cores)
        return Error{"ws_sold_cores", std::to_string(in.ws_sold_cores) + " is more than the " +
                                          std::to_string(in.ws_cores) + " cores on the wafer"};
    if (in.ws_cores * in.ws_core_area_mm2 > supply::HarvestLimits::max_total_core_area_mm2)
        return Error{"ws_core_area_mm2", "cores x core area is more than a 450 mm wafer"};
    const DiesPerWaferInput w = wafer_of(in);
    if (auto e = validate(w)) return as_input_error(*e);
    return std::nullopt;
}

json supply_inputs(const SupplyPanel& panel) {
    const SupplyInputs& in = panel.input;
    json j = json::object();
    for (const NumberKey& k : kNumbers) j[k.key] = in.*k.member;
    for (const IntKey& k : kInts) j[k.key] = in.*k.member;
    for (const TextKey& k : kTexts) j[k.key] = in.*k.member;
    j["show_defects"] = in.show_defects;
    j["harvest"] = in.harvest;
    return j;
}

std::optional<Error> set_supply_inputs(SupplyPanel& panel, const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    SupplyInputs next = panel.input;
    // A node sets its sourced D0 and wafer price first; explicit keys then override them.
    if (j.contains("node")) {
        if (!j["node"].is_string()) return Error{"node", "expected a text"};
        next.node = j["node"].get<std::string>();
        if (const auto* preset = supply::find_node_preset(next.node)) {
            next.d0_per_cm2 = preset->d0_per_cm2.value;
            next.wafer_usd = preset->wafer_usd.value;
        }
    }
    for (const auto& [key, value] : j.items()) {
        if (key == "node") continue;
        bool known = false;
        for (const NumberKey& k : kNumbers)
            if (key == k.key) {
                known = true;
                if (!value.is_number()) return Error{key, "expected a number"};
                next.*k.member = value.get<double>();
            }
        for (const IntKey& k : kInts)
            if (key == k.key) {
                known = true;
                if (!value.is_number() || value.get<double>() != std::floor(value.get<double>()) ||
                    std::fabs(value.get<double>()) > 2e9)
                    return Error{key, "expected a whole number"};
                next.*k.member = static_cast<int>(value.get<double>());
            }
        for (const TextKey& k : kTexts)
            if (key == k.key) {
                known = true;
                if (!value.is_string()) return Error{key, "expected a text"};
                next.*k.member = value.get<std::string>();
            }
        if (key == "show_defects" || key == "harvest") {
            known = true;
            if (!value.is_boolean()) return Error{key, "expected true or false"};
            (key == "harvest" ? next.harvest : next.show_defects) = value.get<bool>();
        }
        if (!known) return Error{key, "unknown input of the supply view"};
    }
    if (auto e = validate_supply_inputs(next)) return e;
    panel.input = next;
    return std::nullopt;
}

// [SECTION] update: recompute on change, keep the last good results
namespace {

std::vector<double> curve_areas() {  // 10 mm2 to ~46,000 mm2 (a wafer-scale die), log-spaced
    std::vector<double> a;
    for (int i = 0; i <= 60; ++i) a.push_back(10.0 * std::pow(10.0, 3.7 * i / 60.0));
    return a;
}

void compute_curves(SupplyPanel& p, const SupplyInputs& in) {
    p.curves.clear();
    const std::vector<double> areas = curve_areas();
    for (supply::YieldModel m : kModels) {
        supply::YieldParams params = yield_params(in);
        params.model = m;
        params.alpha = in.alpha;
        params.critical_layers = in.critical_layers;
        YieldCurve c;
        c.model = supply::yield_model_name(m);
        for (double a : areas) {
            c.area_mm2.push_back(a);
            c.yield.push_back(supply::yield_fraction(params, a / 100.0 * in.d0_per_cm2));
        }
        p.curves.push_back(std::move(c));
    }
}

bool same_fleet(const SupplyInputs& a, const SupplyInputs& b) {
    return a.year == b.year && a.mix == b.mix && a.model_id == b.model_id && a.precision == b.precision &&
           a.scenario == b.scenario;
}

}  // namespace

bool update_supply_panel(SupplyPanel& p) {
    bool changed = false;
    if (!p.capacity) {
        supply::CapacityInput ci;
        ci.mc.samples = 400;
        if (auto r = supply::capacity(ci, supply::builtin_supply())) p.capacity = *r;
        changed = true;
    }
    if (p.computed && *p.computed == p.input && !p.error) return changed;
    if (p.error && p.last_rejected && *p.last_rejected == p.input) return changed;
    supply::builtin_supply(), builtin_catalogue();  // parsed on first use: not part of the recompute's time
    const auto t0 = std::chrono::steady_clock::now();
    auto fail = [&](Error e) {
        p.error = std::move(e);
        p.last_rejected = p.input;
        return true;
    };
    if (auto e = validate_supply_inputs(p.input)) return fail(*e);
    const SupplyInputs in = p.input;
    std::optional<supply::HarvestResult> harvest;
    auto cost = supply::package_cost(package_input(in));
    if (!cost) return fail(as_input_error(cost.error()));
    if (in.harvest) {
        auto h = supply::harvested_package_cost(package_input(in), harvest_input(in));
        if (!h) return fail(as_input_error(h.error()));
        cost = h->cost;
        harvest = h->harvest;
    }
    auto wafer_scale = supply::wafer_scale_redundancy(wafer_scale_input(in));
    if (!wafer_scale) return fail(as_input_error(wafer_scale.error()));
    const bool die_changed = !p.computed || !p.defects || wafer_of(*p.computed) != wafer_of(in) ||
                             p.computed->d0_per_cm2 != in.d0_per_cm2 || p.computed->yield_model != in.yield_model ||
                             p.computed->alpha != in.alpha || p.computed->defect_seed != in.defect_seed;
    if (die_changed) {
        supply::DefectSampleInput d;
        d.wafer = wafer_of(in);
        d.offset_x_mm = cost->die.dies.offset_x_mm;
        d.offset_y_mm = cost->die.dies.offset_y_mm;
        d.d0_per_cm2 = in.d0_per_cm2;
        d.alpha = in.yield_model == "negative-binomial" ? in.alpha : 0.0;
        d.seed = static_cast<uint64_t>(in.defect_seed);
        auto sample = supply::sample_defects(d);
        if (!sample) return fail(as_input_error(sample.error()));
        p.defects = std::move(*sample);
        p.map_grid = p.defects->grid;
        for (size_t i = 0; i < p.map_grid.cells.size(); ++i)
            if (p.defects->killed[i]) p.map_grid.cells[i] = kKilledDie;
        ++p.map_version;
    }
    if (!p.computed || !same_fleet(*p.computed, in) || p.fleet_error) {
        auto f = supply::fleet(fleet_input(in), supply::builtin_supply(), builtin_catalogue());
        if (!f && !f.error().field.empty()) return fail(as_input_error(f.error()));
        if (f) p.fleet = *f, p.fleet_error.reset();
        else p.fleet.reset(), p.fleet_error = f.error();  // no field: a model that does not fit a product
    }
    compute_curves(p, in);
    p.cost = *cost;
    p.harvest = harvest;
    p.wafer_scale = *wafer_scale;
    p.computed = in;
    p.error.reset();
    p.last_rejected.reset();
    p.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ++p.result_version;
    return true;
}

std::string supply_summary(const SupplyPanel& p) {
    if (!p.cost || !p.computed) return p.error ? "Supply chain: " + p.error->to_string() : "Supply chain: no result yet.";
    const SupplyInputs& in = *p.computed;
    const supply::PackageCostResult& c = *p.cost;
    char s[320];
    std::snprintf(s, sizeof s,
                  "A %.0f mm\xC2\xB2 die at %.3g defects/cm\xC2\xB2 (%s) yields %.1f %%: %.1f good of %lld dies per "
                  "wafer, ",
                  in.die_area_mm2, in.d0_per_cm2, in.yield_model.c_str(), c.die.yield.yield * 100.0,
                  static_cast<double>(c.die.dies.gross_dies) * c.die.yield.yield,  // good_dies is usable ones when harvesting
                  static_cast<long long>(c.die.dies.gross_dies));
    std::string text = s;
    if (p.harvest) {
        std::snprintf(s, sizeof s, "with %d of %d units needed, %.1f %% are usable (%.1f), ", in.required_units,
                      in.units, p.harvest->harvested_yield * 100.0, c.die.good_dies);
        text += s + usd(c.die.usd_per_good_die) + " per usable die at " + usd(in.wafer_usd) + " a wafer. ";
    } else {
        text += usd(c.die.usd_per_good_die) + " per good die at " + usd(in.wafer_usd) + " a wafer. ";
    }
    text += "With HBM, packaging and test an accelerator costs about " + usd(c.estimate_usd);
    if (c.street_usd > 0) {
        std::snprintf(s, sizeof s, " (implied margin %.0f %%)", c.margin * 100.0);
        text += " against " + usd(c.street_usd) + " street" + s;
    }
    text += ". ";
    if (p.fleet) {
        std::snprintf(s, sizeof s, "In %d (%s case), CoWoS allows ", in.year, in.band.c_str());
        text += s + human(band_value(p.fleet->accelerators, in.band)) + " accelerators of that mix: " +
                power(band_value(p.fleet->power_mw, in.band)) + " of chips serving " +
                human(band_value(p.fleet->output_tok_s, in.band)) + " tokens/s of " + in.model_id + ".";
    }
    return text;
}

json supply_state_json(const SupplyPanel& p) {
    json j = {{"input", supply_inputs(p)},
              {"error", p.error ? json{{"field", p.error->field}, {"message", p.error->message}} : json(nullptr)},
              {"narrow", p.narrow},
              {"version", p.result_version},
              {"compute_ms", p.compute_ms},
              {"summary", supply_summary(p)},
              {"claims", p.claims_done ? static_cast<int>(supply::builtin_supply().claims.size()) : 0},
              {"last_opened_url", last_opened_url()}};
    if (p.cost) {
        const auto& c = *p.cost;
        j["gross_dies"] = c.die.dies.gross_dies;
        j["yield"] = c.die.yield.yield;
        j["good_dies"] = c.die.good_dies;
        j["usd_per_good_die"] = c.die.usd_per_good_die;
        j["estimate_usd"] = c.estimate_usd;
        j["margin"] = c.margin;
    }
    if (p.defects) {
        j["defects"] = p.defects->defects.size();
        j["expected_defects"] = p.defects->expected_defects;
        j["sampled_good_dies"] = p.defects->good_dies;
        j["sampled_bad_dies"] = p.defects->bad_dies;
    }
    if (p.fleet && p.computed) {
        j["accelerators"] = band_value(p.fleet->accelerators, p.computed->band);
        j["power_mw"] = band_value(p.fleet->power_mw, p.computed->band);
        j["output_tok_s"] = band_value(p.fleet->output_tok_s, p.computed->band);
    }
    j["fleet_error"] = p.fleet_error ? json(p.fleet_error->message) : json(nullptr);
    j["capacity_years"] = p.capacity ? static_cast<int>(p.capacity->years.size()) : 0;
    if (p.harvest)
        j["harvest"] = {{"plain_yield", p.harvest->plain_yield},
                        {"harvested_yield", p.harvest->harvested_yield},
                        {"yield_gain", p.harvest->yield_gain},
                        {"unit_area_mm2", p.harvest->unit_area_mm2},
                        {"expected_defective_units", p.harvest->expected_defective_units}};
    if (p.wafer_scale)
        j["wafer_scale"] = {{"wafer_survival", p.wafer_scale->wafer_survival},
                            {"expected_defective_cores", p.wafer_scale->expected_defective_cores},
                            {"expected_defects", p.wafer_scale->expected_defects},
                            {"spare_cores", p.wafer_scale->spare_cores},
                            {"area_lost_mm2", p.wafer_scale->area_lost_mm2},
                            {"plain_yield", p.wafer_scale->plain_yield}};
    return j;
}

// [SECTION] drawing
namespace {

// A tooltip that wraps at a readable width and never runs off a phone's screen.
void heading(const char* text) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

bool slider_double(const char* id, double* v, double lo, double hi, const char* format, bool log = false) {
    return ImGui::SliderScalar(id, ImGuiDataType_Double, v, &lo, &hi, format,
                               log ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
}

void error_under(const SupplyPanel& p, std::initializer_list<const char*> keys) {
    if (!p.error) return;
    for (const char* k : keys)
        if (p.error->field == k) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s", p.error->message.c_str());
            ImGui::PopStyleColor();
            return;
        }
}

void draw_inputs(SupplyPanel& p, float width) {
    const Form f{std::min(128.0f, width * 0.38f), width < 250.0f};
    SupplyInputs& in = p.input;

    ImGui::TextColored(kMutedColour, "DIE AND WAFER (300 mm, 3 mm edge, 0.1 mm scribe)");
    form_field(f, "Preset", "Fill in a sourced accelerator's die and cost components (teardown estimates).");
    if (ImGui::BeginCombo("##preset", "choose...")) {
        for (const auto& a : supply::accelerator_cost_presets())
            if (ImGui::Selectable(a.name.c_str())) {
                const auto* node = supply::find_node_preset(a.node);
                in.node = a.node;
                if (node) in.d0_per_cm2 = node->d0_per_cm2.value, in.wafer_usd = node->wafer_usd.value;
                in.die_area_mm2 = a.die_area_mm2.value;
                in.logic_dies = a.logic_dies;
                in.hbm_usd = a.hbm_usd.value;
                in.packaging_usd = a.packaging_usd.value;
                in.test_assembly_usd = a.test_assembly_usd.value;
                in.street_usd = a.street_usd.value;
            }
        ImGui::EndCombo();
    }
    note_item_rect("sup_preset");
    form_field(f, "Node", "A process node: sets its sourced defect density and wafer price (see the sources below).");
    const auto* node = supply::find_node_preset(in.node);
    if (ImGui::BeginCombo("##node", node ? node->name.c_str() : "custom")) {
        for (const auto& n : supply::node_presets())
            if (ImGui::Selectable(n.name.c_str(), n.id == in.node)) {
                in.node = n.id;
                in.d0_per_cm2 = n.d0_per_cm2.value;
                in.wafer_usd = n.wafer_usd.value;
            }
        if (ImGui::Selectable("custom", in.node == "custom")) in.node = "custom";
        ImGui::EndCombo();
    }
    note_item_rect("sup_node");
    form_field(f, "Die area", "The logic die's area (the scribe lane is not part of it).");
    slider_double("##area", &in.die_area_mm2, 20.0, 46225.0, "%.0f mm\xC2\xB2", true);
    note_item_rect("sup_die_area");
    error_under(p, {"die_area_mm2"});
    form_field(f, "Width/height", "The die's aspect ratio; 0.79 is the 26 x 33 mm reticle field's.");
    slider_double("##aspect", &in.die_aspect, 0.25, 4.0, "%.2f", true);
    note_item_rect("sup_aspect");
    form_field(f, "D0", "Killer defects per cm2 (TSMC N7 0.09 three quarters into volume; N5 0.10-0.11 early).");
    if (slider_double("##d0", &in.d0_per_cm2, 0.0, 1.0, "%.3f /cm\xC2\xB2")) in.node = "custom";
    note_item_rect("sup_d0");
    error_under(p, {"d0_per_cm2"});
    form_field(f, "Yield model", "How defects turn into yield (the chart below shows all five).");
    if (ImGui::BeginCombo("##model", in.yield_model.c_str())) {
        for (auto m : kModels)
            if (ImGui::Selectable(supply::yield_model_name(m), in.yield_model == supply::yield_model_name(m)))
                in.yield_model = supply::yield_model_name(m);
        ImGui::EndCombo();
    }
    note_item_rect("sup_yield_model");
    form_field(f, "Alpha", "Negative-binomial clustering: small = clustered defects. Your choice: no sourced value.");
    slider_double("##alpha", &in.alpha, 0.1, 50.0, "%.2f", true);
    note_item_rect("sup_alpha");
    form_field(f, "Critical layers", "Bose-Einstein: layers that each see D0. Your choice: no sourced value.");
    ImGui::SliderInt("##layers", &in.critical_layers, 1, 30);
    note_item_rect("sup_layers");
    form_field(f, "Wafer price", "USD per processed logic wafer (leaks and estimates; prices vary by customer).");
    if (slider_double("##wafer", &in.wafer_usd, 1000.0, 50000.0, "$%.0f")) in.node = "custom";
    note_item_rect("sup_wafer_usd");
    form_field(f, "Defect seed", "Which sampled wafer the map shows (the same seed, the same wafer).");
    ImGui::InputInt("##seed", &in.defect_seed, 1, 10);
    in.defect_seed = std::clamp(in.defect_seed, 0, 1000000000);
    note_item_rect("sup_seed");
    ImGui::Checkbox("Show sampled defects", &in.show_defects);

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "HARVESTING (units fused off)");
    ImGui::Checkbox("Sell dies with defective units fused off", &in.harvest);
    note_item_rect("sup_harvest");
    form_field(f, "Units", "Identical units on the die (GH100: 144 SMs).");
    ImGui::SliderInt("##units", &in.units, 1, 1000, "%d", ImGuiSliderFlags_Logarithmic);
    note_item_rect("sup_units");
    form_field(f, "Required", "Units the part as sold needs (H100 SXM5: 132 of 144).");
    ImGui::SliderInt("##required", &in.required_units, 0, std::max(1, in.units));
    note_item_rect("sup_required_units");
    error_under(p, {"units", "required_units"});
    form_field(f, "Uncore share", "Share of the die outside the units (I/O, memory controllers, crossbar): one "
                             "defect there kills the die. Your choice: no sourced value.");
    slider_double("##uncore", &in.uncore_share, 0.0, 1.0, "%.2f");
    note_item_rect("sup_uncore_share");

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "WAFER-SCALE (spare cores)");  // at the D0 and model above (the block says so)
    form_field(f, "Cores", "Physical cores on the wafer-scale die (WSE-3: ~970,000, Cerebras).");
    ImGui::SliderInt("##ws_cores", &in.ws_cores, 1000, 2000000, "%d", ImGuiSliderFlags_Logarithmic);
    note_item_rect("sup_ws_cores");
    form_field(f, "Sold cores", "Cores the product enables (WSE-3: 900,000).");
    ImGui::SliderInt("##ws_sold", &in.ws_sold_cores, 0, std::max(1, in.ws_cores));
    note_item_rect("sup_ws_sold_cores");
    form_field(f, "Core area", "One core's area (WSE-3: ~0.05 mm2, Cerebras).");
    slider_double("##ws_area", &in.ws_core_area_mm2, 0.001, 10.0, "%.3f mm\xC2\xB2", true);
    note_item_rect("sup_ws_core_area");
    error_under(p, {"ws_cores", "ws_sold_cores", "ws_core_area_mm2"});

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "PACKAGE (per accelerator)");
    form_field(f, "Logic dies", "Logic dies per package (B200: 2).");
    ImGui::SliderInt("##dies", &in.logic_dies, 1, 8);
    note_item_rect("sup_logic_dies");
    form_field(f, "HBM", "All HBM stacks of one package, USD (H100: ~$1,350, Stratrix).");
    slider_double("##hbm", &in.hbm_usd, 0.0, 10000.0, "$%.0f");
    note_item_rect("sup_hbm");
    form_field(f, "CoWoS", "Interposer / CoWoS packaging per package, USD (H100: ~$750).");
    slider_double("##pkg", &in.packaging_usd, 0.0, 5000.0, "$%.0f");
    note_item_rect("sup_packaging");
    form_field(f, "Test, assembly", "Final test and assembly per package, USD (H100: ~$920).");
    slider_double("##test", &in.test_assembly_usd, 0.0, 5000.0, "$%.0f");
    note_item_rect("sup_test");
    form_field(f, "Test yield", "Share of packages passing final test. 1: none lost (no sourced figure).");
    slider_double("##pyield", &in.package_yield, 0.5, 1.0, "%.3f");
    note_item_rect("sup_package_yield");
    form_field(f, "Street price", "What a buyer pays, USD (H100 2023: $25,000-30,000). 0: none.");
    slider_double("##street", &in.street_usd, 0.0, 100000.0, "$%.0f");
    note_item_rect("sup_street");

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "CAPACITY AND FLEET");
    form_field(f, "Year", "The production year: that year's CoWoS wafers (a ramp from the previous year-end).");
    ImGui::SliderInt("##year", &in.year, supply::kFirstYear, supply::kLastYear);
    note_item_rect("sup_year");
    form_field(f, "Case", "Which end of every range the headline reads: low (p5), base (p50), high (p95).");
    for (int i = 0; i < 3; ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::RadioButton(kBands[i], in.band == kBands[i])) in.band = kBands[i];
    }
    form_field(f, "Product mix", "Shares of the year's CoWoS wafers, e.g. b200:0.6,mi300x:0.4 (sum <= 1).");
    char mix[256];
    std::snprintf(mix, sizeof mix, "%s", in.mix.c_str());
    if (ImGui::InputText("##mix", mix, sizeof mix)) in.mix = mix;
    note_item_rect("sup_mix");
    error_under(p, {"mix", "year"});
    form_field(f, "Serving", "The model every accelerator of the fleet serves.");
    const ModelArch* model = builtin_catalogue().model(in.model_id);
    if (ImGui::BeginCombo("##served", model ? model->name.c_str() : in.model_id.c_str())) {
        for (const ModelArch& m : builtin_catalogue().models)
            if (ImGui::Selectable(m.name.c_str(), m.id == in.model_id)) in.model_id = m.id;
        ImGui::EndCombo();
    }
    note_item_rect("sup_model");
    error_under(p, {"model_id"});
    form_field(f, "Precision", "Weight precision for the fleet's estimate.");
    if (ImGui::BeginCombo("##precision", in.precision.c_str())) {
        for (Precision pr : kPrecisions)
            if (ImGui::Selectable(to_string(pr), in.precision == to_string(pr))) in.precision = to_string(pr);
        ImGui::EndCombo();
    }
    form_field(f, "Scenario", "offline: maximum throughput; the others within latency limits or one request.");
    if (ImGui::BeginCombo("##scenario", in.scenario.c_str())) {
        for (Scenario s : kScenarios)
            if (ImGui::Selectable(to_string(s), in.scenario == to_string(s))) in.scenario = to_string(s);
        ImGui::EndCombo();
    }
    if (p.error) {
        static const char* const kShown[] = {"die_area_mm2", "d0_per_cm2", "mix", "year", "model_id", "units",
                                             "required_units", "ws_cores", "ws_sold_cores", "ws_core_area_mm2"};
        bool shown = false;
        for (const char* k : kShown) shown = shown || p.error->field == k;
        if (!shown) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s", p.error->to_string().c_str());
            ImGui::PopStyleColor();
        }
    }
}

void metric(const char* name, const std::string& value, const char* help) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kMutedColour, "%s", name);
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(value.c_str());
}

void draw_headline(const SupplyPanel& p, float width) {
    const auto& c = *p.cost;
    if (p.error) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("The current input cannot be computed (%s); showing the last valid one.",
                           p.error->to_string().c_str());
        ImGui::PopStyleColor();
    }
    const int pairs = width >= 560.0f ? 2 : 1;
    char b[64];
    if (ImGui::BeginTable("sup_results", pairs * 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        metric("Gross dies", std::to_string(c.die.dies.gross_dies), "Whole dies on the wafer (exact, as w2t dpw).");
        std::snprintf(b, sizeof b, "%.1f %%", c.die.yield.yield * 100.0);
        metric("Die yield", b, "Share of dies without a killer defect (the chosen model).");
        if (p.harvest) {
            std::snprintf(b, sizeof b, "%.1f %% (%.2fx)", p.harvest->harvested_yield * 100.0, p.harvest->yield_gain);
            metric("Usable yield", b, "Uncore clean and at least the required units clean (harvesting).");
            std::snprintf(b, sizeof b, "%.1f", c.die.good_dies);
            metric("Usable dies", b, "Gross dies x usable yield (expected).");
            metric("Per usable die", usd(c.die.usd_per_good_die), "Wafer price / usable dies.");
        } else {
            std::snprintf(b, sizeof b, "%.1f", c.die.good_dies);
            metric("Good dies", b, "Gross dies x yield (expected).");
            metric("Per good die", usd(c.die.usd_per_good_die), "Wafer price / good dies (no harvesting).");
        }
        metric("Accelerator", usd(c.estimate_usd), "Logic dies + HBM + packaging + test, over the test yield.");
        if (c.street_usd > 0) {
            std::snprintf(b, sizeof b, "%.0f %% (%.1fx)", c.margin * 100.0, c.markup);
            metric("Implied margin", b, "1 - estimate / street price (and street / estimate).");
        }
        ImGui::EndTable();
    }
    char line[160];
    std::snprintf(line, sizeof line, "Recomputed in %.2f ms.", p.compute_ms);
    muted_wrapped(supply_summary(p) + " " + line);
}

void draw_map(SupplyPanel& p, const MapPainter& painter, float side_max) {
    if (!p.defects || !p.computed) return;
    const auto& d = *p.defects;
    const DiesPerWaferInput w = wafer_of(*p.computed);
    char title[200];
    std::snprintf(title, sizeof title, "WAFER MAP, seed %d: %zu defects sampled (mean %.0f), %lld of %lld whole dies hit",
                  p.computed->defect_seed, d.defects.size(), d.expected_defects, static_cast<long long>(d.bad_dies),
                  static_cast<long long>(d.whole_dies));
    heading(title);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float side = std::max(64.0f, std::min(avail, side_max));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 origin(p0.x + (avail - side) * 0.5f, p0.y);
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("sup_wafer_map", ImVec2(side, side));
    note_item_rect("sup_wafer_map");
    const float view_mm = static_cast<float>(w.wafer_diameter_mm * 1.04);
    const float mm_per_px = view_mm / side;
    WaferMapParams params{};
    params.x0 = origin.x;
    params.y0 = origin.y;
    params.x1 = origin.x + side;
    params.y1 = origin.y + side;
    params.view_mm = view_mm;
    params.wafer_radius_mm = static_cast<float>(w.wafer_diameter_mm / 2.0);
    params.usable_radius_mm = static_cast<float>(w.wafer_diameter_mm / 2.0 - w.edge_exclusion_mm);
    params.die_w_mm = static_cast<float>(w.die_width_mm);
    params.die_h_mm = static_cast<float>(w.die_height_mm);
    params.pitch_x_mm = static_cast<float>(w.die_width_mm + w.scribe_mm);
    params.pitch_y_mm = static_cast<float>(w.die_height_mm + w.scribe_mm);
    params.offset_x_mm = static_cast<float>(p.cost->die.dies.offset_x_mm);
    params.offset_y_mm = static_cast<float>(p.cost->die.dies.offset_y_mm);
    params.hover_x_mm = params.hover_y_mm = 1e9f;
    params.grid = p.computed->show_defects ? &p.map_grid : &p.defects->grid;
    params.grid_version = p.map_version * 2 + (p.computed->show_defects ? 1 : 0);
    const float cx = origin.x + side * 0.5f, cy = origin.y + side * 0.5f;
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        params.hover_x_mm = (m.x - cx) * mm_per_px;
        params.hover_y_mm = (cy - m.y) * mm_per_px;
    }
    ImDrawList* list = ImGui::GetWindowDrawList();
    if (painter.paint) painter.paint(list, params);
    if (p.computed->show_defects) {
        const float r = std::max(1.5f, std::min(3.0f, side / 220.0f));
        int drawn = 0;
        for (const auto& def : d.defects) {
            if (++drawn > kMaxDefectDots) break;
            const ImVec2 at(cx + static_cast<float>(def.x_mm / mm_per_px), cy - static_cast<float>(def.y_mm / mm_per_px));
            list->AddCircleFilled(at, r, def.on_die ? kDefectColour : IM_COL32(255, 236, 90, 110));
            list->AddCircle(at, r + 0.5f, IM_COL32(30, 30, 30, def.on_die ? 200 : 90), 10, 1.0f);  // visible on any die colour
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + side + 4.0f));
    std::vector<chart::LegendItem> legend = {{"good die", palette::whole_die.imgui()},
                                             {"killed by a defect", kKilledRgb.imgui()},
                                             {"partial die", palette::partial_die.imgui()},
                                             {"defect", kDefectColour}};
    if (!p.computed->show_defects) legend = {legend[0], legend[2]};
    chart::legend(legend);
    std::snprintf(title, sizeof title,
                  "Sampled: %lld good of %lld (%.1f %%); the %s model expects %.1f %%. Poisson count, uniform "
                  "positions%s.",
                  static_cast<long long>(d.good_dies), static_cast<long long>(d.whole_dies),
                  d.whole_dies ? 100.0 * d.good_dies / d.whole_dies : 0.0, p.computed->yield_model.c_str(),
                  p.cost->die.yield.yield * 100.0,
                  p.computed->yield_model == "negative-binomial" ? ", clustered per die site (gamma, alpha)" : "");
    muted_wrapped(title);
}

// Beyond the reticle: a wafer-scale die is a grid of stitched fields; the geometry
// checks the sourced WSE figures (w2t/supply/wafer_scale.hpp).
void draw_wafer_scale(const SupplyPanel& p) {
    heading("WAFER-SCALE DIE: stitched reticle fields (Cerebras WSE)");
    static const auto grid = supply::wafer_scale_die({});
    supply::WaferScaleInput square_in;
    square_in.field_width_mm = square_in.field_height_mm = 215.0;
    square_in.cols = square_in.rows = 1;
    static const auto square = supply::wafer_scale_die(square_in);
    square_in.edge_exclusion_mm = 0.0;
    static const auto bare = supply::wafer_scale_die(square_in);
    if (!grid || !square || !bare) return;
    char b[1024];
    std::snprintf(b, sizeof b,
                  "One exposure covers at most a 26 x 33 mm reticle field, so a wafer-scale die is a grid of fields "
                  "wired together across the scribe lines. 12 x 7 fields of 17 x 30 mm (a third-party "
                  "reconstruction of WSE-3) make %.0f x %.0f mm = %s mm\xC2\xB2; its corners sit %.1f mm from the "
                  "centre, inside the %.0f mm usable radius, so all %d fields are whole. A plain 215 x 215 mm square "
                  "(the quoted 46,225 mm\xC2\xB2) reaches %.1f mm: off a 300 mm wafer, whose largest square is "
                  "%.1f mm (%s mm\xC2\xB2). So the 215 mm figure cannot be a plain square on one wafer; the sources "
                  "do not say how its corners are cut.",
                  grid->width_mm, grid->height_mm, chart::format_exact(grid->area_mm2, "").c_str(),
                  grid->corner_radius_mm, supply::WaferScaleInput{}.wafer_diameter_mm / 2 - supply::WaferScaleInput{}.edge_exclusion_mm, grid->fields_inside, square->corner_radius_mm,
                  bare->largest_square_side_mm, chart::format_exact(bare->largest_square_area_mm2, "").c_str());
    ImGui::TextWrapped("%s", b);
    if (p.wafer_scale && p.computed) {
        // Its own yield story: spare cores and a fabric that routes around defective ones.
        const auto& w = *p.wafer_scale;
        const SupplyInputs& in = *p.computed;
        std::snprintf(b, sizeof b,
                      "Redundancy: %s cores of %.3g mm\xC2\xB2 (%s mm\xC2\xB2), %s sold, %s spare (%.1f %%). At "
                      "%.3g defects/cm\xC2\xB2 (%s) a wafer expects %.1f killer defects, costing %.1f cores "
                      "(%.0f mm\xC2\xB2, %.4f %% of the cores, %.2f %% of the spares); %.6g %% of wafers keep "
                      "at least %s cores. The same area with no spares would yield %.3g %%. The fabric is assumed "
                      "to route around every defective core, as Cerebras describes it.",
                      chart::format_exact(static_cast<double>(in.ws_cores), "").c_str(), in.ws_core_area_mm2,
                      chart::format_exact(std::round(w.cores_area_mm2), "").c_str(),
                      chart::format_exact(static_cast<double>(in.ws_sold_cores), "").c_str(),
                      chart::format_exact(static_cast<double>(w.spare_cores), "").c_str(), w.spare_share * 100.0,
                      in.d0_per_cm2, in.yield_model.c_str(), w.expected_defects, w.expected_defective_cores,
                      w.area_lost_mm2, w.defective_core_share * 100.0, w.spares_used_share * 100.0,
                      w.wafer_survival * 100.0, chart::format_exact(static_cast<double>(in.ws_sold_cores), "").c_str(),
                      w.plain_yield * 100.0);
        ImGui::TextWrapped("%s", b);
        note_item_rect("sup_wafer_scale_redundancy");
    }
    std::vector<supply::WaferScaleSource> sources = supply::wafer_scale_sources();
    for (const auto& src : supply::harvest_sources()) sources.push_back(src);
    for (const auto& src : sources) {
        ImGui::Bullet();
        ImGui::PushStyleColor(ImGuiCol_Text, kLinkColour);
        ImGui::TextWrapped("%s: %s (%s, %s)", src.figure.c_str(), src.title.c_str(), src.date.c_str(),
                           src.quality.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            wrapped_tooltip(src.url);
        }
        if (ImGui::IsItemClicked()) open_url(src.url);
    }
}

void draw_waterfall(const SupplyPanel& p) {
    const auto& c = *p.cost;
    heading("COST OF ONE ACCELERATOR (USD): wafer -> good die -> package");
    char b[200];
    const char* kind = p.harvest ? "usable" : "good";
    std::snprintf(b, sizeof b, "Wafer %s / %.1f %s dies = %s per %s die", usd(p.computed->wafer_usd).c_str(),
                  c.die.good_dies, kind, usd(c.die.usd_per_good_die).c_str(), kind);
    ImGui::TextUnformatted(b);
    std::vector<chart::WaterfallStep> steps;
    for (size_t i = 0; i < c.steps.size(); ++i) {
        if (c.steps[i].name == "test yield loss" && c.steps[i].usd <= 0) continue;
        const std::string label =
            i == 0 ? std::string(kind) + " die x" + std::to_string(p.computed->logic_dies) : "+ " + c.steps[i].name;
        steps.push_back({label, c.steps[i].usd, false, kStepColours[i % 5], "+" + usd(c.steps[i].usd)});
    }
    steps.push_back({"= estimate", c.estimate_usd, true, ImGui::GetColorU32(ImGuiCol_Text, 0.55f), usd(c.estimate_usd)});
    if (c.street_usd > 0) steps.push_back({"street price", c.street_usd, true, kStreetColour, usd(c.street_usd)});
    ImGui::BeginGroup();
    chart::waterfall("sup_waterfall", steps, "USD");
    ImGui::EndGroup();
    note_item_rect("sup_waterfall");
    if (c.street_usd > 0) {
        std::snprintf(b, sizeof b, "Implied gross margin %.0f %%: street %s over an estimated cost of %s (%.1fx).",
                      c.margin * 100.0, usd(c.street_usd).c_str(), usd(c.estimate_usd).c_str(), c.markup);
        muted_wrapped(b);
    }
}

void draw_yield_curves(const SupplyPanel& p, float height) {
    char title[160];
    std::snprintf(title, sizeof title, "YIELD VS DIE AREA at D0 = %.3g /cm\xC2\xB2 (alpha %.3g, %d critical layers)",
                  p.computed->d0_per_cm2, p.computed->alpha, p.computed->critical_layers);
    heading(title);
    std::vector<chart::Series> series;
    for (size_t i = 0; i < p.curves.size(); ++i) {
        chart::Series s;
        s.name = p.curves[i].model;
        s.colour = kModelColours[i % 5];
        s.x = p.curves[i].area_mm2;
        for (double y : p.curves[i].yield) s.y.push_back(y * 100.0);
        s.marker_radius = 0.0f;
        series.push_back(std::move(s));
    }
    chart::Series now;
    now.name = "this die";
    now.colour = ImGui::GetColorU32(ImGuiCol_Text);  // stands out on the light and the dark theme
    now.line = false;
    now.marker_radius = 5.0f;
    now.x = {p.computed->die_area_mm2};
    now.y = {p.cost->die.yield.yield * 100.0};
    series.push_back(std::move(now));
    ImGui::BeginGroup();
    chart::line_plot("sup_yield_curves", height, {"die area", "mm\xC2\xB2", true}, {"yield", "%", false, 0.0, 100.0}, series);
    ImGui::EndGroup();
    note_item_rect("sup_yield_curves");
}

void draw_capacity(const SupplyPanel& p, float height) {
    if (!p.capacity) return;
    heading("TSMC CoWoS CAPACITY, year-end wafers a month: sourced low-high band, base line; demand (estimate)");
    chart::Series cap;
    cap.name = "CoWoS capacity (low-base-high)";
    cap.colour = kCapacityColour;
    for (const auto& y : p.capacity->years) {
        cap.x.push_back(y.year);
        cap.y.push_back(y.wafers_per_month_range.base);
        cap.y_lo.push_back(y.wafers_per_month_range.low);
        cap.y_hi.push_back(y.wafers_per_month_range.high);
    }
    std::vector<chart::Series> series{cap};
    if (const auto* demand = supply::builtin_supply().find_series(supply::kCowosDemandSeries)) {
        chart::Series d;
        d.name = "demand (wafers a year / 12)";
        d.colour = kDemandColour;
        for (const auto& y : demand->years) {
            d.x.push_back(y.year);
            d.y.push_back(y.value.range.base / 12.0);
            d.y_lo.push_back(y.value.range.low / 12.0);
            d.y_hi.push_back(y.value.range.high / 12.0);
        }
        series.push_back(std::move(d));
    }
    chart::Series year;
    year.name = "chosen year";
    year.colour = ImGui::GetColorU32(ImGuiCol_Text);
    year.line = false;
    year.marker_radius = 5.0f;
    if (const auto* y = supply::builtin_supply().find_series(supply::kCowosSeries)->at(p.computed->year)) {
        year.x = {double(p.computed->year)};
        year.y = {range_value(y->value.range, p.computed->band)};
    }
    series.push_back(std::move(year));
    chart::PlotOptions options;
    options.default_tooltip = false;
    ImGui::BeginGroup();
    const chart::PlotHover h =
        chart::line_plot("sup_capacity", height, {"year", "", false, 2021.7, 2027.3, true}, {"wafers a month", "", false},
                         series, options);
    ImGui::EndGroup();
    note_item_rect("sup_capacity");
    if (h.active()) {
        const chart::Series& s = series[h.series];
        if (!s.y_lo.empty())
            ImGui::SetTooltip("%s\n%.0f: base %s, range %s - %s", s.name.c_str(), s.x[h.index],
                              chart::format_exact(s.y[h.index], "").c_str(),
                              chart::format_exact(s.y_lo[h.index], "").c_str(),
                              chart::format_exact(s.y_hi[h.index], "").c_str());
        else
            ImGui::SetTooltip("%s %.0f (%s): %s wafers a month", s.name.c_str(), s.x[h.index], p.computed->band.c_str(),
                              chart::format_exact(s.y[h.index], "").c_str());
    }
}

void draw_fleet(const SupplyPanel& p) {
    char title[200];
    std::snprintf(title, sizeof title, "FLEET %d: CoWoS wafers -> accelerators -> power -> tokens/s (%s, p5-p95)",
                  p.computed->year, p.computed->model_id.c_str());
    heading(title);
    if (p.fleet_error) {
        ImGui::TextColored(kErrorColour, "%s", p.fleet_error->to_string().c_str());
        return;
    }
    if (!p.fleet) return;
    const auto& f = *p.fleet;
    const std::string& b = p.computed->band;
    auto cell_band = [&](const supply::Band& band, const char* unit) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(chart::format_value(band_value(band, b), unit).c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("p5 %s\np50 %s\np95 %s", chart::format_exact(band.p5, unit).c_str(),
                              chart::format_exact(band.p50, unit).c_str(), chart::format_exact(band.p95, unit).c_str());
    };
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("sup_fleet", 5, flags)) {
        for (const char* h : {"product", "wafers", "chips", "MW", "tok/s"})
            ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& fp : f.products) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fp.product.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%.0f %% of the wafers; %d per system, %s, bound by %s; %.0f W each",
                                  fp.wafer_share * 100.0, fp.system_accelerators, fp.layout.c_str(),
                                  fp.bottleneck.c_str(), fp.tdp_w);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(chart::format_value(band_value(f.wafers_per_year, b) * fp.wafer_share, "").c_str());
            cell_band(fp.accelerators, "");
            cell_band(fp.power_mw, "");
            cell_band(fp.output_tok_s, "");
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted("total");
        cell_band(f.wafers_per_year, "");
        cell_band(f.accelerators, "");
        cell_band(f.power_mw, "");
        cell_band(f.output_tok_s, "");
        ImGui::EndTable();
    }
    char note[240];
    std::snprintf(note, sizeof note,
                  "One year's production, %s case; %.0f %% of the wafers left to others. Power is chip TDP only "
                  "(no hosts, network, cooling). Tokens/s assume every chip serves this model, fully used.",
                  b.c_str(), f.unallocated_share * 100.0);
    muted_wrapped(note);
}

void draw_claims(SupplyPanel& p) {
    heading("THE ARTICLE'S CLAIMS, CHECKED (click a source to open it)");
    if (!p.claims_done) {
        auto checks = supply::check_claims(supply::builtin_supply(), builtin_catalogue(), supply::McOptions{400, 1});
        if (checks) p.claim_checks = *checks;
        p.claims_done = true;
    }
    const auto& claims = supply::builtin_supply().claims;
    const bool narrow = ImGui::GetContentRegionAvail().x < 700.0f;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable("sup_claims", narrow ? 1 : 4, flags)) return;
    if (!narrow) {
        ImGui::TableSetupColumn("claim", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("verdict", ImGuiTableColumnFlags_WidthStretch, 0.45f);
        ImGui::TableSetupColumn("source", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("what the model says", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableHeadersRow();
    }
    for (size_t i = 0; i < claims.size(); ++i) {
        const auto& c = claims[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", c.claim.c_str());
        if (ImGui::IsItemHovered()) wrapped_tooltip(c.says);
        if (!narrow) ImGui::TableNextColumn();
        const ImVec4 vc = c.verdict == "supports"    ? ImVec4(0.40f, 0.80f, 0.62f, 1.0f)
                          : c.verdict == "contradicts" ? kErrorColour
                          : c.verdict == "qualifies"   ? ImVec4(0.92f, 0.75f, 0.36f, 1.0f)
                                                       : kMutedColour;
        ImGui::TextColored(vc, "%s", c.verdict.c_str());
        if (!narrow) ImGui::TableNextColumn();
        if (c.source) {
            ImGui::PushStyleColor(ImGuiCol_Text, kLinkColour);
            ImGui::TextWrapped("%s (%s, %s)", c.source->title.c_str(), c.source->date.c_str(), c.source->quality.c_str());
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) {
                ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                wrapped_tooltip(c.source->url + "\n\"" + c.source->quote + "\"");
            }
            if (ImGui::IsItemClicked()) open_url(c.source->url);
            note_item_rect("sup_claim_source_" + c.id);
        } else {
            ImGui::TextDisabled("unsourced");
        }
        if (!narrow) ImGui::TableNextColumn();
        bool any = false;
        for (const auto& check : p.claim_checks)
            if (check.id == c.id) {
                ImGui::TextWrapped("%s", check.summary.c_str());
                any = true;
            }
        if (!any) ImGui::TextDisabled("no model check");
        if (narrow) ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void draw_output(SupplyPanel& p, const MapPainter& painter, float width, float chart_h) {
    if (!p.cost || !p.computed) {
        if (p.error) ImGui::TextColored(kErrorColour, "No result: %s", p.error->to_string().c_str());
        return;
    }
    draw_headline(p, width);
    if (width >= 760.0f && ImGui::BeginTable("sup_top", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("map", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("cost", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableNextColumn();
        draw_map(p, painter, chart_h * 1.3f);
        draw_wafer_scale(p);
        ImGui::TableNextColumn();
        draw_waterfall(p);
        draw_yield_curves(p, chart_h);
        ImGui::EndTable();
    } else {
        draw_map(p, painter, std::min(width, 480.0f));
        draw_waterfall(p);
        draw_yield_curves(p, chart_h);
    }
    if (width >= 760.0f && ImGui::BeginTable("sup_mid", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        draw_capacity(p, chart_h);
        ImGui::TableNextColumn();
        draw_fleet(p);
        ImGui::EndTable();
    } else {
        draw_capacity(p, chart_h);
        draw_fleet(p);
    }
    if (width < 760.0f) draw_wafer_scale(p);
    draw_claims(p);
}

}  // namespace

// [SECTION] draw_supply_panel()
void draw_supply_panel(SupplyPanel& panel, const MapPainter& painter) {
    panel.narrow = ImGui::GetContentRegionAvail().x < 820.0f;
    update_supply_panel(panel);
    static const ViewLayout layout{
        "sup",
        "From a die on a wafer to what an accelerator costs, and from CoWoS capacity to the tokens/s a year's "
        "chips could serve. Every default is sourced (hover a name).",
        820.0f, 0.8f, 220.0f, 320.0f, 0.36f, 220.0f, 340.0f};
    draw_view_layout(
        layout, [&](float w) { draw_inputs(panel, w); }, [&] { update_supply_panel(panel); },
        [&](float w, float chart_h) { draw_output(panel, painter, w, chart_h); });
}

}  // namespace w2t::web
