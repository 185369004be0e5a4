// `w2t supply` in-process: the JSON contract, exit codes 0/1/2/3, and dpw's
// yield outputs with --d0-per-cm2.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.hpp"

namespace {

struct Run {
    int code;
    std::string out, err;
};

Run run_cli(std::vector<std::string> args) {
    std::istringstream in;
    std::ostringstream out, err;
    const int code = w2t::cli::run(args, in, out, err);
    return {code, out.str(), err.str()};
}

nlohmann::json parse_ok(const Run& r) {
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
}

const std::vector<std::string> kCost = {"supply", "cost", "--die-width-mm", "26", "--die-height-mm",
                                        "33", "--d0-per-cm2", "0.1", "--model", "poisson",
                                        "--wafer-usd", "17000"};

std::vector<std::string> with(std::vector<std::string> base, std::vector<std::string> more) {
    base.insert(base.end(), more.begin(), more.end());
    return base;
}

}  // namespace

TEST(CliSupply, HelpListsTheSubcommandsAndWhatIsNotBuilt) {
    auto r = run_cli({"supply", "--help"});
    ASSERT_EQ(r.code, 0);
    for (const char* s : {"yield", "cost", "--gate", "capacity", "fleet", "not built yet"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
    EXPECT_NE(run_cli({"--help"}).out.find("supply"), std::string::npos);
    for (const char* sub : {"yield", "cost"}) {
        auto h = run_cli({"supply", sub, "--help"});
        EXPECT_EQ(h.code, 0);
        EXPECT_NE(h.out.find("--d0-per-cm2"), std::string::npos);
        EXPECT_NE(h.out.find("negative-binomial"), std::string::npos);
        EXPECT_NE(h.out.find("--gate"), std::string::npos);
    }
}

TEST(CliSupply, YieldPrintsTheContract) {
    auto j = parse_ok(run_cli({"supply", "yield", "--die-area-mm2", "100", "--d0-per-cm2", "0.1",
                               "--model", "poisson"}));
    EXPECT_EQ(j.at("model"), "poisson");
    EXPECT_NEAR(j.at("yield").get<double>(), std::exp(-0.1), 1e-15);
    EXPECT_DOUBLE_EQ(j.at("area_cm2").get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(j.at("defects_per_die").get<double>(), 0.1);
    EXPECT_EQ(j.at("input").at("die_area_mm2").get<double>(), 100.0);
    EXPECT_EQ(j.at("input").at("d0_per_cm2").get<double>(), 0.1);
}

TEST(CliSupply, YieldEveryModel) {
    struct Case {
        std::vector<std::string> extra;
        double expected;  // A = 2 cm2, D0 = 1: x = 2
    };
    const Case cases[] = {
        {{"--model", "poisson"}, std::exp(-2.0)},
        {{"--model", "murphy"}, 0.1869112681038772},
        {{"--model", "seeds"}, 1.0 / 3.0},
        {{"--model", "bose-einstein", "--critical-layers", "3"}, 1.0 / 27.0},
        {{"--model", "negative-binomial", "--alpha", "2"}, 0.25},
    };
    for (const Case& c : cases) {
        auto j = parse_ok(run_cli(with({"supply", "yield", "--die-area-mm2", "200", "--d0-per-cm2", "1"}, c.extra)));
        EXPECT_EQ(j.at("model"), c.extra[1]);
        EXPECT_NEAR(j.at("yield").get<double>(), c.expected, 1e-15) << c.extra[1];
    }
    auto nb = parse_ok(run_cli({"supply", "yield", "--die-area-mm2", "200", "--d0-per-cm2", "1",
                                "--model", "negative-binomial", "--alpha", "2"}));
    EXPECT_EQ(nb.at("input").at("alpha").get<double>(), 2.0);
    auto be = parse_ok(run_cli({"supply", "yield", "--die-area-mm2", "200", "--d0-per-cm2", "1",
                                "--model", "bose-einstein", "--critical-layers", "3"}));
    EXPECT_EQ(be.at("input").at("critical_layers").get<int>(), 3);
}

TEST(CliSupply, CostPrintsTheContractWithTheExactGrossDies) {
    auto j = parse_ok(run_cli(kCost));
    auto dpw = parse_ok(run_cli({"dpw", "--die-width-mm", "26", "--die-height-mm", "33"}));
    EXPECT_EQ(j.at("gross_dies").get<int>(), dpw.at("gross_dies").get<int>());
    EXPECT_EQ(j.at("gross_dies").get<int>(), 64);
    const double y = j.at("yield").get<double>();
    EXPECT_NEAR(y, std::exp(-0.858), 1e-15);
    EXPECT_NEAR(j.at("good_dies").get<double>(), 64 * y, 1e-12);
    EXPECT_NEAR(j.at("usd_per_good_die").get<double>(), 17000 / (64 * y), 1e-9);
    EXPECT_NEAR(j.at("usd_per_good_die").get<double>() * j.at("good_dies").get<double>(), 17000,
                1e-9);
    EXPECT_EQ(j.at("model"), "poisson");
    EXPECT_EQ(j.at("input").at("wafer_usd").get<double>(), 17000.0);
    EXPECT_EQ(j.at("input").at("scribe_mm").get<double>(), 0.1);
}

TEST(CliSupply, CostTakesTheWaferGeometryAsDpwDoes) {
    const std::vector<std::string> geometry = {"--die-width-mm", "10", "--die-height-mm", "12",
                                               "--scribe-mm", "0.2", "--wafer-mm", "200",
                                               "--edge-mm", "5"};
    auto cost = parse_ok(run_cli(with(with({"supply", "cost"}, geometry),
                                      {"--d0-per-cm2", "0.09", "--model", "murphy", "--wafer-usd", "9346"})));
    auto dpw = parse_ok(run_cli(with({"dpw"}, geometry)));
    EXPECT_EQ(cost.at("gross_dies"), dpw.at("gross_dies"));
    EXPECT_EQ(cost.at("input").at("wafer_diameter_mm").get<double>(), 200.0);
}

TEST(CliSupply, GatesPassAndFailWithExitThree) {
    auto pass = run_cli(with(kCost, {"--gate", "usd_per_good_die<=1000", "--gate", "gross_dies==64"}));
    ASSERT_EQ(pass.code, 0) << pass.err;
    EXPECT_EQ(nlohmann::json::parse(pass.out).at("gates").size(), 2u);
    auto fail = run_cli(with(kCost, {"--gate", "yield>=0.9"}));
    EXPECT_EQ(fail.code, 3);
    EXPECT_NE(fail.err.find("gate failed: yield>=0.9"), std::string::npos) << fail.err;
    EXPECT_FALSE(nlohmann::json::parse(fail.out).at("gates").at(0).at("passed").get<bool>());
    auto yfail = run_cli({"supply", "yield", "--die-area-mm2", "858", "--d0-per-cm2", "0.1",
                          "--model", "seeds", "--gate", "yield>0.99"});
    EXPECT_EQ(yfail.code, 3);
    auto unknown_field = run_cli(with(kCost, {"--gate", "nonsense>1"}));
    EXPECT_EQ(unknown_field.code, 2);
}

TEST(CliSupply, NoWholeDieIsADataError) {
    auto r = run_cli({"supply", "cost", "--die-width-mm", "300", "--die-height-mm", "300",
                      "--d0-per-cm2", "0.1", "--model", "poisson", "--wafer-usd", "17000"});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_NE(r.err.find("no whole die"), std::string::npos) << r.err;
}

TEST(CliSupply, DpwAddsYieldWithD0) {
    auto plain = parse_ok(run_cli({"dpw"}));
    EXPECT_FALSE(plain.contains("yield"));
    EXPECT_FALSE(plain.contains("good_dies"));

    auto j = parse_ok(run_cli({"dpw", "--d0-per-cm2", "0.1"}));
    EXPECT_EQ(j.at("gross_dies"), plain.at("gross_dies"));
    EXPECT_EQ(j.at("yield_model"), "murphy");  // the documented default
    EXPECT_NEAR(j.at("yield").get<double>(), 0.45066770475353096, 1e-14);  // 858 mm2, x = 0.858
    EXPECT_NEAR(j.at("good_dies").get<double>(), 64 * 0.45066770475353096, 1e-12);
    EXPECT_EQ(j.at("input"), plain.at("input"));  // still a --scenario object

    auto p = parse_ok(run_cli({"dpw", "--d0-per-cm2", "0.1", "--yield-model", "poisson",
                               "--gate", "good_dies>=27"}));
    EXPECT_EQ(p.at("yield_model"), "poisson");
    EXPECT_NEAR(p.at("yield").get<double>(), std::exp(-0.858), 1e-15);
    auto g = run_cli({"dpw", "--d0-per-cm2", "0.1", "--gate", "good_dies>=40"});
    EXPECT_EQ(g.code, 3);
}

struct SupplyUsageCase {
    const char* name;
    std::vector<std::string> args;
    std::string names;  // what the message must name
};
void PrintTo(const SupplyUsageCase& c, std::ostream* os) { *os << c.name; }

class CliSupplyUsageErrors : public testing::TestWithParam<SupplyUsageCase> {};

TEST_P(CliSupplyUsageErrors, ExitTwoAndNameTheArgument) {
    auto r = run_cli(GetParam().args);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(GetParam().names), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}

const std::vector<std::string> kYield = {"supply", "yield", "--die-area-mm2", "100"};

INSTANTIATE_TEST_SUITE_P(
    Cases, CliSupplyUsageErrors,
    testing::Values(
        SupplyUsageCase{"no_subcommand", {"supply"}, "subcommand"},
        SupplyUsageCase{"unknown_subcommand", {"supply", "frobnicate"}, "frobnicate"},
        SupplyUsageCase{"not_built", {"supply", "capacity"}, "not built yet"},
        SupplyUsageCase{"unknown_option", with(kYield, {"--d0-per-cm2", "0.1", "--model", "poisson", "--colour", "red"}), "--colour"},
        SupplyUsageCase{"missing_model", with(kYield, {"--d0-per-cm2", "0.1"}), "--model"},
        SupplyUsageCase{"unknown_model", with(kYield, {"--d0-per-cm2", "0.1", "--model", "gauss"}), "--model"},
        SupplyUsageCase{"missing_d0", with(kYield, {"--model", "poisson"}), "--d0-per-cm2"},
        SupplyUsageCase{"negative_d0", with(kYield, {"--d0-per-cm2", "-0.1", "--model", "poisson"}), "--d0-per-cm2"},
        SupplyUsageCase{"absurd_d0", with(kYield, {"--d0-per-cm2", "1e6", "--model", "poisson"}), "--d0-per-cm2"},
        SupplyUsageCase{"malformed_d0", with(kYield, {"--d0-per-cm2", "0.1x", "--model", "poisson"}), "--d0-per-cm2"},
        SupplyUsageCase{"negative_area", {"supply", "yield", "--die-area-mm2", "-4", "--d0-per-cm2", "0.1", "--model", "seeds"}, "--die-area-mm2"},
        SupplyUsageCase{"missing_area", {"supply", "yield", "--d0-per-cm2", "0.1", "--model", "seeds"}, "--die-area-mm2"},
        SupplyUsageCase{"alpha_missing", with(kYield, {"--d0-per-cm2", "0.1", "--model", "negative-binomial"}), "--alpha"},
        SupplyUsageCase{"alpha_zero", with(kYield, {"--d0-per-cm2", "0.1", "--model", "negative-binomial", "--alpha", "0"}), "--alpha"},
        SupplyUsageCase{"alpha_wrong_model", with(kYield, {"--d0-per-cm2", "0.1", "--model", "poisson", "--alpha", "2"}), "--alpha"},
        SupplyUsageCase{"layers_missing", with(kYield, {"--d0-per-cm2", "0.1", "--model", "bose-einstein"}), "--critical-layers"},
        SupplyUsageCase{"layers_zero", with(kYield, {"--d0-per-cm2", "0.1", "--model", "bose-einstein", "--critical-layers", "0"}), "--critical-layers"},
        SupplyUsageCase{"layers_fraction", with(kYield, {"--d0-per-cm2", "0.1", "--model", "bose-einstein", "--critical-layers", "2.5"}), "--critical-layers"},
        SupplyUsageCase{"layers_wrong_model", with(kYield, {"--d0-per-cm2", "0.1", "--model", "seeds", "--critical-layers", "2"}), "--critical-layers"},
        SupplyUsageCase{"cost_missing_price", {"supply", "cost", "--die-width-mm", "26", "--die-height-mm", "33", "--d0-per-cm2", "0.1", "--model", "poisson"}, "--wafer-usd"},
        SupplyUsageCase{"cost_negative_price", {"supply", "cost", "--die-width-mm", "26", "--die-height-mm", "33", "--d0-per-cm2", "0.1", "--model", "poisson", "--wafer-usd", "-1"}, "--wafer-usd"},
        SupplyUsageCase{"cost_missing_width", {"supply", "cost", "--die-height-mm", "33", "--d0-per-cm2", "0.1", "--model", "poisson", "--wafer-usd", "1000"}, "--die-width-mm"},
        SupplyUsageCase{"cost_tiny_die", {"supply", "cost", "--die-width-mm", "0.5", "--die-height-mm", "33", "--d0-per-cm2", "0.1", "--model", "poisson", "--wafer-usd", "1000"}, "--die-width-mm"},
        SupplyUsageCase{"cost_edge_past_radius", with(kCost, {"--edge-mm", "200"}), "--edge-mm"},
        SupplyUsageCase{"cost_malformed_gate", with(kCost, {"--gate", "yield=>3"}), "--gate"},
        SupplyUsageCase{"dpw_bad_d0", {"dpw", "--d0-per-cm2", "-1"}, "--d0-per-cm2"},
        SupplyUsageCase{"dpw_bad_model", {"dpw", "--d0-per-cm2", "0.1", "--yield-model", "x"}, "--yield-model"},
        SupplyUsageCase{"dpw_model_without_d0", {"dpw", "--yield-model", "poisson"}, "--yield-model"},
        SupplyUsageCase{"dpw_alpha_needs_nb", {"dpw", "--d0-per-cm2", "0.1", "--alpha", "2"}, "--alpha"}),
    [](const testing::TestParamInfo<SupplyUsageCase>& info) { return std::string(info.param.name); });
