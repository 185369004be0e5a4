// [SECTION] Contents
//   helpers
//   the log and the providers
//   run control and transport events
//   update: rows from core (w2t/compare/table.hpp)
//   the view contract: inputs, summary, state, exports
//   drawing: inputs, bars, table, warnings
//   draw_compare_panel()
#include "panel_compare.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "chart.hpp"
#include "imgui.h"
#include "view_layout.hpp"
#include "widget_rects.hpp"
#include "w2t/catalogue/catalogue.hpp"
#include "w2t/cost/prices.hpp"
#include "w2t/json_io.hpp"

namespace w2t::web {
namespace {

using nlohmann::json;

const ImVec4 kErrorColour{1.0f, 0.42f, 0.38f, 1.0f};
const ImVec4 kMutedColour{0.62f, 0.65f, 0.70f, 1.0f};
const ImVec4 kGoodColour{0.40f, 0.80f, 0.62f, 1.0f};
const ImVec4 kWarnColour{0.92f, 0.62f, 0.36f, 1.0f};
constexpr ImU32 kTeal = IM_COL32(41, 170, 152, 255);
constexpr ImU32 kViolet = IM_COL32(150, 130, 230, 255);
constexpr ImU32 kBaselineColour = IM_COL32(230, 140, 60, 255);  // orange: visible on light and dark
constexpr int kMaxProviders = 6, kMaxRuns = 200, kMaxConcurrency = 16, kMaxPrompts = 20;

// [SECTION] helpers
std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string first_word(const std::string& s) {
    const std::size_t end = s.find_first_of(" (");
    return s.substr(0, end);
}

// The text the probe sends for a log prompt: its last user message (parts joined).
std::string prompt_text(const json& messages) {
    std::string text;
    for (const json& m : messages) {
        if (m.value("role", "") != "user") continue;
        const json& c = m["content"];
        text.clear();
        if (c.is_string()) text = c.get<std::string>();
        else if (c.is_array())
            for (const json& part : c)
                if (part.is_object() && part.contains("text") && part["text"].is_string()) text += part["text"].get<std::string>();
    }
    return text;
}

std::vector<std::string> run_prompts(const ComparePanel& p) {
    std::vector<std::string> out;
    if (p.prompts_from_log && p.log)
        for (const json& m : p.log->prompts) {
            if (static_cast<int>(out.size()) >= p.max_prompts) break;
            std::string t = prompt_text(m);
            if (!t.empty()) out.push_back(std::move(t));
        }
    if (out.empty()) out.push_back(p.prompt);
    return out;
}

// The price of a provider: typed in, else the price table by the preset's first word and the model.
std::optional<compare::Price> price_of(const CompareProvider& c, std::string* note) {
    if (c.input_usd_per_mtok >= 0 && c.output_usd_per_mtok >= 0)
        return compare::Price{c.input_usd_per_mtok, c.output_usd_per_mtok, "typed in"};
    const auto& presets = probe_presets();
    const std::string preset = presets[static_cast<std::size_t>(
        std::clamp(c.settings.preset, 0, static_cast<int>(presets.size()) - 1))].name;
    const std::string provider = lower(first_word(preset));
    auto q = price_for(provider, c.settings.model);
    if (!q || !known(q->input_usd_per_mtok) || !known(q->output_usd_per_mtok)) {
        *note = "no price: type one in, or pick a provider and model the price table knows (" + provider + ", " +
                c.settings.model + " is not there): no cost";
        return std::nullopt;
    }
    return compare::Price{q->input_usd_per_mtok, q->output_usd_per_mtok,
                          "the price table, " + q->source + ", " + q->provider_id + " " + q->model_id};
}

}  // namespace

// [SECTION] the log and the providers
std::optional<Error> load_compare_log(ComparePanel& p, std::string text, const std::string& name) {
    auto log = compare::parse_baseline_log(text, "log");
    if (!log) {
        p.log_error = log.error();
        ++p.version;
        return log.error();
    }
    p.log = std::move(*log);
    p.log_error.reset();
    p.log_text = std::move(text);
    p.log_name = name.empty() ? "pasted" : name;
    ++p.version;
    return std::nullopt;
}

void clear_compare_log(ComparePanel& p) {
    p.log.reset();
    p.log_error.reset();
    p.log_text.clear();
    p.log_name.clear();
    ++p.version;
}

namespace {
void add_provider(ComparePanel& p, CompareProvider c) {
    if (static_cast<int>(p.providers.size()) >= kMaxProviders) return;
    std::string name = c.name;
    for (int k = 2; std::any_of(p.providers.begin(), p.providers.end(), [&](const CompareProvider& o) { return o.name == name; }); ++k)
        name = c.name + " " + std::to_string(k);
    c.name = name;
    p.providers.push_back(std::move(c));
    ++p.version;
}
}  // namespace

void add_compare_provider(ComparePanel& p, int preset_index) {
    CompareProvider c;
    apply_probe_preset(c.engine, preset_index);
    c.settings = c.engine.settings;
    c.name = probe_presets()[static_cast<std::size_t>(c.settings.preset)].name;
    add_provider(p, std::move(c));
}

void add_compare_provider_from_probe(ComparePanel& p, const ProbePanel& probe) {
    CompareProvider c;
    c.settings = probe.settings;
    c.api_key = probe.api_key;  // memory to memory; never exported
    c.name = probe_presets()[static_cast<std::size_t>(
        std::clamp(probe.settings.preset, 0, static_cast<int>(probe_presets().size()) - 1))].name;
    add_provider(p, std::move(c));
}

void remove_compare_provider(ComparePanel& p, std::size_t index) {
    if (p.running || index >= p.providers.size()) return;
    p.providers.erase(p.providers.begin() + static_cast<std::ptrdiff_t>(index));
    ++p.version;
}

std::optional<Error> set_compare_key(ComparePanel& p, std::size_t index, std::string key) {
    if (index >= p.providers.size()) return Error{"index", "no provider " + std::to_string(index)};
    p.providers[index].api_key = std::move(key);
    return std::nullopt;
}

// [SECTION] run control and transport events
namespace {

// Starts the current provider's current prompt; false when nothing is left.
bool start_current(ComparePanel& p, double now_ms) {
    const std::vector<std::string> prompts = run_prompts(p);
    while (p.current < p.providers.size()) {
        CompareProvider& c = p.providers[p.current];
        if (p.current_prompt < prompts.size()) {
            ProbePanel& e = c.engine;
            e.settings = c.settings;
            e.settings.prompt = prompts[p.current_prompt];
            e.settings.runs = p.runs;
            e.settings.max_tokens = p.max_tokens;
            e.settings.concurrency = p.concurrency;
            e.api_key = c.api_key;
            e.remember_key = false;
            e.transport.start = p.transport.start;
            e.transport.cancel = p.transport.cancel;
            e.next_run_id = p.next_run_id++;
            if (start_probe_run(e, now_ms)) return true;
            // This provider cannot start (a bad URL): its error is a note, the rest still run.
            probe::RequestRecord failed;
            failed.outcome = probe::Outcome::stream_error;
            failed.error = mask_secret(e.run_error.value_or("could not start"), c.api_key);
            for (int i = 0; i < p.runs; ++i) c.records.push_back(failed);
            ++p.current;
            p.current_prompt = 0;
            continue;
        }
        ++p.current;
        p.current_prompt = 0;
    }
    p.running = false;
    return false;
}

CompareProvider* provider_of(ComparePanel& p, uint64_t run) {
    if (!p.running || p.current >= p.providers.size()) return nullptr;
    CompareProvider& c = p.providers[p.current];
    return c.engine.run.id == run ? &c : nullptr;
}

}  // namespace

bool start_compare_run(ComparePanel& p, double now_ms) {
    p.run_error.reset();
    if (p.running) {
        p.run_error = "a run is in progress: cancel it first";
        return false;
    }
    if (p.providers.empty()) {
        p.run_error = "add a provider first";
        return false;
    }
    if (!p.transport.start) {
        p.run_error = "no transport: the page's compare.js is not loaded";
        return false;
    }
    if (p.prompts_from_log && (!p.log || p.log->prompts.empty())) {
        p.run_error = "the log carries no prompt (give \"prompt\" or \"messages\" on its lines), or untick "
                      "\"prompts from the log\"";
        return false;
    }
    for (CompareProvider& c : p.providers) c.records.clear();
    p.running = true;
    p.cancelled = false;
    p.current = 0;
    p.current_prompt = 0;
    ++p.version;
    start_current(p, now_ms);
    return true;
}

void cancel_compare_run(ComparePanel& p) {
    if (!p.running) return;
    if (p.current < p.providers.size()) {
        CompareProvider& c = p.providers[p.current];
        cancel_probe_run(c.engine);
        update_probe_panel(c.engine);
        for (const probe::RequestRecord& r : probe_records(c.engine))
            if (r.outcome != probe::Outcome::ok || r.e2e_ms) c.records.push_back(r);
    }
    p.running = false;
    p.cancelled = true;
    ++p.version;
}

void compare_started(ComparePanel& p, uint64_t run, int index, double at_ms) {
    if (CompareProvider* c = provider_of(p, run)) probe_started(c->engine, run, index, at_ms);
}
void compare_headers(ComparePanel& p, uint64_t run, int index, int status, double at_ms) {
    if (CompareProvider* c = provider_of(p, run)) probe_headers(c->engine, run, index, status, at_ms);
}
void compare_chunk(ComparePanel& p, uint64_t run, int index, double at_ms, std::string_view bytes) {
    if (CompareProvider* c = provider_of(p, run)) probe_chunk(c->engine, run, index, at_ms, bytes);
}
void compare_end(ComparePanel& p, uint64_t run, int index, double at_ms) {
    if (CompareProvider* c = provider_of(p, run)) probe_end(c->engine, run, index, at_ms);
}
void compare_timeout(ComparePanel& p, uint64_t run, int index, double at_ms, const std::string& reason) {
    if (CompareProvider* c = provider_of(p, run)) probe_timeout(c->engine, run, index, at_ms, reason);
}
void compare_failed(ComparePanel& p, uint64_t run, int index, double at_ms, const std::string& message) {
    if (CompareProvider* c = provider_of(p, run)) probe_failed(c->engine, run, index, at_ms, message);
}
void compare_run_finished(ComparePanel& p, uint64_t run, double at_ms) {
    CompareProvider* c = provider_of(p, run);
    if (!c) return;
    probe_run_finished(c->engine, run, at_ms);
    update_probe_panel(c->engine);
    for (const probe::RequestRecord& r : probe_records(c->engine)) c->records.push_back(r);
    ++p.current_prompt;
    ++p.version;
    start_current(p, at_ms);
}

// [SECTION] update
void update_compare_panel(ComparePanel& p) {
    if (p.derived_version == p.version) return;
    p.derived_version = p.version;
    json rows = json::array();
    if (p.log) {
        json base = p.log->row;
        base["name"] = "baseline (" + p.log_name + ")";
        rows.push_back(base);
    } else {
        json typed = json::object();
        if (p.typed_ttft_p95_ms > 0) typed["ttft_p95_ms"] = p.typed_ttft_p95_ms;
        if (p.typed_e2e_p95_ms > 0) typed["e2e_p95_ms"] = p.typed_e2e_p95_ms;
        if (p.typed_usd_per_1k > 0) typed["usd_per_1k_tokens"] = p.typed_usd_per_1k;
        if (!typed.empty())
            if (auto r = compare::typed_baseline_row(typed, "baseline")) rows.push_back(*r);
    }
    const std::vector<std::string> prompts = run_prompts(p);
    double chars = 0;
    for (const std::string& s : prompts) chars += static_cast<double>(compare::utf8_length(s));
    const double fallback_in = std::max(1.0, chars / static_cast<double>(prompts.size()) / 4.0);
    for (CompareProvider& c : p.providers) {
        c.price_note.clear();
        auto price = price_of(c, &c.price_note);
        if (c.records.empty()) continue;
        compare::Measured m = compare::measured_row(c.name, c.records, price, c.price_note);
        for (json& n : m.row["notes"]) n = mask_secret(n.get<std::string>(), c.api_key);
        rows.push_back(m.row);
        if (c.predict && !c.settings.hardware_id.empty() && !c.settings.catalogue_model.empty())
            rows.push_back(compare::predicted_row(c.name, {c.settings.hardware_id, c.settings.catalogue_model,
                                                           c.settings.chips, c.settings.precision},
                                                  m, fallback_in, p.max_tokens, p.concurrency, price));
    }
    compare::sort_rows(rows, p.sort_column, p.sort_descending);
    compare::mark_best(rows);
    p.rows = std::move(rows);
}

// [SECTION] the view contract
namespace {
const char* const kProviderKeys[] = {"name", "preset", "url", "dialect", "model", "input_usd_per_mtok",
                                     "output_usd_per_mtok", "hardware_id", "catalogue_model", "chips", "predict"};
constexpr const char* kDialects[] = {"openai-chat", "openai-responses", "anthropic", "gemini", "ollama"};

std::string pkey(std::size_t i, const char* key) { return "p" + std::to_string(i + 1) + "_" + key; }
}  // namespace

json compare_inputs(const ComparePanel& p) {
    json j = {{"runs", p.runs},
              {"max_tokens", p.max_tokens},
              {"concurrency", p.concurrency},
              {"max_prompts", p.max_prompts},
              {"prompts_from_log", p.prompts_from_log},
              {"prompt", p.prompt},
              {"sort", p.sort_column},
              {"descending", p.sort_descending},
              {"baseline_ttft_p95_ms", p.typed_ttft_p95_ms},
              {"baseline_e2e_p95_ms", p.typed_e2e_p95_ms},
              {"baseline_usd_per_1k", p.typed_usd_per_1k},
              {"providers", p.providers.size()}};
    for (std::size_t i = 0; i < p.providers.size(); ++i) {
        const CompareProvider& c = p.providers[i];
        j[pkey(i, "name")] = c.name;
        j[pkey(i, "preset")] = probe_presets()[static_cast<std::size_t>(c.settings.preset)].name;
        j[pkey(i, "url")] = mask_secret(c.settings.url, c.api_key);
        j[pkey(i, "dialect")] = c.settings.dialect;
        j[pkey(i, "model")] = c.settings.model;
        j[pkey(i, "input_usd_per_mtok")] = c.input_usd_per_mtok;
        j[pkey(i, "output_usd_per_mtok")] = c.output_usd_per_mtok;
        j[pkey(i, "hardware_id")] = c.settings.hardware_id;
        j[pkey(i, "catalogue_model")] = c.settings.catalogue_model;
        j[pkey(i, "chips")] = c.settings.chips;
        j[pkey(i, "predict")] = c.predict;
    }
    return j;
}

std::optional<Error> set_compare_inputs(ComparePanel& p, const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    if (p.running) return Error{"", "a run is in progress: cancel it first"};
    // Everything is applied to a copy of the settings and committed only when all keys are valid.
    auto integer = [&](const char* key, int lo, int hi, int& out) -> std::optional<Error> {
        if (!j.contains(key)) return std::nullopt;
        if (!j[key].is_number_integer() || j[key].get<long long>() < lo || j[key].get<long long>() > hi)
            return Error{key, "must be a whole number " + std::to_string(lo) + "-" + std::to_string(hi)};
        out = j[key].get<int>();
        return std::nullopt;
    };
    auto number = [&](const std::string& key, double lo, double& out) -> std::optional<Error> {
        if (!j.contains(key)) return std::nullopt;
        if (!j[key].is_number() || !std::isfinite(j[key].get<double>()) || j[key].get<double>() < lo)
            return Error{key, "must be a number >= " + (lo < 0 ? std::string("-1 (-1: the price table)") : std::string("0"))};
        out = j[key].get<double>();
        return std::nullopt;
    };
    auto boolean = [&](const std::string& key, bool& out) -> std::optional<Error> {
        if (!j.contains(key)) return std::nullopt;
        if (!j[key].is_boolean()) return Error{key, "must be true or false"};
        out = j[key].get<bool>();
        return std::nullopt;
    };
    auto text = [&](const std::string& key, std::string& out) -> std::optional<Error> {
        if (!j.contains(key)) return std::nullopt;
        if (!j[key].is_string()) return Error{key, "must be a text"};
        out = j[key].get<std::string>();
        return std::nullopt;
    };
    int runs = p.runs, max_tokens = p.max_tokens, concurrency = p.concurrency, max_prompts = p.max_prompts;
    bool prompts_from_log = p.prompts_from_log, descending = p.sort_descending;
    std::string prompt = p.prompt, sort = p.sort_column;
    double ttft = p.typed_ttft_p95_ms, e2e = p.typed_e2e_p95_ms, usd = p.typed_usd_per_1k;
    int count = static_cast<int>(p.providers.size());
    for (auto e : {integer("runs", 1, kMaxRuns, runs), integer("max_tokens", 1, 32768, max_tokens),
                   integer("concurrency", 1, kMaxConcurrency, concurrency), integer("max_prompts", 1, kMaxPrompts, max_prompts),
                   integer("providers", 0, kMaxProviders, count), boolean("prompts_from_log", prompts_from_log),
                   boolean("descending", descending), text("prompt", prompt), text("sort", sort),
                   number("baseline_ttft_p95_ms", 0, ttft), number("baseline_e2e_p95_ms", 0, e2e),
                   number("baseline_usd_per_1k", 0, usd)})
        if (e) return e;
    if (j.contains("prompt") && prompt.empty()) return Error{"prompt", "must not be empty"};
    if (j.contains("sort")) {
        auto col = compare::sort_column(sort);
        if (!col) return Error{"sort", "'" + sort + "' is not a column (ttft_p95_ms, e2e_p95_ms, usd_per_1k_tokens, ...)"};
        sort = *col;
    }
    // Providers: the first `count` (new ones from the Custom preset), then p<N>_ keys.
    std::vector<CompareProvider> next;
    for (int i = 0; i < count; ++i) {
        if (i < static_cast<int>(p.providers.size())) {
            CompareProvider c;
            c.name = p.providers[static_cast<std::size_t>(i)].name;
            c.settings = p.providers[static_cast<std::size_t>(i)].settings;
            c.input_usd_per_mtok = p.providers[static_cast<std::size_t>(i)].input_usd_per_mtok;
            c.output_usd_per_mtok = p.providers[static_cast<std::size_t>(i)].output_usd_per_mtok;
            c.predict = p.providers[static_cast<std::size_t>(i)].predict;
            next.push_back(std::move(c));
        } else {
            CompareProvider c;
            apply_probe_preset(c.engine, static_cast<int>(probe_presets().size()) - 1);
            c.settings = c.engine.settings;
            c.name = "provider " + std::to_string(i + 1);
            next.push_back(std::move(c));
        }
    }
    static const std::vector<std::string> kTop = {"runs", "max_tokens", "concurrency", "max_prompts", "prompts_from_log",
                                                  "prompt", "sort", "descending", "baseline_ttft_p95_ms",
                                                  "baseline_e2e_p95_ms", "baseline_usd_per_1k", "providers"};
    // Presets first (they fill in the URL, dialect, model, headers and chip), then the other fields.
    for (int pass = 0; pass < 2; ++pass)
    for (const auto& [key, value] : j.items()) {
        if (std::find(kTop.begin(), kTop.end(), key) != kTop.end()) continue;
        // p<N>_<field>
        std::size_t n = 0, k = 1;
        while (k < key.size() && std::isdigit(static_cast<unsigned char>(key[k]))) n = n * 10 + static_cast<std::size_t>(key[k++] - '0');
        const bool shaped = key.size() > 2 && key[0] == 'p' && k > 1 && k < key.size() && key[k] == '_';
        const std::string field = shaped ? key.substr(k + 1) : "";
        if (!shaped || std::find(std::begin(kProviderKeys), std::end(kProviderKeys), field) == std::end(kProviderKeys))
            return Error{key, "unknown field"};
        if (n < 1 || n > next.size()) return Error{key, "there is no provider " + std::to_string(n) + " (set \"providers\")"};
        CompareProvider& c = next[n - 1];
        if ((pass == 0) != (field == "preset")) continue;
        if (field == "name") {
            if (!value.is_string() || value.get<std::string>().empty()) return Error{key, "must be a non-empty text"};
            c.name = value.get<std::string>();
        } else if (field == "preset") {
            if (!value.is_string()) return Error{key, "must be a text"};
            const auto& presets = probe_presets();
            const std::string wanted = value.get<std::string>();
            auto it = std::find_if(presets.begin(), presets.end(), [&wanted](const ProbePreset& pr) { return wanted == pr.name; });
            if (it == presets.end()) return Error{key, "unknown preset '" + value.get<std::string>() + "'"};
            const int index = static_cast<int>(it - presets.begin());
            if (index != c.settings.preset) {
                ProbePanel defaults;
                apply_probe_preset(defaults, index);
                c.settings = defaults.settings;
            }
        } else if (field == "url" || field == "model" || field == "hardware_id" || field == "catalogue_model") {
            if (!value.is_string()) return Error{key, "must be a text"};
            std::string v = value.get<std::string>();
            if (field == "hardware_id" && !v.empty() && !builtin_catalogue().accelerator(v)) return Error{key, "unknown hardware id"};
            if (field == "catalogue_model" && !v.empty() && !builtin_catalogue().model(v)) return Error{key, "unknown model id"};
            (field == "url" ? c.settings.url : field == "model" ? c.settings.model
                                              : field == "hardware_id" ? c.settings.hardware_id : c.settings.catalogue_model) = v;
        } else if (field == "dialect") {
            if (!value.is_string() || std::find(std::begin(kDialects), std::end(kDialects), value.get<std::string>()) == std::end(kDialects))
                return Error{key, "must be one of openai-chat, openai-responses, anthropic, gemini, ollama"};
            c.settings.dialect = value.get<std::string>();
        } else if (field == "input_usd_per_mtok" || field == "output_usd_per_mtok") {
            if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < -1)
                return Error{key, "must be a number >= 0 (or -1: the price table)"};
            const double v = value.get<double>() < 0 ? -1 : value.get<double>();
            (field == "input_usd_per_mtok" ? c.input_usd_per_mtok : c.output_usd_per_mtok) = v;
        } else if (field == "chips") {
            if (!value.is_number_integer() || value.get<long long>() < 0 || value.get<long long>() > 4096)
                return Error{key, "must be a whole number 0-4096 (0: the fewest that hold the model)"};
            c.settings.chips = value.get<int>();
        } else if (field == "predict") {
            if (!value.is_boolean()) return Error{key, "must be true or false"};
            c.predict = value.get<bool>();
        }
    }
    // All valid: commit (keys and records stay with the providers that stay).
    p.runs = runs, p.max_tokens = max_tokens, p.concurrency = concurrency, p.max_prompts = max_prompts;
    p.prompts_from_log = prompts_from_log, p.sort_descending = descending, p.prompt = prompt, p.sort_column = sort;
    p.typed_ttft_p95_ms = ttft, p.typed_e2e_p95_ms = e2e, p.typed_usd_per_1k = usd;
    p.providers.resize(next.size());
    for (std::size_t i = 0; i < next.size(); ++i) {
        CompareProvider& c = p.providers[i];
        const bool moved = c.settings.preset != next[i].settings.preset || c.settings.url != next[i].settings.url;
        if (moved && !c.name.empty()) c.api_key.clear();  // a key belongs to its endpoint
        c.name = next[i].name;
        c.settings = next[i].settings;
        c.input_usd_per_mtok = next[i].input_usd_per_mtok;
        c.output_usd_per_mtok = next[i].output_usd_per_mtok;
        c.predict = next[i].predict;
    }
    ++p.version;
    return std::nullopt;
}

