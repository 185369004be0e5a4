// [SECTION] Contents
//   presets
//   requests per dialect (as cli/cmd_probe.cpp builds them), masking
//   run control and transport events
//   update: records, statistics, histograms, timeline, prediction
//   JSON: state, export, settings
//   drawing: inputs, warnings, summary and prediction, charts, text, outcomes, notes
//   draw_probe_panel()
#include "panel_probe.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "imgui.h"
#include "theme.hpp"
#include "view_layout.hpp"
#include "widget_rects.hpp"
#include "w2t/catalogue/catalogue.hpp"

namespace w2t::web {
namespace {

using nlohmann::json;
using probe::Outcome;
using probe::RequestRecord;

const ImVec4& kErrorColour = theme().error;
const ImVec4& kMutedColour = theme().muted;
const ImVec4& kGoodColour = theme().good;
const ImVec4& kWarnColour = theme().warn;
constexpr ImU32 kTeal = IM_COL32(41, 170, 152, 255);
constexpr ImU32 kOrange = IM_COL32(230, 140, 60, 255);
constexpr ImU32 kViolet = IM_COL32(150, 130, 230, 255);

constexpr const char* kDialects[] = {"openai-chat", "openai-responses", "anthropic", "gemini", "ollama"};
constexpr Precision kPrecisions[] = {Precision::fp16, Precision::bf16, Precision::fp8, Precision::fp4,
                                     Precision::int8, Precision::int4, Precision::q4_0, Precision::q8_0};
constexpr int kMaxRuns = 1000, kMaxConcurrency = 64;
constexpr size_t kHistoryRuns = 20;

}  // namespace

// [SECTION] presets
const std::vector<ProbePreset>& probe_presets() {
    static const std::vector<ProbePreset> presets = {
        {"OpenAI", "https://api.openai.com/v1/chat/completions", "openai-chat", "gpt-4o-mini", "", "h100-sxm", 8,
         "llama-3.1-70b", "OpenAI answers browser (CORS) calls."},
        {"OpenAI (Responses)", "https://api.openai.com/v1/responses", "openai-responses", "gpt-4o-mini", "",
         "h100-sxm", 8, "llama-3.1-70b", "OpenAI answers browser (CORS) calls."},
        {"Anthropic", "https://api.anthropic.com/v1/messages", "anthropic", "claude-3-5-haiku-latest",
         "anthropic-dangerous-direct-browser-access: true", "h100-sxm", 8, "llama-3.1-70b",
         "Anthropic answers browser calls only with the header anthropic-dangerous-direct-browser-access: true "
         "(set below); some organisations turn browser access off."},
        {"Gemini", "https://generativelanguage.googleapis.com/v1beta/models/{model}:streamGenerateContent?alt=sse",
         "gemini", "gemini-2.0-flash", "", "tpu-v6e", 0, "llama-3.1-70b",
         "Gemini answers browser calls; the key goes in x-goog-api-key, never in the URL."},
        {"Groq", "https://api.groq.com/openai/v1/chat/completions", "openai-chat", "llama-3.1-8b-instant", "",
         "groq-lpu", 0, "llama-3.1-8b", "Groq usually answers browser calls."},
        {"Cerebras", "https://api.cerebras.ai/v1/chat/completions", "openai-chat", "llama3.1-8b", "",
         "cerebras-cs3", 0, "llama-3.1-8b", "Cerebras may refuse browser calls; if so, use the CLI (w2t probe)."},
        {"Together", "https://api.together.xyz/v1/chat/completions", "openai-chat",
         "meta-llama/Llama-3.3-70B-Instruct-Turbo", "", "h100-sxm", 4, "llama-3.3-70b",
         "Together may refuse browser calls; if so, use the CLI (w2t probe)."},
        {"Fireworks", "https://api.fireworks.ai/inference/v1/chat/completions", "openai-chat",
         "accounts/fireworks/models/llama-v3p1-8b-instruct", "", "h100-sxm", 1, "llama-3.1-8b",
         "Fireworks may refuse browser calls; if so, use the CLI (w2t probe)."},
        {"OpenRouter", "https://openrouter.ai/api/v1/chat/completions", "openai-chat",
         "meta-llama/llama-3.1-8b-instruct", "", "h100-sxm", 1, "llama-3.1-8b",
         "OpenRouter answers browser calls."},
        {"DeepSeek", "https://api.deepseek.com/chat/completions", "openai-chat", "deepseek-chat", "", "h200-sxm", 8,
         "deepseek-r1", "DeepSeek may refuse browser calls; if so, use the CLI (w2t probe)."},
        {"Mistral", "https://api.mistral.ai/v1/chat/completions", "openai-chat", "mistral-small-latest", "",
         "h100-sxm", 1, "mistral-7b", "Mistral may refuse browser calls; if so, use the CLI (w2t probe)."},
        {"Ollama (local)", "http://127.0.0.1:11434/api/chat", "ollama", "llama3.2", "", "rtx-4090", 1,
         "llama-3.1-8b",
         "Ollama answers pages served from localhost only. For this page's origin, start it with "
         "OLLAMA_ORIGINS set to that origin (or '*'), e.g. OLLAMA_ORIGINS=https://example.org ollama serve."},
        {"Custom", "", "openai-chat", "", "", "h100-sxm", 1, "llama-3.1-8b",
         "The endpoint must allow browser calls (CORS): Access-Control-Allow-Origin for this page and "
         "an answer to the OPTIONS preflight."},
    };
    return presets;
}

// [SECTION] requests per dialect
namespace {

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string host_of(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    std::string rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest[0] == '[') return rest.substr(0, rest.find(']') + 1);
    return rest.substr(0, rest.find(':'));
}

bool loopback_host(const std::string& host) {
    return host == "localhost" || host == "127.0.0.1" || host == "[::1]" ||
           (host.size() > 10 && host.substr(host.size() - 10) == ".localhost");
}

// An https page may not fetch http:// (except from loopback, which browsers trust).
bool mixed_content(const std::string& page_protocol, const std::string& url) {
    return page_protocol == "https:" && url.rfind("http://", 0) == 0 && !loopback_host(host_of(url));
}

}  // namespace

std::string mask_secret(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    for (std::size_t at; (at = text.find(secret)) != std::string::npos;) text.replace(at, secret.size(), "[REDACTED]");
    return text;
}

