#pragma once
// The URL fragment of a share link: "view=inference&model_id=llama-3-70b&input_tokens=1000".
// Each value is JSON text when it reads as JSON (a number, true, false, null, an
// array or object, a "quoted string"), else a plain string; the encoder quotes
// a string only where it would otherwise read as something else, so links stay
// readable and every value round-trips exactly. Percent-encoding per RFC 3986
// ('+' is a plus, not a space).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/result.hpp"

namespace w2t {

using FragmentPairs = std::vector<std::pair<std::string, nlohmann::json>>;

// Longest fragment decoded (a share link is short; a huge one is refused, not parsed).
inline constexpr size_t kMaxFragmentBytes = 16 * 1024;

std::string encode_fragment(const FragmentPairs& pairs);

// A leading '#' is skipped; empty parts ("a=1&&b=2") are ignored. Errors name
// the key (or the position): bad %-escape, invalid UTF-8, empty or repeated key,
// a key without '=', too long.
Result<FragmentPairs> decode_fragment(std::string_view fragment);

}  // namespace w2t