std::string compare_summary(const ComparePanel& p) {
    const json& rows = p.rows;
    const json* fastest = nullptr;
    const json* cheapest = nullptr;
    const json* baseline = nullptr;
    std::size_t measured = 0, failing = 0;
    for (const json& r : rows) {
        if (r["kind"] == "baseline" && !baseline) baseline = &r;
        if (r["kind"] != "measured") continue;
        ++measured;
        if (r["failed"].is_number() && r["failed"].get<double>() > 0) ++failing;
        if (r["ttft_p95_ms"].is_number() && (!fastest || r["ttft_p95_ms"].get<double>() < (*fastest)["ttft_p95_ms"].get<double>()))
            fastest = &r;
        if (r["usd_per_1k_tokens"].is_number() &&
            (!cheapest || r["usd_per_1k_tokens"].get<double>() < (*cheapest)["usd_per_1k_tokens"].get<double>()))
            cheapest = &r;
    }
    char buf[512];
    std::string out;
    if (measured == 0) {
        out = p.running ? "Measuring the providers." : "No provider measured yet: add providers and press Run.";
        if (baseline && (*baseline)["ttft_p95_ms"].is_number()) {
            std::snprintf(buf, sizeof buf, " Your baseline: p95 TTFT %.0f ms.", (*baseline)["ttft_p95_ms"].get<double>());
            out += buf;
        }
        return out;
    }
    if (fastest) {
        std::snprintf(buf, sizeof buf, "Lowest p95 TTFT: %s, %.0f ms", (*fastest)["name"].get<std::string>().c_str(),
                      (*fastest)["ttft_p95_ms"].get<double>());
        out += buf;
        if (baseline && (*baseline)["ttft_p95_ms"].is_number()) {
            std::snprintf(buf, sizeof buf, " (your baseline %.0f ms)", (*baseline)["ttft_p95_ms"].get<double>());
            out += buf;
        }
        out += ".";
    }
    if (cheapest) {
        std::snprintf(buf, sizeof buf, " Lowest cost: %s, $%.6f per 1K tokens", (*cheapest)["name"].get<std::string>().c_str(),
                      (*cheapest)["usd_per_1k_tokens"].get<double>());
        out += buf;
        if (baseline && (*baseline)["usd_per_1k_tokens"].is_number()) {
            std::snprintf(buf, sizeof buf, " (your baseline $%.6f)", (*baseline)["usd_per_1k_tokens"].get<double>());
            out += buf;
        }
        out += ".";
    }
    if (failing) {
        std::snprintf(buf, sizeof buf, " %zu of %zu providers failed requests.", failing, measured);
        out += buf;
    }
    return out;
}

