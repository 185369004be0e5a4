#include "view_layout.hpp"

#include <algorithm>
#include <string>

#include "imgui.h"

namespace w2t::web {

bool draw_view_layout(const ViewLayout& l, const std::function<void(float width)>& inputs,
                      const std::function<void()>& recompute,
                      const std::function<void(float width, float chart_height)>& outputs) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const std::string id = l.id;
    if (avail.x < l.narrow_below) {
        ImGui::BeginChild((id + "_scroll").c_str(), ImVec2(0.0f, 0.0f), false);
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::TextWrapped("%s", l.intro);
        inputs(w);
        recompute();
        ImGui::Separator();
        outputs(w, std::clamp(w * l.narrow_share, l.narrow_min, l.narrow_max));
        ImGui::EndChild();
        return true;
    }
    const float controls_w = std::clamp(avail.x * 0.28f, 300.0f, 400.0f);
    ImGui::BeginChild((id + "_controls").c_str(), ImVec2(controls_w, 0.0f), false);
    ImGui::TextWrapped("%s", l.intro);
    ImGui::Spacing();
    inputs(ImGui::GetContentRegionAvail().x);
    ImGui::EndChild();
    recompute();
    ImGui::SameLine();
    ImGui::BeginChild((id + "_output").c_str(), ImVec2(0.0f, 0.0f), false);
    outputs(ImGui::GetContentRegionAvail().x, std::clamp(avail.y * l.wide_share, l.wide_min, l.wide_max));
    ImGui::EndChild();
    return false;
}

}  // namespace w2t::web
