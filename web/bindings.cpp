// Embind: a thin JSON surface over the core and the page state, wrapped into
// window.w2t by public/main.js. Errors come back as values, never as throws.
#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <string>

#include "app.hpp"
#include "scenario.hpp"
#include "widget_rects.hpp"
#include "w2t/json_io.hpp"
#include "w2t/perf/estimate_json.hpp"

// The probe view's transport, public/probe.js (set on the module by main.js).
// C++ -> JS: a run's plan (URL, headers with the key, body, limits), cancel,
// the remembered keys for localStorage, and a download.
EM_JS(void, js_probe_start, (const char* plan), { Module["w2tProbeStart"](UTF8ToString(plan)); });
EM_JS(void, js_probe_cancel, (double run_id), { Module["w2tProbeCancel"](run_id); });
EM_JS(void, js_probe_save_keys, (const char* keys), { Module["w2tProbeSaveKeys"](UTF8ToString(keys)); });
EM_JS(void, js_probe_download, (const char* name, const char* text),
      { Module["w2tProbeDownload"](UTF8ToString(name), UTF8ToString(text)); });

namespace {

using nlohmann::json;

json failure(const w2t::Error& e) { return {{"ok", false}, {"error", w2t::to_json(e)}}; }

// {"die_width_mm": ...} -> {"ok": true, "result": {...}} or {"ok": false, "error": {...}}
std::string dies_per_wafer_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return failure(j.error()).dump();
    auto in = w2t::dies_per_wafer_input_from_json(*j);
    if (!in) return failure(in.error()).dump();
    auto r = w2t::dies_per_wafer(*in);
    if (!r) return failure(r.error()).dump();
    return json{{"ok", true}, {"input", w2t::to_json(*in)}, {"result", w2t::to_json(*r)}}.dump();
}

// The page's current input, shown result and error, for tests and embeds.
std::string ui_state_json() {
    const auto& panel = w2t::web::app().wafer;
    json state{{"input", w2t::to_json(panel.input)},
               {"result", panel.result ? w2t::to_json(*panel.result) : json(nullptr)},
               {"error", panel.error ? w2t::to_json(*panel.error) : json(nullptr)},
               {"compute_ms", panel.compute_ms}};
    return state.dump();
}

// Sets a view's inputs (any subset of its scenario keys, web/scenario.cpp); a
// bad request changes nothing and names the field.
std::string set_view_inputs_json(const char* view, const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return failure(j.error()).dump();
    if (auto e = w2t::web::find_view(view)->set_inputs(w2t::web::app(), *j)) return failure(*e).dump();
    w2t::web::request_redraw();
    return json{{"ok", true}}.dump();
}

std::string set_wafer_input_json(const std::string& request) { return set_view_inputs_json("dpw", request); }

// {"x0":..,"y0":..,"x1":..,"y1":..} in canvas CSS pixels, or null when unknown.
std::string widget_rect_json(const std::string& name) {
    auto r = w2t::web::widget_rect(name);
    if (!r) return "null";
    return json{{"x0", r->x0}, {"y0", r->y0}, {"x1", r->x1}, {"y1", r->y1}}.dump();
}

// The tab shown: "dpw" or "inference".
std::string current_view() { return w2t::web::app().view; }

// Switches tabs from the next frame on; false for an unknown view.
bool set_view(const std::string& name) { return w2t::web::set_view(w2t::web::app(), name); }

// The inference view's input, shown result (or null), error (or null), and the
// frontier's lines (chip, chips, points, error) for tests and embeds.
std::string inference_state_json() {
    const auto& p = w2t::web::app().inference;
    json frontier = json::array();
    for (const auto& line : p.frontier) {
        json points = json::array();
        for (const auto& pt : line.points)
            points.push_back({{"concurrency", pt.concurrency}, {"per_user_tok_s", pt.per_user_tok_s},
                              {"system_tok_s", pt.system_tok_s}});
        frontier.push_back({{"hardware_id", line.chip.hardware_id}, {"count", line.chip.count},
                            {"chips", line.chips}, {"points", points},
                            {"error", line.error ? w2t::to_json(*line.error) : json(nullptr)}});
    }
    json state{{"input", w2t::to_json(p.input)},
               {"result", p.result ? w2t::to_json(*p.result) : json(nullptr)},
               {"error", p.error ? w2t::to_json(*p.error) : json(nullptr)},
               {"compare", p.compare_result ? w2t::summary_json(*p.compare_result) : json(nullptr)},
               {"frontier", frontier},
               {"result_version", p.result_version},
               {"frontier_version", p.frontier_version},
               {"compute_ms", p.compute_ms},
               {"frontier_ms", p.frontier_ms},
               {"narrow", p.narrow},
               {"hover", {{"series", p.frontier_hover.series}, {"index", p.frontier_hover.index}}}};
    return state.dump();
}

