#include "app.hpp"

#include <algorithm>
#include <map>

#include "imgui.h"
#include "palette.hpp"
#include "scenario.hpp"
#include "theme.hpp"
#include "view_layout.hpp"
#include "widget_rects.hpp"

namespace w2t::web {

App& app() {
    static App instance;
    return instance;
}

void apply_style() { apply_theme(false); }

bool effective_light_theme(const App& a) {
    return a.theme.empty() ? a.system_prefers_light : a.theme == "light";
}

bool set_view(App& a, std::string_view name) {
    if (name == "validation") {  // the hardware view, scrolled to its measured-vs-model section
        a.hardware.reveal_validation = true;
        name = "hardware";
    }
    if (!find_view(name)) return false;
    a.requested_view = std::string(name);
    request_redraw();
    return true;
}

// The title, and on the right "Share link" and "Export" (a PNG of the canvas,
// the view's scenario and results as JSON or CSV).
void draw_header(App& a) {
    const char* title = "wafer2token";
    const char* tagline = "from wafers to the cost and speed of tokens";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons_w = ImGui::CalcTextSize("Share link").x + ImGui::CalcTextSize("Export").x +
                            4.0f * style.FramePadding.x + style.ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float title_w = ImGui::CalcTextSize(title).x;
    const float tagline_w = ImGui::CalcTextSize(tagline).x + style.ItemSpacing.x;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(title);
    if (avail > title_w + tagline_w + buttons_w + 24.0f) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tagline);
    }
    ImGui::SameLine(std::max(title_w + style.ItemSpacing.x, avail - buttons_w + style.WindowPadding.x));
    const std::string name = "wafer2token-" + a.view;
    if (ImGui::SmallButton("Share link")) {
        copy_share_link(scenario_fragment(a));
        a.link_copied_at = ImGui::GetTime();
    }
    note_widget_rect("share_link");
    if (a.link_copied_at >= 0 && ImGui::GetTime() - a.link_copied_at < 2.5) {
        ImGui::SetTooltip("Link copied: it opens this view with these inputs (never an API key).");
        request_redraw();
    } else if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Copy a link to this view with these inputs (API keys are never part of it).");
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Export")) ImGui::OpenPopup("export_menu");
    note_widget_rect("export");
    if (ImGui::BeginPopup("export_menu")) {
        if (ImGui::MenuItem("Chart and view as PNG")) capture_png(name + ".png");
        if (ImGui::MenuItem("Scenario and results as JSON"))
            download_file(name + ".json", "application/json", export_json(a).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
        if (ImGui::MenuItem("Scenario and results as CSV")) download_file(name + ".csv", "text/csv", export_csv(a));
        ImGui::EndPopup();
    }
}

// The embed: one view, no header or tabs, growing to its content, and a link
// to the full calculator with the same scenario.
void draw_embedded(App& a, const MapPainter& painter) {
    const ViewEntry* v = find_view(a.requested_view.empty() ? a.view : a.requested_view);
    if (!v) v = &views().front();
    a.view = v->name;
    a.requested_view.clear();
    // A view on the shared layout grows to its content; one that fills whatever
    // height it gets (the wafer map, the tables) gets a fixed one instead, or
    // it would grow with every height it reported.
    static std::map<std::string, bool> fills_height;
    set_layout_fits_content(true);
    if (fills_height[v->name]) {
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::BeginChild("embed_fixed", ImVec2(0.0f, std::clamp(w * 0.75f, 420.0f, 620.0f)), false);
        v->draw(a, painter);
        ImGui::EndChild();
    } else {
        v->draw(a, painter);
        fills_height[v->name] = !layout_fitted();
    }
    set_layout_fits_content(false);
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, theme().muted);
    ImGui::TextUnformatted("wafer2token");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::SmallButton("Open the full calculator")) {
        a.embed = false;  // the full page's link: same view and inputs, no embed flag
        const std::string fragment = scenario_fragment(a);
        a.embed = true;
        open_full_calculator(fragment);
    }
    a.content_height = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
}

void draw_app(App& a, const MapPainter& painter) {
    if (const bool light = effective_light_theme(a); light != theme().light) apply_theme(light);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("wafer2token", nullptr, flags);
    if (a.embed) {
        draw_embedded(a, painter);
        ImGui::End();
        return;
    }
    draw_header(a);
    // A requested view is selected through the tab bar (it takes effect next frame).
    auto flags_for = [&](const char* name) {
        return a.requested_view == name ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabBar("views", ImGuiTabBarFlags_FittingPolicyScroll)) {  // narrow screens scroll the tabs
        for (const ViewEntry& v : views()) {  // one tab a view, in the table's order (web/scenario.cpp)
            if (ImGui::BeginTabItem(v.title, nullptr, flags_for(v.name))) {
                a.view = v.name;
                v.draw(a, painter);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    if (!a.requested_view.empty() && a.requested_view == a.view) a.requested_view.clear();
    ImGui::End();
}

}  // namespace w2t::web
