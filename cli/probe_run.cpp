// [SECTION] Contents
//   the plan: providers, prompts, limits (from options or a workload file)
//   request bodies per dialect
//   running: curl transfers feeding RequestAccumulator
//   summary: flat percentile fields for --gate
#include "probe_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>

#include "w2t/json_io.hpp"
#include "w2t/validate.hpp"

namespace w2t::cli::probe_run {

using nlohmann::json;
using probe::Dialect;
using probe::RequestRecord;

// [SECTION] the plan



std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// The text of a message's content: a string, or the "text" of each part.
std::string content_text(const json& content) {
    if (content.is_string()) return content.get<std::string>();
    std::string out;
    if (content.is_array())
        for (const json& part : content)
            if (part.is_object() && part.contains("text") && part["text"].is_string())
                out += part["text"].get<std::string>();
    return out;
}

Prompt prompt_from_text(const std::string& text) {
    return {json::array({json{{"role", "user"}, {"content", text}}}), utf8_length(text)};
}

std::optional<Error> check_url(const std::string& url, const std::string& field) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        return Error{field, "'" + url + "' is not an http:// or https:// URL"};
    for (char c : url)
        if (c == ' ' || c == '\r' || c == '\n' || c == '\t') return Error{field, "the URL contains whitespace"};
    return std::nullopt;
}

// The endpoint as sent: {model} replaced, gemini's alt=sse added.
std::string endpoint(const Provider& p) {
    std::string url = p.url;
    for (std::size_t at; (at = url.find("{model}")) != std::string::npos;) url.replace(at, 7, p.model);
    if (p.dialect == Dialect::gemini && url.find("alt=sse") == std::string::npos)
        url += url.find('?') == std::string::npos ? "?alt=sse" : "&alt=sse";
    return url;
}

