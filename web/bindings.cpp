// Embind: a thin JSON surface over the core and the page state, wrapped into
// window.w2t by public/main.js. Errors come back as values, never as throws.
#include <emscripten/bind.h>

#include <string>

#include "app.hpp"
#include "widget_rects.hpp"
#include "w2t/json_io.hpp"

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

double frame_count() { return static_cast<double>(w2t::web::app().frames); }

}  // namespace

EMSCRIPTEN_BINDINGS(wafer2token) {
    emscripten::function("diesPerWaferJson", &dies_per_wafer_json);
    emscripten::function("uiStateJson", &ui_state_json);
    emscripten::function("setWaferInputJson", &set_wafer_input_json);
    emscripten::function("frameCount", &frame_count);
    emscripten::function("widgetRectJson", &widget_rect_json);
}