// The inference view's inputs (any subset of the estimate fields); a model
// rejecting a well-formed request is shown as the view's error.
std::string set_inference_input_json(const std::string& request) { return set_view_inputs_json("inference", request); }

double frame_count() { return static_cast<double>(w2t::web::app().frames); }

// [SECTION] the probe view: public/probe.js is its transport.
w2t::web::ProbePanel& probe_panel() { return w2t::web::app().probe; }

void install_probe_transport() {
    auto& t = probe_panel().transport;
    t.start = [](const std::string& plan) { js_probe_start(plan.c_str()); };
    t.cancel = [](uint64_t run) { js_probe_cancel(static_cast<double>(run)); };
    t.save_keys = [](const std::string& keys) { js_probe_save_keys(keys.c_str()); };
    t.download = [](const std::string& name, const std::string& text) { js_probe_download(name.c_str(), text.c_str()); };
}

// JS -> C++: the page's protocol and the keys kept in localStorage, at start-up.
void probe_init(const std::string& page_protocol, const std::string& remembered_json) {
    install_probe_transport();
    auto& p = probe_panel();
    p.page_protocol = page_protocol;
    auto j = w2t::parse_json(remembered_json);
    if (j && j->is_object())
        for (const auto& [preset, key] : j->items())
            if (key.is_string() && !key.get<std::string>().empty()) p.remembered[preset] = key.get<std::string>();
    w2t::web::apply_probe_preset(p, p.settings.preset);  // picks up a remembered key
}

// Transport events: run id, request index, performance.now() in ms.
uint64_t run_of(double id) { return static_cast<uint64_t>(id); }
void probe_started(double run, int i, double t) { w2t::web::probe_started(probe_panel(), run_of(run), i, t); w2t::web::request_redraw(); }
void probe_headers(double run, int i, int status, double t) {
    w2t::web::probe_headers(probe_panel(), run_of(run), i, status, t);
    w2t::web::request_redraw();
}
// bytes: a Uint8Array of the raw body bytes (UTF-8 split across chunks stays intact).
void probe_chunk(double run, int i, double t, const std::string& bytes) {
    w2t::web::probe_chunk(probe_panel(), run_of(run), i, t, bytes);
    w2t::web::request_redraw();
}
void probe_end(double run, int i, double t) { w2t::web::probe_end(probe_panel(), run_of(run), i, t); w2t::web::request_redraw(); }
void probe_timeout(double run, int i, double t, const std::string& why) {
    w2t::web::probe_timeout(probe_panel(), run_of(run), i, t, why);
    w2t::web::request_redraw();
}
void probe_failed(double run, int i, double t, const std::string& message) {
    w2t::web::probe_failed(probe_panel(), run_of(run), i, t, message);
    w2t::web::request_redraw();
}
void probe_run_finished(double run, double t) {
    w2t::web::probe_run_finished(probe_panel(), run_of(run), t);
    w2t::web::request_redraw();
}
void probe_hidden(double run) {
    w2t::web::probe_hidden(probe_panel(), run_of(run));
    w2t::web::request_redraw();
}

