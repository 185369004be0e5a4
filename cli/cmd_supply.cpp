// [SECTION] Contents
//   shared: yield options, core field -> option names
//   supply yield
//   supply cost
//   supply capacity, fleet, claims (Monte Carlo over catalogue/supply.json)
//   supply harvest, wafer-scale (units fused off; spare cores on a wafer)
//   supply: subcommand dispatch and help
//   dpw's yield outputs (--d0-per-cm2)
#include <cmath>
#include <cstdlib>
#include <string>

#include "common.hpp"
#include "w2t/dies_per_wafer.hpp"
#include "w2t/json_io.hpp"
#include "w2t/supply/capacity.hpp"
#include "w2t/supply/cost.hpp"
#include "w2t/supply/harvest.hpp"
#include "w2t/supply/yield.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli {
namespace {

using nlohmann::json;
using supply::YieldModel;
using supply::YieldParams;

// [SECTION] shared
// dpw's --yield-model when only --d0-per-cm2 is given (its --help says so):
// Murphy's model sits between poisson (uniform defects, pessimistic for big
// dies) and seeds (strongly varying D0), the usual middle ground.
constexpr YieldModel kDpwDefaultYieldModel = YieldModel::murphy;

// Core field -> the option that sets it, so errors name what the user typed.
struct FieldOption {
    const char* field;
    const char* option;
};
constexpr FieldOption kFieldOptions[] = {
    {"die_area_mm2", "--die-area-mm2"},   {"d0_per_cm2", "--d0-per-cm2"},
    {"alpha", "--alpha"},                 {"critical_layers", "--critical-layers"},
    {"wafer_usd", "--wafer-usd"},         {"die_width_mm", "--die-width-mm"},
    {"die_height_mm", "--die-height-mm"}, {"scribe_mm", "--scribe-mm"},
    {"wafer_diameter_mm", "--wafer-mm"},  {"edge_exclusion_mm", "--edge-mm"},
    {"units", "--units"},                 {"required_units", "--required-units"},
    {"uncore_share", "--uncore-share"},   {"cores", "--cores"},
    {"sold_cores", "--sold-cores"},       {"core_area_mm2", "--core-area-mm2"},
};

Error with_option_name(Error e) {
    for (const FieldOption& f : kFieldOptions)
        if (e.field == f.field) e.field = f.option;
    return e;
}

// A required or optional number option; sets `value` when given.
std::optional<Error> read_number(const ParsedArgs& args, const char* option, double& value,
                                 bool required, const char* what) {
    auto v = args.number(option);
    if (!v) {
        if (required) return Error{std::string("--") + option, std::string("is required (") + what + ")"};
        return std::nullopt;
    }
    if (!*v) return v->error();
    value = v->value();
    return std::nullopt;
}

// --d0-per-cm2, the model option (--model or dpw's --yield-model), --alpha and
// --critical-layers. Without the model option the default is used when given,
// else the option is required. alpha/critical-layers only with their model.
Result<YieldParams> yield_params_from_args(const ParsedArgs& args, const char* model_option,
                                           std::optional<YieldModel> default_model) {
    YieldParams p;
    const std::string model_flag = std::string("--") + model_option;
    if (auto name = args.get(model_option)) {
        auto m = supply::parse_yield_model(*name);
        if (!m)
            return Error{model_flag, "unknown model '" + *name + "'; one of " +
                                         supply::yield_model_names()};
        p.model = *m;
    } else if (default_model) {
        p.model = *default_model;
    } else {
        return Error{model_flag, std::string("is required: one of ") + supply::yield_model_names()};
    }
    if (auto e = read_number(args, "d0-per-cm2", p.d0_per_cm2, true,
                             "killer defects per cm2, e.g. 0.1; see --help"))
        return *e;

    const bool nb = p.model == YieldModel::negative_binomial;
    const bool be = p.model == YieldModel::bose_einstein;
    if (args.has("alpha") && !nb)
        return Error{"--alpha", "only used with " + model_flag + " negative-binomial"};
    if (args.has("critical-layers") && !be)
        return Error{"--critical-layers", "only used with " + model_flag + " bose-einstein"};
    if (nb) {
        if (auto e = read_number(args, "alpha", p.alpha, true,
                                 "the negative-binomial clustering parameter, > 0"))
            return *e;
    }
    if (be) {
        double layers = 0.0;
        if (auto e = read_number(args, "critical-layers", layers, true,
                                 "the bose-einstein number of critical layers, >= 1"))
            return *e;
        const int max = supply::YieldLimits::max_critical_layers;
        if (layers != std::floor(layers))
            return Error{"--critical-layers", "expected a whole number, got " + format_number(layers)};
        if (layers < 1 || layers > max)
            return Error{"--critical-layers", format_number(layers) +
                                                  " is out of range; must be between 1 and " +
                                                  std::to_string(max)};
        p.critical_layers = static_cast<int>(layers);
    }
    return p;
}

json yield_params_json(const YieldParams& p) {
    json j = {{"d0_per_cm2", p.d0_per_cm2}, {"model", supply::yield_model_name(p.model)}};
    if (p.model == YieldModel::negative_binomial) j["alpha"] = p.alpha;
    if (p.model == YieldModel::bose_einstein) j["critical_layers"] = p.critical_layers;
    return j;
}

const char* kModelsHelp =
    "Yield models (x = A*D0, A the die area in cm2, D0 killer defects per cm2):\n"
    "  poisson            exp(-x)                 defects uniform and independent\n"
    "  murphy             ((1-exp(-x))/x)^2       D0 varies from wafer to wafer\n"
    "  seeds              1/(1+x)                 D0 exponentially distributed\n"
    "  bose-einstein      1/(1+x)^n               n critical layers (--critical-layers),\n"
    "                                             D0 per layer\n"
    "  negative-binomial  (1+x/alpha)^-alpha      clustered defects (--alpha); poisson as\n"
    "                                             alpha grows, seeds at alpha = 1\n";

const char* kReferenceHelp =
    "Sourced reference values (docs/supply-chain.md gives each one's source URL).\n"
    "No defaults are assumed: pass your own.\n"
    "  D0 0.09/cm2    TSMC N7, three quarters after volume production (AnandTech, 2020)\n"
    "  D0 0.10-0.11   TSMC N5, about a quarter into volume production (AnandTech, 2020)\n"
    "  wafer $9,346-10,000 N7; $13,495-16,988 N5 (2020 leak/estimates);\n"
    "        $25,000-27,000 N3 (2025, TrendForce); ~$30,000 N2 (2025, rumour)\n";

// [SECTION] supply yield
const std::vector<OptionSpec> kYieldOptions = {
    {"die-area-mm2", "mm2", "die area (required)"},
    {"d0-per-cm2", "n", "killer defect density, defects per cm2 (required)"},
    {"model", "name", "poisson|murphy|seeds|bose-einstein|negative-binomial (required)"},
    {"alpha", "x", "negative-binomial clustering parameter, > 0 (required by that model)"},
    {"critical-layers", "n", "bose-einstein critical layers, 1-100 (required by that model)"},
    gate_option("yield>=0.5"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

int cmd_supply_yield(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply yield";
    auto parsed = parse_args(args, kYieldOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply yield --die-area-mm2 A --d0-per-cm2 D --model M [options]\n\n"
                  "The fraction of dies without a killer defect. Prints one JSON object:\n"
                  "model, yield (0..1), area_cm2, defects_per_die (= A*D0) and the input.\n\n"
               << kModelsHelp << "\nOptions:\n"
               << options_help(kYieldOptions) << "\n"
               << kReferenceHelp
               << "\nExample:\n  w2t supply yield --die-area-mm2 814 --d0-per-cm2 0.1 --model murphy\n";
        return kOk;
    }
    supply::YieldInput in;
    if (auto e = read_number(*parsed, "die-area-mm2", in.die_area_mm2, true, "the die area in mm2"))
        return usage_error(io, name, *e);
    auto p = yield_params_from_args(*parsed, "model", std::nullopt);
    if (!p) return usage_error(io, name, p.error());
    in.params = *p;
    auto r = supply::die_yield(in);
    if (!r) return usage_error(io, name, with_option_name(r.error()));

    json input = yield_params_json(in.params);
    input["die_area_mm2"] = in.die_area_mm2;
    json out = {{"model", supply::yield_model_name(in.params.model)},
                {"yield", r->yield},
                {"area_cm2", r->area_cm2},
                {"defects_per_die", r->defects_per_die},
                {"input", input}};
    return print_with_gates(io, name, *parsed, out);
}

// [SECTION] supply cost
const std::vector<OptionSpec> kCostOptions = {
    {"die-width-mm", "mm", "die width (required)"},
    {"die-height-mm", "mm", "die height (required)"},
    {"scribe-mm", "mm", "scribe lane between dies (default 0.1, as w2t dpw)"},
    {"wafer-mm", "mm", "wafer diameter (default 300)"},
    {"edge-mm", "mm", "edge exclusion (default 3)"},
    {"d0-per-cm2", "n", "killer defect density, defects per cm2 (required)"},
    {"model", "name", "poisson|murphy|seeds|bose-einstein|negative-binomial (required)"},
    {"alpha", "x", "negative-binomial clustering parameter, > 0 (required by that model)"},
    {"critical-layers", "n", "bose-einstein critical layers, 1-100 (required by that model)"},
    {"wafer-usd", "usd", "price of one processed wafer, USD (required)"},
    gate_option("usd_per_good_die<=400"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

int cmd_supply_cost(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply cost";
    auto parsed = parse_args(args, kCostOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply cost --die-width-mm W --die-height-mm H --d0-per-cm2 D\n"
                  "                       --model M --wafer-usd P [options]\n\n"
                  "The cost of a good die: P / (gross_dies * yield), with the exact gross die\n"
                  "count of w2t dpw and the yield of a W x H die (the scribe lane is not part\n"
                  "of the die). No harvesting: a die with a killer defect is lost. Prints one\n"
                  "JSON object: gross_dies, yield, good_dies (expected, a real number),\n"
                  "usd_per_good_die, usd_per_gross_die, model, die_area_mm2, area_cm2,\n"
                  "defects_per_die, approx_dies and the input.\n\n"
               << kModelsHelp << "\nOptions:\n"
               << options_help(kCostOptions) << "\n"
               << kReferenceHelp
               << "\nExample:\n  w2t supply cost --die-width-mm 26 --die-height-mm 33 --d0-per-cm2 0.1 "
                  "--model murphy --wafer-usd 16988\n";
        return kOk;
    }
    supply::DieCostInput in;
    struct Dim {
        const char* option;
        double DiesPerWaferInput::*member;
        bool required;
    };
    constexpr Dim kDims[] = {
        {"die-width-mm", &DiesPerWaferInput::die_width_mm, true},
        {"die-height-mm", &DiesPerWaferInput::die_height_mm, true},
        {"scribe-mm", &DiesPerWaferInput::scribe_mm, false},
        {"wafer-mm", &DiesPerWaferInput::wafer_diameter_mm, false},
        {"edge-mm", &DiesPerWaferInput::edge_exclusion_mm, false},
    };
    for (const Dim& d : kDims)
        if (auto e = read_number(*parsed, d.option, in.wafer.*d.member, d.required, "the die side in mm"))
            return usage_error(io, name, *e);
    auto p = yield_params_from_args(*parsed, "model", std::nullopt);
    if (!p) return usage_error(io, name, p.error());
    in.yield = *p;
    if (auto e = read_number(*parsed, "wafer-usd", in.wafer_usd, true,
                             "USD per processed wafer; see --help"))
        return usage_error(io, name, *e);

    auto r = supply::die_cost(in);
    if (!r) {
        // Out-of-range inputs name their option (exit 2); no good die at all is a
        // result the data leads to, not a usage mistake (exit 1).
        if (r.error().field.empty()) return data_error(io, name, r.error());
        return usage_error(io, name, with_option_name(r.error()));
    }
    json input = to_json(in.wafer);
    input.update(yield_params_json(in.yield));
    input["wafer_usd"] = in.wafer_usd;
    json out = {{"gross_dies", r->dies.gross_dies},
                {"yield", r->yield.yield},
                {"good_dies", r->good_dies},
                {"usd_per_good_die", r->usd_per_good_die},
                {"usd_per_gross_die", r->usd_per_gross_die},
                {"model", supply::yield_model_name(in.yield.model)},
                {"die_area_mm2", r->dies.die_area_mm2},
                {"area_cm2", r->yield.area_cm2},
                {"defects_per_die", r->yield.defects_per_die},
                {"approx_dies", r->dies.approx_dies},
                {"input", input}};
    return print_with_gates(io, name, *parsed, out);
}

// [SECTION] supply capacity, fleet, claims: shared
// Core field -> option, for the Monte Carlo commands.
constexpr FieldOption kMcFieldOptions[] = {
    {"years", "--year"},           {"year", "--year"},
    {"products", "--product"},     {"samples", "--samples"},
    {"mix", "--mix"},              {"hardware_id", "--mix"},
    {"accelerators_per_system", "--accelerators-per-system"},
    {"accelerator_count", "--accelerators-per-system"},
    {"model_id", "--model-id"},    {"precision", "--precision"},
    {"scenario", "--scenario"},    {"input_tokens", "--input-tokens"},
    {"output_tokens", "--output-tokens"}, {"concurrency", "--concurrency"},
};

Error with_mc_option_name(Error e) {
    for (const FieldOption& f : kMcFieldOptions)
        if (e.field == f.field) {
            e.field = f.option;
            break;
        }
    return e;
}

// A whole number option in [min, max]; sets `value` when given.
std::optional<Error> read_whole(const ParsedArgs& args, const char* option, double min, double max,
                                double& value) {
    auto v = args.number(option);
    if (!v) return std::nullopt;
    if (!*v) return v->error();
    const double x = v->value();
    const std::string flag = std::string("--") + option;
    if (x != std::floor(x)) return Error{flag, "expected a whole number, got " + format_number(x)};
    if (x < min || x > max)
        return Error{flag, format_number(x) + " is out of range; must be between " + format_number(min) +
                               " and " + format_number(max)};
    value = x;
    return std::nullopt;
}

// --samples and --seed (the Monte Carlo), with their defaults.
std::optional<Error> read_mc(const ParsedArgs& args, supply::McOptions& mc) {
    double samples = mc.samples, seed = double(mc.seed);
    if (auto e = read_whole(args, "samples", supply::McLimits::min_samples, supply::McLimits::max_samples, samples))
        return e;
    if (auto e = read_whole(args, "seed", 0, 9007199254740992.0, seed)) return e;  // 2^53: exact in JSON
    mc.samples = int(samples);
    mc.seed = uint64_t(seed);
    return std::nullopt;
}

json band_json(const supply::Band& b) {
    return {{"p5", b.p5}, {"p50", b.p50}, {"p95", b.p95}, {"mean", b.mean}};
}
json range_json(const supply::Range& r) { return {{"low", r.low}, {"base", r.base}, {"high", r.high}}; }
json band_and_range(const supply::Band& b, const supply::Range& r) {
    json j = band_json(b);
    j["sourced"] = range_json(r);
    return j;
}
void flat_band(json& out, const std::string& prefix, const supply::Band& b) {
    out[prefix + "_p5"] = b.p5;
    out[prefix + "_p50"] = b.p50;
    out[prefix + "_p95"] = b.p95;
}

const std::vector<OptionSpec> kMcOptions = {
    {"samples", "n", "Monte Carlo samples (default 1000; 1-1000000)"},
    {"seed", "n", "Monte Carlo seed, a whole number (default 1): same seed, same bands"},
};

const char* kMcHelp =
    "Uncertainty: every sourced figure is a low/base/high range (catalogue/supply.json);\n"
    "each sample draws each range from a triangular distribution (mode = base) with a\n"
    "seeded splitmix64 generator, and every output is reported as p5/p50/p95 (and mean)\n"
    "over the samples. Same seed and samples, same numbers.\n";

std::vector<OptionSpec> with_common(std::vector<OptionSpec> specs, const char* gate_example) {
    specs.insert(specs.end(), kMcOptions.begin(), kMcOptions.end());
    specs.push_back(gate_option(gate_example));
    specs.push_back({"pretty", "", "indent the JSON output"});
    specs.push_back({"help", "", "show this help"});
    return specs;
}

// [SECTION] supply capacity
const std::vector<OptionSpec> kCapacityOptions = with_common(
    {
        {"year", "Y", "a year of the CoWoS series (2022-2027); repeat for several (default: all)", true},
        {"product", "id", "a product of the dataset (h100-sxm, h200-sxm, b200, gb200, mi300x);\n"
                          "                              repeat for several (default: all)", true},
    },
    "wafers_per_year_p50>=1e6");

int cmd_supply_capacity(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply capacity";
    auto parsed = parse_args(args, kCapacityOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply capacity [--year Y ...] [--product ID ...] [--samples N] [--seed S]\n\n"
                  "TSMC CoWoS capacity by year and the accelerators it could package. Per year:\n"
                  "  wafers_per_month   the year-end run rate (sourced range)\n"
                  "  wafers_per_year    12 x (previous year-end + this year-end) / 2, a linear\n"
                  "                     ramp (the first year, 2022: 12 x its own year-end rate)\n"
                  "  per product: packages_per_wafer (sourced range) and accelerators_per_year =\n"
                  "  wafers_per_year x packages_per_wafer, as if every CoWoS wafer went to it.\n"
                  "Top-level *_p5/_p50/_p95 fields repeat the last year listed (summary_year), for --gate.\n\n"
               << kMcHelp << "\nOptions:\n"
               << options_help(kCapacityOptions)
               << "\nExample:\n  w2t supply capacity --year 2026 --product b200 --product h100-sxm\n";
        return kOk;
    }
    supply::CapacityInput in;
    for (const std::string& y : parsed->all("year")) {
        char* end = nullptr;
        const long v = std::strtol(y.c_str(), &end, 10);
        if (y.empty() || end != y.c_str() + y.size())
            return usage_error(io, name, Error{"--year", "'" + y + "' is not a year"});
        in.years.push_back(int(v));
    }
    in.products = parsed->all("product");
    if (auto e = read_mc(*parsed, in.mc)) return usage_error(io, name, *e);
    const supply::SupplyData& data = supply::builtin_supply();
    auto r = supply::capacity(in, data);
    if (!r) {
        if (r.error().field.empty()) return data_error(io, name, r.error());
        return usage_error(io, name, with_mc_option_name(r.error()));
    }
    json years = json::array();
    for (const auto& y : r->years) {
        json products = json::array();
        for (const auto& p : y.products)
            products.push_back({{"product", p.product},
                                {"packages_per_wafer", band_and_range(p.packages_per_wafer, p.packages_per_wafer_range)},
                                {"accelerators_per_year", band_json(p.accelerators_per_year)}});
        years.push_back({{"year", y.year},
                         {"wafers_per_month", band_and_range(y.wafers_per_month, y.wafers_per_month_range)},
                         {"wafers_per_year", band_json(y.wafers_per_year)},
                         {"ramp_from_previous_year", y.ramp_from_previous},
                         {"products", products}});
    }
    json out = {{"years", years},
                {"samples", r->mc.samples},
                {"seed", r->mc.seed},
                {"unit", {{"wafers", "12-inch CoWoS wafers (TSMC)"}, {"accelerators", "packages, one accelerator each"}}}};
    const auto& last = r->years.back();
    out["summary_year"] = last.year;
    flat_band(out, "wafers_per_month", last.wafers_per_month);
    flat_band(out, "wafers_per_year", last.wafers_per_year);
    for (const auto& p : last.products) flat_band(out, p.product + "_accelerators_per_year", p.accelerators_per_year);
    return print_with_gates(io, name, *parsed, out);
}

// [SECTION] supply fleet
const std::vector<OptionSpec> kFleetOptions = with_common(
    {
        {"year", "Y", "the production year, 2022-2027 (required)"},
        {"mix", "list", "shares of the year's CoWoS wafers, e.g. b200:0.6,mi300x:0.4 (required;\n"
                        "                              sum <= 1, the rest goes to other customers)"},
        {"model-id", "id", "the model served (required; w2t estimate --list)"},
        {"precision", "p", "fp16|bf16|fp8|fp4|int8|int4|q4_0|q8_0 (required)"},
        {"scenario", "s", "offline|server|interactive|single-stream|fixed-batch (required)"},
        {"input-tokens", "n", "mean prompt tokens (default 1000)"},
        {"output-tokens", "n", "mean generated tokens (default 1000)"},
        {"concurrency", "n", "requests in flight per system (default: the scenario's)"},
        {"accelerators-per-system", "n", "chips per serving system (default: each product's, HGX 8, NVL72 72)"},
    },
    "output_tok_s_p50>=1e9");

int cmd_supply_fleet(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply fleet";
    auto parsed = parse_args(args, kFleetOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply fleet --year Y --mix b200:0.6,mi300x:0.4 --model-id M\n"
                  "                        --precision P --scenario S [options]\n\n"
                  "One year's accelerators from CoWoS, their power and the output tokens/s they\n"
                  "could serve:\n"
                  "  accelerators = wafers_per_year x share x packages_per_wafer   (per product)\n"
                  "  power_mw     = accelerators x TDP (catalogue; chips only: no hosts, network,\n"
                  "                 cooling or PUE)\n"
                  "  output_tok_s = accelerators x per_accelerator_output_tok_s, the latter from\n"
                  "                 w2t estimate for one serving system (its system tok/s / size)\n"
                  "Top-level accelerators_*, power_mw_*, output_tok_s_* (p5/p50/p95) are the totals,\n"
                  "for --gate. A model that does not fit a product's system exits 1.\n\n"
               << kMcHelp << "\nOptions:\n"
               << options_help(kFleetOptions)
               << "\nExample:\n  w2t supply fleet --year 2026 --mix b200:0.6,mi300x:0.4 --model-id llama-3.1-70b \\\n"
                  "                   --precision fp8 --scenario offline\n";
        return kOk;
    }
    supply::FleetInput in;
    double year = 0;
    if (!parsed->has("year")) return usage_error(io, name, Error{"--year", "is required, e.g. 2026"});
    if (auto e = read_whole(*parsed, "year", 0, 9999, year)) return usage_error(io, name, *e);
    in.year = int(year);
    auto mix_text = parsed->get("mix");
    if (!mix_text) return usage_error(io, name, Error{"--mix", "is required, e.g. b200:0.6,mi300x:0.4"});
    auto mix = supply::parse_mix(*mix_text);
    if (!mix) return usage_error(io, name, with_mc_option_name(mix.error()));
    in.mix = *mix;
    auto model = parsed->get("model-id");
    if (!model) return usage_error(io, name, Error{"--model-id", "is required (w2t estimate --list)"});
    in.perf.model_id = *model;
    auto precision = parsed->get("precision");
    if (!precision) return usage_error(io, name, Error{"--precision", "is required, e.g. fp8"});
    auto p = parse_precision(*precision);
    if (!p) return usage_error(io, name, Error{"--precision", p.error().message});
    in.perf.precision = *p;
    auto scenario = parsed->get("scenario");
    if (!scenario) return usage_error(io, name, Error{"--scenario", "is required, e.g. offline"});
    auto s = parse_scenario(*scenario);
    if (!s) return usage_error(io, name, Error{"--scenario", s.error().message});
    in.perf.scenario = *s;
    for (auto [option, member] : {std::pair{"input-tokens", &EstimateInput::input_tokens},
                                  {"output-tokens", &EstimateInput::output_tokens},
                                  {"concurrency", &EstimateInput::concurrency}})
        if (auto e = read_number(*parsed, option, in.perf.*member, false, ""))
            return usage_error(io, name, *e);
    double per_system = 0;
    if (auto e = read_whole(*parsed, "accelerators-per-system", 1, 100000, per_system))
        return usage_error(io, name, *e);
    in.accelerators_per_system = int(per_system);
    if (auto e = read_mc(*parsed, in.mc)) return usage_error(io, name, *e);

    auto r = supply::fleet(in, supply::builtin_supply(), builtin_catalogue());
    if (!r) {
        if (r.error().field.empty()) return data_error(io, name, r.error());
        return usage_error(io, name, with_mc_option_name(r.error()));
    }
    json products = json::array();
    json mix_json = json::object();
    for (const auto& fp : r->products) {
        mix_json[fp.product] = fp.wafer_share;
        products.push_back({{"product", fp.product},
                            {"wafer_share", fp.wafer_share},
                            {"system_accelerators", fp.system_accelerators},
                            {"tdp_w", fp.tdp_w},
                            {"system_output_tok_s", fp.system_output_tok_s},
                            {"per_accelerator_output_tok_s", fp.per_accelerator_output_tok_s},
                            {"per_user_output_tok_s", fp.per_user_output_tok_s},
                            {"layout", fp.layout},
                            {"bottleneck", fp.bottleneck},
                            {"accelerators", band_json(fp.accelerators)},
                            {"power_mw", band_json(fp.power_mw)},
                            {"output_tok_s", band_json(fp.output_tok_s)}});
    }
    json out = {{"year", r->year},
                {"wafers_per_year", band_json(r->wafers_per_year)},
                {"accelerators", band_json(r->accelerators)},
                {"power_mw", band_json(r->power_mw)},
                {"output_tok_s", band_json(r->output_tok_s)},
                {"unallocated_wafer_share", r->unallocated_share},
                {"products", products},
                {"samples", r->mc.samples},
                {"seed", r->mc.seed},
                {"input",
                 {{"year", in.year},
                  {"mix", mix_json},
                  {"model_id", in.perf.model_id},
                  {"precision", to_string(in.perf.precision)},
                  {"scenario", to_string(in.perf.scenario)},
                  {"input_tokens", in.perf.input_tokens},
                  {"output_tokens", in.perf.output_tokens}}},
                {"notes",
                 {"one year's production only (not the installed base)",
                  "power is chip TDP only: no hosts, network, cooling or PUE",
                  "tokens/s assume every accelerator serves this model in this scenario, fully used"}}};
    flat_band(out, "accelerators", r->accelerators);
    flat_band(out, "power_mw", r->power_mw);
    flat_band(out, "output_tok_s", r->output_tok_s);
    return print_with_gates(io, name, *parsed, out);
}

// [SECTION] supply claims
const std::vector<OptionSpec> kClaimsOptions = with_common({}, "wse3-21x-b200.ratio_vs_b200x8_fp8>=21");

json source_json(const supply::SupplySource& s) {
    json j = {{"title", s.title}, {"url", s.url}, {"date", s.date}, {"quality", s.quality}, {"quote", s.quote}};
    if (!s.row.empty()) j["row"] = s.row;
    return j;
}

int cmd_supply_claims(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply claims";
    auto parsed = parse_args(args, kClaimsOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply claims [--samples N] [--seed S]\n\n"
                  "The seed article's claims, each with its best public source (or none:\n"
                  "\"unsourced\"), a verdict (supports, qualifies, unsourced, contradicts), what\n"
                  "the sources say, and where the model can check it, what the model says\n"
                  "(estimate() speeds, CoWoS growth from the dataset, ...). Each figure is also\n"
                  "a top-level field \"<claim id>.<figure>\" for --gate.\n\n"
               << kMcHelp << "\nOptions:\n"
               << options_help(kClaimsOptions) << "\nExample:\n  w2t supply claims --pretty\n";
        return kOk;
    }
    supply::McOptions mc;
    if (auto e = read_mc(*parsed, mc)) return usage_error(io, name, *e);
    const supply::SupplyData& data = supply::builtin_supply();
    auto checks = supply::check_claims(data, builtin_catalogue(), mc);
    if (!checks) {
        if (checks.error().field.empty()) return data_error(io, name, checks.error());
        return usage_error(io, name, with_mc_option_name(checks.error()));
    }
    json claims = json::array();
    json out = json::object();
    for (const auto& c : data.claims) {
        json j = {{"id", c.id}, {"claim", c.claim}, {"verdict", c.verdict}, {"says", c.says},
                  {"source", c.source ? source_json(*c.source) : json(nullptr)}, {"model", nullptr}};
        for (const auto& check : *checks) {
            if (check.id != c.id) continue;
            json figures = json::object();
            for (const auto& f : check.figures) {
                figures[f.name] = f.value;
                out[c.id + "." + f.name] = f.value;
            }
            j["model"] = {{"check", c.check}, {"summary", check.summary}, {"figures", figures}};
        }
        claims.push_back(j);
    }
    out["claims"] = claims;
    out["samples"] = mc.samples;
    out["seed"] = mc.seed;
    out["article"] = "The AI Hardware Stack Is Being Rebuilt From the Wafer Up (DEV Community, theAIGeek; "
                     "also summarised on earezki.com, 2026-06-20)";
    return print_with_gates(io, name, *parsed, out);
}

// [SECTION] supply harvest, wafer-scale
// A required whole-number option (units, cores).
std::optional<Error> read_count(const ParsedArgs& args, const char* option, int64_t& value, const char* what) {
    double v = 0.0;
    if (auto e = read_number(args, option, v, true, what)) return e;
    if (v != std::floor(v) || std::fabs(v) > 1e15)
        return Error{std::string("--") + option, "expected a whole number, got " + format_number(v)};
    value = static_cast<int64_t>(v);
    return std::nullopt;
}

const std::vector<OptionSpec> kHarvestOptions = {
    {"die-area-mm2", "mm2", "die area (or --die-width-mm and --die-height-mm)"},
    {"die-width-mm", "mm", "die width (with --die-height-mm, instead of --die-area-mm2)"},
    {"die-height-mm", "mm", "die height"},
    {"scribe-mm", "mm", "scribe lane between dies (default 0.1, as w2t dpw)"},
    {"wafer-mm", "mm", "wafer diameter (default 300)"},
    {"edge-mm", "mm", "edge exclusion (default 3)"},
    {"units", "n", "identical units on the die, e.g. 144 SMs on GH100 (required)"},
    {"required-units", "n", "units the part as sold needs, e.g. 132 on H100 SXM5 (required)"},
    {"uncore-share", "x", "share of the die area outside the units, 0..1 (required; no sourced value)"},
    {"d0-per-cm2", "n", "killer defect density, defects per cm2 (required)"},
    {"model", "name", "poisson|murphy|seeds|bose-einstein|negative-binomial (required)"},
    {"alpha", "x", "negative-binomial clustering parameter, > 0 (required by that model)"},
    {"critical-layers", "n", "bose-einstein critical layers, 1-100 (required by that model)"},
    {"wafer-usd", "usd", "price of one processed wafer: adds USD per good and per usable die"},
    gate_option("harvested_yield>=0.8"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

int cmd_supply_harvest(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply harvest";
    auto parsed = parse_args(args, kHarvestOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply harvest (--die-area-mm2 A | --die-width-mm W --die-height-mm H)\n"
                  "                          --units N --required-units K --uncore-share S\n"
                  "                          --d0-per-cm2 D --model M [options]\n\n"
                  "Harvesting: a die of N identical units (SMs, cores) is sold when its\n"
                  "non-redundant uncore (a share S of the area) is clean and at least K units\n"
                  "are; the rest are fused off. usable = P(uncore clean) x P(>= K of N units\n"
                  "clean), binomial over units of area A(1-S)/N; the non-poisson models average\n"
                  "that over their die-to-die spread of D0, so K = N gives their plain yield.\n"
                  "Prints one JSON object: plain_yield (no harvesting), harvested_yield,\n"
                  "yield_gain, uncore_yield, unit_yield, unit_area_mm2, uncore_area_mm2,\n"
                  "expected_defective_units, gross_dies (exact, as w2t dpw; a square die of\n"
                  "area A when only --die-area-mm2 is given), good_dies_plain,\n"
                  "good_dies_harvested, usd_per_good_die and usd_per_usable_die (with\n"
                  "--wafer-usd) and the input.\n\n"
               << kModelsHelp << "\nOptions:\n"
               << options_help(kHarvestOptions) << "\n"
               << "Sourced: GH100 814 mm2 with 144 SMs, 132 enabled on H100 SXM5 (docs/supply-chain.md).\n"
                  "The uncore share is not published: pass your own and say so.\n"
               << "\nExample:\n  w2t supply harvest --die-area-mm2 814 --units 144 --required-units 132 "
                  "--uncore-share 0.2 --d0-per-cm2 0.1 --model poisson\n";
        return kOk;
    }
    supply::HarvestInput in;
    DiesPerWaferInput wafer;
    const bool by_area = parsed->has("die-area-mm2");
    if (by_area && (parsed->has("die-width-mm") || parsed->has("die-height-mm")))
        return usage_error(io, name, Error{"--die-area-mm2", "give it or --die-width-mm and --die-height-mm, not both"});
    if (by_area) {
        if (auto e = read_number(*parsed, "die-area-mm2", in.die_area_mm2, true, "the die area in mm2"))
            return usage_error(io, name, *e);
        if (auto e = check_range("--die-area-mm2", in.die_area_mm2, supply::YieldLimits::min_die_area_mm2,
                                 supply::YieldLimits::max_die_area_mm2, "mm2"))
            return usage_error(io, name, *e);
        wafer.die_width_mm = wafer.die_height_mm = std::sqrt(in.die_area_mm2);
    } else {
        if (auto e = read_number(*parsed, "die-width-mm", wafer.die_width_mm, true,
                                 "the die side in mm, or give --die-area-mm2"))
            return usage_error(io, name, *e);
        if (auto e = read_number(*parsed, "die-height-mm", wafer.die_height_mm, true, "the die side in mm"))
            return usage_error(io, name, *e);
        in.die_area_mm2 = wafer.die_width_mm * wafer.die_height_mm;
    }
    if (auto e = read_number(*parsed, "scribe-mm", wafer.scribe_mm, false, "")) return usage_error(io, name, *e);
    if (auto e = read_number(*parsed, "wafer-mm", wafer.wafer_diameter_mm, false, ""))
        return usage_error(io, name, *e);
    if (auto e = read_number(*parsed, "edge-mm", wafer.edge_exclusion_mm, false, ""))
        return usage_error(io, name, *e);
    if (auto e = read_count(*parsed, "units", in.units, "identical units on the die, e.g. 144"))
        return usage_error(io, name, *e);
    if (auto e = read_count(*parsed, "required-units", in.required_units, "units the part needs, e.g. 132"))
        return usage_error(io, name, *e);
    if (auto e = read_number(*parsed, "uncore-share", in.uncore_share, true,
                             "share of the die outside the units, 0..1"))
        return usage_error(io, name, *e);
    auto p = yield_params_from_args(*parsed, "model", std::nullopt);
    if (!p) return usage_error(io, name, p.error());
    in.params = *p;
    double wafer_usd = 0.0;
    const bool priced = parsed->has("wafer-usd");
    if (auto e = read_number(*parsed, "wafer-usd", wafer_usd, false, "")) return usage_error(io, name, *e);
    if (priced) {
        if (auto e = check_range("--wafer-usd", wafer_usd, 1.0, 1e7, "USD")) return usage_error(io, name, *e);
    }

    auto r = supply::harvest_yield(in);
    if (!r) return usage_error(io, name, with_option_name(r.error()));
    auto dies = dies_per_wafer(wafer);
    if (!dies) return usage_error(io, name, with_option_name(dies.error()));

    json input = yield_params_json(in.params);
    input["die_area_mm2"] = in.die_area_mm2;
    input["units"] = in.units;
    input["required_units"] = in.required_units;
    input["uncore_share"] = in.uncore_share;
    input.update(to_json(wafer));
    const double gross = static_cast<double>(dies->gross_dies);
    json out = {{"model", supply::yield_model_name(in.params.model)},
                {"plain_yield", r->plain_yield},
                {"harvested_yield", r->harvested_yield},
                {"yield_gain", r->yield_gain},
                {"uncore_yield", r->uncore_yield},
                {"unit_yield", r->unit_yield},
                {"unit_area_mm2", r->unit_area_mm2},
                {"uncore_area_mm2", r->uncore_area_mm2},
                {"defects_per_die", r->defects_per_die},
                {"expected_defective_units", r->expected_defective_units},
                {"gross_dies", dies->gross_dies},
                {"gross_dies_basis", by_area ? "a square die of the given area" : "die width x height"},
                {"good_dies_plain", gross * r->plain_yield},
                {"good_dies_harvested", gross * r->harvested_yield},
                {"input", input}};
    if (priced) {
        input["wafer_usd"] = wafer_usd;
        out["input"] = input;
        auto per = [&](double good) { return good > 0 ? json(wafer_usd / good) : json(nullptr); };
        out["usd_per_good_die"] = per(gross * r->plain_yield);
        out["usd_per_usable_die"] = per(gross * r->harvested_yield);
    }
    return print_with_gates(io, name, *parsed, out);
}

const std::vector<OptionSpec> kWaferScaleOptions = {
    {"cores", "n", "physical cores on the wafer-scale die, e.g. 970000 on WSE-3 (required)"},
    {"sold-cores", "n", "cores the product enables, e.g. 900000 on WSE-3 (required)"},
    {"core-area-mm2", "mm2", "area of one core, e.g. ~0.05 on WSE-3 (required)"},
    {"d0-per-cm2", "n", "killer defect density, defects per cm2 (required)"},
    {"model", "name", "poisson|murphy|seeds|bose-einstein|negative-binomial (required)"},
    {"alpha", "x", "negative-binomial clustering parameter, > 0 (required by that model)"},
    {"critical-layers", "n", "bose-einstein critical layers, 1-100 (required by that model)"},
    gate_option("wafer_survival>=0.99"),
    {"pretty", "", "indent the JSON output"},
    {"help", "", "show this help"},
};

int cmd_supply_wafer_scale(const std::vector<std::string>& args, Io& io) {
    const char* name = "supply wafer-scale";
    auto parsed = parse_args(args, kWaferScaleOptions);
    if (!parsed) return usage_error(io, name, parsed.error());
    if (parsed->has("help")) {
        io.out << "Usage: w2t supply wafer-scale --cores C --sold-cores S --core-area-mm2 a\n"
                  "                              --d0-per-cm2 D --model M [options]\n\n"
                  "Wafer-scale redundancy: C cores of area a, S enabled, C - S spares; the\n"
                  "fabric routes around each defective core (as Cerebras describes it) and\n"
                  "the area between cores is taken as redundant too (the vendor's claim).\n"
                  "A wafer is sold when at most C - S cores are defective. Prints one JSON\n"
                  "object: wafer_survival (share of wafers that keep >= S cores),\n"
                  "expected_defects (C x a x D0), expected_defective_cores (what defects\n"
                  "cost), defective_core_share, area_lost_mm2, spare_cores, spare_share,\n"
                  "spares_used_share, core_yield, cores_area_mm2, plain_yield (the same area\n"
                  "with no spares) and the input.\n\n"
               << kModelsHelp << "\nOptions:\n"
               << options_help(kWaferScaleOptions) << "\n"
               << "Sourced (docs/supply-chain.md): WSE-3 970,000 physical / 900,000 active cores,\n"
                  "~0.05 mm2 per core and D0 ~0.1/cm2 at 5 nm (Cerebras, 2025-01-13).\n"
               << "\nExample:\n  w2t supply wafer-scale --cores 970000 --sold-cores 900000 "
                  "--core-area-mm2 0.05 --d0-per-cm2 0.1 --model poisson\n";
        return kOk;
    }
    supply::WaferScaleRedundancyInput in;
    if (auto e = read_count(*parsed, "cores", in.cores, "physical cores, e.g. 970000"))
        return usage_error(io, name, *e);
    if (auto e = read_count(*parsed, "sold-cores", in.sold_cores, "enabled cores, e.g. 900000"))
        return usage_error(io, name, *e);
    if (auto e = read_number(*parsed, "core-area-mm2", in.core_area_mm2, true, "one core's area in mm2"))
        return usage_error(io, name, *e);
    auto p = yield_params_from_args(*parsed, "model", std::nullopt);
    if (!p) return usage_error(io, name, p.error());
    in.params = *p;
    auto r = supply::wafer_scale_redundancy(in);
    if (!r) return usage_error(io, name, with_option_name(r.error()));

    json input = yield_params_json(in.params);
    input["cores"] = in.cores;
    input["sold_cores"] = in.sold_cores;
    input["core_area_mm2"] = in.core_area_mm2;
    json out = {{"model", supply::yield_model_name(in.params.model)},
                {"wafer_survival", r->wafer_survival},
                {"expected_defects", r->expected_defects},
                {"expected_defective_cores", r->expected_defective_cores},
                {"defective_core_share", r->defective_core_share},
                {"area_lost_mm2", r->area_lost_mm2},
                {"spare_cores", r->spare_cores},
                {"spare_share", r->spare_share},
                {"spares_used_share", r->spares_used_share},
                {"core_yield", r->core_yield},
                {"cores_area_mm2", r->cores_area_mm2},
                {"plain_yield", r->plain_yield},
                {"input", input}};
    return print_with_gates(io, name, *parsed, out);
}

// [SECTION] supply: dispatch and help
struct Subcommand {
    const char* name;
    const char* summary;
    int (*handler)(const std::vector<std::string>& args, Io& io);
};
const Subcommand kSubcommands[] = {
    {"yield", "die yield from die area and defect density (five models)", cmd_supply_yield},
    {"cost", "gross dies (exact, as w2t dpw), yield, good dies and USD per good die",
     cmd_supply_cost},
    {"capacity", "CoWoS wafers by year and the accelerators they package (p5/p50/p95)",
     cmd_supply_capacity},
    {"fleet", "a year's accelerators for a product mix: MW and output tokens/s (bands)",
     cmd_supply_fleet},
    {"claims", "the seed article's claims: best source, verdict, what the model says",
     cmd_supply_claims},
    {"harvest", "usable yield when some units (SMs) may be fused off, beside plain yield",
     cmd_supply_harvest},
    {"wafer-scale", "spare cores on a wafer-scale die: defective cores, wafers that survive",
     cmd_supply_wafer_scale},
};

void print_supply_help(std::ostream& out) {
    out << "Usage: w2t supply <subcommand> [options]\n"
           "       w2t supply <subcommand> --help\n\n"
           "The supply-chain model, from defect density and wafer price to good dies and\n"
           "what one costs, and from CoWoS capacity to accelerators, power and tokens/s\n"
           "(docs/supply-chain.md). Each subcommand prints one JSON object\n"
           "and takes --gate (exit 3 when a gate fails).\n\nSubcommands:\n";
    for (const auto& s : kSubcommands) {
        std::string n = s.name;
        if (n.size() < 10) n.resize(10, ' ');
        else n += ' ';  // a longer name (wafer-scale) keeps the others' columns
        out << "  " << n << s.summary << "\n";
    }
    out << "\nNot modelled yet: HBM and logic-wafer limits (capacity is CoWoS only).\n"
           "\nExit codes: 0 ok, 1 data error (e.g. no good die, a model that does not fit),\n"
           "2 usage error, 3 a --gate failed.\n";
}

}  // namespace

int cmd_supply(const std::vector<std::string>& args, Io& io) {
    if (args.empty()) {
        io.err << "w2t supply: a subcommand is required\n";
        print_supply_help(io.err);
        return kUsageError;
    }
    const std::string& first = args[0];
    if (first == "--help" || first == "-h" || first == "help") {
        print_supply_help(io.out);
        return kOk;
    }
    for (const auto& s : kSubcommands)
        if (first == s.name) return s.handler({args.begin() + 1, args.end()}, io);
    return usage_error(io, "supply",
                       Error{first, "unknown subcommand; one of yield, cost, capacity, fleet, claims, harvest, wafer-scale"});
}

// [SECTION] dpw's yield outputs
int add_dpw_yield(Io& io, const ParsedArgs& args, const DiesPerWaferInput& in, json& out) {
    if (!args.has("d0-per-cm2")) {
        for (const char* o : {"yield-model", "alpha", "critical-layers"})
            if (args.has(o))
                return usage_error(io, "dpw", Error{std::string("--") + o, "needs --d0-per-cm2"});
        return kOk;
    }
    auto p = yield_params_from_args(args, "yield-model", kDpwDefaultYieldModel);
    if (!p) return usage_error(io, "dpw", p.error());
    auto y = supply::die_yield({in.die_width_mm * in.die_height_mm, *p});
    if (!y) return usage_error(io, "dpw", with_option_name(y.error()));
    out["yield"] = y->yield;
    out["good_dies"] = out.at("gross_dies").get<double>() * y->yield;
    out["yield_model"] = supply::yield_model_name(p->model);
    out["defects_per_die"] = y->defects_per_die;
    out["yield_input"] = yield_params_json(*p);  // "input" stays a --scenario object
    return kOk;
}

}  // namespace w2t::cli
