// [SECTION] Contents
//   links and quality flags
//   collect_sources(): every figure in use
//   filter and sort
//   draw_sources_panel()
#include "panel_sources.hpp"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

#include "imgui.h"
#include "theme.hpp"
#include "w2t/perf/calibration.hpp"
#include "widget_rects.hpp"

namespace w2t::web {
namespace {

const ImVec4& kMutedColour = theme().muted;
constexpr ImU32 kLinkColour = IM_COL32(110, 170, 240, 255);
constexpr ImU32 kLinkHoverColour = IM_COL32(150, 200, 255, 255);

void (*g_opener)(const std::string&) = nullptr;

std::string& last_url() {
    static std::string url;
    return url;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

// [SECTION] links and quality flags
bool open_url(const std::string& url) {
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return false;
    last_url() = url;
    if (g_opener) g_opener(url);
    return true;
}

void set_url_opener(void (*opener)(const std::string&)) { g_opener = opener; }

const std::string& last_opened_url() { return last_url(); }

std::string short_url(std::string_view url, size_t max_chars) {
    for (std::string_view prefix : {"https://", "http://"})
        if (url.substr(0, prefix.size()) == prefix) url.remove_prefix(prefix.size());
    if (url.substr(0, 4) == "www.") url.remove_prefix(4);
    if (!url.empty() && url.back() == '/') url.remove_suffix(1);
    if (url.size() <= max_chars || max_chars < 8) return std::string(url);
    // Keep the host and the end (usually the file name); "…" is three bytes, one glyph.
    const size_t head = (max_chars - 1) * 3 / 5, tail = max_chars - 1 - head;
    return std::string(url.substr(0, head)) + "\xE2\x80\xA6" + std::string(url.substr(url.size() - tail));
}

bool link(const char* label, const std::string& url) {
    const bool openable = url.rfind("http", 0) == 0;
    ImGui::PushStyleColor(ImGuiCol_Text, openable ? kLinkColour : ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
    if (!openable) return false;
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y - 1.0f), ImVec2(b.x, b.y - 1.0f), kLinkHoverColour);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s\n(opens in a new tab)", url.c_str());
    }
    if (hovered && released_click()) {
        open_url(url);
        return true;
    }
    return false;
}

bool released_click() {
    const ImGuiIO& io = ImGui::GetIO();
    return ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
           io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < io.MouseDragThreshold * io.MouseDragThreshold;
}

unsigned int quality_colour(std::string_view q) {
    if (q == "datasheet") return IM_COL32(102, 204, 158, 255);
    if (q == "official-benchmark") return IM_COL32(110, 170, 240, 255);
    if (q == "vendor-benchmark") return IM_COL32(170, 150, 240, 255);
    if (q == "third-party") return IM_COL32(170, 176, 186, 255);
    if (q == "vendor-claim") return IM_COL32(240, 180, 70, 255);
    if (q == "estimate") return IM_COL32(240, 110, 90, 255);
    return IM_COL32(150, 150, 150, 255);
}

bool flagged_quality(std::string_view q) { return q == "estimate" || q == "vendor-claim"; }

void quality_marker(std::string_view q) {
    if (!flagged_quality(q)) return;
    ImGui::SameLine(0.0f, 4.0f);
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float r = std::max(2.5f, h * 0.2f);
    ImDrawList* list = ImGui::GetWindowDrawList();
    if (q == "estimate") {
        list->AddCircleFilled(ImVec2(p.x + r, p.y + h * 0.5f), r, quality_colour(q), 12);
    } else {  // vendor claim: a triangle, so the two differ by shape as well as colour
        list->AddTriangleFilled(ImVec2(p.x + r, p.y + h * 0.5f - r * 1.15f),
                                ImVec2(p.x + 2.0f * r + 0.5f, p.y + h * 0.5f + r),
                                ImVec2(p.x - 0.5f, p.y + h * 0.5f + r), quality_colour(q));
    }
    ImGui::Dummy(ImVec2(2.0f * r, h));
}

void quality_legend() {
    for (const char* q : {"estimate", "vendor-claim"}) {
        ImGui::TextColored(kMutedColour, "%s", q);
        quality_marker(q);
        ImGui::SameLine(0.0f, 16.0f);
    }
    ImGui::NewLine();
}

void source_tooltip(const std::string& title, std::string_view quality, const std::string& date,
                    const std::string& url, const std::string& note) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    if (!title.empty()) ImGui::TextUnformatted(title.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, quality_colour(quality));
    ImGui::Text("%.*s", static_cast<int>(quality.size()), quality.data());
    ImGui::PopStyleColor();
    if (!date.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kMutedColour, "%s", date.c_str());
    }
    if (!url.empty()) ImGui::TextWrapped("%s", url.c_str());
    if (!note.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
        ImGui::TextWrapped("%s", note.c_str());
        ImGui::PopStyleColor();
    }
    if (quality == "estimate")
        ImGui::TextColored(theme().error, "An estimate, not a published figure.");
    else if (quality == "vendor-claim")
        ImGui::TextColored(theme().warn, "A vendor's claim, not independently checked.");
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