Result<ProbeHttpRequest> build_probe_request(const ProbeSettings& s, const std::string& api_key) {
    auto dialect = probe::parse_dialect(s.dialect);
    if (!dialect) return Error{"dialect", dialect.error().message};
    const std::string url0 = trim(s.url);
    if (url0.rfind("http://", 0) != 0 && url0.rfind("https://", 0) != 0)
        return Error{"url", url0.empty() ? "enter the endpoint's URL" : "the URL must start with http:// or https://"};
    for (char c : url0)
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return Error{"url", "the URL contains whitespace"};
    if (trim(s.model).empty()) return Error{"model", "enter a model name"};
    if (s.prompt.empty()) return Error{"prompt", "enter a prompt"};
    if (s.max_tokens < 1 || s.max_tokens > 1'000'000) return Error{"max_tokens", "must be between 1 and 1000000"};
    if (api_key.find_first_of("\r\n") != std::string::npos) return Error{"api_key", "the key holds a line break"};

    ProbeHttpRequest r;
    const std::string model = trim(s.model);
    r.url = url0;
    for (std::size_t at; (at = r.url.find("{model}")) != std::string::npos;) r.url.replace(at, 7, model);
    if (*dialect == probe::Dialect::gemini && r.url.find("alt=sse") == std::string::npos)
        r.url += r.url.find('?') == std::string::npos ? "?alt=sse" : "&alt=sse";

    const json messages = json::array({json{{"role", "user"}, {"content", s.prompt}}});
    const long max_tokens = s.max_tokens;
    r.headers = {{"Content-Type", "application/json"}};
    json body;
    switch (*dialect) {
        case probe::Dialect::openai_chat:
            body = {{"model", model},
                    {"messages", messages},
                    {"stream", true},
                    {"stream_options", {{"include_usage", true}}},
                    {"max_tokens", max_tokens}};
            r.headers.push_back({"Accept", "text/event-stream"});
            if (!api_key.empty()) r.headers.push_back({"Authorization", "Bearer " + api_key});
            break;
        case probe::Dialect::openai_responses:
            body = {{"model", model}, {"input", messages}, {"stream", true}, {"max_output_tokens", max_tokens}};
            r.headers.push_back({"Accept", "text/event-stream"});
            if (!api_key.empty()) r.headers.push_back({"Authorization", "Bearer " + api_key});
            break;
        case probe::Dialect::anthropic:
            body = {{"model", model}, {"messages", messages}, {"stream", true}, {"max_tokens", max_tokens}};
            r.headers.push_back({"Accept", "text/event-stream"});
            r.headers.push_back({"anthropic-version", "2023-06-01"});
            if (!api_key.empty()) r.headers.push_back({"x-api-key", api_key});
            break;
        case probe::Dialect::gemini:
            body = {{"contents", json::array({{{"role", "user"}, {"parts", json::array({{{"text", s.prompt}}})}}})},
                    {"generationConfig", {{"maxOutputTokens", max_tokens}}}};
            r.headers.push_back({"Accept", "text/event-stream"});
            if (!api_key.empty()) r.headers.push_back({"x-goog-api-key", api_key});
            break;
        case probe::Dialect::ollama:
            body = {{"model", model}, {"messages", messages}, {"stream", true}, {"options", {{"num_predict", max_tokens}}}};
            r.headers.push_back({"Accept", "application/x-ndjson"});
            if (!api_key.empty()) r.headers.push_back({"Authorization", "Bearer " + api_key});
            break;
    }
    // Extra headers, one "Name: value" a line.
    std::size_t start = 0;
    while (start <= s.headers.size()) {
        std::size_t end = s.headers.find('\n', start);
        if (end == std::string::npos) end = s.headers.size();
        const std::string line = trim(s.headers.substr(start, end - start));
        start = end + 1;
        if (line.empty()) continue;
        const auto colon = line.find(':');
        const std::string name = colon == std::string::npos ? line : trim(line.substr(0, colon));
        if (colon == std::string::npos || name.empty() || name.find_first_of(" \t") != std::string::npos)
            return Error{"headers", "'" + mask_secret(line, api_key) + "' is not a 'Name: value' line"};
        r.headers.push_back({name, trim(line.substr(colon + 1))});
    }
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

// [SECTION] run control and transport events
namespace {

ProbeRequestState* request_of(ProbePanel& p, uint64_t run, int index) {
    if (run != p.run.id || index < 0 || index >= static_cast<int>(p.run.requests.size())) return nullptr;
    return &p.run.requests[static_cast<size_t>(index)];
}

void touched(ProbePanel& p, ProbeRequestState& r, int index) {
    r.dirty = true;
    p.run.latest = index;
    ++p.records_version;
}

void save_keys(ProbePanel& p) {
    if (!p.transport.save_keys) return;
    json j = json::object();
    for (const auto& [preset, key] : p.remembered) j[preset] = key;
    p.transport.save_keys(j.dump());
}

const char* preset_name(const ProbePanel& p) {
    const auto& presets = probe_presets();
    return presets[static_cast<size_t>(std::clamp(p.settings.preset, 0, static_cast<int>(presets.size()) - 1))].name;
}

void check_finished(ProbePanel& p, double at_ms) {
    if (!p.run.active) return;
    for (const ProbeRequestState& r : p.run.requests)
        if (!r.done) return;
    p.run.active = false;
    p.run.ended_ms = at_ms;
}

}  // namespace

ProbePanel::ProbePanel() { apply_probe_preset(*this, 0); }

void apply_probe_preset(ProbePanel& p, int index) {
    const auto& presets = probe_presets();
    index = std::clamp(index, 0, static_cast<int>(presets.size()) - 1);
    const ProbePreset& pr = presets[static_cast<size_t>(index)];
    const bool changed = index != p.settings.preset;
    p.settings.preset = index;
    p.settings.url = pr.url;
    p.settings.dialect = pr.dialect;
    p.settings.model = pr.model;
    p.settings.headers = pr.headers;
    p.settings.hardware_id = pr.hardware_id;
    p.settings.chips = pr.chips;
    p.settings.catalogue_model = pr.catalogue_model;
    // A key belongs to its provider: never carried over to another one.
    if (changed || p.api_key.empty()) {
        auto it = p.remembered.find(pr.name);
        p.api_key = it != p.remembered.end() ? it->second : "";
        p.remember_key = it != p.remembered.end();
    }
}

void set_probe_key(ProbePanel& p, std::string key) {
    p.api_key = std::move(key);
    if (!p.remember_key) return;
    if (p.api_key.empty()) p.remembered.erase(preset_name(p));
    else p.remembered[preset_name(p)] = p.api_key;
    save_keys(p);
}

void set_probe_remember(ProbePanel& p, bool remember) {
    p.remember_key = remember;
    if (remember && !p.api_key.empty()) p.remembered[preset_name(p)] = p.api_key;
    if (!remember) p.remembered.erase(preset_name(p));
    save_keys(p);
}

void forget_probe_key(ProbePanel& p) {
    p.api_key.clear();
    p.remember_key = false;
    p.remembered.clear();
    save_keys(p);
}

bool start_probe_run(ProbePanel& p, double now_ms) {
    p.run_error.reset();
    if (p.run.active) {
        p.run_error = "a run is in progress: cancel it first";
        return false;
    }
    if (p.settings.runs < 1 || p.settings.runs > kMaxRuns) {
        p.run_error = "runs must be between 1 and " + std::to_string(kMaxRuns);
        return false;
    }
    if (p.settings.concurrency < 1 || p.settings.concurrency > kMaxConcurrency) {
        p.run_error = "concurrency must be between 1 and " + std::to_string(kMaxConcurrency);
        return false;
    }
    for (double t : {p.settings.connect_timeout_s, p.settings.first_byte_timeout_s, p.settings.idle_timeout_s,
                     p.settings.total_timeout_s})
        if (!(t > 0) || t > 86400) {
            p.run_error = "timeouts must be > 0 and at most 86400 s";
            return false;
        }
    auto req = build_probe_request(p.settings, p.api_key);
    if (!req) {
        p.run_error = req.error().field + ": " + req.error().message;
        return false;
    }
    if (!p.transport.start) {
        p.run_error = "no transport: the page's probe.js is not loaded";
        return false;
    }
    if (!p.run.requests.empty()) {
        p.history.push_back(probe_run_json(p));
        if (p.history.size() > kHistoryRuns) p.history.erase(p.history.begin());
    }
    ProbeRun run;
    run.id = p.next_run_id++;
    run.settings = p.settings;
    run.url = req->url;
    run.requests.resize(static_cast<size_t>(p.settings.runs));
    run.active = true;
    run.started_ms = now_ms;
    run.prompt_chars = utf8_length(p.settings.prompt);
    p.run = std::move(run);
    p.selected_request = -1;
    ++p.records_version;

    json headers = json::object();
    for (const auto& [k, v] : req->headers) headers[k] = v;
    const json plan = {{"run_id", p.run.id},
                       {"url", req->url},
                       {"headers", headers},
                       {"body", req->body},
                       {"runs", p.settings.runs},
                       {"concurrency", p.settings.concurrency},
                       {"connect_timeout_ms", p.settings.connect_timeout_s * 1000},
                       {"first_byte_timeout_ms", p.settings.first_byte_timeout_s * 1000},
                       {"idle_timeout_ms", p.settings.idle_timeout_s * 1000},
                       {"total_timeout_ms", p.settings.total_timeout_s * 1000},
                       {"mask", p.api_key.empty() ? json::array() : json::array({p.api_key})}};
    p.transport.start(plan.dump(-1, ' ', false, json::error_handler_t::replace));
    return true;
}

void cancel_probe_run(ProbePanel& p) {
    if (!p.run.active) return;
    p.run.cancelled = true;
    if (p.transport.cancel) p.transport.cancel(p.run.id);
    // Requests never sent stay "not sent"; those in flight are reported back as cancelled.
    p.run.active = false;
    ++p.records_version;
}

void probe_started(ProbePanel& p, uint64_t run, int index, double at_ms) {
    ProbeRequestState* r = request_of(p, run, index);
    if (!r || r->started) return;
    probe::ProbeOptions o;
    const auto dialect = probe::parse_dialect(p.run.settings.dialect);
    o.dialect = dialect ? *dialect : probe::Dialect::openai_chat;
    o.request_start_ms = at_ms;
    o.prompt_chars = p.run.prompt_chars;
    r->acc.emplace(o);
    r->started = true;
    r->sent_ms = at_ms;
    touched(p, *r, index);
}

void probe_headers(ProbePanel& p, uint64_t run, int index, int status, double at_ms) {
    ProbeRequestState* r = request_of(p, run, index);
    if (!r || !r->acc || r->done) return;
    r->acc->on_headers(status, at_ms);
    touched(p, *r, index);
}

void probe_chunk(ProbePanel& p, uint64_t run, int index, double at_ms, std::string_view bytes) {
    ProbeRequestState* r = request_of(p, run, index);
    if (!r || !r->acc || r->done) return;
    r->acc->on_chunk(at_ms, bytes);
    touched(p, *r, index);
}

void probe_end(ProbePanel& p, uint64_t run, int index, double at_ms) {
    ProbeRequestState* r = request_of(p, run, index);
    if (!r || !r->acc || r->done) return;
    r->acc->on_end(at_ms);
    r->done = true;
    r->done_ms = at_ms;
    touched(p, *r, index);
    check_finished(p, at_ms);
}

void probe_timeout(ProbePanel& p, uint64_t run, int index, double at_ms, const std::string& reason) {
    ProbeRequestState* r = request_of(p, run, index);
    if (!r || !r->acc || r->done) return;
    r->acc->on_timeout(at_ms);
    r->timeout_reason = mask_secret(reason, p.api_key);
    r->done = true;
    r->done_ms = at_ms;
    touched(p, *r, index);
    check_finished(p, at_ms);
}

void probe_failed(ProbePanel& p, uint64_t run, int index, double at_ms, const std::string& message) {
    ProbeRequestState* r = request_of(p, run, index);
    if (!r || !r->acc || r->done) return;
    r->acc->on_transport_error(at_ms, mask_secret(message, p.api_key));
    r->done = true;
    r->done_ms = at_ms;
    touched(p, *r, index);
    check_finished(p, at_ms);
}

void probe_run_finished(ProbePanel& p, uint64_t run, double at_ms) {
    if (run != p.run.id) return;
    if (p.run.active) {
        p.run.active = false;
        p.run.ended_ms = at_ms;
    } else if (p.run.ended_ms == 0) {
        p.run.ended_ms = at_ms;
    }
    ++p.records_version;
}

void probe_hidden(ProbePanel& p, uint64_t run) {
    if (run != p.run.id) return;
    p.run.hidden_during_run = true;
    ++p.records_version;
}

// [SECTION] update
namespace {

std::vector<double> ok_values(const std::vector<RequestRecord>& records, std::optional<double> RequestRecord::*field) {
    std::vector<double> v;
    for (const RequestRecord& r : records)
        if (r.outcome == Outcome::ok && r.*field) v.push_back(*(r.*field));
    return v;
}

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    return probe::percentile_sorted(v, 50);
}

int shown_index(const ProbePanel& p) {
    const int n = static_cast<int>(p.run.requests.size());
    if (p.selected_request >= 0 && p.selected_request < n) return p.selected_request;
    return p.run.latest;
}

}  // namespace

