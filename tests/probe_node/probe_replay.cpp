// The probe core for node: replays a response body through RequestAccumulator
// (and the bare SSE / NDJSON parsers), so tests/sdk/crosscheck.test.mjs can
// compare it with the providers' own SDKs and with eventsource-parser.
//
//   const Module = await require('probe_replay.js')({wasmBinary});  // the .wasm bytes: see the test
//   Module.replay('openai-chat', bytes, [7, 3], 200)  -> JSON of the RequestRecord
//   Module.sse_events(bytes, [7, 3])                 -> JSON {events, comments, mid_event, partial}
//   Module.ndjson_lines(bytes, [7, 3])               -> JSON {lines, mid_event, partial}
//   Module.fixtures()                                -> JSON [{name, dialect, http_status}]
//   Module.fixture(name)                             -> Uint8Array view (copy it)
//
// `bytes` is a Uint8Array (embind copies it into a std::string byte for byte).
// chunk_sizes are cycled to cut the body; [] feeds it whole. Chunk k arrives at
// t = k + 1 ms after the request, so the timing fields are deterministic.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../data/streams/fixtures.hpp"
#include "w2t/probe/dialects.hpp"
#include "w2t/probe/metrics.hpp"
#include "w2t/probe/sse.hpp"

namespace {

using emscripten::val;
using nlohmann::json;
using namespace w2t::probe;

std::vector<int> sizes_of(const val& chunk_sizes) {
    std::vector<int> out;
    if (chunk_sizes.isUndefined() || chunk_sizes.isNull()) return out;
    const int n = chunk_sizes["length"].as<int>();
    for (int i = 0; i < n; ++i) {
        const int s = chunk_sizes[i].as<int>();
        if (s > 0) out.push_back(s);
    }
    return out;
}

template <class F>
void for_each_chunk(std::string_view bytes, const std::vector<int>& sizes, F&& f) {
    if (sizes.empty()) {
        f(bytes);
        return;
    }
    std::size_t k = 0;
    for (std::size_t i = 0; i < bytes.size(); ++k) {
        const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(sizes[k % sizes.size()]), bytes.size() - i);
        f(bytes.substr(i, n));
        i += n;
    }
}

std::string replay(std::string dialect, std::string bytes, val chunk_sizes, int http_status) {
    auto d = parse_dialect(dialect);
    if (!d) return json{{"replay_error", d.error().message}}.dump();
    RequestAccumulator acc(*d, 0.0);
    double t = 0.0;
    acc.on_headers(http_status, t);
    for_each_chunk(bytes, sizes_of(chunk_sizes), [&](std::string_view c) { acc.on_chunk(t += 1.0, c); });
    acc.on_end(t + 1.0);
    return to_json(acc.record()).dump();
}

// The same, but the connection fails after the bytes (a reset, a cut chunked body).
std::string replay_transport_error(std::string dialect, std::string bytes, val chunk_sizes, int http_status,
                                   std::string message) {
    auto d = parse_dialect(dialect);
    if (!d) return json{{"replay_error", d.error().message}}.dump();
    RequestAccumulator acc(*d, 0.0);
    double t = 0.0;
    acc.on_headers(http_status, t);
    for_each_chunk(bytes, sizes_of(chunk_sizes), [&](std::string_view c) { acc.on_chunk(t += 1.0, c); });
    acc.on_transport_error(t + 1.0, message);
    return to_json(acc.record()).dump();
}

std::string sse_events(std::string bytes, val chunk_sizes) {
    SseParser p;
    std::vector<SseEvent> events;
    for_each_chunk(bytes, sizes_of(chunk_sizes), [&](std::string_view c) { p.feed(c, events); });
    json out = json::array();
    // Raw bytes may not be UTF-8 (a split character is whole again here, but a
    // fixture could be invalid): to_valid_utf8 keeps dump() from throwing.
    for (const auto& e : events) {
        json j{{"event", to_valid_utf8(e.event)}, {"data", to_valid_utf8(e.data)}, {"id", to_valid_utf8(e.id)}};
        j["retry"] = e.retry ? json(*e.retry) : json(nullptr);
        out.push_back(j);
    }
    const StreamEnd end = p.finish();
    return json{{"events", out}, {"comments", p.comments()}, {"mid_event", end.mid_event},
                {"partial", to_valid_utf8(end.partial)}}
        .dump();
}

std::string ndjson_lines(std::string bytes, val chunk_sizes) {
    NdjsonParser p;
    std::vector<std::string> lines;
    for_each_chunk(bytes, sizes_of(chunk_sizes), [&](std::string_view c) { p.feed(c, lines); });
    json out = json::array();
    for (const auto& l : lines) out.push_back(to_valid_utf8(l));
    const StreamEnd end = p.finish();
    return json{{"lines", out}, {"mid_event", end.mid_event}, {"partial", to_valid_utf8(end.partial)}}.dump();
}

struct Fixture {
    const char* name;
    const char* dialect;
    int http_status;
    std::string_view bytes;
};

namespace fx = w2t::probe::fixtures;
const Fixture kFixtures[] = {
    {"openai_chat", "openai-chat", 200, fx::kOpenAiChat},
    {"keepalive_crlf", "openai-chat", 200, fx::kKeepAliveCrlf},
    {"reasoning_then_content", "openai-chat", 200, fx::kReasoningThenContent},
    {"usage_every_chunk", "openai-chat", 200, fx::kUsageEveryChunk},
    {"groq", "openai-chat", 200, fx::kGroq},
    {"cerebras", "openai-chat", 200, fx::kCerebras},
    {"llama_cpp", "openai-chat", 200, fx::kLlamaCpp},
    {"error_after_200", "openai-chat", 200, fx::kErrorAfter200},
    {"truncated", "openai-chat", 200, fx::kTruncated},
    {"error_401_json", "openai-chat", 401, fx::kError401Json},
    {"error_403_html", "openai-chat", 403, fx::kError403Html},
    {"openai_responses", "openai-responses", 200, fx::kOpenAiResponses},
    {"openai_responses_failed", "openai-responses", 200, fx::kOpenAiResponsesFailed},
    {"anthropic", "anthropic", 200, fx::kAnthropic},
    {"anthropic_overloaded", "anthropic", 200, fx::kAnthropicOverloaded},
    {"gemini", "gemini", 200, fx::kGemini},
    {"ollama", "ollama", 200, fx::kOllama},
};

std::string fixture_list() {
    json out = json::array();
    for (const auto& f : kFixtures) out.push_back({{"name", f.name}, {"dialect", f.dialect}, {"http_status", f.http_status}});
    return out.dump();
}

val fixture(std::string name) {
    for (const auto& f : kFixtures)
        if (name == f.name)
            return val(emscripten::typed_memory_view(f.bytes.size(), reinterpret_cast<const unsigned char*>(f.bytes.data())));
    return val::null();
}

}  // namespace

EMSCRIPTEN_BINDINGS(w2t_probe_replay) {
    emscripten::function("replay", &replay);
    emscripten::function("replay_transport_error", &replay_transport_error);
    emscripten::function("sse_events", &sse_events);
    emscripten::function("ndjson_lines", &ndjson_lines);
    emscripten::function("fixtures", &fixture_list);
    emscripten::function("fixture", &fixture);
}
