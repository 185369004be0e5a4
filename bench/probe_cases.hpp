#pragma once
// Streaming-probe benchmark inputs, shared by Google Benchmark (bench_probe.cpp) and
// the portable timer (native, node, Chromium): realistic ~1 MB response bodies, fed
// to the parsers in 4 KB chunks as a socket would hand them over.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "w2t/probe/metrics.hpp"
#include "w2t/probe/sse.hpp"

namespace w2t::bench {

inline constexpr std::size_t kProbeStreamBytes = 1 << 20;  // about 1 MB
inline constexpr std::size_t kProbeChunkBytes = 4096;

// An OpenAI chat completions stream as api.openai.com sends it: one small `data:`
// event per token (about 305 bytes each, 3,436 events), a finish chunk, a usage
// chunk, [DONE].
inline std::string openai_chat_stream(std::size_t target = kProbeStreamBytes) {
    static constexpr std::string_view kWords[] = {" the", " wafer", " yields", " dies", ",", " and",
                                                  " each", " token", " costs", " \xE2\x82\xAC", "."};
    const std::string head =
        "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
        "\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
        "\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
    const std::string tail = "\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
    std::string s;
    s.reserve(target + 1024);
    for (std::size_t i = 0; s.size() < target; ++i) s += head + std::string(kWords[i % std::size(kWords)]) + tail;
    s += "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
         "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
         "data: {\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
         "\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":4500,\"total_tokens\":4519}}\n\n"
         "data: [DONE]\n\n";
    return s;
}

// An Ollama /api/chat NDJSON stream: one line per token (~130 bytes), a done line.
inline std::string ollama_stream(std::size_t target = kProbeStreamBytes) {
    static constexpr std::string_view kWords[] = {" the", " wafer", " yields", " dies", ",", " and",
                                                  " each", " token", " costs", " \xE2\x82\xAC", "."};
    std::string s;
    s.reserve(target + 1024);
    for (std::size_t i = 0; s.size() < target; ++i)
        s += "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:00.123456789Z\",\"message\":"
             "{\"role\":\"assistant\",\"content\":\"" + std::string(kWords[i % std::size(kWords)]) +
             "\"},\"done\":false}\n";
    s += "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:09.0Z\",\"message\":{\"role\":\"assistant\","
         "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4353619900,"
         "\"load_duration\":63915300,\"prompt_eval_count\":10,\"prompt_eval_duration\":246847000,"
         "\"eval_count\":8000,\"eval_duration\":4032296000}\n";
    return s;
}

// The parser alone: events out of a body fed in 4 KB chunks. Returns the event count.
inline std::size_t parse_sse(std::string_view body, std::vector<probe::SseEvent>& scratch) {
    probe::SseParser p;
    std::size_t n = 0;
    for (std::size_t i = 0; i < body.size(); i += kProbeChunkBytes) {
        scratch.clear();
        n += p.feed(body.substr(i, kProbeChunkBytes), scratch);
    }
    return n;
}

inline std::size_t parse_ndjson(std::string_view body, std::vector<std::string>& scratch) {
    probe::NdjsonParser p;
    std::size_t n = 0;
    for (std::size_t i = 0; i < body.size(); i += kProbeChunkBytes) {
        scratch.clear();
        n += p.feed(body.substr(i, kProbeChunkBytes), scratch);
    }
    return n;
}

// The whole decode, as w2t probe does it: parser + dialect decoder + accumulator,
// then the record. Returns the answer's length (and checks the stream completed).
inline std::size_t decode_stream(probe::Dialect dialect, std::string_view body) {
    probe::RequestAccumulator acc(dialect, 0.0);
    acc.on_headers(200, 1.0);
    double t = 1.0;
    for (std::size_t i = 0; i < body.size(); i += kProbeChunkBytes) acc.on_chunk(t += 0.1, body.substr(i, kProbeChunkBytes));
    acc.on_end(t + 0.1);
    const probe::RequestRecord r = acc.record();
    return r.outcome == probe::Outcome::ok ? r.content.size() : 0;
}

}  // namespace w2t::bench