// Hooks for tests and embeds (the key never comes back out).
std::string probe_state_json() {
    w2t::web::update_probe_panel(probe_panel());
    return w2t::web::probe_state_json(probe_panel()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
std::string probe_set_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return failure(j.error()).dump();
    if (auto e = w2t::web::set_probe_settings(probe_panel(), *j)) return failure(*e).dump();
    w2t::web::request_redraw();
    return json{{"ok", true}}.dump();
}
std::string probe_run(double now_ms) {
    auto& p = probe_panel();
    const bool ok = w2t::web::start_probe_run(p, now_ms);
    w2t::web::request_redraw();
    if (!ok) return json{{"ok", false}, {"error", w2t::web::mask_secret(p.run_error.value_or(""), p.api_key)}}.dump();
    return json{{"ok", true}, {"run_id", p.run.id}}.dump();
}
void probe_cancel() {
    w2t::web::cancel_probe_run(probe_panel());
    w2t::web::request_redraw();
}
std::string probe_export_json() {
    w2t::web::update_probe_panel(probe_panel());
    return w2t::web::probe_export_json(probe_panel()).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token) {
    emscripten::function("diesPerWaferJson", &dies_per_wafer_json);
    emscripten::function("uiStateJson", &ui_state_json);
    emscripten::function("setWaferInputJson", &set_wafer_input_json);
    emscripten::function("frameCount", &frame_count);
    emscripten::function("widgetRectJson", &widget_rect_json);
    emscripten::function("currentView", &current_view);
    emscripten::function("setView", &set_view);
    emscripten::function("inferenceStateJson", &inference_state_json);
    emscripten::function("setInferenceInputJson", &set_inference_input_json);
    emscripten::function("probeInit", &probe_init);
    emscripten::function("probeStarted", &probe_started);
    emscripten::function("probeHeaders", &probe_headers);
    emscripten::function("probeChunk", &probe_chunk);
    emscripten::function("probeEnd", &probe_end);
    emscripten::function("probeTimeout", &probe_timeout);
    emscripten::function("probeFailed", &probe_failed);
    emscripten::function("probeRunFinished", &probe_run_finished);
    emscripten::function("probeHidden", &probe_hidden);
    emscripten::function("probeStateJson", &probe_state_json);
    emscripten::function("probeSetJson", &probe_set_json);
    emscripten::function("probeRun", &probe_run);
    emscripten::function("probeCancel", &probe_cancel);
    emscripten::function("probeExportJson", &probe_export_json);
}

// [SECTION] the hardware, sources and measured-vs-model views
#include <emscripten/em_js.h>

#include <cmath>

// Source links open in a new tab through window.w2t.openUrl (public/main.js),
// or window.open directly before the hook exists.
EM_JS(void, js_open_url, (const char* url), {
    const u = UTF8ToString(url);
    if (typeof window !== 'undefined' && window.w2t && typeof window.w2t.openUrl === 'function') window.w2t.openUrl(u);
    else window.open(u, '_blank', 'noopener,noreferrer');
});

namespace {

using nlohmann::json;

void open_in_new_tab(const std::string& url) { js_open_url(url.c_str()); }

json group_json(const w2t::GroupStats& g) {
    auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    return {{"name", g.name}, {"rows", g.rows}, {"median_abs_error_pct", num(g.median_abs_error_pct)},
            {"within_30_share", num(g.within_30_share)}};
}

// The hardware view: side-by-side chips, the table's order, and the
// measured-vs-model section (null until it has been shown once).
std::string hardware_state_json() {
    const auto& p = w2t::web::app().hardware;
    const auto& accs = w2t::builtin_catalogue().accelerators;
    json order = json::array();
    for (int i : p.order) order.push_back(accs[i].id);
    json validation = nullptr;
    const auto& v = p.validation;
    if (v.report) {
        json by_metric = json::array(), by_family = json::array(), by_quality = json::array();
        for (const auto& g : v.report->by_metric) by_metric.push_back(group_json(g));
        for (const auto& g : v.report->by_family) by_family.push_back(group_json(g));
        for (const auto& g : v.report->by_quality) by_quality.push_back(group_json(g));
        json claims = json::array();
        for (const auto& o : v.report->rows)
            if (o.row->quality == "vendor-claim")
                claims.push_back({{"id", o.row->id}, {"verdict", w2t::web::claim_verdict(o)}});
        validation = {{"rows", v.report->rows.size()}, {"failed", v.report->failed},
                      {"overall", group_json(v.report->overall)}, {"by_metric", by_metric},
                      {"by_family", by_family}, {"by_quality", by_quality}, {"claims", claims},
                      {"visible", v.visible.size()}, {"version", v.version}, {"compute_ms", v.compute_ms},
                      {"chip", v.chip}, {"model", v.model}, {"claims_only", v.claims_only}};
    }
    return json{{"a", p.a}, {"b", p.b}, {"order", order}, {"narrow", p.narrow},
                {"validation_open", p.validation_open}, {"validation", validation}}
        .dump();
}

// {"a": id, "b": id, "chip": id or "", "model": id or "", "claims_only": bool}, any subset.
std::string set_hardware_json(const std::string& request) { return set_view_inputs_json("hardware", request); }

std::string sources_state_json() {
    const auto& p = w2t::web::app().sources;
    json first = json::array();
    for (size_t k = 0; k < p.visible.size() && k < 20; ++k) {
        const auto& e = p.entries[p.visible[k]];
        first.push_back({{"kind", w2t::web::to_string(e.kind)}, {"owner", e.owner}, {"figure", e.figure},
                         {"value", e.value}, {"url", e.url}, {"date", e.date}, {"quality", e.quality}});
    }
    return json{{"entries", p.entries.size()}, {"visible", p.visible.size()}, {"distinct_urls", p.distinct_urls},
                {"filter", p.filter}, {"quality", p.quality}, {"kind", p.kind}, {"narrow", p.narrow},
                {"version", p.version}, {"first", first}, {"last_opened_url", w2t::web::last_opened_url()}}
        .dump();
}

// {"filter": text, "quality": name or "", "kind": -1..2}, any subset.
std::string set_sources_json(const std::string& request) { return set_view_inputs_json("sources", request); }

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token_catalogue_views) {
    w2t::web::set_url_opener(&open_in_new_tab);
    emscripten::function("hardwareStateJson", &hardware_state_json);
    emscripten::function("setHardwareJson", &set_hardware_json);
    emscripten::function("sourcesStateJson", &sources_state_json);
    emscripten::function("setSourcesJson", &set_sources_json);
}

// [SECTION] the supply chain view: window.w2t.supply() / setSupply(obj)
namespace {

std::string supply_state_json_binding() { return w2t::web::supply_state_json(w2t::web::app().supply).dump(); }

// Any subset of the view's inputs; a bad one changes nothing and names its key.
std::string set_supply_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return nlohmann::json{{"ok", false}, {"error", w2t::to_json(j.error())}}.dump();
    if (auto e = w2t::web::set_supply_inputs(w2t::web::app().supply, *j))
        return nlohmann::json{{"ok", false}, {"error", w2t::to_json(*e)}}.dump();
    w2t::web::request_redraw();
    return nlohmann::json{{"ok", true}}.dump();
}

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token_supply) {
    emscripten::function("supplyStateJson", &supply_state_json_binding);
    emscripten::function("setSupplyJson", &set_supply_json);
}

