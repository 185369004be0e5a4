// `w2t cost` (options and JSON Lines) and `w2t plan`: the contract's keys, per-line
// errors, exit codes 0/1/2/3, plans that meet their targets and explain rejections.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace {

using nlohmann::json;
using w2t::test::run_cli;

std::vector<json> lines_of(const std::string& text) {
    std::vector<json> out;
    std::istringstream s(text);
    for (std::string line; std::getline(s, line);) out.push_back(json::parse(line));
    return out;
}

const char* kContract[] = {"usd_per_hour", "usd_per_mtok_output", "usd_per_mtok_input", "tokens_per_joule"};
const char* kEstimateOutputs[] = {"system_output_tok_s", "per_user_output_tok_s", "ttft_ms", "tpot_ms",
                                  "e2e_latency_s", "system_total_tok_s", "bottleneck"};

const std::string kLine =
    R"({"hardware_id":"h100-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8",)"
    R"("scenario":"offline","input_tokens":1000,"output_tokens":1000,"usd_per_accelerator_hour":2,"tag":"mine"})";

const std::vector<std::string> kScenario = {"--hardware-id", "h100-sxm", "--accelerator-count", "8",
                                            "--model-id", "llama-3.1-70b", "--precision", "fp8",
                                            "--scenario", "offline", "--input-tokens", "1000",
                                            "--output-tokens", "1000"};

std::vector<std::string> with(std::vector<std::string> base, std::initializer_list<std::string> more) {
    base.insert(base.end(), more);
    return base;
}

}  // namespace

TEST(CliCost, JsonLinesAddContractKeysAndReportBadLinesInOrder) {
    const std::string input = kLine + "\n" +
        R"({"hardware_id":"h200-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline","input_tokens":1000,"output_tokens":1000})" "\n"
        "not json\n"
        "\n" +
        R"({"hardware_id":"h100-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline","input_tokens":1000,"output_tokens":1000,"cost_of_capital":8})" "\n" +
        R"({"hardware_id":"h100-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline","input_tokens":1000,"output_tokens":1000,"usd_per_accelerator":-5})" "\n";
    auto r = run_cli({"cost", "--jsonl"}, input);
    EXPECT_EQ(r.code, 1) << "a line failed, so exit 1";
    auto out = lines_of(r.out);
    ASSERT_EQ(out.size(), 5u) << r.out;
    for (const char* key : kContract) EXPECT_TRUE(out[0].contains(key)) << key;
    for (const char* key : kEstimateOutputs) EXPECT_TRUE(out[0].contains(key)) << key;
    EXPECT_EQ(out[0].at("tag"), "mine");
    EXPECT_DOUBLE_EQ(out[0].at("usd_per_hour").get<double>(), 16.0);
    EXPECT_NEAR(out[0].at("usd_per_mtok_output").get<double>(),
                16.0 / (out[0].at("system_output_tok_s").get<double>() * 3600) * 1e6, 1e-9);
    EXPECT_EQ(out[1].at("line"), 2);
    EXPECT_NE(out[1].at("error").get<std::string>().find("usd_per_accelerator"), std::string::npos);
    EXPECT_EQ(out[2].at("line"), 3);
    EXPECT_EQ(out[3].at("line"), 5) << "blank lines are counted";
    EXPECT_NE(out[3].at("error").get<std::string>().find("cost_of_capital"), std::string::npos);
    EXPECT_EQ(out[4].at("line"), 6);
    EXPECT_NE(out[4].at("error").get<std::string>().find("usd_per_accelerator"), std::string::npos);
}

