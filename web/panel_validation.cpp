// [SECTION] Contents
//   verdicts and formatting
//   update: validate once, filter and sort on change
//   summary tables
//   vendor claims
//   measured vs predicted plot
//   per-row table
//   draw_validation_panel()
#include "panel_validation.hpp"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "imgui.h"
#include "theme.hpp"
#include "panel_sources.hpp"
#include "widget_rects.hpp"

namespace w2t::web {
namespace {

const ImVec4& kMutedColour = theme().muted;
const ImVec4& kGoodColour = theme().good;
const ImVec4& kWarnColour = theme().warn;
const ImVec4& kBadColour = theme().error;

ImVec4 error_colour(double abs_pct) {
    if (!std::isfinite(abs_pct)) return kMutedColour;
    return abs_pct <= 30.0 ? kGoodColour : abs_pct <= 100.0 ? kWarnColour : kBadColour;
}

std::string row_chip(const CalibrationRow& r) {
    return r.accelerator_count > 0 ? r.hardware_id + " x" + std::to_string(r.accelerator_count) : r.hardware_id;
}

}  // namespace

// [SECTION] verdicts and formatting
std::string format_pct(double pct) {
    if (!std::isfinite(pct)) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, std::fabs(pct) >= 100.0 ? "%.0f %%" : "%.1f %%", pct);
    return buf;
}

std::string claim_verdict(const RowOutcome& o) {
    if (!o.ok || !o.row) return "the model could not evaluate it" + (o.error.empty() ? "" : ": " + o.error);
    const CalibrationRow& r = *o.row;
    std::string out = "model: " + chart::format_exact(o.predicted, r.unit.c_str()) + " \xE2\x80\x94 ";
    if (!(o.predicted > 0) || !(r.value > 0)) return out + "no ratio";
    const double ratio = r.value / o.predicted;
    char buf[96];
    if (std::fabs(ratio - 1.0) < 0.05) {
        std::snprintf(buf, sizeof buf, "within %.0f %% of the claim", std::max(1.0, std::fabs(ratio - 1.0) * 100.0));
    } else {
        const double times = ratio > 1.0 ? ratio : 1.0 / ratio;
        std::snprintf(buf, sizeof buf, times < 10.0 ? "the claim is %.1f\xC3\x97 %s" : "the claim is %.0f\xC3\x97 %s",
                      times, ratio > 1.0 ? "higher" : "lower");
    }
    return out + buf;
}

// [SECTION] update
namespace {

double sort_number(const RowOutcome& o, ValColumn c) {
    switch (c) {
        case ValColumn::count: return o.row->accelerator_count;
        case ValColumn::measured: return o.row->value;
        case ValColumn::predicted: return o.ok ? o.predicted : NAN;
        case ValColumn::error: return o.ok ? o.error_pct : NAN;
        default: return NAN;
    }
}

const std::string& sort_text(const RowOutcome& o, ValColumn c) {
    switch (c) {
        case ValColumn::model: return o.row->model_id;
        case ValColumn::scenario: return o.row->scenario;
        case ValColumn::metric: return o.row->metric;
        case ValColumn::quality: return o.row->quality;
        case ValColumn::source: return o.row->source_url;
        default: return o.row->hardware_id;
    }
}

bool numeric(ValColumn c) {
    return c == ValColumn::count || c == ValColumn::measured || c == ValColumn::predicted || c == ValColumn::error;
}

}  // namespace