// [SECTION] the page: share links (the scenario in the URL fragment), the
// screen-reader summary, the embed's height and the theme.
namespace {

std::string scenario_json_text() { return w2t::web::scenario_json(w2t::web::app()).dump(); }
std::string scenario_fragment_text() { return w2t::web::scenario_fragment(w2t::web::app()); }

// A fragment from the address bar or an embed; a bad one changes nothing.
std::string apply_fragment_json(const std::string& fragment) {
    if (auto e = w2t::web::apply_fragment(w2t::web::app(), fragment)) return failure(*e).dump();
    w2t::web::request_redraw();
    return json{{"ok", true}}.dump();
}

std::string view_summary() {
    const auto& a = w2t::web::app();
    const auto* v = w2t::web::find_view(a.view);
    return v ? v->summary(a) : std::string();
}

void set_system_theme(bool prefers_light) {
    w2t::web::app().system_prefers_light = prefers_light;
    w2t::web::request_redraw();
}

// "light", "dark" or "system": the embed's host switched, or a test.
bool set_theme_choice(const std::string& theme) {
    if (theme != "light" && theme != "dark" && theme != "system") return false;
    w2t::web::app().theme = theme == "system" ? "" : theme;
    w2t::web::request_redraw();
    return true;
}

// "light" or "dark": what the page shows now.
std::string current_theme() { return w2t::web::effective_light_theme(w2t::web::app()) ? "light" : "dark"; }

double content_height() { return w2t::web::app().content_height; }

// The header's Export menu, for tests and scripts: the same texts it saves.
std::string export_json_text() { return w2t::web::export_json(w2t::web::app()).dump(-1, ' ', false, json::error_handler_t::replace); }
std::string export_csv_text() { return w2t::web::export_csv(w2t::web::app()); }
void save_png(const std::string& name) { w2t::web::capture_png(name); }
bool is_embed() { return w2t::web::app().embed; }

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token_page) {
    emscripten::function("scenarioJson", &scenario_json_text);
    emscripten::function("scenarioFragment", &scenario_fragment_text);
    emscripten::function("applyFragment", &apply_fragment_json);
    emscripten::function("viewSummary", &view_summary);
    emscripten::function("setSystemTheme", &set_system_theme);
    emscripten::function("currentTheme", &current_theme);
    emscripten::function("setThemeChoice", &set_theme_choice);
    emscripten::function("contentHeight", &content_height);
    emscripten::function("isEmbed", &is_embed);
    emscripten::function("exportJson", &export_json_text);
    emscripten::function("exportCsv", &export_csv_text);
    emscripten::function("savePng", &save_png);
}

