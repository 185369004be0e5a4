// [SECTION] Contents
//   helpers: value checks, numbers in sentences
//   one section per view: its inputs, setting them, its summary
//   the table of views
//   scenario JSON, fragment out, fragment in
#include "scenario.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "app.hpp"
#include "chart.hpp"
#include "w2t/catalogue/catalogue.hpp"
#include "w2t/fragment.hpp"
#include "w2t/json_io.hpp"
#include "w2t/perf/estimate_json.hpp"

namespace w2t::web {
namespace {

using nlohmann::json;

// [SECTION] helpers

std::optional<Error> only_keys(const json& j, std::initializer_list<const char*> allowed) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    for (const auto& item : j.items()) {
        const std::string& key = item.key();
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* k) { return key == k; }))
            return Error{key, "is not an input of this view"};
    }
    return std::nullopt;
}

std::string num(double v, const char* unit) { return chart::format_value(v, unit); }

// [SECTION] dies per wafer ("dpw")

json wafer_inputs(const App& a) {
    json j = to_json(a.wafer.input);
    j["best_offset"] = a.wafer.use_optimal_offset;
    return j;
}

std::optional<Error> set_wafer_inputs(App& a, const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    json merged = to_json(a.wafer.input);
    bool best = a.wafer.use_optimal_offset;
    for (const auto& item : j.items()) {
        if (item.key() == "best_offset") {
            if (!item.value().is_boolean()) return Error{"best_offset", "expected true or false"};
            best = item.value().get<bool>();
        } else {
            merged[item.key()] = item.value();
        }
    }
    auto in = dies_per_wafer_input_from_json(merged);
    if (!in) return in.error();
    a.wafer.input = *in;
    a.wafer.use_optimal_offset = best;
    return std::nullopt;
}

std::string wafer_summary(const App& a) {
    const auto& p = a.wafer;
    if (!p.result) return p.error ? "Dies per wafer: " + p.error->to_string() : "Dies per wafer: computing.";
    const auto& in = p.computed ? *p.computed : p.input;
    const auto& r = *p.result;
    char text[320];
    std::snprintf(text, sizeof text,
                  "%lld whole %.4g x %.4g mm dies fit a %.0f mm wafer at the best grid offset "
                  "(%lld with a centred grid); the textbook formula says %.1f (%+.1f %%).",
                  static_cast<long long>(r.gross_dies), in.die_width_mm, in.die_height_mm, in.wafer_diameter_mm,
                  static_cast<long long>(r.centered_grid_dies), r.approx_dies, r.approx_error_pct);
    std::string s = text;
    if (p.error) s += " The current input is not valid: " + p.error->to_string() + ".";
    return s;
}

// [SECTION] inference

// Every key, optional ones at their neutral value, so a link that leaves one
// out means "not set" rather than "as it was on screen".
json inference_inputs(const App& a) {
    const EstimateInput& in = a.inference.input;
    json j = to_json(in);
    for (const char* key : {"framework", "kv_precision"})
        if (!j.contains(key)) j[key] = "";
    for (const char* key : {"tensor_parallel", "pipeline_parallel"})
        if (!j.contains(key)) j[key] = 0;
    for (const char* key : {"ttft_limit_ms", "tpot_limit_ms", "client_overhead_ms"})
        if (!j.contains(key)) j[key] = 0.0;
    if (!j.contains("speculative"))
        j["speculative"] = {{"draft_tokens", 0}, {"acceptance", in.speculative.acceptance}};
    // The concurrency entry counts only for a fixed batch (set_inference_inputs keeps it otherwise).
    if (in.scenario != Scenario::fixed_batch) j.erase("concurrency");
    return j;
}

