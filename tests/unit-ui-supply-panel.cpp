// The supply chain view, run headless: it draws at 1280 and 360 px without
// ImGui asserts, its inputs round-trip through the share-link contract, a bad
// input names its key and changes nothing, and moving an input moves the
// results the way the models say.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "app.hpp"
#include "panel_supply.hpp"
#include "support/imgui_headless.hpp"
#include "widget_rects.hpp"

using namespace w2t;
using namespace w2t::web;

namespace {

std::vector<WaferMapParams> g_painted;
void record_paint(ImDrawList*, const WaferMapParams& p) { g_painted.push_back(p); }
const MapPainter kRecorder{record_paint};

void draw_supply(test::HeadlessImGui& ui, App& app, int frames = 3) {
    set_view(app, "supply");
    for (int i = 0; i < frames; ++i) ui.frame([&] { draw_app(app, kRecorder); });
}

}  // namespace

TEST(UiSupplyPanel, DrawsAtDesktopAndPhoneWidths) {
    for (float width : {1280.0f, 360.0f}) {
        test::HeadlessImGui ui(width, width > 400 ? 800.0f : 740.0f);
        App app;
        g_painted.clear();
        draw_supply(ui, app);
        EXPECT_EQ(app.view, "supply");
        const SupplyPanel& p = app.supply;
        EXPECT_EQ(p.narrow, width < 820.0f);
        ASSERT_TRUE(p.cost.has_value());
        EXPECT_FALSE(p.error.has_value());
        EXPECT_EQ(p.curves.size(), 5u);
        ASSERT_TRUE(p.fleet.has_value()) << (p.fleet_error ? p.fleet_error->to_string() : "");
        EXPECT_GT(p.fleet->output_tok_s.p50, 0.0);
        ASSERT_TRUE(p.capacity.has_value());
        EXPECT_EQ(p.capacity->years.size(), 6u);  // 2022-2027
        EXPECT_TRUE(p.claims_done);
        ASSERT_FALSE(g_painted.empty());  // the wafer map went to the painter
        EXPECT_EQ(g_painted.back().grid, &p.map_grid);
        // Every input has a rect inside the display's width.
        for (const char* name : {"sup_die_area", "sup_d0", "sup_wafer_usd", "sup_hbm", "sup_year", "sup_mix"}) {
            auto r = widget_rect(name);
            ASSERT_TRUE(r.has_value()) << name;
            EXPECT_GT(r->x1 - r->x0, 60.0f) << name;
            EXPECT_LE(r->x1, width + 0.5f) << name;
        }
        EXPECT_NE(supply_summary(p).find("good die"), std::string::npos);
    }
}

TEST(UiSupplyPanel, InputsRoundTripAndABadSetNamesItsKeyAndChangesNothing) {
    SupplyPanel p;
    ASSERT_TRUE(update_supply_panel(p));
    const nlohmann::json before = supply_inputs(p);
    EXPECT_FALSE(set_supply_inputs(p, before).has_value());
    EXPECT_EQ(supply_inputs(p), before);
    EXPECT_FALSE(update_supply_panel(p));  // nothing changed: nothing recomputed

    struct Bad {
        nlohmann::json set;
        const char* field;
    };
    const Bad bads[] = {
        {{{"d0_per_cm2", -1}}, "d0_per_cm2"},
        {{{"hbm_usd", 100}, {"wafer_usd", "lots"}}, "wafer_usd"},  // all or nothing: hbm_usd stays
        {{{"yield_model", "gauss"}}, "yield_model"},
        {{{"mix", "b200:0.8,mi300x:0.4"}}, "mix"},
        {{{"mix", "tpu9:1"}}, "mix"},
        {{{"year", 2031}}, "year"},
        {{{"model_id", "gpt-9"}}, "model_id"},
        {{{"node", "n1"}}, "node"},
        {{{"critical_layers", 2.5}}, "critical_layers"},
        {{{"die_area_mm2", 1e9}}, "die_area_mm2"},
        {{{"colour", "red"}}, "colour"},
    };
    for (const Bad& b : bads) {
        auto e = set_supply_inputs(p, b.set);
        ASSERT_TRUE(e.has_value()) << b.set.dump();
        EXPECT_EQ(e->field, b.field) << b.set.dump();
        EXPECT_FALSE(e->message.empty());
        EXPECT_EQ(supply_inputs(p), before) << b.set.dump();
    }
    // A node sets its sourced D0 and wafer price; explicit keys win.
    ASSERT_FALSE(set_supply_inputs(p, {{"node", "n7"}}).has_value());
    EXPECT_EQ(p.input.d0_per_cm2, 0.09);
    EXPECT_EQ(p.input.wafer_usd, 9346.0);
    ASSERT_FALSE(set_supply_inputs(p, {{"node", "n5"}, {"wafer_usd", 13495}}).has_value());
    EXPECT_EQ(p.input.d0_per_cm2, 0.105);
    EXPECT_EQ(p.input.wafer_usd, 13495.0);
    const nlohmann::json now = supply_inputs(p);
    EXPECT_FALSE(set_supply_inputs(p, now).has_value());
    EXPECT_EQ(supply_inputs(p), now);
}

