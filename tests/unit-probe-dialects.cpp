// Dialect decoders over real-shaped provider streams, and error-body extraction.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/streams/fixtures.hpp"
#include "w2t/probe/dialects.hpp"
#include "w2t/probe/sse.hpp"

using namespace w2t::probe;
namespace fx = w2t::probe::fixtures;

namespace {

// Decodes a whole body and folds the deltas the way the accumulator does.
struct Folded {
    std::string content, reasoning, finish_reason;
    Usage usage;
    ServerTimings timings;
    bool terminal = false;
    std::vector<std::string> errors;  // stream errors and decode errors
    std::size_t deltas = 0, ignored = 0, token_deltas = 0;
};

Folded fold(Dialect d, std::string_view body) {
    Folded f;
    auto add = [&](const w2t::Result<Delta>& r) {
        ++f.deltas;
        if (!r) {
            f.errors.push_back("decode: " + r.error().message);
            return;
        }
        const Delta& x = *r;
        f.content += x.content;
        f.reasoning += x.reasoning;
        if (!x.content.empty() || !x.reasoning.empty()) ++f.token_deltas;
        f.usage.merge(x.usage);
        f.timings.merge(x.timings);
        if (!x.finish_reason.empty()) f.finish_reason = x.finish_reason;
        if (x.terminal) f.terminal = true;
        if (x.error) f.errors.push_back(*x.error);
        if (x.ignored) ++f.ignored;
    };
    if (uses_ndjson(d)) {
        NdjsonParser p;
        for (const auto& l : p.feed(body)) add(decode_line(d, l));
    } else {
        SseParser p;
        for (const auto& ev : p.feed(body)) add(decode_event(d, ev));
    }
    return f;
}

}  // namespace

TEST(ProbeDialect, NamesRoundTrip) {
    for (const char* n : {"openai-chat", "openai-responses", "anthropic", "gemini", "ollama"}) {
        auto d = parse_dialect(n);
        ASSERT_TRUE(d.ok()) << n;
        EXPECT_EQ(to_string(*d), n);
    }
    auto bad = parse_dialect("openai");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "dialect");
    EXPECT_NE(bad.error().message.find("openai-chat"), std::string::npos);
    EXPECT_TRUE(uses_ndjson(Dialect::ollama));
    EXPECT_FALSE(uses_ndjson(Dialect::gemini));
}

TEST(ProbeDialect, OpenAiChatRoleOnlyChunkIsNotAToken) {
    SseEvent first{"", "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", "", {}};
    auto d = decode_event(Dialect::openai_chat, first);
    ASSERT_TRUE(d.ok());
    EXPECT_TRUE(d->content.empty());
    EXPECT_TRUE(d->reasoning.empty());
    EXPECT_TRUE(d->ignored);

    const Folded f = fold(Dialect::openai_chat, fx::kOpenAiChat);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(f.content, "Hello w\xC3\xB6rld \xE2\x82\xAC\xF0\x9F\x98\x80");
    EXPECT_EQ(f.token_deltas, 2u);
    EXPECT_TRUE(f.terminal);
    EXPECT_EQ(f.finish_reason, "stop");
    EXPECT_EQ(f.usage.prompt_tokens, 9);
    EXPECT_EQ(f.usage.completion_tokens, 4);
    EXPECT_EQ(f.usage.reasoning_tokens, 0);
}

TEST(ProbeDialect, OpenAiChatOnlyDoneTerminates) {
    auto done = decode_event(Dialect::openai_chat, SseEvent{"", "[DONE]", "", {}});
    ASSERT_TRUE(done.ok());
    EXPECT_TRUE(done->terminal);
    const Folded f = fold(Dialect::openai_chat, fx::kTruncated);
    EXPECT_FALSE(f.terminal);
    EXPECT_EQ(f.content, "Once upon");
}