TEST(CliCost, TakesTheLinesOfEstimateAndOptionsAreLineDefaults) {
    const std::string plain =
        R"({"hardware_id":"h100-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline","input_tokens":1000,"output_tokens":1000})";
    auto est = run_cli({"estimate", "--jsonl"}, plain + "\n");
    ASSERT_EQ(est.code, 0) << est.err;
    auto r = run_cli({"cost", "--jsonl", "--usd-per-accelerator-hour", "3"}, est.out);
    ASSERT_EQ(r.code, 0) << r.err;
    auto out = lines_of(r.out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_DOUBLE_EQ(out[0].at("usd_per_hour").get<double>(), 24.0);
    // The estimate outputs are replaced, not duplicated, and agree with estimate's.
    EXPECT_EQ(r.out.find("system_output_tok_s"), r.out.rfind("system_output_tok_s"));
    EXPECT_DOUBLE_EQ(out[0].at("system_output_tok_s").get<double>(),
                     lines_of(est.out)[0].at("system_output_tok_s").get<double>());
    // A line's own field wins over the option.
    auto own = run_cli({"cost", "--jsonl", "--usd-per-accelerator-hour", "3"}, kLine + "\n");
    EXPECT_DOUBLE_EQ(lines_of(own.out)[0].at("usd_per_hour").get<double>(), 16.0);
    // A line's purchase price replaces the command line's rental rate.
    const std::string owned =
        R"({"hardware_id":"h100-sxm","accelerator_count":8,"model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline","input_tokens":1000,"output_tokens":1000,"usd_per_accelerator":27500})";
    auto bought = run_cli({"cost", "--jsonl", "--usd-per-accelerator-hour", "3"}, owned + "\n");
    ASSERT_EQ(bought.code, 0) << bought.out;
    EXPECT_NEAR(lines_of(bought.out)[0].at("usd_per_hour").get<double>(), 11.399, 0.001);
    // Fast path and DOM path (with a gate) give the same numbers.
    auto gated = run_cli({"cost", "--jsonl", "--gate", "usd_per_hour>=0"}, kLine + "\n");
    ASSERT_EQ(gated.code, 0) << gated.err;
    EXPECT_DOUBLE_EQ(lines_of(gated.out)[0].at("usd_per_mtok_output").get<double>(),
                     lines_of(own.out)[0].at("usd_per_mtok_output").get<double>());
    // Estimate options do not go with --jsonl.
    EXPECT_EQ(run_cli({"cost", "--jsonl", "--hardware-id", "b200"}, "").code, 2);
}

TEST(CliCost, OneScenarioPrintsTheBreakdownAndGates) {
    auto r = run_cli({"cost"});  // nothing given: usage error naming the field
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--hardware-id"), std::string::npos) << r.err;

    std::vector<std::string> args = {"cost"};
    args.insert(args.end(), kScenario.begin(), kScenario.end());
    r = run_cli(args);
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = json::parse(r.out);
    for (const char* key : kContract) EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j.at("system").at("mode"), "owned");
    for (const char* part : {"capital", "power", "datacenter", "operations"})
        EXPECT_TRUE(j.at("system").at("usd_per_hour_breakdown").contains(part)) << part;
    EXPECT_NEAR(j.at("usd_per_hour").get<double>(), 11.399, 0.001) << "the documented hand example";
    EXPECT_EQ(j.at("system").at("economics_used").at("pue").at("origin"), "default");

    auto pass = run_cli(with(args, {"--usd-per-accelerator-hour", "2", "--gate", "usd_per_mtok_output<=5"}));
    EXPECT_EQ(pass.code, 0) << pass.err;
    EXPECT_TRUE(json::parse(pass.out).contains("gates"));
    auto fail = run_cli(with(args, {"--usd-per-accelerator-hour", "2", "--gate", "usd_per_mtok_output<=0.01"}));
    EXPECT_EQ(fail.code, 3) << fail.err;
    EXPECT_NE(fail.err.find("gate failed"), std::string::npos);
}

TEST(CliCost, UsageAndDataErrorsNameTheOption) {
    std::vector<std::string> args = {"cost"};
    args.insert(args.end(), kScenario.begin(), kScenario.end());
    auto neg = run_cli(with(args, {"--usd-per-accelerator-hour", "-2"}));
    EXPECT_EQ(neg.code, 2);
    EXPECT_NE(neg.err.find("--usd-per-accelerator-hour"), std::string::npos) << neg.err;
    auto rate = run_cli(with(args, {"--cost-of-capital", "8"}));
    EXPECT_EQ(rate.code, 2);
    EXPECT_NE(rate.err.find("--cost-of-capital"), std::string::npos) << rate.err;
    auto word = run_cli(with(args, {"--pue", "high"}));
    EXPECT_EQ(word.code, 2);
    EXPECT_NE(word.err.find("--pue"), std::string::npos);
    auto preset = run_cli(with(args, {"--preset", "cheap"}));
    EXPECT_EQ(preset.code, 2);
    EXPECT_NE(preset.err.find("--preset"), std::string::npos) << preset.err;
    // No catalogue price for the H200: the message says which option to give.
    auto h200 = run_cli({"cost", "--hardware-id", "h200-sxm", "--accelerator-count", "8", "--model-id", "llama-3.1-70b",
                         "--precision", "fp8", "--scenario", "offline", "--input-tokens", "1000", "--output-tokens", "1000"});
    EXPECT_EQ(h200.code, 2);
    EXPECT_NE(h200.err.find("--usd-per-accelerator"), std::string::npos) << h200.err;
    // A model that does not fit is a data error (exit 1), as for estimate.
    auto big = run_cli({"cost", "--hardware-id", "rtx-4090", "--accelerator-count", "1", "--model-id", "llama-3.1-405b",
                        "--precision", "fp8", "--scenario", "offline", "--input-tokens", "1000", "--output-tokens",
                        "1000", "--usd-per-accelerator-hour", "1"});
    EXPECT_EQ(big.code, 1) << big.err;
    // Defaults with sources.
    auto d = run_cli({"cost", "--defaults"});
    ASSERT_EQ(d.code, 0);
    auto dj = json::parse(d.out);
    EXPECT_EQ(dj.at("schema"), "w2t-economics/1");
    EXPECT_TRUE(dj.at("defaults").at("pue").contains("url"));
}