std::vector<RequestRecord> probe_records(const ProbePanel& p) {
    std::vector<RequestRecord> out;
    for (const ProbeRequestState& r : p.run.requests)
        if (r.done && r.acc) out.push_back(r.record);
    return out;
}

void update_probe_panel(ProbePanel& p) {
    for (ProbeRequestState& r : p.run.requests) {
        if (!r.dirty || !r.acc) continue;
        r.record = r.acc->record();
        if (r.record.error) {
            std::string e = *r.record.error;
            if (!r.timeout_reason.empty()) e += ": " + r.timeout_reason;
            r.record.error = mask_secret(e, p.api_key);
        }
        r.record.content = mask_secret(r.record.content, p.api_key);
        r.record.reasoning = mask_secret(r.record.reasoning, p.api_key);
        r.dirty = false;
    }
    if (p.derived_version != p.records_version) {
        p.derived_version = p.records_version;
        const std::vector<RequestRecord> records = probe_records(p);
        p.summary = probe::summarize_run(records);
        p.ttft_hist = chart::histogram_bins(ok_values(records, &RequestRecord::ttft_ms), 20);
        std::vector<double> itl;
        for (const RequestRecord& r : records)
            if (r.outcome == Outcome::ok) itl.insert(itl.end(), r.itl_ms.begin(), r.itl_ms.end());
        p.itl_hist = chart::histogram_bins(itl, 24);
        p.timeline_ms.clear();
        const int shown = shown_index(p);
        if (shown >= 0 && shown < static_cast<int>(p.run.requests.size())) {
            const RequestRecord& r = p.run.requests[static_cast<size_t>(shown)].record;
            if (r.ttft_ms) {
                double t = *r.ttft_ms;
                p.timeline_ms.push_back(t);
                for (double gap : r.itl_ms) p.timeline_ms.push_back(t += gap);
            }
        }
    }
    // The prediction: the measured prompt and output lengths on the chosen chip.
    const std::vector<RequestRecord> records = probe_records(p);
    std::vector<double> prompt_tokens, output_tokens;
    for (const RequestRecord& r : records)
        if (r.outcome == Outcome::ok && r.usage) {
            if (r.usage->prompt_tokens) prompt_tokens.push_back(static_cast<double>(*r.usage->prompt_tokens));
            if (r.usage->completion_tokens) output_tokens.push_back(static_cast<double>(*r.usage->completion_tokens));
        }
    double in_tok = median(prompt_tokens), out_tok = median(output_tokens);
    if (!std::isfinite(in_tok)) in_tok = std::ceil(utf8_length(p.settings.prompt) / 4.0) + 8;  // + chat template
    if (!std::isfinite(out_tok)) out_tok = p.settings.max_tokens;
    in_tok = std::max(1.0, std::round(in_tok));
    out_tok = std::max(1.0, std::round(out_tok));
    const auto key = std::make_tuple(p.settings.hardware_id, p.settings.chips, p.settings.catalogue_model,
                                     p.settings.precision, in_tok, out_tok);
    if (!p.predicted_for || *p.predicted_for != key) {
        p.predicted_for = key;
        EstimateInput in;
        in.hardware_id = p.settings.hardware_id;
        in.accelerator_count = p.settings.chips;
        in.model_id = p.settings.catalogue_model;
        in.precision = p.settings.precision;
        in.scenario = Scenario::single_stream;
        in.input_tokens = in_tok;
        in.output_tokens = out_tok;
        auto r = estimate(in, builtin_catalogue());
        if (r) p.prediction = *r, p.prediction_error.reset();
        else p.prediction.reset(), p.prediction_error = r.error();
    }
}