// A whole number in [lo, hi] from an option, or an error naming it.
std::optional<Error> integer_option(const ParsedArgs& args, const char* name, long lo, long hi, long& out) {
    auto v = args.number(name);
    if (!v) return std::nullopt;
    if (!*v) return v->error();
    const double d = v->value();
    if (d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
        return Error{std::string("--") + name, format_number(d) + " must be a whole number between " +
                                                   std::to_string(lo) + " and " + std::to_string(hi)};
    out = static_cast<long>(d);
    return std::nullopt;
}

std::optional<Error> seconds_option(const ParsedArgs& args, const char* name, double& out_ms) {
    auto v = args.number(name);
    if (!v) return std::nullopt;
    if (!*v) return v->error();
    const double s = v->value();
    if (!(s > 0) || s > 86400)
        return Error{std::string("--") + name, format_number(s) + " s is out of range; must be > 0 and <= 86400 s"};
    out_ms = s * 1000.0;
    return std::nullopt;
}

// A whole number field of the workload file.
std::optional<Error> integer_field(const json& j, const char* key, long lo, long hi, std::optional<long>& out) {
    if (!j.contains(key)) return std::nullopt;
    const json& v = j[key];
    const std::string field = std::string("--workload: ") + key;
    if (!v.is_number()) return Error{field, "must be a number"};
    const double d = v.get<double>();
    if (d != std::floor(d) || d < static_cast<double>(lo) || d > static_cast<double>(hi))
        return Error{field, format_number(d) + " must be a whole number between " + std::to_string(lo) + " and " +
                                std::to_string(hi)};
    out = static_cast<long>(d);
    return std::nullopt;
}

std::optional<Error> header_line(const std::string& name, const std::string& value, const std::string& field,
                                 std::string& out) {
    if (name.empty() || name.find_first_of(":\r\n \t") != std::string::npos)
        return Error{field, "'" + name + "' is not a valid header name"};
    if (value.find_first_of("\r\n") != std::string::npos) return Error{field, "a header value has a line break"};
    out = name + ": " + value;
    return std::nullopt;
}

Result<Plan> plan_from_workload(const std::string& text) {
    auto parsed = parse_json(text);
    if (!parsed) return Error{"--workload", parsed.error().message};
    const json& j = *parsed;
    if (!j.is_object()) return Error{"--workload", "expected one JSON object"};
    Plan plan;
    plan.workload = true;
    plan.runs = 1;

    if (!j.contains("providers") || !j["providers"].is_array() || j["providers"].empty())
        return Error{"--workload: providers", "must be a non-empty list"};
    for (std::size_t i = 0; i < j["providers"].size(); ++i) {
        const json& p = j["providers"][i];
        const std::string at = "--workload: providers[" + std::to_string(i) + "]";
        if (!p.is_object()) return Error{at, "must be an object"};
        auto str = [&](const char* key, bool required, std::string& out) -> std::optional<Error> {
            if (!p.contains(key) || p[key].is_null()) {
                if (required) return Error{at + "." + key, "is missing"};
                return std::nullopt;
            }
            if (!p[key].is_string()) return Error{at + "." + key, "must be a string"};
            out = p[key].get<std::string>();
            if (required && out.empty()) return Error{at + "." + key, "is empty"};
            return std::nullopt;
        };
        Provider prov;
        std::string dialect;
        struct Field {
            const char* key;
            bool required;
            std::string* out;
        };
        for (const Field& f : {Field{"url", true, &prov.url}, Field{"dialect", true, &dialect},
                               Field{"model", true, &prov.model}, Field{"name", false, &prov.name},
                               Field{"api_key_env", false, &prov.api_key_env}})
            if (auto e = str(f.key, f.required, *f.out)) return *e;
        if (prov.name.empty()) prov.name = "provider" + std::to_string(i + 1);
        if (auto e = check_url(prov.url, at + ".url")) return *e;
        auto d = probe::parse_dialect(dialect);
        if (!d) return Error{at + ".dialect", d.error().message};
        prov.dialect = *d;
        if (p.contains("headers") && !p["headers"].is_null()) {
            if (!p["headers"].is_object()) return Error{at + ".headers", "must be an object of strings"};
            for (const auto& [name, value] : p["headers"].items()) {
                if (!value.is_string()) return Error{at + ".headers." + name, "must be a string"};
                std::string line;
                if (auto e = header_line(name, value.get<std::string>(), at + ".headers." + name, line)) return *e;
                prov.extra_headers.push_back(line);
            }
        }
        for (const Provider& other : plan.providers)
            if (other.name == prov.name) return Error{at + ".name", "'" + prov.name + "' is used twice"};
        plan.providers.push_back(std::move(prov));
    }

    if (!j.contains("prompts") || !j["prompts"].is_array() || j["prompts"].empty())
        return Error{"--workload: prompts", "must be a non-empty list"};
    for (std::size_t i = 0; i < j["prompts"].size(); ++i) {
        const json& p = j["prompts"][i];
        const std::string at = "--workload: prompts[" + std::to_string(i) + "]";
        if (p.is_object() && p.contains("prompt")) {
            if (!p["prompt"].is_string() || p["prompt"].get<std::string>().empty())
                return Error{at + ".prompt", "must be a non-empty string"};
            plan.prompts.push_back(prompt_from_text(p["prompt"].get<std::string>()));
        } else if (p.is_object() && p.contains("messages")) {
            const json& m = p["messages"];
            if (!m.is_array() || m.empty()) return Error{at + ".messages", "must be a non-empty list"};
            Prompt prompt;
            prompt.messages = json::array();
            for (std::size_t k = 0; k < m.size(); ++k) {
                const std::string mat = at + ".messages[" + std::to_string(k) + "]";
                if (!m[k].is_object() || !m[k].contains("role") || !m[k]["role"].is_string())
                    return Error{mat + ".role", "must be a string"};
                if (!m[k].contains("content") || !(m[k]["content"].is_string() || m[k]["content"].is_array()))
                    return Error{mat + ".content", "must be a string (or a list of parts)"};
                prompt.messages.push_back({{"role", m[k]["role"]}, {"content", m[k]["content"]}});
                prompt.chars += utf8_length(content_text(m[k]["content"]));
            }
            plan.prompts.push_back(std::move(prompt));
        } else {
            return Error{at, "must be {\"prompt\": TEXT} or {\"messages\": [...]}"};
        }
    }

    std::optional<long> max_tokens, runs, concurrency;
    if (!j.contains("max_tokens")) return Error{"--workload: max_tokens", "is missing"};
    if (auto e = integer_field(j, "max_tokens", 1, 1'000'000, max_tokens)) return *e;
    if (auto e = integer_field(j, "runs", 1, 100'000, runs)) return *e;
    if (auto e = integer_field(j, "concurrency", 1, static_cast<long>(kMaxConcurrency), concurrency)) return *e;
    plan.max_tokens = *max_tokens;
    if (runs) plan.runs = *runs;
    if (concurrency) plan.concurrency = *concurrency;
    return plan;
}

// Options, or a workload file plus the options that may override it.
Result<Plan> make_plan(const ParsedArgs& args, Io& io) {
    Plan plan;
    if (auto path = args.get("workload")) {
        for (const char* single : {"url", "dialect", "model", "prompt", "prompt-file", "api-key-env"})
            if (args.has(single))
                return Error{std::string("--") + single, "cannot be combined with --workload (set it in the file)"};
        auto text = read_text(*path, io.in, "--workload");
        if (!text) return text.error();
        auto p = plan_from_workload(*text);
        if (!p) return p.error();
        plan = *p;
    } else {
        for (const char* required : {"url", "dialect", "model"})
            if (!args.has(required)) return Error{std::string("--") + required, "is required (or give --workload)"};
        if (args.has("prompt") == args.has("prompt-file"))
            return Error{"--prompt", "give exactly one of --prompt and --prompt-file"};
        Provider prov;
        prov.url = *args.get("url");
        if (auto e = check_url(prov.url, "--url")) return *e;
        auto d = probe::parse_dialect(*args.get("dialect"));
        if (!d) return Error{"--dialect", d.error().message};
        prov.dialect = *d;
        prov.model = *args.get("model");
        if (prov.model.empty()) return Error{"--model", "is empty"};
        prov.name = prov.model;
        prov.api_key_env = args.get("api-key-env").value_or("");
        if (args.has("api-key-env") && prov.api_key_env.empty()) return Error{"--api-key-env", "is empty"};
        std::string text;
        if (auto p = args.get("prompt")) {
            text = *p;
        } else {
            auto t = read_text(*args.get("prompt-file"), io.in, "--prompt-file");
            if (!t) return t.error();
            text = *t;
        }
        if (text.empty()) return Error{args.has("prompt") ? "--prompt" : "--prompt-file", "the prompt is empty"};
        plan.providers.push_back(prov);
        plan.prompts.push_back(prompt_from_text(text));
    }
    if (auto e = integer_option(args, "max-tokens", 1, 1'000'000, plan.max_tokens)) return *e;
    if (auto e = integer_option(args, "runs", 1, 100'000, plan.runs)) return *e;
    if (auto e = integer_option(args, "concurrency", 1, static_cast<long>(kMaxConcurrency), plan.concurrency))
        return *e;
    if (auto e = seconds_option(args, "timeout-s", plan.limits.total_timeout_ms)) return *e;
    if (auto e = seconds_option(args, "idle-timeout-s", plan.limits.idle_timeout_ms)) return *e;
    if (auto e = seconds_option(args, "connect-timeout-s", plan.limits.connect_timeout_ms)) return *e;

    // Keys, from the environment only.
    for (Provider& p : plan.providers) {
        if (p.api_key_env.empty()) continue;
        const std::string field = plan.workload ? "--workload: " + p.name + ".api_key_env" : "--api-key-env";
        const char* value = std::getenv(p.api_key_env.c_str());
        if (!value || !*value) return Error{field, "environment variable " + p.api_key_env + " is not set or empty"};
        p.api_key = value;
        if (p.api_key.find_first_of("\r\n") != std::string::npos)
            return Error{field, "environment variable " + p.api_key_env + " holds a line break"};
    }
    return plan;
}

// [SECTION] request bodies per dialect
// System messages, for the dialects that take them apart.
std::string system_text(const json& messages) {
    std::string out;
    for (const json& m : messages)
        if (m["role"] == "system" || m["role"] == "developer") {
            if (!out.empty()) out += "\n\n";
            out += content_text(m["content"]);
        }
    return out;
}

json non_system(const json& messages) {
    json out = json::array();
    for (const json& m : messages)
        if (m["role"] != "system" && m["role"] != "developer") out.push_back(m);
    return out;
}

http::Request build_request(const Provider& p, const Prompt& prompt, long max_tokens) {
    http::Request r;
    r.url = endpoint(p);
    r.headers = {"Content-Type: application/json"};
    json body;
    switch (p.dialect) {
        case Dialect::openai_chat:
            body = {{"model", p.model},
                    {"messages", prompt.messages},
                    {"stream", true},
                    {"stream_options", {{"include_usage", true}}},
                    {"max_tokens", max_tokens}};
            r.headers.push_back("Accept: text/event-stream");
            if (!p.api_key.empty()) r.headers.push_back("Authorization: Bearer " + p.api_key);
            break;
        case Dialect::openai_responses:
            body = {{"model", p.model}, {"input", prompt.messages}, {"stream", true}, {"max_output_tokens", max_tokens}};
            r.headers.push_back("Accept: text/event-stream");
            if (!p.api_key.empty()) r.headers.push_back("Authorization: Bearer " + p.api_key);
            break;
        case Dialect::anthropic: {
            body = {{"model", p.model}, {"messages", non_system(prompt.messages)}, {"stream", true},
                    {"max_tokens", max_tokens}};
            const std::string system = system_text(prompt.messages);
            if (!system.empty()) body["system"] = system;
            r.headers.push_back("Accept: text/event-stream");
            r.headers.push_back("anthropic-version: 2023-06-01");
            if (!p.api_key.empty()) r.headers.push_back("x-api-key: " + p.api_key);
            break;
        }
        case Dialect::gemini: {
            json contents = json::array();
            for (const json& m : non_system(prompt.messages))
                contents.push_back({{"role", m["role"] == "assistant" ? "model" : "user"},
                                    {"parts", json::array({{{"text", content_text(m["content"])}}})}});
            body = {{"contents", contents}, {"generationConfig", {{"maxOutputTokens", max_tokens}}}};
            const std::string system = system_text(prompt.messages);
            if (!system.empty()) body["systemInstruction"] = {{"parts", json::array({{{"text", system}}})}};
            r.headers.push_back("Accept: text/event-stream");
            if (!p.api_key.empty()) r.headers.push_back("x-goog-api-key: " + p.api_key);
            break;
        }
        case Dialect::ollama:
            body = {{"model", p.model},
                    {"messages", prompt.messages},
                    {"stream", true},
                    {"options", {{"num_predict", max_tokens}}}};
            r.headers.push_back("Accept: application/x-ndjson");
            if (!p.api_key.empty()) r.headers.push_back("Authorization: Bearer " + p.api_key);
            break;
    }
    for (const std::string& h : p.extra_headers) r.headers.push_back(h);
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

// [SECTION] running
// Every occurrence of the secret replaced, in every string of `j`.
void redact(json& j, const std::string& secret) {
    if (secret.empty()) return;
    if (j.is_string()) {
        std::string s = j.get<std::string>();
        bool changed = false;
        for (std::size_t at; (at = s.find(secret)) != std::string::npos;) {
            s.replace(at, secret.size(), "[REDACTED]");
            changed = true;
        }
        if (changed) j = s;
    } else if (j.is_structured()) {
        for (auto& v : j) redact(v, secret);
    }
}

std::string redacted(std::string s, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at; (at = s.find(secret)) != std::string::npos;) s.replace(at, secret.size(), "[REDACTED]");
    }
    return s;
}

std::optional<double> output_tok_s(const RequestRecord& r) {
    if (r.outcome != probe::Outcome::ok || !r.usage || !r.usage->completion_tokens || !r.e2e_ms || *r.e2e_ms <= 0)
        return std::nullopt;
    return static_cast<double>(*r.usage->completion_tokens) / (*r.e2e_ms / 1000.0);
}

struct Attempt {
    std::size_t prompt_index = 0;
    std::size_t run_index = 0;
    std::optional<probe::RequestAccumulator> acc;
    std::string timeout_reason;
    std::optional<double> connect_ms;
    std::optional<double> started_at;      // now_ms() when its transfer started
    std::optional<bool> new_connection;    // from curl, after the transfer
};


std::string ms_text(std::optional<double> v) {
    if (!v) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", *v);
    return buf;
}

ProviderResult run_provider(const Provider& p, const Plan& plan, Io& io, bool progress, const char* command) {
    ProviderResult out;
    const std::size_t total = plan.prompts.size() * static_cast<std::size_t>(plan.runs);
    std::vector<Attempt> attempts(total);
    std::vector<http::Job> jobs(total);
    std::vector<http::Request> requests;
    for (const Prompt& prompt : plan.prompts) requests.push_back(build_request(p, prompt, plan.max_tokens));
    // Round-robin over the prompts, run after run.
    for (std::size_t i = 0; i < total; ++i) {
        Attempt& a = attempts[i];
        a.prompt_index = i % plan.prompts.size();
        a.run_index = i / plan.prompts.size();
        const std::size_t prompt_chars = plan.prompts[a.prompt_index].chars;
        http::Job& job = jobs[i];
        job.request = requests[a.prompt_index];
        http::Listener& l = job.listener;
        l.started = [&a, &p, prompt_chars](double at) {
            probe::ProbeOptions o;
            o.dialect = p.dialect;
            o.request_start_ms = at;
            o.prompt_chars = prompt_chars;
            a.acc.emplace(o);
            a.started_at = at;
        };
        l.headers = [&a](int status, double at) { a.acc->on_headers(status, at); };
        l.chunk = [&a](double at, std::string_view bytes) { a.acc->on_chunk(at, bytes); };
        l.finished = [&a](double at) { a.acc->on_end(at); };
        l.timed_out = [&a](double at, std::string why) {
            a.timeout_reason = std::move(why);
            a.acc->on_timeout(at);
        };
        l.failed = [&a](double at, std::string message) { a.acc->on_transport_error(at, std::move(message)); };
        l.connected = [&a](double ms) { a.connect_ms = ms; };
        l.connection = [&a](bool is_new) { a.new_connection = is_new; };
    }

    const std::vector<std::string> secrets = {p.api_key};
    std::size_t done = 0, failed = 0;
    const std::string who = plan.workload ? p.name + " " : "";
    const double t0 = http::now_ms();
    std::vector<double> arrivals;
    if (plan.rate_rps > 0) {
        arrivals = poisson_arrivals_ms(total, plan.rate_rps, plan.seed);
        // A hair after t0 so that `not_before_ms` is never the "no schedule" 0.
        for (std::size_t i = 0; i < total; ++i) jobs[i].not_before_ms = t0 + arrivals[i] + 1e-6;
    }
    auto on_done = [&](std::size_t index) {
        ++done;
        const RequestRecord r = attempts[index].acc->record();
        if (r.outcome != probe::Outcome::ok) ++failed;
        if (!progress) return;
        std::ostringstream line;
        line << "w2t " << command << ": " << who << "[" << done << "/" << total << "] " << probe::to_string(r.outcome);
        if (r.outcome == probe::Outcome::ok) {
            line << " ttft " << ms_text(r.ttft_ms) << ", e2e " << ms_text(r.e2e_ms);
            if (r.usage && r.usage->completion_tokens)
                line << ", " << *r.usage->completion_tokens << " tokens" << (r.usage_estimated ? " (estimated)" : "");
        } else {
            if (r.http_status) line << " (HTTP " << r.http_status << ")";
            std::string e = r.error.value_or("");
            if (!attempts[index].timeout_reason.empty()) e += ": " + attempts[index].timeout_reason;
            if (e.size() > 200) e = e.substr(0, 200) + "...";
            line << ": " << probe::to_valid_utf8(e);
        }
        io.err << redacted(line.str(), secrets) << "\n" << std::flush;
    };
    if (auto err = http::run(jobs, static_cast<std::size_t>(plan.concurrency), plan.limits, on_done)) {
        io.err << "w2t " << command << ": " << *err << "\n";
    }
    out.wall_ms = http::now_ms() - t0;

    for (std::size_t i = 0; i < total; ++i) {
        Attempt& a = attempts[i];
        if (!a.acc) {  // never started (cannot happen unless curl failed to initialise)
            a.acc.emplace(probe::ProbeOptions{p.dialect, 0.0, std::nullopt, 64 * 1024});
            a.acc->on_transport_error(0.0, "not sent");
        }
        RequestRecord r = a.acc->record();
        if (r.outcome == probe::Outcome::timeout && r.error && !a.timeout_reason.empty())
            r.error = *r.error + ": " + a.timeout_reason;
        json j = probe::to_json(r);
        j["provider"] = p.name;
        j["prompt_index"] = a.prompt_index;
        j["run_index"] = a.run_index;
        j["connect_ms"] = a.connect_ms ? json(*a.connect_ms) : json(nullptr);
        j["new_connection"] = a.new_connection ? json(*a.new_connection) : json(nullptr);
        out.new_connection.push_back(a.new_connection);
        out.started_ms.push_back(a.started_at ? std::optional<double>(*a.started_at - t0) : std::nullopt);
        out.scheduled_ms.push_back(arrivals.empty() ? std::nullopt : std::optional<double>(arrivals[i]));
        if (!arrivals.empty()) {
            j["scheduled_ms"] = arrivals[i];
            j["start_lag_ms"] = a.started_at ? json(*a.started_at - t0 - arrivals[i]) : json(nullptr);
        }
        auto tok_s = output_tok_s(r);
        j["output_tok_s"] = tok_s ? json(*tok_s) : json(nullptr);
        redact(j, p.api_key);
        if (r.error) r.error = redacted(*r.error, secrets);
        out.runs.push_back(std::move(j));
        out.records.push_back(std::move(r));
    }
    return out;
}

// [SECTION] summary
struct MetricName {
    const char* nested;  // summarize_run's key
    const char* base;    // flat prefix
    const char* unit;    // flat suffix ("" for rates)
};
constexpr MetricName kMetrics[] = {
    {"ttft_ms", "ttft", "_ms"},         {"first_answer_ms", "first_answer", "_ms"}, {"itl_ms", "itl", "_ms"},
    {"e2e_ms", "e2e", "_ms"},           {"tpot_ms", "tpot", "_ms"},                 {"headers_ms", "headers", "_ms"},
    {"ttfb_ms", "ttfb", "_ms"},         {"decode_tok_s", "decode_tok_s", ""},       {"output_tok_s", "output_tok_s", ""},
};
constexpr const char* kStats[] = {"p50", "p90", "p95", "p99", "mean", "min", "max"};

json probe_summary(const std::vector<RequestRecord>& records, double wall_ms) {
    json s = probe::summarize_run(records);
    std::vector<std::optional<double>> tok_s;
    double output_tokens = 0;
    std::size_t ok = 0;
    for (const RequestRecord& r : records) {
        if (r.outcome != probe::Outcome::ok) continue;
        ++ok;
        tok_s.push_back(output_tok_s(r));
        if (r.usage && r.usage->completion_tokens) output_tokens += static_cast<double>(*r.usage->completion_tokens);
    }
    s["output_tok_s"] = probe::to_json(probe::summarize(tok_s));
    const std::size_t n = records.size();
    s["ok"] = ok;
    s["failed"] = n - ok;
    s["error_rate"] = n ? static_cast<double>(n - ok) / static_cast<double>(n) : 0.0;
    for (const MetricName& m : kMetrics)
        for (const char* stat : kStats)
            s[std::string(m.base) + "_" + stat + m.unit] = s[m.nested][stat];
    s["output_tokens"] = output_tokens;
    s["wall_s"] = wall_ms / 1000.0;
    s["throughput_tok_s"] = wall_ms > 0 && ok ? json(output_tokens / (wall_ms / 1000.0)) : json(nullptr);
    json notes = json::array();
    if (ok > 0 && ok < 20)
        notes.push_back("only " + std::to_string(ok) + " ok requests: p95/p99 are the largest values, not tails");
    if (s["usage_estimated_requests"].get<std::size_t>() > 0)
        notes.push_back("some requests reported no usage: their token counts are estimated (characters / 4)");
    s["notes"] = notes;
    return s;
}

// Gates see missing statistics as NaN, which fails every comparison.
json gate_view(const json& summary) {
    json v = json::object();
    for (const auto& [k, x] : summary.items())
        if (x.is_number()) v[k] = x;
        else if (x.is_null()) v[k] = std::nan("");
    return v;
}

}  // namespace w2t::cli::probe_run

namespace w2t::cli::probe_run {

// [SECTION] open loop and cold/warm (w2t probe --rate; connection reuse)
std::vector<double> poisson_arrivals_ms(std::size_t count, double rate_rps, std::uint64_t seed) {
    // splitmix64: tiny, seedable and identical everywhere (std::exponential_distribution
    // is not specified bit for bit across standard libraries).
    std::uint64_t state = seed;
    auto next_uniform = [&state] {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1.0p-53;  // [0, 1)
    };
    std::vector<double> out;
    out.reserve(count);
    double at = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) at += -std::log1p(-next_uniform()) / rate_rps * 1000.0;
        out.push_back(at);
    }
    return out;
}

namespace {

// summarize_run over the records picked by `keep`, with a few flat fields.
json subset_summary(const ProviderResult& result, const std::function<bool(std::size_t)>& keep) {
    std::vector<RequestRecord> picked;
    for (std::size_t i = 0; i < result.records.size(); ++i)
        if (keep(i)) picked.push_back(result.records[i]);
    json s = probe::summarize_run(picked);
    std::size_t ok = 0;
    for (const RequestRecord& r : picked)
        if (r.outcome == probe::Outcome::ok) ++ok;
    s["requests"] = picked.size();
    s["ok"] = ok;
    return s;
}

json stats_of(std::vector<std::optional<double>> values) { return probe::to_json(probe::summarize(values)); }

}  // namespace

json load_summary(const ProviderResult& result, const Plan& plan) {
    json out = json::object();
    const std::size_t n = result.records.size();
    auto is_new = [&](std::size_t i) { return i < result.new_connection.size() && result.new_connection[i] == true; };
    auto is_reused = [&](std::size_t i) { return i < result.new_connection.size() && result.new_connection[i] == false; };
    out["cold"] = subset_summary(result, is_new);
    out["warm"] = subset_summary(result, is_reused);
    for (const char* group : {"cold", "warm"}) {
        const json& g = out[group];
        out[std::string(group) + "_requests"] = g["requests"];
        for (const char* metric : {"ttft", "e2e"})
            for (const char* stat : {"p50", "p95", "mean"})
                out[std::string(group) + "_" + metric + "_" + stat + "_ms"] = g[std::string(metric) + "_ms"][stat];
    }

    // Open loop: what was asked, what the seeded schedule holds, what was sent.
    json rate = nullptr;
    std::optional<double> scheduled_rps, achieved_rps;
    std::vector<std::optional<double>> lag, ttft_from_arrival, e2e_from_arrival;
    if (plan.rate_rps > 0 && n > 0) {
        double last_due = 0, first_start = 1e300, last_start = -1e300;
        std::size_t started = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto due = i < result.scheduled_ms.size() ? result.scheduled_ms[i] : std::nullopt;
            const auto start = i < result.started_ms.size() ? result.started_ms[i] : std::nullopt;
            if (due) last_due = std::max(last_due, *due);
            if (!start) continue;
            ++started;
            first_start = std::min(first_start, *start);
            last_start = std::max(last_start, *start);
            if (!due) continue;
            const double l = *start - *due;
            lag.push_back(l);
            const RequestRecord& r = result.records[i];
            if (r.outcome != probe::Outcome::ok) continue;
            if (r.ttft_ms) ttft_from_arrival.push_back(l + *r.ttft_ms);
            if (r.e2e_ms) e2e_from_arrival.push_back(l + *r.e2e_ms);
        }
        if (n > 1 && last_due > 0) scheduled_rps = static_cast<double>(n - 1) / (last_due / 1000.0);
        if (started > 1 && last_start > first_start)
            achieved_rps = static_cast<double>(started - 1) / ((last_start - first_start) / 1000.0);
        rate = {{"offered_rps", plan.rate_rps},
                {"scheduled_rps", scheduled_rps ? json(*scheduled_rps) : json(nullptr)},
                {"achieved_rps", achieved_rps ? json(*achieved_rps) : json(nullptr)},
                {"seed", plan.seed},
                {"max_in_flight", plan.concurrency},
                {"start_lag_ms", stats_of(lag)},
                {"ttft_from_arrival_ms", stats_of(ttft_from_arrival)},
                {"e2e_from_arrival_ms", stats_of(e2e_from_arrival)}};
    }
    out["rate"] = rate;
    out["offered_rate_rps"] = plan.rate_rps > 0 ? json(plan.rate_rps) : json(nullptr);
    out["scheduled_rate_rps"] = scheduled_rps ? json(*scheduled_rps) : json(nullptr);
    out["achieved_rate_rps"] = achieved_rps ? json(*achieved_rps) : json(nullptr);
    const json lag_stats = stats_of(lag), ttft_stats = stats_of(ttft_from_arrival);
    out["start_lag_p95_ms"] = lag_stats["p95"];
    out["start_lag_max_ms"] = lag_stats["max"];
    out["ttft_from_arrival_p50_ms"] = ttft_stats["p50"];
    out["ttft_from_arrival_p95_ms"] = ttft_stats["p95"];
    return out;
}

}  // namespace w2t::cli::probe_run
