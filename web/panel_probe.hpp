#pragma once
// Probe panel: streams completions from a provider in the browser and shows
// what a client measured (TTFT, ITL, TPOT, outcomes, the streamed text) beside
// the performance model's prediction for the same model on a chosen chip.
//
// The transport (public/probe.js: fetch + ReadableStream) lives in JS; this
// panel builds the requests, feeds every timestamped chunk JS hands back to a
// w2t::probe::RequestAccumulator, and draws. Nothing is sent unless Run is
// pressed. The API key lives in this struct only (and in localStorage when the
// user asks for it); it is masked in every error, text and export.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chart.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/probe/metrics.hpp"
#include "w2t/result.hpp"

namespace w2t::web {

// A provider's defaults (all editable once picked).
struct ProbePreset {
    const char* name;
    const char* url;
    const char* dialect;
    const char* model;
    const char* headers;        // "Name: value" lines sent with every request
    const char* hardware_id;    // a catalogue guess for the prediction
    int chips;                  // 0: the fewest that hold the model
    const char* catalogue_model;
    const char* cors;           // whether and how browsers may call it
};
const std::vector<ProbePreset>& probe_presets();

struct ProbeSettings {
    int preset = 0;
    std::string url, dialect = "openai-chat", model, headers;
    std::string prompt = "Count from 1 to 20, one number per line.";
    int max_tokens = 64, runs = 5, concurrency = 1;
    double connect_timeout_s = 10, first_byte_timeout_s = 30, idle_timeout_s = 30, total_timeout_s = 120;
    // The prediction: a catalogue model on a chip.
    std::string hardware_id = "h100-sxm", catalogue_model = "llama-3.1-8b";
    int chips = 1;
    Precision precision = Precision::fp8;
};

// What one fetch() sends.
struct ProbeHttpRequest {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// The request a dialect needs, built as `w2t probe` builds it: {model} in the
// URL replaced, gemini's alt=sse added, the key in the dialect's header.
Result<ProbeHttpRequest> build_probe_request(const ProbeSettings& s, const std::string& api_key);

// Every occurrence of `secret` (and of a partly masked echo of it) replaced by [REDACTED].
std::string mask_secret(std::string text, const std::string& secret);

struct ProbeRequestState {
    std::optional<probe::RequestAccumulator> acc;
    probe::RequestRecord record;   // refreshed from acc when dirty (once a frame at most)
    bool started = false, done = false, dirty = false;
    double sent_ms = 0, done_ms = 0;  // page clock (performance.now)
    std::string timeout_reason;
};

struct ProbeRun {
    uint64_t id = 0;
    ProbeSettings settings;        // as run (the key is not part of it)
    std::string url;               // as sent
    std::vector<ProbeRequestState> requests;
    bool active = false, cancelled = false, hidden_during_run = false;
    double started_ms = 0, ended_ms = 0;  // page clock (performance.now)
    int latest = -1;               // the request whose chunk came last
    std::size_t prompt_chars = 0;
};

// How the panel reaches the page: set by bindings.cpp in the browser, by tests natively.
struct ProbeTransport {
    std::function<void(const std::string& plan_json)> start;
    std::function<void(uint64_t run_id)> cancel;
    std::function<void(const std::string& keys_json)> save_keys;  // "{}" forgets all
    std::function<void(const std::string& filename, const std::string& text)> download;
};

struct ProbePanel {
    ProbePanel();

    ProbeSettings settings;
    std::string api_key;                        // memory only, unless remember_key
    bool remember_key = false;
    std::map<std::string, std::string> remembered;  // preset name -> key, as in localStorage
    std::string page_protocol = "https:";       // of the page (mixed-content check)
    ProbeTransport transport;

    ProbeRun run;                               // the current or last run (kept on failure or cancel)
    std::vector<nlohmann::json> history;        // finished runs, as exported (key masked)
    uint64_t next_run_id = 1;
    std::optional<std::string> run_error;       // why Run did not start

    // Derived once per change (versioned), not every frame.
    uint64_t records_version = 0, derived_version = 0;
    nlohmann::json summary;                     // summarize_run over the shown run
    chart::Histogram ttft_hist, itl_hist;
    std::vector<double> timeline_ms;            // arrival of each token-bearing delta, latest request
    std::optional<EstimateResult> prediction;
    std::optional<Error> prediction_error;
    std::optional<std::tuple<std::string, int, std::string, Precision, double, double>> predicted_for;

    int selected_request = -1;                  // text and timeline of this request; -1: the latest
    bool narrow = false;                        // last frame's layout: one column
};

// Run / cancel, as the buttons do. start_probe_run returns false (and sets run_error) when it cannot start.
bool start_probe_run(ProbePanel& p, double now_ms);
void cancel_probe_run(ProbePanel& p);
void apply_probe_preset(ProbePanel& p, int index);
void set_probe_key(ProbePanel& p, std::string key);  // updates localStorage when remembered
void set_probe_remember(ProbePanel& p, bool remember);
void forget_probe_key(ProbePanel& p);                // clears the key and every remembered one

// Events from the transport (stale run ids are ignored).
void probe_started(ProbePanel& p, uint64_t run, int index, double at_ms);
void probe_headers(ProbePanel& p, uint64_t run, int index, int status, double at_ms);
void probe_chunk(ProbePanel& p, uint64_t run, int index, double at_ms, std::string_view bytes);
void probe_end(ProbePanel& p, uint64_t run, int index, double at_ms);
void probe_timeout(ProbePanel& p, uint64_t run, int index, double at_ms, const std::string& reason);
void probe_failed(ProbePanel& p, uint64_t run, int index, double at_ms, const std::string& message);
void probe_run_finished(ProbePanel& p, uint64_t run, double at_ms);
void probe_hidden(ProbePanel& p, uint64_t run);

// Refreshes records, statistics, histograms, timeline and prediction that changed.
void update_probe_panel(ProbePanel& p);

// The shown run's records (key masked).
std::vector<probe::RequestRecord> probe_records(const ProbePanel& p);
// The shown run, as exported: settings (no key), every request, summary.
nlohmann::json probe_run_json(const ProbePanel& p);
// Every finished run plus the shown one.
nlohmann::json probe_export_json(const ProbePanel& p);
// For tests and embeds: settings (key only as api_key_set), run progress, records, summary, bins.
// The settings as set_probe_settings takes them (headers included: not for links).
nlohmann::json probe_settings_json(const ProbeSettings& s);
nlohmann::json probe_state_json(const ProbePanel& p);
// Sets any subset of the settings (and "api_key"); an unknown preset or dialect is an error.
std::optional<Error> set_probe_settings(ProbePanel& p, const nlohmann::json& j);

void draw_probe_panel(ProbePanel& panel);

}  // namespace w2t::web
