// Supply-chain model, first part: die yield from defect density and the cost of
// a good die. Textbook values by hand, the limits, properties, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "w2t/dies_per_wafer.hpp"
#include "w2t/supply/cost.hpp"
#include "w2t/supply/harvest.hpp"
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

// [SECTION] sampled defects on the wafer map (w2t/supply/defects.hpp)
#include "w2t/supply/defects.hpp"
#include "w2t/supply/package_cost.hpp"

namespace {

w2t::supply::DefectSampleInput defect_input(double d0, uint64_t seed, double alpha = 0.0) {
    w2t::supply::DefectSampleInput in;
    in.wafer = DiesPerWaferInput{26.0, 33.0, 0.1, 300.0, 3.0};
    auto dies = w2t::dies_per_wafer(in.wafer);
    in.offset_x_mm = dies->offset_x_mm;
    in.offset_y_mm = dies->offset_y_mm;
    in.d0_per_cm2 = d0;
    in.seed = seed;
    in.alpha = alpha;
    return in;
}

TEST(SupplyDefects, SameSeedSameWaferOtherSeedOtherWafer) {
    auto a = w2t::supply::sample_defects(defect_input(0.1, 7));
    auto b = w2t::supply::sample_defects(defect_input(0.1, 7));
    auto c = w2t::supply::sample_defects(defect_input(0.1, 8));
    ASSERT_TRUE(a && b && c);
    ASSERT_EQ(a->defects.size(), b->defects.size());
    for (size_t i = 0; i < a->defects.size(); ++i) {
        EXPECT_EQ(a->defects[i].x_mm, b->defects[i].x_mm);
        EXPECT_EQ(a->defects[i].y_mm, b->defects[i].y_mm);
    }
    EXPECT_EQ(a->killed, b->killed);
    bool differs = a->defects.size() != c->defects.size();
    for (size_t i = 0; !differs && i < a->defects.size(); ++i) differs = a->defects[i].x_mm != c->defects[i].x_mm;
    EXPECT_TRUE(differs);
}

TEST(SupplyDefects, EveryDefectIsOnTheUsableDiscAndKillsOnlyTheDieItLandsIn) {
    auto s = w2t::supply::sample_defects(defect_input(0.3, 3));
    ASSERT_TRUE(s);
    ASSERT_FALSE(s->defects.empty());
    const double px = 26.1, py = 33.1;
    auto in = defect_input(0.3, 3);
    std::vector<uint8_t> expected(s->grid.cells.size(), 0);
    for (const auto& d : s->defects) {
        EXPECT_LE(std::hypot(d.x_mm, d.y_mm), 147.0 + 1e-9);
        const double col = std::floor((d.x_mm - in.offset_x_mm) / px), row = std::floor((d.y_mm - in.offset_y_mm) / py);
        const double lx = d.x_mm - in.offset_x_mm - col * px, ly = d.y_mm - in.offset_y_mm - row * py;
        EXPECT_EQ(d.on_die, lx < 26.0 && ly < 33.0);
        const auto c = static_cast<int64_t>(col), r = static_cast<int64_t>(row);
        if (d.on_die && s->grid.at(c, r) == w2t::DieState::whole)
            expected[static_cast<size_t>((r - s->grid.first_row) * s->grid.cols + (c - s->grid.first_col))] = 1;
    }
    EXPECT_EQ(s->killed, expected);
    EXPECT_EQ(s->whole_dies, 64);  // the exact count for 26 x 33 mm
    EXPECT_EQ(s->good_dies + s->bad_dies, s->whole_dies);
}

TEST(SupplyDefects, ZeroDefectDensityGivesNoDefectsAndEveryDieGood) {
    auto s = w2t::supply::sample_defects(defect_input(0.0, 1));
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->defects.empty());
    EXPECT_EQ(s->bad_dies, 0);
    EXPECT_EQ(s->good_dies, 64);
}

TEST(SupplyDefects, MeanCountIsUsableAreaTimesD0) {
    const double d0 = 0.2;
    double total = 0;
    const int wafers = 400;
    for (int seed = 1; seed <= wafers; ++seed) total += double(w2t::supply::sample_defects(defect_input(d0, seed))->defects.size());
    const double expected = std::numbers::pi * 147.0 * 147.0 / 100.0 * d0;  // 135.8
    // Poisson: the mean of 400 wafers has sd sqrt(135.8 / 400) = 0.58; allow 4 sd.
    EXPECT_NEAR(total / wafers, expected, 4 * std::sqrt(expected / wafers));
}

