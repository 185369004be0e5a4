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
}
