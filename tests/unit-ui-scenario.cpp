// Share links, embeds and themes, run headless: every view's inputs round-trip
// through the URL fragment, a bad link changes nothing and names its key, a
// link never carries a key, the embed draws one view and reports its height,
// and the theme follows the system unless the link says otherwise.
#include <gtest/gtest.h>

#include <string>

#include "app.hpp"
#include "scenario.hpp"
#include "support/imgui_headless.hpp"
#include "theme.hpp"
#include "w2t/fragment.hpp"

using namespace w2t;
using namespace w2t::web;
using nlohmann::json;

namespace {

void paint_nothing(ImDrawList*, const WaferMapParams&) {}
const MapPainter kNoPainter{paint_nothing};

void frames(test::HeadlessImGui& ui, App& app, int n = 3) {
    for (int i = 0; i < n; ++i) ui.frame([&] { draw_app(app, kNoPainter); });
}

}  // namespace

TEST(UiScenario, EveryViewIsInTheTableAndSelectable) {
    test::HeadlessImGui ui;
    App app;
    ASSERT_GE(views().size(), 5u);
    for (const ViewEntry& v : views()) {
        ASSERT_TRUE(set_view(app, v.name)) << v.name;
        frames(ui, app);
        EXPECT_EQ(app.view, v.name);
        EXPECT_FALSE(v.summary(app).empty()) << v.name;
        const json exported = export_json(app);
        EXPECT_EQ(exported["view"], v.name);
        const std::string name = v.name;
        if (name == "dpw" || name == "inference") {
            EXPECT_TRUE(exported["results"].is_object()) << v.name;
            EXPECT_NE(export_csv(app).find("\nresults,"), std::string::npos) << v.name;
        }
    }
    EXPECT_EQ(find_view("nope"), nullptr);
}

TEST(UiScenario, SettingAViewsOwnInputsChangesNothing) {
    test::HeadlessImGui ui;
    App app;
    for (const ViewEntry& v : views()) {
        set_view(app, v.name);
        frames(ui, app, 2);
        const json before = v.inputs(app);
        ASSERT_TRUE(before.is_object()) << v.name;
        auto e = v.set_inputs(app, before);
        ASSERT_FALSE(e.has_value()) << v.name << ": " << e->to_string();
        EXPECT_EQ(v.inputs(app), before) << v.name;
    }
}

TEST(UiScenario, AFragmentOpensTheSameViewWithTheSameInputs) {
    test::HeadlessImGui ui;
    App a;
    ASSERT_FALSE(find_view("inference")->set_inputs(a, {{"hardware_id", "h200-sxm"}, {"input_tokens", 2048}}));
    ASSERT_FALSE(find_view("dpw")->set_inputs(a, {{"die_width_mm", 12.5}}));
    set_view(a, "inference");
    frames(ui, a);
    const std::string link = scenario_fragment(a);
    EXPECT_EQ(link.rfind("view=inference&", 0), 0u) << link;
    EXPECT_NE(link.find("hardware_id=h200-sxm"), std::string::npos) << link;
    EXPECT_NE(link.find("input_tokens=2048"), std::string::npos) << link;
    EXPECT_EQ(link.find("model_id"), std::string::npos) << "defaults stay out of the link: " << link;

    App b;
    ASSERT_FALSE(find_view("inference")->set_inputs(b, {{"output_tokens", 17}}));  // overwritten by the link
    auto e = apply_fragment(b, "#" + link);
    ASSERT_FALSE(e.has_value()) << e->to_string();
    frames(ui, b);
    EXPECT_EQ(b.view, "inference");
    EXPECT_EQ(find_view("inference")->inputs(b), find_view("inference")->inputs(a));
    EXPECT_EQ(scenario_json(b)["view"], "inference");
    EXPECT_EQ(scenario_json(b)["hardware_id"], "h200-sxm");
    // The result matches too: the same estimate from the same inputs.
    ASSERT_TRUE(a.inference.result && b.inference.result);
    EXPECT_DOUBLE_EQ(a.inference.result->ttft_ms, b.inference.result->ttft_ms);
}

TEST(UiScenario, EveryViewRoundTripsThroughItsFragment) {
    test::HeadlessImGui ui;
    for (const ViewEntry& v : views()) {
        App a;
        set_view(a, v.name);
        frames(ui, a, 2);
        App b;
        auto e = apply_fragment(b, scenario_fragment(a));
        ASSERT_FALSE(e.has_value()) << v.name << ": " << e->to_string();
        frames(ui, b, 2);
        EXPECT_EQ(b.view, v.name);
        EXPECT_EQ(v.inputs(b), v.inputs(a)) << v.name;
    }
}

