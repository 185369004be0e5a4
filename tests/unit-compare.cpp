// The compare table (core/src/compare/table.cpp): baseline statistics from a log
// against hand-computed percentiles, errors naming line and field, prompts from the
// log, typed-in numbers, measured rows from request records (failures reported,
// not averaged away; cost = usage x price), better-value marking, sorting with
// predictions kept beside their provider, and the three renderings.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "w2t/compare/table.hpp"

namespace {

using nlohmann::json;
using namespace w2t::compare;
using w2t::probe::Outcome;
using w2t::probe::RequestRecord;

RequestRecord ok_request(double ttft, double e2e, int prompt_tokens, int completion_tokens) {
    RequestRecord r;
    r.outcome = Outcome::ok;
    r.ttft_ms = ttft;
    r.e2e_ms = e2e;
    r.usage = w2t::probe::Usage{prompt_tokens, completion_tokens, std::nullopt};
    return r;
}

RequestRecord failed_request() {
    RequestRecord r;
    r.outcome = Outcome::http_error;
    r.http_status = 500;
    r.e2e_ms = 3;
    return r;
}

bool has_note(const json& row, const std::string& part) {
    for (const json& n : row["notes"])
        if (n.get<std::string>().find(part) != std::string::npos) return true;
    return false;
}

TEST(CompareBaseline, StatisticsFromALog) {
    // 20 requests: ttft 10..200 ms, latency 100..2000 ms, 10 prompt + 40 completion tokens, $0.001 each.
    std::string log;
    for (int i = 1; i <= 20; ++i)
        log += "{\"latency_ms\": " + std::to_string(i * 100) + ", \"ttft_ms\": " + std::to_string(i * 10) +
               ", \"usage\": {\"prompt_tokens\": 10, \"completion_tokens\": 40}, \"cost_usd\": 0.001}\n";
    auto r = parse_baseline_log(log, "log");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    const json& row = r->row;
    EXPECT_EQ(row["kind"], "baseline");
    EXPECT_EQ(row["requests"], 20);
    // p95 of 10..200 (linear): rank 0.95 * 19 = 18.05 -> 190 + 0.05 * 10 = 190.5
    EXPECT_NEAR(row["ttft_p95_ms"].get<double>(), 190.5, 1e-9);
    EXPECT_NEAR(row["ttft_p50_ms"].get<double>(), 105.0, 1e-9);
    EXPECT_NEAR(row["e2e_p95_ms"].get<double>(), 1905.0, 1e-9);
    // $0.001 per 50 tokens = $0.02 per 1K tokens
    EXPECT_NEAR(row["usd_per_1k_tokens"].get<double>(), 0.02, 1e-12);
    EXPECT_FALSE(has_note(row, "p95 over"));
    EXPECT_TRUE(r->prompts.empty());
}

TEST(CompareBaseline, MissingFieldNamesLineAndField) {
    const std::string log = "{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2}\n\n"
                            "{\"latency_ms\": 5, \"prompt_tokens\": 1}\n";
    auto r = parse_baseline_log(log, "--baseline");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "--baseline: line 3: completion_tokens");
    auto bad = parse_baseline_log("{\"latency_ms\": -1}", "log");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "log: line 1: latency_ms");
    auto usage = parse_baseline_log("{\"latency_ms\": 1, \"usage\": {\"prompt_tokens\": 1}}", "log");
    ASSERT_FALSE(usage.ok());
    EXPECT_EQ(usage.error().field, "log: line 1: usage.completion_tokens");
    EXPECT_FALSE(parse_baseline_log("\n \n", "log").ok());
}

TEST(CompareBaseline, PromptsFromTheLog) {
    const std::string log =
        "{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2, \"prompt\": \"hello\"}\n"
        "{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2, \"messages\": "
        "[{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"hi\"}]}\n"
        "{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2}";
    auto r = parse_baseline_log(log, "log");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(r->prompts.size(), 2u);
    EXPECT_EQ(r->prompts[0], json::parse(R"([{"role":"user","content":"hello"}])"));
    EXPECT_EQ(r->prompts[1][1]["content"], "hi");
    EXPECT_TRUE(has_note(r->row, "p95 over 3 requests"));
    auto bad = parse_baseline_log("{\"latency_ms\": 5, \"prompt_tokens\": 1, \"completion_tokens\": 2, \"messages\": [{\"role\": 1}]}", "log");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "log: line 1: messages[0].role");
}

