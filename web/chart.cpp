#include "chart.hpp"

#include <cmath>
#include <cstdio>

#include "imgui.h"

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
    if (unit && *unit) std::snprintf(buf, sizeof buf, "%.3g%s %s", shown, suffix, unit);
    else std::snprintf(buf, sizeof buf, "%.3g%s", shown, suffix);
    return buf;
}

void draw_scale_bar(ImDrawList* list, float x, float y, double px_per_unit, float max_px,
                    const char* unit) {
    if (!(px_per_unit > 0)) return;
    const double length = nice_floor(max_px / px_per_unit);
    if (!(length > 0)) return;
    const float w = static_cast<float>(length * px_per_unit);
    const ImU32 colour = IM_COL32(220, 224, 230, 220);
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

}  // namespace w2t::web::chart