bool input_text(const char* id, std::string* value, const char* hint) {
    char buf[160];
    const size_t n = std::min(value->size(), sizeof buf - 1);
    std::memcpy(buf, value->data(), n);
    buf[n] = '\0';
    if (!ImGui::InputTextWithHint(id, hint, buf, sizeof buf)) return false;
    *value = buf;
    return true;
}

// [SECTION] collect_sources()
const char* to_string(SourceEntry::Kind k) {
    switch (k) {
        case SourceEntry::Kind::accelerator: return "accelerator";
        case SourceEntry::Kind::model: return "model";
        case SourceEntry::Kind::measurement: return "measurement";
    }
    return "";
}

std::vector<SourceEntry> collect_sources(const Catalogue& catalogue) {
    std::vector<SourceEntry> out;
    auto add_specs = [&](SourceEntry::Kind kind, const std::string& owner, const std::vector<SourcedSpec>& specs) {
        for (const SourcedSpec& s : specs)
            out.push_back({kind, owner, s.key, s.text, s.source.url, s.source.date, to_string(s.source.quality),
                           s.source.note});
    };
    for (const Accelerator& a : catalogue.accelerators) add_specs(SourceEntry::Kind::accelerator, a.name, a.specs);
    for (const ModelArch& m : catalogue.models) add_specs(SourceEntry::Kind::model, m.name, m.specs);
    // Measurements: one entry per (URL, quality), in the file's order.
    struct Group {
        const CalibrationRow* first;
        int rows = 0;
        std::set<std::string> chips, models, metrics;
    };
    std::vector<std::pair<std::string, std::string>> order;
    std::map<std::pair<std::string, std::string>, Group> groups;
    for (const CalibrationRow& r : builtin_calibration_rows()) {
        const auto key = std::make_pair(r.source_url, r.quality);
        auto [it, fresh] = groups.try_emplace(key, Group{&r, 0, {}, {}, {}});
        if (fresh) order.push_back(key);
        ++it->second.rows;
        it->second.chips.insert(r.hardware_id);
        it->second.models.insert(r.model_id);
        it->second.metrics.insert(r.metric);
    }
    auto join = [](const std::set<std::string>& s) {
        std::string t;
        for (const std::string& x : s) t += (t.empty() ? "" : ", ") + x;
        return t;
    };
    for (const auto& key : order) {
        const Group& g = groups.at(key);
        SourceEntry e;
        e.kind = SourceEntry::Kind::measurement;
        e.owner = g.first->source_title;
        e.figure = std::to_string(g.rows) + (g.rows == 1 ? " measurement" : " measurements");
        e.value = join(g.chips) + "; " + join(g.models);
        e.url = g.first->source_url;
        e.date = g.first->source_date;
        e.quality = g.first->quality;
        e.note = "metrics: " + join(g.metrics) + (g.first->licence.empty() ? "" : "; licence: " + g.first->licence);
        out.push_back(std::move(e));
    }
    return out;
}

