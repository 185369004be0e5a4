// Supply-chain model, first part: die yield from defect density and the cost of
// a good die. Textbook values by hand, the limits, properties, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "w2t/dies_per_wafer.hpp"
#include "w2t/supply/cost.hpp"
#include "w2t/supply/yield.hpp"

namespace {

using w2t::DiesPerWaferInput;
using w2t::supply::die_cost;
using w2t::supply::die_yield;
using w2t::supply::DieCostInput;
using w2t::supply::YieldInput;
using w2t::supply::YieldModel;
using w2t::supply::YieldParams;

constexpr YieldModel kAllModels[] = {YieldModel::poisson, YieldModel::murphy, YieldModel::seeds,
                                     YieldModel::bose_einstein, YieldModel::negative_binomial};

YieldParams params(YieldModel model, double d0, double alpha = 2.0, int layers = 3) {
    YieldParams p;
    p.model = model;
    p.d0_per_cm2 = d0;
    p.alpha = alpha;
    p.critical_layers = layers;
    return p;
}

double yield_of(YieldModel model, double area_mm2, double d0, double alpha = 2.0, int layers = 3) {
    auto r = die_yield({area_mm2, params(model, d0, alpha, layers)});
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? r->yield : std::nan("");
}

}  // namespace

// A = 1 cm2 (100 mm2), D0 = 0.1/cm2: x = A*D0 = 0.1.
TEST(SupplyYield, TextbookValuesAtOneTenthDefectPerDie) {
    EXPECT_NEAR(yield_of(YieldModel::poisson, 100, 0.1), 0.9048374180359595, 1e-15);  // e^-0.1
    EXPECT_NEAR(yield_of(YieldModel::seeds, 100, 0.1), 0.9090909090909091, 1e-15);    // 1/1.1
    // ((1 - e^-0.1) / 0.1)^2 = 0.95162581964^2
    EXPECT_NEAR(yield_of(YieldModel::murphy, 100, 0.1), 0.9055917006062723, 1e-15);
    // 1 / 1.1^3
    EXPECT_NEAR(yield_of(YieldModel::bose_einstein, 100, 0.1, 2.0, 3), 0.7513148009015775, 1e-15);
    // (1 + 0.1/2)^-2 = 1 / 1.05^2
    EXPECT_NEAR(yield_of(YieldModel::negative_binomial, 100, 0.1, 2.0), 0.9070294784580498, 1e-15);
}

// x = 2 (2 cm2 at 1/cm2): values that are easy to check by hand.
TEST(SupplyYield, TextbookValuesAtTwoDefectsPerDie) {
    EXPECT_NEAR(yield_of(YieldModel::poisson, 200, 1.0), std::exp(-2.0), 1e-15);
    EXPECT_NEAR(yield_of(YieldModel::murphy, 200, 1.0), 0.1869112681038772, 1e-15);
    EXPECT_NEAR(yield_of(YieldModel::seeds, 200, 1.0), 1.0 / 3.0, 1e-15);
    EXPECT_NEAR(yield_of(YieldModel::bose_einstein, 200, 1.0, 2.0, 3), 1.0 / 27.0, 1e-15);
    EXPECT_NEAR(yield_of(YieldModel::negative_binomial, 200, 1.0, 2.0), 0.25, 1e-15);  // 2^-2
    EXPECT_NEAR(yield_of(YieldModel::negative_binomial, 200, 1.0, 0.5), 1.0 / std::sqrt(5.0), 1e-15);
}

TEST(SupplyYield, ReportsAreaAndDefectsPerDie) {
    auto r = die_yield({858.0, params(YieldModel::murphy, 0.1)});
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_DOUBLE_EQ(r->area_cm2, 8.58);
    EXPECT_DOUBLE_EQ(r->defects_per_die, 0.858);
    EXPECT_NEAR(r->yield, 0.45066770475353096, 1e-14);
}

TEST(SupplyYield, ZeroDefectsGiveExactlyOneForEveryModel) {
    for (YieldModel m : kAllModels) {
        SCOPED_TRACE(w2t::supply::yield_model_name(m));
        EXPECT_EQ(yield_of(m, 858, 0.0), 1.0);
        EXPECT_EQ(yield_of(m, 0.01, 0.0), 1.0);
        EXPECT_EQ(w2t::supply::yield_fraction(params(m, 0.0), 0.0), 1.0);
    }
}