// [SECTION] JSON
namespace {

json record_json(const ProbeRequestState& r, size_t index, const std::string& secret) {
    json j = probe::to_json(r.record);
    j["index"] = index;
    j["done"] = r.done;
    if (!r.started) j["outcome"] = "not_sent";
    // Every string, masked once more (a header or message could echo the key).
    std::function<void(json&)> mask = [&](json& v) {
        if (v.is_string()) v = mask_secret(v.get<std::string>(), secret);
        else if (v.is_structured())
            for (auto& x : v) mask(x);
    };
    mask(j);
    return j;
}

json histogram_json(const chart::Histogram& h) {
    return {{"lo", h.lo}, {"width", h.width}, {"counts", h.counts}, {"total", h.total()}};
}

}  // namespace

json probe_run_json(const ProbePanel& p) {
    const ProbeRun& run = p.run;
    json requests = json::array();
    for (size_t i = 0; i < run.requests.size(); ++i) requests.push_back(record_json(run.requests[i], i, p.api_key));
    json header_names = json::array();  // names only: a value may be a secret
    if (auto req = build_probe_request(run.settings, "")) {
        for (const auto& [k, v] : req->headers) header_names.push_back(k);
    }
    return {{"run_id", run.id},
            {"provider", probe_presets()[static_cast<size_t>(std::clamp(run.settings.preset, 0,
                                                                        static_cast<int>(probe_presets().size()) - 1))]
                             .name},
            {"url", mask_secret(run.url, p.api_key)},
            {"dialect", run.settings.dialect},
            {"model", run.settings.model},
            {"header_names", header_names},
            {"max_tokens", run.settings.max_tokens},
            {"runs", run.settings.runs},
            {"concurrency", run.settings.concurrency},
            {"active", run.active},
            {"cancelled", run.cancelled},
            {"hidden_during_run", run.hidden_during_run},
            {"wall_ms", [&] {
                 double first = INFINITY, last = -INFINITY;
                 for (const ProbeRequestState& r : run.requests)
                     if (r.started && r.done) first = std::min(first, r.sent_ms), last = std::max(last, r.done_ms);
                 return last >= first ? json(last - first) : json(nullptr);
             }()},
            {"requests", requests},
            {"summary", probe::summarize_run(probe_records(p))},
            {"transport", "browser fetch() + ReadableStream; times from performance.now() at each chunk's arrival"}};
}

json probe_export_json(const ProbePanel& p) {
    json runs = json::array();
    for (const json& r : p.history) runs.push_back(r);
    if (!p.run.requests.empty()) runs.push_back(probe_run_json(p));
    return {{"tool", "wafer2token probe (browser)"}, {"runs", runs}};
}

json probe_settings_json(const ProbeSettings& s) {
    return {{"preset", probe_presets()[static_cast<size_t>(s.preset)].name},
            {"url", s.url},
            {"dialect", s.dialect},
            {"model", s.model},
            {"headers", s.headers},
            {"prompt", s.prompt},
            {"max_tokens", s.max_tokens},
            {"runs", s.runs},
            {"concurrency", s.concurrency},
            {"connect_timeout_s", s.connect_timeout_s},
            {"first_byte_timeout_s", s.first_byte_timeout_s},
            {"idle_timeout_s", s.idle_timeout_s},
            {"total_timeout_s", s.total_timeout_s},
            {"hardware_id", s.hardware_id},
            {"chips", s.chips},
            {"catalogue_model", s.catalogue_model},
            {"precision", to_string(s.precision)}};
}

json probe_state_json(const ProbePanel& p) {
    const ProbeSettings& s = p.settings;
    json presets = json::array();
    for (const ProbePreset& pr : probe_presets()) presets.push_back(pr.name);
    json settings = probe_settings_json(s);
    int done = 0, started = 0;
    for (const ProbeRequestState& r : p.run.requests) done += r.done, started += r.started;
    json prediction = nullptr;
    if (p.prediction)
        prediction = {{"ttft_ms", p.prediction->ttft_ms},
                      {"tpot_ms", p.prediction->tpot_ms},
                      {"per_user_output_tok_s", p.prediction->per_user_output_tok_s},
                      {"e2e_ms", p.prediction->e2e_latency_s * 1000},
                      {"input_tokens", p.prediction->input.input_tokens},
                      {"output_tokens", p.prediction->input.output_tokens}};
    return {{"settings", settings},
            {"presets", presets},
            {"api_key_set", !p.api_key.empty()},
            {"remember_key", p.remember_key},
            {"remembered_presets", [&] {
                 json r = json::array();
                 for (const auto& [k, v] : p.remembered) r.push_back(k);
                 return r;
             }()},
            {"page_protocol", p.page_protocol},
            {"mixed_content", mixed_content(p.page_protocol, trim(s.url))},
            {"run_error", p.run_error ? json(mask_secret(*p.run_error, p.api_key)) : json(nullptr)},
            {"run", probe_run_json(p)},
            {"started", started},
            {"done", done},
            {"ttft_hist", histogram_json(p.ttft_hist)},
            {"itl_hist", histogram_json(p.itl_hist)},
            {"timeline_ms", p.timeline_ms},
            {"prediction", prediction},
            {"prediction_error", p.prediction_error ? json(p.prediction_error->message) : json(nullptr)},
            {"narrow", p.narrow}};
}

std::optional<Error> set_probe_settings(ProbePanel& p, const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    ProbePanel next_panel = p;  // all or nothing (the transport is copied, not called)
    ProbeSettings& s = next_panel.settings;
    try {
        if (j.contains("preset")) {
            const std::string name = j["preset"].get<std::string>();
            const auto& presets = probe_presets();
            auto it = std::find_if(presets.begin(), presets.end(), [&](const ProbePreset& pr) { return name == pr.name; });
            if (it == presets.end()) return Error{"preset", "unknown preset '" + name + "'"};
            apply_probe_preset(next_panel, static_cast<int>(it - presets.begin()));
        }
        for (const char* k : {"url", "model", "headers", "prompt", "hardware_id", "catalogue_model"})
            if (j.contains(k)) {
                std::string v = j[k].get<std::string>();
                if (std::string(k) == "url") s.url = v;
                else if (std::string(k) == "model") s.model = v;
                else if (std::string(k) == "headers") s.headers = v;
                else if (std::string(k) == "prompt") s.prompt = v;
                else if (std::string(k) == "hardware_id") s.hardware_id = v;
                else s.catalogue_model = v;
            }
        if (j.contains("dialect")) {
            const std::string d = j["dialect"].get<std::string>();
            if (!probe::parse_dialect(d)) return Error{"dialect", "unknown dialect '" + d + "'"};
            s.dialect = d;
        }
        for (const auto& [k, field] : {std::pair<const char*, int*>{"max_tokens", &s.max_tokens},
                                       {"runs", &s.runs}, {"concurrency", &s.concurrency}, {"chips", &s.chips}})
            if (j.contains(k)) *field = j[k].get<int>();
        for (const auto& [k, field] : {std::pair<const char*, double*>{"connect_timeout_s", &s.connect_timeout_s},
                                       {"first_byte_timeout_s", &s.first_byte_timeout_s},
                                       {"idle_timeout_s", &s.idle_timeout_s},
                                       {"total_timeout_s", &s.total_timeout_s}})
            if (j.contains(k)) *field = j[k].get<double>();
        if (j.contains("precision")) {
            auto pr = parse_precision(j["precision"].get<std::string>());
            if (!pr) return Error{"precision", pr.error().message};
            s.precision = *pr;
        }
        if (j.contains("api_key")) next_panel.api_key = j["api_key"].get<std::string>();
    } catch (const json::exception&) {
        return Error{"", "a field has the wrong type"};
    }
    const bool remember = j.contains("remember_key") && j["remember_key"].is_boolean();
    p.settings = next_panel.settings;
    p.remember_key = next_panel.remember_key;
    set_probe_key(p, next_panel.api_key);
    if (remember) set_probe_remember(p, j["remember_key"].get<bool>());
    return std::nullopt;
}

