#include "chart.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "theme.hpp"

namespace w2t::web::chart {

double nice_step(double span, int max_ticks) {
    if (!(span > 0) || !std::isfinite(span) || max_ticks < 2) return 0.0;
    const double raw = span / (max_ticks - 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw * (1 - 1e-12)) return m * magnitude;
    return 10.0 * magnitude;
}

double nice_floor(double x) {
    if (!(x > 0) || !std::isfinite(x)) return 0.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(x)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * magnitude <= x * (1 + 1e-12)) return m * magnitude;
    return magnitude;
}

double nice_ceil(double x) {
    if (!(x > 0) || !std::isfinite(x)) return 0.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(x)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= x * (1 - 1e-12)) return m * magnitude;
    return 10.0 * magnitude;
}

std::vector<double> linear_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> ticks;
    const double step = nice_step(hi - lo, max_ticks);
    if (step <= 0) return ticks;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; ++k)
        ticks.push_back(std::fabs(k * step) < step * 1e-9 ? 0.0 : k * step);
    return ticks;
}

std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> all;
    if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi) || max_ticks < 1) return all;
    for (double decade = std::pow(10.0, std::floor(std::log10(lo))); decade <= hi; decade *= 10.0)
        for (double m : {1.0, 2.0, 5.0})
            if (m * decade >= lo * (1 - 1e-12) && m * decade <= hi * (1 + 1e-12)) all.push_back(m * decade);
    if (static_cast<int>(all.size()) <= max_ticks) return all;
    std::vector<double> decades;  // too many: keep the powers of ten only, then every n-th
    for (double t : all)
        if (std::fabs(std::log10(t) - std::round(std::log10(t))) < 1e-9) decades.push_back(t);
    const size_t stride = (decades.size() + max_ticks - 1) / static_cast<size_t>(max_ticks);
    std::vector<double> thinned;
    for (size_t i = 0; i < decades.size(); i += stride) thinned.push_back(decades[i]);
    return thinned;
}

std::string format_value(double value, const char* unit) {
    char buf[96];
    const double a = std::fabs(value);
    const char* suffix = "";
    double shown = value;
    if (a >= 1e12) { shown = value / 1e12; suffix = "T"; }
    else if (a >= 1e9) { shown = value / 1e9; suffix = "G"; }
    else if (a >= 1e6) { shown = value / 1e6; suffix = "M"; }
    else if (a >= 1e4) { shown = value / 1e3; suffix = "k"; }
    // 3 significant digits, but whole numbers from 100 up ("1330", not "1.33e+03").
    const bool whole = std::fabs(shown) >= 100.0;
    if (unit && *unit) std::snprintf(buf, sizeof buf, whole ? "%.0f%s %s" : "%.3g%s %s", shown, suffix, unit);
    else std::snprintf(buf, sizeof buf, whole ? "%.0f%s" : "%.3g%s", shown, suffix);
    return buf;
}

std::string format_exact(double value, const char* unit) {
    char buf[96];
    const double a = std::fabs(value);
    if (a >= 100.0 && a < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", a);
        std::string digits = buf, grouped;
        for (size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
            grouped += digits[i];
        }
        std::string out = (value < 0 ? "-" : "") + grouped;
        return unit && *unit ? out + " " + unit : out;
    }
    std::snprintf(buf, sizeof buf, "%.4g", value);
    return unit && *unit ? std::string(buf) + " " + unit : std::string(buf);
}

Range auto_range(const std::vector<double>& values, bool log) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) {
        if (!std::isfinite(v) || (log && !(v > 0))) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!(lo <= hi)) return log ? Range{1.0, 10.0} : Range{0.0, 1.0};
    if (log) {
        Range r{nice_floor(lo), nice_ceil(hi)};
        if (!(r.hi > r.lo)) r = {nice_floor(lo / 1.5), nice_ceil(hi * 1.5)};
        return r;
    }
    if (lo > 0) lo = 0.0;
    if (!(hi > lo)) hi = lo + (lo != 0 ? std::fabs(lo) : 1.0);
    const double step = nice_step(hi - lo, 6);
    return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

float to_px(double v, const Range& r, bool log, float p0, float p1) {
    double t;
    if (log) {
        if (!(v > 0) || !(r.lo > 0) || !(r.hi > r.lo)) return NAN;
        t = (std::log10(v) - std::log10(r.lo)) / (std::log10(r.hi) - std::log10(r.lo));
    } else {
        if (!(r.hi > r.lo)) return NAN;
        t = (v - r.lo) / (r.hi - r.lo);
    }
    return static_cast<float>(p0 + t * (p1 - p0));
}

std::vector<double> axis_ticks(const Range& r, bool log, float px, float label_px) {
    const int max_ticks = std::max(2, static_cast<int>(px / std::max(1.0f, label_px * 1.6f)));
    std::vector<double> ticks = log ? log_ticks(r.lo, r.hi, max_ticks) : linear_ticks(r.lo, r.hi, max_ticks);
    if (log && ticks.size() < 2) ticks = linear_ticks(r.lo, r.hi, max_ticks);
    if (ticks.size() < 2 && r.hi > r.lo) {  // under a tick step: label the ends
        ticks = {r.lo, r.hi};
    }
    return ticks;
}