TEST(SupplyYield, TinyDefectCountsStayAccurateWithoutZeroOverZero) {
    // Every model is 1 - x + O(x^2) near 0 (bose-einstein: 1 - n x).
    for (double x : {1e-300, 1e-200, 1e-20, 1e-12, 1e-8}) {
        for (YieldModel m : kAllModels) {
            SCOPED_TRACE(std::string(w2t::supply::yield_model_name(m)) + " x=" + std::to_string(x));
            const double y = w2t::supply::yield_fraction(params(m, 1.0, 2.0, 3), x);
            ASSERT_TRUE(std::isfinite(y));
            const double slope = m == YieldModel::bose_einstein ? 3.0 : 1.0;
            EXPECT_LE(y, 1.0);
            // Doubles near 1 are 1.1e-16 apart: that bounds what 1 - y can resolve.
            EXPECT_NEAR(1.0 - y, slope * x, slope * x * 1e-6 + 4e-16);
        }
    }
}

TEST(SupplyYield, NegativeBinomialTendsToPoissonAsAlphaGrows) {
    for (double x : {0.05, 0.858, 3.0}) {
        const double poisson = w2t::supply::yield_fraction(params(YieldModel::poisson, 1.0), x);
        double previous_gap = std::numeric_limits<double>::infinity();
        for (double alpha : {1.0, 10.0, 1e3, 1e6, 1e9}) {
            const double nb =
                w2t::supply::yield_fraction(params(YieldModel::negative_binomial, 1.0, alpha), x);
            const double gap = nb - poisson;
            EXPECT_GT(gap, 0.0);  // clustering always helps yield
            EXPECT_LT(gap, previous_gap);
            previous_gap = gap;
        }
        EXPECT_NEAR(w2t::supply::yield_fraction(params(YieldModel::negative_binomial, 1.0, 1e9), x),
                    poisson, 1e-8);
    }
}

TEST(SupplyYield, NegativeBinomialWithAlphaOneIsSeeds) {
    for (double x : {0.1, 0.858, 5.0})
        EXPECT_NEAR(w2t::supply::yield_fraction(params(YieldModel::negative_binomial, 1.0, 1.0), x),
                    1.0 / (1.0 + x), 1e-15);
}

TEST(SupplyYield, BoseEinsteinWithOneLayerIsSeeds) {
    for (double area : {1.0, 100.0, 858.0, 46225.0})
        for (double d0 : {0.01, 0.1, 0.5})
            EXPECT_EQ(yield_of(YieldModel::bose_einstein, area, d0, 2.0, 1),
                      yield_of(YieldModel::seeds, area, d0));
}

TEST(SupplyYield, ModelsOrderAsTheTheoryPredicts) {
    // For the same x > 0: poisson < murphy < seeds (Jensen: more spread in D0, more yield).
    for (double x : {0.01, 0.1, 0.858, 2.0, 10.0}) {
        const double p = w2t::supply::yield_fraction(params(YieldModel::poisson, 1), x);
        const double m = w2t::supply::yield_fraction(params(YieldModel::murphy, 1), x);
        const double s = w2t::supply::yield_fraction(params(YieldModel::seeds, 1), x);
        EXPECT_LT(p, m) << x;
        EXPECT_LT(m, s) << x;
    }
}

TEST(SupplyYield, FallsWithDefectDensityAndWithArea) {
    const std::vector<double> areas = {1, 10, 100, 400, 858, 2000, 46225};
    const std::vector<double> d0s = {0.001, 0.01, 0.05, 0.09, 0.1, 0.2, 0.5, 1.0};
    for (YieldModel m : kAllModels) {
        SCOPED_TRACE(w2t::supply::yield_model_name(m));
        for (double a : areas) {
            double previous = 1.0;
            for (double d0 : d0s) {
                const double y = yield_of(m, a, d0);
                EXPECT_GE(y, 0.0);
                EXPECT_LE(y, 1.0);
                EXPECT_LT(y, previous) << "area " << a << " d0 " << d0;
                previous = y;
            }
        }
        for (double d0 : d0s) {
            double previous = 1.0;
            for (double a : areas) {
                const double y = yield_of(m, a, d0);
                EXPECT_LT(y, previous) << "area " << a << " d0 " << d0;
                previous = y;
            }
        }
    }
}