TEST(UiSupplyPanel, MovingAnInputMovesTheResultsAsTheModelsSay) {
    SupplyPanel p;
    update_supply_panel(p);
    const double yield0 = p.cost->die.yield.yield, per_die0 = p.cost->die.usd_per_good_die;
    const double estimate0 = p.cost->estimate_usd;
    // More defects: lower yield, dearer good dies (the same gross count).
    p.input.d0_per_cm2 = 0.2;
    ASSERT_TRUE(update_supply_panel(p));
    EXPECT_LT(p.cost->die.yield.yield, yield0);
    EXPECT_GT(p.cost->die.usd_per_good_die, per_die0);
    EXPECT_NEAR(p.cost->die.yield.yield, std::pow((1 - std::exp(-8.14 * 0.2)) / (8.14 * 0.2), 2), 1e-12);  // murphy
    // $500 more HBM: the estimate rises by exactly $500 (test yield 1).
    const double estimate1 = p.cost->estimate_usd;
    EXPECT_GT(estimate1, estimate0);
    p.input.hbm_usd += 500;
    ASSERT_TRUE(update_supply_panel(p));
    EXPECT_NEAR(p.cost->estimate_usd, estimate1 + 500, 1e-9);
    // The high case reads p95 of the fleet, the low case p5.
    const double base = p.fleet->accelerators.p50;
    EXPECT_EQ(supply_state_json(p)["accelerators"].get<double>(), base);
    ASSERT_FALSE(set_supply_inputs(p, {{"band", "high"}}).has_value());
    update_supply_panel(p);
    EXPECT_GT(supply_state_json(p)["accelerators"].get<double>(), base);
    // Another year: another fleet.
    ASSERT_FALSE(set_supply_inputs(p, {{"year", 2023}}).has_value());
    update_supply_panel(p);
    EXPECT_LT(p.fleet->accelerators.p50, base);
    // A bad input keeps the last good results and names its key.
    const uint64_t v = p.result_version;
    p.input.mix = "b200:2";
    EXPECT_TRUE(update_supply_panel(p));
    ASSERT_TRUE(p.error.has_value());
    EXPECT_EQ(p.error->field, "mix");
    EXPECT_EQ(p.result_version, v);
    EXPECT_TRUE(p.cost.has_value());
    EXPECT_FALSE(update_supply_panel(p));  // validated once
}

TEST(UiSupplyPanel, TheMapMarksTheDiesTheSampledDefectsKill) {
    SupplyPanel p;
    p.input.d0_per_cm2 = 0.3;
    update_supply_panel(p);
    ASSERT_TRUE(p.defects.has_value());
    const auto& d = *p.defects;
    EXPECT_GT(d.bad_dies, 0);
    int64_t killed = 0, whole = 0;
    for (size_t i = 0; i < p.map_grid.cells.size(); ++i) {
        killed += p.map_grid.cells[i] == kKilledDie;
        whole += p.map_grid.cells[i] == DieState::whole;
        if (d.killed[i]) EXPECT_EQ(d.grid.cells[i], DieState::whole);
    }
    EXPECT_EQ(killed, d.bad_dies);
    EXPECT_EQ(whole, d.good_dies);
    EXPECT_EQ(whole + killed, p.cost->die.dies.gross_dies);  // the same grid as the exact count
    // Another seed, another wafer; the same seed, the same wafer.
    const auto first = d.killed;
    p.input.defect_seed = 2;
    update_supply_panel(p);
    EXPECT_NE(p.defects->killed, first);
    p.input.defect_seed = 1;
    update_supply_panel(p);
    EXPECT_EQ(p.defects->killed, first);
}