std::vector<bool> thin_labels(const std::vector<float>& centres, const std::vector<float>& half_widths,
                              float gap) {
    std::vector<bool> keep(centres.size(), false);
    float right = -FLT_MAX;
    for (size_t i = 0; i < centres.size() && i < half_widths.size(); ++i) {
        if (centres[i] - half_widths[i] < right + gap) continue;
        keep[i] = true;
        right = centres[i] + half_widths[i];
    }
    return keep;
}

std::vector<std::pair<float, float>> stack_spans(const std::vector<double>& values, float x, float width) {
    double total = 0.0;
    for (double v : values)
        if (std::isfinite(v) && v > 0) total += v;
    std::vector<std::pair<float, float>> spans;
    double at = 0.0;
    for (double v : values) {
        const double share = total > 0 && std::isfinite(v) && v > 0 ? v / total : 0.0;
        const float x0 = x + static_cast<float>(at * width);
        at += share;
        spans.push_back({x0, x + static_cast<float>(at * width)});
    }
    return spans;
}

int Histogram::total() const {
    int n = 0;
    for (int c : counts) n += c;
    return n;
}

Histogram histogram_bins(const std::vector<double>& values, int max_bins) {
    Histogram h;
    max_bins = std::max(1, max_bins);
    double lo = INFINITY, hi = -INFINITY;
    std::vector<double> v;
    for (double x : values) {
        if (!std::isfinite(x)) {
            ++h.skipped;
            continue;
        }
        v.push_back(x);
        lo = std::min(lo, x);
        hi = std::max(hi, x);
    }
    if (v.empty()) return h;
    double span = hi - lo;
    if (span <= 1e-9 * std::max({std::fabs(lo), std::fabs(hi), 1.0})) span = 0.0;  // equal but for rounding
    // One value (or all equal): a bin about 1 % of it wide, at least a nice tiny one.
    double width = span > 0 ? nice_ceil(span / max_bins) : nice_ceil(std::max(std::fabs(lo) * 0.01, 1e-6));
    auto bins_for = [&](double w, double* start) {
        *start = std::floor(lo / w + 1e-9) * w;
        return static_cast<int>(std::floor((hi - *start) / w + 1e-9)) + 1;
    };
    double start = 0.0;
    int n = bins_for(width, &start);
    while (n > max_bins) {  // the floor of lo pushed the last value into one bin too many
        width = nice_ceil(width * 1.0001);
        n = bins_for(width, &start);
    }
    h.lo = start;
    h.width = width;
    h.counts.assign(static_cast<size_t>(n), 0);
    for (double x : v) {
        const int i = std::clamp(static_cast<int>(std::floor((x - start) / width + 1e-9)), 0, n - 1);
        ++h.counts[static_cast<size_t>(i)];
    }
    return h;
}

// [SECTION] drawing
void draw_scale_bar(ImDrawList* list, float x, float y, double px_per_unit, float max_px,
                    const char* unit) {
    if (!(px_per_unit > 0)) return;
    const double length = nice_floor(max_px / px_per_unit);
    if (!(length > 0)) return;
    const float w = static_cast<float>(length * px_per_unit);
    const ImU32 colour = theme().strong;
    list->AddLine(ImVec2(x, y), ImVec2(x + w, y), colour, 2.0f);
    list->AddLine(ImVec2(x, y - 4), ImVec2(x, y + 4), colour, 2.0f);
    list->AddLine(ImVec2(x + w, y - 4), ImVec2(x + w, y + 4), colour, 2.0f);
    const std::string label = format_value(length, unit);
    list->AddText(ImVec2(x + w + 6.0f, y - ImGui::GetTextLineHeight() * 0.5f), colour, label.c_str());
}

void legend_swatch(unsigned int colour, const char* label) {
    ImDrawList* list = ImGui::GetWindowDrawList();
    const ImVec2 c = ImGui::GetCursorScreenPos();
    const float s = ImGui::GetTextLineHeight();
    list->AddRectFilled(c, ImVec2(c.x + s, c.y + s), colour, 2.0f);
    ImGui::Dummy(ImVec2(s, s));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
    ImGui::SameLine(0.0f, 18.0f);
}

void legend(const std::vector<LegendItem>& items) {
    const float s = ImGui::GetTextLineHeight();
    const float gap = 16.0f, inner = 5.0f;
    const float avail = ImGui::GetContentRegionAvail().x;
    float used = 0.0f;
    for (size_t i = 0; i < items.size(); ++i) {
        const float w = s + inner + ImGui::CalcTextSize(items[i].label.c_str()).x;
        if (i > 0 && used + gap + w <= avail) {
            ImGui::SameLine(0.0f, gap);
            used += gap + w;
        } else {
            used = w;
        }
        const ImVec2 c = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(c.x, c.y + 1), ImVec2(c.x + s - 2, c.y + s - 1),
                                                  items[i].colour, 2.0f);
        ImGui::Dummy(ImVec2(s, s));
        ImGui::SameLine(0.0f, inner);
        ImGui::TextUnformatted(items[i].label.c_str());
    }
}