TEST(SupplyYield, ModelNamesRoundTrip) {
    for (YieldModel m : kAllModels) {
        auto parsed = w2t::supply::parse_yield_model(w2t::supply::yield_model_name(m));
        ASSERT_TRUE(parsed.has_value());
        EXPECT_EQ(*parsed, m);
    }
    EXPECT_FALSE(w2t::supply::parse_yield_model("Poisson").has_value());
    EXPECT_FALSE(w2t::supply::parse_yield_model("").has_value());
}

struct YieldErrorCase {
    const char* name;
    YieldInput in;
    const char* field;
};
void PrintTo(const YieldErrorCase& c, std::ostream* os) { *os << c.name; }

class SupplyYieldErrors : public testing::TestWithParam<YieldErrorCase> {};

TEST_P(SupplyYieldErrors, NameTheField) {
    auto r = die_yield(GetParam().in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, GetParam().field) << r.error().to_string();
    EXPECT_FALSE(r.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SupplyYieldErrors,
    testing::Values(
        YieldErrorCase{"negative_d0", {100, params(YieldModel::poisson, -0.1)}, "d0_per_cm2"},
        YieldErrorCase{"absurd_d0", {100, params(YieldModel::poisson, 50)}, "d0_per_cm2"},
        YieldErrorCase{"nan_d0", {100, params(YieldModel::murphy, std::nan(""))}, "d0_per_cm2"},
        YieldErrorCase{"negative_area", {-5, params(YieldModel::poisson, 0.1)}, "die_area_mm2"},
        YieldErrorCase{"zero_area", {0, params(YieldModel::poisson, 0.1)}, "die_area_mm2"},
        YieldErrorCase{"absurd_area", {1e7, params(YieldModel::poisson, 0.1)}, "die_area_mm2"},
        YieldErrorCase{"alpha_zero", {100, params(YieldModel::negative_binomial, 0.1, 0.0)}, "alpha"},
        YieldErrorCase{"alpha_negative", {100, params(YieldModel::negative_binomial, 0.1, -1)}, "alpha"},
        YieldErrorCase{"alpha_inf",
                       {100, params(YieldModel::negative_binomial, 0.1, INFINITY)}, "alpha"},
        YieldErrorCase{"layers_zero", {100, params(YieldModel::bose_einstein, 0.1, 2, 0)},
                       "critical_layers"},
        YieldErrorCase{"layers_negative", {100, params(YieldModel::bose_einstein, 0.1, 2, -2)},
                       "critical_layers"},
        YieldErrorCase{"layers_absurd", {100, params(YieldModel::bose_einstein, 0.1, 2, 1000)},
                       "critical_layers"}),
    [](const testing::TestParamInfo<YieldErrorCase>& info) { return std::string(info.param.name); });

TEST(SupplyYield, ParametersOfOtherModelsAreIgnored) {
    // alpha only matters to negative-binomial, critical_layers only to bose-einstein.
    EXPECT_TRUE(die_yield({100, params(YieldModel::poisson, 0.1, 0.0, 0)}).ok());
    EXPECT_TRUE(die_yield({100, params(YieldModel::bose_einstein, 0.1, 0.0, 2)}).ok());
    EXPECT_TRUE(die_yield({100, params(YieldModel::negative_binomial, 0.1, 3.0, 0)}).ok());
}

// [cost]
namespace {

DieCostInput cost_input(double w, double h, YieldModel model, double d0, double usd) {
    DieCostInput in;
    in.wafer.die_width_mm = w;
    in.wafer.die_height_mm = h;
    in.yield = params(model, d0);
    in.wafer_usd = usd;
    return in;
}

}  // namespace

TEST(SupplyCost, UsesTheExactGrossDiesAndTheDieArea) {
    // 26 x 33 mm on 300 mm, 3 mm edge, 0.1 mm scribe: 64 whole dies (docs/dies-per-wafer.md).
    auto in = cost_input(26, 33, YieldModel::poisson, 0.1, 17000);
    auto r = die_cost(in);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    auto dies = w2t::dies_per_wafer(in.wafer);
    ASSERT_TRUE(dies.ok());
    EXPECT_EQ(r->dies.gross_dies, dies->gross_dies);
    EXPECT_EQ(r->dies.gross_dies, 64);
    EXPECT_DOUBLE_EQ(r->yield.area_cm2, 8.58);
    EXPECT_NEAR(r->yield.yield, std::exp(-0.858), 1e-15);
    EXPECT_NEAR(r->good_dies, 64 * std::exp(-0.858), 1e-12);
    EXPECT_NEAR(r->usd_per_good_die, 17000 / (64 * std::exp(-0.858)), 1e-9);
    EXPECT_NEAR(r->usd_per_gross_die, 17000.0 / 64.0, 1e-12);
}

TEST(SupplyCost, PricePerGoodDieTimesGoodDiesIsTheWaferPrice) {
    const double prices[] = {9346, 16988, 20000, 30000};
    const double sides[][2] = {{5, 5}, {10, 12}, {20.5, 24}, {26, 33}, {17, 30}};
    for (YieldModel m : kAllModels)
        for (double price : prices)
            for (const auto& s : sides) {
                auto r = die_cost(cost_input(s[0], s[1], m, 0.1, price));
                ASSERT_TRUE(r.ok()) << r.error().to_string();
                EXPECT_NEAR(r->usd_per_good_die * r->good_dies, price, price * 1e-14);
                EXPECT_NEAR(r->usd_per_gross_die * static_cast<double>(r->dies.gross_dies), price,
                            price * 1e-14);
                EXPECT_GE(r->usd_per_good_die, r->usd_per_gross_die);
            }
}

TEST(SupplyCost, PerfectYieldCostsTheGrossDiePrice) {
    auto r = die_cost(cost_input(10, 10, YieldModel::murphy, 0.0, 10000));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->yield.yield, 1.0);
    EXPECT_EQ(r->good_dies, static_cast<double>(r->dies.gross_dies));
    EXPECT_EQ(r->usd_per_good_die, r->usd_per_gross_die);
}

