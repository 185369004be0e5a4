// The hardware, sources and measured-vs-model views, run headless: each draws
// at a desktop and a phone width with widgets of positive width, the
// validation numbers are validate_rows()'s, filters narrow the rows, sorting
// orders them, and links go through the URL opener.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "app.hpp"
#include "panel_hardware.hpp"
#include "panel_sources.hpp"
#include "panel_validation.hpp"
#include "support/imgui_headless.hpp"
#include "w2t/perf/calibration.hpp"
#include "widget_rects.hpp"

using namespace w2t;
using namespace w2t::web;

namespace {

void paint_nothing(ImDrawList*, const WaferMapParams&) {}
const MapPainter kNoPainter{paint_nothing};

void draw_view(test::HeadlessImGui& ui, App& app, const char* view, int frames = 3) {
    EXPECT_TRUE(set_view(app, view)) << view;
    for (int i = 0; i < frames; ++i) ui.frame([&] { draw_app(app, kNoPainter); });
}

void expect_rect(const char* name, float width) {
    const auto r = widget_rect(name);
    ASSERT_TRUE(r.has_value()) << name;
    EXPECT_GT(r->x1 - r->x0, 40.0f) << name << " at " << width;
    EXPECT_GT(r->y1 - r->y0, 4.0f) << name << " at " << width;
    EXPECT_GE(r->x0, 0.0f) << name << " at " << width;
    EXPECT_LE(r->x1, width + 0.5f) << name << " at " << width;
}

std::vector<std::string> opened;
void record_url(const std::string& url) { opened.push_back(url); }

}  // namespace

TEST(UiHardwarePanel, EveryViewDrawsAtDesktopAndPhoneWidths) {
    for (float width : {1280.0f, 360.0f, 1920.0f}) {
        test::HeadlessImGui ui(width, width < 500.0f ? 740.0f : 900.0f);
        App app;
        draw_view(ui, app, "hardware");
        EXPECT_EQ(app.view, "hardware");
        EXPECT_EQ(app.hardware.narrow, width < 640.0f);
        for (const char* name : {"hw_table", "hw_pick_a", "hw_pick_b", "hw_compare", "hw_validation_header"})
            expect_rect(name, width);
        // The validation section is below the side-by-side table.
        EXPECT_GT(widget_rect("hw_validation_header")->y0, widget_rect("hw_compare")->y1);
        if (width < 640.0f) {  // the pickers stack
            EXPECT_GT(widget_rect("hw_pick_b")->y0, widget_rect("hw_pick_a")->y1 - 1.0f);
        } else {
            EXPECT_NEAR(widget_rect("hw_pick_b")->y0, widget_rect("hw_pick_a")->y0, 1.0f);
        }

        draw_view(ui, app, "validation");
        EXPECT_EQ(app.view, "hardware");
        ASSERT_TRUE(app.hardware.validation.report.has_value());
        for (const char* name : {"val_summary", "val_claims", "val_chip", "val_model", "val_table", "val_plot"})
            expect_rect(name, width);

        draw_view(ui, app, "sources");
        EXPECT_EQ(app.view, "sources");
        EXPECT_EQ(app.sources.narrow, width < 640.0f);
        for (const char* name : {"src_filter", "src_quality", "src_kind", "src_table"}) expect_rect(name, width);
        EXPECT_GT(widget_rect("src_table")->y1 - widget_rect("src_table")->y0, 150.0f);
        if (width < 640.0f) {  // the filters stack
            EXPECT_GT(widget_rect("src_quality")->y0, widget_rect("src_filter")->y1 - 1.0f);
        }
        EXPECT_TRUE(set_view(app, "dpw"));
        EXPECT_TRUE(set_view(app, "inference"));
        EXPECT_FALSE(set_view(app, "nope"));
    }
}

TEST(UiHardwarePanel, CatalogueTableSortsByAnyColumnUnknownsLast) {
    HardwarePanel p;
    ASSERT_TRUE(update_hardware_panel(p));
    EXPECT_FALSE(update_hardware_panel(p));
    const auto& accs = builtin_catalogue().accelerators;
    ASSERT_EQ(p.order.size(), accs.size());
    for (size_t i = 1; i < p.order.size(); ++i) EXPECT_LE(accs[p.order[i - 1]].name, accs[p.order[i]].name);

    p.sort_column = HwColumn::bandwidth;
    p.sort_ascending = false;
    const uint64_t v = p.order_version;
    ASSERT_TRUE(update_hardware_panel(p));
    EXPECT_EQ(p.order_version, v + 1);
    bool seen_unknown = false;
    for (size_t i = 0; i < p.order.size(); ++i) {
        const double x = hardware_number(accs[p.order[i]], HwColumn::bandwidth);
        if (std::isnan(x)) {
            seen_unknown = true;
            continue;
        }
        EXPECT_FALSE(seen_unknown) << "a known value after an unknown one";
        if (i) {
            const double prev = hardware_number(accs[p.order[i - 1]], HwColumn::bandwidth);
            EXPECT_GE(prev, x);
        }
    }
    // The highest bandwidth first (TB/s = GB/s / 1000).
    double best = 0;
    for (const Accelerator& a : accs)
        if (known(a.memory_bw_gbs)) best = std::max(best, a.memory_bw_gbs / 1000.0);
    EXPECT_DOUBLE_EQ(hardware_number(accs[p.order[0]], HwColumn::bandwidth), best);

    p.sort_column = HwColumn::fp4;
    p.sort_ascending = true;
    update_hardware_panel(p);
    EXPECT_TRUE(known(accs[p.order.front()].tflops_fp4));
    EXPECT_FALSE(known(accs[p.order.back()].tflops_fp4));  // most chips publish no FP4
}

