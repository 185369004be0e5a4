// [SECTION] Contents
//   shared: yield options, core field -> option names
//   supply yield
//   supply cost
//   supply: subcommand dispatch and help
//   dpw's yield outputs (--d0-per-cm2)
#include <cmath>
#include <string>

#include "common.hpp"
#include "w2t/dies_per_wafer.hpp"
#include "w2t/json_io.hpp"
#include "w2t/supply/cost.hpp"
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
};
// Named in the help so nobody mistakes their absence for a bug; not built yet.
constexpr const char* kComingLater[] = {"capacity", "fleet"};

void print_supply_help(std::ostream& out) {
    out << "Usage: w2t supply <subcommand> [options]\n"
           "       w2t supply <subcommand> --help\n\n"
           "The supply-chain model, from defect density and wafer price to good dies and\n"
           "what one costs (docs/supply-chain.md). Each subcommand prints one JSON object\n"
           "and takes --gate (exit 3 when a gate fails).\n\nSubcommands:\n";
    for (const auto& s : kSubcommands) {
        std::string n = s.name;
        n.resize(10, ' ');
        out << "  " << n << s.summary << "\n";
    }
    out << "\nComing later, not built yet: capacity (accelerators a month from CoWoS, HBM\n"
           "and wafer supply), fleet.\n"
           "\nExit codes: 0 ok, 1 data error (e.g. no good die), 2 usage error, 3 a --gate failed.\n";
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
    for (const char* later : kComingLater)
        if (first == later)
            return usage_error(io, "supply", Error{first, "not built yet (coming later)"});
    return usage_error(io, "supply", Error{first, "unknown subcommand; one of yield, cost"});
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
