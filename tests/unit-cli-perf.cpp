// `w2t estimate` (options and JSON Lines) and `w2t validate`: the contract's keys,
// per-line errors, exit codes 0/1/2/3, and fields the caller added kept.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace {

using w2t::test::run_cli;

std::vector<nlohmann::json> lines_of(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream s(text);
    for (std::string line; std::getline(s, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

const char* kOutputs[] = {"system_output_tok_s", "per_user_output_tok_s", "ttft_ms", "tpot_ms",
                          "e2e_latency_s", "system_total_tok_s", "bottleneck"};

const std::string kGoodLine =
    R"({"hardware_id":"h100-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8",)"
    R"("scenario":"offline","input_tokens":1000,"output_tokens":1000,"my_tag":"keep me"})";

}  // namespace

TEST(CliEstimate, JsonLinesKeepInputsAddOutputsAndReportBadLinesInOrder) {
    const std::string input = kGoodLine + "\n" +
        R"({"hardware_id":"h100","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline","input_tokens":1,"output_tokens":1})" "\n"
        "\n"  // blank lines are skipped but counted
        "not json\n" +
        R"({"hardware_id":"b200","accelerator_count":8,"model_id":"llama-4-maverick","precision":"fp8","scenario":"single-stream","input_tokens":1000,"output_tokens":1000,"ttft_ms":123})" "\n";
    auto r = run_cli({"estimate", "--jsonl"}, input);
    EXPECT_EQ(r.code, 1) << "a line failed, so exit 1";
    auto out = lines_of(r.out);
    ASSERT_EQ(out.size(), 4u) << r.out;
    EXPECT_EQ(out[0].at("my_tag"), "keep me");
    EXPECT_EQ(out[0].at("hardware_id"), "h100-sxm");
    for (const char* key : kOutputs) EXPECT_TRUE(out[0].contains(key)) << key;
    EXPECT_GT(out[0].at("system_output_tok_s").get<double>(), 0);
    EXPECT_EQ(out[1].at("line"), 2);
    EXPECT_NE(out[1].at("error").get<std::string>().find("h100-sxm"), std::string::npos) << "closest ids named";
    EXPECT_EQ(out[2].at("line"), 4);
    EXPECT_NE(out[2].at("error").get<std::string>().find("invalid JSON"), std::string::npos);
    // A caller's field named like an output is replaced by the model's value, not duplicated.
    EXPECT_NE(out[3].at("ttft_ms").get<double>(), 123);
    EXPECT_EQ(r.out.find("\"ttft_ms\":123"), std::string::npos);
}

TEST(CliEstimate, AllLinesGoodExitZeroAndFastPathEqualsDomPath) {
    auto fast = run_cli({"estimate", "--jsonl"}, kGoodLine + "\n" + kGoodLine + "\n");
    EXPECT_EQ(fast.code, 0) << fast.err;
    auto detailed = run_cli({"estimate", "--jsonl", "--detail"}, kGoodLine + "\n");
    ASSERT_EQ(detailed.code, 0) << detailed.err;
    auto a = lines_of(fast.out), b = lines_of(detailed.out);
    ASSERT_EQ(a.size(), 2u);
    for (const char* key : kOutputs) EXPECT_EQ(a[0].at(key), b[0].at(key)) << key;
    EXPECT_TRUE(b[0].contains("detail"));
}

TEST(CliEstimate, OptionsGatesAndUsageErrors) {
    const std::vector<std::string> base = {"estimate", "--hardware-id", "b200", "--accelerator-count", "8",
                                           "--model-id", "llama-4-maverick", "--precision", "fp8",
                                           "--scenario", "single-stream", "--input-tokens", "1000",
                                           "--output-tokens", "1000"};
    auto ok = run_cli(base);
    ASSERT_EQ(ok.code, 0) << ok.err;
    auto j = nlohmann::json::parse(ok.out);
    EXPECT_TRUE(j.contains("decode_step"));
    EXPECT_TRUE(j.contains("memory_per_chip_gb"));
    auto pass = base, fail = base;
    pass.insert(pass.end(), {"--gate", "per_user_output_tok_s>=1"});
    fail.insert(fail.end(), {"--gate", "per_user_output_tok_s>=1000000"});
    EXPECT_EQ(run_cli(pass).code, 0);
    EXPECT_EQ(run_cli(fail).code, 3);
    auto bad = base;
    bad[2] = "h100";
    auto unknown = run_cli(bad);
    EXPECT_EQ(unknown.code, 2);
    EXPECT_NE(unknown.err.find("--hardware-id"), std::string::npos) << unknown.err;
    auto typo = run_cli({"estimate", "--precision", "fp7", "--hardware-id", "b200", "--model-id", "llama-3.1-8b",
                         "--scenario", "offline", "--input-tokens", "1", "--output-tokens", "1"});
    EXPECT_EQ(typo.code, 2);
    EXPECT_NE(typo.err.find("--precision"), std::string::npos) << typo.err;
    auto too_big = run_cli({"estimate", "--hardware-id", "h100-sxm", "--accelerator-count", "1", "--model-id",
                            "llama-3.1-405b", "--precision", "fp16", "--scenario", "offline",
                            "--input-tokens", "1", "--output-tokens", "1"});
    EXPECT_EQ(too_big.code, 1) << "a model that does not fit is a data error";
    EXPECT_NE(too_big.err.find("--accelerator-count"), std::string::npos) << too_big.err;
    EXPECT_EQ(run_cli({"estimate", "--jsonl", "--model-id", "x"}).code, 2);
    // A gate on a field no result has is a usage error, not a silent pass.
    auto typo_gate = run_cli({"estimate", "--jsonl", "--gate", "ttft_msec<=1"}, kGoodLine + "\n");
    EXPECT_EQ(typo_gate.code, 2);
    EXPECT_NE(typo_gate.err.find("ttft_msec"), std::string::npos) << typo_gate.err;
    EXPECT_EQ(run_cli({"estimate", "--jsonl", "--gate", "ttft_ms<=1"}, kGoodLine + "\n").code, 3);
}

TEST(CliValidate, SummaryGatesAndOwnCalibrationFile) {
    auto r = run_cli({"validate", "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_GT(j.at("rows").size(), 350u);
    for (const char* key : {"median_abs_error_pct", "within_30_share", "worst_family_median_abs_error_pct",
                            "by_metric", "by_family", "by_chip"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(run_cli({"validate", "--gate", "median_abs_error_pct<=0.0001"}).code, 3);
    auto text = run_cli({"validate"});
    EXPECT_NE(text.out.rfind("overall:"), std::string::npos);
    auto missing = run_cli({"validate", "--calibration", "/nonexistent.csv"});
    EXPECT_EQ(missing.code, 2);
}
