// Google Benchmark: the streaming-probe parsers and the full decode on ~1 MB
// bodies in 4 KB chunks (bench/probe_cases.hpp). Throughput in bytes/s.
#include <benchmark/benchmark.h>

#include "probe_cases.hpp"

namespace {

using namespace w2t::bench;

void BM_SseParseOpenAi(benchmark::State& state) {
    const std::string body = openai_chat_stream();
    std::vector<w2t::probe::SseEvent> scratch;
    for (auto _ : state) benchmark::DoNotOptimize(parse_sse(body, scratch));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

void BM_NdjsonParseOllama(benchmark::State& state) {
    const std::string body = ollama_stream();
    std::vector<std::string> scratch;
    for (auto _ : state) benchmark::DoNotOptimize(parse_ndjson(body, scratch));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

void BM_DecodeOpenAiChat(benchmark::State& state) {
    const std::string body = openai_chat_stream();
    for (auto _ : state) benchmark::DoNotOptimize(decode_stream(w2t::probe::Dialect::openai_chat, body));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

void BM_DecodeOllama(benchmark::State& state) {
    const std::string body = ollama_stream();
    for (auto _ : state) benchmark::DoNotOptimize(decode_stream(w2t::probe::Dialect::ollama, body));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

BENCHMARK(BM_SseParseOpenAi)->Name("probe_sse_parse_openai_1mb_4k")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NdjsonParseOllama)->Name("probe_ndjson_parse_ollama_1mb_4k")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DecodeOpenAiChat)->Name("probe_decode_openai_chat_1mb_4k")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DecodeOllama)->Name("probe_decode_ollama_1mb_4k")->Unit(benchmark::kMicrosecond);

}  // namespace