// The chart module's supply additions (pure maths; the drawing runs in the tests above).
TEST(UiSupplyChart, WaterfallSpansStackDeltasAndStartTotalsAtZero) {
    const std::vector<chart::WaterfallStep> steps = {
        {"die", 434.0, false, 0}, {"hbm", 1350.0, false, 0}, {"= estimate", 1784.0, true, 0}, {"+ more", 100.0, false, 0}};
    const auto spans = chart::waterfall_spans(steps);
    ASSERT_EQ(spans.size(), 4u);
    EXPECT_EQ(spans[0], std::make_pair(0.0, 434.0));
    EXPECT_EQ(spans[1], std::make_pair(434.0, 1784.0));
    EXPECT_EQ(spans[2], std::make_pair(0.0, 1784.0));
    EXPECT_EQ(spans[3], std::make_pair(1784.0, 1884.0));
}

TEST(UiSupplyChart, BandPointsMapLowAndHighAndSkipWhatCannotBeDrawn) {
    chart::Series s;
    s.x = {1.0, 2.0, 3.0};
    s.y = {5.0, 6.0, 7.0};
    s.y_lo = {4.0, 0.0, 6.0};  // 0 cannot go on a log axis
    s.y_hi = {6.0, 8.0, 8.0};
    const chart::Range xr{1.0, 3.0}, yr{1.0, 10.0};
    auto pts = chart::band_points(s, xr, false, yr, false, 0.0f, 200.0f, 100.0f, 0.0f);
    ASSERT_EQ(pts.size(), 3u);
    EXPECT_FLOAT_EQ(pts[1].x, 100.0f);
    EXPECT_FLOAT_EQ(pts[0].lo, 100.0f - 100.0f * 3.0f / 9.0f);
    EXPECT_FLOAT_EQ(pts[0].hi, 100.0f - 100.0f * 5.0f / 9.0f);
    EXPECT_EQ(chart::band_points(s, xr, false, yr, true, 0.0f, 200.0f, 100.0f, 0.0f).size(), 2u);
    s.y_hi.pop_back();  // lengths differ: no band
    EXPECT_TRUE(chart::band_points(s, xr, false, yr, false, 0.0f, 200.0f, 100.0f, 0.0f).empty());
}

// [SECTION] harvesting and wafer-scale redundancy (issue 16)
TEST(UiSupplyPanel, HarvestingRaisesTheUsableYieldAndTheWaterfallUsesIt) {
    SupplyPanel p;
    ASSERT_TRUE(update_supply_panel(p));
    EXPECT_FALSE(p.harvest.has_value());  // off by default: the cost is the plain one
    const double plain_estimate = p.cost->estimate_usd, plain_logic = p.cost->steps[0].usd;
    const double plain_yield = p.cost->die.yield.yield;
    const std::string plain_summary = supply_summary(p);

    ASSERT_FALSE(set_supply_inputs(p, {{"harvest", true}, {"units", 144}, {"required_units", 132},
                                       {"uncore_share", 0.2}}).has_value());
    ASSERT_TRUE(update_supply_panel(p));
    ASSERT_TRUE(p.harvest.has_value());
    EXPECT_EQ(p.cost->die.yield.yield, plain_yield);  // plain yield still on record
    EXPECT_GT(p.harvest->harvested_yield, plain_yield);
    EXPECT_NEAR(p.cost->die.good_dies, p.cost->die.dies.gross_dies * p.harvest->harvested_yield, 1e-9);
    EXPECT_NEAR(p.cost->steps[0].usd, plain_logic * plain_yield / p.harvest->harvested_yield, 1e-6);
    EXPECT_LT(p.cost->estimate_usd, plain_estimate);
    EXPECT_NE(supply_summary(p).find("usable"), std::string::npos) << supply_summary(p);
    const nlohmann::json state = supply_state_json(p);
    EXPECT_NEAR(state.at("harvest").at("harvested_yield").get<double>(), p.harvest->harvested_yield, 1e-15);

    // All units required: back to the plain yield (to the quadrature's accuracy for murphy).
    ASSERT_FALSE(set_supply_inputs(p, {{"required_units", 144}}).has_value());
    update_supply_panel(p);
    EXPECT_NEAR(p.harvest->harvested_yield, plain_yield, 1e-6 * plain_yield);

    // Off again: the plain cost and the same summary as before.
    ASSERT_FALSE(set_supply_inputs(p, {{"harvest", false}}).has_value());
    update_supply_panel(p);
    EXPECT_FALSE(p.harvest.has_value());
    EXPECT_DOUBLE_EQ(p.cost->estimate_usd, plain_estimate);
    EXPECT_EQ(supply_summary(p), plain_summary);
}