bool update_validation_panel(ValidationPanel& p) {
    bool changed = false;
    if (!p.report) {
        const auto& rows = builtin_calibration_rows();
        const Catalogue& cat = builtin_catalogue();
        const auto t0 = std::chrono::steady_clock::now();
        p.report = validate_rows(rows, cat);
        p.compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        p.visible_of.reset();
        changed = true;
    }
    const ValidationPanel::Key key{p.chip, p.model, p.claims_only, p.sort_column, p.sort_ascending};
    if (p.visible_of && *p.visible_of == key) return changed;
    const auto& rows = p.report->rows;
    p.visible.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
        const CalibrationRow& r = *rows[i].row;
        if (!p.chip.empty() && r.hardware_id != p.chip) continue;
        if (!p.model.empty() && r.model_id != p.model) continue;
        if (p.claims_only && r.quality != "vendor-claim") continue;
        p.visible.push_back(static_cast<int>(i));
    }
    const ValColumn c = p.sort_column;
    const bool asc = p.sort_ascending;
    std::stable_sort(p.visible.begin(), p.visible.end(), [&](int ia, int ib) {
        const RowOutcome& a = rows[ia];
        const RowOutcome& b = rows[ib];
        if (numeric(c)) {
            const double x = sort_number(a, c), y = sort_number(b, c);
            if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);  // unknown last
            return asc ? x < y : x > y;
        }
        const int cmp = sort_text(a, c).compare(sort_text(b, c));
        return asc ? cmp < 0 : cmp > 0;
    });
    p.visible_of = key;
    ++p.version;
    return true;
}