TEST(UiHardwarePanel, CellsCarryTheirSourceAndFlagEstimates) {
    const Catalogue& cat = builtin_catalogue();
    const Accelerator* h100 = cat.accelerator("h100-sxm");
    ASSERT_TRUE(h100);
    EXPECT_EQ(hardware_text(*h100, HwColumn::bandwidth), "3.35");
    EXPECT_EQ(hardware_text(*h100, HwColumn::memory), "80");
    EXPECT_EQ(hardware_text(*h100, HwColumn::price), "$27,500");
    int flagged = 0, with_source = 0;
    for (const Accelerator& a : cat.accelerators)
        for (const HwColumnInfo& c : hardware_columns()) {
            if (!c.spec) continue;
            const SourcedSpec* s = a.spec(c.spec);
            if (!s) {
                EXPECT_EQ(hardware_text(a, c.id), "-") << a.id << " " << c.spec;
                continue;
            }
            ++with_source;
            EXPECT_EQ(s->source.url.rfind("http", 0), 0u) << a.id << " " << c.spec;
            flagged += flagged_quality(to_string(s->source.quality));
        }
    EXPECT_GT(with_source, 150);
    EXPECT_GT(flagged, 0);  // some shown figures are estimates or vendor claims
    EXPECT_TRUE(flagged_quality("estimate"));
    EXPECT_TRUE(flagged_quality("vendor-claim"));
    EXPECT_FALSE(flagged_quality("datasheet"));
    EXPECT_NE(quality_colour("estimate"), quality_colour("vendor-claim"));
}

TEST(UiHardwarePanel, SideBySideListsEverySpecOfBothWithRatios) {
    const Catalogue& cat = builtin_catalogue();
    const Accelerator& a = *cat.accelerator("b200");
    const Accelerator& b = *cat.accelerator("cerebras-cs3");
    const auto rows = compare_specs(a, b);
    std::set<std::string> keys;
    for (const CompareSpec& r : rows) EXPECT_TRUE(keys.insert(r.key).second) << "twice: " << r.key;
    for (const SourcedSpec& s : a.specs) EXPECT_TRUE(keys.count(s.key)) << s.key;
    for (const SourcedSpec& s : b.specs) EXPECT_TRUE(keys.count(s.key)) << s.key;
    int ratios = 0;
    for (const CompareSpec& r : rows) {
        if (r.a && r.b && r.a->number > 0 && r.b->number > 0) {
            EXPECT_DOUBLE_EQ(r.ratio, r.a->number / r.b->number) << r.key;
            ++ratios;
        }
        if (!r.a || !r.b) {
            EXPECT_TRUE(std::isnan(r.ratio)) << r.key;
        }
    }
    EXPECT_GE(ratios, 4);  // memory, TFLOPS, TDP, ...
    EXPECT_EQ(spec_label("memory_bw_gbs").first, "Memory bandwidth");
    EXPECT_EQ(spec_label("memory_bw_gbs").second, "GB/s");
    EXPECT_EQ(spec_label("no_such_key").first, "no_such_key");
}

