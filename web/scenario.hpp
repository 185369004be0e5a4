#pragma once
// What a share link carries: each view's inputs as one flat JSON object, read
// from and written to the URL fragment (index.html#view=inference&model_id=…).
// One table lists the views; each row says how to read the view's inputs, how
// to set any subset of them (a bad value changes nothing and names its field),
// and a sentence on the current result for screen readers and link previews.
// API keys are never part of a scenario.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/result.hpp"

namespace w2t::web {

struct App;
struct MapPainter;

struct ViewEntry {
    const char* name;   // "dpw", "inference", …: the test hook's and the fragment's name
    const char* title;  // the tab's label
    nlohmann::json (*inputs)(const App&);                                // flat object
    std::optional<Error> (*set_inputs)(App&, const nlohmann::json& j);  // any subset
    std::string (*summary)(const App&);                                  // plain sentences
    void (*draw)(App&, const MapPainter&);                               // the view's body
    nlohmann::json (*results)(const App&);  // the shown result's key figures (export), or null
};

// Every view, in tab order.
const std::vector<ViewEntry>& views();
const ViewEntry* find_view(std::string_view name);

// The view a scenario names: the one asked for, else the one shown.
const std::string& scenario_view(const App& a);

// {"view": name, …the view's inputs}: window.w2t.scenario().
nlohmann::json scenario_json(const App& a);

// What "Export" writes: {"scenario", "summary", "results"} as JSON, or the
// same flattened to "section,field,value" CSV rows.
nlohmann::json export_json(const App& a);
std::string export_csv(const App& a);

// "view=inference&model_id=llama-3-70b&…" (no leading '#').
std::string scenario_fragment(const App& a);

// Applies a fragment (with or without '#'): `view` picks the view, the other
// keys set its inputs; `embed`, `theme` are the page's. Nothing changes when
// any key is bad; the error names it.
std::optional<Error> apply_fragment(App& a, std::string_view fragment);

}  // namespace w2t::web