// [SECTION] the compare view: window.w2t.compare() / setCompare(obj); public/compare.js
// runs its requests (its own worker of public/probe_worker.js) and reads log files.
EM_JS(void, js_compare_start, (const char* plan), { Module["w2tCompareStart"](UTF8ToString(plan)); });
EM_JS(void, js_compare_cancel, (double run_id), { Module["w2tCompareCancel"](run_id); });
EM_JS(void, js_compare_download, (const char* name, const char* text, const char* mime),
      { Module["w2tCompareDownload"](UTF8ToString(name), UTF8ToString(text), UTF8ToString(mime)); });
EM_JS(void, js_compare_pick_file, (), { Module["w2tComparePickFile"](); });

namespace {

using nlohmann::json;

w2t::web::ComparePanel& compare_panel() { return w2t::web::app().compare; }

void compare_init() {
    auto& t = compare_panel().transport;
    t.start = [](const std::string& plan) { js_compare_start(plan.c_str()); };
    t.cancel = [](uint64_t run) { js_compare_cancel(static_cast<double>(run)); };
    t.download = [](const std::string& name, const std::string& text, const std::string& mime) {
        js_compare_download(name.c_str(), text.c_str(), mime.c_str());
    };
    t.pick_file = [] { js_compare_pick_file(); };
}

uint64_t compare_run_of(double id) { return static_cast<uint64_t>(id); }
void compare_started(double run, int i, double t) {
    w2t::web::compare_started(compare_panel(), compare_run_of(run), i, t);
    w2t::web::request_redraw();
}
void compare_headers(double run, int i, int status, double t) {
    w2t::web::compare_headers(compare_panel(), compare_run_of(run), i, status, t);
    w2t::web::request_redraw();
}
void compare_chunk(double run, int i, double t, const std::string& bytes) {
    w2t::web::compare_chunk(compare_panel(), compare_run_of(run), i, t, bytes);
    w2t::web::request_redraw();
}
void compare_end(double run, int i, double t) {
    w2t::web::compare_end(compare_panel(), compare_run_of(run), i, t);
    w2t::web::request_redraw();
}
void compare_timeout(double run, int i, double t, const std::string& why) {
    w2t::web::compare_timeout(compare_panel(), compare_run_of(run), i, t, why);
    w2t::web::request_redraw();
}
void compare_failed(double run, int i, double t, const std::string& message) {
    w2t::web::compare_failed(compare_panel(), compare_run_of(run), i, t, message);
    w2t::web::request_redraw();
}
void compare_run_finished(double run, double t) {
    w2t::web::compare_run_finished(compare_panel(), compare_run_of(run), t);
    w2t::web::request_redraw();
}

std::string compare_state_json_text() {
    w2t::web::update_compare_panel(compare_panel());
    return w2t::web::compare_state_json(compare_panel()).dump(-1, ' ', false, json::error_handler_t::replace);
}

// The view's inputs (any subset), plus "api_keys": ["key of provider 1", ...] kept in memory only.
std::string set_compare_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return failure(j.error()).dump();
    if (!j->is_object()) return failure({"", "expected a JSON object"}).dump();
    json inputs = *j;
    json keys = inputs.contains("api_keys") ? inputs["api_keys"] : json::array();
    inputs.erase("api_keys");
    if (!keys.is_array()) return failure({"api_keys", "expected a list of texts"}).dump();
    for (const json& k : keys)
        if (!k.is_string()) return failure({"api_keys", "expected a list of texts"}).dump();
    auto& p = compare_panel();
    if (auto e = w2t::web::set_compare_inputs(p, inputs)) return failure(*e).dump();
    for (std::size_t i = 0; i < keys.size() && i < p.providers.size(); ++i)
        w2t::web::set_compare_key(p, i, keys[i].get<std::string>());
    w2t::web::request_redraw();
    return json{{"ok", true}}.dump();
}