// [SECTION] drawing
namespace {

int string_resize(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* str = static_cast<std::string*>(data->UserData);
        str->resize(static_cast<size_t>(data->BufTextLen));
        data->Buf = str->data();
    }
    return 0;
}

bool input_string(const char* id, std::string* s, ImGuiInputTextFlags flags = 0) {
    return ImGui::InputText(id, s->data(), s->capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize,
                            string_resize, s);
}

bool input_multiline(const char* id, std::string* s, float height) {
    return ImGui::InputTextMultiline(id, s->data(), s->capacity() + 1, ImVec2(-FLT_MIN, height),
                                     ImGuiInputTextFlags_CallbackResize, string_resize, s);
}

void coloured_wrapped(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void heading(const char* text) {
    ImGui::Spacing();
    muted_wrapped(text);
}

std::string ms(std::optional<double> v) { return v ? chart::format_value(*v, "ms") : "-"; }

bool catalogue_combo(const char* id, std::string* value, bool models) {
    const Catalogue& cat = builtin_catalogue();
    std::string shown = *value;
    if (models) {
        if (const ModelArch* m = cat.model(*value)) shown = m->name;
    } else if (const Accelerator* a = cat.accelerator(*value)) {
        shown = a->name;
    }
    bool changed = false;
    if (ImGui::BeginCombo(id, shown.c_str())) {
        auto item = [&](const std::string& item_id, const std::string& name) {
            const bool selected = item_id == *value;
            if (ImGui::Selectable(name.c_str(), selected)) *value = item_id, changed = true;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", item_id.c_str());
            if (selected) ImGui::SetItemDefaultFocus();
        };
        if (models)
            for (const ModelArch& m : cat.models) item(m.id, m.name);
        else
            for (const Accelerator& a : cat.accelerators) item(a.id, a.name);
        ImGui::EndCombo();
    }
    return changed;
}

void draw_inputs(ProbePanel& p, float width) {
    const Form f{std::min(112.0f, width * 0.34f), width < 250.0f};
    ProbeSettings& s = p.settings;
    const auto& presets = probe_presets();

    ImGui::TextColored(kMutedColour, "ENDPOINT");
    form_field(f, "Provider", "Fills in the URL, dialect, model and headers; all stay editable.");
    if (ImGui::BeginCombo("##preset", presets[static_cast<size_t>(s.preset)].name)) {
        for (size_t i = 0; i < presets.size(); ++i)
            if (ImGui::Selectable(presets[i].name, static_cast<int>(i) == s.preset))
                apply_probe_preset(p, static_cast<int>(i));
        ImGui::EndCombo();
    }
    note_item_rect("probe_preset");
    muted_wrapped(presets[static_cast<size_t>(s.preset)].cors);

    form_field(f, "URL", "The full endpoint; {model} is replaced by the model name.");
    input_string("##url", &s.url);
    note_item_rect("probe_url");
    if (mixed_content(p.page_protocol, trim(s.url)))
        coloured_wrapped(kWarnColour,
                         "This page is https and the URL is http: browsers block that (mixed content). Use an https "
                         "endpoint, or open this page from http://localhost (scripts/run.sh).");

    form_field(f, "Dialect", "How the request is written and the stream read.");
    if (ImGui::BeginCombo("##dialect", s.dialect.c_str())) {
        for (const char* d : kDialects)
            if (ImGui::Selectable(d, s.dialect == d)) s.dialect = d;
        ImGui::EndCombo();
    }
    note_item_rect("probe_dialect");

    form_field(f, "Model", "The model name the provider expects.");
    input_string("##model", &s.model);
    note_item_rect("probe_model");

    form_field(f, "API key", "Sent only to the URL above, in the dialect's header. Kept in this page's memory; "
                        "never in the URL, the page text, logs or exports.");
    std::string key = p.api_key;
    if (input_string("##key", &key, ImGuiInputTextFlags_Password)) set_probe_key(p, key);
    note_item_rect("probe_key");
    bool remember = p.remember_key;
    if (ImGui::Checkbox("remember on this device", &remember)) set_probe_remember(p, remember);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Keeps the key in this browser's localStorage for this provider, until you press Forget.");
    if (!p.remembered.empty() || p.remember_key || !p.api_key.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Forget")) forget_probe_key(p);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Clears the key here and every key kept on this device.");
    }
    if (!p.remembered.empty()) {
        std::string names;
        for (const auto& [name, k] : p.remembered) names += (names.empty() ? "" : ", ") + name;
        muted_wrapped(("Kept on this device for: " + names).c_str());
    }

    form_field(f, "Headers", "Extra headers, one 'Name: value' a line.");
    input_multiline("##headers", &s.headers, ImGui::GetTextLineHeight() * 2.5f);
    note_item_rect("probe_headers");

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "WORKLOAD");
    form_field(f, "Prompt", "The user message sent with every request.");
    input_multiline("##prompt", &s.prompt, ImGui::GetTextLineHeight() * 3.0f);
    note_item_rect("probe_prompt");
    form_field(f, "Max tokens", "Output token limit sent to the provider.");
    ImGui::InputInt("##max_tokens", &s.max_tokens, 16, 256);
    s.max_tokens = std::clamp(s.max_tokens, 1, 1'000'000);
    form_field(f, "Requests", "How many requests (the same prompt each time).");
    ImGui::InputInt("##runs", &s.runs, 1, 10);
    s.runs = std::clamp(s.runs, 1, kMaxRuns);
    note_item_rect("probe_runs");
    form_field(f, "Concurrency", "Requests in flight at once. A request's clock starts when it is sent, not while it waits.");
    ImGui::InputInt("##concurrency", &s.concurrency, 1, 4);
    s.concurrency = std::clamp(s.concurrency, 1, kMaxConcurrency);
    if (s.concurrency > 6)
        muted_wrapped("Browsers open at most 6 HTTP/1.1 connections to one host: above that, requests wait inside "
                      "the browser and their TTFT includes the wait (HTTP/2 endpoints are not limited).");
    if (ImGui::TreeNode("Timeouts")) {
        const Form tf{std::min(150.0f, width * 0.45f), width < 250.0f};
        form_field(tf, "Connect (s)", "No response headers for this long after sending.");
        ImGui::InputDouble("##ct", &s.connect_timeout_s, 1, 10, "%.1f");
        form_field(tf, "First byte (s)", "No body byte for this long after the headers.");
        ImGui::InputDouble("##fbt", &s.first_byte_timeout_s, 1, 10, "%.1f");
        form_field(tf, "Idle (s)", "No byte for this long within the stream.");
        ImGui::InputDouble("##it", &s.idle_timeout_s, 1, 10, "%.1f");
        form_field(tf, "Total (s)", "The whole request.");
        ImGui::InputDouble("##tt", &s.total_timeout_s, 1, 10, "%.1f");
        ImGui::TreePop();
    }

    ImGui::Spacing();
    const float bw = std::max(80.0f, (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f);
    ImGui::BeginDisabled(p.run.active);
    if (ImGui::Button("Run", ImVec2(bw, 0))) start_probe_run(p, ImGui::GetTime() * 1000.0);
    ImGui::EndDisabled();
    note_item_rect("probe_run");
    ImGui::SameLine();
    ImGui::BeginDisabled(!p.run.active);
    if (ImGui::Button("Cancel", ImVec2(bw, 0))) cancel_probe_run(p);
    ImGui::EndDisabled();
    note_item_rect("probe_cancel");
    ImGui::SameLine();
    ImGui::BeginDisabled(p.run.requests.empty() && p.history.empty());
    if (ImGui::Button("Export", ImVec2(bw, 0)) && p.transport.download)
        p.transport.download("w2t-probe-runs.json", probe_export_json(p).dump(2, ' ', false, json::error_handler_t::replace));
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Every run of this session as JSON (the key is never in it).");
    if (p.run_error) coloured_wrapped(kErrorColour, mask_secret(*p.run_error, p.api_key));
    muted_wrapped("Nothing is sent until you press Run.");

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "MODEL PREDICTION");
    form_field(f, "Hardware", "The chip the performance model assumes serves the model.");
    catalogue_combo("##hw", &s.hardware_id, false);
    note_item_rect("probe_hw");
    form_field(f, "Chips", "How many (0: the fewest that hold the model).");
    ImGui::InputInt("##chips", &s.chips, 1, 8);
    s.chips = std::clamp(s.chips, 0, 4096);
    form_field(f, "Model", "The catalogue model closest to the one probed.");
    catalogue_combo("##catmodel", &s.catalogue_model, true);
    form_field(f, "Precision", "Weights' precision assumed.");
    if (ImGui::BeginCombo("##precision", to_string(s.precision))) {
        for (Precision pr : kPrecisions)
            if (ImGui::Selectable(to_string(pr), pr == s.precision)) s.precision = pr;
        ImGui::EndCombo();
    }
}

