// [SECTION] Contents
//   model glue: effective economics, one chip, frontier pricing
//   update: recompute on change, the planner on demand
//   the view contract: inputs, set, summary, state
//   inputs (with each default's source)
//   outputs: headline, TCO bar, frontier, baseline, tornado, planner
//   draw_cost_panel()
#include "panel_cost.hpp"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "panel_sources.hpp"  // open_url
#include "theme.hpp"
#include "view_layout.hpp"
#include "widget_rects.hpp"
#include "w2t/catalogue/catalogue.hpp"
#include "w2t/json_io.hpp"
#include "w2t/validate.hpp"

namespace w2t::web {
namespace {

using nlohmann::json;

const ImVec4& kErrorColour = theme().error;
const ImVec4& kMutedColour = theme().muted;
const ImVec4& kGoodColour = theme().good;
const ImVec4& kWarnColour = theme().warn;
const ImVec4& kLinkColour = theme().link;
constexpr ImU32 kChipColours[3] = {IM_COL32(41, 170, 152, 255), IM_COL32(230, 140, 60, 255),
                                   IM_COL32(150, 130, 230, 255)};
constexpr ImU32 kTcoColours[5] = {IM_COL32(70, 130, 200, 255), IM_COL32(220, 170, 60, 255),
                                  IM_COL32(150, 130, 230, 255), IM_COL32(120, 124, 134, 255),
                                  IM_COL32(41, 170, 152, 255)};
constexpr ImU32 kLowerColour = IM_COL32(64, 170, 120, 255);   // tornado: the cheaper side of the base
constexpr ImU32 kHigherColour = IM_COL32(220, 110, 80, 255);  // the dearer side

constexpr Precision kPrecisions[] = {Precision::fp16, Precision::bf16, Precision::fp8,  Precision::fp4,
                                     Precision::int8, Precision::int4, Precision::q4_0, Precision::q8_0};

// The economics fields the view edits, in the order shown, with who uses them.
struct EconField {
    const char* key;
    const char* label;
    const char* help;
    double EconomicsInput::*member;
    bool owned, rental;  // shown in that mode
    const char* format;
};
constexpr EconField kEconFields[] = {
    {"usd_per_accelerator_hour", "Rental $/chip-hour", "US dollars per accelerator per hour; includes power, datacenter, operations.",
     &EconomicsInput::usd_per_accelerator_hour, false, true, "%.2f"},
    {"usd_per_accelerator", "Price per chip $", "Purchase price of one accelerator (default: the catalogue's price).",
     &EconomicsInput::usd_per_accelerator, true, false, "%.0f"},
    {"host_share", "Host share", "Host + networking as a fraction of the accelerator price (0.227 = 22.7 %).",
     &EconomicsInput::host_share, true, false, "%.3f"},
    {"depreciation_years", "Depreciation (years)", "Straight life of the hardware.", &EconomicsInput::depreciation_years,
     true, false, "%.1f"},
    {"cost_of_capital", "Cost of capital", "Annual rate as a fraction (0.08 = 8 %/year).", &EconomicsInput::cost_of_capital,
     true, false, "%.3f"},
    {"operations_share_per_year", "Operations / year", "Staff, spares, support: fraction of capex per year.",
     &EconomicsInput::operations_share_per_year, true, false, "%.3f"},
    {"usd_per_kwh", "Electricity $/kWh", "US dollars per kWh (not cents).", &EconomicsInput::usd_per_kwh, true, false,
     "%.4f"},
    {"pue", "PUE", "Facility power / IT power.", &EconomicsInput::pue, true, true, "%.2f"},
    {"power_utilisation", "Power utilisation", "Average draw as a share of maximum system power.",
     &EconomicsInput::power_utilisation, true, true, "%.2f"},
    {"accelerator_power_w", "Chip power (W)", "Per accelerator (default: the catalogue's TDP).",
     &EconomicsInput::accelerator_power_w, true, true, "%.0f"},
    {"system_power_factor", "System power factor", "System watts per accelerator watt (host, fans, switches).",
     &EconomicsInput::system_power_factor, true, true, "%.2f"},
    {"datacenter_usd_per_mw", "Datacenter $/MW", "Build cost per MW of IT capacity (10.7 million = 10700000).",
     &EconomicsInput::datacenter_usd_per_mw, true, false, "%.0f"},
    {"datacenter_years", "Datacenter life (years)", "The facility's amortisation period.",
     &EconomicsInput::datacenter_years, true, false, "%.0f"},
};

// [SECTION] model glue
bool rental_mode(const CostInputs& in) { return in.economics.preset == "cloud-rental"; }

// What the cost model is asked: the mode's price only (both are kept, so switching back restores them).
EconomicsInput effective_economics(const CostInputs& in) {
    EconomicsInput e = in.economics;
    if (rental_mode(in)) {
        e.usd_per_accelerator = kUnknown;
    } else {
        e.usd_per_accelerator_hour = kUnknown;
        e.preset = "owned-hardware";
    }
    return e;
}

EstimateInput estimate_input(const CostInputs& in, const ChipPick& chip) {
    EstimateInput e;
    e.hardware_id = chip.hardware_id;
    e.accelerator_count = chip.count;
    e.model_id = in.model_id;
    e.precision = in.precision;
    e.scenario = Scenario::fixed_batch;
    e.input_tokens = in.input_tokens;
    e.output_tokens = in.output_tokens;
    e.concurrency = in.concurrency;
    e.framework = "tensorrt-llm";
    return e;
}

CostChipResult cost_chip(const CostInputs& in, const ChipPick& chip, const EconomicsInput& econ) {
    CostChipResult c;
    c.chip = chip;
    auto r = estimate(estimate_input(in, chip), builtin_catalogue());
    if (!r) {
        c.error = r.error();
        return c;
    }
    c.estimate = *r;
    auto k = cost(*r, econ);
    if (!k) c.error = k.error();
    else c.cost = *k;
    return c;
}

CostFrontierLine price_frontier(const CostInputs& in, const ChipPick& chip, const EconomicsInput& econ) {
    CostFrontierLine f;
    f.line = sweep_frontier(estimate_input(in, chip), chip);
    if (f.line.points.empty()) return f;
    auto sys = system_cost(chip.hardware_id, f.line.chips, econ);
    if (!sys) f.price_error = sys.error();
    for (const FrontierPoint& pt : f.line.points)
        f.usd_per_mtok_output.push_back(sys && pt.system_tok_s > 0 ? sys->usd_per_hour.total / (pt.system_tok_s * 3600) * 1e6
                                                                    : NAN);
    return f;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

std::string chip_label(const ChipPick& c, const CostChipResult* r) {
    const int n = c.count > 0 ? c.count : (r && r->estimate ? r->estimate->layout.chips : 0);
    return c.hardware_id + (n > 0 ? " x" + std::to_string(n) : "") + (c.count == 0 ? " (fewest)" : "");
}

// The catalogue figure behind an economics default for this chip (nullptr: the accelerator catalogue's).
const EconomicsFigure* figure_for(const std::string& key, const std::string& hardware_id) {
    const EconomicsData& d = builtin_economics();
    if (key == "usd_per_accelerator_hour") {
        auto it = d.rental_usd_per_accelerator_hour.find(hardware_id);
        return it == d.rental_usd_per_accelerator_hour.end() ? nullptr : &it->second;
    }
    if (auto hw = d.hardware.find(hardware_id); hw != d.hardware.end())
        if (auto f = hw->second.find(key); f != hw->second.end()) return &f->second;
    auto f = d.defaults.find(key);
    return f == d.defaults.end() ? nullptr : &f->second;
}

std::string host_of(const std::string& url) {
    size_t start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    const size_t end = url.find('/', start);
    std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (host.rfind("www.", 0) == 0) host = host.substr(4);
    return host;
}

}  // namespace

bool same_cost_inputs(const CostInputs& a, const CostInputs& b) {
    auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    const EconomicsInput &ea = a.economics, &eb = b.economics;
    for (const EconField& f : kEconFields)
        if (!same(ea.*f.member, eb.*f.member)) return false;
    return a.chip == b.chip && a.compare == b.compare && a.model_id == b.model_id && a.precision == b.precision &&
           a.input_tokens == b.input_tokens && a.output_tokens == b.output_tokens && a.concurrency == b.concurrency &&
           rental_mode(a) == rental_mode(b) && same(ea.power_budget_mw, eb.power_budget_mw) &&
           a.baseline_usd_per_1k_tokens == b.baseline_usd_per_1k_tokens &&
           a.baseline_p95_latency_s == b.baseline_p95_latency_s && a.requests_per_s == b.requests_per_s &&
           a.ttft_p95_ms == b.ttft_p95_ms && a.tpot_p95_ms == b.tpot_p95_ms && a.per_user_tok_s == b.per_user_tok_s;
}

// [SECTION] update
bool update_cost_panel(CostPanel& p) {
    bool ran = false;
    if (!p.computed || !same_cost_inputs(*p.computed, p.input)) {
        builtin_catalogue(), builtin_economics();  // parsed on first use: not part of the time
        const auto t0 = std::chrono::steady_clock::now();
        const EconomicsInput econ = effective_economics(p.input);
        const ChipPick picks[3] = {p.input.chip, p.input.compare[0], p.input.compare[1]};
        for (int i = 0; i < 3; ++i) p.chips[i] = cost_chip(p.input, picks[i], econ);
        p.error = p.chips[0].error;
        p.tornado.reset(), p.tornado_error.reset();
        if (p.chips[0].cost) {
            auto t = cost_sensitivity(*p.chips[0].estimate, econ);
            if (t) p.tornado = *t;
            else p.tornado_error = t.error();
        }
        p.frontier.clear();
        for (const ChipPick& c : picks) p.frontier.push_back(price_frontier(p.input, c, econ));
        p.equal_latency.reset(), p.equal_latency_error.reset();
        {
            EqualLatencyInput eq;
            for (const ChipPick& c : picks) eq.chips.push_back({c.hardware_id, c.count});
            eq.model_id = p.input.model_id;
            eq.precision = p.input.precision;
            eq.input_tokens = p.input.input_tokens, eq.output_tokens = p.input.output_tokens;
            eq.per_user_tok_s = p.input.per_user_tok_s;
            eq.framework = "tensorrt-llm";  // as the rest of the view
            eq.economics = econ;
            auto r = equal_latency(eq);
            if (r) p.equal_latency = *r;
            else p.equal_latency_error = r.error();
        }
        p.compute_ms = ms_since(t0);
        p.computed = p.input;
        ++p.version;
        ran = true;
    }
    if (p.plan_requested) {
        p.plan_requested = false;
        run_cost_plan(p);
        ran = true;
    }
    return ran;
}

void run_cost_plan(CostPanel& p) {
    PlanInput in;
    in.workload.model_id = p.input.model_id;
    in.workload.requests_per_s = p.input.requests_per_s;
    in.workload.input_tokens = p.input.input_tokens;
    in.workload.output_tokens = p.input.output_tokens;
    in.workload.ttft_p95_ms = p.input.ttft_p95_ms;
    in.workload.tpot_p95_ms = p.input.tpot_p95_ms;
    in.economics = effective_economics(p.input);
    in.top = 5;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = plan(in);
    p.plan_ms = ms_since(t0);
    if (r) p.plan = *r, p.plan_error.reset();
    else p.plan.reset(), p.plan_error = r.error();
    p.plan_of = p.input;
    ++p.plan_runs;
}

// [SECTION] the view contract
namespace {

json num_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

const char* const kTextKeys[] = {"hardware_id", "compare_a", "compare_b", "model_id", "precision", "economics_preset"};
const char* const kCountKeys[] = {"accelerator_count", "compare_a_count", "compare_b_count"};
struct NumberKey {
    const char* key;
    double CostInputs::*member;
    double lo, hi;
    const char* unit;
};
constexpr NumberKey kNumberKeys[] = {
    {"input_tokens", &CostInputs::input_tokens, 1, 1e6, "tokens"},
    {"output_tokens", &CostInputs::output_tokens, 1, 1e6, "tokens"},
    {"concurrency", &CostInputs::concurrency, 1, 1e6, "requests"},
    {"baseline_usd_per_1k_tokens", &CostInputs::baseline_usd_per_1k_tokens, 0, 1e4, "USD per 1,000 tokens"},
    {"baseline_p95_latency_s", &CostInputs::baseline_p95_latency_s, 0, 1e5, "s"},
    {"requests_per_s", &CostInputs::requests_per_s, 1e-6, 1e7, "requests/s"},
    {"ttft_p95_ms", &CostInputs::ttft_p95_ms, 1, 1e7, "ms"},
    {"tpot_p95_ms", &CostInputs::tpot_p95_ms, 0.01, 1e5, "ms"},
    {"per_user_tok_s", &CostInputs::per_user_tok_s, 0.1, 1e5, "tok/s per user"},
};

}  // namespace

json cost_inputs(const CostPanel& p) {
    const CostInputs& in = p.input;
    json j = {{"hardware_id", in.chip.hardware_id},
              {"accelerator_count", in.chip.count},
              {"compare_a", in.compare[0].hardware_id},
              {"compare_a_count", in.compare[0].count},
              {"compare_b", in.compare[1].hardware_id},
              {"compare_b_count", in.compare[1].count},
              {"model_id", in.model_id},
              {"precision", to_string(in.precision)},
              {"economics_preset", rental_mode(in) ? "cloud-rental" : "owned-hardware"}};
    for (const NumberKey& k : kNumberKeys) j[k.key] = in.*k.member;
    for (const EconField& f : kEconFields)  // only the values typed: the rest follow the defaults
        if (!std::isnan(in.economics.*f.member)) j[f.key] = in.economics.*f.member;
    return j;
}

std::optional<Error> set_cost_inputs(CostPanel& p, const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    CostInputs in = p.input;
    const Catalogue& cat = builtin_catalogue();
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        if (std::find(std::begin(kTextKeys), std::end(kTextKeys), key) != std::end(kTextKeys)) {
            if (!v.is_string()) return Error{key, std::string("expected a text, got ") + v.type_name()};
            const std::string s = v.get<std::string>();
            if (key == "hardware_id" || key == "compare_a" || key == "compare_b") {
                if (!cat.accelerator(s)) return Error{key, cat.unknown_accelerator_message(s)};
                (key == "hardware_id" ? in.chip : in.compare[key == "compare_a" ? 0 : 1]).hardware_id = s;
            } else if (key == "model_id") {
                if (!cat.model(s)) return Error{key, cat.unknown_model_message(s)};
                in.model_id = s;
            } else if (key == "precision") {
                auto prec = parse_precision(s);
                if (!prec) return Error{key, prec.error().message};
                in.precision = *prec;
            } else {
                if (s != "owned-hardware" && s != "cloud-rental")
                    return Error{key, "'" + s + "' is not one of owned-hardware, cloud-rental"};
                in.economics.preset = s;
            }
            continue;
        }
        if (std::find(std::begin(kCountKeys), std::end(kCountKeys), key) != std::end(kCountKeys)) {
            if (!v.is_number() || v.get<double>() != std::floor(v.get<double>()) || v.get<double>() < 0 ||
                v.get<double>() > 100000)
                return Error{key, "expected a whole number of chips from 0 (the fewest that fit) to 100000"};
            const int n = int(v.get<double>());
            (key == "accelerator_count" ? in.chip : in.compare[key == "compare_a_count" ? 0 : 1]).count = n;
            continue;
        }
        if (auto k = std::find_if(std::begin(kNumberKeys), std::end(kNumberKeys),
                                  [&](const NumberKey& n) { return key == n.key; });
            k != std::end(kNumberKeys)) {
            if (!v.is_number()) return Error{key, std::string("expected a number, got ") + v.type_name()};
            if (auto e = check_range(k->key, v.get<double>(), k->lo, k->hi, k->unit)) return *e;
            in.*(k->member) = v.get<double>();
            continue;
        }
        if (auto f = std::find_if(std::begin(kEconFields), std::end(kEconFields),
                                  [&](const EconField& e) { return key == e.key; });
            f != std::end(kEconFields)) {
            if (v.is_null()) {  // back to the default
                in.economics.*(f->member) = kUnknown;
                continue;
            }
            auto e = economics_input_from_json(json{{key, v}});  // type and range, the cost model's own
            if (!e) return e.error();
            in.economics.*(f->member) = (*e).*(f->member);
            continue;
        }
        return Error{key, "unknown input of the cost view"};
    }
    p.input = in;
    return std::nullopt;
}

std::string cost_summary(const CostPanel& p) {
    const CostChipResult& c = p.chips[0];
    if (!c.cost) {
        return "No cost for " + p.input.chip.hardware_id + ": " +
               (p.error ? p.error->to_string() : std::string("not computed yet")) + ".";
    }
    const TokenCost& t = c.cost->tokens;
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "%s running %s (%s, %s): $%.3g per million output tokens, $%.3g per 1,000 tokens, "
                  "$%.4g per hour; TPOT %.3g ms at %.0f requests in flight.",
                  chip_label(c.chip, &c).c_str(), p.input.model_id.c_str(), to_string(p.input.precision),
                  rental_mode(p.input) ? "rented" : "owned", t.usd_per_mtok_output, t.usd_per_1k_tokens,
                  t.usd_per_hour, c.estimate->tpot_ms, c.estimate->concurrency);
    std::string s = buf;
    if (p.tornado && !p.tornado->rows.empty()) {
        const SensitivityRow& r = p.tornado->rows.front();
        std::snprintf(buf, sizeof buf, " The %s moves it most: $%.3g to $%.3g.", r.label.c_str(),
                      std::min(r.usd_per_mtok_at_low, r.usd_per_mtok_at_high),
                      std::max(r.usd_per_mtok_at_low, r.usd_per_mtok_at_high));
        s += buf;
    }
    if (p.input.baseline_usd_per_1k_tokens > 0) {
        std::snprintf(buf, sizeof buf, " That is %.3g\xC3\x97 your $%.3g per 1,000 tokens.",
                      t.usd_per_1k_tokens / p.input.baseline_usd_per_1k_tokens, p.input.baseline_usd_per_1k_tokens);
        s += buf;
    }
    return s;
}

