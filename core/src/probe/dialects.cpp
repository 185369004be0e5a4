// Provider dialect decoders (see dialects.hpp for the format references).
//
// [SECTION] helpers: JSON field access, error text
// [SECTION] openai-chat
// [SECTION] openai-responses
// [SECTION] anthropic
// [SECTION] gemini
// [SECTION] ollama
// [SECTION] dispatch, names
// [SECTION] error bodies (JSON, HTML, text)
// [SECTION] merge, to_json
#include "w2t/probe/dialects.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

namespace w2t::probe {
namespace {

using nlohmann::json;

// [SECTION] helpers: JSON field access, error text

const json* field(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> number(const json& j, const char* key) {
    const json* v = field(j, key);
    if (!v || !v->is_number()) return std::nullopt;
    const double d = v->get<double>();
    return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

std::optional<std::int64_t> count(const json& j, const char* key) {
    auto d = number(j, key);
    if (!d || *d < 0 || *d > 1e15) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(*d));
}

std::string text(const json& j, const char* key) {
    const json* v = field(j, key);
    return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<double> seconds_to_ms(const json& j, const char* key) {
    auto s = number(j, key);
    if (!s) return std::nullopt;
    return *s * 1000.0;
}

// "message (type)" from {"message","type"|"code"|"status"}, or the string itself.
std::string error_text(const json& e) {
    if (e.is_string()) return e.get<std::string>();
    if (!e.is_object()) return e.dump();
    std::string msg = text(e, "message");
    std::string kind = text(e, "type");
    if (kind == "error") kind.clear();  // an event's own type (Responses `error` event), not the error's kind
    if (kind.empty()) kind = text(e, "status");
    if (kind.empty()) kind = text(e, "code");
    if (kind.empty())
        if (const json* c = field(e, "code"); c && c->is_number()) kind = c->dump();
    if (msg.empty()) {
        if (const json* inner = field(e, "error")) return error_text(*inner);
        return e.dump();
    }
    return kind.empty() || kind == msg ? msg : msg + " (" + kind + ")";
}

Result<json> parse_object(std::string_view data, std::string_view what) {
    json j = json::parse(data.begin(), data.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return Error{"", std::string(what) + " is not a JSON object: " + to_valid_utf8(data.substr(0, 120))};
    return j;
}

void set_nothing_flag(Delta& d) {
    d.ignored = d.content.empty() && d.reasoning.empty() && d.usage.empty() && d.timings.empty() &&
                !d.terminal && !d.error && d.finish_reason.empty();
}

// [SECTION] openai-chat
// choices[0].delta.{content, reasoning_content (DeepSeek, vLLM), reasoning
// (OpenRouter, Groq, Cerebras)}; usage in a final chunk with empty choices
// (stream_options.include_usage), or repeated cumulatively in every chunk
// (Gemini's OpenAI-compatible endpoint) -- merge() keeps the last, never sums.

void read_openai_usage(const json& u, Delta& d, const char* source) {
    d.usage.prompt_tokens = count(u, "prompt_tokens");
    d.usage.completion_tokens = count(u, "completion_tokens");
    if (const json* det = field(u, "completion_tokens_details"))
        d.usage.reasoning_tokens = count(*det, "reasoning_tokens");
    // Groq puts its server timings next to the counts, in seconds.
    ServerTimings t;
    t.queue_ms = seconds_to_ms(u, "queue_time");
    t.prompt_ms = seconds_to_ms(u, "prompt_time");
    t.decode_ms = seconds_to_ms(u, "completion_time");
    t.total_ms = seconds_to_ms(u, "total_time");
    if (!t.empty()) {
        t.source = source;
        d.timings.merge(t);
    }
}

Result<Delta> decode_openai_chat(const SseEvent& ev) {
    Delta d;
    std::string_view data = ev.data;
    while (!data.empty() && std::isspace(static_cast<unsigned char>(data.back()))) data.remove_suffix(1);
    if (data == "[DONE]") {
        d.terminal = true;
        return d;
    }
    auto parsed = parse_object(data, "openai-chat chunk");
    if (!parsed) return parsed.error();
    const json& j = *parsed;
    if (const json* e = field(j, "error")) d.error = error_text(*e);
    else if (text(j, "object") == "error") d.error = error_text(j);  // vLLM's in-stream error shape

    if (const json* choices = field(j, "choices"); choices && choices->is_array() && !choices->empty()) {
        const json& c = (*choices)[0];
        if (const json* delta = field(c, "delta")) {
            d.content = text(*delta, "content");
            d.reasoning = text(*delta, "reasoning_content");
            if (d.reasoning.empty()) d.reasoning = text(*delta, "reasoning");
        }
        if (d.content.empty()) d.content = text(c, "text");  // legacy /v1/completions
        d.finish_reason = text(c, "finish_reason");
    }
    if (const json* u = field(j, "usage"); u && u->is_object()) read_openai_usage(*u, d, "usage");
    if (const json* xg = field(j, "x_groq"))
        if (const json* u = field(*xg, "usage")) read_openai_usage(*u, d, "x_groq");
    if (const json* ti = field(j, "time_info")) {  // Cerebras, seconds
        ServerTimings t;
        t.queue_ms = seconds_to_ms(*ti, "queue_time");
        t.prompt_ms = seconds_to_ms(*ti, "prompt_time");
        t.decode_ms = seconds_to_ms(*ti, "completion_time");
        t.total_ms = seconds_to_ms(*ti, "total_time");
        t.source = "time_info";
        if (!t.empty()) d.timings.merge(t);
    }
    if (const json* tm = field(j, "timings")) {  // llama.cpp server, already ms
        ServerTimings t;
        t.prompt_ms = number(*tm, "prompt_ms");
        t.decode_ms = number(*tm, "predicted_ms");
        t.decode_tok_s = number(*tm, "predicted_per_second");
        if (t.prompt_ms && t.decode_ms) t.total_ms = *t.prompt_ms + *t.decode_ms;
        t.source = "timings";
        if (!t.empty()) d.timings.merge(t);
    }
    return d;
}

// [SECTION] openai-responses
// Typed events; no [DONE]: the stream ends with response.completed,
// response.incomplete or response.failed.

void read_responses_usage(const json& response, Delta& d) {
    const json* u = field(response, "usage");
    if (!u) return;
    d.usage.prompt_tokens = count(*u, "input_tokens");
    d.usage.completion_tokens = count(*u, "output_tokens");
    if (const json* det = field(*u, "output_tokens_details"))
        d.usage.reasoning_tokens = count(*det, "reasoning_tokens");
}

Result<Delta> decode_openai_responses(const SseEvent& ev) {
    Delta d;
    auto parsed = parse_object(ev.data, "openai-responses event");
    if (!parsed) return parsed.error();
    const json& j = *parsed;
    std::string type = text(j, "type");
    if (type.empty()) type = ev.event;

    if (type == "response.output_text.delta" || type == "response.refusal.delta") {
        d.content = text(j, "delta");
    } else if (type == "response.reasoning_text.delta" || type == "response.reasoning_summary_text.delta") {
        d.reasoning = text(j, "delta");
    } else if (type == "response.completed" || type == "response.incomplete") {
        d.terminal = true;
        d.finish_reason = type == "response.completed" ? "completed" : "incomplete";
        if (const json* r = field(j, "response")) {
            read_responses_usage(*r, d);
            if (const json* inc = field(*r, "incomplete_details")) {
                const std::string reason = text(*inc, "reason");
                if (!reason.empty()) d.finish_reason = "incomplete: " + reason;
            }
        }
    } else if (type == "response.failed") {
        d.terminal = true;
        const json* r = field(j, "response");
        const json* e = r ? field(*r, "error") : nullptr;
        d.error = e ? error_text(*e) : std::string("response.failed");
        if (r) read_responses_usage(*r, d);
    } else if (type == "error") {
        const json* e = field(j, "error");
        d.error = error_text(e ? *e : j);
    }
    set_nothing_flag(d);
    return d;
}

// [SECTION] anthropic
// message_start (usage.input_tokens), content_block_delta (text_delta,
// thinking_delta), message_delta (cumulative usage.output_tokens, stop_reason),
// message_stop; ping events; `event: error` mid-stream.

Result<Delta> decode_anthropic(const SseEvent& ev) {
    Delta d;
    auto parsed = parse_object(ev.data, "anthropic event");
    if (!parsed) return parsed.error();
    const json& j = *parsed;
    std::string type = text(j, "type");
    if (type.empty()) type = ev.event;

    auto read_input = [&](const json& u) {
        // input_tokens excludes cached prompt tokens; the prompt is all three.
        auto in = count(u, "input_tokens");
        if (!in) return;
        std::int64_t total = *in;
        for (const char* k : {"cache_creation_input_tokens", "cache_read_input_tokens"})
            if (auto c = count(u, k)) total += *c;
        d.usage.prompt_tokens = total;
    };

    if (type == "message_start") {
        // message_start's output_tokens is a placeholder (1): only the prompt is real here.
        if (const json* m = field(j, "message"))
            if (const json* u = field(*m, "usage")) read_input(*u);
    } else if (type == "content_block_delta") {
        if (const json* delta = field(j, "delta")) {
            const std::string kind = text(*delta, "type");
            if (kind == "text_delta") d.content = text(*delta, "text");
            else if (kind == "thinking_delta") d.reasoning = text(*delta, "thinking");
        }
    } else if (type == "content_block_start") {
        if (const json* b = field(j, "content_block")) {
            if (text(*b, "type") == "text") d.content = text(*b, "text");
            else if (text(*b, "type") == "thinking") d.reasoning = text(*b, "thinking");
        }
    } else if (type == "message_delta") {
        if (const json* u = field(j, "usage")) {
            d.usage.completion_tokens = count(*u, "output_tokens");
            read_input(*u);
        }
        if (const json* delta = field(j, "delta")) d.finish_reason = text(*delta, "stop_reason");
    } else if (type == "message_stop") {
        d.terminal = true;
    } else if (type == "error") {
        const json* e = field(j, "error");
        d.error = error_text(e ? *e : j);
    }
    set_nothing_flag(d);
    return d;
}

// [SECTION] gemini
// candidates[0].content.parts[].text, with "thought": true marking reasoning;
// usageMetadata is cumulative; finishReason on the last chunk ends the stream.
// candidatesTokenCount excludes thoughtsTokenCount, so completion = both.

Result<Delta> decode_gemini_json(const json& j) {
    Delta d;
    if (const json* e = field(j, "error")) d.error = error_text(*e);
    if (const json* cands = field(j, "candidates"); cands && cands->is_array() && !cands->empty()) {
        const json& c = (*cands)[0];
        if (const json* content = field(c, "content"))
            if (const json* parts = field(*content, "parts"); parts && parts->is_array())
                for (const json& p : *parts) {
                    const json* thought = field(p, "thought");
                    (thought && thought->is_boolean() && thought->get<bool>() ? d.reasoning : d.content) +=
                        text(p, "text");
                }
        const std::string reason = text(c, "finishReason");
        if (!reason.empty() && reason != "FINISH_REASON_UNSPECIFIED") {
            d.finish_reason = reason;
            d.terminal = true;
        }
    }
    if (const json* pf = field(j, "promptFeedback")) {
        const std::string blocked = text(*pf, "blockReason");
        if (!blocked.empty()) d.error = "prompt blocked: " + blocked;
    }
    if (const json* u = field(j, "usageMetadata")) {
        d.usage.prompt_tokens = count(*u, "promptTokenCount");
        auto cand = count(*u, "candidatesTokenCount");
        auto thoughts = count(*u, "thoughtsTokenCount");
        if (cand || thoughts) d.usage.completion_tokens = cand.value_or(0) + thoughts.value_or(0);
        d.usage.reasoning_tokens = thoughts;
    }
    set_nothing_flag(d);
    return d;
}

Result<Delta> decode_gemini(const SseEvent& ev) {
    auto parsed = parse_object(ev.data, "gemini chunk");
    if (!parsed) return parsed.error();
    return decode_gemini_json(*parsed);
}

// [SECTION] ollama
// /api/chat NDJSON: message.content, message.thinking; the last line has
// done:true with counts and durations in nanoseconds. /api/generate's
// top-level response/thinking are read too.

Result<Delta> decode_ollama(std::string_view line) {
    Delta d;
    auto parsed = parse_object(line, "ollama line");
    if (!parsed) return parsed.error();
    const json& j = *parsed;
    if (const json* e = field(j, "error")) d.error = error_text(*e);
    if (const json* m = field(j, "message")) {
        d.content = text(*m, "content");
        d.reasoning = text(*m, "thinking");
    } else {
        d.content = text(j, "response");
        d.reasoning = text(j, "thinking");
    }
    if (const json* done = field(j, "done"); done && done->is_boolean() && done->get<bool>()) {
        d.terminal = true;
        d.finish_reason = text(j, "done_reason");
        d.usage.prompt_tokens = count(j, "prompt_eval_count");
        d.usage.completion_tokens = count(j, "eval_count");
        auto ns = [&](const char* k) -> std::optional<double> {
            auto v = number(j, k);
            return v ? std::optional<double>(*v / 1e6) : std::nullopt;
        };
        ServerTimings t;
        t.total_ms = ns("total_duration");
        t.load_ms = ns("load_duration");
        t.prompt_ms = ns("prompt_eval_duration");
        t.decode_ms = ns("eval_duration");
        if (t.decode_ms && *t.decode_ms > 0 && d.usage.completion_tokens)
            t.decode_tok_s = static_cast<double>(*d.usage.completion_tokens) / (*t.decode_ms / 1000.0);
        t.source = "ollama";
        if (!t.empty()) d.timings = t;
    }
    set_nothing_flag(d);
    return d;
}

// [SECTION] error bodies (JSON, HTML, text)

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

std::string decode_entities(std::string_view s) {
    static const std::pair<std::string_view, std::string_view> kEntities[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"},
        {"&nbsp;", " "}, {"&apos;", "'"}};
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        bool hit = false;
        if (s[i] == '&')
            for (const auto& [from, to] : kEntities)
                if (s.substr(i, from.size()) == from) {
                    out += to;
                    i += from.size();
                    hit = true;
                    break;
                }
        if (!hit) out += s[i++];
    }
    return out;
}

// Visible text of an HTML page: no tags, no script/style, entities decoded.
std::string html_text(std::string_view html) {
    const std::string low = lower(html);
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '<') {
            out += html[i++];
            continue;
        }
        for (const char* skip : {"script", "style", "head"}) {
            const std::string open = std::string("<") + skip;
            const std::size_t after = i + open.size();
            // "<head" must not match "<header".
            if (low.compare(i, open.size(), open) == 0 && after < low.size() &&
                (low[after] == '>' || std::isspace(static_cast<unsigned char>(low[after])))) {
                const auto close = low.find(std::string("</") + skip, i);
                if (close != std::string::npos) i = close;
                break;
            }
        }
        const auto gt = html.find('>', i);
        if (gt == std::string_view::npos) break;
        i = gt + 1;
        out += ' ';
    }
    return collapse_spaces(decode_entities(out));
}

std::string json_error_message(const json& j) {
    if (j.is_array() && !j.empty()) return json_error_message(j[0]);  // Gemini wraps errors in a list
    if (!j.is_object()) return j.dump();
    if (const json* e = field(j, "error")) return error_text(*e);
    if (text(j, "message").size()) return error_text(j);
    if (const json* det = field(j, "detail"))  // FastAPI (vLLM, SGLang)
        return det->is_string() ? det->get<std::string>() : det->dump();
    return j.dump();
}

// Cuts at a character boundary, never inside a UTF-8 sequence.
std::string clip(std::string s, std::size_t max_chars) {
    s = to_valid_utf8(s);
    if (s.size() <= max_chars) return s;
    std::size_t n = max_chars;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s.resize(n);
    return s + "...";
}

}  // namespace

// [SECTION] dispatch, names

Result<Dialect> parse_dialect(std::string_view name) {
    for (Dialect d : {Dialect::openai_chat, Dialect::openai_responses, Dialect::anthropic, Dialect::gemini,
                      Dialect::ollama})
        if (name == to_string(d)) return d;
    return Error{"dialect", "unknown dialect '" + std::string(name) +
                                "' (known: openai-chat, openai-responses, anthropic, gemini, ollama)"};
}

std::string_view to_string(Dialect d) {
    switch (d) {
        case Dialect::openai_chat: return "openai-chat";
        case Dialect::openai_responses: return "openai-responses";
        case Dialect::anthropic: return "anthropic";
        case Dialect::gemini: return "gemini";
        case Dialect::ollama: return "ollama";
    }
    return "?";
}

bool uses_ndjson(Dialect d) { return d == Dialect::ollama; }

std::string_view terminator_description(Dialect d) {
    switch (d) {
        case Dialect::openai_chat: return "data: [DONE]";
        case Dialect::openai_responses: return "response.completed";
        case Dialect::anthropic: return "message_stop";
        case Dialect::gemini: return "a chunk with finishReason";
        case Dialect::ollama: return "a line with \"done\": true";
    }
    return "?";
}

Result<Delta> decode_event(Dialect d, const SseEvent& event) {
    // "data:" with nothing after it dispatches an empty event (per spec); some
    // proxies send that as a heartbeat. It carries nothing, so it is no error.
    if (event.data.find_first_not_of(" \t\r\n") == std::string::npos) {
        Delta nothing;
        nothing.ignored = true;
        return nothing;
    }
    switch (d) {
        case Dialect::openai_chat: {
            auto r = decode_openai_chat(event);
            if (r) set_nothing_flag(r.value());
            return r;
        }
        case Dialect::openai_responses: return decode_openai_responses(event);
        case Dialect::anthropic: return decode_anthropic(event);
        case Dialect::gemini: return decode_gemini(event);
        case Dialect::ollama: return decode_ollama(event.data);  // NDJSON carried in an event: same payload
    }
    return Error{"dialect", "unknown dialect"};
}

Result<Delta> decode_line(Dialect d, std::string_view line) {
    if (d == Dialect::ollama) return decode_ollama(line);
    SseEvent ev;
    ev.data = std::string(line);
    return decode_event(d, ev);
}

std::string extract_error_message(std::string_view body, std::size_t max_chars) {
    std::string_view t = body;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    if (t.empty()) return "";
    if (t.front() == '{' || t.front() == '[') {
        json j = json::parse(t.begin(), t.end(), nullptr, false);
        if (!j.is_discarded()) return clip(collapse_spaces(json_error_message(j)), max_chars);
    }
    const std::string low = lower(t.substr(0, 4096));
    if (low.find("<html") != std::string::npos || low.find("<!doctype") != std::string::npos ||
        low.find("<title") != std::string::npos || low.find("<body") != std::string::npos) {
        const std::string all_low = lower(t);
        std::string title;
        if (auto open = all_low.find("<title"); open != std::string::npos)
            if (auto gt = all_low.find('>', open); gt != std::string::npos)
                if (auto close = all_low.find("</title", gt); close != std::string::npos)
                    title = collapse_spaces(decode_entities(t.substr(gt + 1, close - gt - 1)));
        std::string visible = html_text(t);
        // The page body often repeats the title as its heading.
        if (!title.empty() && visible.compare(0, title.size(), title) == 0) {
            visible.erase(0, title.size());
            visible = collapse_spaces(visible);
        }
        std::string msg = title.empty() ? visible : visible.empty() ? title : title + ": " + visible;
        return clip(msg, max_chars);
    }
    return clip(collapse_spaces(t), max_chars);
}

std::string to_valid_utf8(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    std::size_t i = 0;
    while (i < in.size()) {
        const auto c = static_cast<unsigned char>(in[i]);
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte (no overlongs, surrogates, > U+10FFFF)
        if (c < 0x80) len = 1;
        else if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        }
        bool ok = len > 0 && i + len <= in.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(in[i + k]);
            ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        }
        if (ok) {
            out.append(in.substr(i, len));
            i += len;
        } else {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
        }
    }
    return out;
}