namespace {

// Dark text on light fills, light text on dark ones (colour in IM_COL32 layout).
ImU32 text_on(unsigned int colour) {
    const float r = (colour & 0xFF) / 255.0f, g = ((colour >> 8) & 0xFF) / 255.0f,
                b = ((colour >> 16) & 0xFF) / 255.0f;
    return 0.299f * r + 0.587f * g + 0.114f * b > 0.55f ? IM_COL32(18, 20, 24, 255) : IM_COL32(240, 242, 245, 255);
}

std::string axis_title(const Axis& a) {
    return a.unit.empty() ? a.label : a.label + " (" + a.unit + ")";
}

}  // namespace

int stacked_bar(const char* id, float height, const std::vector<Segment>& segments, const char* unit) {
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    height = std::max(1.0f, height);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();
    list->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    std::vector<double> values;
    double total = 0.0;
    for (const Segment& s : segments) {
        values.push_back(s.value);
        if (std::isfinite(s.value) && s.value > 0) total += s.value;
    }
    const auto spans = stack_spans(values, p0.x, width);
    int hit = -1;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t i = 0; i < segments.size(); ++i) {
        const auto [x0, x1] = spans[i];
        if (x1 <= x0) continue;
        list->AddRectFilled(ImVec2(x0, p0.y), ImVec2(x1, p0.y + height), segments[i].colour);
        if (i > 0) list->AddLine(ImVec2(x0, p0.y), ImVec2(x0, p0.y + height), ImGui::ColorConvertFloat4ToU32(theme().background), 1.0f);
        const ImVec2 ts = ImGui::CalcTextSize(segments[i].label.c_str());
        if (ts.x + 8.0f <= x1 - x0 && ts.y <= height)
            list->AddText(ImVec2(x0 + 4.0f, p0.y + (height - ts.y) * 0.5f), text_on(segments[i].colour),
                          segments[i].label.c_str());
        if (hovered && mouse.x >= x0 && mouse.x < x1) hit = static_cast<int>(i);
    }
    if (hit >= 0) {
        const Segment& s = segments[hit];
        const auto [x0, x1] = spans[hit];
        list->AddRect(ImVec2(x0, p0.y), ImVec2(x1, p0.y + height), theme().highlight, 0.0f, 0, 2.0f);
        ImGui::SetTooltip("%s: %s (%.1f %%)", s.label.c_str(), format_exact(s.value, unit).c_str(),
                          total > 0 ? 100.0 * s.value / total : 0.0);
    }
    std::vector<LegendItem> items;
    for (const Segment& s : segments) items.push_back({s.label + " " + format_value(s.value, unit), s.colour});
    legend(items);
    return hit;
}