// [SECTION] filter and sort
bool source_matches(const SourceEntry& e, std::string_view filter) {
    if (filter.empty()) return true;
    const std::string f = lower(filter);
    for (const std::string* s : {&e.owner, &e.figure, &e.value, &e.url, &e.date, &e.quality, &e.note})
        if (lower(*s).find(f) != std::string::npos) return true;
    return lower(to_string(e.kind)).find(f) != std::string::npos;
}

namespace {

const std::string& column_text(const SourceEntry& e, SourceColumn c) {
    switch (c) {
        case SourceColumn::owner: return e.owner;
        case SourceColumn::figure: return e.figure;
        case SourceColumn::value: return e.value;
        case SourceColumn::quality: return e.quality;
        case SourceColumn::date: return e.date;
        case SourceColumn::url: return e.url;
        case SourceColumn::note: return e.note;
    }
    return e.owner;
}

}  // namespace

bool update_sources_panel(SourcesPanel& p) {
    if (p.entries.empty()) {
        p.entries = collect_sources(builtin_catalogue());
        std::set<std::string> urls;
        for (const SourceEntry& e : p.entries) urls.insert(e.url);
        p.distinct_urls = static_cast<int>(urls.size());
        p.visible_of.reset();
    }
    const SourcesPanel::Key key{p.filter, p.quality, p.kind, p.sort_column, p.sort_ascending};
    if (p.visible_of && *p.visible_of == key) return false;
    p.visible.clear();
    for (size_t i = 0; i < p.entries.size(); ++i) {
        const SourceEntry& e = p.entries[i];
        if (p.kind >= 0 && static_cast<int>(e.kind) != p.kind) continue;
        if (!p.quality.empty() && e.quality != p.quality) continue;
        if (!source_matches(e, p.filter)) continue;
        p.visible.push_back(static_cast<int>(i));
    }
    // Stable: ties keep the data's order (entry by entry, spec by spec).
    std::stable_sort(p.visible.begin(), p.visible.end(), [&](int a, int b) {
        const int c = column_text(p.entries[a], p.sort_column).compare(column_text(p.entries[b], p.sort_column));
        return p.sort_ascending ? c < 0 : c > 0;
    });
    p.visible_of = key;
    ++p.version;
    return true;
}