TEST(UiValidationPanel, NumbersAreValidateRowsOwn) {
    ValidationPanel p;
    EXPECT_FALSE(p.report.has_value());  // nothing runs before the section is shown
    ASSERT_TRUE(update_validation_panel(p));
    ASSERT_TRUE(p.report.has_value());
    EXPECT_FALSE(update_validation_panel(p));  // once, not every frame
    const ValidationReport expected = validate_rows(builtin_calibration_rows(), builtin_catalogue());
    const ValidationReport& got = *p.report;
    ASSERT_EQ(got.rows.size(), expected.rows.size());
    EXPECT_EQ(got.failed, expected.failed);
    EXPECT_EQ(got.overall.rows, expected.overall.rows);
    EXPECT_DOUBLE_EQ(got.overall.median_abs_error_pct, expected.overall.median_abs_error_pct);
    EXPECT_DOUBLE_EQ(got.overall.within_30_share, expected.overall.within_30_share);
    auto same_groups = [](const std::vector<GroupStats>& x, const std::vector<GroupStats>& y) {
        ASSERT_EQ(x.size(), y.size());
        for (size_t i = 0; i < x.size(); ++i) {
            EXPECT_EQ(x[i].name, y[i].name);
            EXPECT_EQ(x[i].rows, y[i].rows);
            EXPECT_DOUBLE_EQ(x[i].median_abs_error_pct, y[i].median_abs_error_pct) << x[i].name;
            EXPECT_DOUBLE_EQ(x[i].within_30_share, y[i].within_30_share) << x[i].name;
        }
    };
    same_groups(got.by_metric, expected.by_metric);
    same_groups(got.by_family, expected.by_family);
    same_groups(got.by_quality, expected.by_quality);
    for (size_t i = 0; i < got.rows.size(); ++i) {
        EXPECT_EQ(got.rows[i].row, expected.rows[i].row);
        EXPECT_EQ(got.rows[i].ok, expected.rows[i].ok);
        if (got.rows[i].ok) {
            EXPECT_DOUBLE_EQ(got.rows[i].predicted, expected.rows[i].predicted);
            EXPECT_DOUBLE_EQ(got.rows[i].error_pct, expected.rows[i].error_pct);
        }
    }
    EXPECT_EQ(p.visible.size(), got.rows.size());  // no filter: every row
    EXPECT_EQ(format_pct(14.24), "14.2 %");
    EXPECT_EQ(format_pct(NAN), "-");
}

TEST(UiValidationPanel, FiltersNarrowAndSortingOrdersTheRows) {
    ValidationPanel p;
    update_validation_panel(p);
    const auto& rows = p.report->rows;
    const size_t all = p.visible.size();

    p.chip = "h100-sxm";
    ASSERT_TRUE(update_validation_panel(p));
    ASSERT_GT(p.visible.size(), 0u);
    EXPECT_LT(p.visible.size(), all);
    for (int i : p.visible) EXPECT_EQ(rows[i].row->hardware_id, "h100-sxm");
    const size_t h100 = p.visible.size();

    p.model = rows[p.visible.front()].row->model_id;
    update_validation_panel(p);
    EXPECT_LE(p.visible.size(), h100);
    for (int i : p.visible) EXPECT_EQ(rows[i].row->model_id, p.model);

    p.chip.clear();
    p.model.clear();
    p.claims_only = true;
    update_validation_panel(p);
    ASSERT_GT(p.visible.size(), 0u);
    for (int i : p.visible) EXPECT_EQ(rows[i].row->quality, "vendor-claim");
    p.claims_only = false;

    p.sort_column = ValColumn::error;
    p.sort_ascending = true;
    update_validation_panel(p);
    EXPECT_EQ(p.visible.size(), all);
    for (size_t k = 1; k < p.visible.size(); ++k) {
        const RowOutcome& a = rows[p.visible[k - 1]];
        const RowOutcome& b = rows[p.visible[k]];
        if (a.ok && b.ok) {
            EXPECT_LE(a.error_pct, b.error_pct);
        }
        if (!a.ok) {
            EXPECT_FALSE(b.ok);  // failures last
        }
    }
    p.sort_column = ValColumn::measured;
    p.sort_ascending = false;
    update_validation_panel(p);
    for (size_t k = 1; k < p.visible.size(); ++k)
        EXPECT_GE(rows[p.visible[k - 1]].row->value, rows[p.visible[k]].row->value);
    p.sort_column = ValColumn::chip;
    p.sort_ascending = true;
    update_validation_panel(p);
    for (size_t k = 1; k < p.visible.size(); ++k)
        EXPECT_LE(rows[p.visible[k - 1]].row->hardware_id, rows[p.visible[k]].row->hardware_id);
}

TEST(UiValidationPanel, VendorClaimsSayHowFarTheModelIs) {
    ValidationPanel p;
    update_validation_panel(p);
    int claims = 0;
    for (const RowOutcome& o : p.report->rows) {
        if (o.row->quality != "vendor-claim") continue;
        ++claims;
        const std::string v = claim_verdict(o);
        ASSERT_TRUE(o.ok) << o.row->id << ": " << o.error;
        EXPECT_EQ(v.rfind("model: ", 0), 0u) << v;
        const double ratio = o.row->value / o.predicted;
        const char* word = ratio >= 1.05 ? "higher" : ratio <= 0.95 ? "lower" : "within";
        EXPECT_NE(v.find(word), std::string::npos) << v;
    }
    EXPECT_GT(claims, 10);
    // A made-up claim twice the model's figure.
    CalibrationRow row;
    row.value = 2500;
    row.unit = "tok/s";
    RowOutcome o;
    o.row = &row;
    o.ok = true;
    o.predicted = 1250;
    o.error_pct = -50;
    EXPECT_EQ(claim_verdict(o), "model: 1,250 tok/s \xE2\x80\x94 the claim is 2.0\xC3\x97 higher");
}