// [SECTION] merge, to_json

void Usage::merge(const Usage& later) {
    if (later.prompt_tokens) prompt_tokens = later.prompt_tokens;
    if (later.completion_tokens) completion_tokens = later.completion_tokens;
    if (later.reasoning_tokens) reasoning_tokens = later.reasoning_tokens;
}

void ServerTimings::merge(const ServerTimings& later) {
    if (later.queue_ms) queue_ms = later.queue_ms;
    if (later.load_ms) load_ms = later.load_ms;
    if (later.prompt_ms) prompt_ms = later.prompt_ms;
    if (later.decode_ms) decode_ms = later.decode_ms;
    if (later.total_ms) total_ms = later.total_ms;
    if (later.decode_tok_s) decode_tok_s = later.decode_tok_s;
    if (later.source.empty() || later.empty()) return;
    // "usage+x_groq" when two parts of one response reported timings.
    const std::string padded = "+" + source + "+";
    if (source.empty()) source = later.source;
    else if (padded.find("+" + later.source + "+") == std::string::npos) source += "+" + later.source;
}

namespace {
template <class T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}
}  // namespace

json to_json(const Usage& u) {
    json j{{"prompt_tokens", opt(u.prompt_tokens)}, {"completion_tokens", opt(u.completion_tokens)}};
    if (u.reasoning_tokens) j["reasoning_tokens"] = *u.reasoning_tokens;
    return j;
}

json to_json(const ServerTimings& t) {
    json j = json::object();
    if (t.queue_ms) j["queue_ms"] = *t.queue_ms;
    if (t.load_ms) j["load_ms"] = *t.load_ms;
    if (t.prompt_ms) j["prompt_ms"] = *t.prompt_ms;
    if (t.decode_ms) j["decode_ms"] = *t.decode_ms;
    if (t.total_ms) j["total_ms"] = *t.total_ms;
    if (t.decode_tok_s) j["decode_tok_s"] = *t.decode_tok_s;
    j["source"] = t.source;
    return j;
}

}  // namespace w2t::probe