std::optional<Error> set_inference_inputs(App& a, const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    auto& panel = a.inference;
    const json known = inference_inputs(a);
    for (const auto& item : j.items())
        if (item.key() != "concurrency" && !known.contains(item.key()))
            return Error{item.key(), "is not an input of this view"};
    // The panel keeps its concurrency entry while another scenario ignores it;
    // it is part of the request only where it counts (fixed-batch).
    json merged = to_json(panel.input);
    merged.erase("concurrency");
    merged.update(j);
    if (merged.value("scenario", "") == "fixed-batch" && !merged.contains("concurrency"))
        merged["concurrency"] = std::max(1.0, panel.input.concurrency);
    auto in = estimate_input_from_json(merged);
    if (!in) return in.error();
    EstimateInput next = *in;
    // Unknown ids and out-of-range values are the request's fault (a model that
    // does not fit is not: the view shows that as its error).
    if (auto e = check_estimate_input(next, builtin_catalogue())) return e;
    if (!j.contains("concurrency") && next.scenario != Scenario::fixed_batch) next.concurrency = panel.input.concurrency;
    panel.input = next;
    return std::nullopt;
}

std::string inference_summary(const App& a) {
    const auto& p = a.inference;
    if (!p.result) return p.error ? "Inference: " + p.error->to_string() : "Inference: computing.";
    const auto& r = *p.result;
    const auto& cat = builtin_catalogue();
    const auto* chip = cat.accelerator(r.input.hardware_id);
    const auto* model = cat.model(r.input.model_id);
    std::string s = (model ? model->name : r.input.model_id) + " on " + std::to_string(r.layout.chips) + " x " +
                    (chip ? chip->name : r.input.hardware_id) + ": time to first token " + num(r.ttft_ms, "ms") +
                    ", " + num(r.per_user_output_tok_s, "tok/s") + " per user, " +
                    num(r.system_output_tok_s, "tok/s") + " for the system at " + num(r.concurrency, "") +
                    " requests in flight; decode is bound by " + r.bottleneck + ".";
    if (p.error) s += " The current input is not valid: " + p.error->to_string() + ".";
    return s;
}

// [SECTION] hardware

json hardware_inputs(const App& a) {
    const auto& p = a.hardware;
    return {{"a", p.a}, {"b", p.b}, {"chip", p.validation.chip}, {"model", p.validation.model},
            {"claims_only", p.validation.claims_only}};
}

std::optional<Error> set_hardware_inputs(App& a, const json& j) {
    if (auto e = only_keys(j, {"a", "b", "chip", "model", "claims_only"})) return e;
    const auto& cat = builtin_catalogue();
    for (const char* side : {"a", "b"})
        if (j.contains(side) && (!j[side].is_string() || !cat.accelerator(j[side].get<std::string>())))
            return Error{side, "unknown hardware id"};
    for (const char* key : {"chip", "model"})
        if (j.contains(key) && !j[key].is_string()) return Error{key, "expected a text"};
    if (j.contains("claims_only") && !j["claims_only"].is_boolean())
        return Error{"claims_only", "expected true or false"};
    auto& p = a.hardware;
    if (j.contains("a")) p.a = j["a"].get<std::string>();
    if (j.contains("b")) p.b = j["b"].get<std::string>();
    if (j.contains("chip")) p.validation.chip = j["chip"].get<std::string>();
    if (j.contains("model")) p.validation.model = j["model"].get<std::string>();
    if (j.contains("claims_only")) p.validation.claims_only = j["claims_only"].get<bool>();
    return std::nullopt;
}

std::string hardware_summary(const App& a) {
    const auto& cat = builtin_catalogue();
    const auto* x = cat.accelerator(a.hardware.a);
    const auto* y = cat.accelerator(a.hardware.b);
    std::string s = "The accelerator catalogue: " + std::to_string(cat.accelerators.size()) + " chips, " +
                    (x ? x->name : a.hardware.a) + " beside " + (y ? y->name : a.hardware.b) + ".";
    if (const auto& v = a.hardware.validation; v.report) {
        char text[200];
        std::snprintf(text, sizeof text, " Measured vs model: %zu published measurements, median error %.1f %%.",
                      v.report->rows.size(), v.report->overall.median_abs_error_pct);
        s += text;
    }
    return s;
}

// [SECTION] sources

