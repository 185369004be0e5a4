#include "widget_rects.hpp"

#include <map>

#include "imgui.h"

namespace w2t::web {
namespace {
std::map<std::string, WidgetRect>& rects() {
    static std::map<std::string, WidgetRect> instance;
    return instance;
}
}  // namespace

void note_widget_rect(const std::string& name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    rects()[name] = {a.x, a.y, b.x, b.y};
}

std::optional<WidgetRect> widget_rect(const std::string& name) {
    auto it = rects().find(name);
    if (it == rects().end()) return std::nullopt;
    return it->second;
}

}  // namespace w2t::web
