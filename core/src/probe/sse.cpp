#include "w2t/probe/sse.hpp"

#include <cstring>
#include <utility>

namespace w2t::probe {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

// ---------------------------------------------------------------- SseParser

std::size_t SseParser::feed(std::string_view bytes, std::vector<SseEvent>& out) {
    const std::size_t before = out.size();
    if (!bom_done_) {
        // The BOM may itself be split across chunks: hold the first bytes until
        // they either complete it or stop matching it.
        bom_probe_.append(bytes);
        if (bom_probe_.size() < kBom.size() && kBom.substr(0, bom_probe_.size()) == bom_probe_)
            return 0;
        bom_done_ = true;
        std::string probe = std::move(bom_probe_);
        bom_probe_.clear();
        std::string_view rest = probe;
        if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
        process(rest, out);
    } else {
        process(bytes, out);
    }
    return out.size() - before;
}

std::vector<SseEvent> SseParser::feed(std::string_view bytes) {
    std::vector<SseEvent> out;
    feed(bytes, out);
    return out;
}

void SseParser::process(std::string_view bytes, std::vector<SseEvent>& out) {
    // Line ends are found with memchr (SIMD in glibc, word-at-a-time in WebAssembly's
    // libc): the next LF is searched once and reused, a CR only before it. A line
    // that lies wholly inside `bytes` is parsed in place; only a line split across
    // chunks is assembled in line_.
    const char* const p = bytes.data();
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    std::size_t lf = 0;  // the next LF at or after i, or n; valid while lf >= i
    bool lf_known = false;
    while (i < n) {
        if (after_cr_) {
            after_cr_ = false;
            // CR at the end of one chunk, LF at the start of the next: one line end.
            if (p[i] == '\n') {
                ++i;
                continue;
            }
        }
        if (!lf_known || lf < i) {
            const void* hit = std::memchr(p + i, '\n', n - i);
            lf = hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - p) : n;
            lf_known = true;
        }
        const void* cr = std::memchr(p + i, '\r', lf - i);
        const std::size_t end = cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - p) : lf;
        if (end == n) {
            line_.append(p + i, n - i);
            return;
        }
        after_cr_ = p[end] == '\r';
        if (line_.empty()) {
            line(std::string_view(p + i, end - i), out);
        } else {
            line_.append(p + i, end - i);
            line(line_, out);
            line_.clear();
        }
        i = end + 1;
    }
}

void SseParser::line(std::string_view l, std::vector<SseEvent>& out) {
    if (l.empty()) {  // dispatch
        if (has_data_) out.push_back(SseEvent{std::move(event_), std::move(data_), last_id_, retry_});
        data_.clear();
        has_data_ = false;
        event_.clear();
        retry_.reset();
        fields_pending_ = false;
        return;
    }
    if (l.front() == ':') {
        ++comments_;
        return;
    }
    std::string_view field = l, value;
    if (const auto colon = l.find(':'); colon != std::string_view::npos) {
        field = l.substr(0, colon);
        value = l.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    fields_pending_ = true;
    if (field == "event") {
        event_ = value;
    } else if (field == "data") {
        if (has_data_) data_ += '\n';
        data_.append(value);
        has_data_ = true;
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) last_id_ = value;
    } else if (field == "retry") {
        if (all_digits(value) && value.size() <= 15) retry_ = std::stoll(std::string(value));
    }
    // Any other field is ignored, as the spec says.
}

StreamEnd SseParser::finish() const {
    StreamEnd end;
    end.partial = bom_done_ ? line_ : bom_probe_;
    end.mid_event = !end.partial.empty() || fields_pending_;
    return end;
}

// ------------------------------------------------------------- NdjsonParser

std::size_t NdjsonParser::feed(std::string_view bytes, std::vector<std::string>& out) {
    const std::size_t before = out.size();
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::size_t end = bytes.find('\n', i);
        if (end == std::string_view::npos) {
            line_.append(bytes.substr(i));
            break;
        }
        line_.append(bytes.substr(i, end - i));
        if (!line_.empty() && line_.back() == '\r') line_.pop_back();
        if (!blank(line_)) out.push_back(line_);
        line_.clear();
        i = end + 1;
    }
    return out.size() - before;
}

std::vector<std::string> NdjsonParser::feed(std::string_view bytes) {
    std::vector<std::string> out;
    feed(bytes, out);
    return out;
}

StreamEnd NdjsonParser::finish() const {
    StreamEnd end;
    if (!blank(line_)) {
        end.mid_event = true;
        end.partial = line_;
    }
    return end;
}

}  // namespace w2t::probe