PlotHover line_plot(const char* id, float height, const Axis& x_axis, const Axis& y_axis,
                    const std::vector<Series>& series, const PlotOptions& options) {
    PlotHover hover;
    const float line = ImGui::GetTextLineHeight();
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    height = std::max(4.0f * line, height);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();

    // Ranges: given, or from the data.
    std::vector<double> xs, ys;
    for (const Series& s : series) {
        xs.insert(xs.end(), s.x.begin(), s.x.end());
        ys.insert(ys.end(), s.y.begin(), s.y.end());
        ys.insert(ys.end(), s.y_lo.begin(), s.y_lo.end());  // bands widen the range
        ys.insert(ys.end(), s.y_hi.begin(), s.y_hi.end());
    }
    const Range xr = x_axis.lo < x_axis.hi ? Range{x_axis.lo, x_axis.hi} : auto_range(xs, x_axis.log);
    const Range yr = y_axis.lo < y_axis.hi ? Range{y_axis.lo, y_axis.hi} : auto_range(ys, y_axis.log);

    // Margins: the y title above, y tick labels left, x tick labels and title below.
    const float top = line + 6.0f;
    const float bottom = 2.0f * line + 10.0f;
    const float plot_h = std::max(line, height - top - bottom);
    const std::vector<double> y_ticks = axis_ticks(yr, y_axis.log, plot_h, line);
    std::vector<std::string> y_labels;
    float y_label_w = 0.0f;
    for (double t : y_ticks) {
        y_labels.push_back(format_value(t, ""));
        y_label_w = std::max(y_label_w, ImGui::CalcTextSize(y_labels.back().c_str()).x);
    }
    const float left = y_label_w + 8.0f;
    const float right = 12.0f;
    const ImVec2 a(p0.x + left, p0.y + top);                            // plot frame, top-left
    const ImVec2 b(p0.x + std::max(left + 1.0f, width - right), a.y + plot_h);  // bottom-right
    const float plot_w = b.x - a.x;
    std::vector<double> x_ticks = axis_ticks(xr, x_axis.log, plot_w, ImGui::CalcTextSize("000k").x);
    if (x_axis.whole_ticks) std::erase_if(x_ticks, [](double t) { return t != std::floor(t); });

    const ImU32 grid = theme().grid, axis_col = theme().axis,
                text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    list->AddRectFilled(a, b, theme().plot_bg);
    // Log axes: faint unlabelled lines at every 1-2-5 step between the labelled ticks.
    const ImU32 minor = theme().minor_grid;
    if (x_axis.log)
        for (double t : log_ticks(xr.lo, xr.hi, 1000)) {
            const float x = to_px(t, xr, true, a.x, b.x);
            if (std::isfinite(x)) list->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), minor);
        }
    if (y_axis.log)
        for (double t : log_ticks(yr.lo, yr.hi, 1000)) {
            const float y = to_px(t, yr, true, b.y, a.y);
            if (std::isfinite(y)) list->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), minor);
        }

    // y: grid lines and labels (right-aligned, centred on the line; thinned bottom-up).
    {
        std::vector<float> centres, halves;
        for (double t : y_ticks) {
            centres.push_back(-to_px(t, yr, y_axis.log, b.y, a.y));  // increasing order for thin_labels
            halves.push_back(line * 0.5f);
        }
        const auto keep = thin_labels(centres, halves, 2.0f);
        for (size_t i = 0; i < y_ticks.size(); ++i) {
            const float y = -centres[i];
            if (!std::isfinite(y)) continue;
            list->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
            if (!keep[i]) continue;
            const float w = ImGui::CalcTextSize(y_labels[i].c_str()).x;
            list->AddText(ImVec2(a.x - 6.0f - w, std::clamp(y - line * 0.5f, p0.y + top - line * 0.5f, b.y - line * 0.5f)),
                          muted, y_labels[i].c_str());
        }
    }
    // x: grid lines and labels (centred under the tick, kept inside the widget).
    {
        std::vector<float> centres, halves;
        std::vector<std::string> labels;
        for (double t : x_ticks) {
            labels.push_back(format_value(t, ""));
            const float w = ImGui::CalcTextSize(labels.back().c_str()).x;
            float c = to_px(t, xr, x_axis.log, a.x, b.x);
            c = std::clamp(c, p0.x + w * 0.5f, p0.x + width - w * 0.5f);
            centres.push_back(c);
            halves.push_back(w * 0.5f);
        }
        const auto keep = thin_labels(centres, halves, 8.0f);
        for (size_t i = 0; i < x_ticks.size(); ++i) {
            const float x = to_px(x_ticks[i], xr, x_axis.log, a.x, b.x);
            if (!std::isfinite(x)) continue;
            list->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), grid);
            list->AddLine(ImVec2(x, b.y), ImVec2(x, b.y + 4.0f), axis_col);
            if (keep[i]) list->AddText(ImVec2(centres[i] - halves[i], b.y + 5.0f), muted, labels[i].c_str());
        }
    }
    list->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis_col);
    list->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), axis_col);
    // Titles with units: x centred below, y above the frame's left edge.
    const std::string xt = axis_title(x_axis) + (x_axis.log ? ", log" : "");
    const std::string yt = axis_title(y_axis) + (y_axis.log ? ", log" : "");
    const float xtw = ImGui::CalcTextSize(xt.c_str()).x;
    list->AddText(ImVec2(std::max(p0.x, a.x + (plot_w - xtw) * 0.5f), b.y + 7.0f + line), text, xt.c_str());
    list->AddText(ImVec2(p0.x, p0.y), text, yt.c_str());

    // Series, clipped to the frame.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    float best = 14.0f * 14.0f;
    ImVec2 best_px;
    list->PushClipRect(ImVec2(a.x - 6.0f, a.y - 6.0f), ImVec2(b.x + 6.0f, b.y + 6.0f), true);
    std::vector<ImVec2> pts;
    for (size_t si = 0; si < series.size(); ++si) {
        const Series& s = series[si];
        fill_band(list, s, xr, x_axis.log, yr, y_axis.log, a.x, b.x, b.y, a.y);
        pts.clear();
        std::vector<int> index;
        for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            const float px = to_px(s.x[i], xr, x_axis.log, a.x, b.x);
            const float py = to_px(s.y[i], yr, y_axis.log, b.y, a.y);
            if (!std::isfinite(px) || !std::isfinite(py)) continue;
            pts.push_back(ImVec2(px, py));
            index.push_back(static_cast<int>(i));
        }
        if (s.line && pts.size() >= 2)
            list->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.colour, 0, 2.0f);
        for (size_t k = 0; k < pts.size(); ++k) {
            if (s.marker_radius > 0) list->AddCircleFilled(pts[k], s.marker_radius, s.colour);
            if (!hovered) continue;
            const float dx = pts[k].x - mouse.x, dy = pts[k].y - mouse.y;
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                hover = {static_cast<int>(si), index[k]};
                best_px = pts[k];
            }
        }
    }
    if (hover.active()) list->AddCircle(best_px, 7.0f, theme().highlight, 16, 2.0f);
    list->PopClipRect();

    if (hover.active() && options.default_tooltip) {
        const Series& s = series[hover.series];
        ImGui::SetTooltip("%s\n%s: %s\n%s: %s", s.name.c_str(), x_axis.label.c_str(),
                          format_exact(s.x[hover.index], x_axis.unit.c_str()).c_str(), y_axis.label.c_str(),
                          format_exact(s.y[hover.index], y_axis.unit.c_str()).c_str());
    }
    if (options.legend) {
        std::vector<LegendItem> items;
        for (const Series& s : series)
            if (!s.name.empty()) items.push_back({s.name, s.colour});
        legend(items);
    }
    return hover;
}