namespace {

// [SECTION] summary tables
void summary_table(const char* id, const char* title, const std::vector<GroupStats>& groups) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable(id, 4, flags)) return;
    ImGui::TableSetupColumn(title, ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn("rows", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("median |err|", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("in \xC2\xB1" "30 %", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (const GroupStats& g : groups) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(g.name.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", g.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(kMutedColour, "%d", g.rows);
        ImGui::TableNextColumn();
        ImGui::TextColored(error_colour(g.median_abs_error_pct), "%s", format_pct(g.median_abs_error_pct).c_str());
        ImGui::TableNextColumn();
        const double share = g.within_30_share * 100.0;
        ImGui::TextColored(std::isfinite(share) ? (share >= 80.0 ? kGoodColour : kWarnColour) : kMutedColour, "%s",
                           format_pct(share).c_str());
    }
    ImGui::EndTable();
}

void draw_summary(const ValidationPanel& p, float width) {
    const ValidationReport& r = *p.report;
    char line[256];
    std::snprintf(line, sizeof line,
                  "All %d measurements: median |error| %s, %s within \xC2\xB1" "30 %%%s (validated in %.0f ms).",
                  r.overall.rows, format_pct(r.overall.median_abs_error_pct).c_str(),
                  format_pct(r.overall.within_30_share * 100.0).c_str(),
                  r.failed ? (", " + std::to_string(r.failed) + " could not be evaluated").c_str() : "",
                  p.compute_ms);
    ImGui::TextWrapped("%s", line);
    ImGui::BeginGroup();
    const int columns = width >= 900.0f ? 3 : 1;
    if (columns == 3 && ImGui::BeginTable("val_summary_cols", 3, ImGuiTableFlags_SizingStretchSame |
                                                                   ImGuiTableFlags_PadOuterX)) {
        ImGui::TableNextColumn();
        summary_table("val_by_metric", "metric", r.by_metric);
        ImGui::TableNextColumn();
        summary_table("val_by_family", "chip family", r.by_family);
        ImGui::TableNextColumn();
        summary_table("val_by_quality", "source quality", r.by_quality);
        ImGui::EndTable();
    } else {
        summary_table("val_by_metric", "metric", r.by_metric);
        ImGui::Spacing();
        summary_table("val_by_family", "chip family", r.by_family);
        ImGui::Spacing();
        summary_table("val_by_quality", "source quality", r.by_quality);
    }
    ImGui::EndGroup();
    note_item_rect("val_summary");
}

// [SECTION] vendor claims
void draw_claims(ValidationPanel& p) {
    const auto& rows = p.report->rows;
    int n = 0;
    for (const RowOutcome& o : rows) n += o.row->quality == "vendor-claim";
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "VENDOR CLAIMS VS THE MODEL (%d)", n);
    quality_marker("vendor-claim");
    ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
    ImGui::TextWrapped("Shown, flagged, and not trusted blindly: where the model disagrees with a claim, by how much. "
                       "Hover a row for the source's note.");
    ImGui::PopStyleColor();
    const float em = ImGui::GetFontSize();
    // Scrolls sideways only where its columns (about 68 em) do not fit.
    const bool scroll = ImGui::GetContentRegionAvail().x < 69.0f * em;
    const ImGuiTableFlags flags = (scroll ? ImGuiTableFlags_ScrollX : ImGuiTableFlags_None) | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingFixedFit;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2.0f * st.CellPadding.y;
    const float height = scroll ? (static_cast<float>(n) + 1.0f) * row_h + st.ScrollbarSize + 4.0f : 0.0f;
    ImGui::BeginGroup();
    if (ImGui::BeginTable("val_claims_table", 7, flags, ImVec2(0.0f, height))) {
        ImGui::TableSetupColumn("Chip", ImGuiTableColumnFlags_WidthFixed, 8.5f * em);
        ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_WidthFixed, 9.5f * em);
        ImGui::TableSetupColumn("Metric", ImGuiTableColumnFlags_WidthFixed, 10.0f * em);
        ImGui::TableSetupColumn("Claimed", ImGuiTableColumnFlags_WidthFixed, 6.5f * em);
        ImGui::TableSetupColumn("Model says", ImGuiTableColumnFlags_WidthFixed, 6.5f * em);
        ImGui::TableSetupColumn("Verdict", ImGuiTableColumnFlags_WidthFixed, 12.5f * em);
        ImGui::TableSetupColumn("Source", scroll ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                                scroll ? 14.0f * em : 1.0f);
        if (scroll) ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < rows.size(); ++i) {
            const RowOutcome& o = rows[i];
            const CalibrationRow& r = *o.row;
            if (r.quality != "vendor-claim") continue;
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row_chip(r).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.model_id.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.metric.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(chart::format_exact(r.value, r.unit.c_str()).c_str());
            const bool claim_hovered = ImGui::IsItemHovered();
            quality_marker(r.quality);
            if (claim_hovered || ImGui::IsItemHovered())
                source_tooltip(r.source_title, r.quality, r.source_date, r.source_url, r.note);
            ImGui::TableNextColumn();
            if (o.ok) ImGui::TextUnformatted(chart::format_exact(o.predicted, r.unit.c_str()).c_str());
            else ImGui::TextColored(kBadColour, "failed");
            ImGui::TableNextColumn();
            // "the claim is 1.7x higher": the verdict without the model's figure (it has its column).
            const std::string verdict = claim_verdict(o);
            const size_t dash = verdict.find("\xE2\x80\x94 ");
            ImGui::TextColored(error_colour(o.ok ? std::fabs(o.error_pct) : NAN), "%s",
                               dash == std::string::npos ? verdict.c_str() : verdict.c_str() + dash + 4);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", verdict.c_str());
            ImGui::TableNextColumn();
            link(short_url(r.source_url, 34).c_str(), r.source_url);
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
    note_item_rect("val_claims");
}

// [SECTION] measured vs predicted plot
void draw_plot(ValidationPanel& p, float height) {
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "MEASURED VS PREDICTED (shown rows; each in its own unit: tok/s, ms or s)");
    const auto& rows = p.report->rows;
    static constexpr const char* kQualities[] = {"official-benchmark", "vendor-benchmark", "third-party",
                                                 "vendor-claim"};
    std::vector<chart::Series> series;
    std::vector<std::vector<int>> members;
    double lo = INFINITY, hi = 0;
    for (const char* q : kQualities) {
        chart::Series s;
        s.name = q;
        s.colour = quality_colour(q);
        s.line = false;
        s.marker_radius = 3.0f;
        std::vector<int> m;
        for (int i : p.visible) {
            const RowOutcome& o = rows[i];
            if (!o.ok || o.row->quality != q || !(o.row->value > 0) || !(o.predicted > 0)) continue;
            s.x.push_back(o.row->value);
            s.y.push_back(o.predicted);
            m.push_back(i);
            lo = std::min({lo, o.row->value, o.predicted});
            hi = std::max({hi, o.row->value, o.predicted});
        }
        series.push_back(std::move(s));
        members.push_back(std::move(m));
    }
    chart::Series diagonal;
    diagonal.name = "model = measured";
    diagonal.colour = theme().axis;
    if (hi > 0) diagonal.x = diagonal.y = {lo, hi};
    series.push_back(std::move(diagonal));
    chart::PlotOptions options;
    options.default_tooltip = false;
    ImGui::BeginGroup();
    p.plot_hover = chart::line_plot("val_plot", height, {"measured", "", true}, {"predicted", "", true}, series,
                                    options);
    ImGui::EndGroup();
    note_item_rect("val_plot");
    const chart::PlotHover h = p.plot_hover;
    if (h.active() && h.series < static_cast<int>(members.size()) &&
        h.index < static_cast<int>(members[h.series].size())) {
        const RowOutcome& o = rows[members[h.series][h.index]];
        const CalibrationRow& r = *o.row;
        ImGui::SetTooltip("%s, %s, %s\n%s, %s\nmeasured %s\npredicted %s (%+.0f %%)\n%s", row_chip(r).c_str(),
                          r.model_id.c_str(), r.framework.c_str(), r.scenario.c_str(), r.metric.c_str(),
                          chart::format_exact(r.value, r.unit.c_str()).c_str(),
                          chart::format_exact(o.predicted, r.unit.c_str()).c_str(), o.error_pct,
                          r.quality.c_str());
    }
}

// [SECTION] per-row table
void string_combo(const char* id, const char* all_label, std::string* value, const std::set<std::string>& options) {
    if (ImGui::BeginCombo(id, value->empty() ? all_label : value->c_str())) {
        if (ImGui::Selectable(all_label, value->empty())) value->clear();
        for (const std::string& o : options)
            if (ImGui::Selectable(o.c_str(), *value == o)) *value = o;
        ImGui::EndCombo();
    }
}

void draw_filters(ValidationPanel& p, float width) {
    std::set<std::string> chips, models;
    for (const RowOutcome& o : p.report->rows) {
        chips.insert(o.row->hardware_id);
        models.insert(o.row->model_id);
    }
    const bool stacked = width < 560.0f;
    const float w = stacked ? width : std::min(240.0f, width * 0.3f);
    ImGui::SetNextItemWidth(stacked ? -FLT_MIN : w);
    string_combo("##val_chip", "every chip", &p.chip, chips);
    note_item_rect("val_chip");
    if (!stacked) ImGui::SameLine();
    ImGui::SetNextItemWidth(stacked ? -FLT_MIN : w);
    string_combo("##val_model", "every model", &p.model, models);
    note_item_rect("val_model");
    if (!stacked) ImGui::SameLine();
    ImGui::Checkbox("vendor claims only", &p.claims_only);
    note_item_rect("val_claims_only");
}

void draw_rows(ValidationPanel& p, float height) {
    const auto& rows = p.report->rows;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_SizingFixedFit;
    ImGui::BeginGroup();
    if (ImGui::BeginTable("val_table", 10, flags, ImVec2(0.0f, height))) {
        const float em = ImGui::GetFontSize();
        struct Col {
            const char* name;
            ValColumn id;
            float width;
            bool descending_first;
        };
        const Col cols[] = {{"Chip", ValColumn::chip, 7.5f * em, false},
                            {"Count", ValColumn::count, 3.2f * em, true},
                            {"Model", ValColumn::model, 9.5f * em, false},
                            {"Scenario", ValColumn::scenario, 6.0f * em, false},
                            {"Metric", ValColumn::metric, 10.0f * em, false},
                            {"Measured", ValColumn::measured, 6.5f * em, true},
                            {"Predicted", ValColumn::predicted, 6.5f * em, true},
                            {"Error", ValColumn::error, 4.8f * em, true},
                            {"Quality", ValColumn::quality, 8.0f * em, false},
                            {"Source", ValColumn::source, 16.0f * em, false}};
        for (const Col& c : cols) {
            ImGuiTableColumnFlags f = ImGuiTableColumnFlags_WidthFixed;
            if (c.id == p.sort_column) {
                f |= ImGuiTableColumnFlags_DefaultSort;
                if (!p.sort_ascending) f |= ImGuiTableColumnFlags_PreferSortDescending;
            } else if (c.descending_first) {
                f |= ImGuiTableColumnFlags_PreferSortDescending;
            }
            ImGui::TableSetupColumn(c.name, f, c.width, static_cast<ImGuiID>(c.id));
        }
        ImGui::TableSetupScrollFreeze(1, 1);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
            if (specs->SpecsCount > 0) {
                p.sort_column = static_cast<ValColumn>(specs->Specs[0].ColumnUserID);
                p.sort_ascending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
            }
            specs->SpecsDirty = false;
            update_validation_panel(p);
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(p.visible.size()));
        while (clipper.Step()) {
            for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
                const RowOutcome& o = rows[p.visible[k]];
                const CalibrationRow& r = *o.row;
                ImGui::PushID(p.visible[k]);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.hardware_id.c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", r.id.c_str(), r.framework.c_str());
                ImGui::TableNextColumn();
                if (r.accelerator_count > 0) ImGui::Text("%d", r.accelerator_count);
                else ImGui::TextDisabled("-");
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.model_id.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.scenario.c_str());
                if (ImGui::IsItemHovered()) {
                    ImGui::SetTooltip("%s, %s in / %s out, concurrency %s", r.precision.c_str(),
                                      chart::format_exact(r.input_tokens, "").c_str(),
                                      chart::format_exact(r.output_tokens, "").c_str(),
                                      std::isfinite(r.concurrency) ? chart::format_exact(r.concurrency, "").c_str()
                                                                   : "-");
                }
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(r.metric.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(chart::format_exact(r.value, r.unit.c_str()).c_str());
                const bool measured_hovered = ImGui::IsItemHovered();
                quality_marker(r.quality);
                if (measured_hovered || ImGui::IsItemHovered())
                    source_tooltip(r.source_title, r.quality, r.source_date, r.source_url, r.note);
                ImGui::TableNextColumn();
                if (o.ok) {
                    ImGui::TextUnformatted(chart::format_exact(o.predicted, r.unit.c_str()).c_str());
                } else {
                    ImGui::TextColored(kBadColour, "failed");
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", o.error.c_str());
                }
                ImGui::TableNextColumn();
                if (o.ok) {
                    ImGui::TextColored(error_colour(std::fabs(o.error_pct)), "%+.0f %%", o.error_pct);
                    if (ImGui::IsItemHovered()) {
                        ImGui::BeginTooltip();
                        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                        ImGui::TextUnformatted("(predicted - measured) / measured");
                        if (r.quality == "vendor-claim") ImGui::TextUnformatted(claim_verdict(o).c_str());
                        for (const std::string& a : o.assumptions) {
                            ImGui::Bullet();
                            ImGui::TextWrapped("%s", a.c_str());
                        }
                        ImGui::PopTextWrapPos();
                        ImGui::EndTooltip();
                    }
                } else {
                    ImGui::TextDisabled("-");
                }
                ImGui::TableNextColumn();
                ImGui::PushStyleColor(ImGuiCol_Text, quality_colour(r.quality));
                ImGui::TextUnformatted(r.quality.c_str());
                ImGui::PopStyleColor();
                if (r.quality == "vendor-claim" && ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s", claim_verdict(o).c_str());
                ImGui::TableNextColumn();
                link(short_url(r.source_url, 40).c_str(), r.source_url);
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
    note_item_rect("val_table");
}

}  // namespace

// [SECTION] draw_validation_panel()
void draw_validation_panel(ValidationPanel& p) {
    update_validation_panel(p);
    const float width = ImGui::GetContentRegionAvail().x;
    p.narrow = width < 700.0f;
    ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
    ImGui::TextWrapped("The performance model against every published measurement in the calibration set, run "
                       "with the same inputs (as `w2t validate`). Error = (predicted - measured) / measured.");
    ImGui::PopStyleColor();
    draw_summary(p, width);
    draw_claims(p);
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "EVERY MEASUREMENT");
    draw_filters(p, width);
    update_validation_panel(p);
    ImGui::TextColored(kMutedColour, "%d of %d rows; click a header to sort, hover a value for its source",
                       static_cast<int>(p.visible.size()), static_cast<int>(p.report->rows.size()));
    const float row_h = ImGui::GetTextLineHeightWithSpacing() + 2.0f;
    const float rows_shown = std::clamp(static_cast<float>(p.visible.size()) + 1.0f, 4.0f, p.narrow ? 14.0f : 18.0f);
    draw_rows(p, rows_shown * row_h + ImGui::GetStyle().ScrollbarSize + 6.0f);
    draw_plot(p, std::clamp(width * 0.55f, 220.0f, 380.0f));
}

}  // namespace w2t::web
