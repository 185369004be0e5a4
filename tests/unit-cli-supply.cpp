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

// supply fleet without --year, and with --year 2026 but without --mix.
const std::vector<std::string> kFleetNoYear = {"supply", "fleet", "--mix", "b200:0.6,mi300x:0.4",
                                               "--model-id", "llama-3.1-70b", "--precision", "fp8",
                                               "--scenario", "offline"};
const std::vector<std::string> kFleet2026 = {"supply", "fleet", "--year", "2026", "--model-id",
                                             "llama-3.1-70b", "--precision", "fp8", "--scenario", "offline"};

void expect_band(const nlohmann::json& b, const std::string& what) {
    for (const char* k : {"p5", "p50", "p95", "mean"}) ASSERT_TRUE(b.contains(k)) << what << "." << k;
    EXPECT_LE(b.at("p5").get<double>(), b.at("p50").get<double>()) << what;
    EXPECT_LE(b.at("p50").get<double>(), b.at("p95").get<double>()) << what;
}

}  // namespace

TEST(CliSupply, HelpListsTheSubcommands) {
    auto r = run_cli({"supply", "--help"});
    ASSERT_EQ(r.code, 0);
    for (const char* s : {"yield", "cost", "--gate", "capacity", "fleet", "claims"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s;
    EXPECT_EQ(r.out.find("not built yet"), std::string::npos);
    for (const char* sub : {"capacity", "fleet", "claims"}) {
        auto h = run_cli({"supply", sub, "--help"});
        EXPECT_EQ(h.code, 0) << sub;
        for (const char* opt : {"--samples", "--seed", "--gate", "p5/p50/p95"})
            EXPECT_NE(h.out.find(opt), std::string::npos) << sub << " " << opt;
    }
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
        SupplyUsageCase{"capacity_unknown_year", {"supply", "capacity", "--year", "2031"}, "--year"},
        SupplyUsageCase{"capacity_malformed_year", {"supply", "capacity", "--year", "20x6"}, "--year"},
        SupplyUsageCase{"capacity_unknown_product", {"supply", "capacity", "--product", "b300"}, "--product"},
        SupplyUsageCase{"capacity_zero_samples", {"supply", "capacity", "--samples", "0"}, "--samples"},
        SupplyUsageCase{"capacity_fraction_samples", {"supply", "capacity", "--samples", "10.5"}, "--samples"},
        SupplyUsageCase{"capacity_negative_seed", {"supply", "capacity", "--seed", "-1"}, "--seed"},
        SupplyUsageCase{"capacity_unknown_gate_field", {"supply", "capacity", "--gate", "nonsense>1"}, "--gate"},
        SupplyUsageCase{"fleet_missing_year", with(kFleetNoYear, {}), "--year"},
        SupplyUsageCase{"fleet_unknown_year", with(kFleetNoYear, {"--year", "2040"}), "--year"},
        SupplyUsageCase{"fleet_missing_mix", {"supply", "fleet", "--year", "2026", "--model-id", "llama-3.1-70b", "--precision", "fp8", "--scenario", "offline"}, "--mix"},
        SupplyUsageCase{"fleet_bad_mix", with(kFleet2026, {"--mix", "b200=0.6"}), "--mix"},
        SupplyUsageCase{"fleet_mix_over_one", with(kFleet2026, {"--mix", "b200:0.7,mi300x:0.4"}), "--mix"},
        SupplyUsageCase{"fleet_unknown_product", with(kFleet2026, {"--mix", "b300:1"}), "--mix"},
        SupplyUsageCase{"fleet_missing_model", {"supply", "fleet", "--year", "2026", "--mix", "b200:1", "--precision", "fp8", "--scenario", "offline"}, "--model-id"},
        SupplyUsageCase{"fleet_unknown_model", {"supply", "fleet", "--year", "2026", "--mix", "b200:1", "--model-id", "llama-9", "--precision", "fp8", "--scenario", "offline"}, "--model-id"},
        SupplyUsageCase{"fleet_bad_precision", {"supply", "fleet", "--year", "2026", "--mix", "b200:1", "--model-id", "llama-3.1-70b", "--precision", "fp3", "--scenario", "offline"}, "--precision"},
        SupplyUsageCase{"fleet_missing_scenario", {"supply", "fleet", "--year", "2026", "--mix", "b200:1", "--model-id", "llama-3.1-70b", "--precision", "fp8"}, "--scenario"},
        SupplyUsageCase{"fleet_bad_tokens", with(kFleet2026, {"--mix", "b200:1", "--input-tokens", "0"}), "--input-tokens"},
        SupplyUsageCase{"fleet_bad_system", with(kFleet2026, {"--mix", "b200:1", "--accelerators-per-system", "0"}), "--accelerators-per-system"},
        SupplyUsageCase{"claims_bad_samples", {"supply", "claims", "--samples", "x"}, "--samples"},
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

// [SECTION] capacity, fleet, claims
TEST(CliSupply, CapacityPrintsBandsPerYearAndProduct) {
    auto j = parse_ok(run_cli({"supply", "capacity"}));
    ASSERT_EQ(j.at("years").size(), 6u);
    EXPECT_EQ(j.at("years").at(0).at("year"), 2022);
    EXPECT_EQ(j.at("samples"), 1000);
    EXPECT_EQ(j.at("seed"), 1);
    EXPECT_EQ(j.at("summary_year"), 2027);
    for (const auto& y : j.at("years")) {
        expect_band(y.at("wafers_per_month"), "wafers_per_month");
        expect_band(y.at("wafers_per_year"), "wafers_per_year");
        for (const char* k : {"low", "base", "high"}) EXPECT_TRUE(y.at("wafers_per_month").at("sourced").contains(k));
        ASSERT_EQ(y.at("products").size(), 5u);
        for (const auto& p : y.at("products")) {
            expect_band(p.at("packages_per_wafer"), "packages_per_wafer");
            expect_band(p.at("accelerators_per_year"), "accelerators_per_year");
        }
    }
    auto one = parse_ok(run_cli({"supply", "capacity", "--year", "2026", "--product", "b200",
                                 "--product", "h100-sxm", "--samples", "500", "--seed", "9"}));
    ASSERT_EQ(one.at("years").size(), 1u);
    EXPECT_EQ(one.at("summary_year"), 2026);
    EXPECT_EQ(one.at("years").at(0).at("products").size(), 2u);
    for (const char* k : {"wafers_per_month_p50", "wafers_per_year_p5", "wafers_per_year_p95",
                          "b200_accelerators_per_year_p50", "h100-sxm_accelerators_per_year_p95"})
        EXPECT_TRUE(one.at(k).is_number()) << k;
    // The same seed, the same numbers; another seed, others.
    EXPECT_EQ(run_cli({"supply", "capacity", "--year", "2026", "--product", "b200", "--product", "h100-sxm",
                       "--samples", "500", "--seed", "9"}).out,
              one.dump() + "\n");
    auto other = parse_ok(run_cli({"supply", "capacity", "--year", "2026", "--seed", "10"}));
    EXPECT_NE(other.at("wafers_per_month_p50"), one.at("wafers_per_month_p50"));
}

TEST(CliSupply, FleetPrintsAcceleratorsPowerAndTokensWithBands) {
    auto j = parse_ok(run_cli(with(kFleet2026, {"--mix", "b200:0.6,mi300x:0.4"})));
    for (const char* k : {"wafers_per_year", "accelerators", "power_mw", "output_tok_s"}) expect_band(j.at(k), k);
    for (const char* k : {"accelerators_p5", "accelerators_p50", "accelerators_p95", "power_mw_p50", "output_tok_s_p5",
                          "output_tok_s_p50", "output_tok_s_p95", "unallocated_wafer_share"})
        EXPECT_TRUE(j.at(k).is_number()) << k;
    EXPECT_EQ(j.at("year"), 2026);
    EXPECT_EQ(j.at("input").at("model_id"), "llama-3.1-70b");
    EXPECT_EQ(j.at("input").at("mix").at("mi300x").get<double>(), 0.4);
    ASSERT_EQ(j.at("products").size(), 2u);
    for (const auto& p : j.at("products")) {
        for (const char* k : {"accelerators", "power_mw", "output_tok_s"}) expect_band(p.at(k), k);
        EXPECT_EQ(p.at("system_accelerators"), 8);
        EXPECT_NEAR(p.at("per_accelerator_output_tok_s").get<double>(),
                    p.at("system_output_tok_s").get<double>() / 8, 1e-9);
        EXPECT_NEAR(p.at("output_tok_s").at("p50").get<double>(),
                    p.at("accelerators").at("p50").get<double>() * p.at("per_accelerator_output_tok_s").get<double>(),
                    1e-6 * p.at("output_tok_s").at("p50").get<double>());
    }
    // The per-system rate is w2t estimate's.
    auto e = parse_ok(run_cli({"estimate", "--hardware-id", "b200", "--accelerator-count", "8", "--model-id",
                               "llama-3.1-70b", "--precision", "fp8", "--scenario", "offline",
                               "--input-tokens", "1000", "--output-tokens", "1000"}));
    EXPECT_NEAR(j.at("products").at(0).at("system_output_tok_s").get<double>(),
                e.at("system_output_tok_s").get<double>(), 1e-9 * e.at("system_output_tok_s").get<double>());
}

TEST(CliSupply, FleetGatesAndDataErrors) {
    auto pass = run_cli(with(kFleet2026, {"--mix", "b200:1", "--gate", "accelerators_p50>=1e6"}));
    EXPECT_EQ(pass.code, 0) << pass.err;
    auto fail = run_cli(with(kFleet2026, {"--mix", "b200:1", "--gate", "power_mw_p95<=1"}));
    EXPECT_EQ(fail.code, 3);
    EXPECT_NE(fail.err.find("gate failed: power_mw_p95<=1"), std::string::npos) << fail.err;
    // A model that does not fit the product's system: exit 1, the product named.
    auto big = run_cli({"supply", "fleet", "--year", "2026", "--mix", "h100-sxm:1", "--model-id", "llama-3.1-405b",
                        "--precision", "fp16", "--scenario", "offline"});
    EXPECT_EQ(big.code, 1);
    EXPECT_NE(big.err.find("h100-sxm"), std::string::npos) << big.err;
    EXPECT_TRUE(big.out.empty());
    auto cap = run_cli({"supply", "capacity", "--year", "2026", "--gate", "wafers_per_year_p50>=1e9"});
    EXPECT_EQ(cap.code, 3);
}

TEST(CliSupply, ClaimsListsEveryClaimWithItsSourceAndModelCheck) {
    auto j = parse_ok(run_cli({"supply", "claims"}));
    ASSERT_EQ(j.at("claims").size(), 10u);
    int unsourced = 0, checked = 0;
    for (const auto& c : j.at("claims")) {
        for (const char* k : {"id", "claim", "verdict", "says", "source", "model"}) ASSERT_TRUE(c.contains(k)) << k;
        if (c.at("verdict") == "unsourced") ++unsourced;
        if (!c.at("source").is_null()) {
            for (const char* k : {"url", "date", "quality", "quote"}) EXPECT_TRUE(c.at("source").contains(k)) << k;
        }
        if (!c.at("model").is_null()) {
            ++checked;
            EXPECT_FALSE(c.at("model").at("summary").get<std::string>().empty());
        }
    }
    EXPECT_EQ(unsourced, 3);  // 21x, 32 %, 11x (per seed_claims.md)
    EXPECT_GE(checked, 6);
    const double ratio = j.at("wse3-21x-b200.ratio_vs_b200x8_fp8").get<double>();
    EXPECT_GT(ratio, 1.0);
    EXPECT_LT(ratio, 21.0);  // the model does not reproduce the article's 21x
    auto gate = run_cli({"supply", "claims", "--gate", "wse3-21x-b200.ratio_vs_b200x8_fp8>=21"});
    EXPECT_EQ(gate.code, 3);
}

// [SECTION] supply harvest, wafer-scale (issue 16)
namespace {
const std::vector<std::string> kHarvest = {"supply", "harvest", "--die-area-mm2", "814", "--units", "144",
                                           "--required-units", "132", "--uncore-share", "0.2",
                                           "--d0-per-cm2", "0.1", "--model", "poisson"};
const std::vector<std::string> kWaferScale = {"supply", "wafer-scale", "--cores", "970000", "--sold-cores",
                                              "900000", "--core-area-mm2", "0.05", "--d0-per-cm2", "0.1",
                                              "--model", "poisson"};
}  // namespace

TEST(CliSupplyHarvest, HelpListsThemWithTheirOptions) {
    auto r = run_cli({"supply", "--help"});
    ASSERT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("  harvest   usable yield"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  wafer-scale spare cores"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  yield     die yield"), std::string::npos) << r.out;  // older rows unchanged
    for (const char* sub : {"harvest", "wafer-scale"}) {
        auto h = run_cli({"supply", sub, "--help"});
        EXPECT_EQ(h.code, 0) << sub;
        for (const char* opt : {"--d0-per-cm2", "--model", "--gate", "negative-binomial"})
            EXPECT_NE(h.out.find(opt), std::string::npos) << sub << " " << opt;
    }
    EXPECT_NE(run_cli({"supply", "harvest", "--help"}).out.find("--uncore-share"), std::string::npos);
    EXPECT_NE(run_cli({"supply", "wafer-scale", "--help"}).out.find("--sold-cores"), std::string::npos);
}

TEST(CliSupplyHarvest, H100StyleNumbers) {
    auto j = parse_ok(run_cli(kHarvest));
    // Checked by hand in Python (exact binomials), as in unit-supply.cpp.
    EXPECT_NEAR(j.at("plain_yield").get<double>(), 0.44308218808216776, 1e-12);
    EXPECT_NEAR(j.at("harvested_yield").get<double>(), 0.8497611236450641, 1e-9);
    EXPECT_EQ(j.at("model"), "poisson");
    EXPECT_EQ(j.at("gross_dies_basis"), "a square die of the given area");
    // Gross dies match w2t dpw for the same square die.
    auto dpw = parse_ok(run_cli({"dpw", "--die-width-mm", std::to_string(std::sqrt(814.0)), "--die-height-mm",
                                 std::to_string(std::sqrt(814.0))}));
    EXPECT_NEAR(j.at("gross_dies").get<double>(), dpw.at("gross_dies").get<double>(), 1.0);
    const double gross = j.at("gross_dies").get<double>();
    EXPECT_NEAR(j.at("good_dies_harvested").get<double>(), gross * 0.8497611236450641, 1e-6);
    EXPECT_NEAR(j.at("good_dies_plain").get<double>(), gross * 0.44308218808216776, 1e-9);
    EXPECT_EQ(j.at("input").at("units"), 144);
    EXPECT_FALSE(j.contains("usd_per_usable_die"));

    auto priced = parse_ok(run_cli(with(kHarvest, {"--wafer-usd", "17000"})));
    EXPECT_NEAR(priced.at("usd_per_usable_die").get<double>(), 17000 / (gross * 0.8497611236450641), 1e-6);
    EXPECT_LT(priced.at("usd_per_usable_die").get<double>(), priced.at("usd_per_good_die").get<double>());
}

TEST(CliSupplyHarvest, WidthAndHeightGiveTheExactDpwCount) {
    auto j = parse_ok(run_cli({"supply", "harvest", "--die-width-mm", "26", "--die-height-mm", "33", "--units",
                               "10", "--required-units", "10", "--uncore-share", "0", "--d0-per-cm2", "0.1",
                               "--model", "murphy"}));
    EXPECT_EQ(j.at("gross_dies"), 64);  // as `w2t supply cost` for 26 x 33 mm
    EXPECT_NEAR(j.at("harvested_yield").get<double>(), 0.45066770475353096, 1e-6);  // K = N: murphy's plain yield
    EXPECT_EQ(j.at("gross_dies_basis"), "die width x height");
}

TEST(CliSupplyHarvest, WaferScaleWse3Style) {
    auto j = parse_ok(run_cli(kWaferScale));
    EXPECT_EQ(j.at("spare_cores"), 70000);
    EXPECT_NEAR(j.at("expected_defective_cores").get<double>(), 48.49878752024806, 1e-6);
    EXPECT_NEAR(j.at("wafer_survival").get<double>(), 1.0, 1e-12);
    EXPECT_NEAR(j.at("expected_defects").get<double>(), 48.5, 1e-9);
}

TEST(CliSupplyHarvest, GatesPassAndFail) {
    auto pass = run_cli(with(kHarvest, {"--gate", "harvested_yield>=0.8"}));
    EXPECT_EQ(pass.code, 0) << pass.err;
    auto fail = run_cli(with(kHarvest, {"--gate", "plain_yield>=0.8"}));
    EXPECT_EQ(fail.code, 3);
    EXPECT_NE(fail.err.find("gate failed: plain_yield>=0.8"), std::string::npos) << fail.err;
    EXPECT_EQ(run_cli(with(kWaferScale, {"--gate", "wafer_survival>=0.99"})).code, 0);
    EXPECT_EQ(run_cli(with(kWaferScale, {"--gate", "expected_defective_cores<10"})).code, 3);
    EXPECT_EQ(run_cli(with(kWaferScale, {"--gate", "nonsense>1"})).code, 2);
}

TEST(CliSupplyHarvest, UsageErrorsNameTheOption) {
    struct Case {
        std::vector<std::string> args;
        const char* names;
    };
    const std::vector<std::string> h_base = {"supply", "harvest", "--die-area-mm2", "814", "--d0-per-cm2", "0.1",
                                             "--model", "poisson"};
    const std::vector<std::string> w_base = {"supply", "wafer-scale", "--d0-per-cm2", "0.1", "--model", "poisson"};
    for (const Case& c : {
             Case{with(h_base, {"--required-units", "132", "--uncore-share", "0.2"}), "--units"},
             Case{with(h_base, {"--units", "144", "--uncore-share", "0.2"}), "--required-units"},
             Case{with(h_base, {"--units", "144", "--required-units", "132"}), "--uncore-share"},
             Case{with(h_base, {"--units", "144.5", "--required-units", "132", "--uncore-share", "0.2"}), "--units"},
             Case{with(h_base, {"--units", "144", "--required-units", "145", "--uncore-share", "0.2"}),
                  "--required-units"},
             Case{with(h_base, {"--units", "144", "--required-units", "132", "--uncore-share", "1.2"}),
                  "--uncore-share"},
             Case{with(h_base, {"--units", "0", "--required-units", "0", "--uncore-share", "0.2"}), "--units"},
             Case{with(kHarvest, {"--die-width-mm", "26"}), "--die-area-mm2"},
             Case{with(kHarvest, {"--wafer-usd", "-5"}), "--wafer-usd"},
             Case{{"supply", "harvest", "--units", "1", "--required-units", "1", "--uncore-share", "0",
                   "--d0-per-cm2", "0.1", "--model", "poisson"},
                  "--die-width-mm"},
             Case{with(w_base, {"--sold-cores", "9", "--core-area-mm2", "0.05"}), "--cores"},
             Case{with(w_base, {"--cores", "10", "--sold-cores", "11", "--core-area-mm2", "0.05"}), "--sold-cores"},
             Case{with(w_base, {"--cores", "10", "--sold-cores", "9", "--core-area-mm2", "0"}), "--core-area-mm2"},
             Case{with(w_base, {"--cores", "10", "--sold-cores", "9"}), "--core-area-mm2"},
             Case{with(w_base, {"--cores", "1e9", "--sold-cores", "9", "--core-area-mm2", "0.05"}), "--cores"},
             Case{{"supply", "wafer-scale", "--cores", "10", "--sold-cores", "9", "--core-area-mm2", "0.05",
                   "--d0-per-cm2", "0.1"},
                  "--model"},
         }) {
        auto r = run_cli(c.args);
        EXPECT_EQ(r.code, 2) << c.names << " " << r.err;
        EXPECT_NE(r.err.find(c.names), std::string::npos) << c.names << ": " << r.err;
        EXPECT_TRUE(r.out.empty());
    }
}
