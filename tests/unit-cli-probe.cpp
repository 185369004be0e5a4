// `w2t probe` in-process: help, usage errors, gates checked before any request,
// and a refused connection (127.0.0.1 port 1). The streaming behaviour against a
// mock provider is tested through the real binary by cli_probe_test.py.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.hpp"

namespace {

struct ProbeRun {
    int code;
    std::string out, err;
};

ProbeRun probe(std::vector<std::string> args) {
    setenv("no_proxy", "127.0.0.1", 1);  // loopback only, even where a proxy is configured
    args.insert(args.begin(), "probe");
    std::istringstream in;
    std::ostringstream out, err;
    const int code = w2t::cli::run(args, in, out, err);
    return {code, out.str(), err.str()};
}

const std::vector<std::string> kRefused = {"--url", "http://127.0.0.1:1/v1/chat/completions", "--dialect",
                                           "openai-chat", "--model", "m", "--prompt", "hi", "--runs", "2",
                                           "--connect-timeout-s", "2"};

std::vector<std::string> with(std::vector<std::string> base, std::initializer_list<std::string> more) {
    base.insert(base.end(), more);
    return base;
}

TEST(CliProbe, HelpShowsEveryDialectEndpointAndTheGateFields) {
    ProbeRun r = probe({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* text : {"/v1/chat/completions", "/v1/responses", "/v1/messages", ":streamGenerateContent",
                             "/api/chat", "--api-key-env", "ttft_p95_ms", "--workload"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
}

TEST(CliProbe, UsageErrorsExit2AndNameTheOption) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--dialect", "openai-chat", "--model", "m", "--prompt", "hi"}, "--url"},
        {with(kRefused, {"--concurrency", "1000"}), "--concurrency"},
        {with(kRefused, {"--max-tokens", "0"}), "--max-tokens"},
        {with(kRefused, {"--timeout-s", "nan"}), "--timeout-s"},
        {with(kRefused, {"--csv", "--json"}), "--csv"},
        {with(kRefused, {"--api-key-env", "W2T_TEST_SURELY_UNSET"}), "W2T_TEST_SURELY_UNSET"},
        {{"--url", "localhost:8000", "--dialect", "ollama", "--model", "m", "--prompt", "hi"}, "--url"},
        {{"--url", "http://127.0.0.1:1/x", "--dialect", "openai", "--model", "m", "--prompt", "hi"}, "--dialect"},
        {{"--workload", "-", "--model", "m"}, "--model"},
    };
    for (const auto& [args, named] : cases) {
        ProbeRun r = probe(args);
        EXPECT_EQ(r.code, 2) << named << ": " << r.err;
        EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
        EXPECT_TRUE(r.out.empty());
    }
}

TEST(CliProbe, AGateOnAnUnknownFieldFailsBeforeAnyRequest) {
    ProbeRun r = probe(with(kRefused, {"--gate", "ttft_p95<=800"}));
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("ttft_p95"), std::string::npos);
    EXPECT_EQ(r.err.find("stream_error"), std::string::npos);  // nothing was sent
}

TEST(CliProbe, ARefusedConnectionIsAStreamErrorAndKeepsEveryRun) {
    setenv("W2T_TEST_PROBE_KEY", "sk-test-SECRET123", 1);
    ProbeRun r = probe(with(kRefused, {"--json", "--api-key-env", "W2T_TEST_PROBE_KEY", "--gate", "failed<=5"}));
    unsetenv("W2T_TEST_PROBE_KEY");
    EXPECT_EQ(r.code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["runs"].size(), 2u);
    for (const auto& run : j["runs"]) {
        EXPECT_EQ(run["outcome"], "stream_error");
        EXPECT_TRUE(run["http_status"].is_null());
        EXPECT_TRUE(run["ttft_ms"].is_null());
        EXPECT_TRUE(run["usage"].is_null());
        EXPECT_TRUE(run["error"].is_string());
    }
    EXPECT_EQ(j["summary"]["failed"], 2);
    EXPECT_TRUE(j["summary"]["ttft_p95_ms"].is_null());
    EXPECT_TRUE(j["gates"][0]["passed"]);
    EXPECT_EQ((r.out + r.err).find("SECRET123"), std::string::npos);
}

TEST(CliProbe, WorkloadFieldsAreChecked) {
    std::istringstream in(R"({"providers": [{"name": "a", "url": "http://127.0.0.1:1/api/chat",
                              "dialect": "ollama", "model": "m"}], "prompts": [{"text": "hi"}], "max_tokens": 8})");
    std::ostringstream out, err;
    const int code = w2t::cli::run({"probe", "--workload", "-"}, in, out, err);
    EXPECT_EQ(code, 2);
    EXPECT_NE(err.str().find("prompts[0]"), std::string::npos) << err.str();
}

}  // namespace