TEST(SupplyDefects, GoodDieShareTendsToTheYieldModel) {
    const double d0 = 0.1, area_cm2 = 26.0 * 33.0 / 100.0;
    auto share = [&](double alpha) {
        double good = 0, whole = 0;
        for (int seed = 1; seed <= 600; ++seed) {
            auto s = w2t::supply::sample_defects(defect_input(d0, seed, alpha));
            good += double(s->good_dies);
            whole += double(s->whole_dies);
        }
        return good / whole;
    };
    // 600 wafers x 64 dies: binomial sd ~ 0.0025; allow 0.012 (dies of a wafer are not independent when clustered).
    EXPECT_NEAR(share(0.0), std::exp(-area_cm2 * d0), 0.012);                    // poisson 0.424
    EXPECT_NEAR(share(1.0), std::pow(1.0 + area_cm2 * d0 / 1.0, -1.0), 0.015);  // negative-binomial 0.538
}

TEST(SupplyDefects, BadInputNamesTheField) {
    auto in = defect_input(-0.1, 1);
    auto s = w2t::supply::sample_defects(in);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "d0_per_cm2");
    in = defect_input(0.1, 1, -2.0);
    EXPECT_EQ(w2t::supply::sample_defects(in).error().field, "alpha");
    in = defect_input(0.1, 1);
    in.wafer.die_width_mm = 0.5;
    EXPECT_EQ(w2t::supply::sample_defects(in).error().field, "die_width_mm");
}

// [SECTION] the accelerator cost waterfall (w2t/supply/package_cost.hpp)
TEST(SupplyPackageCost, StepsSumToTheEstimateAndTheMarginFollowsTheStreetPrice) {
    w2t::supply::PackageCostInput in;
    in.die.wafer = DiesPerWaferInput{26.0, 33.0, 0.1, 300.0, 3.0};
    in.die.yield.model = w2t::supply::YieldModel::murphy;
    in.die.yield.d0_per_cm2 = 0.1;
    in.die.wafer_usd = 16988;
    in.logic_dies = 2;
    in.hbm_usd = 1350, in.packaging_usd = 750, in.test_assembly_usd = 920, in.package_yield = 0.9;
    in.street_usd = 27500;
    auto r = w2t::supply::package_cost(in);
    ASSERT_TRUE(r);
    double sum = 0;
    for (const auto& s : r->steps) sum += s.usd;
    EXPECT_NEAR(sum, r->estimate_usd, 1e-9);
    EXPECT_NEAR(r->steps[0].usd, 2 * 16988 / (64 * r->die.yield.yield), 1e-9);  // two good dies
    EXPECT_NEAR(r->estimate_usd, (r->steps[0].usd + 1350 + 750 + 920) / 0.9, 1e-9);
    EXPECT_NEAR(r->margin, 1 - r->estimate_usd / 27500, 1e-12);
    in.package_yield = 0;
    EXPECT_EQ(w2t::supply::package_cost(in).error().field, "package_yield");
    in.package_yield = 1, in.hbm_usd = -1;
    EXPECT_EQ(w2t::supply::package_cost(in).error().field, "hbm_usd");
}

TEST(SupplyPackageCost, PresetsCarrySourcesAndTheH100AddsUpToTheTeardown) {
    for (const auto& n : w2t::supply::node_presets())
        for (const auto* f : {&n.d0_per_cm2, &n.wafer_usd}) {
            EXPECT_EQ(f->url.rfind("http", 0), 0u) << n.id;
            EXPECT_FALSE(f->date.empty()) << n.id;
            EXPECT_FALSE(f->quality.empty()) << n.id;
            EXPECT_LE(f->low, f->value);
            EXPECT_GE(f->high, f->value);
        }
    const auto& h100 = w2t::supply::accelerator_cost_presets().at(0);
    EXPECT_EQ(h100.id, "h100-sxm");
    // The teardown's components (logic ~$300) sum to its total of $3,320.
    EXPECT_NEAR(300 + h100.hbm_usd.value + h100.packaging_usd.value + h100.test_assembly_usd.value,
                h100.total_cost_usd.value, 1.0);
}

}  // namespace