TEST(UiSourcesPanel, EveryFigureIsListedAndTheFiltersNarrowIt) {
    SourcesPanel p;
    ASSERT_TRUE(update_sources_panel(p));
    EXPECT_FALSE(update_sources_panel(p));
    const Catalogue& cat = builtin_catalogue();
    size_t specs = 0;
    for (const Accelerator& a : cat.accelerators) specs += a.specs.size();
    for (const ModelArch& m : cat.models) specs += m.specs.size();
    std::set<std::pair<std::string, std::string>> measured;
    for (const CalibrationRow& r : builtin_calibration_rows()) measured.insert({r.source_url, r.quality});
    EXPECT_EQ(p.entries.size(), specs + measured.size());
    EXPECT_EQ(p.visible.size(), p.entries.size());
    for (const SourceEntry& e : p.entries) {
        EXPECT_EQ(e.url.rfind("http", 0), 0u) << e.owner << " " << e.figure;
        EXPECT_FALSE(e.quality.empty());
    }

    p.filter = "H100 SXM";  // case-insensitive
    update_sources_panel(p);
    ASSERT_GT(p.visible.size(), 0u);
    EXPECT_LT(p.visible.size(), p.entries.size());
    for (int i : p.visible) EXPECT_TRUE(source_matches(p.entries[i], "h100 sxm"));

    p.filter.clear();
    p.quality = "estimate";
    update_sources_panel(p);
    ASSERT_GT(p.visible.size(), 0u);
    for (int i : p.visible) EXPECT_EQ(p.entries[i].quality, "estimate");

    p.quality.clear();
    p.kind = static_cast<int>(SourceEntry::Kind::measurement);
    update_sources_panel(p);
    EXPECT_EQ(p.visible.size(), measured.size());

    p.kind = -1;
    p.sort_column = SourceColumn::date;
    p.sort_ascending = false;
    update_sources_panel(p);
    EXPECT_EQ(p.visible.size(), p.entries.size());
    for (size_t k = 1; k < p.visible.size(); ++k)
        EXPECT_GE(p.entries[p.visible[k - 1]].date, p.entries[p.visible[k]].date);

    p.filter = "no such thing anywhere";
    update_sources_panel(p);
    EXPECT_TRUE(p.visible.empty());
}

TEST(UiSourcesPanel, LinksOpenOnlyWebUrlsThroughTheOpener) {
    opened.clear();
    set_url_opener(record_url);
    EXPECT_TRUE(open_url("https://example.com/a.pdf"));
    EXPECT_FALSE(open_url("javascript:alert(1)"));
    EXPECT_FALSE(open_url("file:///etc/passwd"));
    EXPECT_EQ(opened, std::vector<std::string>{"https://example.com/a.pdf"});
    EXPECT_EQ(last_opened_url(), "https://example.com/a.pdf");
    set_url_opener(nullptr);
    EXPECT_EQ(short_url("https://www.nvidia.com/en-us/data-center/h100/"), "nvidia.com/en-us/data-center/h100");
    const std::string s = short_url("https://example.com/" + std::string(200, 'x') + "/file.pdf", 40);
    EXPECT_NE(s.find("\xE2\x80\xA6"), std::string::npos);
    EXPECT_NE(s.find("file.pdf"), std::string::npos);
}

TEST(UiSourcesPanel, ClickingALinkInTheTableOpensIt) {
    test::HeadlessImGui ui(1280.0f, 800.0f);
    App app;
    opened.clear();
    set_url_opener(record_url);
    draw_view(ui, app, "sources");
    const auto table = widget_rect("src_table");
    ASSERT_TRUE(table.has_value());
    // The "Source" column: sweep the first data row until a click opens something.
    const float row_y = table->y0 + 1.5f * (ImGui::GetTextLineHeight() + 4.0f) + 1.0f;
    ImGuiIO& io = ImGui::GetIO();
    for (float x = table->x0 + 10.0f; x < table->x1 && opened.empty(); x += 12.0f) {
        io.MousePos = ImVec2(x, row_y);
        ui.frame([&] { draw_app(app, kNoPainter); });
        io.MouseDown[0] = true;
        ui.frame([&] { draw_app(app, kNoPainter); });
        io.MouseDown[0] = false;
        ui.frame([&] { draw_app(app, kNoPainter); });
    }
    set_url_opener(nullptr);
    ASSERT_EQ(opened.size(), 1u);
    EXPECT_EQ(opened[0], app.sources.entries[app.sources.visible[0]].url);
}