// A log's text, read in the page (pasted or from <input type=file>): never uploaded.
std::string compare_load_log(const std::string& text, const std::string& name) {
    auto e = w2t::web::load_compare_log(compare_panel(), text, name);
    w2t::web::request_redraw();
    if (e) return failure(*e).dump();
    return json{{"ok", true}}.dump();
}

std::string compare_run(double now_ms) {
    auto& p = compare_panel();
    const bool ok = w2t::web::start_compare_run(p, now_ms);
    w2t::web::request_redraw();
    if (!ok) return json{{"ok", false}, {"error", p.run_error.value_or("")}}.dump();
    return json{{"ok", true}}.dump();
}

void compare_cancel() {
    w2t::web::cancel_compare_run(compare_panel());
    w2t::web::request_redraw();
}

void compare_add_from_probe() {
    w2t::web::add_compare_provider_from_probe(compare_panel(), w2t::web::app().probe);
    w2t::web::request_redraw();
}

std::string compare_export_json_text() {
    w2t::web::update_compare_panel(compare_panel());
    return w2t::web::compare_export_json(compare_panel());
}
std::string compare_export_csv_text() {
    w2t::web::update_compare_panel(compare_panel());
    return w2t::web::compare_export_csv(compare_panel());
}

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token_compare) {
    emscripten::function("compareInit", &compare_init);
    emscripten::function("compareStarted", &compare_started);
    emscripten::function("compareHeaders", &compare_headers);
    emscripten::function("compareChunk", &compare_chunk);
    emscripten::function("compareEnd", &compare_end);
    emscripten::function("compareTimeout", &compare_timeout);
    emscripten::function("compareFailed", &compare_failed);
    emscripten::function("compareRunFinished", &compare_run_finished);
    emscripten::function("compareStateJson", &compare_state_json_text);
    emscripten::function("setCompareJson", &set_compare_json);
    emscripten::function("compareLoadLog", &compare_load_log);
    emscripten::function("compareRun", &compare_run);
    emscripten::function("compareCancel", &compare_cancel);
    emscripten::function("compareAddFromProbe", &compare_add_from_probe);
    emscripten::function("compareExportJson", &compare_export_json_text);
    emscripten::function("compareExportCsv", &compare_export_csv_text);
}

// [SECTION] the cost view (web/panel_cost.*)
namespace {

// Inputs, results, tornado, frontier, baseline ratios and the planner's state.
std::string cost_state_json_text() {
    auto& p = w2t::web::app().cost;
    w2t::web::update_cost_panel(p);  // so a hook call right after a set sees its result
    return w2t::web::cost_state_json(p).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Any subset of cost_inputs()' keys; a bad one changes nothing and is named.
std::string set_cost_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return nlohmann::json{{"ok", false}, {"error", w2t::to_json(j.error())}}.dump();
    if (auto e = w2t::web::set_cost_inputs(w2t::web::app().cost, *j))
        return nlohmann::json{{"ok", false}, {"error", w2t::to_json(*e)}}.dump();
    w2t::web::request_redraw();
    return nlohmann::json{{"ok", true}}.dump();
}

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token_cost) {
    emscripten::function("costStateJson", &cost_state_json_text);
    emscripten::function("setCostJson", &set_cost_json);
}
