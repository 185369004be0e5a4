#pragma once
// Range checks shared by every model's input validation: one message format,
// always naming the field and the allowed range.
#include <optional>
#include <string>

#include "w2t/result.hpp"

namespace w2t {

// Finite and within [lo, hi]; the message names the field, the value and the range.
std::optional<Error> check_range(const char* field, double value, double lo, double hi,
                                 const char* unit);

// Shortest text for a number as a person would type it (no trailing zeros).
std::string format_number(double value);

}  // namespace w2t