// [SECTION] a wafer-scale die as stitched reticle fields (w2t/supply/wafer_scale.hpp)
#include "w2t/supply/wafer_scale.hpp"

namespace {

TEST(SupplyWaferScale, TheWse3FieldGridFitsTheUsableDiscAndEachFieldTheReticle) {
    auto r = w2t::supply::wafer_scale_die({});  // 12 x 7 fields of 17 x 30 mm (a reconstruction)
    ASSERT_TRUE(r);
    EXPECT_DOUBLE_EQ(r->width_mm, 204.0);
    EXPECT_DOUBLE_EQ(r->height_mm, 210.0);
    EXPECT_DOUBLE_EQ(r->area_mm2, 42840.0);
    EXPECT_NEAR(r->corner_radius_mm, std::hypot(204.0, 210.0) / 2, 1e-9);  // 146.4 mm
    EXPECT_TRUE(r->fits_usable);
    EXPECT_EQ(r->fields, 84);
    EXPECT_EQ(r->fields_inside, 84);
    EXPECT_TRUE(r->field_within_reticle);
}

TEST(SupplyWaferScale, APlain215MillimetreSquareDoesNotFitA300MillimetreWafer) {
    w2t::supply::WaferScaleInput in;
    in.field_width_mm = in.field_height_mm = 215.0;
    in.cols = in.rows = 1;
    auto r = w2t::supply::wafer_scale_die(in);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->corner_radius_mm, 215.0 * std::sqrt(2.0) / 2, 1e-9);  // 152.0 > 150
    EXPECT_FALSE(r->fits_wafer);
    EXPECT_FALSE(r->field_within_reticle);
    EXPECT_EQ(r->fields_inside, 0);
    in.edge_exclusion_mm = 0;  // the largest square on a bare 300 mm disc: 212.1 mm, 45,000 mm2
    r = w2t::supply::wafer_scale_die(in);
    EXPECT_NEAR(r->largest_square_side_mm, 300.0 / std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(r->largest_square_area_mm2, 45000.0, 1e-6);
    EXPECT_LT(r->largest_square_area_mm2, 215.0 * 215.0);
}

TEST(SupplyWaferScale, FieldsCrossingTheEdgeAreCountedOutAndErrorsNameTheField) {
    w2t::supply::WaferScaleInput in;
    in.cols = 13;  // 221 x 210 mm: the corner fields leave the usable disc
    auto r = w2t::supply::wafer_scale_die(in);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->fits_usable);
    EXPECT_LT(r->fields_inside, r->fields);
    EXPECT_GE(r->fields_inside, r->fields - 4);
    in.cols = 0;
    EXPECT_EQ(w2t::supply::wafer_scale_die(in).error().field, "cols");
    in.cols = 12, in.field_width_mm = -1;
    EXPECT_EQ(w2t::supply::wafer_scale_die(in).error().field, "field_width_mm");
    for (const auto& s : w2t::supply::wafer_scale_sources()) EXPECT_EQ(s.url.rfind("https://", 0), 0u);
}

}  // namespace

// [SECTION] harvesting and wafer-scale redundancy (issue 16)
namespace {

using w2t::supply::binomial_cdf;
using w2t::supply::harvest_yield;
using w2t::supply::HarvestInput;
using w2t::supply::wafer_scale_redundancy;
using w2t::supply::WaferScaleRedundancyInput;

HarvestInput harvest_in(YieldModel model, double area, double d0, int64_t n, int64_t k, double uncore) {
    HarvestInput in;
    in.die_area_mm2 = area;
    in.params = params(model, d0);
    in.units = n;
    in.required_units = k;
    in.uncore_share = uncore;
    return in;
}

double harvested(const HarvestInput& in) {
    auto r = harvest_yield(in);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? r->harvested_yield : std::nan("");
}

}  // namespace