TEST(UiScenario, ABadLinkChangesNothingAndNamesTheKey) {
    test::HeadlessImGui ui;
    App a;
    ASSERT_FALSE(find_view("inference")->set_inputs(a, {{"input_tokens", 4096}}));
    const json before = find_view("inference")->inputs(a);
    struct Case {
        const char* fragment;
        const char* field;
    };
    const Case cases[] = {
        {"view=inference&input_tokens=-5", "input_tokens"},
        {"view=inference&hardware_id=tpu-v99", "hardware_id"},
        {"view=inference&bogus=1", "bogus"},
        {"view=nowhere", "view"},
        {"view=inference&theme=sepia", "theme"},
        {"view=inference&embed=yes", "embed"},
        {"view=inference&input_tokens=%ZZ", "input_tokens"},
        {"view=hardware&a=nope", "a"},
        {"view=sources&kind=7", "kind"},
        {"view=dpw&die_width_mm=0.1", "die_width_mm"},
        {"view=probe&api_key=sk-secret", "api_key"},
        {"view=probe&headers=Authorization%3A%20x", "headers"},
    };
    for (const Case& c : cases) {
        auto e = apply_fragment(a, c.fragment);
        ASSERT_TRUE(e.has_value()) << c.fragment;
        EXPECT_EQ(e->field, c.field) << c.fragment << ": " << e->to_string();
        EXPECT_EQ(find_view("inference")->inputs(a), before) << c.fragment;
        EXPECT_EQ(a.view, "dpw") << c.fragment;
        EXPECT_FALSE(a.embed);
    }
}

TEST(UiScenario, ALinkNeverCarriesAKey) {
    test::HeadlessImGui ui;
    App a;
    ASSERT_FALSE(set_probe_settings(a.probe, {{"url", "https://user:pw@api.example.com/v1/chat?key=sk-AAA&x=1&access_token=t"},
                                              {"api_key", "sk-live-123"},
                                              {"headers", "X-Api-Key: hdr-secret"}}));
    set_view(a, "probe");
    frames(ui, a);
    const std::string link = scenario_fragment(a);
    const std::string state = scenario_json(a).dump();
    for (const char* secret : {"sk-live-123", "hdr-secret", "sk-AAA", "pw@", "access_token", "user:"}) {
        EXPECT_EQ(link.find(secret), std::string::npos) << secret << " in " << link;
        EXPECT_EQ(state.find(secret), std::string::npos) << secret << " in " << state;
    }
    EXPECT_NE(link.find("x%3D1"), std::string::npos) << "other query parameters stay: " << link;
    EXPECT_NE(state.find("https://api.example.com/v1/chat?x=1"), std::string::npos) << state;
}

TEST(UiScenario, TheEmbedDrawsOneViewAndReportsItsHeight) {
    for (const char* view : {"inference", "dpw"}) for (float width : {360.0f, 1280.0f}) {
        SCOPED_TRACE(std::string(view) + " at " + std::to_string(width));
        test::HeadlessImGui ui(width, 700.0f);
        App a;
        ASSERT_FALSE(apply_fragment(a, std::string("view=") + view + "&embed=1"));
        EXPECT_TRUE(a.embed);
        frames(ui, a, 4);
        EXPECT_EQ(a.view, view);
        const float h = a.content_height;
        EXPECT_GT(h, 200.0f) << width;
        // The height does not follow the window's: an iframe sized to it stays that size.
        test::HeadlessImGui taller(width, h + 400.0f);
        frames(taller, a, 4);
        EXPECT_NEAR(a.content_height, h, 2.0f) << width;
        // The link to the full calculator carries the scenario but not the embed flag.
        EXPECT_NE(scenario_fragment(a).find("embed=1"), std::string::npos);
    }
}

TEST(UiScenario, ThemeFollowsTheSystemUnlessTheLinkSetsIt) {
    test::HeadlessImGui ui;
    App a;
    frames(ui, a, 1);
    EXPECT_FALSE(theme().light);
    a.system_prefers_light = true;
    frames(ui, a, 1);
    EXPECT_TRUE(theme().light);
    EXPECT_LT(ImGui::GetStyle().Colors[ImGuiCol_Text].x, 0.5f);  // dark text on light
    ASSERT_FALSE(apply_fragment(a, "view=dpw&theme=dark"));
    frames(ui, a, 1);
    EXPECT_FALSE(theme().light);
    EXPECT_NE(scenario_fragment(a).find("theme=dark"), std::string::npos);
    ASSERT_FALSE(apply_fragment(a, "view=dpw&theme=system"));
    frames(ui, a, 1);
    EXPECT_TRUE(theme().light);
    a.system_prefers_light = false;
    frames(ui, a, 1);
    EXPECT_FALSE(theme().light);
}