TEST(ProbeDialect, OpenAiChatReasoningKeptApart) {
    const Folded f = fold(Dialect::openai_chat, fx::kReasoningThenContent);
    EXPECT_EQ(f.reasoning, "Let me think.");
    EXPECT_EQ(f.content, "42");
    EXPECT_EQ(f.usage.reasoning_tokens, 4);
    // `reasoning` (OpenRouter, Groq, Cerebras) is read too.
    auto d = decode_event(Dialect::openai_chat,
                          SseEvent{"", "{\"choices\":[{\"delta\":{\"reasoning\":\"hmm\"}}]}", "", {}});
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->reasoning, "hmm");
}

TEST(ProbeDialect, OpenAiChatUsageInEveryChunkTakesTheLastNeverTheSum) {
    const Folded f = fold(Dialect::openai_chat, fx::kUsageEveryChunk);
    EXPECT_EQ(f.content, "One two three");
    EXPECT_EQ(f.usage.completion_tokens, 3);  // the sum would be 6
    EXPECT_EQ(f.usage.prompt_tokens, 8);
}

TEST(ProbeDialect, OpenAiChatServerTimingsGroqCerebrasLlamaCpp) {
    const Folded g = fold(Dialect::openai_chat, fx::kGroq);
    EXPECT_EQ(g.usage.prompt_tokens, 40);
    EXPECT_EQ(g.usage.completion_tokens, 10);
    EXPECT_NEAR(g.timings.queue_ms.value_or(-1), 12.0, 1e-9);
    EXPECT_NEAR(g.timings.prompt_ms.value_or(-1), 2.0, 1e-9);
    EXPECT_NEAR(g.timings.decode_ms.value_or(-1), 8.0, 1e-9);
    EXPECT_NEAR(g.timings.total_ms.value_or(-1), 10.0, 1e-9);
    EXPECT_EQ(g.timings.source, "x_groq");

    const Folded c = fold(Dialect::openai_chat, fx::kCerebras);
    EXPECT_NEAR(c.timings.queue_ms.value_or(-1), 0.073161, 1e-9);
    EXPECT_NEAR(c.timings.total_ms.value_or(-1), 22.224903, 1e-9);
    EXPECT_EQ(c.timings.source, "time_info");
    EXPECT_EQ(c.usage.completion_tokens, 3);

    const Folded l = fold(Dialect::openai_chat, fx::kLlamaCpp);
    EXPECT_DOUBLE_EQ(l.timings.prompt_ms.value_or(-1), 12.5);
    EXPECT_DOUBLE_EQ(l.timings.decode_ms.value_or(-1), 30.0);
    EXPECT_DOUBLE_EQ(l.timings.decode_tok_s.value_or(-1), 66.7);
    EXPECT_EQ(l.timings.source, "timings");
}

TEST(ProbeDialect, OpenAiChatErrorObjectAfter200) {
    const Folded f = fold(Dialect::openai_chat, fx::kErrorAfter200);
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0], "The server had an error while processing your request. Sorry about that! (server_error)");
    EXPECT_FALSE(f.terminal);
    // vLLM's top-level error shape.
    auto v = decode_event(Dialect::openai_chat,
                          SseEvent{"", "{\"object\":\"error\",\"message\":\"max_tokens too large\","
                                       "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}", "", {}});
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->error.value_or(""), "max_tokens too large (BadRequestError)");
}

TEST(ProbeDialect, MalformedJsonIsAnErrorValueAndBlankDataIsIgnored) {
    auto bad = decode_event(Dialect::openai_chat, SseEvent{"", "{\"choices\":[", "", {}});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("not a JSON object"), std::string::npos);
    auto blank = decode_event(Dialect::anthropic, SseEvent{"", "", "", {}});
    ASSERT_TRUE(blank.ok());
    EXPECT_TRUE(blank->ignored);
}