int histogram(const char* id, float height, const Axis& x_axis, const Histogram& h, unsigned int colour,
              const std::vector<Marker>& markers, const char* y_label) {
    const float line = ImGui::GetTextLineHeight();
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    height = std::max(4.0f * line, height);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();

    // x: the bins' span and every marker; y: counts from 0, whole numbers.
    const size_t n = h.counts.size();
    std::vector<double> xs;
    if (n > 0) xs = {h.edge(0), h.edge(n)};
    for (const Marker& m : markers) xs.push_back(m.value);
    Range xr = x_axis.lo < x_axis.hi ? Range{x_axis.lo, x_axis.hi} : auto_range(xs, false);
    if (n > 0 && x_axis.lo >= x_axis.hi) {  // start at the data, not at 0, when 0 is far away
        double lo = h.edge(0);
        for (const Marker& m : markers)
            if (std::isfinite(m.value)) lo = std::min(lo, m.value);
        const double step = nice_step(xr.hi - lo, 6);
        if (step > 0 && lo - xr.lo > 2 * step) xr.lo = std::floor(lo / step) * step;
    }
    int max_count = 1;
    for (int c : h.counts) max_count = std::max(max_count, c);
    Range yr = auto_range({0.0, static_cast<double>(max_count)}, false);
    yr.hi = std::max(yr.hi, 1.0);

    const float top = line + 6.0f;
    const float bottom = 2.0f * line + 10.0f;
    const float plot_h = std::max(line, height - top - bottom);
    std::vector<double> y_ticks;
    for (double t : axis_ticks(yr, false, plot_h, line))
        if (std::fabs(t - std::round(t)) < 1e-9) y_ticks.push_back(t);
    float y_label_w = ImGui::CalcTextSize("0").x;
    for (double t : y_ticks) y_label_w = std::max(y_label_w, ImGui::CalcTextSize(format_value(t, "").c_str()).x);
    const ImVec2 a(p0.x + y_label_w + 8.0f, p0.y + top);
    const ImVec2 b(p0.x + std::max(y_label_w + 9.0f, width - 12.0f), a.y + plot_h);
    const float plot_w = b.x - a.x;
    const ImU32 grid = theme().grid, axis_col = theme().axis,
                text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    list->AddRectFilled(a, b, theme().plot_bg);
    for (double t : y_ticks) {
        const float y = to_px(t, yr, false, b.y, a.y);
        list->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), grid);
        const std::string label = format_value(t, "");
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        list->AddText(ImVec2(a.x - 6.0f - w, y - line * 0.5f), muted, label.c_str());
    }
    {
        const std::vector<double> x_ticks = axis_ticks(xr, false, plot_w, ImGui::CalcTextSize("0000").x);
        std::vector<float> centres, halves;
        std::vector<std::string> labels;
        for (double t : x_ticks) {
            labels.push_back(format_value(t, ""));
            const float w = ImGui::CalcTextSize(labels.back().c_str()).x;
            centres.push_back(std::clamp(to_px(t, xr, false, a.x, b.x), p0.x + w * 0.5f, p0.x + width - w * 0.5f));
            halves.push_back(w * 0.5f);
        }
        const auto keep = thin_labels(centres, halves, 8.0f);
        for (size_t i = 0; i < x_ticks.size(); ++i) {
            const float x = to_px(x_ticks[i], xr, false, a.x, b.x);
            list->AddLine(ImVec2(x, b.y), ImVec2(x, b.y + 4.0f), axis_col);
            if (keep[i]) list->AddText(ImVec2(centres[i] - halves[i], b.y + 5.0f), muted, labels[i].c_str());
        }
    }
    list->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis_col);
    list->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), axis_col);
    const std::string xt = axis_title(x_axis);
    const float xtw = ImGui::CalcTextSize(xt.c_str()).x;
    list->AddText(ImVec2(std::max(p0.x, a.x + (plot_w - xtw) * 0.5f), b.y + 7.0f + line), text, xt.c_str());
    list->AddText(ImVec2(p0.x, p0.y), text, y_label);

    // Bars (at least 2 px wide so a narrow bin stays visible), then markers.
    int hit = -1;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    list->PushClipRect(a, ImVec2(b.x + 1.0f, b.y), true);
    for (size_t i = 0; i < n; ++i) {
        float x0 = to_px(h.edge(i), xr, false, a.x, b.x), x1 = to_px(h.edge(i + 1), xr, false, a.x, b.x);
        if (x1 - x0 < 2.0f) x1 = x0 + 2.0f;
        const float gap = x1 - x0 > 6.0f ? 1.0f : 0.0f;
        if (hovered && mouse.x >= x0 && mouse.x < x1) hit = static_cast<int>(i);
        if (h.counts[i] <= 0) continue;
        const float y = to_px(h.counts[i], yr, false, b.y, a.y);
        list->AddRectFilled(ImVec2(x0 + gap, y), ImVec2(x1 - gap, b.y), colour);
        if (hit == static_cast<int>(i))
            list->AddRect(ImVec2(x0 + gap, y), ImVec2(x1 - gap, b.y), theme().highlight, 0.0f, 0, 2.0f);
    }
    for (const Marker& m : markers) {
        const float x = to_px(m.value, xr, false, a.x, b.x);
        if (!std::isfinite(x)) continue;
        for (float y = a.y; y < b.y; y += 8.0f)  // dashed
            list->AddLine(ImVec2(x, y), ImVec2(x, std::min(b.y, y + 4.0f)), m.colour, 2.0f);
    }
    list->PopClipRect();
    if (hit >= 0) {
        const std::string u = x_axis.unit;
        ImGui::SetTooltip("%s to %s: %d of %d", format_exact(h.edge(hit), u.c_str()).c_str(),
                          format_exact(h.edge(hit + 1), u.c_str()).c_str(), h.counts[hit], h.total());
    }
    if (!markers.empty()) {
        std::vector<LegendItem> items;
        for (const Marker& m : markers)
            items.push_back({m.label + " " + format_value(m.value, x_axis.unit.c_str()), m.colour});
        legend(items);
    }
    return hit;
}

