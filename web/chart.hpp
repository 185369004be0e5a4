#pragma once
// The one chart module every panel uses: axis ticks (linear and log), number
// formatting with units, and small drawing helpers (scale bar, legend, a
// horizontal stacked bar, a line/scatter plot with axes and hover, a histogram).
// The maths (ticks, ranges, pixel mapping, label thinning) has no ImGui
// dependency, so it is tested natively; the drawing takes plain data.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

struct ImDrawList;

namespace w2t::web::chart {

// [SECTION] maths

// A "nice" step (1, 2 or 5 times a power of ten) giving at most max_ticks
// ticks over span; 0 for a non-positive or non-finite span.
double nice_step(double span, int max_ticks);

// The largest 1, 2 or 5 times a power of ten that is <= x; 0 for x <= 0.
double nice_floor(double x);

// The smallest 1, 2 or 5 times a power of ten that is >= x; 0 for x <= 0.
double nice_ceil(double x);

// Ticks at multiples of nice_step(hi - lo) within [lo, hi].
std::vector<double> linear_ticks(double lo, double hi, int max_ticks);

// Ticks at 1, 2, 5 x powers of ten within [lo, hi] (lo > 0), thinned to max_ticks.
std::vector<double> log_ticks(double lo, double hi, int max_ticks);

// "12.5 mm", "12.3k tok/s", "3.4M", "1330 GB": 3 significant digits (whole
// numbers from 100 up), SI suffix from 10^4 up.
std::string format_value(double value, const char* unit);

// The exact value for tooltips: whole numbers with thousands separators from
// 100 up ("160,512 tok/s"), else 4 significant digits ("1.667 ms"); never an exponent
// between 1e-4 and 1e15.
std::string format_exact(double value, const char* unit);

struct Range {
    double lo = 0.0, hi = 1.0;
};

// A range holding every finite value (positive ones only when log), widened to
// nice bounds: 1-2-5 steps on a log axis, multiples of a nice step (from 0 when
// all values are positive) on a linear one. {1, 10} or {0, 1} when there is nothing.
Range auto_range(const std::vector<double>& values, bool log);

// Where v falls between pixels p0 (at r.lo) and p1 (at r.hi); p1 < p0 for a y axis.
float to_px(double v, const Range& r, bool log, float p0, float p1);

// The ticks of an axis over `r` whose labels (about label_px wide) fit into
// `px`: 1-2-5 on a log axis (linear ticks when the range is under a decade).
std::vector<double> axis_ticks(const Range& r, bool log, float px, float label_px);

// Which labels to draw along an axis so that none overlaps its drawn
// neighbour: labels centred at `centres` with half-widths `half_widths`,
// kept greedily from the first, at least `gap` px apart.
std::vector<bool> thin_labels(const std::vector<float>& centres, const std::vector<float>& half_widths,
                              float gap);

// Pixel spans [x0, x1) of stacked segments in proportion to `values` over
// [x, x + width]; non-positive or non-finite values get empty spans.
std::vector<std::pair<float, float>> stack_spans(const std::vector<double>& values, float x, float width);

// Counts of values in bins of one nice width (1, 2 or 5 times a power of ten),
// edges at multiples of it: bin i holds [lo + i*width, lo + (i+1)*width), the
// last bin also its upper edge. Non-finite values are left out (skipped).
struct Histogram {
    double lo = 0.0, width = 1.0;
    std::vector<int> counts;
    int skipped = 0;
    int total() const;
    double edge(size_t i) const { return lo + static_cast<double>(i) * width; }
};

// At most max_bins bins over the finite values (none when there are none).
Histogram histogram_bins(const std::vector<double>& values, int max_bins);

// [SECTION] drawing (ImGui)

// A horizontal bar of a nice length (at most max_px wide) labelled with it.
void draw_scale_bar(ImDrawList* list, float x, float y, double px_per_unit, float max_px,
                    const char* unit);

// A filled square in a legend, followed by its label on the same line.
void legend_swatch(unsigned int colour, const char* label);

struct LegendItem {
    std::string label;
    unsigned int colour = 0;
};
// Swatches and labels on as many lines as the available width needs.
void legend(const std::vector<LegendItem>& items);

struct Segment {
    std::string label;
    double value = 0.0;
    unsigned int colour = 0;
};
// A full-width horizontal stacked bar; segment names inside where they fit,
// below it a wrapped legend with every value ("weights 50.1 GB"), a hover
// tooltip with the exact value and share. Returns the hovered segment or -1.
int stacked_bar(const char* id, float height, const std::vector<Segment>& segments, const char* unit);

struct Axis {
    std::string label;  // "per-user output"
    std::string unit;   // "tok/s": shown as "per-user output (tok/s)"
    bool log = false;
    double lo = 0.0, hi = 0.0;  // lo >= hi: from the data (auto_range)
    bool whole_ticks = false;   // only ticks at whole numbers (years); line_plot's x axis
};

struct Series {
    std::string name;
    unsigned int colour = 0;
    std::vector<double> x, y;  // same length; non-finite (or <= 0 on a log axis) points are skipped
    bool line = true;          // false: markers only
    float marker_radius = 3.0f;
    // A band (the supply view's low/high ranges): when both are as long as x,
    // the area between them is filled in a translucent `colour` under the line.
    std::vector<double> y_lo, y_hi;
};

struct PlotHover {
    int series = -1, index = -1;  // the point under the mouse, if any
    bool active() const { return series >= 0; }
};

struct PlotOptions {
    bool legend = true;           // series names under the plot
    bool default_tooltip = true;  // "name / x / y" with units; off to draw your own
};

// A line/scatter plot: axes with nice ticks and labels, grid, one polyline per
// series, a legend, and the exact value of the nearest point on hover.
// `height` is the plotting frame's (the legend goes below); width: the available.
PlotHover line_plot(const char* id, float height, const Axis& x, const Axis& y,
                    const std::vector<Series>& series, const PlotOptions& options = {});

// A vertical line across a plot at x = value (a percentile, a prediction).
struct Marker {
    std::string label;
    double value = 0.0;
    unsigned int colour = 0;
};

// A histogram: bars of h's bins over a linear x axis, counts up the y axis,
// vertical markers (labelled in the legend), the bin's range and count on hover.
// Returns the hovered bin or -1.
int histogram(const char* id, float height, const Axis& x, const Histogram& h, unsigned int colour,
              const std::vector<Marker>& markers = {}, const char* y_label = "count");

// [SECTION] bands and waterfalls (the supply view)

// The points of a band polygon in pixels: the upper edge left to right, then
// the lower edge right to left; points where x, lo or hi cannot be drawn
// (non-finite, or <= 0 on a log axis) split nothing, they are left out.
struct BandPoint {
    float x, lo, hi;
};
std::vector<BandPoint> band_points(const Series& s, const Range& xr, bool x_log, const Range& yr, bool y_log,
                                   float x0, float x1, float y0, float y1);

// Fills s's band (if it has one) between pixel columns, as quads.
void fill_band(ImDrawList* list, const Series& s, const Range& xr, bool x_log, const Range& yr, bool y_log,
               float x0, float x1, float y0, float y1);

struct WaterfallStep {
    std::string label;
    double value = 0.0;       // what the step adds (a total: its level)
    bool total = false;       // drawn from 0 (a subtotal, the estimate, a price)
    unsigned int colour = 0;
    std::string text;         // shown beside the bar instead of the formatted value ("$1,350")
};
// Where each step's bar starts and ends: deltas stack from the running level,
// totals from 0 (and set the running level to their value).
std::vector<std::pair<double, double>> waterfall_spans(const std::vector<WaterfallStep>& steps);

// A horizontal waterfall: one row per step (label, floating bar, value), bars
// on one shared scale from 0; the exact value and running level on hover.
// Returns the hovered step or -1.
int waterfall(const char* id, const std::vector<WaterfallStep>& steps, const char* unit);

// [SECTION] range bars (horizontal bars between two values, one row each)
// One chart for two uses: a tornado (each bar from the result with an assumption
// at its low end to the result at its high end, a marker at the base result) and
// a comparison (each bar from 0 to a value, a marker at a baseline). Rows are
// drawn top to bottom in the given order; labels sit left of the bars, or above
// each bar when the widget is narrow (< 480 px).

struct RangeBar {
    std::string label;              // the row's name
    double lo = 0.0, hi = 0.0;      // the bar spans min(lo, hi) to max(lo, hi); non-finite: no bar
    unsigned int colour = 0;
    // Optional: a second colour for the part of the bar above `pivot` (a tornado
    // colours decreases and increases apart); NaN: one colour.
    double pivot = NAN;
    unsigned int colour_above = 0;
    std::string text;               // optional: drawn beside the bar and in the tooltip
};

struct RangeBarOptions {
    Axis axis;                      // the value axis (label, unit, log, fixed lo/hi or from the data)
    std::vector<Marker> markers;    // vertical reference lines (a base value, a baseline), in the legend
    bool include_zero = true;       // a linear axis from the data starts at 0 (false: fits the data)
    float row_height = 0.0f;        // 0: the frame height
    std::string lo_name = "low", hi_name = "high";  // the ends' names in the default tooltip
    bool default_tooltip = true;    // off: draw your own from the returned row
};

// The value range a range-bar chart uses: options.axis.lo/hi when lo < hi, else
// every finite end and marker (positive only on a log axis) widened to nice bounds;
// a linear axis starts at 0 with include_zero, otherwise it fits the data with a
// quarter step's margin, out to a nice step (of about a tenth of the span).
Range range_bar_domain(const std::vector<RangeBar>& rows, const RangeBarOptions& options);

// The pixel span [x0, x1] of a bar from lo to hi (either order) on `r` between px0
// and px1, at least min_px wide (centred on the value when a bar would be thinner),
// clipped to the axis; {NaN, NaN} when an end is non-finite or not on a log axis.
std::pair<float, float> range_bar_span(double lo, double hi, const Range& r, bool log, float px0, float px1,
                                       float min_px = 2.0f);

// The row under y for rows of height row_h starting at top, or -1.
int range_bar_row_at(float y, float top, float row_h, int rows);

// Draws the chart (full available width) and returns the hovered row or -1.
int range_bars(const char* id, const std::vector<RangeBar>& rows, const RangeBarOptions& options);

}  // namespace w2t::web::chart
