#include <gtest/gtest.h>

#include <cmath>

#include "chart.hpp"

using namespace w2t::web::chart;

TEST(Chart, NiceStepsAreOneTwoOrFiveTimesAPowerOfTen) {
    EXPECT_DOUBLE_EQ(nice_step(10.0, 6), 2.0);
    EXPECT_DOUBLE_EQ(nice_step(10.0, 11), 1.0);
    EXPECT_DOUBLE_EQ(nice_step(0.37, 5), 0.1);
    EXPECT_DOUBLE_EQ(nice_step(7300.0, 4), 5000.0);
    EXPECT_EQ(nice_step(0.0, 5), 0.0);
    EXPECT_EQ(nice_step(NAN, 5), 0.0);
    EXPECT_DOUBLE_EQ(nice_floor(73.0), 50.0);
    EXPECT_DOUBLE_EQ(nice_floor(0.19), 0.1);
    EXPECT_DOUBLE_EQ(nice_floor(2.0), 2.0);
}

TEST(Chart, LinearTicksCoverTheRangeWithoutExceedingTheCount) {
    const auto t = linear_ticks(0.0, 10.0, 6);
    ASSERT_EQ(t.size(), 6u);
    EXPECT_DOUBLE_EQ(t.front(), 0.0);
    EXPECT_DOUBLE_EQ(t.back(), 10.0);
    const auto u = linear_ticks(-3.3, 41.0, 5);
    ASSERT_FALSE(u.empty());
    EXPECT_LE(u.size(), 5u);
    EXPECT_GE(u.front(), -3.3);
    EXPECT_LE(u.back(), 41.0);
    EXPECT_TRUE(linear_ticks(5.0, 5.0, 5).empty());
}

TEST(Chart, LogTicksUseOneTwoFiveAndThinToDecades) {
    const auto t = log_ticks(1.0, 1000.0, 10);
    ASSERT_EQ(t.size(), 10u);  // 1 2 5 10 20 50 100 200 500 1000
    EXPECT_DOUBLE_EQ(t[1], 2.0);
    EXPECT_DOUBLE_EQ(t.back(), 1000.0);
    const auto d = log_ticks(1.0, 1e6, 4);
    ASSERT_LE(d.size(), 4u);
    for (double v : d) EXPECT_NEAR(std::log10(v), std::round(std::log10(v)), 1e-9);
    EXPECT_TRUE(log_ticks(0.0, 10.0, 5).empty());
}

TEST(Chart, FormatsValuesWithUnits) {
    EXPECT_EQ(format_value(0.5, "mm"), "0.5 mm");
    EXPECT_EQ(format_value(12345.0, "tok/s"), "12.3k tok/s");
    EXPECT_EQ(format_value(2.5e6, ""), "2.5M");
    EXPECT_EQ(format_value(50.0, "mm"), "50 mm");
    EXPECT_EQ(format_value(1330.4, "tok/s"), "1330 tok/s");  // never "1.33e+03"
    EXPECT_EQ(format_value(5000.0, ""), "5000");
    EXPECT_EQ(format_value(151.2, "ms"), "151 ms");
    EXPECT_EQ(format_value(0.0184, "GB"), "0.0184 GB");
}

TEST(Chart, NiceCeilIsTheNextOneTwoOrFive) {
    EXPECT_DOUBLE_EQ(nice_ceil(73.0), 100.0);
    EXPECT_DOUBLE_EQ(nice_ceil(0.13), 0.2);
    EXPECT_DOUBLE_EQ(nice_ceil(5.0), 5.0);
    EXPECT_DOUBLE_EQ(nice_ceil(3.1e4), 5e4);
    EXPECT_EQ(nice_ceil(-1.0), 0.0);
}

TEST(Chart, AutoRangeCoversTheDataWithNiceBounds) {
    const Range l = auto_range({23.0, 870.0, NAN, -4.0, 0.0}, true);  // log: positive values only
    EXPECT_DOUBLE_EQ(l.lo, 20.0);
    EXPECT_DOUBLE_EQ(l.hi, 1000.0);
    const Range one = auto_range({300.0}, true);
    EXPECT_LT(one.lo, 300.0);
    EXPECT_GT(one.hi, 300.0);
    const Range lin = auto_range({3.0, 41.0}, false);  // from 0, up to a step multiple
    EXPECT_DOUBLE_EQ(lin.lo, 0.0);
    EXPECT_DOUBLE_EQ(lin.hi, 50.0);
    const Range neg = auto_range({-7.0, 12.0}, false);
    EXPECT_LE(neg.lo, -7.0);
    EXPECT_GE(neg.hi, 12.0);
    EXPECT_DOUBLE_EQ(auto_range({}, true).lo, 1.0);
    EXPECT_DOUBLE_EQ(auto_range({}, false).hi, 1.0);
}