TEST(CliPlan, FindsConfigurationsMeetingTheTargetsAndExplainsRejections) {
    auto r = run_cli({"plan", "--model-id", "llama-3.1-8b", "--requests-per-s", "10", "--input-tokens", "1000",
                      "--output-tokens", "500", "--ttft-p95-ms", "500", "--tpot-p95-ms", "30", "--hardware-ids",
                      "h100-sxm,b200,h200-sxm", "--counts", "1,2,8", "--concurrency-caps", "1,8,64,256", "--top", "3"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = json::parse(r.out);
    EXPECT_EQ(j.at("configurations_searched"), 3 * 4 * 3 * 4);
    EXPECT_TRUE(j.contains("search_ms"));
    EXPECT_GT(j.at("configurations_per_s").get<double>(), 0);
    ASSERT_FALSE(j.at("configurations").empty());
    EXPECT_LE(j.at("configurations").size(), 3u);
    for (const auto& c : j.at("configurations")) {
        EXPECT_TRUE(c.at("meets_targets").get<bool>());
        EXPECT_LE(c.at("ttft_p95_ms").get<double>(), 500);
        EXPECT_LE(c.at("tpot_p95_ms").get<double>(), 30);
        for (const char* key : {"hardware_id", "accelerator_count", "precision", "concurrency_cap", "layout", "systems",
                                "usd_per_hour", "usd_per_mtok_output"})
            EXPECT_TRUE(c.contains(key)) << key;
    }
    EXPECT_DOUBLE_EQ(j.at("usd_per_mtok_output").get<double>(),
                     j.at("configurations")[0].at("usd_per_mtok_output").get<double>());
    EXPECT_FALSE(j.at("frontier").empty());
    bool explained = false;
    for (const auto& g : j.at("rejected_by_hardware"))
        if (g.at("hardware_id") == "h200-sxm")
            explained = g.at("closest_rejected").at("reason").get<std::string>().find("usd_per_accelerator") !=
                        std::string::npos;
    EXPECT_TRUE(explained) << r.out.substr(0, 2000);
}

TEST(CliPlan, ExitCodesGatesAndUsage) {
    const std::vector<std::string> base = {"plan", "--model-id", "llama-3.1-8b", "--requests-per-s", "5",
                                           "--ttft-p95-ms", "1000", "--tpot-p95-ms", "50", "--hardware-ids", "b200",
                                           "--counts", "1,8", "--concurrency-caps", "8,64"};
    EXPECT_EQ(run_cli(with(base, {"--gate", "usd_per_mtok_output<=100"})).code, 0);
    auto fail = run_cli(with(base, {"--gate", "usd_per_mtok_output<=0.000001"}));
    EXPECT_EQ(fail.code, 3) << fail.err;
    // Nothing meets: exit 1, the reasons printed.
    auto none = run_cli({"plan", "--model-id", "llama-3.1-70b", "--requests-per-s", "5", "--ttft-p95-ms", "100",
                         "--tpot-p95-ms", "0.5", "--hardware-ids", "h100-sxm", "--all-rejections"});
    EXPECT_EQ(none.code, 1) << none.err;
    auto nj = json::parse(none.out);
    EXPECT_EQ(nj.at("feasible"), 0);
    EXPECT_EQ(nj.at("rejected").size(), nj.at("configurations_searched").get<size_t>());
    EXPECT_NE(none.err.find("no configuration"), std::string::npos);
    // Usage: missing target, bad list, unknown chip.
    auto missing = run_cli({"plan", "--model-id", "llama-3.1-8b", "--requests-per-s", "5", "--ttft-p95-ms", "100"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("--tpot-p95-ms"), std::string::npos) << missing.err;
    auto list = run_cli({"plan", "--model-id", "llama-3.1-8b", "--requests-per-s", "5", "--ttft-p95-ms", "100",
                         "--tpot-p95-ms", "50", "--concurrency-caps", "8,many"});
    EXPECT_EQ(list.code, 2);
    auto chip = run_cli({"plan", "--model-id", "llama-3.1-8b", "--requests-per-s", "5", "--ttft-p95-ms", "100",
                         "--tpot-p95-ms", "50", "--hardware-ids", "h100"});
    EXPECT_EQ(chip.code, 2);
    EXPECT_NE(chip.err.find("--hardware-ids"), std::string::npos) << chip.err;
    // The workload from a file, economics per chip.
    auto file = run_cli({"plan", "--input", "-"},
                        R"({"model_id":"llama-3.1-8b","requests_per_s":5,"ttft_p95_ms":1000,"tpot_p95_ms":50,)"
                        R"("hardware_ids":["h200-sxm"],"counts":[1],"concurrency_caps":[16],)"
                        R"("economics_by_hardware":{"h200-sxm":{"usd_per_accelerator_hour":3.5}}})");
    ASSERT_EQ(file.code, 0) << file.err;
    auto fj = json::parse(file.out);
    EXPECT_EQ(fj.at("configurations")[0].at("hardware_id"), "h200-sxm");
}

TEST(CliCost, TornadoAddsTheSensitivityAndLeavesTheRestAlone) {
    const std::vector<std::string> base = {"cost", "--hardware-id", "h100-sxm", "--accelerator-count", "8",
                                           "--model-id", "llama-3.1-70b", "--precision", "fp8", "--scenario",
                                           "offline", "--input-tokens", "1000", "--output-tokens", "1000"};
    auto plain = run_cli(base);
    ASSERT_EQ(plain.code, 0) << plain.err;
    auto with = base;
    with.push_back("--tornado");
    auto t = run_cli(with);
    ASSERT_EQ(t.code, 0) << t.err;
    auto pj = json::parse(plain.out), tj = json::parse(t.out);
    EXPECT_FALSE(pj.contains("tornado"));
    ASSERT_TRUE(tj.contains("tornado"));
    json rest = tj;
    rest.erase("tornado");
    EXPECT_EQ(rest, pj);  // everything else exactly as without --tornado
    const json& rows = tj.at("tornado").at("rows");
    ASSERT_EQ(rows.size(), 9u);
    for (size_t i = 1; i < rows.size(); ++i)
        EXPECT_GE(rows[i - 1].at("swing_usd_per_mtok_output").get<double>(),
                  rows[i].at("swing_usd_per_mtok_output").get<double>());
    EXPECT_DOUBLE_EQ(tj.at("tornado").at("base_usd_per_mtok_output").get<double>(),
                     pj.at("usd_per_mtok_output").get<double>());
    auto jsonl = run_cli({"cost", "--jsonl", "--tornado"});
    EXPECT_EQ(jsonl.code, 2);
    EXPECT_NE(jsonl.err.find("--tornado"), std::string::npos) << jsonl.err;
}

// [SECTION] w2t cost --equal-latency
namespace {
const std::vector<std::string> kEqualLatency = {"cost", "--equal-latency", "--chips", "b200:8,cerebras-cs3:0,mi355x:8",
                                                "--model-id", "llama-4-maverick", "--per-user-tok-s", "100"};
}  // namespace

TEST(CliCostEqualLatency, PrintsOneRowPerChipWithTheClaimBeside) {
    auto r = run_cli(kEqualLatency);
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = json::parse(r.out);
    ASSERT_EQ(j.at("rows").size(), 3u);
    EXPECT_EQ(j["rows"][0]["hardware_id"], "b200");
    EXPECT_EQ(j["rows"][1]["hardware_id"], "cerebras-cs3");
    EXPECT_GT(j["rows"][1]["accelerator_count"].get<int>(), 0);  // 0 asked: the fewest that fit
    for (const json& row : j["rows"]) {
        SCOPED_TRACE(row.dump());
        for (const char* key : {"concurrency", "per_user_tok_s", "system_output_tok_s", "usd_per_mtok_output",
                                "tok_s_per_mw", "binds", "vs_first", "reachable"})
            EXPECT_TRUE(row.contains(key)) << key;
        if (row["reachable"].get<bool>()) {
            EXPECT_GE(row["per_user_tok_s"].get<double>(), 100 - 1e-9);
        }
    }
    EXPECT_DOUBLE_EQ(j["rows"][0]["vs_first"]["usd_per_mtok_output"].get<double>(), 1.0);
    EXPECT_EQ(j["equal_latency"]["per_user_tok_s"], 100.0);
    ASSERT_EQ(j.at("published_claims").size(), 1u);
    const json& claim = j["published_claims"][0];
    EXPECT_EQ(claim["source"], "unsourced");
    EXPECT_DOUBLE_EQ(claim["claimed_cost_ratio"].get<double>(), 0.68);
    EXPECT_TRUE(claim.contains("disagrees"));
    EXPECT_TRUE(claim["disagrees"].is_boolean());
}

TEST(CliCostEqualLatency, GatesHoldForEveryRow) {
    // A gate every row passes, then one the dearest row fails (exit 3, its chip named).
    auto pass = run_cli(with(kEqualLatency, {"--gate", "per_user_tok_s>=100"}));
    EXPECT_EQ(pass.code, 0) << pass.err;
    auto j = json::parse(pass.out);
    for (const json& row : j["rows"]) EXPECT_EQ(row["gates_passed"], true);
    double dearest = 0, cheapest = INFINITY;
    for (const json& row : j["rows"])
        if (row["usd_per_mtok_output"].is_number())
            dearest = std::max(dearest, row["usd_per_mtok_output"].get<double>()),
            cheapest = std::min(cheapest, row["usd_per_mtok_output"].get<double>());
    ASSERT_LT(cheapest, dearest);
    char gate[64];
    std::snprintf(gate, sizeof gate, "usd_per_mtok_output<=%.9g", (cheapest + dearest) / 2);
    auto fail = run_cli(with(kEqualLatency, {"--gate", gate}));
    EXPECT_EQ(fail.code, 3) << fail.err;  // a gate failed
    EXPECT_NE(fail.err.find("gate failed"), std::string::npos) << fail.err;
    // An unreachable target fails any gate, naming why.
    auto unreachable = run_cli({"cost", "--equal-latency", "--chips", "b200:8", "--model-id", "llama-4-maverick",
                                "--per-user-tok-s", "100000", "--gate", "concurrency>=1"});
    EXPECT_EQ(unreachable.code, 3);
    EXPECT_NE(unreachable.err.find("cannot reach the target"), std::string::npos) << unreachable.err;
    // A gate on a field no row has is a usage error.
    auto typo = run_cli(with(kEqualLatency, {"--gate", "usd_per_mtok<=1"}));
    EXPECT_EQ(typo.code, 2);
}

TEST(CliCostEqualLatency, BadInputNamesTheOption) {
    auto err_of = [](std::vector<std::string> args) {
        auto r = run_cli(args);
        EXPECT_EQ(r.code, 2) << r.out;
        return r.err;
    };
    EXPECT_NE(err_of({"cost", "--equal-latency", "--model-id", "llama-4-maverick", "--per-user-tok-s", "100"}).find("--chips"),
              std::string::npos);
    EXPECT_NE(err_of({"cost", "--equal-latency", "--chips", "b200:8", "--model-id", "llama-4-maverick"}).find("--per-user-tok-s"),
              std::string::npos);
    EXPECT_NE(err_of(with(kEqualLatency, {"--hardware-id", "b200"})).find("--hardware-id"), std::string::npos);
    EXPECT_NE(err_of({"cost", "--equal-latency", "--chips", "b200:x", "--model-id", "llama-4-maverick",
                      "--per-user-tok-s", "100"}).find("--chips"),
              std::string::npos);
    EXPECT_NE(err_of({"cost", "--equal-latency", "--chips", "b9000:8", "--model-id", "llama-4-maverick",
                      "--per-user-tok-s", "100"}).find("--chips"),
              std::string::npos);
    EXPECT_NE(err_of({"cost", "--equal-latency", "--chips", "b200:8", "--model-id", "llama-4-maverick",
                      "--per-user-tok-s", "-3"}).find("--per-user-tok-s"),
              std::string::npos);
    EXPECT_NE(err_of(with(kEqualLatency, {"--cost-of-capital", "8"})).find("--cost-of-capital"), std::string::npos);
    std::vector<std::string> plain = {"cost"};
    plain.insert(plain.end(), kScenario.begin(), kScenario.end());
    EXPECT_NE(err_of(with(plain, {"--per-user-tok-s", "100"})).find("only with --equal-latency"), std::string::npos);
}

TEST(CliCostEqualLatency, TheExistingOutputIsUnchanged) {
    // Plain `w2t cost` prints no equal-latency keys.
    std::vector<std::string> args = {"cost"};
    args.insert(args.end(), kScenario.begin(), kScenario.end());
    auto c = run_cli(args);
    ASSERT_EQ(c.code, 0) << c.err;
    auto j = json::parse(c.out);
    EXPECT_FALSE(j.contains("rows"));
    EXPECT_FALSE(j.contains("published_claims"));
}
