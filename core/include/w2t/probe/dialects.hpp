#pragma once
// Provider dialects: turn one SSE event (or one NDJSON line) into a Delta:
// the text it adds, the usage and server timings it reports, whether it ends
// the stream, or the error it carries. Decoders are stateless; the
// accumulator (metrics.hpp) merges deltas.
//
// Formats, as documented by the providers:
//   openai-chat       https://platform.openai.com/docs/api-reference/chat-streaming
//                     (also vLLM, llama.cpp server, Groq, Cerebras, Gemini's OpenAI-compatible endpoint)
//   openai-responses  https://platform.openai.com/docs/api-reference/responses-streaming
//   anthropic         https://docs.anthropic.com/en/docs/build-with-claude/streaming
//   gemini            https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
//                     (?alt=sse; usageMetadata: https://ai.google.dev/api/generate-content#UsageMetadata)
//   ollama            https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion
//   Groq x_groq.usage https://console.groq.com/docs/api-reference (times in seconds)
//   Cerebras time_info https://inference-docs.cerebras.ai/api-reference/chat-completions (seconds)
//   llama.cpp timings https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md (ms)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "w2t/probe/sse.hpp"
#include "w2t/result.hpp"

namespace w2t::probe {

enum class Dialect { openai_chat, openai_responses, anthropic, gemini, ollama };

// "openai-chat", "openai-responses", "anthropic", "gemini", "ollama".
Result<Dialect> parse_dialect(std::string_view name);
std::string_view to_string(Dialect d);
// Ollama streams NDJSON; every other dialect streams SSE.
bool uses_ndjson(Dialect d);
// What ends a complete stream, in words (for "truncated" messages).
std::string_view terminator_description(Dialect d);

// Token counts as the provider reports them. Each field is a cumulative
// snapshot: a later report replaces an earlier one, never adds to it.
struct Usage {
    std::optional<std::int64_t> prompt_tokens;
    std::optional<std::int64_t> completion_tokens;  // includes reasoning tokens where the provider splits them
    std::optional<std::int64_t> reasoning_tokens;   // when reported separately
    bool empty() const { return !prompt_tokens && !completion_tokens && !reasoning_tokens; }
    void merge(const Usage& later);                  // field-wise: later values win
    bool operator==(const Usage&) const = default;
};

// Timings measured by the server itself, converted to milliseconds.
struct ServerTimings {
    std::optional<double> queue_ms;
    std::optional<double> load_ms;      // ollama load_duration
    std::optional<double> prompt_ms;    // prefill
    std::optional<double> decode_ms;    // generation
    std::optional<double> total_ms;
    std::optional<double> decode_tok_s; // as the server computed it (llama.cpp)
    std::string source;                 // "x_groq", "usage", "time_info", "timings", "ollama"
    bool empty() const { return !queue_ms && !load_ms && !prompt_ms && !decode_ms && !total_ms && !decode_tok_s; }
    void merge(const ServerTimings& later);
    bool operator==(const ServerTimings&) const = default;
};

struct Delta {
    std::string content;    // visible answer text
    std::string reasoning;  // reasoning / thinking text, kept apart
    Usage usage;
    ServerTimings timings;
    std::string finish_reason;          // when the provider states one
    bool terminal = false;              // the dialect's end-of-stream marker
    std::optional<std::string> error;   // an error reported inside the stream
    bool ignored = false;               // nothing of interest (ping, role-only chunk, metadata)
};

// Decodes one dispatched SSE event. A payload that is not valid JSON is an
// Error (the caller decides whether that ends the request).
Result<Delta> decode_event(Dialect d, const SseEvent& event);
// Decodes one NDJSON line (ollama).
Result<Delta> decode_line(Dialect d, std::string_view line);

// The provider's message from an error body: JSON ({"error":{"message"}},
// {"error":"..."}, {"message"}, {"detail"}), an HTML page (<title> and visible
// text), or plain text. Trimmed to at most max_chars.
std::string extract_error_message(std::string_view body, std::size_t max_chars = 500);

// Invalid UTF-8 sequences replaced by U+FFFD, so the text can go into JSON
// (nlohmann's dump() throws on invalid UTF-8; error pages are not always UTF-8).
std::string to_valid_utf8(std::string_view bytes);

nlohmann::json to_json(const Usage& u);
nlohmann::json to_json(const ServerTimings& t);

}  // namespace w2t::probe