// [SECTION] bands and waterfalls (the supply view)
std::vector<BandPoint> band_points(const Series& s, const Range& xr, bool x_log, const Range& yr, bool y_log,
                                   float x0, float x1, float y0, float y1) {
    std::vector<BandPoint> out;
    if (s.y_lo.size() != s.x.size() || s.y_hi.size() != s.x.size()) return out;
    for (size_t i = 0; i < s.x.size(); ++i) {
        const float x = to_px(s.x[i], xr, x_log, x0, x1);
        const float lo = to_px(s.y_lo[i], yr, y_log, y0, y1);
        const float hi = to_px(s.y_hi[i], yr, y_log, y0, y1);
        if (std::isfinite(x) && std::isfinite(lo) && std::isfinite(hi)) out.push_back({x, lo, hi});
    }
    return out;
}

void fill_band(ImDrawList* list, const Series& s, const Range& xr, bool x_log, const Range& yr, bool y_log,
               float x0, float x1, float y0, float y1) {
    const std::vector<BandPoint> pts = band_points(s, xr, x_log, yr, y_log, x0, x1, y0, y1);
    const ImU32 fill = (s.colour & 0x00FFFFFFu) | (56u << 24);
    const ImU32 edge = (s.colour & 0x00FFFFFFu) | (110u << 24);
    // Quads between neighbours (each convex), so a band that crosses itself still fills.
    for (size_t i = 1; i < pts.size(); ++i) {
        const BandPoint& p = pts[i - 1];
        const BandPoint& q = pts[i];
        list->AddQuadFilled(ImVec2(p.x, p.hi), ImVec2(q.x, q.hi), ImVec2(q.x, q.lo), ImVec2(p.x, p.lo), fill);
        list->AddLine(ImVec2(p.x, p.hi), ImVec2(q.x, q.hi), edge, 1.0f);
        list->AddLine(ImVec2(p.x, p.lo), ImVec2(q.x, q.lo), edge, 1.0f);
    }
    if (pts.size() == 1)  // one point: a vertical whisker
        list->AddLine(ImVec2(pts[0].x, pts[0].hi), ImVec2(pts[0].x, pts[0].lo), edge, 3.0f);
}

std::vector<std::pair<double, double>> waterfall_spans(const std::vector<WaterfallStep>& steps) {
    std::vector<std::pair<double, double>> spans;
    double level = 0.0;
    for (const WaterfallStep& s : steps) {
        if (s.total) {
            spans.emplace_back(0.0, s.value);
            level = s.value;
        } else {
            spans.emplace_back(level, level + s.value);
            level += s.value;
        }
    }
    return spans;
}

int waterfall(const char* id, const std::vector<WaterfallStep>& steps, const char* unit) {
    const auto spans = waterfall_spans(steps);
    double hi = 0.0;
    for (const auto& sp : spans) hi = std::max({hi, sp.first, sp.second});
    const Range r{0.0, hi > 0 ? hi * 1.02 : 1.0};
    const float row = ImGui::GetFrameHeight();
    const float gap = 3.0f;
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    float label_w = 0.0f, value_w = 0.0f;
    std::vector<std::string> values;
    for (size_t i = 0; i < steps.size(); ++i) {
        label_w = std::max(label_w, ImGui::CalcTextSize(steps[i].label.c_str()).x);
        values.push_back(!steps[i].text.empty() ? steps[i].text
                         : (steps[i].total || steps[i].value < 0 ? "" : "+") + format_value(steps[i].value, unit));
        value_w = std::max(value_w, ImGui::CalcTextSize(values.back().c_str()).x);
    }
    label_w = std::min(label_w, width * 0.42f) + 8.0f;
    const float height = static_cast<float>(steps.size()) * (row + gap);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, std::max(1.0f, height)));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();
    const float bx0 = p0.x + label_w, bx1 = std::max(bx0 + 8.0f, p0.x + width - value_w - 8.0f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float line = ImGui::GetTextLineHeight();
    int hovered_step = -1;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t i = 0; i < steps.size(); ++i) {
        const float y = p0.y + static_cast<float>(i) * (row + gap);
        const float xa = to_px(std::min(spans[i].first, spans[i].second), r, false, bx0, bx1);
        const float xb = to_px(std::max(spans[i].first, spans[i].second), r, false, bx0, bx1);
        list->PushClipRect(ImVec2(p0.x, y), ImVec2(p0.x + label_w - 4.0f, y + row), true);
        list->AddText(ImVec2(p0.x, y + (row - line) * 0.5f), steps[i].total ? text : muted, steps[i].label.c_str());
        list->PopClipRect();
        list->AddRectFilled(ImVec2(xa, y + 2.0f), ImVec2(std::max(xa + 1.0f, xb), y + row - 2.0f), steps[i].colour,
                            2.0f);
        if (i + 1 < steps.size() && !steps[i + 1].total) {  // a thin connector to the next step's start
            const float xc = to_px(spans[i].second, r, false, bx0, bx1);
            list->AddLine(ImVec2(xc, y + row - 2.0f), ImVec2(xc, y + row + gap + 2.0f), IM_COL32(255, 255, 255, 60));
        }
        list->AddText(ImVec2(std::max(xa, xb) + 6.0f, y + (row - line) * 0.5f), text, values[i].c_str());
        if (hovered && mouse.y >= y && mouse.y < y + row + gap) hovered_step = static_cast<int>(i);
    }
    if (hovered_step >= 0) {
        const WaterfallStep& s = steps[hovered_step];
        const double level = spans[hovered_step].second;
        if (s.total)
            ImGui::SetTooltip("%s\n%s", s.label.c_str(), format_exact(s.value, unit).c_str());
        else
            ImGui::SetTooltip("%s\nadds %s\nrunning total %s", s.label.c_str(), format_exact(s.value, unit).c_str(),
                              format_exact(level, unit).c_str());
    }
    return hovered_step;
}