// What went wrong, in words a user can act on.
void draw_diagnosis(const ProbePanel& p, const std::vector<RequestRecord>& records) {
    bool network = false, auth = false, rate = false, timeout = false, truncated = false;
    int status = 0;
    for (const RequestRecord& r : records) {
        if (r.outcome == Outcome::stream_error && r.http_status == 0 && r.error &&
            r.error->rfind("network error", 0) == 0)
            network = true;
        if (r.outcome == Outcome::http_error && (r.http_status == 401 || r.http_status == 403)) auth = true, status = r.http_status;
        if (r.outcome == Outcome::http_error && r.http_status == 429) rate = true;
        if (r.outcome == Outcome::timeout) timeout = true;
        if (r.outcome == Outcome::truncated) truncated = true;
    }
    const ProbePreset& pr = probe_presets()[static_cast<size_t>(p.run.settings.preset)];
    if (network) {
        coloured_wrapped(kWarnColour, "The browser got no response it may show to this page. Usual causes:");
        if (mixed_content(p.page_protocol, p.run.url))
            ImGui::BulletText("Mixed content: this https page may not call an http:// URL.");
        ImGui::Bullet();
        ImGui::TextWrapped("CORS: the endpoint does not allow calls from web pages (it must answer the OPTIONS "
                           "preflight with Access-Control-Allow-Origin). %s", pr.cors);
        ImGui::BulletText("The address is wrong, or the server is down or unreachable.");
        ImGui::Bullet();
        ImGui::TextWrapped("The browser console names the cause. Endpoints that refuse browsers can be measured "
                           "with the command line: w2t probe.");
    }
    if (auth)
        coloured_wrapped(kWarnColour, "HTTP " + std::to_string(status) +
                                          ": the provider refused the key (missing, wrong, or without access to this model).");
    if (rate) coloured_wrapped(kWarnColour, "HTTP 429: rate limited. Fewer requests or less concurrency, or wait.");
    if (timeout)
        coloured_wrapped(kWarnColour, "A request timed out (the reason is in the table). Raise the timeouts if the "
                                      "model is just slow.");
    if (truncated)
        coloured_wrapped(kWarnColour, "A stream ended without its end marker (a proxy cut it, or the server failed): "
                                      "never counted as ok.");
}

void draw_status(const ProbePanel& p) {
    const ProbeRun& run = p.run;
    if (run.requests.empty()) {
        ImGui::TextWrapped("Pick a provider, enter the key and press Run. Each request is streamed with fetch(); every "
                           "chunk is timestamped on arrival (performance.now()).");
        return;
    }
    int started = 0, done = 0, ok = 0;
    for (const ProbeRequestState& r : run.requests) {
        started += r.started;
        done += r.done;
        ok += r.done && r.record.outcome == Outcome::ok;
    }
    const int n = static_cast<int>(run.requests.size());
    char line[256];
    if (run.active)
        std::snprintf(line, sizeof line, "Run %llu: %d of %d done, %d in flight, %d ok", (unsigned long long)run.id, done,
                      n, started - done, ok);
    else
        std::snprintf(line, sizeof line, "Run %llu%s: %d of %d done, %d ok%s", (unsigned long long)run.id,
                      run.cancelled ? " (cancelled)" : "", done, n, ok,
                      n - started > 0 ? (", " + std::to_string(n - started) + " not sent").c_str() : "");
    ImGui::TextColored(ok == done && !run.cancelled ? kGoodColour : kWarnColour, "%s", line);
    muted_wrapped((run.settings.dialect + " " + run.settings.model + " at " + mask_secret(run.url, p.api_key)).c_str());
    for (size_t i = 0; i < run.requests.size(); ++i) {  // the first failure, in full, where it is seen first
        const ProbeRequestState& r = run.requests[i];
        if (!r.done || r.record.outcome == Outcome::ok || !r.record.error) continue;
        coloured_wrapped(kErrorColour, "Request " + std::to_string(i + 1) + ": " +
                                           std::string(probe::to_string(r.record.outcome)) +
                                           (r.record.http_status ? " (HTTP " + std::to_string(r.record.http_status) + ")" : "") +
                                           ": " + *r.record.error);
        break;
    }
    if (run.hidden_during_run)
        coloured_wrapped(kWarnColour, "This tab was hidden during the run: browsers slow a hidden tab's timers and work, "
                                      "which can inflate the times. Keep the tab visible while measuring.");
}

struct StatRow {
    const char* name;
    const char* key;
    const char* unit;
    const char* help;
};