TEST(Chart, MapsValuesToPixelsOnLinearAndLogAxes) {
    EXPECT_FLOAT_EQ(to_px(5.0, {0.0, 10.0}, false, 100.0f, 200.0f), 150.0f);
    EXPECT_FLOAT_EQ(to_px(100.0, {10.0, 1000.0}, true, 0.0f, 200.0f), 100.0f);
    EXPECT_FLOAT_EQ(to_px(10.0, {10.0, 1000.0}, true, 300.0f, 100.0f), 300.0f);  // y axis: up
    EXPECT_TRUE(std::isnan(to_px(0.0, {10.0, 1000.0}, true, 0.0f, 200.0f)));
}

TEST(Chart, AxisTicksFitTheirLabelsAndAlwaysGiveTwo) {
    const auto wide = axis_ticks({1.0, 1e4}, true, 800.0f, 30.0f);
    EXPECT_GE(wide.size(), 5u);
    const auto narrow = axis_ticks({1.0, 1e4}, true, 120.0f, 30.0f);
    EXPECT_LE(narrow.size(), 3u);
    EXPECT_GE(narrow.size(), 2u);
    const auto tight = axis_ticks({120.0, 180.0}, true, 300.0f, 30.0f);  // under a decade
    EXPECT_GE(tight.size(), 2u);
    for (double t : tight) {
        EXPECT_GE(t, 120.0);
        EXPECT_LE(t, 180.0);
    }
}

TEST(Chart, ThinLabelsDropsOverlappingNeighbours) {
    const auto keep = thin_labels({10.0f, 30.0f, 50.0f, 100.0f}, {15.0f, 15.0f, 15.0f, 15.0f}, 4.0f);
    ASSERT_EQ(keep.size(), 4u);
    EXPECT_TRUE(keep[0]);
    EXPECT_FALSE(keep[1]);  // overlaps the first
    EXPECT_TRUE(keep[2]);
    EXPECT_TRUE(keep[3]);
}

TEST(Chart, StackSpansShareTheWidthInProportion) {
    const auto s = stack_spans({1.0, 3.0, 0.0, -2.0, NAN}, 10.0f, 100.0f);
    ASSERT_EQ(s.size(), 5u);
    EXPECT_FLOAT_EQ(s[0].first, 10.0f);
    EXPECT_FLOAT_EQ(s[0].second, 35.0f);
    EXPECT_FLOAT_EQ(s[1].second, 110.0f);
    EXPECT_FLOAT_EQ(s[2].first, s[2].second);  // empty
    EXPECT_FLOAT_EQ(s[3].first, s[3].second);
    EXPECT_FLOAT_EQ(s[4].first, s[4].second);
}

TEST(Chart, FormatsExactValuesForTooltipsWithoutExponents) {
    EXPECT_EQ(format_exact(160512.4, "tok/s"), "160,512 tok/s");
    EXPECT_EQ(format_exact(1254.0, ""), "1,254");
    EXPECT_EQ(format_exact(-2500.0, "GB"), "-2,500 GB");
    EXPECT_EQ(format_exact(1.66666, "ms"), "1.667 ms");
    EXPECT_EQ(format_exact(0.0184, "GB"), "0.0184 GB");
    EXPECT_EQ(format_exact(100.0, "ms"), "100 ms");
}

