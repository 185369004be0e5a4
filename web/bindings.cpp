// Embind: a thin JSON surface over the core and the page state, wrapped into
// window.w2t by public/main.js. Errors come back as values, never as throws.
#include <emscripten/bind.h>

#include <algorithm>
#include <string>

#include "app.hpp"
#include "widget_rects.hpp"
#include "w2t/json_io.hpp"
#include "w2t/perf/estimate_json.hpp"

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

// Sets the panel's inputs (any subset of fields); a bad request changes nothing.
std::string set_wafer_input_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return failure(j.error()).dump();
    if (!j->is_object()) return failure({"", "expected a JSON object"}).dump();
    json merged = w2t::to_json(w2t::web::app().wafer.input);
    merged.update(*j);
    auto in = w2t::dies_per_wafer_input_from_json(merged);
    if (!in) return failure(in.error()).dump();
    w2t::web::app().wafer.input = *in;
    w2t::web::request_redraw();
    return json{{"ok", true}}.dump();
}

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

// Sets the inference view's inputs (any subset of the estimate fields); a
// malformed request changes nothing, a well-formed one the model rejects is
// shown as the view's error.
std::string set_inference_input_json(const std::string& request) {
    auto j = w2t::parse_json(request);
    if (!j) return failure(j.error()).dump();
    if (!j->is_object()) return failure({"", "expected a JSON object"}).dump();
    auto& panel = w2t::web::app().inference;
    // The panel keeps its concurrency entry while another scenario ignores it;
    // it is part of the request only where it counts (fixed-batch).
    json merged = w2t::to_json(panel.input);
    merged.erase("concurrency");
    merged.update(*j);
    if (merged.value("scenario", "") == "fixed-batch" && !merged.contains("concurrency"))
        merged["concurrency"] = std::max(1.0, panel.input.concurrency);
    auto in = w2t::estimate_input_from_json(merged);
    if (!in) return failure(in.error()).dump();
    w2t::EstimateInput next = *in;
    if (!j->contains("concurrency") && next.scenario != w2t::Scenario::fixed_batch)
        next.concurrency = panel.input.concurrency;
    panel.input = next;
    w2t::web::request_redraw();
    return json{{"ok", true}}.dump();
}

double frame_count() { return static_cast<double>(w2t::web::app().frames); }

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
}