json sources_inputs(const App& a) {
    return {{"filter", a.sources.filter}, {"quality", a.sources.quality}, {"kind", a.sources.kind}};
}

std::optional<Error> set_sources_inputs(App& a, const json& j) {
    if (auto e = only_keys(j, {"filter", "quality", "kind"})) return e;
    for (const char* key : {"filter", "quality"})
        if (j.contains(key) && !j[key].is_string()) return Error{key, "expected a text"};
    if (j.contains("kind") &&
        (!j["kind"].is_number_integer() || j["kind"].get<int>() < -1 || j["kind"].get<int>() > 2))
        return Error{"kind", "expected -1 (all), 0 (accelerators), 1 (models) or 2 (measurements)"};
    auto& p = a.sources;
    if (j.contains("filter")) p.filter = j["filter"].get<std::string>();
    if (j.contains("quality")) p.quality = j["quality"].get<std::string>();
    if (j.contains("kind")) p.kind = j["kind"].get<int>();
    return std::nullopt;
}

std::string sources_summary(const App& a) {
    const auto& p = a.sources;
    if (p.entries.empty()) return "Sources: every figure in use with its link, date and quality flag.";
    return "Sources: " + std::to_string(p.visible.size()) + " of " + std::to_string(p.entries.size()) +
           " figures shown, from " + std::to_string(p.distinct_urls) + " distinct links.";
}

// [SECTION] probe
// A link carries what to measure, never how to authenticate: no key, no
// headers (they may hold one), and the URL without credentials in it.

const std::initializer_list<const char*> kProbeLinkKeys = {
    "preset", "url", "dialect", "model", "prompt", "max_tokens", "runs", "concurrency", "connect_timeout_s",
    "first_byte_timeout_s", "idle_timeout_s", "total_timeout_s", "hardware_id", "chips", "catalogue_model",
    "precision"};

// The URL without user:password@ and without query parameters that look like credentials.
std::string url_without_credentials(const std::string& url) {
    std::string out = url;
    const size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const size_t host_end = out.find_first_of("/?#", scheme + 3);
        const size_t at = out.rfind('@', host_end == std::string::npos ? out.size() : host_end);
        if (at != std::string::npos && at > scheme) out.erase(scheme + 3, at - scheme - 2);
    }
    const size_t q = out.find('?');
    if (q == std::string::npos) return out;
    std::string kept;
    size_t start = q + 1;
    while (start <= out.size()) {
        size_t end = out.find('&', start);
        if (end == std::string::npos) end = out.size();
        std::string part = out.substr(start, end - start);
        std::string name = part.substr(0, part.find('='));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        const bool secret = name.find("key") != std::string::npos || name.find("token") != std::string::npos ||
                            name.find("secret") != std::string::npos || name.find("auth") != std::string::npos ||
                            name.find("sig") != std::string::npos || name.find("password") != std::string::npos;
        if (!part.empty() && !secret) kept += (kept.empty() ? "" : "&") + part;
        start = end + 1;
    }
    return out.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}

json probe_inputs(const App& a) {
    json j = probe_settings_json(a.probe.settings);
    j.erase("headers");  // they may hold a key
    j["url"] = url_without_credentials(a.probe.settings.url);
    return j;
}

std::optional<Error> set_probe_inputs(App& a, const json& j) {
    for (const char* secret : {"api_key", "headers", "remember_key"})
        if (j.is_object() && j.contains(secret))
            return Error{secret, "is never taken from a link: type it in the Probe view"};
    if (auto e = only_keys(j, kProbeLinkKeys)) return e;
    return set_probe_settings(a.probe, j);
}

std::string probe_summary(const App& a) {
    const json& s = a.probe.summary;
    if (!s.is_object() || s.value("requests", 0) == 0)
        return "Probe: no run yet. It measures time to first token, inter-token latency and throughput of a "
               "streaming endpoint from this browser.";
    std::string text = "Probe: " + std::to_string(s.value("requests", 0)) + " requests, " +
                       std::to_string(s["outcomes"].value("ok", 0)) + " succeeded.";
    const json& ttft = s["ttft_ms"];
    if (ttft.is_object() && ttft.contains("p50") && ttft["p50"].is_number())
        text += " Time to first token p50 " + num(ttft["p50"].get<double>(), "ms") + ", p95 " +
                num(ttft.value("p95", 0.0), "ms") + ".";
    return text;
}

