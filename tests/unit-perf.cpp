// The inference performance model: physical bounds it must respect, how its
// outputs relate, monotonic behaviour, latency limits, and clear errors.
#include <gtest/gtest.h>

#include <cmath>

#include "w2t/perf/calibration.hpp"
#include "w2t/perf/estimate_json.hpp"
#include "w2t/perf/inference.hpp"

namespace {

w2t::EstimateInput scenario(const char* hw, int count, const char* model, w2t::Precision p, w2t::Scenario s,
                            double in = 1000, double out = 1000, double concurrency = 0) {
    w2t::EstimateInput e;
    e.hardware_id = hw, e.accelerator_count = count, e.model_id = model;
    e.precision = p, e.scenario = s, e.input_tokens = in, e.output_tokens = out, e.concurrency = concurrency;
    return e;
}

w2t::EstimateResult run(const w2t::EstimateInput& in) {
    auto r = w2t::estimate(in, w2t::builtin_catalogue());
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? r.value() : w2t::EstimateResult{};
}

using P = w2t::Precision;
using S = w2t::Scenario;

}  // namespace

TEST(Perf, SingleStreamNeverBeatsTheBandwidthRoofline) {
    // One user's decode must read the active weights every token: tok/s <= total bandwidth / bytes.
    const w2t::Catalogue& c = w2t::builtin_catalogue();
    for (const char* model : {"llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b"}) {
        for (const char* hw : {"h100-sxm", "mi300x", "b200"}) {
            auto r = run(scenario(hw, 8, model, P::fp8, S::single_stream));
            const double bw = c.accelerator(hw)->memory_bw_gbs * 1e9 * 8;
            const double bytes = r.shape.params_active_b * 1e9 * w2t::bytes_per_weight(P::fp8);
            EXPECT_LT(r.per_user_output_tok_s, bw / bytes) << hw << " " << model;
            // A big dense model on 8 chips is bandwidth-bound; small ones hit fixed per-step costs.
            if (std::string(model) == "llama-3.1-70b") {
                EXPECT_GT(r.per_user_output_tok_s, 0.3 * bw / bytes) << hw << " " << model;
            }
        }
    }
}

TEST(Perf, OutputsAreConsistentWithEachOther) {
    auto r = run(scenario("h100-sxm", 8, "llama-3.1-70b", P::fp8, S::fixed_batch, 2000, 500, 64));
    EXPECT_NEAR(r.per_user_output_tok_s, 1000 / r.tpot_ms, 1e-9);
    EXPECT_NEAR(r.system_total_tok_s, r.system_output_tok_s * 2500 / 500, 1e-6);
    EXPECT_NEAR(r.e2e_latency_s, (r.ttft_ms + 499 * r.tpot_ms) / 1000, 1e-9);
    EXPECT_NEAR(r.concurrency, 64, 1e-9);
    EXPECT_GT(r.ttft_ms, r.prefill.total_ms * 0.999);  // queueing only adds
    EXPECT_FALSE(r.bottleneck.empty());
    EXPECT_GT(r.memory.weights_gb, 0);
}

TEST(Perf, MoreChipsMoreThroughputLowerPrecisionFaster) {
    auto four = run(scenario("h100-sxm", 4, "llama-3.1-70b", P::fp8, S::offline));
    auto eight = run(scenario("h100-sxm", 8, "llama-3.1-70b", P::fp8, S::offline));
    EXPECT_GT(eight.system_output_tok_s, four.system_output_tok_s * 1.3);
    auto fp16 = run(scenario("h100-sxm", 8, "llama-3.1-70b", P::fp16, S::single_stream));
    auto fp8 = run(scenario("h100-sxm", 8, "llama-3.1-70b", P::fp8, S::single_stream));
    EXPECT_GT(fp8.per_user_output_tok_s, fp16.per_user_output_tok_s);
    auto c8 = run(scenario("h200-sxm", 8, "llama-3.1-70b", P::fp8, S::fixed_batch, 1000, 1000, 8));
    auto c64 = run(scenario("h200-sxm", 8, "llama-3.1-70b", P::fp8, S::fixed_batch, 1000, 1000, 64));
    EXPECT_GT(c64.system_output_tok_s, c8.system_output_tok_s);    // batching pays
    EXPECT_LT(c64.per_user_output_tok_s, c8.per_user_output_tok_s);  // each user waits more
}

TEST(Perf, ServerMeetsTheBenchmarkLatencyLimits) {
    auto r = run(scenario("h100-sxm", 8, "llama-2-70b", P::fp8, S::server, 222, 294));
    EXPECT_EQ(r.ttft_limit_ms, 2000);  // MLPerf llama2-70b Server
    EXPECT_EQ(r.tpot_limit_ms, 200);
    EXPECT_LE(r.tpot_ms, 200);
    EXPECT_LE(r.ttft_ms, 2000);
    auto interactive = run(scenario("h100-sxm", 8, "llama-2-70b", P::fp8, S::interactive, 222, 294));
    EXPECT_LE(interactive.tpot_ms, 40);
    EXPECT_LT(interactive.system_output_tok_s, r.system_output_tok_s);
}

TEST(Perf, MixtureOfExpertsReadsOnlyTheExpertsABatchTouches) {
    // Batch 1 reads ~active weights; a big batch touches every expert.
    auto one = run(scenario("h200-sxm", 8, "qwen3-235b-a22b", P::fp8, S::single_stream));
    auto many = run(scenario("h200-sxm", 8, "qwen3-235b-a22b", P::fp8, S::fixed_batch, 1000, 1000, 512));
    EXPECT_LT(one.decode.weights_ms * 3, many.decode.weights_ms);
    EXPECT_NEAR(one.shape.params_active_b, 22, 2.5);
}

