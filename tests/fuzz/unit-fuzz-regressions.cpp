// Regression tests for what the fuzzers (tests/fuzz) found, one test per crash, with
// the crashing input (also kept in tests/fuzz/regressions/ for the fuzz targets).
// Part of w2t_cli_tests, so they run in every native build, sanitized or not.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "../support/run_cli.hpp"

namespace {

using w2t::test::run_cli;

// Every output line is JSON (so a reader can tell the good lines from the bad ones).
void expect_json_lines(const std::string& text) {
    std::istringstream s(text);
    int n = 0;
    for (std::string line; std::getline(s, line); ++n)
        EXPECT_NO_THROW({ auto parsed = nlohmann::json::parse(line); (void)parsed; }) << line;
    EXPECT_GT(n, 0);
}

}  // namespace

// fuzz_cli_args: a JSON Lines line with a byte that is not UTF-8 (0xC7 then '0').
// The parse error quotes the line, and dumping it threw json type_error 316: the
// CLI died with std::terminate instead of reporting the line (exit 1).
TEST(FuzzRegression, EstimateJsonlLineWithInvalidUtf8IsALineError) {
    const std::string bad = "{\"hardware_id\": \"b200\", \"model_id\": \"llama-4-maverick\", \"output_tokens\": \xC7" "000}\n";
    const std::string good =
        R"({"hardware_id": "a100-sxm-80gb", "model_id": "llama-2-7b", "precision": "fp16", "scenario": "offline", "input_tokens": 128, "output_tokens": 64})" "\n";
    auto r = run_cli({"estimate", "--jsonl"}, bad + good);
    EXPECT_EQ(r.code, 1) << r.err;
    expect_json_lines(r.out);
    EXPECT_NE(r.out.find("\"line\":1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("system_output_tok_s"), std::string::npos) << "the good line still runs: " << r.out;
}

// The same path in `w2t cost --jsonl`.
TEST(FuzzRegression, CostJsonlLineWithInvalidUtf8IsALineError) {
    auto r = run_cli({"cost", "--jsonl"}, std::string("{\"hardware_id\": \xFF}\n"));
    EXPECT_EQ(r.code, 1) << r.err;
    expect_json_lines(r.out);
}