// [SECTION] range bars
Range range_bar_domain(const std::vector<RangeBar>& rows, const RangeBarOptions& o) {
    if (o.axis.lo < o.axis.hi) return {o.axis.lo, o.axis.hi};
    std::vector<double> values;
    for (const RangeBar& b : rows) values.insert(values.end(), {b.lo, b.hi});
    for (const Marker& m : o.markers) values.push_back(m.value);
    if (o.axis.log || o.include_zero) return auto_range(values, o.axis.log);
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!(lo <= hi)) return {0.0, 1.0};
    if (!(hi > lo)) {  // one value: a step either side
        const double pad = lo != 0 ? std::fabs(lo) * 0.1 : 1.0;
        lo -= pad, hi += pad;
    }
    const double step = nice_step(hi - lo, 10);  // a fine step: the bounds stay close to the data
    // A margin so no bar ends exactly on the frame, then out to the step.
    return {std::floor((lo - step * 0.25) / step) * step, std::ceil((hi + step * 0.25) / step) * step};
}

std::pair<float, float> range_bar_span(double lo, double hi, const Range& r, bool log, float px0, float px1,
                                       float min_px) {
    float a = to_px(lo, r, log, px0, px1), b = to_px(hi, r, log, px0, px1);
    if (!std::isfinite(a) || !std::isfinite(b)) return {NAN, NAN};
    if (a > b) std::swap(a, b);
    const float left = std::min(px0, px1), right = std::max(px0, px1);
    a = std::clamp(a, left, right), b = std::clamp(b, left, right);
    if (b - a < min_px) {
        const float c = std::clamp((a + b) * 0.5f, left + min_px * 0.5f, right - min_px * 0.5f);
        a = c - min_px * 0.5f, b = c + min_px * 0.5f;
    }
    return {a, b};
}

int range_bar_row_at(float y, float top, float row_h, int rows) {
    if (!(row_h > 0) || y < top) return -1;
    const int i = static_cast<int>((y - top) / row_h);
    return i < rows ? i : -1;
}