json compare_state_json(const ComparePanel& p) {
    json providers = json::array();
    for (std::size_t i = 0; i < p.providers.size(); ++i) {
        const CompareProvider& c = p.providers[i];
        providers.push_back({{"name", c.name}, {"api_key_set", !c.api_key.empty()}, {"records", c.records.size()},
                             {"price_note", mask_secret(c.price_note, c.api_key)},
                             {"running", p.running && p.current == i}});
    }
    json log = nullptr;
    if (p.log) log = {{"name", p.log_name}, {"requests", p.log->row["requests"]}, {"prompts", p.log->prompts.size()}};
    json rows = p.rows;
    for (const CompareProvider& c : p.providers)
        for (json& r : rows)
            for (json& n : r["notes"]) n = mask_secret(n.get<std::string>(), c.api_key);
    return {{"inputs", compare_inputs(p)},
            {"log", log},
            {"log_error", p.log_error ? to_json(*p.log_error) : json(nullptr)},
            {"providers", providers},
            {"running", p.running},
            {"cancelled", p.cancelled},
            {"current", p.current},
            {"run_error", p.run_error ? json(*p.run_error) : json(nullptr)},
            {"rows", rows},
            {"summary", compare_summary(p)},
            {"version", p.version},
            {"narrow", p.narrow}};
}