void draw_summary(const ProbePanel& p, float width) {
    const json& s = p.summary;
    if (!s.is_object() || !s.contains("ttft_ms")) return;
    heading("SUMMARY OVER OK REQUESTS (percentiles: linear interpolation between closest ranks)");
    const StatRow rows[] = {
        {"TTFT", "ttft_ms", "ms", "Request sent to the first chunk with content or reasoning text."},
        {"First answer", "first_answer_ms", "ms", "Request sent to the first visible answer text (after reasoning)."},
        {"ITL", "itl_ms", "ms", "Gaps between token-bearing chunks (a chunk may carry several tokens)."},
        {"TPOT", "tpot_ms", "ms", "(E2E - TTFT) / (completion tokens - 1)."},
        {"E2E", "e2e_ms", "ms", "Request sent to the end of the stream."},
        {"Decode", "decode_tok_s", "tok/s", "(completion tokens - 1) / (E2E - TTFT)."},
        {"Headers", "headers_ms", "ms", "Request sent to the response headers."},
    };
    const bool wide = width >= 420.0f;
    const int cols = wide ? 5 : 4;
    if (ImGui::BeginTable("probe_summary", cols, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        for (const char* h : {"p50", "p95", "p99"}) ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, 1.0f);
        if (wide) ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthStretch, 0.5f);
        ImGui::TableHeadersRow();
        for (const StatRow& row : rows) {
            const json& st = s[row.key];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kMutedColour, "%s", row.name);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.help);
            for (const char* k : {"p50", "p95", "p99"}) {
                ImGui::TableNextColumn();
                const json& v = st[k];
                ImGui::TextUnformatted(v.is_number() ? chart::format_value(v.get<double>(), row.unit).c_str() : "-");
                if (v.is_number() && ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s", chart::format_exact(v.get<double>(), row.unit).c_str());
            }
            if (wide) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::to_string(st["count"].get<size_t>()).c_str());
            }
        }
        ImGui::EndTable();
    }
    const size_t ok = s["outcomes"]["ok"].get<size_t>();
    if (ok > 0 && ok < 20)
        muted_wrapped(("Only " + std::to_string(ok) + " ok requests: p95 and p99 are close to the largest values, "
                                                      "not tails. Run more requests for tails.")
                          .c_str());
    if (s["usage_estimated_requests"].get<size_t>() > 0)
        muted_wrapped("Some requests reported no token usage: their token counts are estimated (characters / 4).");
}

