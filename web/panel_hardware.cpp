// [SECTION] Contents
//   columns and spec labels
//   sorting
//   catalogue table
//   side by side
//   draw_hardware_panel()
#include "panel_hardware.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <map>

#include "chart.hpp"
#include "imgui.h"
#include "theme.hpp"
#include "panel_sources.hpp"
#include "widget_rects.hpp"

namespace w2t::web {
namespace {

const ImVec4& kMutedColour = theme().muted;
constexpr ImU32 kColourA = IM_COL32(41, 170, 152, 255);
constexpr ImU32 kColourB = IM_COL32(230, 140, 60, 255);

void muted_wrapped(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

// Whole numbers with separators from 100 up, else up to 3 significant digits.
std::string number_text(double v) {
    if (!std::isfinite(v)) return "-";
    if (std::fabs(v) >= 100.0) return chart::format_exact(std::round(v), "");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

// [SECTION] columns and spec labels
const std::vector<HwColumnInfo>& hardware_columns() {
    static const std::vector<HwColumnInfo> cols = {
        {HwColumn::name, "Accelerator", "Catalogue entry. Click a name to compare it (as A; the previous A becomes B).",
         nullptr, 1.0},
        {HwColumn::vendor, "Vendor", "Who makes it.", nullptr, 1.0},
        {HwColumn::kind, "Kind", "gpu, wafer-scale, lpu (Groq), rdu (SambaNova), tpu, soc.", nullptr, 1.0},
        {HwColumn::fp16, "FP16 TFLOPS", "Dense FP16/BF16 peak, TFLOPS (no sparsity).", "tflops_fp16", 1.0},
        {HwColumn::fp8, "FP8 TFLOPS", "Dense FP8 peak, TFLOPS (no sparsity).", "tflops_fp8", 1.0},
        {HwColumn::fp4, "FP4 TFLOPS", "Dense FP4 peak, TFLOPS (no sparsity).", "tflops_fp4", 1.0},
        {HwColumn::memory, "Memory GB", "Off-chip memory (HBM, GDDR, DRAM), GB.", "memory_gb", 1.0},
        {HwColumn::bandwidth, "Memory TB/s", "Off-chip memory bandwidth, TB/s.", "memory_bw_gbs", 0.001},
        {HwColumn::sram, "SRAM MB", "On-chip SRAM (caches or weight memory), MB.", "sram_mb", 1.0},
        {HwColumn::scaleup, "Scale-up GB/s", "Scale-up link bandwidth per chip, per direction, GB/s.",
         "scaleup_bw_gbs", 1.0},
        {HwColumn::domain, "Domain", "Chips in one scale-up domain (NVLink, Infinity Fabric, ICI...).",
         "scaleup_domain", 1.0},
        {HwColumn::tdp, "TDP W", "Thermal design power, W.", "tdp_w", 1.0},
        {HwColumn::process, "Process", "Foundry process node.", "process_node", 1.0},
        {HwColumn::die, "Die mm\xC2\xB2", "Die area, mm\xC2\xB2 (the largest die where there are several).",
         "die_area_mm2", 1.0},
        {HwColumn::price, "Price $", "Price per chip, USD (list, street or estimate: see the source).", "price_usd",
         1.0},
    };
    return cols;
}

double hardware_number(const Accelerator& a, HwColumn c) {
    switch (c) {
        case HwColumn::fp16: return a.tflops_fp16;
        case HwColumn::fp8: return a.tflops_fp8;
        case HwColumn::fp4: return a.tflops_fp4;
        case HwColumn::memory: return a.memory_gb;
        case HwColumn::bandwidth: return a.memory_bw_gbs * 0.001;
        case HwColumn::sram: return a.sram_mb;
        case HwColumn::scaleup: return a.scaleup_bw_gbs;
        case HwColumn::domain: return a.scaleup_domain;
        case HwColumn::tdp: return a.tdp_w;
        case HwColumn::die: return a.die_area_mm2;
        case HwColumn::price: return a.price_usd;
        default: return NAN;
    }
}

std::string hardware_text(const Accelerator& a, HwColumn c) {
    switch (c) {
        case HwColumn::name: return a.name;
        case HwColumn::vendor: return a.vendor;
        case HwColumn::kind: return a.kind;
        case HwColumn::process: return a.process_node.empty() ? "-" : a.process_node;
        case HwColumn::price: return known(a.price_usd) ? "$" + number_text(a.price_usd) : "-";
        default: return number_text(hardware_number(a, c));
    }
}

std::pair<std::string, std::string> spec_label(const std::string& key) {
    static const std::map<std::string, std::pair<std::string, std::string>> labels = {
        {"tflops_fp16", {"FP16 dense", "TFLOPS"}},
        {"tflops_fp16_sparse", {"FP16 sparse", "TFLOPS"}},
        {"tflops_fp8", {"FP8 dense", "TFLOPS"}},
        {"tflops_fp4", {"FP4 dense", "TFLOPS"}},
        {"tops_int8", {"INT8 dense", "TOPS"}},
        {"memory_gb", {"Memory", "GB"}},
        {"memory_bw_gbs", {"Memory bandwidth", "GB/s"}},
        {"memory_kind", {"Memory kind", ""}},
        {"hbm_stacks", {"HBM stacks", ""}},
        {"sram_mb", {"On-chip SRAM", "MB"}},
        {"sram_bw_tbs", {"SRAM bandwidth", "TB/s"}},
        {"scaleup_bw_gbs", {"Scale-up bandwidth", "GB/s"}},
        {"scaleup_domain", {"Scale-up domain", "chips"}},
        {"scaleup_topology", {"Scale-up topology", ""}},
        {"scaleout_bw_gbs", {"Scale-out bandwidth", "GB/s"}},
        {"tdp_w", {"TDP", "W"}},
        {"process_node", {"Process", ""}},
        {"packaging", {"Packaging", ""}},
        {"die_area_mm2", {"Die area", "mm\xC2\xB2"}},
        {"transistors_b", {"Transistors", "billion"}},
        {"price_usd", {"Price", "USD"}},
        {"price_kind", {"Price kind", ""}},
    };
    auto it = labels.find(key);
    return it != labels.end() ? it->second : std::make_pair(key, std::string());
}

std::vector<CompareSpec> compare_specs(const Accelerator& a, const Accelerator& b) {
    std::vector<CompareSpec> out;
    auto add = [&](const std::string& key) {
        for (const CompareSpec& c : out)
            if (c.key == key) return;
        CompareSpec c;
        c.key = key;
        c.a = a.spec(key);
        c.b = b.spec(key);
        if (c.a && c.b && c.a->number > 0 && c.b->number > 0) c.ratio = c.a->number / c.b->number;
        out.push_back(c);
    };
    for (const SourcedSpec& s : a.specs) add(s.key);
    for (const SourcedSpec& s : b.specs) add(s.key);
    return out;
}

// [SECTION] sorting
bool update_hardware_panel(HardwarePanel& p) {
    const auto key = std::make_pair(p.sort_column, p.sort_ascending);
    const auto& accs = builtin_catalogue().accelerators;
    if (p.order_of && *p.order_of == key && p.order.size() == accs.size()) return false;
    p.order.resize(accs.size());
    for (size_t i = 0; i < accs.size(); ++i) p.order[i] = static_cast<int>(i);
    const HwColumn c = p.sort_column;
    const bool asc = p.sort_ascending;
    const bool text = c == HwColumn::name || c == HwColumn::vendor || c == HwColumn::kind || c == HwColumn::process;
    std::stable_sort(p.order.begin(), p.order.end(), [&](int ia, int ib) {
        const Accelerator& a = accs[ia];
        const Accelerator& b = accs[ib];
        if (text) {
            const std::string x = c == HwColumn::process ? a.process_node : hardware_text(a, c);
            const std::string y = c == HwColumn::process ? b.process_node : hardware_text(b, c);
            if (x.empty() != y.empty()) return !x.empty();  // unknown last
            return asc ? x < y : x > y;
        }
        const double x = hardware_number(a, c), y = hardware_number(b, c);
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return asc ? x < y : x > y;
    });
    p.order_of = key;
    ++p.order_version;
    return true;
}

namespace {

// A figure's cell: its text, the quality marker, its source on hover, the
// source opened on click.
void spec_cell(const std::string& text, const SourcedSpec* s, const std::string& title) {
    if (!s) {
        ImGui::TextDisabled("%s", text.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("not published (or not in the catalogue)");
        return;
    }
    ImGui::TextUnformatted(text.c_str());
    bool hovered = ImGui::IsItemHovered();
    const std::string q = to_string(s->source.quality);
    if (flagged_quality(q)) {
        quality_marker(q);
        hovered = hovered || ImGui::IsItemHovered();
    }
    if (hovered) {
        source_tooltip(title, q, s->source.date, s->source.url, s->source.note);
        if (released_click()) open_url(s->source.url);
    }
}

// [SECTION] catalogue table
void draw_catalogue(HardwarePanel& p) {
    const Catalogue& cat = builtin_catalogue();
    const auto& cols = hardware_columns();
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingFixedFit;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2.0f * st.CellPadding.y;
    const float height = (static_cast<float>(cat.accelerators.size()) + 1.0f) * row_h + st.ScrollbarSize + 4.0f;
    const float em = ImGui::GetFontSize();
    ImGui::BeginGroup();
    if (ImGui::BeginTable("hw_table", kHwColumns, flags, ImVec2(0.0f, height))) {
        for (const HwColumnInfo& c : cols) {
            ImGuiTableColumnFlags f = ImGuiTableColumnFlags_WidthFixed;
            if (c.id == p.sort_column) {
                f |= ImGuiTableColumnFlags_DefaultSort;
                if (!p.sort_ascending) f |= ImGuiTableColumnFlags_PreferSortDescending;
            } else if (c.spec && c.id != HwColumn::process) {
                f |= ImGuiTableColumnFlags_PreferSortDescending;  // biggest first
            }
            // Wide enough for the header and its sort arrow; the name column
            // shows ids on a phone (the full name is in its tooltip).
            float w = std::max(4.0f * em, ImGui::CalcTextSize(c.header).x + 1.3f * em);
            if (c.id == HwColumn::name) w = p.narrow ? 7.5f * em : 15.5f * em;
            else if (c.id == HwColumn::process) w = 11.0f * em;
            else if (c.id == HwColumn::vendor || c.id == HwColumn::kind) w = std::max(w, 5.5f * em);
            ImGui::TableSetupColumn(c.header, f, w, static_cast<ImGuiID>(c.id));
        }
        ImGui::TableSetupScrollFreeze(1, 1);
        // Headers by hand, for their tooltips.
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        for (int i = 0; i < kHwColumns; ++i) {
            if (!ImGui::TableSetColumnIndex(i)) continue;
            ImGui::TableHeader(cols[i].header);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nClick to sort.", cols[i].help);
        }
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) {
                p.sort_column = static_cast<HwColumn>(specs->Specs[0].ColumnUserID);
                p.sort_ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
            }
            specs->SpecsDirty = false;
        }
        update_hardware_panel(p);
        for (int idx : p.order) {
            const Accelerator& a = cat.accelerators[idx];
            ImGui::PushID(idx);
            ImGui::TableNextRow();
            if (a.id == p.a) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, (kColourA & 0x00FFFFFF) | 0x38000000);
            if (a.id == p.b) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, (kColourB & 0x00FFFFFF) | 0x38000000);
            for (const HwColumnInfo& c : cols) {
                if (!ImGui::TableNextColumn()) continue;
                if (c.id == HwColumn::name) {
                    const char* tag = a.id == p.a ? "A" : a.id == p.b ? "B" : nullptr;
                    if (tag) {
                        ImGui::PushStyleColor(ImGuiCol_Text, a.id == p.a ? kColourA : kColourB);
                        ImGui::TextUnformatted(tag);
                        ImGui::PopStyleColor();
                        ImGui::SameLine(0.0f, 5.0f);
                    }
                    ImGui::TextUnformatted(p.narrow ? a.id.c_str() : a.name.c_str());
                    if (ImGui::IsItemHovered()) {
                        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                        ImGui::SetTooltip("%s\n%s (%s, %s)\n%s%s%s\nClick to compare it (as A; the previous A becomes B).",
                                          a.name.c_str(), a.id.c_str(), a.family.c_str(), a.kind.c_str(), a.memory_kind.c_str(),
                                          a.packaging.empty() ? "" : ", ", a.packaging.c_str());
                        if (released_click() && a.id != p.a) {
                            p.b = p.a;
                            p.a = a.id;
                        }
                    }
                    continue;
                }
                const std::string text = hardware_text(a, c.id);
                if (!c.spec) {
                    ImGui::TextUnformatted(text.c_str());
                    continue;
                }
                const SourcedSpec* s = a.spec(c.spec);
                std::string title = a.name + ": " + c.header + " = " + (s ? s->text : text);
                if (c.id == HwColumn::price && !a.price_kind.empty()) title += " (" + a.price_kind + ")";
                spec_cell(text, s, title);
                if (idx == p.order.front() && c.id == HwColumn::fp16) note_item_rect("hw_first_fp16");
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
    note_item_rect("hw_table");
}

// [SECTION] side by side
bool chip_combo(const char* id, std::string* hardware_id) {
    const Catalogue& cat = builtin_catalogue();
    const Accelerator* cur = cat.accelerator(*hardware_id);
    bool changed = false;
    if (ImGui::BeginCombo(id, cur ? cur->name.c_str() : hardware_id->c_str())) {
        for (const Accelerator& a : cat.accelerators) {
            const bool selected = a.id == *hardware_id;
            if (ImGui::Selectable(a.name.c_str(), selected)) *hardware_id = a.id, changed = true;
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

void pick(const char* tag, ImU32 colour, const char* id, std::string* value, float label_w, bool stacked) {
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(tag);
    ImGui::PopStyleColor();
    ImGui::SameLine(stacked ? label_w : 0.0f);
    ImGui::SetNextItemWidth(stacked ? -FLT_MIN : 20.0f * ImGui::GetFontSize());
    chip_combo(id, value);
}

void draw_side_by_side(HardwarePanel& p, float width) {
    const Catalogue& cat = builtin_catalogue();
    const bool stacked = width < 640.0f;
    const float label_w = ImGui::CalcTextSize("A").x + 12.0f;
    pick("A", kColourA, "##hw_pick_a", &p.a, label_w, stacked);
    note_item_rect("hw_pick_a");
    if (!stacked) ImGui::SameLine(0.0f, 20.0f);
    pick("B", kColourB, "##hw_pick_b", &p.b, label_w, stacked);
    note_item_rect("hw_pick_b");
    if (!stacked) {
        ImGui::SameLine(0.0f, 12.0f);
        if (ImGui::Button("swap")) std::swap(p.a, p.b);
    }
    const Accelerator* a = cat.accelerator(p.a);
    const Accelerator* b = cat.accelerator(p.b);
    if (!a || !b) return;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    const float table_w = std::min(width, 60.0f * ImGui::GetFontSize());
    ImGui::BeginGroup();
    if (ImGui::BeginTable("hw_compare", 4, flags, ImVec2(table_w, 0.0f))) {
        ImGui::TableSetupColumn("spec", ImGuiTableColumnFlags_WidthStretch, stacked ? 1.25f : 1.4f);
        ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn("A / B", ImGuiTableColumnFlags_WidthStretch, 0.55f);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColourA), "A");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", a->name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColourB), "B");
        ImGui::SameLine();
        ImGui::TextWrapped("%s", b->name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(kMutedColour, "A / B");
        auto text_row = [&](const char* name, const std::string& x, const std::string& y) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kMutedColour, "%s", name);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", x.c_str());
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", y.c_str());
            ImGui::TableNextColumn();
        };
        text_row("Vendor", a->vendor, b->vendor);
        text_row("Kind", a->kind + ", " + a->family, b->kind + ", " + b->family);
        for (const CompareSpec& c : compare_specs(*a, *b)) {
            const auto [label, unit] = spec_label(c.key);
            ImGui::PushID(c.key.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
            if (stacked && !unit.empty()) ImGui::TextWrapped("%s, %s", label.c_str(), unit.c_str());
            else ImGui::TextWrapped("%s", label.c_str());
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s%s%s", c.key.c_str(), unit.empty() ? "" : ", ", unit.c_str());
            const SourcedSpec* side[2] = {c.a, c.b};
            const Accelerator* chip[2] = {a, b};
            for (int k = 0; k < 2; ++k) {
                ImGui::TableNextColumn();
                const SourcedSpec* s = side[k];
                if (!s) {
                    ImGui::TextDisabled("-");
                    continue;
                }
                const std::string text = !known(s->number) ? s->text
                                         : stacked || unit.empty() ? number_text(s->number)
                                                                   : number_text(s->number) + " " + unit;
                ImGui::PushID(k);
                // Text figures (memory kind, packaging) wrap; numbers stay on one line.
                if (known(s->number)) {
                    spec_cell(text, s, chip[k]->name + ": " + label + " = " + text);
                } else {
                    ImGui::TextWrapped("%s", text.c_str());
                    bool hovered = ImGui::IsItemHovered();
                    const std::string q = to_string(s->source.quality);
                    if (flagged_quality(q)) {
                        quality_marker(q);
                        hovered = hovered || ImGui::IsItemHovered();
                    }
                    if (hovered)
                        source_tooltip(chip[k]->name + ": " + label, q, s->source.date, s->source.url, s->source.note);
                }
                ImGui::PopID();
            }
            ImGui::TableNextColumn();
            if (std::isfinite(c.ratio)) {
                const bool same = std::fabs(c.ratio - 1.0) < 0.005;
                ImGui::TextColored(same ? kMutedColour : ImGui::GetStyleColorVec4(ImGuiCol_Text),
                                   stacked ? "%.2g\xC3\x97" : "%.3g\xC3\x97", c.ratio);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("A / B = %.4g", c.ratio);
            } else {
                ImGui::TextDisabled("-");
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
    note_item_rect("hw_compare");
}

void section_heading(const char* text) {
    ImGui::Spacing();
    muted_wrapped(text);
}

}  // namespace

// [SECTION] draw_hardware_panel()
void draw_hardware_panel(HardwarePanel& p) {
    update_hardware_panel(p);
    ImGui::BeginChild("hw_scroll", ImVec2(0.0f, 0.0f), false);
    const float width = ImGui::GetContentRegionAvail().x;
    p.narrow = width < 640.0f;
    muted_wrapped("The accelerators the models run on, every figure with its source. Hover a value for where it "
                  "came from; click it to open the source; click a header to sort. Scroll sideways for more columns.");
    quality_legend();
    draw_catalogue(p);

    section_heading("SIDE BY SIDE: every spec of two chips, and the ratio A / B");
    draw_side_by_side(p, width);

    ImGui::Spacing();
    if (p.reveal_validation) ImGui::SetNextItemOpen(true);
    p.validation_open = ImGui::CollapsingHeader("Measured vs model", ImGuiTreeNodeFlags_DefaultOpen);
    note_item_rect("hw_validation_header");
    if (p.reveal_validation) {
        ImGui::SetScrollHereY(0.0f);
        p.reveal_validation = false;
    }
    if (p.validation_open) draw_validation_panel(p.validation);
    ImGui::EndChild();
}

}  // namespace w2t::web