std::string compare_export_json(const ComparePanel& p) {
    std::string text = json{{"rows", p.rows}}.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    for (const CompareProvider& c : p.providers) text = mask_secret(text, c.api_key);
    return text;
}

std::string compare_export_csv(const ComparePanel& p) {
    std::string text = compare::render_csv(p.rows);
    for (const CompareProvider& c : p.providers) text = mask_secret(text, c.api_key);
    return text;
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
    return ImGui::InputText(id, s->data(), s->capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize, string_resize, s);
}

void coloured_wrapped(const ImVec4& colour, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void draw_log_input(ComparePanel& p) {
    ImGui::TextColored(kMutedColour, "YOUR NUMBERS");
    muted_wrapped("A request log, one JSON object a line: latency_ms, ttft_ms, prompt_tokens, completion_tokens "
                  "(or usage), cost_usd, and optionally prompt or messages. It is read here and never uploaded.");
    static std::string pasted;
    ImGui::InputTextMultiline("##compare_log", pasted.data(), pasted.capacity() + 1, ImVec2(-FLT_MIN, 70.0f),
                              ImGuiInputTextFlags_CallbackResize, string_resize, &pasted);
    note_widget_rect("compare.log");
    if (ImGui::Button("Use pasted log")) {
        if (!load_compare_log(p, pasted, "pasted")) pasted.clear();
    }
    ImGui::SameLine();
    if (ImGui::Button("Load file...") && p.transport.pick_file) p.transport.pick_file();
    note_widget_rect("compare.load_file");
    if (p.log) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear")) clear_compare_log(p);
    }
    if (p.log_error) coloured_wrapped(kErrorColour, p.log_error->to_string());
    if (p.log) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "Log: %s, %s requests, %zu prompts.", p.log_name.c_str(),
                      p.log->row["requests"].dump().c_str(), p.log->prompts.size());
        coloured_wrapped(kGoodColour, buf);
    } else {
        muted_wrapped("Or type your numbers in (0: not known):");
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
        if (ImGui::InputDouble("p95 TTFT ms##typed", &p.typed_ttft_p95_ms, 0, 0, "%.0f")) {
            p.typed_ttft_p95_ms = std::max(0.0, p.typed_ttft_p95_ms);
            ++p.version;
        }
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
        if (ImGui::InputDouble("p95 e2e ms##typed", &p.typed_e2e_p95_ms, 0, 0, "%.0f")) {
            p.typed_e2e_p95_ms = std::max(0.0, p.typed_e2e_p95_ms);
            ++p.version;
        }
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.45f);
        if (ImGui::InputDouble("$ per 1K tokens##typed", &p.typed_usd_per_1k, 0, 0, "%.6f")) {
            p.typed_usd_per_1k = std::max(0.0, p.typed_usd_per_1k);
            ++p.version;
        }
    }
}

