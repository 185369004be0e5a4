#include "w2t/validate.hpp"

#include <cmath>
#include <cstdio>

namespace w2t {

std::string format_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", value);
    return buf;
}

std::optional<Error> check_range(const char* field, double value, double lo, double hi,
                                 const char* unit) {
    if (std::isfinite(value) && value >= lo && value <= hi) return std::nullopt;  // the hot path formats nothing
    const std::string range = "must be between " + format_number(lo) + " and " +
                              format_number(hi) + " " + unit;
    if (!std::isfinite(value)) {
        return Error{field, "is " + format_number(value) + "; " + range};
    }
    if (value < lo || value > hi) {
        return Error{field, format_number(value) + " " + unit + " is out of range; " + range};
    }
    return std::nullopt;
}

}  // namespace w2t