TEST(SupplyHarvest, BinomialCdfTextbookValues) {
    EXPECT_NEAR(binomial_cdf(10, 0.5, 5), 638.0 / 1024.0, 1e-12);   // sum of C(10,j), j <= 5
    EXPECT_NEAR(binomial_cdf(4, 0.25, 0), 0.31640625, 1e-12);       // 0.75^4
    EXPECT_NEAR(binomial_cdf(4, 0.25, 3), 1.0 - 1.0 / 256.0, 1e-12);  // 1 - 0.25^4
    EXPECT_EQ(binomial_cdf(4, 0.25, 4), 1.0);
    EXPECT_EQ(binomial_cdf(4, 0.25, -1), 0.0);
    EXPECT_EQ(binomial_cdf(4, 0.0, 0), 1.0);
    EXPECT_EQ(binomial_cdf(4, 1.0, 3), 0.0);
    // Large n: Bin(1e6, 1e-4) is near Poisson(100); P(X <= 100) ~ 0.5266 (Poisson CDF at the mean).
    EXPECT_NEAR(binomial_cdf(1000000, 1e-4, 100), 0.5266, 0.001);
}

TEST(SupplyHarvest, TwoUnitsOneNeededByHand) {
    // 1 cm2, D0 0.5, two half-die units, one needed: 1 - (1 - e^-0.25)^2.
    EXPECT_NEAR(harvested(harvest_in(YieldModel::poisson, 100, 0.5, 2, 1, 0.0)), 0.9510709064301763, 1e-12);
}

TEST(SupplyHarvest, H100StylePoissonByHand) {
    // 814 mm2, D0 0.1, 144 units of which 132 needed, 20 % uncore (an example share, not a
    // sourced one): e^-(0.8142 x 0.2) x P(Bin(144, 1 - e^-(0.8142 x 0.8 / 144)) <= 12),
    // summed in Python with exact binomials.
    auto r = harvest_yield(harvest_in(YieldModel::poisson, 814, 0.1, 144, 132, 0.2));
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->plain_yield, 0.44308218808216776, 1e-12);
    EXPECT_NEAR(r->harvested_yield, 0.8497611236450641, 1e-9);
    EXPECT_NEAR(r->uncore_yield, 0.8497611236452298, 1e-12);
    EXPECT_NEAR(r->unit_area_mm2, 814 * 0.8 / 144, 1e-12);
    EXPECT_GT(r->yield_gain, 1.9);
}

TEST(SupplyHarvest, AllUnitsRequiredIsThePlainYieldForEveryModel) {
    for (YieldModel m : kAllModels)
        for (double uncore : {0.0, 0.3, 1.0}) {
            auto r = harvest_yield(harvest_in(m, 814, 0.1, 144, 144, uncore));
            ASSERT_TRUE(r.ok());
            EXPECT_NEAR(r->harvested_yield, r->plain_yield, 1e-6 * r->plain_yield)
                << w2t::supply::yield_model_name(m) << " uncore " << uncore;
            EXPECT_NEAR(r->plain_yield, yield_of(m, 814, 0.1), 1e-15);
        }
}

TEST(SupplyHarvest, NoUnitRequiredIsTheUncoreYieldOnly) {
    for (YieldModel m : kAllModels) {
        auto r = harvest_yield(harvest_in(m, 600, 0.2, 100, 0, 0.25));
        ASSERT_TRUE(r.ok());
        EXPECT_NEAR(r->harvested_yield, yield_of(m, 150, 0.2), 1e-6) << w2t::supply::yield_model_name(m);
        EXPECT_NEAR(r->uncore_yield, yield_of(m, 150, 0.2), 1e-15);
    }
}

TEST(SupplyHarvest, MonotoneInDefectDensityAndRequiredUnits) {
    for (YieldModel m : kAllModels) {
        double previous = 2.0;
        for (double d0 : {0.0, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0}) {
            const double y = harvested(harvest_in(m, 814, d0, 144, 132, 0.2));
            EXPECT_LE(y, previous + 1e-12) << w2t::supply::yield_model_name(m) << " d0 " << d0;
            previous = y;
        }
        previous = 2.0;
        for (int64_t k = 0; k <= 144; k += 4) {
            const double y = harvested(harvest_in(m, 814, 0.1, 144, k, 0.2));
            EXPECT_LE(y, previous + 1e-12) << w2t::supply::yield_model_name(m) << " k " << k;
            EXPECT_GE(y, yield_of(m, 814, 0.1) - 1e-12);  // never below the plain yield
            previous = y;
        }
    }
}