void draw_providers(ComparePanel& p, const ProbePanel& probe) {
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "PROVIDERS");
    const auto& presets = probe_presets();
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < p.providers.size(); ++i) {
        CompareProvider& c = p.providers[i];
        ImGui::PushID(static_cast<int>(i));
        const bool open = ImGui::TreeNodeEx("##provider", ImGuiTreeNodeFlags_SpanAvailWidth, "%s  (%s)", c.name.c_str(),
                                            c.settings.model.c_str());
        if (open) {
            ImGui::SetNextItemWidth(-FLT_MIN);
            if (input_string("##url", &c.settings.url)) ++p.version;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("The endpoint URL");
            ImGui::SetNextItemWidth(-FLT_MIN);
            if (input_string("##model", &c.settings.model)) ++p.version;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("The model the endpoint serves");
            ImGui::SetNextItemWidth(-FLT_MIN);
            input_string("##key", &c.api_key, ImGuiInputTextFlags_Password);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("API key: kept in memory only, never exported or shared");
            ImGui::TextDisabled("$/M in, out (-1: the price table)");
            ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f - 4.0f);
            if (ImGui::InputDouble("##in", &c.input_usd_per_mtok, 0, 0, "%.3f")) ++p.version;
            ImGui::SameLine();
            ImGui::SetNextItemWidth(-FLT_MIN);
            if (ImGui::InputDouble("##out", &c.output_usd_per_mtok, 0, 0, "%.3f")) ++p.version;
            if (ImGui::Checkbox("predict", &c.predict)) ++p.version;
            ImGui::SameLine();
            ImGui::TextDisabled("%s, %s", c.settings.catalogue_model.c_str(), c.settings.hardware_id.c_str());
            if (!c.price_note.empty()) muted_wrapped(c.price_note);
            if (!p.running && ImGui::SmallButton("Remove")) remove = i;
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    if (remove) remove_compare_provider(p, *remove);
    if (static_cast<int>(p.providers.size()) < kMaxProviders) {
        ImGui::SetNextItemWidth(std::min(180.0f, ImGui::GetContentRegionAvail().x * 0.5f));
        p.add_preset = std::clamp(p.add_preset, 0, static_cast<int>(presets.size()) - 1);
        if (ImGui::BeginCombo("##add_preset", presets[static_cast<std::size_t>(p.add_preset)].name)) {
            for (int k = 0; k < static_cast<int>(presets.size()); ++k)
                if (ImGui::Selectable(presets[static_cast<std::size_t>(k)].name, k == p.add_preset)) p.add_preset = k;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (ImGui::Button("Add")) {
            add_compare_provider(p, p.add_preset);
            // The Probe view's key for the same provider (typed or remembered) comes along, in memory.
            const std::string preset = presets[static_cast<std::size_t>(p.add_preset)].name;
            auto remembered = probe.remembered.find(preset);
            if (probe.settings.preset == p.add_preset && !probe.api_key.empty())
                p.providers.back().api_key = probe.api_key;
            else if (remembered != probe.remembered.end())
                p.providers.back().api_key = remembered->second;
        }
        if (ImGui::Button("Add the Probe view's endpoint")) add_compare_provider_from_probe(p, probe);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Its URL, model, headers and key (the key stays in memory)");
    }
}

void draw_run_controls(ComparePanel& p) {
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "RUN");
    const float w = ImGui::GetContentRegionAvail().x;
    const float third = (w - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    ImGui::SetNextItemWidth(third);
    if (ImGui::InputInt("##runs", &p.runs, 0)) p.runs = std::clamp(p.runs, 1, kMaxRuns), ++p.version;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Requests per prompt and provider");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(third);
    if (ImGui::InputInt("##max_tokens", &p.max_tokens, 0)) p.max_tokens = std::clamp(p.max_tokens, 1, 32768), ++p.version;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Max tokens per answer");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(third);
    if (ImGui::InputInt("##concurrency", &p.concurrency, 0))
        p.concurrency = std::clamp(p.concurrency, 1, kMaxConcurrency), ++p.version;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Requests in flight at once");
    ImGui::TextDisabled("runs, max tokens, concurrency");
    if (p.log && !p.log->prompts.empty()) {
        if (ImGui::Checkbox("prompts from the log", &p.prompts_from_log)) ++p.version;
        if (p.prompts_from_log) {
            ImGui::SameLine();
            ImGui::SetNextItemWidth(60.0f);
            if (ImGui::InputInt("first##max_prompts", &p.max_prompts, 0))
                p.max_prompts = std::clamp(p.max_prompts, 1, kMaxPrompts), ++p.version;
        }
    }
    if (!p.prompts_from_log || !p.log) {
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (input_string("##prompt", &p.prompt)) ++p.version;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The prompt every provider gets");
    }
    if (!p.running) {
        if (ImGui::Button("Run", ImVec2(std::min(w, 160.0f), 0))) start_compare_run(p, ImGui::GetTime() * 1000.0);
        note_widget_rect("compare.run");
    } else {
        if (ImGui::Button("Cancel", ImVec2(std::min(w, 160.0f), 0))) cancel_compare_run(p);
        ImGui::SameLine();
        ImGui::TextDisabled("%zu of %zu", p.current + 1, p.providers.size());
    }
    if (p.run_error) coloured_wrapped(kErrorColour, *p.run_error);
}

void draw_inputs(ComparePanel& p, const ProbePanel& probe) {
    draw_log_input(p);
    draw_providers(p, probe);
    draw_run_controls(p);
}

// One bar chart per metric: the measured (and predicted) rows, the baseline as a line.
void draw_bars(const ComparePanel& p, const char* id, const char* metric, const char* label, const char* unit,
               bool with_predicted) {
    std::vector<chart::RangeBar> bars;
    chart::RangeBarOptions options;
    options.axis.unit = unit;  // the title is above the chart
    options.default_tooltip = false;
    for (const json& r : p.rows) {
        if (!r[metric].is_number()) continue;
        const double v = r[metric].get<double>();
        if (r["kind"] == "baseline") {
            options.markers.push_back({"your baseline", v, kBaselineColour});
            continue;
        }
        if (r["kind"] == "predicted" && !with_predicted) continue;
        chart::RangeBar b;
        b.label = r["name"].get<std::string>();
        b.lo = 0;
        b.hi = v;
        b.colour = r["kind"] == "predicted" ? kViolet : kTeal;
        b.text = chart::format_value(v, unit);
        bars.push_back(std::move(b));
    }
    if (bars.empty()) return;
    ImGui::TextUnformatted(label);
    const int hovered = chart::range_bars(id, bars, options);
    if (hovered >= 0 && hovered < static_cast<int>(bars.size()))
        ImGui::SetTooltip("%s\n%s: %s", bars[static_cast<std::size_t>(hovered)].label.c_str(), label,
                          bars[static_cast<std::size_t>(hovered)].text.c_str());
}

const char* const kHeads[] = {"name", "kind", "req", "failed", "TTFT p50", "TTFT p95", "e2e p95", "tok/s", "$/1K"};

void draw_table(ComparePanel& p) {
    const auto& cols = compare::columns();
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    // ScrollX makes the table a child window: its height is given (every row, the header, a scrollbar).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2.0f * style.CellPadding.y + 1.0f;
    const float height = row_h * static_cast<float>(p.rows.size() + 1) + style.ScrollbarSize + 4.0f;
    ImGui::BeginGroup();
    if (!ImGui::BeginTable("compare_table", 9, flags, ImVec2(0.0f, height))) {
        ImGui::EndGroup();
        return;
    }
    ImGui::TableSetupColumn(kHeads[0], ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(kHeads[1], ImGuiTableColumnFlags_NoSort);
    for (std::size_t c = 0; c < cols.size(); ++c) {
        ImGuiTableColumnFlags f = ImGuiTableColumnFlags_None;
        if (cols[c] == p.sort_column) f |= ImGuiTableColumnFlags_DefaultSort;
        ImGui::TableSetupColumn(kHeads[c + 2], f);
    }
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
        if (specs->SpecsDirty && specs->SpecsCount > 0) {
            const int col = specs->Specs[0].ColumnIndex;
            if (col >= 2) {
                const std::string& name = cols[static_cast<std::size_t>(col - 2)];
                const bool higher = name == "output_tok_s_p50";
                const bool desc = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
                // The table's ascending means "best first" for speed too.
                p.sort_column = name;
                p.sort_descending = higher ? !desc : desc;
                ++p.version;
            }
            specs->SpecsDirty = false;
        }
    }
    for (const json& r : p.rows) {
        ImGui::TableNextRow();
        const std::vector<std::string> cells = compare::table_cells(r, false);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            ImGui::TableSetColumnIndex(static_cast<int>(c));
            const bool best = cells[c].size() > 2 && cells[c].compare(cells[c].size() - 2, 2, " *") == 0;
            if (best) ImGui::TextColored(kGoodColour, "%s", cells[c].c_str());
            else if (r["kind"] == "predicted") ImGui::TextDisabled("%s", cells[c].c_str());
            else ImGui::TextUnformatted(cells[c].c_str());
        }
    }
    ImGui::EndTable();
    ImGui::EndGroup();
    note_item_rect("compare.table");
    muted_wrapped("* the better value in its column (predictions are beside, not ranked). Click a header to sort.");
}

