#include "app.hpp"

#include "imgui.h"
#include "palette.hpp"

namespace w2t::web {

App& app() {
    static App instance;
    return instance;
}

void apply_style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 0.0f;
    s.FrameRounding = 3.0f;
    s.GrabRounding = 3.0f;
    s.FramePadding = ImVec2(8.0f, 5.0f);
    s.ItemSpacing = ImVec2(8.0f, 7.0f);
    s.WindowPadding = ImVec2(14.0f, 12.0f);
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(palette::background.r, palette::background.g, palette::background.b, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.16f, 0.62f, 0.56f, 1.0f);
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.25f, 0.75f, 0.68f, 1.0f);
    c[ImGuiCol_CheckMark] = ImVec4(0.25f, 0.75f, 0.68f, 1.0f);
    c[ImGuiCol_Tab] = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
    c[ImGuiCol_TabActive] = ImVec4(0.16f, 0.42f, 0.39f, 1.0f);
    c[ImGuiCol_TabHovered] = ImVec4(0.20f, 0.52f, 0.48f, 1.0f);
}

bool set_view(App& a, std::string_view name) {
    if (name == "validation") {  // the hardware view, scrolled to its measured-vs-model section
        a.hardware.reveal_validation = true;
        name = "hardware";
    }
    if (name == "hardware" || name == "sources") {
        a.requested_view = std::string(name);
        request_redraw();
        return true;
    }
    if (name != "dpw" && name != "inference" && name != "probe") return false;
    a.requested_view = std::string(name);
    request_redraw();
    return true;
}

void draw_app(App& a, const MapPainter& painter) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("wafer2token", nullptr, flags);
    ImGui::TextUnformatted("wafer2token");
    const char* tagline = "from wafers to the cost and speed of tokens";
    if (ImGui::GetContentRegionAvail().x > ImGui::CalcTextSize("wafer2token").x + ImGui::CalcTextSize(tagline).x + 24.0f) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tagline);
    }
    // A requested view is selected through the tab bar (it takes effect next frame).
    auto flags_for = [&](const char* name) {
        return a.requested_view == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabBar("views", ImGuiTabBarFlags_FittingPolicyScroll)) {  // narrow screens scroll the tabs
        if (ImGui::BeginTabItem("Dies per wafer", nullptr, flags_for("dpw"))) {
            a.view = "dpw";
            draw_wafer_panel(a.wafer, painter);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Inference", nullptr, flags_for("inference"))) {
            a.view = "inference";
            draw_inference_panel(a.inference);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Probe", nullptr, flags_for("probe"))) {
            a.view = "probe";
            draw_probe_panel(a.probe);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Hardware", nullptr, flags_for("hardware"))) {
            a.view = "hardware";
            draw_hardware_panel(a.hardware);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Sources", nullptr, flags_for("sources"))) {
            a.view = "sources";
            draw_sources_panel(a.sources);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    if (!a.requested_view.empty() && a.requested_view == a.view) a.requested_view.clear();
    ImGui::End();
}

}  // namespace w2t::web