json cost_state_json(const CostPanel& p) {
    json chips = json::array();
    for (const CostChipResult& c : p.chips) {
        json x = {{"hardware_id", c.chip.hardware_id}, {"count", c.chip.count}};
        if (c.estimate) {
            x["chips"] = c.estimate->layout.chips;
            x["system_output_tok_s"] = c.estimate->system_output_tok_s;
            x["ttft_ms"] = c.estimate->ttft_ms;
            x["tpot_ms"] = c.estimate->tpot_ms;
            x["e2e_latency_s"] = c.estimate->e2e_latency_s;
        }
        if (c.cost) {
            add_cost_summary(*c.cost, x);
            const HourlyCost& h = c.cost->system.usd_per_hour;
            x["breakdown_usd_per_hour"] = {{"capital", h.capital}, {"power", h.power}, {"datacenter", h.datacenter},
                                           {"operations", h.operations}, {"rental", h.rental}};
            x["mode"] = to_string(c.cost->system.economics.mode);
            if (p.input.baseline_usd_per_1k_tokens > 0)
                x["cost_vs_baseline"] = c.cost->tokens.usd_per_1k_tokens / p.input.baseline_usd_per_1k_tokens;
            if (p.input.baseline_p95_latency_s > 0 && c.estimate)
                x["latency_vs_baseline"] = c.estimate->e2e_latency_s / p.input.baseline_p95_latency_s;
        }
        x["error"] = c.error ? to_json(*c.error) : json(nullptr);
        chips.push_back(x);
    }
    json frontier = json::array();
    for (const CostFrontierLine& f : p.frontier) {
        json pts = json::array();
        for (size_t i = 0; i < f.line.points.size(); ++i)
            pts.push_back({{"concurrency", f.line.points[i].concurrency}, {"tpot_ms", f.line.points[i].tpot_ms},
                           {"usd_per_mtok_output", num_or_null(f.usd_per_mtok_output[i])}});
        frontier.push_back({{"hardware_id", f.line.chip.hardware_id}, {"chips", f.line.chips}, {"points", pts},
                            {"error", f.line.error ? to_json(*f.line.error) : json(nullptr)},
                            {"price_error", f.price_error ? to_json(*f.price_error) : json(nullptr)}});
    }
    json plan_state = nullptr;
    if (p.plan) {
        json best = json::array();
        for (const PlanConfig& c : p.plan->best) best.push_back(to_json(c));
        plan_state = {{"configurations_searched", p.plan->configurations_searched},
                      {"feasible", p.plan->feasible},
                      {"best", best},
                      {"rejected_by_kind", p.plan->rejected_by_kind},
                      {"current", p.plan_of && same_cost_inputs(*p.plan_of, p.input)}};
    }
    return {{"inputs", cost_inputs(p)},
            {"summary", cost_summary(p)},
            {"error", p.error ? to_json(*p.error) : json(nullptr)},
            {"chips", chips},
            {"tornado", p.tornado ? to_json(*p.tornado) : json(nullptr)},
            {"frontier", frontier},
            {"plan", plan_state},
            {"equal_latency", p.equal_latency ? to_json(*p.equal_latency) : json(nullptr)},
            {"equal_latency_error", p.equal_latency_error ? to_json(*p.equal_latency_error) : json(nullptr)},
            {"plan_error", p.plan_error ? to_json(*p.plan_error) : json(nullptr)},
            {"plan_ms", p.plan_ms},
            {"plan_runs", p.plan_runs},
            {"compute_ms", p.compute_ms},
            {"version", p.version},
            {"tornado_hover", p.tornado_hover},
            {"narrow", p.narrow}};
}