TEST(Perf, WaferScaleKeepsWeightsInSram) {
    auto r = run(scenario("cerebras-cs3", 0, "llama-3.1-70b", P::bf16, S::single_stream));
    EXPECT_TRUE(r.memory.sram_resident);
    EXPECT_EQ(r.layout.chips, 4);  // 141 GB of 16-bit weights over 44 GB wafers: Cerebras's own count
    bool said = false;
    for (const auto& n : r.notes) said = said || n.find("accelerator_count not given") != std::string::npos;
    EXPECT_TRUE(said) << "the assumed layout must be said";
    EXPECT_EQ(r.bottleneck, "overhead");  // per-layer pipeline latency, not bandwidth
}

TEST(Perf, ErrorsNameTheFieldAndSuggest) {
    auto unknown = w2t::estimate(scenario("h100", 8, "llama-3.1-70b", P::fp8, S::offline), w2t::builtin_catalogue());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "hardware_id");
    EXPECT_NE(unknown.error().message.find("h100-sxm"), std::string::npos);
    auto too_small = w2t::estimate(scenario("h100-sxm", 1, "llama-3.1-405b", P::fp8, S::offline), w2t::builtin_catalogue());
    ASSERT_FALSE(too_small.ok());
    EXPECT_EQ(too_small.error().field, "accelerator_count");
    EXPECT_NE(too_small.error().message.find("GB"), std::string::npos) << too_small.error().message;
    auto bad_tokens = w2t::estimate(scenario("h100-sxm", 8, "llama-3.1-70b", P::fp8, S::offline, 0), w2t::builtin_catalogue());
    ASSERT_FALSE(bad_tokens.ok());
    EXPECT_EQ(bad_tokens.error().field, "input_tokens");
}

TEST(Perf, JsonInputNamesFieldsAndKeepsDefaults) {
    auto ok = w2t::estimate_input_from_json(nlohmann::json::parse(
        R"({"hardware_id":"b200","accelerator_count":8,"model_id":"llama-4-maverick","precision":"fp8",
            "scenario":"single-stream","input_tokens":1000,"output_tokens":1000,"mine":"kept"})"));
    ASSERT_TRUE(ok.ok()) << ok.error().to_string();
    EXPECT_EQ(ok->concurrency, 1);  // single-stream means one request
    struct Case { const char* json; const char* field; };
    const Case cases[] = {
        {R"({"model_id":"m","accelerator_count":1,"precision":"fp8","scenario":"offline","input_tokens":1,"output_tokens":1})", "hardware_id"},
        {R"({"hardware_id":"h","model_id":"m","accelerator_count":1.5,"precision":"fp8","scenario":"offline","input_tokens":1,"output_tokens":1})", "accelerator_count"},
        {R"({"hardware_id":"h","model_id":"m","accelerator_count":1,"precision":"fp7","scenario":"offline","input_tokens":1,"output_tokens":1})", "precision"},
        {R"({"hardware_id":"h","model_id":"m","accelerator_count":1,"precision":"fp8","scenario":"batch","input_tokens":1,"output_tokens":1})", "scenario"},
        {R"({"hardware_id":"h","model_id":"m","accelerator_count":1,"precision":"fp8","scenario":"offline","input_tokens":"1","output_tokens":1})", "input_tokens"},
        {R"({"hardware_id":"h","model_id":"m","accelerator_count":1,"precision":"fp8","scenario":"fixed-batch","input_tokens":1,"output_tokens":1})", "concurrency"},
    };
    for (const Case& c : cases) {
        auto r = w2t::estimate_input_from_json(nlohmann::json::parse(c.json));
        ASSERT_FALSE(r.ok()) << c.json;
        EXPECT_EQ(r.error().field, c.field) << r.error().to_string();
    }
}

TEST(Calibration, BuiltinRowsParseAndMostEvaluate) {
    const auto& rows = w2t::builtin_calibration_rows();
    ASSERT_GT(rows.size(), 350u);
    auto report = w2t::validate_rows(rows, w2t::builtin_catalogue());
    EXPECT_EQ(report.rows.size(), rows.size());
    EXPECT_LT(report.failed, int(rows.size() / 20)) << "too many rows could not be evaluated";
    EXPECT_FALSE(report.by_family.empty());
}

TEST(Calibration, CsvQuotingAndErrorsNameTheRow) {
    const std::string header =
        "id,hardware_id,accelerator_count,model_id,precision,framework,scenario,input_tokens,output_tokens,"
        "concurrency,metric,value,unit,quality,source_title,source_url,source_date,licence,note\n";
    auto ok = w2t::parse_calibration_csv(header +
        "r1,h100-sxm,8,llama-3.1-70b,fp8,vllm,offline,128,128,,system_output_tok_s,1000,tok/s,third-party,"
        "\"Title, with comma\",https://x,2025-01,fact,\"note with \"\"quotes\"\"\nand a newline\"\r\n");
    ASSERT_TRUE(ok.ok()) << ok.error().to_string();
    ASSERT_EQ(ok->size(), 1u);
    EXPECT_EQ((*ok)[0].source_title, "Title, with comma");
    EXPECT_EQ((*ok)[0].note, "note with \"quotes\"\nand a newline");
    EXPECT_FALSE(w2t::known((*ok)[0].concurrency));
    auto bad = w2t::parse_calibration_csv(header + "r2,h100-sxm,x,llama,fp8,v,offline,1,1,,m,1,u,q,t,u,d,l,n\n");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().field.find("accelerator_count"), std::string::npos) << bad.error().to_string();
    auto short_row = w2t::parse_calibration_csv(header + "r3,h100-sxm\n");
    ASSERT_FALSE(short_row.ok());
    EXPECT_NE(short_row.error().field.find("row 1"), std::string::npos);
}