// [SECTION] range bars (tornado, comparison bars)
TEST(ChartRangeBars, DomainFitsBarsAndMarkersFromZeroOrAroundTheData) {
    std::vector<RangeBar> rows = {{"a", 0.62, 0.91}, {"b", 0.80, 0.70}, {"c", NAN, 0.75}};
    RangeBarOptions o;
    o.markers = {{"base", 0.76, 0}};
    const Range from_zero = range_bar_domain(rows, o);
    EXPECT_DOUBLE_EQ(from_zero.lo, 0.0);
    EXPECT_GE(from_zero.hi, 0.91);
    EXPECT_LE(from_zero.hi, 1.0 + 1e-12);
    o.include_zero = false;  // a tornado: fit the data, with a margin
    const Range fit = range_bar_domain(rows, o);
    EXPECT_LT(fit.lo, 0.62);
    EXPECT_GT(fit.lo, 0.4);
    EXPECT_GT(fit.hi, 0.91);
    EXPECT_LT(fit.hi, 1.0);  // close to the data: 0.60 to 0.95
    const double step = nice_step(0.91 - 0.62, 10);
    EXPECT_NEAR(std::remainder(fit.lo, step), 0.0, 1e-9);  // bounds on the tick grid
    EXPECT_NEAR(std::remainder(fit.hi, step), 0.0, 1e-9);
    // A marker outside the bars widens the range (a baseline far above every chip).
    o.markers = {{"baseline", 2.4, 0}};
    EXPECT_GE(range_bar_domain(rows, o).hi, 2.4);
    // Log: nice 1-2-5 bounds around positive values only.
    RangeBarOptions lg;
    lg.axis.log = true;
    const Range l = range_bar_domain({{"x", 0.03, 40}, {"y", -1, 0}}, lg);
    EXPECT_DOUBLE_EQ(l.lo, 0.02);
    EXPECT_DOUBLE_EQ(l.hi, 50);
    // A fixed axis wins; nothing at all gives a unit range.
    RangeBarOptions fixed;
    fixed.axis.lo = 1, fixed.axis.hi = 3;
    EXPECT_DOUBLE_EQ(range_bar_domain(rows, fixed).hi, 3);
    RangeBarOptions fit_empty;
    fit_empty.include_zero = false;
    EXPECT_DOUBLE_EQ(range_bar_domain({}, fit_empty).hi, 1.0);
    // One value: a margin either side, not an empty range.
    const Range one = range_bar_domain({{"z", 5, 5}}, fit_empty);
    EXPECT_LT(one.lo, 5);
    EXPECT_GT(one.hi, 5);
}

TEST(ChartRangeBars, SpansMapEitherOrderClipAndKeepAMinimumWidth) {
    const Range r{0, 10};
    auto s = range_bar_span(2, 6, r, false, 100, 200);
    EXPECT_FLOAT_EQ(s.first, 120);
    EXPECT_FLOAT_EQ(s.second, 160);
    auto rev = range_bar_span(6, 2, r, false, 100, 200);  // hi below lo: same bar
    EXPECT_FLOAT_EQ(rev.first, 120);
    EXPECT_FLOAT_EQ(rev.second, 160);
    auto clipped = range_bar_span(-5, 20, r, false, 100, 200);
    EXPECT_FLOAT_EQ(clipped.first, 100);
    EXPECT_FLOAT_EQ(clipped.second, 200);
    auto thin = range_bar_span(5, 5, r, false, 100, 200, 4.0f);  // zero swing: still visible
    EXPECT_FLOAT_EQ(thin.second - thin.first, 4.0f);
    EXPECT_FLOAT_EQ((thin.first + thin.second) / 2, 150);
    auto edge = range_bar_span(0, 0, r, false, 100, 200, 4.0f);  // at the edge: kept inside
    EXPECT_FLOAT_EQ(edge.first, 100);
    auto log = range_bar_span(1, 100, Range{1, 1000}, true, 0, 300);
    EXPECT_FLOAT_EQ(log.first, 0);
    EXPECT_FLOAT_EQ(log.second, 200);
    EXPECT_TRUE(std::isnan(range_bar_span(0, 10, Range{1, 1000}, true, 0, 300).first));  // 0 on a log axis
    EXPECT_TRUE(std::isnan(range_bar_span(NAN, 1, r, false, 0, 300).first));
}

TEST(ChartRangeBars, RowUnderTheMouse) {
    EXPECT_EQ(range_bar_row_at(99, 100, 20, 3), -1);
    EXPECT_EQ(range_bar_row_at(100, 100, 20, 3), 0);
    EXPECT_EQ(range_bar_row_at(139.9f, 100, 20, 3), 1);
    EXPECT_EQ(range_bar_row_at(159.9f, 100, 20, 3), 2);
    EXPECT_EQ(range_bar_row_at(160, 100, 20, 3), -1);
    EXPECT_EQ(range_bar_row_at(120, 100, 0, 3), -1);
}