TEST(ProbeDialect, OpenAiResponses) {
    const Folded f = fold(Dialect::openai_responses, fx::kOpenAiResponses);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(f.reasoning, "Weighing options");
    EXPECT_EQ(f.content, "Double bubble");  // output_text.done repeats the text: not added twice
    EXPECT_TRUE(f.terminal);
    EXPECT_EQ(f.usage.prompt_tokens, 12);
    EXPECT_EQ(f.usage.completion_tokens, 20);
    EXPECT_EQ(f.usage.reasoning_tokens, 14);

    const Folded failed = fold(Dialect::openai_responses, fx::kOpenAiResponsesFailed);
    ASSERT_EQ(failed.errors.size(), 1u);
    EXPECT_EQ(failed.errors[0], "The model failed. (server_error)");

    auto err = decode_event(Dialect::openai_responses,
                            SseEvent{"error", "{\"type\":\"error\",\"code\":\"ERR_SOMETHING\","
                                              "\"message\":\"Something went wrong\",\"param\":null}", "", {}});
    ASSERT_TRUE(err.ok());
    EXPECT_EQ(err->error.value_or(""), "Something went wrong (ERR_SOMETHING)");
}

TEST(ProbeDialect, Anthropic) {
    const Folded f = fold(Dialect::anthropic, fx::kAnthropic);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(f.reasoning, "2+2 is 4.");
    EXPECT_EQ(f.content, "It is 4.");
    EXPECT_TRUE(f.terminal);
    EXPECT_EQ(f.finish_reason, "end_turn");
    EXPECT_EQ(f.usage.prompt_tokens, 25);
    EXPECT_EQ(f.usage.completion_tokens, 15);  // message_start's placeholder 1 is not taken
    EXPECT_GE(f.ignored, 3u);                  // ping, signature_delta, content_block_stop...

    const Folded o = fold(Dialect::anthropic, fx::kAnthropicOverloaded);
    ASSERT_EQ(o.errors.size(), 1u);
    EXPECT_EQ(o.errors[0], "Overloaded (overloaded_error)");
    EXPECT_FALSE(o.terminal);
    EXPECT_EQ(o.usage.prompt_tokens, 10);
    EXPECT_FALSE(o.usage.completion_tokens.has_value());
}

TEST(ProbeDialect, AnthropicCachedPromptTokensCount) {
    auto d = decode_event(Dialect::anthropic,
                          SseEvent{"message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{"
                                                    "\"input_tokens\":5,\"cache_creation_input_tokens\":100,"
                                                    "\"cache_read_input_tokens\":1000,\"output_tokens\":1}}}", "", {}});
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->usage.prompt_tokens, 1105);
}

TEST(ProbeDialect, Gemini) {
    const Folded f = fold(Dialect::gemini, fx::kGemini);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(f.reasoning, "**Planning**\n");
    EXPECT_EQ(f.content, "The sky is blue.");
    EXPECT_TRUE(f.terminal);
    EXPECT_EQ(f.finish_reason, "STOP");
    EXPECT_EQ(f.usage.prompt_tokens, 6);
    EXPECT_EQ(f.usage.completion_tokens, 39);  // candidates 5 + thoughts 34, last report only
    EXPECT_EQ(f.usage.reasoning_tokens, 34);

    auto blocked = decode_event(Dialect::gemini,
                                SseEvent{"", "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}", "", {}});
    ASSERT_TRUE(blocked.ok());
    EXPECT_EQ(blocked->error.value_or(""), "prompt blocked: SAFETY");
    auto err = decode_event(Dialect::gemini,
                            SseEvent{"", "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
                                         "\"status\":\"UNAVAILABLE\"}}", "", {}});
    ASSERT_TRUE(err.ok());
    EXPECT_EQ(err->error.value_or(""), "The model is overloaded. (UNAVAILABLE)");
}