// [SECTION] the table of views

const std::vector<ViewEntry> kViews = {
    {"dpw", "Dies per wafer", wafer_inputs, set_wafer_inputs, wafer_summary,
     [](App& a, const MapPainter& painter) { draw_wafer_panel(a.wafer, painter); },
     [](const App& a) { return a.wafer.result ? to_json(*a.wafer.result) : json(nullptr); }},
    {"supply", "Supply chain", [](const App& a) { return supply_inputs(a.supply); },
     [](App& a, const json& j) { return set_supply_inputs(a.supply, j); },
     [](const App& a) { return supply_summary(a.supply); },
     [](App& a, const MapPainter& painter) { draw_supply_panel(a.supply, painter); },
     [](const App& a) {
         json j = supply_state_json(a.supply);  // the key figures, without the inputs (the scenario has them)
         j.erase("input");
         return j;
     }},
    {"inference", "Inference", inference_inputs, set_inference_inputs, inference_summary,
     [](App& a, const MapPainter&) { draw_inference_panel(a.inference); },
     [](const App& a) { return a.inference.result ? summary_json(*a.inference.result) : json(nullptr); }},
    {"cost", "Cost", [](const App& a) { return cost_inputs(a.cost); },
     [](App& a, const json& j) { return set_cost_inputs(a.cost, j); },
     [](const App& a) { return cost_summary(a.cost); },
     [](App& a, const MapPainter&) { draw_cost_panel(a.cost); }},
    {"probe", "Probe", probe_inputs, set_probe_inputs, probe_summary,
     [](App& a, const MapPainter&) { draw_probe_panel(a.probe); },
     [](const App& a) { return a.probe.summary.is_object() ? a.probe.summary : json(nullptr); }},
    {"compare", "Compare", [](const App& a) { return compare_inputs(a.compare); },
     [](App& a, const json& j) { return set_compare_inputs(a.compare, j); },
     [](const App& a) { return compare_summary(a.compare); },
     [](App& a, const MapPainter&) { draw_compare_panel(a.compare, a.probe); }},
    {"hardware", "Hardware", hardware_inputs, set_hardware_inputs, hardware_summary,
     [](App& a, const MapPainter&) { draw_hardware_panel(a.hardware); }},
    {"sources", "Sources", sources_inputs, set_sources_inputs, sources_summary,
     [](App& a, const MapPainter&) { draw_sources_panel(a.sources); }},
};

// A fresh app's inputs per view: a link carries only what differs from them,
// and applying a link starts from them (so a link opens the same view whatever
// was on screen before).
const json& default_inputs(const ViewEntry& v) {
    static std::map<std::string, json> defaults;
    auto it = defaults.find(v.name);
    if (it == defaults.end()) {
        static const App fresh;  // built once, on first use
        it = defaults.emplace(v.name, v.inputs(fresh)).first;
    }
    return it->second;
}

}  // namespace

// [SECTION] the table, scenario JSON and the fragment

const std::vector<ViewEntry>& views() { return kViews; }

const ViewEntry* find_view(std::string_view name) {
    for (const auto& v : kViews)
        if (name == v.name) return &v;
    return nullptr;
}

// The view a scenario names: one asked for (set_view, a link) counts before the
// frame that shows it, or the address bar would briefly say the old one.
const std::string& scenario_view(const App& a) { return a.requested_view.empty() ? a.view : a.requested_view; }

json scenario_json(const App& a) {
    const ViewEntry* v = find_view(scenario_view(a));
    json j = v ? v->inputs(a) : json::object();
    j["view"] = scenario_view(a);
    if (a.embed) j["embed"] = true;
    if (!a.theme.empty()) j["theme"] = a.theme;
    return j;
}

