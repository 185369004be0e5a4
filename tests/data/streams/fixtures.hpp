#pragma once
// Raw response bodies as providers send them (shapes from their streaming docs,
// see core/include/w2t/probe/dialects.hpp), embedded as bytes so the same tests
// run natively and as WebAssembly under node (no file I/O there).
#include <string_view>

namespace w2t::probe::fixtures {

// OpenAI chat completions with stream_options.include_usage: role-only first
// chunk, UTF-8 text, a finish chunk, a usage-only chunk with empty choices, [DONE].
inline constexpr std::string_view kOpenAiChat =
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
    "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],"
    "\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w\xC3\xB6rld \xE2\x82\xAC\xF0\x9F\x98\x80\"},"
    "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
    "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13,"
    "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
    "data: [DONE]\n\n";

// A proxy's keep-alive comments, CRLF line ends, an `event:` line it adds.
inline constexpr std::string_view kKeepAliveCrlf =
    ": OPENROUTER PROCESSING\r\n\r\n"
    ": OPENROUTER PROCESSING\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\r\n\r\n"
    ": keep-alive\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\r\n\r\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\r\n\r\n"
    "data: [DONE]\r\n\r\n";

// DeepSeek / vLLM: reasoning_content first, then content.
inline constexpr std::string_view kReasoningThenContent =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
    "\"reasoning_content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"Let me \"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"think.\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"42\",\"reasoning_content\":null}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":6,\"total_tokens\":17,"
    "\"completion_tokens_details\":{\"reasoning_tokens\":4}}}\n\n"
    "data: [DONE]\n\n";

// Gemini's OpenAI-compatible endpoint repeats cumulative usage in every chunk.
inline constexpr std::string_view kUsageEveryChunk =
    "data: {\"choices\":[{\"delta\":{\"content\":\"One\",\"role\":\"assistant\"},\"index\":0}],"
    "\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":1,\"prompt_tokens\":8,"
    "\"total_tokens\":9}}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" two\",\"role\":\"assistant\"},\"index\":0}],"
    "\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":8,"
    "\"total_tokens\":10}}\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\" three\",\"role\":\"assistant\"},\"finish_reason\":\"stop\","
    "\"index\":0}],\"object\":\"chat.completion.chunk\",\"usage\":{\"completion_tokens\":3,\"prompt_tokens\":8,"
    "\"total_tokens\":11}}\n\n"
    "data: [DONE]\n\n";

// Groq: timings (seconds) in x_groq.usage on the last chunk.
inline constexpr std::string_view kGroq =
    "data: {\"id\":\"chatcmpl-g\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"llama-3.1-8b-instant\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
    "\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"x_groq\":{\"id\":\"req_01\"}}\n\n"
    "data: {\"id\":\"chatcmpl-g\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"llama-3.1-8b-instant\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Fast\"},"
    "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"chatcmpl-g\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"llama-3.1-8b-instant\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
    "\"finish_reason\":\"stop\"}],\"x_groq\":{\"id\":\"req_01\",\"usage\":{\"queue_time\":0.012,"
    "\"prompt_tokens\":40,\"prompt_time\":0.002,\"completion_tokens\":10,\"completion_time\":0.008,"
    "\"total_tokens\":50,\"total_time\":0.01}}}\n\n"
    "data: [DONE]\n\n";

// Cerebras: time_info (seconds) on the last chunk.
inline constexpr std::string_view kCerebras =
    "data: {\"id\":\"chatcmpl-c\",\"choices\":[{\"delta\":{\"content\":\"Hey\",\"role\":\"assistant\"},"
    "\"index\":0}],\"created\":1,\"model\":\"llama3.1-8b\",\"object\":\"chat.completion.chunk\"}\n\n"
    "data: {\"id\":\"chatcmpl-c\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\",\"index\":0}],"
    "\"created\":1,\"model\":\"llama3.1-8b\",\"object\":\"chat.completion.chunk\","
    "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15},"
    "\"time_info\":{\"queue_time\":0.000073161,\"prompt_time\":0.00107448,\"completion_time\":0.00565807,"
    "\"total_time\":0.022224903,\"created\":1723733419}}\n\n"
    "data: [DONE]\n\n";

// llama.cpp server: timings (ms) on the last chunk.
inline constexpr std::string_view kLlamaCpp =
    "data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"Yo\"}}],"
    "\"created\":1,\"id\":\"chatcmpl-l\",\"model\":\"qwen\",\"object\":\"chat.completion.chunk\"}\n\n"
    "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],\"created\":1,"
    "\"id\":\"chatcmpl-l\",\"model\":\"qwen\",\"object\":\"chat.completion.chunk\","
    "\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":7,\"total_tokens\":9},"
    "\"timings\":{\"prompt_n\":7,\"prompt_ms\":12.5,\"prompt_per_token_ms\":1.78,\"prompt_per_second\":560.0,"
    "\"predicted_n\":2,\"predicted_ms\":30.0,\"predicted_per_token_ms\":15.0,\"predicted_per_second\":66.7}}\n\n"
    "data: [DONE]\n\n";

// An error object inside a 200 stream, after some content, no [DONE].
inline constexpr std::string_view kErrorAfter200 =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Par\"}}]}\n\n"
    "data: {\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\","
    "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";

// Cut off in the middle of an event: no [DONE].
inline constexpr std::string_view kTruncated =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Once upon\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"cont";

// OpenAI Responses API, with a reasoning summary.
inline constexpr std::string_view kOpenAiResponses =
    "event: response.created\n"
    "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","
    "\"object\":\"response\",\"status\":\"in_progress\",\"output\":[],\"usage\":null}}\n\n"
    "event: response.in_progress\n"
    "data: {\"type\":\"response.in_progress\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\","
    "\"status\":\"in_progress\"}}\n\n"
    "event: response.reasoning_summary_text.delta\n"
    "data: {\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"rs_1\",\"output_index\":0,"
    "\"summary_index\":0,\"delta\":\"Weighing options\",\"sequence_number\":2}\n\n"
    "event: response.output_text.delta\n"
    "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":1,"
    "\"content_index\":0,\"delta\":\"Double\",\"sequence_number\":3}\n\n"
    "event: response.output_text.delta\n"
    "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":1,"
    "\"content_index\":0,\"delta\":\" bubble\",\"sequence_number\":4}\n\n"
    "event: response.output_text.done\n"
    "data: {\"type\":\"response.output_text.done\",\"item_id\":\"msg_1\",\"output_index\":1,"
    "\"content_index\":0,\"text\":\"Double bubble\",\"sequence_number\":5}\n\n"
    "event: response.completed\n"
    "data: {\"type\":\"response.completed\",\"sequence_number\":6,\"response\":{\"id\":\"resp_1\","
    "\"status\":\"completed\",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},"
    "\"output_tokens\":20,\"output_tokens_details\":{\"reasoning_tokens\":14},\"total_tokens\":32}}}\n\n";

inline constexpr std::string_view kOpenAiResponsesFailed =
    "event: response.created\n"
    "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_2\"}}\n\n"
    "event: response.failed\n"
    "data: {\"type\":\"response.failed\",\"sequence_number\":1,\"response\":{\"id\":\"resp_2\","
    "\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The model failed.\"}}}\n\n";

// Anthropic Messages with extended thinking, a ping, cumulative output_tokens.
inline constexpr std::string_view kAnthropic =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
    "\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,"
    "\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
    "\"output_tokens\":1}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
    "\"thinking\":\"\"}}\n\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
    "\"thinking\":\"2+2 is 4.\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
    "\"signature\":\"EqQB\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"It is \"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"4.\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
    "\"usage\":{\"output_tokens\":15}}\n\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n\n";

inline constexpr std::string_view kAnthropicOverloaded =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"usage\":{\"input_tokens\":10,"
    "\"output_tokens\":1}}}\n\n"
    "event: error\n"
    "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

// Gemini streamGenerateContent?alt=sse with thought summaries (includeThoughts).
inline constexpr std::string_view kGemini =
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"**Planning**\\n\",\"thought\":true}],"
    "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":6,\"totalTokenCount\":40,"
    "\"thoughtsTokenCount\":34},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The sky\"}],\"role\":\"model\"},\"index\":0}],"
    "\"usageMetadata\":{\"promptTokenCount\":6,\"candidatesTokenCount\":2,\"totalTokenCount\":42,"
    "\"thoughtsTokenCount\":34},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" is blue.\"}],\"role\":\"model\"},"
    "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":6,"
    "\"candidatesTokenCount\":5,\"totalTokenCount\":45,\"thoughtsTokenCount\":34},"
    "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\r\n\r\n";

// Ollama /api/chat NDJSON with thinking; durations in nanoseconds.
inline constexpr std::string_view kOllama =
    "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:00.0Z\",\"message\":{\"role\":\"assistant\","
    "\"content\":\"\",\"thinking\":\"Hmm\"},\"done\":false}\n"
    "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:00.1Z\",\"message\":{\"role\":\"assistant\","
    "\"content\":\"Hello\"},\"done\":false}\n"
    "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:00.2Z\",\"message\":{\"role\":\"assistant\","
    "\"content\":\"!\"},\"done\":false}\n"
    "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:00.3Z\",\"message\":{\"role\":\"assistant\","
    "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":4353619900,"
    "\"load_duration\":63915300,\"prompt_eval_count\":10,\"prompt_eval_duration\":246847000,"
    "\"eval_count\":17,\"eval_duration\":4032296000}\n";

// A 401 from OpenAI.
inline constexpr std::string_view kError401Json =
    "{\n    \"error\": {\n        \"message\": \"Incorrect API key provided: sk-abc. You can find your API key at "
    "https://platform.openai.com/account/api-keys.\",\n        \"type\": \"invalid_request_error\",\n"
    "        \"param\": null,\n        \"code\": \"invalid_api_key\"\n    }\n}\n";

// A 403 HTML page from a proxy in front of the API.
inline constexpr std::string_view kError403Html =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>403 Forbidden</title>\n<style>body { font-family: sans-serif; }</style>\n"
    "<script>var x = \"<b>not text</b>\";</script>\n</head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n"
    "<p>Access to this resource is denied &amp; logged.</p>\n<hr><center>nginx</center>\n</body>\n</html>\n";

}  // namespace w2t::probe::fixtures