TEST(UiSupplyPanel, HarvestAndWaferScaleKeysRoundTripAndBadOnesNameTheirKey) {
    SupplyPanel p;
    ASSERT_FALSE(set_supply_inputs(p, {{"harvest", true}, {"units", 60}, {"required_units", 50},
                                       {"uncore_share", 0.35}, {"ws_cores", 400000}, {"ws_sold_cores", 390000},
                                       {"ws_core_area_mm2", 0.1}}).has_value());
    const nlohmann::json before = supply_inputs(p);
    for (const char* k : {"harvest", "units", "required_units", "uncore_share", "ws_cores", "ws_sold_cores",
                          "ws_core_area_mm2"})
        EXPECT_TRUE(before.contains(k)) << k;
    EXPECT_FALSE(set_supply_inputs(p, before).has_value());
    EXPECT_EQ(supply_inputs(p), before);
    ASSERT_TRUE(update_supply_panel(p));
    EXPECT_FALSE(update_supply_panel(p));

    struct Bad {
        nlohmann::json set;
        const char* field;
    };
    const Bad bads[] = {
        {{{"required_units", 61}}, "required_units"},
        {{{"units", 0}}, "units"},
        {{{"units", 2.5}}, "units"},
        {{{"uncore_share", 1.5}}, "uncore_share"},
        {{{"harvest", 1}}, "harvest"},
        {{{"ws_sold_cores", 400001}}, "ws_sold_cores"},
        {{{"ws_cores", 0}}, "ws_cores"},
        {{{"ws_core_area_mm2", 0}}, "ws_core_area_mm2"},
        {{{"ws_cores", 9000000}, {"ws_sold_cores", 1}, {"ws_core_area_mm2", 1.0}}, "ws_core_area_mm2"},
    };
    for (const Bad& b : bads) {
        auto e = set_supply_inputs(p, b.set);
        ASSERT_TRUE(e.has_value()) << b.set.dump();
        EXPECT_EQ(e->field, b.field) << b.set.dump();
        EXPECT_EQ(supply_inputs(p), before) << b.set.dump();
    }
}

TEST(UiSupplyPanel, WaferScaleBlockComesFromTheRedundancyModel) {
    SupplyPanel p;
    ASSERT_TRUE(update_supply_panel(p));
    ASSERT_TRUE(p.wafer_scale.has_value());
    // Defaults: WSE-3's 970,000 / 900,000 cores of 0.05 mm2 at the view's D0 (0.1, murphy).
    EXPECT_EQ(p.wafer_scale->spare_cores, 70000);
    EXPECT_NEAR(p.wafer_scale->expected_defective_cores, 970000 * (1 - std::exp(-0.05 / 100 * 0.1)), 0.05);
    EXPECT_NEAR(p.wafer_scale->wafer_survival, 1.0, 1e-9);
    // Few spares: fewer wafers survive; more defects: fewer still.
    ASSERT_FALSE(set_supply_inputs(p, {{"ws_sold_cores", 970000 - 50}}).has_value());
    update_supply_panel(p);
    const double tight = p.wafer_scale->wafer_survival;
    EXPECT_LT(tight, 0.9);
    EXPECT_GT(tight, 0.1);
    ASSERT_FALSE(set_supply_inputs(p, {{"d0_per_cm2", 0.2}}).has_value());
    update_supply_panel(p);
    EXPECT_LT(p.wafer_scale->wafer_survival, tight);
    EXPECT_NEAR(supply_state_json(p).at("wafer_scale").at("spare_cores").get<double>(), 50, 0);

    for (float width : {1280.0f, 360.0f}) {
        test::HeadlessImGui ui(width, 800.0f);
        App app;
        ASSERT_FALSE(set_supply_inputs(app.supply, {{"harvest", true}}).has_value());
        draw_supply(ui, app);
        EXPECT_TRUE(app.supply.harvest.has_value());
        for (const char* name : {"sup_units", "sup_required_units", "sup_uncore_share", "sup_ws_cores",
                                 "sup_ws_sold_cores", "sup_ws_core_area"}) {
            auto r = widget_rect(name);
            ASSERT_TRUE(r.has_value()) << name;
            EXPECT_LE(r->x1, width + 0.5f) << name;
        }
    }
}