json export_json(const App& a) {
    const ViewEntry* v = find_view(scenario_view(a));
    json j = scenario_json(a);
    j.erase("embed");
    j.erase("theme");
    return {{"tool", "wafer2token"},
            {"view", scenario_view(a)},
            {"scenario", j},
            {"link_fragment", scenario_fragment(a)},
            {"summary", v ? v->summary(a) : ""},
            {"results", v && v->results ? v->results(a) : json(nullptr)}};
}

namespace {

std::string csv_field(std::string text) {
    // A spreadsheet would run a cell starting with = + @ as a formula: not ours to run.
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@' || text[0] == '\t')) text = "'" + text;
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// Nested objects and arrays flatten to dotted/indexed field names.
void csv_rows(const std::string& section, const std::string& prefix, const json& value, std::string& out) {
    if (value.is_object()) {
        for (const auto& item : value.items())
            csv_rows(section, prefix.empty() ? item.key() : prefix + "." + item.key(), item.value(), out);
    } else if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) csv_rows(section, prefix + "[" + std::to_string(i) + "]", value[i], out);
    } else {
        const std::string text = value.is_string() ? value.get<std::string>()
                                                   : value.dump(-1, ' ', false, json::error_handler_t::replace);
        out += csv_field(section) + "," + csv_field(prefix) + "," + csv_field(text) + "\n";
    }
}

}  // namespace

std::string export_csv(const App& a) {
    const json j = export_json(a);
    std::string out = "section,field,value\n";
    csv_rows("scenario", "", j["scenario"], out);
    csv_rows("summary", "text", j["summary"], out);
    if (!j["results"].is_null()) csv_rows("results", "", j["results"], out);
    return out;
}

std::string scenario_fragment(const App& a) {
    FragmentPairs pairs{{"view", scenario_view(a)}};
    if (const ViewEntry* v = find_view(scenario_view(a))) {
        const json inputs = v->inputs(a);
        const json& defaults = default_inputs(*v);
        for (const auto& item : inputs.items())
            if (!defaults.contains(item.key()) || defaults[item.key()] != item.value())
                pairs.emplace_back(item.key(), item.value());
    }
    if (a.embed) pairs.emplace_back("embed", 1);
    if (!a.theme.empty()) pairs.emplace_back("theme", a.theme);
    return encode_fragment(pairs);
}

std::optional<Error> apply_fragment(App& a, std::string_view fragment) {
    auto pairs = decode_fragment(fragment);
    if (!pairs) return pairs.error();
    std::string view_name = scenario_view(a);
    json inputs = json::object();
    std::optional<bool> embed;
    std::optional<std::string> theme;
    for (const auto& [key, value] : *pairs) {
        if (key == "view") {
            if (!value.is_string() || !find_view(value.get<std::string>()))
                return Error{"view", "unknown view '" + (value.is_string() ? value.get<std::string>() : value.dump()) +
                                         "'"};
            view_name = value.get<std::string>();
        } else if (key == "embed") {
            if (value != 0 && value != 1 && !value.is_boolean()) return Error{"embed", "expected 0 or 1"};
            embed = value == 1 || value == true;
        } else if (key == "theme") {
            if (value != "light" && value != "dark" && value != "system")
                return Error{"theme", "expected light, dark or system"};
            theme = value.get<std::string>();
        } else {
            inputs[key] = value;
        }
    }
    const ViewEntry* v = find_view(view_name);
    if (!v) return Error{"view", "unknown view '" + view_name + "'"};
    // From the defaults, so a link means the same whatever was on screen; each
    // view's set_inputs checks every key before it changes anything.
    json merged = default_inputs(*v);
    merged.update(inputs);
    if (auto e = v->set_inputs(a, merged)) return e;
    if (embed) a.embed = *embed;
    if (theme) a.theme = *theme == "system" ? "" : *theme;
    set_view(a, view_name);
    return std::nullopt;
}

}  // namespace w2t::web
