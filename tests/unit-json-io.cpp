#include <gtest/gtest.h>

#include "w2t/json_io.hpp"

using namespace w2t;

TEST(JsonIo, ReadsFieldsAndKeepsDefaultsForMissingOnes) {
    auto j = parse_json(R"({"die_width_mm": 10.5, "wafer_diameter_mm": 200})");
    ASSERT_TRUE(j.ok());
    auto in = dies_per_wafer_input_from_json(*j);
    ASSERT_TRUE(in.ok()) << in.error().to_string();
    EXPECT_EQ(in->die_width_mm, 10.5);
    EXPECT_EQ(in->wafer_diameter_mm, 200.0);
    EXPECT_EQ(in->die_height_mm, DiesPerWaferInput{}.die_height_mm);
}

TEST(JsonIo, SyntaxErrorSaysWhere) {
    auto j = parse_json(R"({"die_width_mm": 10.5,, })");
    ASSERT_FALSE(j.ok());
    EXPECT_NE(j.error().message.find("line 1, column 23"), std::string::npos) << j.error().message;
}

TEST(JsonIo, UnknownFieldAndWrongTypeNameTheField) {
    auto a = dies_per_wafer_input_from_json(nlohmann::json{{"die_widht_mm", 3}});
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().field, "die_widht_mm");
    EXPECT_NE(a.error().message.find("die_width_mm"), std::string::npos);
    auto b = dies_per_wafer_input_from_json(nlohmann::json{{"scribe_mm", "0.1"}});
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().field, "scribe_mm");
    auto c = dies_per_wafer_input_from_json(nlohmann::json::array());
    ASSERT_FALSE(c.ok());
}

TEST(JsonIo, OutOfRangeValuesAreRejectedByTheModelsRules) {
    auto r = dies_per_wafer_input_from_json(nlohmann::json{{"die_height_mm", -4}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "die_height_mm");
}

TEST(JsonIo, ResultCarriesTheExactCountAndTheApproximation) {
    auto r = dies_per_wafer(DiesPerWaferInput{});
    ASSERT_TRUE(r.ok());
    const nlohmann::json j = to_json(*r);
    EXPECT_EQ(j.at("gross_dies").get<int64_t>(), r->gross_dies);
    EXPECT_DOUBLE_EQ(j.at("approx_dies").get<double>(), r->approx_dies);
    EXPECT_TRUE(j.at("approx_error_pct").is_number());
}
