// The CLI in-process: output JSON, exit codes, and messages that name the argument.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

using w2t::test::run_cli;

TEST(Cli, DpwPrintsJsonWithExactAndApproximateCounts) {
    auto r = run_cli({"dpw", "--die-width-mm", "26", "--die-height-mm", "33", "--wafer-mm", "300",
                      "--edge-mm", "3", "--scribe-mm", "0.1"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_GT(j.at("gross_dies").get<int>(), 55);
    EXPECT_TRUE(j.at("approx_dies").is_number());
    EXPECT_TRUE(j.at("approx_error_pct").is_number());
    EXPECT_EQ(j.at("input").at("die_width_mm").get<double>(), 26.0);
    EXPECT_TRUE(r.err.empty());
}

TEST(Cli, EqualsSyntaxAndScenarioFromStdin) {
    auto a = run_cli({"dpw", "--die-width-mm=10", "--die-height-mm=10"});
    auto b = run_cli({"dpw", "--scenario", "-"}, R"({"die_width_mm": 10, "die_height_mm": 10})");
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    EXPECT_EQ(nlohmann::json::parse(a.out).at("gross_dies"),
              nlohmann::json::parse(b.out).at("gross_dies"));
}

TEST(Cli, ScenarioFileAndOverrides) {
    const std::string path = testing::TempDir() + "w2t_cli_scenario.json";
    {
        std::ofstream f(path);
        f << R"({"die_width_mm": 12, "die_height_mm": 12, "wafer_diameter_mm": 200})";
    }
    auto from_file = run_cli({"dpw", "--scenario", path});
    ASSERT_EQ(from_file.code, 0) << from_file.err;
    auto j = nlohmann::json::parse(from_file.out);
    EXPECT_EQ(j.at("input").at("wafer_diameter_mm").get<double>(), 200.0);
    auto overridden = run_cli({"dpw", "--scenario", path, "--wafer-mm", "300"});
    ASSERT_EQ(overridden.code, 0) << overridden.err;
    auto k = nlohmann::json::parse(overridden.out);
    EXPECT_EQ(k.at("input").at("wafer_diameter_mm").get<double>(), 300.0);
    EXPECT_EQ(k.at("input").at("die_width_mm").get<double>(), 12.0);
    EXPECT_GT(k.at("gross_dies").get<int>(), j.at("gross_dies").get<int>());

    {
        std::ofstream f(path);
        f << R"({"die_width_mm": 1000})";
    }
    auto bad = run_cli({"dpw", "--scenario", path});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("--scenario: die_width_mm"), std::string::npos) << bad.err;
    std::remove(path.c_str());
}

TEST(Cli, GatesPassFailAndAreReported) {
    auto pass = run_cli({"dpw", "--gate", "gross_dies>=60", "--gate", "approx_error_pct<0"});
    ASSERT_EQ(pass.code, 0) << pass.err;
    auto j = nlohmann::json::parse(pass.out);
    ASSERT_EQ(j.at("gates").size(), 2u);
    EXPECT_TRUE(j.at("gates")[0].at("passed").get<bool>());

    auto fail = run_cli({"dpw", "--gate", "gross_dies>=70"});
    EXPECT_EQ(fail.code, 3);  // the run worked; the gate failed
    EXPECT_NE(fail.err.find("gate failed: gross_dies>=70 (actual 64)"), std::string::npos) << fail.err;
    auto k = nlohmann::json::parse(fail.out);  // the result is still printed
    EXPECT_FALSE(k.at("gates")[0].at("passed").get<bool>());
    EXPECT_EQ(k.at("gross_dies").get<int>(), 64);

    auto bad = run_cli({"dpw", "--gate", "gross_dice>=1"});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("gross_dice"), std::string::npos);
    EXPECT_TRUE(bad.out.empty());
}

TEST(Cli, HelpForEveryCommand) {
    auto top = run_cli({"--help"});
    EXPECT_EQ(top.code, 0);
    EXPECT_NE(top.out.find("dpw"), std::string::npos);
    auto dpw = run_cli({"dpw", "--help"});
    EXPECT_EQ(dpw.code, 0);
    EXPECT_NE(dpw.out.find("--die-width-mm"), std::string::npos);
}

struct UsageCase {
    const char* name;
    std::vector<std::string> args;
    std::string names;  // what the message must name
};
void PrintTo(const UsageCase& c, std::ostream* os) { *os << c.name; }

class CliUsageErrors : public testing::TestWithParam<UsageCase> {};

TEST_P(CliUsageErrors, ExitTwoAndNameTheArgument) {
    auto r = run_cli(GetParam().args, "{not json");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(GetParam().names), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliUsageErrors,
    testing::Values(UsageCase{"no_command", {}, "Usage"},
                    UsageCase{"unknown_command", {"frobnicate"}, "frobnicate"},
                    UsageCase{"not_a_number", {"dpw", "--die-width-mm", "abc"}, "--die-width-mm"},
                    UsageCase{"below_range", {"dpw", "--die-width-mm", "0.2"}, "--die-width-mm"},
                    UsageCase{"nan", {"dpw", "--die-height-mm", "nan"}, "--die-height-mm"},
                    UsageCase{"huge_wafer", {"dpw", "--wafer-mm", "1e9"}, "--wafer-mm"},
                    UsageCase{"edge_past_radius", {"dpw", "--edge-mm", "200"}, "--edge-mm"},
                    UsageCase{"missing_value", {"dpw", "--scribe-mm"}, "--scribe-mm"},
                    UsageCase{"unknown_option", {"dpw", "--colour", "red"}, "--colour"},
                    UsageCase{"repeated_option", {"dpw", "--wafer-mm", "300", "--wafer-mm", "200"}, "--wafer-mm"},
                    UsageCase{"malformed_gate", {"dpw", "--gate", "gross_dies=>3"}, "--gate"},
                    UsageCase{"positional", {"dpw", "26"}, "26"},
                    UsageCase{"missing_file", {"dpw", "--scenario", "/nonexistent/x.json"}, "--scenario"},
                    UsageCase{"malformed_json", {"dpw", "--scenario", "-"}, "invalid JSON"}),
    [](const testing::TestParamInfo<UsageCase>& info) { return std::string(info.param.name); });