TEST(SupplyHarvest, ZeroDefectsYieldOne) {
    auto r = harvest_yield(harvest_in(YieldModel::murphy, 814, 0.0, 144, 132, 0.2));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->plain_yield, 1.0);
    EXPECT_NEAR(r->harvested_yield, 1.0, 1e-12);
}

TEST(SupplyHarvest, ErrorsNameTheField) {
    struct Case {
        HarvestInput in;
        const char* field;
    };
    const HarvestInput ok = harvest_in(YieldModel::poisson, 814, 0.1, 144, 132, 0.2);
    std::vector<Case> cases;
    auto with = [&](auto change, const char* field) {
        HarvestInput in = ok;
        change(in);
        cases.push_back({in, field});
    };
    with([](HarvestInput& in) { in.die_area_mm2 = 0; }, "die_area_mm2");
    with([](HarvestInput& in) { in.units = 0; }, "units");
    with([](HarvestInput& in) { in.units = 1000000; }, "units");
    with([](HarvestInput& in) { in.required_units = 145; }, "required_units");
    with([](HarvestInput& in) { in.required_units = -1; }, "required_units");
    with([](HarvestInput& in) { in.uncore_share = 1.5; }, "uncore_share");
    with([](HarvestInput& in) { in.uncore_share = std::nan(""); }, "uncore_share");
    with([](HarvestInput& in) { in.params.d0_per_cm2 = -1; }, "d0_per_cm2");
    with([](HarvestInput& in) { in.params = params(YieldModel::negative_binomial, 0.1, 0.0); }, "alpha");
    for (const Case& c : cases) {
        auto r = harvest_yield(c.in);
        ASSERT_FALSE(r.ok()) << c.field;
        EXPECT_EQ(r.error().field, c.field);
    }
}

TEST(SupplyWaferScale, Wse3StyleRedundancy) {
    // WSE-3 figures (supply_facts.csv: 970,000 physical / 900,000 active cores, ~0.05 mm2 per
    // core, D0 ~0.1/cm2 as Cerebras assumes): 970,000 x (1 - e^-(0.0005 x 0.1)) defective cores.
    WaferScaleRedundancyInput in{970000, 900000, 0.05, params(YieldModel::poisson, 0.1)};
    auto r = wafer_scale_redundancy(in);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->spare_cores, 70000);
    EXPECT_NEAR(r->expected_defective_cores, 48.49878752024806, 1e-6);
    EXPECT_NEAR(r->expected_defects, 48.5, 1e-9);
    EXPECT_NEAR(r->spare_share, 70000.0 / 970000.0, 1e-15);
    EXPECT_NEAR(r->wafer_survival, 1.0, 1e-12);  // 70,000 spares against ~48 defective cores
    EXPECT_LT(r->plain_yield, 1e-20);            // e^-48.5 with no spares
}

TEST(SupplyWaferScale, SurvivalIsThePoissonTailAroundTheMean) {
    // Spares equal to the mean defective count: P(Bin(n, q) <= mean) just above one half.
    WaferScaleRedundancyInput in{970000, 970000 - 48, 0.05, params(YieldModel::poisson, 0.1)};
    auto r = wafer_scale_redundancy(in);
    ASSERT_TRUE(r.ok());
    EXPECT_GT(r->wafer_survival, 0.45);
    EXPECT_LT(r->wafer_survival, 0.55);
    // No spares: one defect kills the wafer, exactly the plain yield.
    in.sold_cores = in.cores;
    auto none = wafer_scale_redundancy(in);
    ASSERT_TRUE(none.ok());
    EXPECT_NEAR(none->wafer_survival, none->plain_yield, 1e-15);
    // Clustering (negative-binomial, alpha 2) spreads the count: more spares needed for the same share.
    in.sold_cores = 970000 - 100;
    in.params = params(YieldModel::poisson, 0.1);
    const double poisson_share = wafer_scale_redundancy(in)->wafer_survival;
    in.params = params(YieldModel::negative_binomial, 0.1, 2.0);
    const double clustered_share = wafer_scale_redundancy(in)->wafer_survival;
    EXPECT_GT(poisson_share, 0.999);
    EXPECT_LT(clustered_share, poisson_share);
    EXPECT_GT(clustered_share, 0.5);
}