TEST(CompareBaseline, TypedInNumbers) {
    auto r = typed_baseline_row(json{{"ttft_p95_ms", 800}, {"usd_per_1k_tokens", 0.002}}, "baseline");
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ((*r)["kind"], "baseline");
    EXPECT_EQ((*r)["ttft_p95_ms"], 800.0);
    EXPECT_TRUE((*r)["e2e_p95_ms"].is_null());
    EXPECT_TRUE(has_note(*r, "typed in"));
    auto bad = typed_baseline_row(json{{"ttft_p95", 1}}, "baseline");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "baseline.ttft_p95");
    EXPECT_FALSE(typed_baseline_row(json{{"ttft_p95_ms", -1}}, "b").ok());
    EXPECT_FALSE(typed_baseline_row(json::object(), "b").ok());
}

TEST(CompareMeasured, FailuresReportedAndCostFromUsageTimesPrice) {
    std::vector<RequestRecord> records;
    for (int i = 0; i < 4; ++i) records.push_back(ok_request(100 + i, 1000, 10, 90));
    for (int i = 0; i < 4; ++i) records.push_back(failed_request());
    Measured m = measured_row("half", records, Price{1.0, 3.0, "the workload"});
    EXPECT_EQ(m.row["requests"], 8);
    EXPECT_EQ(m.row["failed"], 4);
    EXPECT_TRUE(m.any_failed);
    EXPECT_TRUE(has_note(m.row, "FAILED 4 of 8 requests (4 http_error)"));
    EXPECT_TRUE(has_note(m.row, "price: the workload"));
    // statistics over the ok requests only: failures' 3 ms would pull the p95 down
    EXPECT_NEAR(m.row["e2e_p95_ms"].get<double>(), 1000.0, 1e-9);
    // (10 * 1 + 90 * 3) / 1e6 per 100 tokens -> per 1K
    EXPECT_NEAR(m.row["usd_per_1k_tokens"].get<double>(), (10 * 1.0 + 90 * 3.0) / 1e6 / 100 * 1000, 1e-15);
    EXPECT_NEAR(m.row["output_tok_s_p50"].get<double>(), 90.0, 1e-9);
    Measured none = measured_row("free", {ok_request(1, 2, 1, 1)}, std::nullopt, "no price known");
    EXPECT_TRUE(none.row["usd_per_1k_tokens"].is_null());
    EXPECT_TRUE(has_note(none.row, "no price known"));
}

TEST(CompareTable, BestSortAndRender) {
    json rows = json::array();
    json base = new_row("baseline", "baseline");
    base["ttft_p95_ms"] = 500.0;
    rows.push_back(base);
    json slow = measured_row("slow", {ok_request(300, 900, 10, 10)}, Price{1, 1, ""}).row;
    json fast = measured_row("fast", {ok_request(50, 200, 10, 10)}, Price{5, 5, ""}).row;
    json pred = new_row("slow (predicted)", "predicted");
    pred["ttft_p50_ms"] = 1.0;  // never ranked
    rows.push_back(slow);
    rows.push_back(pred);
    rows.push_back(fast);
    sort_rows(rows, *sort_column("p95"));
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0]["name"], "baseline");
    EXPECT_EQ(rows[1]["name"], "fast");
    EXPECT_EQ(rows[2]["name"], "slow");
    EXPECT_EQ(rows[3]["name"], "slow (predicted)");
    sort_rows(rows, "usd_per_1k_tokens");  // slow is cheaper: its prediction moves with it
    EXPECT_EQ(rows[1]["name"], "slow");
    EXPECT_EQ(rows[2]["name"], "slow (predicted)");
    EXPECT_EQ(rows[3]["name"], "fast");
    EXPECT_FALSE(sort_column("nonsense"));
    mark_best(rows);
    EXPECT_EQ(rows[3]["best"], json::array({"ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms", "output_tok_s_p50"}));
    EXPECT_EQ(rows[1]["best"], json::array({"usd_per_1k_tokens"}));
    EXPECT_TRUE(rows[2]["best"].empty());  // a prediction is not ranked
    const std::string md = render_markdown(rows);
    EXPECT_NE(md.find("| fast | measured | 1 | 0 | **50.0** |"), std::string::npos) << md;
    const std::string csv = render_csv(rows);
    EXPECT_EQ(csv.substr(0, csv.find('\n')),
              "name,kind,requests,failed,ttft_p50_ms,ttft_p95_ms,e2e_p95_ms,output_tok_s_p50,usd_per_1k_tokens,notes");
    EXPECT_NE(render_table(rows).find("50.0 *"), std::string::npos);
}

}  // namespace