TEST(SupplyCost, BiggerDieNeverGivesMoreGrossDiesAndCostsMorePerGoodDie) {
    // Growing either side: never more whole dies (exact count), never a cheaper good die.
    const double widths[] = {3, 5, 8, 12.5, 17, 26, 40};
    const double heights[] = {4, 7, 11, 20, 33};
    for (double h : heights) {
        int64_t previous_dies = INT64_MAX;
        double previous_cost = 0.0;
        for (double w : widths) {
            auto r = die_cost(cost_input(w, h, YieldModel::murphy, 0.1, 20000));
            ASSERT_TRUE(r.ok()) << r.error().to_string();
            EXPECT_LE(r->dies.gross_dies, previous_dies) << w << " x " << h;
            EXPECT_GT(r->usd_per_good_die, previous_cost) << w << " x " << h;
            previous_dies = r->dies.gross_dies;
            previous_cost = r->usd_per_good_die;
        }
    }
    for (double w : widths) {
        int64_t previous_dies = INT64_MAX;
        for (double h : heights) {
            auto r = die_cost(cost_input(w, h, YieldModel::poisson, 0.1, 20000));
            ASSERT_TRUE(r.ok()) << r.error().to_string();
            EXPECT_LE(r->dies.gross_dies, previous_dies) << w << " x " << h;
            previous_dies = r->dies.gross_dies;
        }
    }
}

TEST(SupplyCost, ErrorsNameTheField) {
    auto bad_price = die_cost(cost_input(26, 33, YieldModel::poisson, 0.1, -5));
    ASSERT_FALSE(bad_price.ok());
    EXPECT_EQ(bad_price.error().field, "wafer_usd");
    auto no_price = die_cost(cost_input(26, 33, YieldModel::poisson, 0.1, 0));
    ASSERT_FALSE(no_price.ok());
    EXPECT_EQ(no_price.error().field, "wafer_usd");
    auto bad_d0 = die_cost(cost_input(26, 33, YieldModel::poisson, -1, 17000));
    ASSERT_FALSE(bad_d0.ok());
    EXPECT_EQ(bad_d0.error().field, "d0_per_cm2");
    auto bad_die = die_cost(cost_input(0.5, 33, YieldModel::poisson, 0.1, 17000));
    ASSERT_FALSE(bad_die.ok());
    EXPECT_EQ(bad_die.error().field, "die_width_mm");
    auto in = cost_input(26, 33, YieldModel::negative_binomial, 0.1, 17000);
    in.yield.alpha = 0.0;
    auto bad_alpha = die_cost(in);
    ASSERT_FALSE(bad_alpha.ok());
    EXPECT_EQ(bad_alpha.error().field, "alpha");
}

TEST(SupplyCost, NoWholeDieIsADataErrorWithoutAField) {
    auto in = cost_input(300, 300, YieldModel::poisson, 0.1, 17000);
    auto r = die_cost(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "");
    EXPECT_NE(r.error().message.find("no whole die"), std::string::npos) << r.error().message;
}