TEST(SupplyWaferScale, MonotoneInSoldCoresAndDefectDensity) {
    double previous = 2.0;
    for (int64_t spares : {400, 200, 120, 100, 80, 60, 40, 20, 0}) {
        WaferScaleRedundancyInput in{970000, 970000 - spares, 0.05, params(YieldModel::murphy, 0.1)};
        auto r = wafer_scale_redundancy(in);
        ASSERT_TRUE(r.ok());
        EXPECT_LE(r->wafer_survival, previous + 1e-12) << spares;
        previous = r->wafer_survival;
    }
    previous = 2.0;
    for (double d0 : {0.0, 0.05, 0.1, 0.2, 0.4}) {
        WaferScaleRedundancyInput in{970000, 970000 - 60, 0.05, params(YieldModel::poisson, d0)};
        auto r = wafer_scale_redundancy(in);
        ASSERT_TRUE(r.ok());
        EXPECT_LE(r->wafer_survival, previous + 1e-12) << d0;
        previous = r->wafer_survival;
    }
}

TEST(SupplyWaferScale, ErrorsNameTheField) {
    const auto p = params(YieldModel::poisson, 0.1);
    struct Case {
        WaferScaleRedundancyInput in;
        const char* field;
    };
    for (const Case& c : {Case{{0, 0, 0.05, p}, "cores"},
                          Case{{100, 101, 0.05, p}, "sold_cores"},
                          Case{{100, -1, 0.05, p}, "sold_cores"},
                          Case{{100, 90, 0.0, p}, "core_area_mm2"},
                          Case{{10000000, 90, 1.0, p}, "core_area_mm2"},
                          Case{{100, 90, 0.05, params(YieldModel::poisson, 11.0)}, "d0_per_cm2"}}) {
        auto r = wafer_scale_redundancy(c.in);
        ASSERT_FALSE(r.ok()) << c.field;
        EXPECT_EQ(r.error().field, c.field);
    }
}

TEST(SupplyHarvest, PackageCostUsesTheUsableYield) {
    w2t::supply::PackageCostInput in;
    in.die.wafer.die_width_mm = 26;
    in.die.wafer.die_height_mm = 33;
    in.die.yield = params(YieldModel::poisson, 0.1);
    in.die.wafer_usd = 17000;
    in.hbm_usd = 1000;
    in.package_yield = 0.9;
    in.street_usd = 25000;
    auto plain = w2t::supply::package_cost(in);
    ASSERT_TRUE(plain.ok());
    HarvestInput h;
    h.units = 144;
    h.required_units = 132;
    h.uncore_share = 0.2;
    auto r = w2t::supply::harvested_package_cost(in, h);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->cost.die.yield.yield, plain->die.yield.yield);  // the plain yield stays on record
    EXPECT_NEAR(r->cost.die.good_dies, 64 * r->harvest.harvested_yield, 1e-9);
    EXPECT_NEAR(r->cost.steps[0].usd, 17000 / (64 * r->harvest.harvested_yield), 1e-9);
    EXPECT_NEAR(r->cost.estimate_usd, (r->cost.steps[0].usd + 1000) / 0.9, 1e-9);
    EXPECT_LT(r->cost.estimate_usd, plain->estimate_usd);
    double sum = 0;
    for (const auto& s : r->cost.steps) sum += s.usd;
    EXPECT_NEAR(sum, r->cost.estimate_usd, 1e-9);
    // All units required: the same cost as without harvesting (poisson is exact).
    h.required_units = 144;
    auto all = w2t::supply::harvested_package_cost(in, h);
    ASSERT_TRUE(all.ok());
    EXPECT_NEAR(all->cost.estimate_usd, plain->estimate_usd, 1e-9 * plain->estimate_usd);
    h.uncore_share = 2;
    auto bad = w2t::supply::harvested_package_cost(in, h);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "uncore_share");
}

TEST(SupplyHarvest, SourcesCarryUrlDateAndQuality) {
    ASSERT_FALSE(w2t::supply::harvest_sources().empty());
    for (const auto& s : w2t::supply::harvest_sources()) {
        EXPECT_EQ(s.url.rfind("https://", 0), 0u) << s.url;
        EXPECT_FALSE(s.date.empty()) << s.url;
        EXPECT_FALSE(s.quality.empty()) << s.url;
        EXPECT_FALSE(s.row.empty()) << s.url;
    }
}
