// Dies per wafer: the exact search must (a) reach its count at the offset it
// reports, checked by an independent corner-by-corner test, and (b) never be
// beaten by any placement we can sample.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <random>
#include <string>

#include "w2t/dies_per_wafer.hpp"

using namespace w2t;

namespace {

int64_t whole_sites(const DiesPerWaferInput& in, double ox, double oy) {
    const auto sites = die_sites(in, ox, oy);
    return std::count_if(sites.begin(), sites.end(),
                         [](const DieSite& s) { return s.state == DieState::whole; });
}

// Best count over an n x n grid of offsets plus `random` random offsets.
int64_t sampled_best(const DiesPerWaferInput& in, int n, int random, uint32_t seed) {
    const double px = in.die_width_mm + in.scribe_mm, py = in.die_height_mm + in.scribe_mm;
    int64_t best = 0;
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b)
            best = std::max(best, count_whole_dies(in, px * a / n, py * b / n));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (int k = 0; k < random; ++k)
        best = std::max(best, count_whole_dies(in, px * u(rng), py * u(rng)));
    return best;
}

}  // namespace

TEST(DiesPerWafer, ReticleSizedDieOn300mmWafer) {
    DiesPerWaferInput in;  // 26 x 33 mm, 0.1 mm scribe, 300 mm, 3 mm edge
    auto r = dies_per_wafer(in);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(count_whole_dies(in, r->offset_x_mm, r->offset_y_mm), r->gross_dies);
    EXPECT_EQ(whole_sites(in, r->offset_x_mm, r->offset_y_mm), r->gross_dies);
    EXPECT_GE(r->gross_dies, r->centered_grid_dies);
    EXPECT_GE(r->gross_dies, sampled_best(in, 200, 20000, 1));
    // A 300 mm wafer holds 60-70 reticle-sized dies; the textbook formula says ~56.
    EXPECT_GT(r->gross_dies, 55);
    EXPECT_LT(r->gross_dies, 80);
    EXPECT_GT(r->partial_dies, 0);
}

TEST(DiesPerWafer, TextbookApproximationAndItsError) {
    DiesPerWaferInput in;
    const double d = 300.0 - 2 * 3.0, s = 26.1 * 33.1, pi = std::acos(-1.0);
    const double expected = pi * d * d / (4 * s) - pi * d / std::sqrt(2 * s);
    auto r = dies_per_wafer(in);
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->approx_dies, expected, 1e-9);
    EXPECT_NEAR(r->approx_error_pct, (expected - r->gross_dies) / r->gross_dies * 100.0, 1e-9);
}

TEST(DiesPerWafer, SquareInscribedInTheUsableCircleFitsExactlyOnce) {
    // Usable radius 100 mm: a square of side 100*sqrt(2) touches the circle at four corners.
    DiesPerWaferInput in{141.42, 141.42, 0.0, 200.0, 0.0};
    auto r = dies_per_wafer(in);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->gross_dies, 1);
    in.die_width_mm = in.die_height_mm = 100.0 * std::sqrt(2.0);  // exactly touching
    EXPECT_EQ(dies_per_wafer(in)->gross_dies, 1);
    in.die_width_mm = in.die_height_mm = 141.43;
    r = dies_per_wafer(in);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->gross_dies, 0);
    EXPECT_EQ(r->approx_error_pct, 0.0);
}

TEST(DiesPerWafer, TwoDiesSideBySideNeedTheRightOffset) {
    // Two 60 x 80 mm dies side by side span 120 x 80 (half-diagonal 72.1):
    // they fit in a 75 mm radius only when centred on the wafer's middle.
    DiesPerWaferInput in{60.0, 80.0, 0.0, 150.0, 0.0};
    auto r = dies_per_wafer(in);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->gross_dies, 2);
    EXPECT_EQ(r->centered_grid_dies, 1);  // a die centred on the wafer blocks the pair
    EXPECT_EQ(whole_sites(in, r->offset_x_mm, r->offset_y_mm), 2);
}

TEST(DiesPerWafer, TransposingTheDieTransposesNothingElse) {
    DiesPerWaferInput a{9.5, 21.0, 0.08, 300.0, 2.0};
    DiesPerWaferInput b{21.0, 9.5, 0.08, 300.0, 2.0};
    EXPECT_EQ(dies_per_wafer(a)->gross_dies, dies_per_wafer(b)->gross_dies);
}

TEST(DiesPerWafer, MoreEdgeExclusionNeverAddsDies) {
    DiesPerWaferInput in{12.0, 17.0, 0.1, 300.0, 0.0};
    int64_t previous = dies_per_wafer(in)->gross_dies;
    for (double edge = 0.5; edge <= 8.0; edge += 0.5) {
        in.edge_exclusion_mm = edge;
        const int64_t now = dies_per_wafer(in)->gross_dies;
        EXPECT_LE(now, previous) << "edge " << edge;
        previous = now;
    }
}

