#include "widget_rects.hpp"

#include <map>

#include "imgui.h"
#include "imgui_internal.h"

namespace w2t::web {
namespace {
std::map<std::string, WidgetRect>& rects() {
    static std::map<std::string, WidgetRect> instance;
    return instance;
}
}  // namespace

void note_widget_rect(const std::string& name) {
    // The interactive part (a slider's frame, without its label), not the whole item.
    const ImRect r = ImGui::GetCurrentContext()->LastItemData.NavRect;
    rects()[name] = {r.Min.x, r.Min.y, r.Max.x, r.Max.y};
}

void note_item_rect(const std::string& name) {
    const ImRect r = ImGui::GetCurrentContext()->LastItemData.Rect;
    rects()[name] = {r.Min.x, r.Min.y, r.Max.x, r.Max.y};
}

std::optional<WidgetRect> widget_rect(const std::string& name) {
    auto it = rects().find(name);
    if (it == rects().end()) return std::nullopt;
    return it->second;
}

}  // namespace w2t::web
