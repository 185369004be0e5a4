#include <gtest/gtest.h>

#include "w2t/gates.hpp"

using namespace w2t;

TEST(Gates, ParsesEveryOperatorAndSpaces) {
    auto g = parse_gate(" gross_dies >= 60 ");
    ASSERT_TRUE(g.ok()) << g.error().to_string();
    EXPECT_EQ(g->field, "gross_dies");
    EXPECT_EQ(g->op, GateOp::greater_equal);
    EXPECT_EQ(g->threshold, 60.0);
    EXPECT_EQ(parse_gate("a<1")->op, GateOp::less);
    EXPECT_EQ(parse_gate("a<=1")->op, GateOp::less_equal);
    EXPECT_EQ(parse_gate("a>1e3")->threshold, 1000.0);
    EXPECT_EQ(parse_gate("a==-2.5")->op, GateOp::equal);
}

TEST(Gates, BadGatesSayWhatIsWrong) {
    for (const char* bad : {"gross_dies", "gross_dies=>3", ">=3", "x>=", "x>=abc", "x>=nan", "x>=1e999"}) {
        auto g = parse_gate(bad);
        ASSERT_FALSE(g.ok()) << bad;
        EXPECT_EQ(g.error().field, "--gate");
        EXPECT_NE(g.error().message.find(bad), std::string::npos) << g.error().message;
    }
}

TEST(Gates, EvaluatesAgainstAResult) {
    const nlohmann::json result{{"gross_dies", 64}, {"approx_error_pct", -11.9}, {"name", "x"}};
    auto outcomes = evaluate_gates({*parse_gate("gross_dies>=60"), *parse_gate("gross_dies>64"),
                                    *parse_gate("approx_error_pct<0")},
                                   result);
    ASSERT_TRUE(outcomes.ok());
    ASSERT_EQ(outcomes->size(), 3u);
    EXPECT_TRUE((*outcomes)[0].passed);
    EXPECT_FALSE((*outcomes)[1].passed);
    EXPECT_TRUE((*outcomes)[2].passed);
    EXPECT_EQ((*outcomes)[1].actual, 64.0);
    EXPECT_EQ(to_json((*outcomes)[1]).at("gate"), "gross_dies>64");
}

TEST(Gates, UnknownOrTextFieldsAreErrorsThatListTheNumericOnes) {
    const nlohmann::json result{{"gross_dies", 64}, {"name", "x"}};
    auto a = evaluate_gates({*parse_gate("grossdies>=1")}, result);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.error().message.find("grossdies"), std::string::npos);
    EXPECT_NE(a.error().message.find("gross_dies"), std::string::npos);
    EXPECT_FALSE(evaluate_gates({*parse_gate("name>=1")}, result).ok());
}
