#pragma once
// Compare panel (issue 20): your numbers (a request log parsed here in the page,
// never uploaded, or typed in) beside each provider measured through the probe
// transport (public/compare.js runs public/probe_worker.js) and what the models
// predict for the same token counts. The table logic is core's (w2t/compare/table.hpp),
// the same as `w2t compare`'s.
//
// Keys: a provider's API key lives in its CompareProvider (memory only); it is
// never part of compare_inputs, the state JSON, an export or a summary. The log's
// text never leaves this struct either (inputs carry only settings).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "panel_probe.hpp"
#include "w2t/compare/table.hpp"
#include "w2t/result.hpp"

namespace w2t::web {

struct CompareProvider {
    std::string name;               // shown in the table
    ProbeSettings settings;         // endpoint, dialect, model, headers, prompt, bounds, the prediction's chip
    std::string api_key;            // memory only
    double input_usd_per_mtok = -1, output_usd_per_mtok = -1;  // < 0: the price table by preset and model
    bool predict = true;            // a predicted row for settings.hardware_id / catalogue_model
    ProbePanel engine;              // its runs go through the transport
    std::vector<probe::RequestRecord> records;  // every finished request of the last Run
    std::string price_note;         // where the price came from (or why there is none)
};

struct CompareTransport {
    std::function<void(const std::string& plan_json)> start;     // the probe's plan format
    std::function<void(uint64_t run_id)> cancel;
    std::function<void(const std::string& filename, const std::string& text, const std::string& mime)> download;
    std::function<void()> pick_file;                              // opens <input type=file>; the text comes back via load_compare_log
};

struct ComparePanel {
    // The baseline: a pasted or loaded log (kept here only), or typed-in numbers (0: not given).
    std::string log_text;
    std::string log_name;                       // the loaded file's name, or "pasted"
    std::optional<compare::BaselineLog> log;
    std::optional<Error> log_error;
    double typed_ttft_p95_ms = 0, typed_e2e_p95_ms = 0, typed_usd_per_1k = 0;

    // The run: the same bounds for every provider; the prompt from the log or the Probe view's.
    std::vector<CompareProvider> providers;
    int runs = 5, max_tokens = 64, concurrency = 1, max_prompts = 3;
    bool prompts_from_log = false;
    std::string prompt = "Count from 1 to 20, one number per line.";

    // Table order: a column (see compare::columns()) and its direction.
    std::string sort_column = "ttft_p95_ms";
    bool sort_descending = false;

    CompareTransport transport;
    bool running = false, cancelled = false;
    std::size_t current = 0, current_prompt = 0;  // the provider and prompt being run
    uint64_t next_run_id = 1'000'000'000;         // apart from the Probe view's ids
    std::optional<std::string> run_error;

    // Derived when a version changes.
    uint64_t version = 1, derived_version = 0;
    nlohmann::json rows = nlohmann::json::array();  // sorted, better values marked
    int add_preset = 0;                             // the picker under the provider list
    bool narrow = false;
};

// [SECTION] the view contract (web/scenario.hpp)
nlohmann::json compare_inputs(const ComparePanel& p);
std::optional<Error> set_compare_inputs(ComparePanel& p, const nlohmann::json& j);
std::string compare_summary(const ComparePanel& p);
// For tests: inputs, log status (not its text), providers (api_key_set only), run progress, rows.
nlohmann::json compare_state_json(const ComparePanel& p);

// [SECTION] actions
// Parses a log's text (JSONL); an error names the line and field and keeps the previous log.
std::optional<Error> load_compare_log(ComparePanel& p, std::string text, const std::string& name);
void clear_compare_log(ComparePanel& p);
// Adds a provider: a preset (probe_presets()) or a copy of the Probe view's settings and key.
void add_compare_provider(ComparePanel& p, int preset_index);
void add_compare_provider_from_probe(ComparePanel& p, const ProbePanel& probe);
void remove_compare_provider(ComparePanel& p, std::size_t index);
std::optional<Error> set_compare_key(ComparePanel& p, std::size_t index, std::string key);
// Runs every provider in turn (each prompt, runs times); false (and run_error) when it cannot start.
bool start_compare_run(ComparePanel& p, double now_ms);
void cancel_compare_run(ComparePanel& p);

// Transport events (run ids that are not the current provider's are ignored).
void compare_started(ComparePanel& p, uint64_t run, int index, double at_ms);
void compare_headers(ComparePanel& p, uint64_t run, int index, int status, double at_ms);
void compare_chunk(ComparePanel& p, uint64_t run, int index, double at_ms, std::string_view bytes);
void compare_end(ComparePanel& p, uint64_t run, int index, double at_ms);
void compare_timeout(ComparePanel& p, uint64_t run, int index, double at_ms, const std::string& reason);
void compare_failed(ComparePanel& p, uint64_t run, int index, double at_ms, const std::string& message);
void compare_run_finished(ComparePanel& p, uint64_t run, double at_ms);

// Rebuilds the rows when anything changed.
void update_compare_panel(ComparePanel& p);
// Exports (no keys, no log text): {"rows": [...]} and the CSV of core's render_csv.
std::string compare_export_json(const ComparePanel& p);
std::string compare_export_csv(const ComparePanel& p);

// probe: the Probe view (its settings and key can be copied into a provider).
void draw_compare_panel(ComparePanel& panel, const ProbePanel& probe);

}  // namespace w2t::web