// [SECTION] inputs
namespace {

void heading(const char* text) {
    ImGui::Spacing();
    muted_wrapped(text);
}

// A tooltip's wrap width: about 30 characters' worth, never wider than the screen.
float tooltip_wrap() {
    return std::min(ImGui::GetFontSize() * 30.0f, ImGui::GetIO().DisplaySize.x - 40.0f);
}

bool hardware_combo(const char* id, std::string* hardware_id) {
    const Catalogue& cat = builtin_catalogue();
    const Accelerator* cur = cat.accelerator(*hardware_id);
    bool changed = false;
    if (ImGui::BeginCombo(id, cur ? cur->name.c_str() : hardware_id->c_str())) {
        for (const Accelerator& a : cat.accelerators) {
            const bool selected = a.id == *hardware_id;
            if (ImGui::Selectable(a.name.c_str(), selected)) *hardware_id = a.id, changed = true;
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

// A chip combo and its count on one line.
void chip_row(const Form& f, const char* label, const char* help, ChipPick& chip, const std::string& rect) {
    form_field(f, label, help);
    const float count_w = 56.0f;
    const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(std::max(40.0f, ImGui::GetContentRegionAvail().x - count_w - spacing));
    hardware_combo("##chip", &chip.hardware_id);
    note_item_rect(rect);
    ImGui::SameLine(0.0f, spacing);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputInt("##n", &chip.count, 0, 0);
    chip.count = std::clamp(chip.count, 0, 100000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("How many (0: the fewest that hold the model)");
    note_item_rect(rect + "_count");
}

void number_input(const Form& f, const char* label, const char* help, double* value, double lo, double hi,
                  const char* format, const std::string& rect) {
    form_field(f, label, help);
    double v = *value;
    if (ImGui::InputDouble(("##" + rect).c_str(), &v, 0.0, 0.0, format) && std::isfinite(v))
        *value = std::clamp(v, lo, hi);
    note_item_rect(rect);
}

// One economics field: the value used (typed, or the default), where it comes from, a reset.
void econ_input(const Form& f, CostPanel& p, const EconField& e) {
    const std::string& hw = p.input.chip.hardware_id;
    double* typed = &(p.input.economics.*e.member);
    double shown = *typed;
    std::string origin = "input";
    const CostChipResult& c = p.chips[0];
    if (std::isnan(shown) && c.cost) {
        const auto& used = c.cost->system.economics;
        if (auto it = used.values.find(e.key); it != used.values.end()) {
            shown = it->second;
            origin = used.origin.at(e.key);
        }
    }
    const EconomicsFigure* fig = figure_for(e.key, hw);
    if (std::isnan(shown) && fig) shown = fig->value, origin = "default";
    ImGui::PushID(e.key);
    form_field(f, e.label, e.help);
    const bool is_typed = !std::isnan(*typed);
    const float reset_w = is_typed ? ImGui::CalcTextSize("reset").x + ImGui::GetStyle().FramePadding.x * 2 +
                                         ImGui::GetStyle().ItemInnerSpacing.x
                                   : 0.0f;
    ImGui::SetNextItemWidth(std::max(40.0f, ImGui::GetContentRegionAvail().x - reset_w));
    double v = shown;
    const bool edited = ImGui::InputDouble("##v", &v, 0.0, 0.0, std::isnan(v) ? "(none)" : e.format);
    note_item_rect(std::string("cost_") + e.key);
    if (edited && std::isfinite(v)) {
        // Only a value the cost model accepts is taken (the same ranges as w2t cost).
        if (economics_input_from_json(json{{e.key, v}})) *typed = v;
    }
    if (is_typed) {
        ImGui::SameLine(0.0f, ImGui::GetStyle().ItemInnerSpacing.x);
        if (ImGui::SmallButton("reset")) *typed = kUnknown;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the default");
    }
    // Where the value comes from: typed, the per-chip or general default with its source, or the catalogue.
    std::string src;
    if (is_typed) src = "your value";
    else if (fig && origin != "catalogue") src = origin + ": " + host_of(fig->url) + ", " + fig->date + ", " + fig->quality;
    else if (origin == "catalogue") src = "catalogue (" + hw + "; Hardware view has the source)";
    else src = "no default for " + hw;
    ImGui::PushStyleColor(ImGuiCol_Text, fig && !is_typed && origin != "catalogue" ? kLinkColour : kMutedColour);
    ImGui::TextWrapped("  %s", src.c_str());
    ImGui::PopStyleColor();
    if (fig && !is_typed && origin != "catalogue") {
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(tooltip_wrap());
            ImGui::TextWrapped("%s (click to open)\n%s%s%s", fig->url.c_str(), fig->quote.empty() ? "" : "\"",
                               fig->quote.c_str(), fig->quote.empty() ? "" : "\"");
            if (!fig->note.empty()) ImGui::TextWrapped("%s", fig->note.c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (ImGui::IsItemClicked()) open_url(fig->url);
    }
    ImGui::PopID();
}

void draw_inputs(CostPanel& p, float width) {
    const Form f{std::min(150.0f, width * 0.42f), width < 250.0f};
    CostInputs& in = p.input;
    const Catalogue& cat = builtin_catalogue();

    ImGui::TextColored(kMutedColour, "SYSTEM AND WORKLOAD");
    ImGui::PushID("chip");
    chip_row(f, "Hardware", "The accelerator and how many per system (0: the fewest that hold the model).", in.chip,
             "cost_hardware");
    ImGui::PopID();
    form_field(f, "Model", "The model served.");
    const ModelArch* m = cat.model(in.model_id);
    if (ImGui::BeginCombo("##model", m ? m->name.c_str() : in.model_id.c_str())) {
        for (const ModelArch& a : cat.models)
            if (ImGui::Selectable(a.name.c_str(), a.id == in.model_id)) in.model_id = a.id;
        ImGui::EndCombo();
    }
    note_item_rect("cost_model");
    form_field(f, "Precision", "Weight precision.");
    if (ImGui::BeginCombo("##precision", to_string(in.precision))) {
        for (Precision v : kPrecisions)
            if (ImGui::Selectable(to_string(v), v == in.precision)) in.precision = v;
        ImGui::EndCombo();
    }
    number_input(f, "Input tokens", "Prompt length per request (mean).", &in.input_tokens, 1, 1e6, "%.0f",
                 "cost_input_tokens");
    number_input(f, "Output tokens", "Generated tokens per request (mean).", &in.output_tokens, 1, 1e6, "%.0f",
                 "cost_output_tokens");
    number_input(f, "In flight", "Requests in flight per system (fixed batch): more is cheaper per token, slower per user.",
                 &in.concurrency, 1, 1e6, "%.0f", "cost_concurrency");
    ImGui::PushID("cmp0");
    chip_row(f, "Compare B", "A chip for the frontier and the baseline table.", in.compare[0], "cost_compare0");
    ImGui::PopID();
    ImGui::PushID("cmp1");
    chip_row(f, "Compare C", "A chip for the frontier and the baseline table.", in.compare[1], "cost_compare1");
    ImGui::PopID();

    heading("ECONOMICS");
    bool rental = rental_mode(in);
    if (ImGui::RadioButton("Owned hardware", !rental)) in.economics.preset = "owned-hardware";
    note_item_rect("cost_owned");
    ImGui::SameLine();
    if (ImGui::RadioButton("Cloud rental", rental)) in.economics.preset = "cloud-rental";
    note_item_rect("cost_rental");
    rental = rental_mode(in);
    const auto& presets = builtin_economics().presets;
    if (auto it = presets.find(rental ? "cloud-rental" : "owned-hardware"); it != presets.end())
        muted_wrapped(it->second.c_str());
    for (const EconField& e : kEconFields)
        if (rental ? e.rental : e.owned) econ_input(f, p, e);
    if (rental)
        muted_wrapped("A typed rental rate applies to every chip compared; chips without a default rate need one.");

    heading("YOUR BASELINE");
    number_input(f, "$ per 1K tokens", "What you pay today per 1,000 tokens (input + output). 0: none.",
                 &in.baseline_usd_per_1k_tokens, 0, 1e4, "%.4f", "cost_baseline_cost");
    number_input(f, "p95 latency (s)", "Your p95 request latency today (end to end). 0: none.",
                 &in.baseline_p95_latency_s, 0, 1e5, "%.2f", "cost_baseline_latency");

    heading("EQUAL PER-USER SPEED");
    number_input(f, "Per-user tok/s", "The output speed every user must see: each chip runs as many requests as still "
                 "meets it (the three chips above).", &in.per_user_tok_s, 0.1, 1e5, "%.0f", "cost_per_user_tok_s");

    heading("PLANNER WORKLOAD");
    number_input(f, "Requests/s", "Arrival rate the fleet must serve.", &in.requests_per_s, 1e-3, 1e7, "%.3g",
                 "cost_requests_per_s");
    number_input(f, "p95 TTFT (ms)", "Target: time to first token, 95th percentile.", &in.ttft_p95_ms, 1, 1e7, "%.0f",
                 "cost_ttft_target");
    number_input(f, "p95 TPOT (ms)", "Target: time per output token, 95th percentile.", &in.tpot_p95_ms, 0.01, 1e5,
                 "%.1f", "cost_tpot_target");
    if (ImGui::Button("Find the cheapest configurations", ImVec2(-FLT_MIN, 0.0f))) p.plan_requested = true;
    note_item_rect("cost_plan_button");
    char status[160];
    const int space = plan_space_size(PlanSpace{});
    if (p.plan_runs == 0)
        std::snprintf(status, sizeof status, "Searches %d configurations (chip x count x precision x cap).", space);
    else
        std::snprintf(status, sizeof status, "Last run: %d configurations in %.0f ms.",
                      p.plan ? p.plan->configurations_searched : space, p.plan_ms);
    muted_wrapped(status);
}

// [SECTION] outputs
std::string fmt(double v, const char* unit) { return chart::format_value(v, unit); }
std::string usd(double v) {
    char b[48];
    if (!std::isfinite(v)) return "-";
    std::snprintf(b, sizeof b, v >= 100 ? "$%.0f" : v >= 1 ? "$%.2f" : "$%.3g", v);
    return b;
}

void metric_cell(const char* name, const std::string& value, const char* help) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kMutedColour, "%s", name);
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(value.c_str());
}

void draw_headline(const CostPanel& p, float width) {
    const CostChipResult& c = p.chips[0];
    if (!c.cost) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("No cost for %s: %s", chip_label(c.chip, &c).c_str(),
                           p.error ? p.error->to_string().c_str() : "not computed");
        ImGui::PopStyleColor();
        return;
    }
    const TokenCost& t = c.cost->tokens;
    const EstimateResult& r = *c.estimate;
    const int pairs = width >= 560.0f ? 2 : 1;
    if (ImGui::BeginTable("cost_results", pairs * 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        metric_cell("$/M output", usd(t.usd_per_mtok_output), "The hour's cost over its output tokens (all cost on output).");
        metric_cell("$/M tokens", usd(t.usd_per_mtok_total), "The hour's cost over every token, input and output alike.");
        metric_cell("$/1K tokens", usd(t.usd_per_1k_tokens), "Per 1,000 tokens, input + output.");
        metric_cell("$/hour", usd(t.usd_per_hour), "The whole system, per wall-clock hour.");
        metric_cell("Output", fmt(r.system_output_tok_s, "tok/s"), "Output tokens per second, whole system.");
        metric_cell("Tokens/J", std::isfinite(t.tokens_per_joule) ? fmt(t.tokens_per_joule, "") : "-",
                    "Output tokens per joule of facility energy (PUE included).");
        metric_cell("TTFT / TPOT", fmt(r.ttft_ms, "ms") + " / " + fmt(r.tpot_ms, "ms"),
                    "At this many requests in flight (no queueing).");
        metric_cell("kW/system", std::isfinite(t.kw_per_system) ? fmt(t.kw_per_system, "kW") : "-",
                    "Average facility draw of one system.");
        ImGui::EndTable();
    }
    char b[200];
    std::snprintf(b, sizeof b, "%s, %s, %s; computed in %.1f ms", r.layout.description.c_str(),
                  to_string(c.cost->system.economics.mode), r.input.model_id.c_str(), p.compute_ms);
    muted_wrapped(b);
    for (const std::string& n : c.cost->system.economics.notes) muted_wrapped(("Note: " + n).c_str());
}

void draw_tco(const CostPanel& p) {
    const CostChipResult& c = p.chips[0];
    if (!c.cost) return;
    const HourlyCost& h = c.cost->system.usd_per_hour;
    char title[160];
    std::snprintf(title, sizeof title, "TCO PER HOUR: %s for %s", usd(h.total).c_str(), chip_label(c.chip, &c).c_str());
    heading(title);
    std::vector<chart::Segment> segs;
    if (c.cost->system.economics.mode == CostMode::rental) {
        segs = {{"rental", h.rental, kTcoColours[4]}};
    } else {
        segs = {{"capital", h.capital, kTcoColours[0]},
                {"power", h.power, kTcoColours[1]},
                {"datacenter", h.datacenter, kTcoColours[2]},
                {"operations", h.operations, kTcoColours[3]}};
    }
    ImGui::BeginGroup();
    chart::stacked_bar("cost_tco", ImGui::GetFrameHeight(), segs, "USD/h");
    ImGui::EndGroup();
    note_item_rect("cost_tco");
}

void draw_frontier(const CostPanel& p, float height) {
    heading("$/M OUTPUT TOKENS VS TPOT (fixed batch 1, 2, 4 ... 1024 per system)");
    std::vector<chart::Series> series;
    for (size_t i = 0; i < p.frontier.size(); ++i) {
        const CostFrontierLine& f = p.frontier[i];
        chart::Series s;
        s.name = chip_label(f.line.chip, nullptr) + (i == 0 ? " (selected)" : "");
        s.colour = kChipColours[i % 3];
        for (size_t k = 0; k < f.line.points.size(); ++k) {
            s.x.push_back(f.line.points[k].tpot_ms);
            s.y.push_back(f.usd_per_mtok_output[k]);
        }
        series.push_back(std::move(s));
    }
    const CostChipResult& c = p.chips[0];
    if (c.cost) {
        chart::Series now;
        now.name = "this configuration";
        now.colour = theme().strong;  // stands out on a light or dark theme
        now.line = false;
        now.marker_radius = 5.0f;
        now.x = {c.estimate->tpot_ms};
        now.y = {c.cost->tokens.usd_per_mtok_output};
        series.push_back(std::move(now));
    }
    chart::PlotOptions options;
    options.default_tooltip = false;
    ImGui::BeginGroup();
    const chart::PlotHover h =
        chart::line_plot("cost_frontier", height, {"TPOT", "ms", true}, {"cost", "$/M output tokens", true}, series, options);
    ImGui::EndGroup();
    note_item_rect("cost_frontier");
    if (h.active() && h.series < static_cast<int>(p.frontier.size())) {
        const CostFrontierLine& f = p.frontier[h.series];
        const FrontierPoint& pt = f.line.points[h.index];
        ImGui::SetTooltip("%s x%d\n%s requests in flight\nTPOT %s, TTFT %s\n%s per M output tokens",
                          f.line.chip.hardware_id.c_str(), f.line.chips, chart::format_exact(pt.concurrency, "").c_str(),
                          chart::format_exact(pt.tpot_ms, "ms").c_str(), chart::format_exact(pt.ttft_ms, "ms").c_str(),
                          usd(f.usd_per_mtok_output[h.index]).c_str());
    } else if (h.active() && c.cost) {
        ImGui::SetTooltip("this configuration\nTPOT %s\n%s per M output tokens",
                          chart::format_exact(c.estimate->tpot_ms, "ms").c_str(),
                          usd(c.cost->tokens.usd_per_mtok_output).c_str());
    }
    for (const CostFrontierLine& f : p.frontier) {
        if (f.line.error)
            muted_wrapped((f.line.chip.hardware_id + ": no points: " + f.line.error->message).c_str());
        else if (f.price_error)
            muted_wrapped((f.line.chip.hardware_id + ": not priced: " + f.price_error->message).c_str());
    }
}

void ratio_cell(double ratio, bool lower_better) {
    if (!std::isfinite(ratio) || ratio <= 0) {
        ImGui::TextDisabled("-");
        return;
    }
    const bool same = std::fabs(ratio - 1.0) < 0.005;
    const bool better = lower_better ? ratio < 1.0 : ratio > 1.0;
    ImGui::TextColored(same ? kMutedColour : better ? kGoodColour : kWarnColour, "%.3g\xC3\x97", ratio);
}

void draw_baseline(const CostPanel& p) {
    const double base_cost = p.input.baseline_usd_per_1k_tokens, base_lat = p.input.baseline_p95_latency_s;
    heading("BESIDE YOUR BASELINE");
    if (base_cost <= 0 && base_lat <= 0)
        muted_wrapped("Type what you pay today ($ per 1K tokens) and your p95 latency (inputs, YOUR BASELINE) to see "
                      "each chip's ratio to it.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("cost_baseline", 5, flags)) {
        ImGui::TableSetupColumn("chip", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("$/1K", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn("vs", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn("latency", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("vs ", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableHeadersRow();
        if (base_cost > 0 || base_lat > 0) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kWarnColour, "your baseline");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(base_cost > 0 ? usd(base_cost).c_str() : "-");
            ImGui::TableNextColumn();
            ImGui::TextDisabled("1\xC3\x97");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(base_lat > 0 ? fmt(base_lat, "s").c_str() : "-");
            ImGui::TableNextColumn();
            ImGui::TextDisabled("1\xC3\x97");
        }
        for (int i = 0; i < 3; ++i) {
            const CostChipResult& c = p.chips[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kChipColours[i]), "%s", chip_label(c.chip, &c).c_str());
            if (!c.cost) {
                if (ImGui::IsItemHovered() && c.error) ImGui::SetTooltip("%s", c.error->to_string().c_str());
                ImGui::TableNextColumn();
                ImGui::TextDisabled("no cost");
                if (ImGui::IsItemHovered() && c.error) ImGui::SetTooltip("%s", c.error->to_string().c_str());
                ImGui::TableNextColumn();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.estimate ? fmt(c.estimate->e2e_latency_s, "s").c_str() : "-");
                ImGui::TableNextColumn();
                continue;
            }
            const double k = c.cost->tokens.usd_per_1k_tokens, lat = c.estimate->e2e_latency_s;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(usd(k).c_str());
            ImGui::TableNextColumn();
            ratio_cell(base_cost > 0 ? k / base_cost : NAN, true);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt(lat, "s").c_str());
            ImGui::TableNextColumn();
            ratio_cell(base_lat > 0 ? lat / base_lat : NAN, true);
        }
        ImGui::EndTable();
    }
    note_item_rect("cost_baseline_table");
    muted_wrapped("Latency: the model's end-to-end time of one request at this many in flight (a mean, beside your "
                  "p95); a chip without a price shows why on hover.");
}

void draw_tornado(CostPanel& p) {
    p.tornado_hover = -1;
    if (!p.tornado) {
        if (p.tornado_error) muted_wrapped(("No sensitivity: " + p.tornado_error->to_string()).c_str());
        return;
    }
    const Sensitivity& s = *p.tornado;
    heading("WHAT MOVES $/M OUTPUT TOKENS MOST");
    std::vector<chart::RangeBar> rows;
    for (const SensitivityRow& r : s.rows) {
        chart::RangeBar b;
        b.label = r.label;
        b.lo = r.usd_per_mtok_at_low;
        b.hi = r.usd_per_mtok_at_high;
        b.colour = kLowerColour;
        b.colour_above = kHigherColour;
        b.pivot = s.base_usd_per_mtok_output;
        b.text = usd(std::min(b.lo, b.hi)) + "\xE2\x80\x93" + usd(std::max(b.lo, b.hi));
        rows.push_back(std::move(b));
    }
    chart::RangeBarOptions o;
    o.axis = {"cost", "$/M output", false};
    o.include_zero = false;
    o.default_tooltip = false;
    o.markers = {{"base", s.base_usd_per_mtok_output, theme().strong}};
    ImGui::BeginGroup();
    p.tornado_hover = chart::range_bars("cost_tornado", rows, o);
    ImGui::EndGroup();
    note_item_rect("cost_tornado");
    if (p.tornado_hover >= 0) {
        const SensitivityRow& r = s.rows[p.tornado_hover];
        const std::string u = r.unit;
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(tooltip_wrap());
        ImGui::Text("%s", r.label.c_str());
        ImGui::Text("low %s: %s per M output tokens", chart::format_exact(r.low, u.c_str()).c_str(),
                    usd(r.usd_per_mtok_at_low).c_str());
        ImGui::Text("used %s: %s", chart::format_exact(r.base, u.c_str()).c_str(), usd(s.base_usd_per_mtok_output).c_str());
        ImGui::Text("high %s: %s", chart::format_exact(r.high, u.c_str()).c_str(), usd(r.usd_per_mtok_at_high).c_str());
        ImGui::TextColored(kMutedColour, "Range: %s", r.range_source.c_str());
        if (!r.range_url.empty()) ImGui::TextColored(kMutedColour, "%s", r.range_url.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    muted_wrapped("Each bar: $/M output tokens with one assumption at the low and at the high end of its range, the "
                  "rest as used. Green: below the base, red: above. Ranges: sourced in catalogue/economics.json where "
                  "it has one, else \xC2\xB1" "25 %; throughput \xC2\xB1" "30 % (hover a bar for which).");
}

void draw_plan(CostPanel& p, float width) {
    heading("PLANNER: THE CHEAPEST CONFIGURATIONS THAT MEET THE TARGETS");
    if (p.plan_error) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("%s", p.plan_error->to_string().c_str());
        ImGui::PopStyleColor();
        return;
    }
    if (!p.plan) {
        muted_wrapped("Set the workload (requests/s, p95 TTFT and TPOT targets) and press \"Find the cheapest "
                      "configurations\" in the inputs.");
        return;
    }
    const PlanResult& r = *p.plan;
    char b[240];
    std::snprintf(b, sizeof b, "%d configurations searched in %.0f ms; %d meet %.3g req/s at p95 TTFT <= %.0f ms, "
                  "TPOT <= %.1f ms.", r.configurations_searched, p.plan_ms, r.feasible, r.workload.requests_per_s,
                  r.workload.ttft_p95_ms, r.workload.tpot_p95_ms);
    muted_wrapped(b);
    if (p.plan_of && !same_cost_inputs(*p.plan_of, p.input))
        ImGui::TextColored(kWarnColour, "The inputs changed since this run: run it again.");
    const bool wide = width >= 620.0f;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
    if (!r.best.empty() && ImGui::BeginTable("cost_plan_best", wide ? 7 : 4, flags)) {
        ImGui::TableSetupColumn("configuration", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        if (wide) ImGui::TableSetupColumn("systems", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::TableSetupColumn("p95 TTFT", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("TPOT", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        if (wide) ImGui::TableSetupColumn("$/hour", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("$/M out", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        if (wide) ImGui::TableSetupColumn("bound by", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableHeadersRow();
        for (const PlanConfig& c : r.best) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s x%d %s, cap %.0f", c.hardware_id.c_str(), c.accelerator_count, to_string(c.precision),
                        c.concurrency_cap);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c.layout.c_str());
            if (wide) ImGui::TableNextColumn(), ImGui::Text("%.0f", c.systems);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt(c.ttft_p95_ms, "ms").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt(c.tpot_p95_ms, "ms").c_str());
            if (wide) ImGui::TableNextColumn(), ImGui::TextUnformatted(usd(c.usd_per_hour).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(usd(c.usd_per_mtok_output).c_str());
            if (wide) ImGui::TableNextColumn(), ImGui::TextUnformatted(c.bottleneck.c_str());
        }
        ImGui::EndTable();
    }
    note_item_rect("cost_plan_table");
    heading("WHY THE OTHERS FAIL (per chip: the nearest miss)");
    if (ImGui::BeginTable("cost_plan_rejected", 3, flags)) {
        ImGui::TableSetupColumn("chip", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("meet", ImGuiTableColumnFlags_WidthStretch, 0.4f);
        ImGui::TableSetupColumn("nearest miss", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableHeadersRow();
        for (const RejectionGroup& g : r.rejected_by_hardware) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(g.hardware_id.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d/%d", g.feasible, g.configurations);
            ImGui::TableNextColumn();
            if (g.has_closest) {
                ImGui::TextWrapped("%s: %s", g.closest.reject_kind.c_str(), g.closest.reason.c_str());
            } else {
                ImGui::TextDisabled("-");
            }
        }
        ImGui::EndTable();
    }
}

// The three chips at one per-user speed, and the article's claim beside our ratio.
void draw_equal_latency(const CostPanel& p, float width) {
    char title[160];
    std::snprintf(title, sizeof title, "AT EQUAL PER-USER SPEED: %.4g tok/s per user", p.input.per_user_tok_s);
    heading(title);
    if (p.equal_latency_error) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("%s", p.equal_latency_error->to_string().c_str());
        ImGui::PopStyleColor();
        return;
    }
    if (!p.equal_latency) return;
    const EqualLatencyResult& r = *p.equal_latency;
    const bool wide = width >= 620.0f;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("cost_equal_latency", wide ? 8 : 4, flags)) {
        ImGui::TableSetupColumn("chip", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        if (wide) ImGui::TableSetupColumn("in flight", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        if (wide) ImGui::TableSetupColumn("tok/s/user", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::TableSetupColumn(wide ? "system tok/s" : "tok/s", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("$/M out", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        if (wide) ImGui::TableSetupColumn("tok/s per MW", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        if (wide) ImGui::TableSetupColumn("binds", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("vs first", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < r.rows.size(); ++i) {
            const EqualLatencyRow& row = r.rows[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kChipColours[i % 3]), "%s x%d", row.hardware_id.c_str(),
                               row.accelerator_count);
            if (ImGui::IsItemHovered() && !row.layout.empty()) ImGui::SetTooltip("%s", row.layout.c_str());
            if (row.error || !row.reachable) {
                const std::string why = row.error ? row.error->message : row.binds;
                ImGui::TableNextColumn();
                ImGui::TextColored(kWarnColour, "%s", row.error ? "cannot run" : "cannot reach");
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why.c_str());
                for (int c = 1; c < (wide ? 7 : 3); ++c) {
                    ImGui::TableNextColumn();
                    if (c == 1 && !row.error) ImGui::TextDisabled("best %s", fmt(row.best_per_user_tok_s, "tok/s").c_str());
                }
                continue;
            }
            if (wide) ImGui::TableNextColumn(), ImGui::Text("%.0f", row.concurrency);
            if (wide) ImGui::TableNextColumn(), ImGui::TextUnformatted(fmt(row.per_user_tok_s, "").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt(row.system_output_tok_s, "").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(usd(row.usd_per_mtok_output).c_str());
            if (row.price_error && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.price_error->to_string().c_str());
            if (wide) ImGui::TableNextColumn(), ImGui::TextUnformatted(std::isfinite(row.tok_s_per_mw) ? fmt(row.tok_s_per_mw, "").c_str() : "-");
            if (wide) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row.binds_kind.c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.binds.c_str());
            }
            ImGui::TableNextColumn();
            ratio_cell(row.cost_ratio, true);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("$/M output tokens over the first chip's; tok/s per MW %.3g\xC3\x97",
                                  std::isfinite(row.tok_s_per_mw_ratio) ? row.tok_s_per_mw_ratio : 0.0);
        }
        ImGui::EndTable();
    }
    note_item_rect("cost_equal_latency_table");
    for (const EqualLatencyRow& row : r.rows) {
        std::string line = row.hardware_id + ": ";
        if (row.error) line += "cannot run the model: " + row.error->message;
        else if (!wide && row.reachable)
            line += fmt(row.concurrency, "") + " in flight at " + fmt(row.per_user_tok_s, "tok/s") + " each; " +
                    (std::isfinite(row.tok_s_per_mw) ? fmt(row.tok_s_per_mw, "tok/s per MW") + "; " : "") + row.binds;
        else line += row.binds;
        muted_wrapped(line.c_str());
    }
    for (const PublishedCostClaim& c : r.claims) {
        ImGui::Spacing();
        ImGui::TextWrapped("Published: \"%s\"", c.claim.c_str());
        if (c.source_url.empty()) {
            ImGui::TextColored(kWarnColour, "Source: unsourced");
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(tooltip_wrap());
                ImGui::TextWrapped("%s", c.says.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        } else {
            ImGui::TextColored(kLinkColour, "Source: %s, %s", host_of(c.source_url).c_str(), c.source_date.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (click to open)", c.source_url.c_str());
            if (ImGui::IsItemClicked()) open_url(c.source_url);
        }
        note_item_rect("cost_equal_latency_claim_source");
        char b[256];
        if (std::isfinite(c.computed_ratio)) {
            std::snprintf(b, sizeof b, "%s / %s cost per token: claimed %.2f\xC3\x97, ours %.2f\xC3\x97 at this speed",
                          c.chip.c_str(), c.versus.c_str(), c.claimed_ratio, c.computed_ratio);
            ImGui::TextWrapped("%s", b);
            if (c.disagrees) ImGui::TextColored(kWarnColour, "DISAGREES (more than %.0f %% apart)", c.tolerance * 100);
            else ImGui::TextColored(kGoodColour, "agrees within %.0f %%", c.tolerance * 100);
        } else {
            std::snprintf(b, sizeof b, "Claimed %s / %s: %.2f\xC3\x97. Pick both chips (each reaching the speed) to compare.",
                          c.chip.c_str(), c.versus.c_str(), c.claimed_ratio);
            muted_wrapped(b);
        }
        note_item_rect("cost_equal_latency_claim");
    }
}

void draw_output(CostPanel& p, float width, float chart_height) {
    draw_headline(p, width);
    draw_tco(p);
    if (width >= 900.0f && ImGui::BeginTable("cost_mid", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        draw_frontier(p, chart_height);
        ImGui::TableNextColumn();
        draw_tornado(p);
        draw_baseline(p);
        ImGui::EndTable();
    } else {
        draw_frontier(p, chart_height);
        draw_tornado(p);
        draw_baseline(p);
    }
    draw_equal_latency(p, width);
    draw_plan(p, width);
}

}  // namespace

// [SECTION] draw_cost_panel()
void draw_cost_panel(CostPanel& panel) {
    panel.narrow = ImGui::GetContentRegionAvail().x < 820.0f;
    update_cost_panel(panel);
    static const ViewLayout layout{
        "cost",
        "What a token costs: a chip owned or rented, its hour over its tokens. Every default is sourced and "
        "editable; hover a value's source to read it, click to open it.",
        820.0f, 0.8f, 220.0f, 320.0f, 0.42f, 240.0f, 420.0f};
    draw_view_layout(
        layout, [&](float w) { draw_inputs(panel, w); }, [&] { update_cost_panel(panel); },
        [&](float w, float chart_h) { draw_output(panel, w, chart_h); });
}

}  // namespace w2t::web
