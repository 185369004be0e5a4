#include "view_layout.hpp"

#include <algorithm>
#include <cfloat>
#include <map>
#include <string>

#include "imgui.h"
#include "theme.hpp"

namespace w2t::web {
namespace {

bool g_fit_content = false;
bool g_fitted = false;  // draw_view_layout ran in fit-content mode since the flag was set
std::map<std::string, float> g_content_height;  // per child id, measured last frame

// A child as tall as its content was last frame (fit-content mode), else filling.
ImVec2 child_size(const std::string& id, float width) {
    if (!g_fit_content) return ImVec2(width, 0.0f);
    auto it = g_content_height.find(id);
    return ImVec2(width, it == g_content_height.end() ? 200.0f : it->second);
}

// Fitted children never scroll: a scrollbar would narrow the content, which
// would change its height, which would take the scrollbar away again.
ImGuiWindowFlags child_flags() {
    return g_fit_content ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse : ImGuiWindowFlags_None;
}

// Call before EndChild: the content's height, for the next frame's child_size.
void measure_child(const std::string& id) {
    if (!g_fit_content) return;
    g_content_height[id] = std::max(40.0f, ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + 2.0f);
}

}  // namespace

void set_layout_fits_content(bool fit) {
    g_fit_content = fit;
    g_fitted = false;
}
bool layout_fits_content() { return g_fit_content; }
bool layout_fitted() { return g_fitted; }

bool draw_view_layout(const ViewLayout& l, const std::function<void(float width)>& inputs,
                      const std::function<void()>& recompute,
                      const std::function<void(float width, float chart_height)>& outputs) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const std::string id = l.id;
    g_fitted = g_fit_content;
    if (avail.x < l.narrow_below) {
        ImGui::BeginChild((id + "_scroll").c_str(), child_size(id + "_scroll", 0.0f), false, child_flags());
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::TextWrapped("%s", l.intro);
        inputs(w);
        recompute();
        ImGui::Separator();
        outputs(w, std::clamp(w * l.narrow_share, l.narrow_min, l.narrow_max));
        measure_child(id + "_scroll");
        ImGui::EndChild();
        return true;
    }
    const float controls_w = std::clamp(avail.x * 0.28f, 300.0f, 400.0f);
    // Side by side, both children as tall as the taller content (fit-content mode).
    const std::string both = id + "_both";
    ImGui::BeginChild((id + "_controls").c_str(), child_size(both, controls_w), false, child_flags());
    ImGui::TextWrapped("%s", l.intro);
    ImGui::Spacing();
    inputs(ImGui::GetContentRegionAvail().x);
    const float controls_h = ImGui::GetCursorPosY();
    ImGui::EndChild();
    recompute();
    ImGui::SameLine();
    ImGui::BeginChild((id + "_output").c_str(), child_size(both, 0.0f), false, child_flags());
    const float out_w = ImGui::GetContentRegionAvail().x;
    const float chart_h = g_fit_content ? std::clamp(out_w * l.narrow_share, l.wide_min, l.wide_max)
                                        : std::clamp(avail.y * l.wide_share, l.wide_min, l.wide_max);
    outputs(out_w, chart_h);
    if (g_fit_content)
        g_content_height[both] = std::max(controls_h, ImGui::GetCursorPosY()) - ImGui::GetStyle().ItemSpacing.y + 2.0f;
    ImGui::EndChild();
    return false;
}

// [SECTION] forms
void form_field(const Form& f, const char* label, const char* help) {
    if (f.stacked) {
        ImGui::TextUnformatted(label);
    } else {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label);
        ImGui::SameLine(f.label_w);
    }
    if (help && ImGui::IsItemHovered()) wrapped_tooltip(help);
    ImGui::SetNextItemWidth(-FLT_MIN);
}

void wrapped_tooltip(const std::string& text) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(std::min(420.0f, ImGui::GetIO().DisplaySize.x - 40.0f));
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void muted_wrapped(std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme().muted);
    ImGui::TextWrapped("%.*s", static_cast<int>(text.size()), text.data());
    ImGui::PopStyleColor();
}

}  // namespace w2t::web