TEST(ProbeDialect, Ollama) {
    const Folded f = fold(Dialect::ollama, fx::kOllama);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(f.reasoning, "Hmm");
    EXPECT_EQ(f.content, "Hello!");
    EXPECT_TRUE(f.terminal);
    EXPECT_EQ(f.finish_reason, "stop");
    EXPECT_EQ(f.usage.prompt_tokens, 10);
    EXPECT_EQ(f.usage.completion_tokens, 17);
    EXPECT_NEAR(f.timings.total_ms.value_or(-1), 4353.6199, 1e-6);
    EXPECT_NEAR(f.timings.load_ms.value_or(-1), 63.9153, 1e-6);
    EXPECT_NEAR(f.timings.prompt_ms.value_or(-1), 246.847, 1e-6);
    EXPECT_NEAR(f.timings.decode_ms.value_or(-1), 4032.296, 1e-6);
    EXPECT_NEAR(f.timings.decode_tok_s.value_or(-1), 17 / 4.032296, 1e-9);

    auto err = decode_line(Dialect::ollama, "{\"error\":\"model 'nope' not found\"}");
    ASSERT_TRUE(err.ok());
    EXPECT_EQ(err->error.value_or(""), "model 'nope' not found");
}

TEST(ProbeDialect, ErrorBodies) {
    EXPECT_EQ(extract_error_message(fx::kError401Json),
              "Incorrect API key provided: sk-abc. You can find your API key at "
              "https://platform.openai.com/account/api-keys. (invalid_request_error)");
    EXPECT_EQ(extract_error_message(fx::kError403Html),
              "403 Forbidden: Access to this resource is denied & logged. nginx");
    EXPECT_EQ(extract_error_message("{\"detail\":\"Not Found\"}"), "Not Found");
    EXPECT_EQ(extract_error_message("{\"error\":\"rate limited\"}"), "rate limited");
    EXPECT_EQ(extract_error_message("[{\"error\":{\"code\":400,\"message\":\"API key not valid.\","
                                    "\"status\":\"INVALID_ARGUMENT\"}}]"),
              "API key not valid. (INVALID_ARGUMENT)");
    EXPECT_EQ(extract_error_message("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                                    "\"message\":\"invalid x-api-key\"}}"),
              "invalid x-api-key (authentication_error)");
    EXPECT_EQ(extract_error_message("  upstream connect error\n or disconnect  "),
              "upstream connect error or disconnect");
    EXPECT_EQ(extract_error_message(""), "");
    EXPECT_EQ(extract_error_message("<html><body><h1>Bad gateway</h1></body></html>"), "Bad gateway");
    // Clipped at a character boundary, never inside a UTF-8 sequence.
    const std::string long_text = std::string(9, 'a') + "\xC3\xA9" + "zzz";
    EXPECT_EQ(extract_error_message(long_text, 10), std::string(9, 'a') + "...");
}

TEST(ProbeDialect, UsageAndTimingsJson) {
    Usage u;
    u.completion_tokens = 3;
    auto j = to_json(u);
    EXPECT_TRUE(j.at("prompt_tokens").is_null());
    EXPECT_EQ(j.at("completion_tokens"), 3);
    ServerTimings t;
    t.queue_ms = 1.5;
    t.source = "x_groq";
    auto tj = to_json(t);
    EXPECT_EQ(tj.at("queue_ms"), 1.5);
    EXPECT_EQ(tj.at("source"), "x_groq");
    EXPECT_FALSE(tj.contains("prompt_ms"));
}

TEST(ProbeDialect, InvalidUtf8BecomesReplacementCharacters) {
    EXPECT_EQ(to_valid_utf8("ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "ok \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    EXPECT_EQ(to_valid_utf8("caf\xE9!"), "caf\xEF\xBF\xBD!");            // Latin-1
    EXPECT_EQ(to_valid_utf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");    // cut sequence
    EXPECT_EQ(to_valid_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");    // overlong
    EXPECT_EQ(to_valid_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
    // A Latin-1 error page still gives JSON-safe text.
    const std::string msg = extract_error_message("<html><title>Acc\xE8s refus\xE9</title></html>");
    EXPECT_NO_THROW((void)nlohmann::json(msg).dump());
    EXPECT_EQ(msg, "Acc\xEF\xBF\xBDs refus\xEF\xBF\xBD");
}