// [SECTION] draw_sources_panel()
namespace {

constexpr const char* kQualities[] = {"datasheet", "official-benchmark", "vendor-benchmark",
                                      "third-party", "vendor-claim", "estimate"};
constexpr const char* kKinds[] = {"accelerators", "models", "measurements"};

void draw_filters(SourcesPanel& p, float width) {
    const bool stacked = width < 640.0f;
    const float combo_w = stacked ? width : std::min(190.0f, width * 0.22f);
    ImGui::SetNextItemWidth(stacked ? -FLT_MIN : std::max(120.0f, width - 2.0f * (combo_w + 8.0f)));
    input_text("##src_filter", &p.filter, "filter: chip, model, figure, site, note...");
    note_item_rect("src_filter");
    if (!stacked) ImGui::SameLine();
    ImGui::SetNextItemWidth(stacked ? -FLT_MIN : combo_w);
    const std::string q_label = p.quality.empty() ? "every quality" : p.quality;
    if (ImGui::BeginCombo("##src_quality", q_label.c_str())) {
        if (ImGui::Selectable("every quality", p.quality.empty())) p.quality.clear();
        for (const char* q : kQualities) {
            ImGui::PushStyleColor(ImGuiCol_Text, quality_colour(q));
            if (ImGui::Selectable(q, p.quality == q)) p.quality = q;
            ImGui::PopStyleColor();
        }
        ImGui::EndCombo();
    }
    note_item_rect("src_quality");
    if (!stacked) ImGui::SameLine();
    ImGui::SetNextItemWidth(stacked ? -FLT_MIN : combo_w);
    if (ImGui::BeginCombo("##src_kind", p.kind < 0 ? "every kind" : kKinds[p.kind])) {
        if (ImGui::Selectable("every kind", p.kind < 0)) p.kind = -1;
        for (int k = 0; k < 3; ++k)
            if (ImGui::Selectable(kKinds[k], p.kind == k)) p.kind = k;
        ImGui::EndCombo();
    }
    note_item_rect("src_kind");
}

void draw_table(SourcesPanel& p, float height) {
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SizingFixedFit;
    ImGui::BeginGroup();
    if (ImGui::BeginTable("src_table", 7, flags, ImVec2(0.0f, height))) {
        const float em = ImGui::GetFontSize();
        struct Col {
            const char* name;
            SourceColumn id;
            float width;
        };
        const Col cols[] = {{"Entry", SourceColumn::owner, (p.narrow ? 8.0f : 13.0f) * em}, {"Figure", SourceColumn::figure, 8.5f * em},
                            {"Value", SourceColumn::value, 7.0f * em},  {"Quality", SourceColumn::quality, 7.5f * em},
                            {"Date", SourceColumn::date, 4.8f * em},    {"Source", SourceColumn::url, 22.0f * em},
                            {"Note", SourceColumn::note, 30.0f * em}};
        for (const Col& c : cols) {
            ImGuiTableColumnFlags f = ImGuiTableColumnFlags_WidthFixed;
            if (c.id == p.sort_column) {
                f |= ImGuiTableColumnFlags_DefaultSort;
                if (!p.sort_ascending) f |= ImGuiTableColumnFlags_PreferSortDescending;
            }
            ImGui::TableSetupColumn(c.name, f, c.width, static_cast<ImGuiID>(c.id));
        }
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) {
                p.sort_column = static_cast<SourceColumn>(specs->Specs[0].ColumnUserID);
                p.sort_ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
            }
            specs->SpecsDirty = false;
            update_sources_panel(p);
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(p.visible.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const SourceEntry& e = p.entries[p.visible[row]];
                ImGui::PushID(p.visible[row]);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.owner.c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", e.owner.c_str(), to_string(e.kind));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.figure.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(e.value.c_str());
                const bool value_hovered = ImGui::IsItemHovered();
                quality_marker(e.quality);
                if (value_hovered || ImGui::IsItemHovered()) source_tooltip(e.figure + " = " + e.value, e.quality, e.date, e.url, e.note);
                ImGui::TableNextColumn();
                ImGui::PushStyleColor(ImGuiCol_Text, quality_colour(e.quality));
                ImGui::TextUnformatted(e.quality.c_str());
                ImGui::PopStyleColor();
                ImGui::TableNextColumn();
                ImGui::TextColored(kMutedColour, "%s", e.date.c_str());
                ImGui::TableNextColumn();
                link(short_url(e.url, 44).c_str(), e.url);
                if (row == 0) note_item_rect("src_first_link");
                ImGui::TableNextColumn();
                ImGui::TextColored(kMutedColour, "%s", e.note.c_str());
                if (!e.note.empty() && ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
                    ImGui::TextUnformatted(e.note.c_str());
                    ImGui::PopTextWrapPos();
                    ImGui::EndTooltip();
                }
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
    note_item_rect("src_table");
}

}  // namespace

void draw_sources_panel(SourcesPanel& p) {
    update_sources_panel(p);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    p.narrow = avail.x < 640.0f;
    ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
    ImGui::TextWrapped("Every figure the models use, with where it came from. Hover a value for its note; "
                       "click a link to open the source in a new tab.");
    ImGui::PopStyleColor();
    draw_filters(p, avail.x);
    update_sources_panel(p);
    ImGui::TextColored(kMutedColour, "%d of %d figures, %d distinct sources", static_cast<int>(p.visible.size()),
                       static_cast<int>(p.entries.size()), p.distinct_urls);
    ImGui::SameLine(0.0f, 16.0f);
    if (ImGui::GetContentRegionAvail().x < 200.0f) ImGui::NewLine();
    quality_legend();
    const float height = std::max(ImGui::GetContentRegionAvail().y, 8.0f * ImGui::GetFrameHeightWithSpacing());
    draw_table(p, height);
}

}  // namespace w2t::web
