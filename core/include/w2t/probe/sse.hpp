#pragma once
// Incremental, I/O-free parsers for streamed LLM responses: Server-Sent Events
// (WHATWG HTML "Parsing an event stream",
// https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream)
// and NDJSON (one JSON value per line, as Ollama streams).
//
// Both work on raw bytes: a chunk may end anywhere (mid-line, inside a CRLF,
// inside a UTF-8 character) and any chunking of the same bytes gives the same
// output. Bytes are passed through untouched; UTF-8 is only checked later, by
// the JSON parser.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace w2t::probe {

// One dispatched event. `event` is "" when the stream gave no `event:` field
// (EventSource would call it "message").
struct SseEvent {
    std::string event;
    std::string data;
    std::string id;                    // the last event ID so far (persists across events, per spec)
    std::optional<long long> retry;    // a valid `retry:` seen in this event
    bool operator==(const SseEvent&) const = default;
};

// How a stream ended, from the parser's point of view.
struct StreamEnd {
    bool mid_event = false;  // bytes or fields were pending: the last event never completed
    std::string partial;     // the unterminated last line, if any (raw bytes)
};

class SseParser {
public:
    // Parses bytes and appends every event they complete to `out`; returns how many.
    std::size_t feed(std::string_view bytes, std::vector<SseEvent>& out);
    std::vector<SseEvent> feed(std::string_view bytes);

    // End of stream. Per spec an incomplete event is discarded, never dispatched;
    // this says whether there was one.
    StreamEnd finish() const;

    // `:` comment lines seen so far (servers send them as keep-alives).
    std::size_t comments() const { return comments_; }

private:
    void process(std::string_view bytes, std::vector<SseEvent>& out);
    void line(std::string_view l, std::vector<SseEvent>& out);

    std::string bom_probe_;    // the first bytes, until we know whether they are a BOM
    bool bom_done_ = false;
    bool after_cr_ = false;    // the previous byte was CR: a following LF is part of the same line end
    std::string line_;         // the current, unterminated line
    std::string data_;
    bool has_data_ = false;    // a data field was seen (even an empty one)
    std::string event_;
    std::string last_id_;
    std::optional<long long> retry_;
    bool fields_pending_ = false;  // any field since the last dispatch
    std::size_t comments_ = 0;
};

// One JSON value per line; LF or CRLF; blank (whitespace-only) lines skipped.
class NdjsonParser {
public:
    // Appends every complete non-blank line (without its line end) to `out`.
    std::size_t feed(std::string_view bytes, std::vector<std::string>& out);
    std::vector<std::string> feed(std::string_view bytes);

    // A non-blank last line without a line end is reported in `partial`
    // (mid_event = true); callers may still try to parse it.
    StreamEnd finish() const;

private:
    std::string line_;
};

}  // namespace w2t::probe