void draw_warnings(const ComparePanel& p) {
    for (const json& r : p.rows)
        for (const json& n : r["notes"]) {
            const std::string text = r["name"].get<std::string>() + ": " + n.get<std::string>();
            const bool serious = text.find("FAILED") != std::string::npos || text.find("no ok request") != std::string::npos;
            const bool caution = text.find("sent no usage") != std::string::npos || text.find("< 20") != std::string::npos ||
                                 text.find("no price") != std::string::npos;
            coloured_wrapped(serious ? kErrorColour : caution ? kWarnColour : kMutedColour, text);
        }
}

void draw_output(ComparePanel& p) {
    ImGui::TextWrapped("%s", compare_summary(p).c_str());
    note_widget_rect("compare.summary");
    if (p.rows.empty()) {
        muted_wrapped("Load a log or type your numbers in, add providers (the Probe view's presets and keys), then Run: "
                      "each provider gets the same prompts, and the table shows p95s and the cost per 1K tokens beside "
                      "yours and beside what the models predict for a chip.");
        return;
    }
    draw_bars(p, "compare_ttft", "ttft_p95_ms", "p95 time to first token", "ms", false);
    draw_bars(p, "compare_e2e", "e2e_p95_ms", "p95 end-to-end latency", "ms", false);
    draw_bars(p, "compare_cost", "usd_per_1k_tokens", "cost per 1K tokens (input + output)", "USD", true);
    ImGui::Spacing();
    draw_table(p);
    if (ImGui::Button("Export CSV") && p.transport.download)
        p.transport.download("w2t-compare.csv", compare_export_csv(p), "text/csv");
    ImGui::SameLine();
    if (ImGui::Button("Export JSON") && p.transport.download)
        p.transport.download("w2t-compare.json", compare_export_json(p), "application/json");
    ImGui::Spacing();
    draw_warnings(p);
}

}  // namespace

// [SECTION] draw_compare_panel()
void draw_compare_panel(ComparePanel& panel, const ProbePanel& probe) {
    panel.narrow = ImGui::GetContentRegionAvail().x < 820.0f;
    update_compare_panel(panel);
    static const ViewLayout layout{
        "compare",
        "Your numbers beside any provider's, measured from this browser with the same prompts, and what the "
        "models predict on a chip: p95 latency and the cost per 1K tokens, side by side.",
        820.0f, 0.6f, 180.0f, 260.0f, 0.28f, 180.0f, 300.0f};
    draw_view_layout(
        layout, [&](float) { draw_inputs(panel, probe); }, [&] { update_compare_panel(panel); },
        [&](float, float) { draw_output(panel); });
}

}  // namespace w2t::web
