#pragma once
// The one chart module every panel uses: axis ticks (linear and log), number
// formatting with units, and small drawing helpers (scale bar, legend swatch).
// The tick maths has no ImGui dependency, so it is tested natively.
#include <string>
#include <vector>

struct ImDrawList;

namespace w2t::web::chart {

// A "nice" step (1, 2 or 5 times a power of ten) giving at most max_ticks
// ticks over span; 0 for a non-positive or non-finite span.
double nice_step(double span, int max_ticks);

// The largest 1, 2 or 5 times a power of ten that is <= x; 0 for x <= 0.
double nice_floor(double x);

// Ticks at multiples of nice_step(hi - lo) within [lo, hi].
std::vector<double> linear_ticks(double lo, double hi, int max_ticks);

// Ticks at 1, 2, 5 x powers of ten within [lo, hi] (lo > 0), thinned to max_ticks.
std::vector<double> log_ticks(double lo, double hi, int max_ticks);

// "12.5 mm", "12.3k tok/s", "3.4M": 3 significant digits, SI suffix from 10^4 up.
std::string format_value(double value, const char* unit);

// A horizontal bar of a nice length (at most max_px wide) labelled with it.
void draw_scale_bar(ImDrawList* list, float x, float y, double px_per_unit, float max_px,
                    const char* unit);

// A filled square in a legend, followed by its label on the same line.
void legend_swatch(unsigned int colour, const char* label);

}  // namespace w2t::web::chart