int range_bars(const char* id, const std::vector<RangeBar>& rows, const RangeBarOptions& o) {
    const float line = ImGui::GetTextLineHeight();
    const float width = std::max(1.0f, ImGui::GetContentRegionAvail().x);
    const bool stacked = width < 480.0f;  // labels above the bars
    const float bar_h = o.row_height > 0 ? o.row_height : ImGui::GetFrameHeight();
    const float row_h = stacked ? bar_h + line + 2.0f : bar_h + 4.0f;
    const int n = static_cast<int>(rows.size());
    float label_w = 0.0f;
    if (!stacked)
        for (const RangeBar& b : rows) label_w = std::max(label_w, ImGui::CalcTextSize(b.label.c_str()).x);
    label_w = stacked ? 0.0f : std::min(label_w + 10.0f, width * 0.38f);
    const float bottom = 2.0f * line + 10.0f;
    const float height = n * row_h + 4.0f + bottom;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, std::max(1.0f, height)));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* list = ImGui::GetWindowDrawList();

    const Range r = range_bar_domain(rows, o);
    const ImVec2 a(p0.x + label_w, p0.y + 2.0f);
    const ImVec2 b(p0.x + std::max(label_w + 1.0f, width - 12.0f), a.y + n * row_h);
    const float plot_w = b.x - a.x;
    const ImU32 grid = theme().grid, axis_col = theme().axis,
                text = ImGui::GetColorU32(ImGuiCol_Text), muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    list->AddRectFilled(a, b, theme().plot_bg);

    // Value axis: grid, ticks, labels (thinned), title with unit.
    {
        const std::vector<double> ticks = axis_ticks(r, o.axis.log, plot_w, ImGui::CalcTextSize("0.000").x);
        std::vector<float> centres, halves;
        std::vector<std::string> labels;
        for (double t : ticks) {
            labels.push_back(format_value(t, ""));
            const float w = ImGui::CalcTextSize(labels.back().c_str()).x;
            centres.push_back(std::clamp(to_px(t, r, o.axis.log, a.x, b.x), p0.x + w * 0.5f, p0.x + width - w * 0.5f));
            halves.push_back(w * 0.5f);
        }
        const auto keep = thin_labels(centres, halves, 8.0f);
        for (size_t i = 0; i < ticks.size(); ++i) {
            const float x = to_px(ticks[i], r, o.axis.log, a.x, b.x);
            if (!std::isfinite(x)) continue;
            list->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), grid);
            list->AddLine(ImVec2(x, b.y), ImVec2(x, b.y + 4.0f), axis_col);
            if (keep[i]) list->AddText(ImVec2(centres[i] - halves[i], b.y + 5.0f), muted, labels[i].c_str());
        }
        list->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis_col);
        const std::string title = axis_title(o.axis) + (o.axis.log ? ", log" : "");
        const float tw = ImGui::CalcTextSize(title.c_str()).x;
        list->AddText(ImVec2(std::max(p0.x, a.x + (plot_w - tw) * 0.5f), b.y + 7.0f + line), text, title.c_str());
    }

    // Rows: label, bar (split at the pivot), text beside it.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int hit = hovered ? range_bar_row_at(mouse.y, a.y, row_h, n) : -1;
    for (int i = 0; i < n; ++i) {
        const RangeBar& row = rows[i];
        const float y0 = a.y + i * row_h;
        const float bar_y0 = stacked ? y0 + line + 1.0f : y0 + 2.0f;
        const float bar_y1 = bar_y0 + bar_h;
        if (i == hit) list->AddRectFilled(ImVec2(p0.x, y0), ImVec2(b.x, y0 + row_h), theme().hover_row);
        if (stacked) {
            list->AddText(ImVec2(p0.x, y0), text, row.label.c_str());
        } else {
            list->PushClipRect(ImVec2(p0.x, y0), ImVec2(a.x - 6.0f, y0 + row_h), true);
            const float w = ImGui::CalcTextSize(row.label.c_str()).x;
            list->AddText(ImVec2(std::max(p0.x, a.x - 8.0f - w), bar_y0 + (bar_h - line) * 0.5f), text,
                          row.label.c_str());
            list->PopClipRect();
        }
        const auto [x0, x1] = range_bar_span(row.lo, row.hi, r, o.axis.log, a.x, b.x);
        if (!std::isfinite(x0)) continue;
        const float split = std::isfinite(row.pivot) ? to_px(row.pivot, r, o.axis.log, a.x, b.x) : NAN;
        if (std::isfinite(split) && split > x0 && split < x1) {
            list->AddRectFilled(ImVec2(x0, bar_y0), ImVec2(split, bar_y1), row.colour);
            list->AddRectFilled(ImVec2(split, bar_y0), ImVec2(x1, bar_y1), row.colour_above);
        } else {
            const bool above = std::isfinite(split) && x0 >= split;
            list->AddRectFilled(ImVec2(x0, bar_y0), ImVec2(x1, bar_y1), above ? row.colour_above : row.colour);
        }
        if (i == hit) list->AddRect(ImVec2(x0, bar_y0), ImVec2(x1, bar_y1), theme().highlight, 0.0f, 0, 2.0f);
        if (!row.text.empty()) {
            const ImVec2 ts = ImGui::CalcTextSize(row.text.c_str());
            const float ty = bar_y0 + (bar_h - ts.y) * 0.5f;
            if (x1 + 6.0f + ts.x <= b.x) list->AddText(ImVec2(x1 + 6.0f, ty), text, row.text.c_str());
            else if (x0 - 6.0f - ts.x >= a.x) list->AddText(ImVec2(x0 - 6.0f - ts.x, ty), text, row.text.c_str());
            else if (ts.x + 8.0f <= x1 - x0) list->AddText(ImVec2(x0 + 4.0f, ty), text_on(row.colour), row.text.c_str());
        }
    }
    // Markers: dashed vertical lines over every row.
    for (const Marker& m : o.markers) {
        const float x = to_px(m.value, r, o.axis.log, a.x, b.x);
        if (!std::isfinite(x) || x < a.x - 0.5f || x > b.x + 0.5f) continue;
        for (float y = a.y; y < b.y; y += 8.0f)
            list->AddLine(ImVec2(x, y), ImVec2(x, std::min(b.y, y + 4.0f)), m.colour, 2.0f);
    }
    if (hit >= 0 && o.default_tooltip) {
        const RangeBar& row = rows[hit];
        const char* u = o.axis.unit.c_str();
        ImGui::SetTooltip("%s\n%s: %s\n%s: %s%s%s", row.label.c_str(), o.lo_name.c_str(), format_exact(row.lo, u).c_str(),
                          o.hi_name.c_str(), format_exact(row.hi, u).c_str(), row.text.empty() ? "" : "\n",
                          row.text.c_str());
    }
    if (!o.markers.empty()) {
        std::vector<LegendItem> items;
        for (const Marker& m : o.markers)
            items.push_back({m.label + " " + format_value(m.value, o.axis.unit.c_str()), m.colour});
        legend(items);
    }
    return hit;
}

}  // namespace w2t::web::chart