TEST(DiesPerWafer, RandomDiesAreNeverBeatenBySampledOffsets) {
    std::mt19937 rng(20261126);
    std::uniform_real_distribution<double> die(4.0, 60.0), scribe(0.0, 0.3), edge(0.0, 5.0);
    for (int trial = 0; trial < 40; ++trial) {
        DiesPerWaferInput in{die(rng), die(rng), scribe(rng), trial % 3 == 0 ? 200.0 : 300.0,
                             edge(rng)};
        auto r = dies_per_wafer(in);
        ASSERT_TRUE(r.ok());
        SCOPED_TRACE(testing::Message() << in.die_width_mm << " x " << in.die_height_mm);
        EXPECT_EQ(whole_sites(in, r->offset_x_mm, r->offset_y_mm), r->gross_dies);
        EXPECT_GE(r->gross_dies, sampled_best(in, 48, 3000, trial));
        EXPECT_GE(r->gross_dies, r->centered_grid_dies);
    }
}

TEST(DiesPerWafer, SitesCoverEveryDieThatTouchesTheUsableArea) {
    DiesPerWaferInput in{20.0, 20.0, 0.0, 100.0, 0.0};
    for (const DieSite& s : die_sites(in, 3.0, 7.0)) {
        // Nearest point of each listed die is inside the 50 mm circle.
        const double nx = std::clamp(0.0, s.x_mm, s.x_mm + 20.0);
        const double ny = std::clamp(0.0, s.y_mm, s.y_mm + 20.0);
        EXPECT_LT(std::hypot(nx, ny), 50.0);
    }
    EXPECT_EQ(whole_sites(in, 3.0, 7.0), count_whole_dies(in, 3.0, 7.0));
}

struct BadInput {
    const char* name;
    DiesPerWaferInput in;
    const char* field;
};
void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }

class DiesPerWaferValidation : public testing::TestWithParam<BadInput> {};

TEST_P(DiesPerWaferValidation, NamesTheField) {
    auto r = dies_per_wafer(GetParam().in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, GetParam().field);
    EXPECT_FALSE(r.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, DiesPerWaferValidation,
    testing::Values(BadInput{"nan_width", {NAN, 10, 0.1, 300, 3}, "die_width_mm"},
                    BadInput{"infinite_height", {10, INFINITY, 0.1, 300, 3}, "die_height_mm"},
                    BadInput{"too_narrow", {0.5, 10, 0.1, 300, 3}, "die_width_mm"},
                    BadInput{"ten_metre_die", {10000, 10, 0.1, 300, 3}, "die_width_mm"},
                    BadInput{"negative_scribe", {10, 10, -0.1, 300, 3}, "scribe_mm"},
                    BadInput{"tiny_wafer", {10, 10, 0.1, 10, 3}, "wafer_diameter_mm"},
                    BadInput{"edge_past_radius", {10, 10, 0.1, 300, 150}, "edge_exclusion_mm"},
                    BadInput{"negative_edge", {10, 10, 0.1, 300, -1}, "edge_exclusion_mm"}),
    [](const testing::TestParamInfo<BadInput>& info) { return std::string(info.param.name); });

TEST(DiesPerWafer, DieAtAgreesWithTheSiteList) {
    DiesPerWaferInput in{20.0, 15.0, 1.0, 150.0, 2.0};
    const auto sites = die_sites(in, 4.0, 9.0);
    ASSERT_FALSE(sites.empty());
    for (const DieSite& s : sites) {
        auto hit = die_at(in, 4.0, 9.0, s.x_mm + 10.0, s.y_mm + 7.5);  // the die's centre
        ASSERT_TRUE(hit.has_value());
        EXPECT_EQ(hit->state, s.state);
        EXPECT_DOUBLE_EQ(hit->x_mm, s.x_mm);
    }
    EXPECT_FALSE(die_at(in, 4.0, 9.0, 4.0 + 20.5, 9.0 + 3.0).has_value());  // scribe lane
    EXPECT_FALSE(die_at(in, 4.0, 9.0, 74.9, 74.9).has_value());             // off the wafer
}

TEST(DiesPerWafer, GridMatchesTheCountAndTheSites) {
    DiesPerWaferInput in{7.0, 9.0, 0.2, 200.0, 3.0};
    auto r = dies_per_wafer(in);
    ASSERT_TRUE(r.ok());
    const DieGrid grid = die_grid(in, r->offset_x_mm, r->offset_y_mm);
    int64_t whole = 0, partial = 0;
    for (DieState s : grid.cells) {
        whole += s == DieState::whole;
        partial += s == DieState::partial;
    }
    EXPECT_EQ(whole, r->gross_dies);
    EXPECT_EQ(partial, r->partial_dies);
    EXPECT_EQ(grid.count(DieState::whole), whole);
    EXPECT_EQ(grid.count(DieState::partial), partial);
    EXPECT_EQ(grid.at(grid.first_col - 1, grid.first_row), DieState::outside);
    // Cells on the grid's border lie off the usable disc.
    for (int32_t i = 0; i < grid.cols; ++i) {
        EXPECT_EQ(grid.at(grid.first_col + i, grid.first_row), DieState::outside);
        EXPECT_EQ(grid.at(grid.first_col + i, grid.first_row + grid.rows - 1), DieState::outside);
    }
}
