// libFuzzer target: the SSE / NDJSON parsers with every dialect decoder, through
// the RequestAccumulator (core/include/w2t/probe/metrics.hpp).
//
// Input: byte 0 picks the dialect (and the HTTP status: 200 or 500), bytes 1-4
// give two split positions, the rest is the response body. Property: the body
// fed whole, split at the two positions, and in 7-byte pieces gives the same
// record (all chunks arrive at the same instant, so the timings match too).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

#include "w2t/probe/metrics.hpp"

namespace {

using w2t::probe::Dialect;
using w2t::probe::RequestAccumulator;

constexpr Dialect kDialects[] = {Dialect::openai_chat, Dialect::openai_responses, Dialect::anthropic,
                                 Dialect::gemini, Dialect::ollama};

std::string dump(const RequestAccumulator& acc) {
    return w2t::probe::to_json(acc.record()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <class Feed>
std::string run(Dialect d, int status, Feed feed) {
    RequestAccumulator acc(d, 0.0);
    acc.on_headers(status, 1.0);
    feed(acc);
    acc.on_end(20.0);
    return dump(acc);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 5) return 0;
    const Dialect d = kDialects[data[0] % 5];
    const int status = (data[0] & 0x80) ? 500 : 200;
    std::string_view body(reinterpret_cast<const char*>(data) + 5, size - 5);
    std::size_t a = (std::size_t(data[1]) << 8 | data[2]) % (body.size() + 1);
    std::size_t b = (std::size_t(data[3]) << 8 | data[4]) % (body.size() + 1);
    if (a > b) std::swap(a, b);

    const std::string whole = run(d, status, [&](RequestAccumulator& acc) { acc.on_chunk(10.0, body); });
    const std::string split = run(d, status, [&](RequestAccumulator& acc) {
        acc.on_chunk(10.0, body.substr(0, a));
        acc.on_chunk(10.0, body.substr(a, b - a));
        acc.on_chunk(10.0, body.substr(b));
    });
    const std::string pieces = run(d, status, [&](RequestAccumulator& acc) {
        for (std::size_t i = 0; i < body.size(); i += 7) acc.on_chunk(10.0, body.substr(i, 7));
    });
    if (whole != split || whole != pieces) {
        std::fprintf(stderr, "split changed the record (dialect %d, splits %zu %zu)\nwhole:  %s\nsplit:  %s\npieces: %s\n",
                     int(data[0] % 5), a, b, whole.c_str(), split.c_str(), pieces.c_str());
        std::abort();
    }
    return 0;
}