void draw_prediction(const ProbePanel& p) {
    heading("MEASURED VS THE PERFORMANCE MODEL");
    if (!p.prediction) {
        if (p.prediction_error) coloured_wrapped(kMutedColour, "No prediction: " + p.prediction_error->message);
        return;
    }
    const EstimateResult& e = *p.prediction;
    const json& s = p.summary;
    auto p50 = [&](const char* key) -> std::optional<double> {
        if (!s.is_object() || !s.contains(key) || !s[key]["p50"].is_number()) return std::nullopt;
        return s[key]["p50"].get<double>();
    };
    struct Row {
        const char* name;
        std::optional<double> measured;
        double model;
        const char* unit;
    };
    const Row rows[] = {{"TTFT", p50("ttft_ms"), e.ttft_ms, "ms"},
                        {"TPOT", p50("tpot_ms"), e.tpot_ms, "ms"},
                        {"Decode", p50("decode_tok_s"), e.per_user_output_tok_s, "tok/s"},
                        {"E2E", p50("e2e_ms"), e.e2e_latency_s * 1000.0, "ms"}};
    if (ImGui::BeginTable("probe_prediction", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("measured p50", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("model", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("ratio", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::TableHeadersRow();
        for (const Row& r : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kMutedColour, "%s", r.name);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.measured ? chart::format_value(*r.measured, r.unit).c_str() : "-");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(chart::format_value(r.model, r.unit).c_str());
            ImGui::TableNextColumn();
            if (r.measured && r.model > 0) ImGui::Text("%.2f\xC3\x97", *r.measured / r.model);
            else ImGui::TextDisabled("-");
        }
        ImGui::EndTable();
    }
    char text[320];
    std::snprintf(text, sizeof text,
                  "Model: %s on %s (%s), %s, single stream, %.0f prompt and %.0f output tokens. The measured times "
                  "also hold the network, the provider's queue and its API layers; the model holds none of them.",
                  e.input.model_id.c_str(), e.layout.description.c_str(), e.input.hardware_id.c_str(),
                  to_string(e.input.precision), e.input.input_tokens, e.input.output_tokens);
    muted_wrapped(text);
}

void draw_charts(ProbePanel& p, float width, float plot_h) {
    const json& s = p.summary;
    auto stat = [&](const char* key, const char* which) {
        return s.is_object() && s.contains(key) && s[key][which].is_number() ? s[key][which].get<double>() : NAN;
    };
    std::vector<chart::Marker> ttft_markers, itl_markers;
    if (std::isfinite(stat("ttft_ms", "p50"))) ttft_markers.push_back({"p50", stat("ttft_ms", "p50"), theme().strong});
    if (std::isfinite(stat("ttft_ms", "p95"))) ttft_markers.push_back({"p95", stat("ttft_ms", "p95"), kOrange});
    if (p.prediction) ttft_markers.push_back({"model", p.prediction->ttft_ms, kViolet});
    if (std::isfinite(stat("itl_ms", "p50"))) itl_markers.push_back({"p50", stat("itl_ms", "p50"), theme().strong});
    if (std::isfinite(stat("itl_ms", "p95"))) itl_markers.push_back({"p95", stat("itl_ms", "p95"), kOrange});
    if (p.prediction) itl_markers.push_back({"model TPOT", p.prediction->tpot_ms, kViolet});

    auto ttft = [&] {
        heading(("TTFT, " + std::to_string(p.ttft_hist.total()) + " ok requests").c_str());
        ImGui::BeginGroup();
        chart::histogram("probe_ttft_hist", plot_h, {"time to first token", "ms"}, p.ttft_hist, kTeal, ttft_markers,
                         "requests");
        ImGui::EndGroup();
        note_item_rect("probe_ttft_hist");
    };
    auto itl = [&] {
        heading(("INTER-TOKEN GAPS, " + std::to_string(p.itl_hist.total()) + " gaps between chunks").c_str());
        ImGui::BeginGroup();
        chart::histogram("probe_itl_hist", plot_h, {"gap between chunks", "ms"}, p.itl_hist, kTeal, itl_markers,
                         "gaps");
        ImGui::EndGroup();
        note_item_rect("probe_itl_hist");
    };
    if (width >= 760.0f && ImGui::BeginTable("probe_hists", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        ttft();
        ImGui::TableNextColumn();
        itl();
        ImGui::EndTable();
    } else {
        ttft();
        itl();
    }

    const int shown = shown_index(p);
    heading(shown >= 0 ? ("PER-TOKEN TIMELINE, request " + std::to_string(shown + 1) +
                          " (each dot: a chunk with text, at its arrival)")
                             .c_str()
                       : "PER-TOKEN TIMELINE (each dot: a chunk with text, at its arrival)");
    chart::Series dots;
    dots.name = "";
    dots.colour = kTeal;
    dots.line = false;
    dots.marker_radius = p.timeline_ms.size() > 200 ? 2.0f : 3.0f;
    for (size_t i = 0; i < p.timeline_ms.size(); ++i) {
        dots.x.push_back(p.timeline_ms[i]);
        dots.y.push_back(static_cast<double>(i + 1));
    }
    chart::PlotOptions opt;
    opt.legend = false;
    opt.default_tooltip = false;
    ImGui::BeginGroup();
    const chart::PlotHover h = chart::line_plot("probe_timeline", plot_h * 0.8f, {"arrival since the request was sent", "ms"},
                                                {"chunk with text", "#"}, {dots}, opt);
    ImGui::EndGroup();
    note_item_rect("probe_timeline");
    if (h.active()) {
        const size_t i = static_cast<size_t>(h.index);
        ImGui::SetTooltip("chunk %zu at %s%s", i + 1, chart::format_exact(p.timeline_ms[i], "ms").c_str(),
                          i > 0 ? (", " + chart::format_exact(p.timeline_ms[i] - p.timeline_ms[i - 1], "ms") +
                                   " after the previous")
                                      .c_str()
                                : " (TTFT)");
    }
}

void draw_text(ProbePanel& p, float height) {
    const int shown = shown_index(p);
    if (shown < 0) return;
    const ProbeRequestState& r = p.run.requests[static_cast<size_t>(shown)];
    heading(("STREAMED TEXT, request " + std::to_string(shown + 1) +
             (p.selected_request < 0 ? " (the latest; click a row below for another)" : ""))
                .c_str());
    if (!r.record.reasoning.empty()) {
        ImGui::TextColored(ImVec4(0.70f, 0.62f, 0.95f, 1.0f), "reasoning");
        ImGui::BeginChild("probe_reasoning", ImVec2(0, height * 0.5f), true);
        ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
        ImGui::TextWrapped("%s", r.record.reasoning.c_str());
        ImGui::PopStyleColor();
        ImGui::EndChild();
        ImGui::TextColored(kGoodColour, "answer");
    }
    ImGui::BeginChild("probe_content", ImVec2(0, height), true);
    if (r.record.content.empty()) ImGui::TextDisabled(r.done ? "(no answer text)" : "(waiting for text)");
    else ImGui::TextWrapped("%s", r.record.content.c_str());
    if (!r.done && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4.0f) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    note_item_rect("probe_content");
}

ImVec4 outcome_colour(Outcome o) { return o == Outcome::ok ? kGoodColour : kErrorColour; }

void draw_outcomes(ProbePanel& p, float width) {
    if (p.run.requests.empty()) return;
    heading("REQUESTS (click a row for its text and timeline)");
    const bool wide = width >= 560.0f;
    const int cols = wide ? 8 : 4;
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    const float max_h = std::min(12.0f, static_cast<float>(p.run.requests.size()) + 1.5f) * row_h + 8.0f;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("probe_outcomes", cols, flags, ImVec2(0, max_h))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("000").x);
        ImGui::TableSetupColumn("outcome", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        if (wide) ImGui::TableSetupColumn("HTTP", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn("TTFT", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        if (wide) {
            ImGui::TableSetupColumn("E2E", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("TPOT", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        }
        ImGui::TableSetupColumn("tokens", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        if (wide) ImGui::TableSetupColumn("error", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < p.run.requests.size(); ++i) {
            const ProbeRequestState& r = p.run.requests[i];
            const RequestRecord& rec = r.record;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(static_cast<int>(i));
            const bool selected = shown_index(p) == static_cast<int>(i);
            if (ImGui::Selectable(std::to_string(i + 1).c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
                p.selected_request = static_cast<int>(i);
                ++p.records_version;  // the timeline follows
            }
            if (rec.error && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", rec.error->c_str());
            ImGui::PopID();
            ImGui::TableNextColumn();
            if (!r.started) ImGui::TextDisabled(p.run.active ? "waiting" : "not sent");
            else if (!r.done) ImGui::TextColored(kMutedColour, "streaming");
            else ImGui::TextColored(outcome_colour(rec.outcome), "%s", std::string(probe::to_string(rec.outcome)).c_str());
            if (wide) {
                ImGui::TableNextColumn();
                if (rec.http_status) ImGui::Text("%d", rec.http_status);
                else ImGui::TextDisabled("-");
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ms(rec.ttft_ms).c_str());
            if (wide) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ms(rec.e2e_ms).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ms(rec.tpot_ms).c_str());
            }
            ImGui::TableNextColumn();
            if (rec.usage && rec.usage->completion_tokens)
                ImGui::Text("%lld%s", static_cast<long long>(*rec.usage->completion_tokens), rec.usage_estimated ? "~" : "");
            else ImGui::TextDisabled("-");
            if (wide) {
                ImGui::TableNextColumn();
                if (rec.error && r.done) ImGui::TextColored(kErrorColour, "%s", rec.error->c_str());
            }
        }
        ImGui::EndTable();
    }
    note_item_rect("probe_outcomes");
    if (!wide) {
        const int shown = shown_index(p);
        if (shown >= 0) {
            const RequestRecord& rec = p.run.requests[static_cast<size_t>(shown)].record;
            if (rec.error && p.run.requests[static_cast<size_t>(shown)].done)
                coloured_wrapped(kErrorColour, "Request " + std::to_string(shown + 1) + ": " + *rec.error);
        }
    }
    muted_wrapped("tokens: the provider's usage report; ~ marks an estimate (characters / 4) when it sent none.");
}

void draw_notes(bool open) {
    ImGui::Spacing();
    ImGui::SetNextItemOpen(open, ImGuiCond_Once);
    if (ImGui::CollapsingHeader("How the numbers are computed")) {
        const char* lines[] = {
            "Times start when fetch() is called (after any wait for a concurrency slot) and each chunk is stamped "
            "with performance.now() when the stream reader hands it over.",
            "TTFT = first chunk carrying answer or reasoning text - request sent. Not the headers, not a role-only "
            "first chunk, not a keep-alive.",
            "First answer = first chunk with visible answer text (after any reasoning).",
            "ITL = every gap between consecutive chunks with text. A chunk is not a token: it may carry several.",
            "E2E = end of the stream - request sent.",
            "TPOT = (E2E - TTFT) / (N - 1); decode tok/s = (N - 1) / (E2E - TTFT); N = completion tokens from the "
            "provider's usage report (else characters / 4, marked ~).",
            "Percentiles: linear interpolation between closest ranks (NumPy's default), over ok requests only.",
            "Outcomes: http_error (status not 2xx), stream_error (an error in the stream, bad JSON, or no response), "
            "timeout, truncated (no end marker; never ok), ok.",
        };
        for (const char* l : lines) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", l);
        }
    }
    ImGui::SetNextItemOpen(false, ImGuiCond_Once);
    if (ImGui::CollapsingHeader("Calling APIs from a browser")) {
        const char* lines[] = {
            "CORS: a provider must allow calls from web pages. OpenAI, Gemini, OpenRouter and Groq do; Anthropic only "
            "with the header anthropic-dangerous-direct-browser-access: true (the preset sets it); Ollama only from "
            "origins in OLLAMA_ORIGINS. Others may refuse: use the command line, w2t probe.",
            "Mixed content: a page served over https may not call http:// endpoints (loopback excepted).",
            "A hidden tab: browsers slow its timers and work; keep the tab visible while measuring.",
            "At most 6 HTTP/1.1 connections per host: higher concurrency queues inside the browser.",
            "The key is sent only to the URL you entered, and kept in memory unless you tick 'remember on this "
            "device' (then in this browser's localStorage until you press Forget).",
        };
        for (const char* l : lines) {
            ImGui::Bullet();
            ImGui::TextWrapped("%s", l);
        }
    }
}

void draw_output(ProbePanel& p, float width, float plot_h) {
    const std::vector<RequestRecord> records = probe_records(p);
    draw_status(p);
    draw_diagnosis(p, records);
    if (width >= 760.0f && ImGui::BeginTable("probe_top", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        draw_summary(p, width * 0.5f);
        ImGui::TableNextColumn();
        draw_prediction(p);
        ImGui::EndTable();
    } else {
        draw_summary(p, width);
        draw_prediction(p);
    }
    draw_charts(p, width, plot_h);
    draw_text(p, std::clamp(plot_h * 0.5f, 80.0f, 160.0f));
    draw_outcomes(p, width);
    draw_notes(width >= 760.0f);
}

}  // namespace

// [SECTION] draw_probe_panel()
void draw_probe_panel(ProbePanel& panel) {
    panel.narrow = ImGui::GetContentRegionAvail().x < 820.0f;
    update_probe_panel(panel);
    static const ViewLayout layout{
        "probe",
        "Measure a real endpoint from this browser: time to first token, gaps between tokens, "
        "end-to-end latency and every request's outcome, beside the model's prediction.",
        820.0f, 0.6f, 180.0f, 260.0f, 0.28f, 180.0f, 300.0f};
    draw_view_layout(
        layout, [&](float w) { draw_inputs(panel, w); }, [&] { update_probe_panel(panel); },
        [&](float w, float chart_h) { draw_output(panel, w, chart_h); });
}

}  // namespace w2t::web
