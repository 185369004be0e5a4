// Bad input, every command (issue 19): one table per command of inputs people
// will really type or paste (malformed JSON, unknown ids, out-of-range, NaN,
// inf, negative and absurd numbers, empty, missing and binary files, wrong
// types, repeated options). Each row asserts the exit code (2 usage, 1 data)
// and that the message names the field or argument; nothing may crash (the
// suite also runs under ASan+UBSan) and a usage error prints no result.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "support/run_cli.hpp"

namespace {

using w2t::test::CliRun;
using w2t::test::run_cli;

// Files every table may point at, made once in a temporary directory.
struct Files {
    std::string dir, empty, garbage, truncated, array, deep, wrong_type, overflow, nan_literal, missing, big_line;
    std::string big_line_text;  // the same 20 MB line, for stdin
    Files() {
        namespace fs = std::filesystem;
        dir = (fs::temp_directory_path() / ("w2t-bad-input-" + std::to_string(::getpid()))).string();
        fs::create_directories(dir);
        auto write = [&](const char* name, const std::string& text) {
            const std::string path = dir + "/" + name;
            std::ofstream(path, std::ios::binary) << text;
            return path;
        };
        empty = write("empty.json", "");
        std::string bytes;
        unsigned state = 12345;
        for (int i = 0; i < 4096; ++i) {  // the same "random" bytes every run, NULs included
            state = state * 1103515245u + 12345u;
            bytes.push_back(static_cast<char>(state >> 16));
        }
        garbage = write("garbage.bin", bytes);
        truncated = write("truncated.json", "{\"die_width_mm\": ");
        array = write("array.json", "[1, 2]");
        deep = write("deep.json", std::string(100000, '[') + std::string(100000, ']'));
        wrong_type = write("wrong-type.json", "{\"die_width_mm\": \"ten\"}");
        overflow = write("overflow.json", "{\"die_width_mm\": 1e999}");
        nan_literal = write("nan.json", "{\"die_width_mm\": NaN}");
        missing = dir + "/surely-not-here.json";
        // One 20 MB line: a log line nobody meant to be that long.
        big_line_text = "{\"x\": \"" + std::string(20u << 20, 'a') + "\"}\n";
        big_line = write("big-line.jsonl", big_line_text);
    }
    ~Files() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

const Files& files() {
    static const Files f;
    return f;
}

enum class Where { err, out };

struct Case {
    std::vector<std::string> args;
    int code;               // expected exit code
    std::string names;      // must appear in the message
    std::string stdin_text = "";
    Where where = Where::err;
};

void run_table(const std::vector<Case>& table) {
    for (const Case& c : table) {
        std::string shown;
        for (const std::string& a : c.args) shown += (a.size() > 80 ? a.substr(0, 80) + "..." : a) + " ";
        SCOPED_TRACE(shown);
        const CliRun r = run_cli(c.args, c.stdin_text);
        EXPECT_EQ(r.code, c.code) << "stderr: " << r.err.substr(0, 400);
        const std::string& message = c.where == Where::err ? r.err : r.out;
        EXPECT_NE(message.find(c.names), std::string::npos)
            << "expected '" << c.names << "' in: " << message.substr(0, 400);
        if (c.code == 2) {
            EXPECT_TRUE(r.out.empty()) << "a usage error printed a result: " << r.out.substr(0, 200);
            EXPECT_NE(r.err.find("w2t "), std::string::npos);  // "w2t COMMAND: field: message"
        }
        EXPECT_LT(r.err.size(), 4096u) << "an error message should be short";
    }
}

std::vector<std::string> with(std::vector<std::string> base, std::initializer_list<std::string> more) {
    base.insert(base.end(), more);
    return base;
}

// [SECTION] dpw
TEST(CliBadInput, Dpw) {
    const Files& f = files();
    run_table({
        {{"dpw", "--die-width-mm", "nan"}, 2, "--die-width-mm"},
        {{"dpw", "--die-width-mm", "inf"}, 2, "--die-width-mm"},
        {{"dpw", "--die-width-mm", "-1"}, 2, "--die-width-mm"},
        {{"dpw", "--die-width-mm", "10000"}, 2, "--die-width-mm"},  // a 10 m die
        {{"dpw", "--die-height-mm", "1e308"}, 2, "--die-height-mm"},
        {{"dpw", "--die-width-mm", "abc"}, 2, "--die-width-mm"},
        {{"dpw", "--die-width-mm", "0x1A"}, 2, "--die-width-mm"},  // strtod would read 26
        {{"dpw", "--die-width-mm", "0x1Ap0"}, 2, "--die-width-mm"},
        {{"dpw", "--die-width-mm", "5", "--die-width-mm", "6"}, 2, "--die-width-mm"},
        {{"dpw", "--die-width-mm"}, 2, "--die-width-mm"},
        {{"dpw", "--wafer-mm", "0"}, 2, "--wafer-mm"},
        {{"dpw", "--edge-mm", "-3"}, 2, "--edge-mm"},
        {{"dpw", "--scribe-mm", "1e-400"}, 2, "--scribe-mm"},
        {{"dpw", "--bogus"}, 2, "--bogus"},
        {{"dpw", "--scenario", f.empty}, 2, "--scenario"},
        {{"dpw", "--scenario", f.garbage}, 2, "--scenario"},
        {{"dpw", "--scenario", f.truncated}, 2, "--scenario"},
        {{"dpw", "--scenario", f.array}, 2, "--scenario"},
        {{"dpw", "--scenario", f.deep}, 2, "--scenario"},
        {{"dpw", "--scenario", f.wrong_type}, 2, "die_width_mm"},
        {{"dpw", "--scenario", f.overflow}, 2, "--scenario"},
        {{"dpw", "--scenario", f.nan_literal}, 2, "--scenario"},
        {{"dpw", "--scenario", f.missing}, 2, "--scenario"},
        {{"dpw", "--scenario", "-"}, 2, "die_width_mm", "{\"die_width_mm\": -5}"},
        {{"dpw", "--scenario", "-"}, 2, "bogus", "{\"bogus\": 1}"},
        {{"dpw", "--scenario", "-"}, 2, "die_height_mm", "{\"die_height_mm\": null}"},
        {{"dpw", "--scenario", "-"}, 2, "die_width_mm", "{\"die_width_mm\": {\"mm\": 5}}"},
        {{"dpw", "--d0-per-cm2", "-1"}, 2, "--d0-per-cm2"},
        {{"dpw", "--d0-per-cm2", "0.1", "--yield-model", "bogus"}, 2, "--yield-model"},
        {{"dpw", "--d0-per-cm2", "0.1", "--yield-model", "negative-binomial", "--alpha", "0"}, 2, "--alpha"},
        {{"dpw", "--d0-per-cm2", "0.1", "--yield-model", "bose-einstein", "--critical-layers", "1e6"},
         2,
         "--critical-layers"},
        {{"dpw", "--gate", "nonsense"}, 2, "--gate"},
        {{"dpw", "--gate", "no_such_field>=1"}, 2, "no_such_field"},
    });
}

// [SECTION] estimate
const std::vector<std::string> kEstimate = {"estimate",       "--hardware-id",  "h100-sxm", "--model-id",
                                            "llama-3.1-70b",  "--precision",    "fp8",      "--scenario",
                                            "offline",        "--input-tokens", "1000",     "--output-tokens",
                                            "200"};

TEST(CliBadInput, Estimate) {
    const Files& f = files();
    const std::string ok_line =
        R"({"hardware_id":"h100-sxm","model_id":"llama-3.1-70b","precision":"fp8","scenario":"offline",)"
        R"("output_tokens":200)";
    // kEstimate with one option's value replaced (a repeated option is its own row).
    auto but = [](const std::string& option, const std::string& value) {
        std::vector<std::string> a = kEstimate;
        for (std::size_t i = 0; i + 1 < a.size(); ++i)
            if (a[i] == option) {
                a[i + 1] = value;
                return a;
            }
        a.push_back(option);
        a.push_back(value);
        return a;
    };
    run_table({
        {but("--hardware-id", "nope"), 2, "--hardware-id"},
        {but("--model-id", "nope"), 2, "--model-id"},
        {{"estimate", "--hardware-id", "h100-sxm", "--model-id", "llama-3.1-70b", "--scenario", "offline",
          "--input-tokens", "1000", "--output-tokens", "200"},
         2,
         "--precision"},
        {but("--input-tokens", "-5"), 2, "--input-tokens"},
        {but("--input-tokens", "nan"), 2, "--input-tokens"},
        {but("--input-tokens", "1e12"), 2, "--input-tokens"},  // 10^12 tokens
        {but("--output-tokens", "1e12"), 2, "--output-tokens"},
        {but("--output-tokens", "0x10"), 2, "--output-tokens"},
        {with(kEstimate, {"--accelerator-count", "1e9"}), 2, "--accelerator-count"},
        {with(kEstimate, {"--accelerator-count", "2.5"}), 2, "--accelerator-count"},
        {with(kEstimate, {"--concurrency", "1e15"}), 2, "--concurrency"},
        // A valid number the model cannot lay out (3 does not divide the chips): a data error.
        {with(kEstimate, {"--tensor-parallel", "3"}), 1, "--tensor-parallel"},
        {with(kEstimate, {"--draft-tokens", "1000"}), 2, "--draft-tokens"},
        {with(kEstimate, {"--acceptance", "2"}), 2, "--acceptance"},
        {with(kEstimate, {"--ttft-limit-ms", "-1"}), 2, "--ttft-limit-ms"},
        // (--framework takes any name: a stack other than TensorRT-LLM/NIM/llama.cpp is modelled
        // as a generic one, so an unknown name is not an error by design.)
        {with(kEstimate, {"--precision", "fp8"}), 2, "--precision"},
        {but("--precision", "fp3"), 2, "--precision"},
        {{"estimate", "--input", f.empty}, 2, "--input"},
        {{"estimate", "--input", f.garbage}, 2, "--input"},
        {{"estimate", "--input", f.deep}, 2, "--input"},
        {{"estimate", "--input", f.array}, 2, "--input"},
        {{"estimate", "--input", f.overflow}, 2, "--input"},
        {{"estimate", "--input", f.missing}, 2, "--input"},
        {{"estimate", "--input", "-"}, 2, "hardware-id", R"({"hardware_id": 5, "model_id": "llama-3.1-70b"})"},
        {{"estimate", "--input", "-"}, 2, "input", ok_line + R"(,"input_tokens": -1})"},
        {{"estimate", "--input", "-"}, 2, "input", ok_line + R"(,"input_tokens": "5"})"},
        {{"estimate", "--input", "-"}, 2, "input", ok_line + R"(,"input_tokens": 1e300})"},
        // (Unknown fields in an estimate input are kept by contract, issue 14: not an error.)
        {{"estimate", "--input", "-"}, 2, "--accelerator-count", ok_line + R"(,"input_tokens": 10,"accelerator_count": 2.5})"},
        // JSON Lines: each bad line is reported in its own output line (exit 1), the good ones still run.
        {{"estimate", "--jsonl"}, 1, "\"line\":2", ok_line + ",\"input_tokens\":10}\n{\"hardware_id\": \"h100-sxm\"}\n",
         Where::out},
        {{"estimate", "--jsonl"}, 1, "\"line\":1", "\xff\xfe not json\n", Where::out},
        {{"estimate", "--jsonl"}, 1, "1e999", ok_line + ",\"input_tokens\": 1e999}\n", Where::out},
        {{"estimate", "--jsonl"}, 1, "\"line\":1", "[]\n", Where::out},
        {{"estimate", "--jsonl"}, 1, "\"line\":1", std::string("{\"a\":\0}\n", 8), Where::out},
        {{"estimate", "--jsonl"}, 1, "input_tokens", ok_line + ",\"input_tokens\": -3}\n", Where::out},
        {{"estimate", "--jsonl", "--input", f.empty}, 2, "--input"},
        {{"estimate", "--jsonl"}, 1, "\"line\":2", ok_line + ",\"input_tokens\":10}\n" + f.big_line_text, Where::out},
        {{"estimate", "--detail"}, 2, "--detail"},
    });
}

// [SECTION] validate
TEST(CliBadInput, Validate) {
    const Files& f = files();
    run_table({
        // The calibration file is a data set: its contents are data errors (1), a file
        // that cannot be read is a usage error (2).
        {{"validate", "--calibration", f.missing}, 2, "--calibration"},
        {{"validate", "--calibration", f.empty}, 1, "--calibration"},
        {{"validate", "--calibration", f.garbage}, 1, "--calibration"},
        {{"validate", "--calibration", "-"}, 1, "hardware_id", "id,foo\n1,2\n"},
        {{"validate", "--params", f.garbage}, 2, "--params"},
        {{"validate", "--params", f.array}, 2, "--params"},
        {{"validate", "--params", f.overflow}, 2, "--params"},
        {{"validate", "--params", f.missing}, 2, "--params"},
        {{"validate", "--params", "-"}, 2, "bogus_param", R"({"bogus_param": 1})"},
        {{"validate", "--gate", "median_abs_error_pct<<3"}, 2, "--gate"},
        {{"validate", "--json", "--json"}, 2, "--json"},
    });
}

// [SECTION] cost and plan
TEST(CliBadInput, Cost) {
    const Files& f = files();
    std::vector<std::string> base = kEstimate;
    base[0] = "cost";
    run_table({
        {with(base, {"--usd-per-accelerator-hour", "-1"}), 2, "--usd-per-accelerator-hour"},
        {with(base, {"--usd-per-accelerator-hour", "nan"}), 2, "--usd-per-accelerator-hour"},
        {with(base, {"--usd-per-accelerator", "1e300"}), 2, "--usd-per-accelerator"},
        {with(base, {"--host-share", "1e300"}), 2, "--host-share"},
        {with(base, {"--preset", "nope"}), 2, "--preset"},
        {with(base, {"--hardware-id", "b200"}), 2, "--hardware-id"},
        {[&] {
             std::vector<std::string> a = base;
             a[2] = "nope";  // --hardware-id nope
             return a;
         }(),
         2,
         "--hardware-id"},
        {with(base, {"--input", f.garbage}), 2, "--input"},
        {with(base, {"--input", f.missing}), 2, "--input"},
        {{"cost", "--jsonl"}, 1, "\"line\":1", "garbage\n", Where::out},
        {{"cost", "--jsonl"}, 1, "1e999", R"({"hardware_id":"h100-sxm","input_tokens":1e999})" "\n", Where::out},
        {{"cost", "--jsonl", "--input", f.empty}, 2, "--input"},
        {{"cost", "--jsonl"}, 1, "\"line\":1", f.big_line_text, Where::out},
    });
}

TEST(CliBadInput, Plan) {
    const std::vector<std::string> base = {"plan",          "--model-id", "llama-3.1-70b", "--requests-per-s", "1",
                                           "--ttft-p95-ms", "500",        "--tpot-p95-ms", "50"};
    run_table({
        {{"plan", "--model-id", "llama-3.1-70b", "--requests-per-s", "1", "--ttft-p95-ms", "500"}, 2, "--tpot-p95-ms"},
        {{"plan", "--model-id", "nope", "--requests-per-s", "1", "--ttft-p95-ms", "500", "--tpot-p95-ms", "50"},
         2,
         "--model-id"},
        {{"plan", "--model-id", "llama-3.1-70b", "--requests-per-s", "-1", "--ttft-p95-ms", "500", "--tpot-p95-ms",
          "50"},
         2,
         "--requests-per-s"},
        {{"plan", "--model-id", "llama-3.1-70b", "--requests-per-s", "inf", "--ttft-p95-ms", "500", "--tpot-p95-ms",
          "50"},
         2,
         "--requests-per-s"},
        {{"plan", "--model-id", "llama-3.1-70b", "--requests-per-s", "1e12", "--ttft-p95-ms", "500", "--tpot-p95-ms",
          "50"},
         2,
         "--requests-per-s"},
        {with(base, {"--hardware-ids", "nope,h100-sxm"}), 2, "--hardware-ids"},
        {with(base, {"--counts", "0,-1"}), 2, "--counts"},
        {with(base, {"--counts", ",,"}), 2, "--counts"},
        {with(base, {"--counts", "4,abc"}), 2, "--counts"},
        {with(base, {"--concurrency-caps", "1e30"}), 2, "--concurrency-caps"},
        {with(base, {"--top", "0"}), 2, "--top"},
        {with(base, {"--precisions", "fp3"}), 2, "--precisions"},
        {with(base, {"--budget-usd-per-hour", "-5"}), 2, "--budget-usd-per-hour"},
        {with(base, {"--model-id", "llama-3.1-8b"}), 2, "--model-id"},
    });
}

// [SECTION] prices
TEST(CliBadInput, Prices) {
    const std::vector<std::string> base = {"prices", "--provider", "openai", "--model", "gpt-4o"};
    run_table({
        {{"prices", "--provider", "nope", "--model", "x"}, 2, "--provider"},
        {{"prices", "--provider", "openai", "--model", "nope"}, 2, "--model"},
        {with(base, {"--input-tokens", "-1"}), 2, "--input-tokens"},
        {with(base, {"--input-tokens", "nan"}), 2, "--input-tokens"},
        {with(base, {"--input-tokens", "1e30"}), 2, "--input-tokens"},
        {with(base, {"--output-tokens", "1e16"}), 2, "--output-tokens"},
        {with(base, {"--input-usd-per-mtok", "inf"}), 2, "--input-usd-per-mtok"},
        {with(base, {"--output-usd-per-mtok", "1e300"}), 2, "--output-usd-per-mtok"},
        {with(base, {"--cached-input-tokens", "100", "--input-tokens", "10"}), 2, "--cached-input-tokens"},
        {{"prices", "--input-tokens", "10"}, 2, "--provider"},
        {with(base, {"--provider", "groq"}), 2, "--provider"},
        {with(base, {"--gate", "usd_total<=x"}), 2, "--gate"},
    });
}

// [SECTION] probe (nothing here reaches a server: every row fails before a request)
const char* kWorkloadOk =
    R"({"providers": [{"url": "http://127.0.0.1:1/v1/chat/completions", "dialect": "openai-chat", "model": "m"}],)"
    R"( "prompts": [{"prompt": "hi"}], "max_tokens": 5)";

TEST(CliBadInput, Probe) {
    const Files& f = files();
    const std::vector<std::string> base = {"probe",   "--url",    "http://127.0.0.1:1/v1/chat/completions",
                                           "--dialect", "openai-chat", "--model", "m", "--prompt", "hi"};
    const std::string w = kWorkloadOk;
    run_table({
        {{"probe", "--workload", f.garbage}, 2, "--workload"},
        {{"probe", "--workload", f.empty}, 2, "--workload"},
        {{"probe", "--workload", f.deep}, 2, "--workload"},
        {{"probe", "--workload", f.overflow}, 2, "--workload"},
        {{"probe", "--workload", f.missing}, 2, "--workload"},
        {{"probe", "--workload", f.big_line}, 2, "providers"},
        {{"probe", "--url", "http://127.0.0.1:1/", "--dialect", "ollama", "--model", "m", "--prompt-file", f.missing},
         2,
         "--prompt-file"},
        {{"probe", "--url", "http://127.0.0.1:1/", "--dialect", "ollama", "--model", "m", "--prompt-file", f.empty},
         2,
         "--prompt-file"},
        {with(base, {"--runs", "1e9"}), 2, "--runs"},
        {with(base, {"--runs", "2", "--runs", "3"}), 2, "--runs"},
        {with(base, {"--runs", "2.5"}), 2, "--runs"},
        {with(base, {"--max-tokens", "-1"}), 2, "--max-tokens"},
        {with(base, {"--timeout-s", "inf"}), 2, "--timeout-s"},
        {with(base, {"--idle-timeout-s", "0"}), 2, "--idle-timeout-s"},
        {with(base, {"--connect-timeout-s", "1e99"}), 2, "--connect-timeout-s"},
        {with(base, {"--concurrency", "0"}), 2, "--concurrency"},
        {with(base, {"--concurrency", "257"}), 2, "--concurrency"},
        {with(base, {"--rate", "0"}), 2, "--rate"},
        {with(base, {"--rate", "inf"}), 2, "--rate"},
        {with(base, {"--rate", "1e9"}), 2, "--rate"},
        {with(base, {"--seed", "1"}), 2, "--seed"},
        {with(base, {"--rate", "5", "--seed", "-1"}), 2, "--seed"},
        {with(base, {"--prompt", ""}), 2, "--prompt"},
        {with(base, {"--model", ""}), 2, "--model"},
        {with(base, {"--url", "ftp://x"}), 2, "--url"},
        {with(base, {"--gate", "ttft_p95_ms<=abc"}), 2, "--gate"},
        {{"probe", "--url", "http://127.0.0.1:1/x y", "--dialect", "ollama", "--model", "m", "--prompt", "hi"},
         2,
         "--url"},
    });
    run_table({
        {{"probe", "--workload", "-"}, 2, "providers[0].headers.X",
         R"({"providers": [{"url": "http://127.0.0.1:1/", "dialect": "openai-chat", "model": "m", "headers": {"X": 5}}],)"
         R"( "prompts": [{"prompt": "hi"}], "max_tokens": 5})"},
        {{"probe", "--workload", "-"}, 2, "providers[0].model",
         R"({"providers": [{"url": "http://127.0.0.1:1/", "dialect": "openai-chat", "model": 5}],)"
         R"( "prompts": [{"prompt": "hi"}], "max_tokens": 5})"},
        {{"probe", "--workload", "-"}, 2, "providers[0].dialect",
         R"({"providers": [{"url": "http://127.0.0.1:1/", "dialect": "openai", "model": "m"}],)"
         R"( "prompts": [{"prompt": "hi"}], "max_tokens": 5})"},
        {{"probe", "--workload", "-"}, 2, "prompts[0].messages[0].role", w.substr(0, w.find("\"prompts\"")) +
                                                                           R"("prompts": [{"messages": [{"role": 1}]}], "max_tokens": 5})"},
        {{"probe", "--workload", "-"}, 2, "max_tokens", w.substr(0, w.find("\"max_tokens\"")) + R"("max_tokens": "5"})"},
        {{"probe", "--workload", "-"}, 2, "max_tokens", w.substr(0, w.find("\"max_tokens\"")) + R"("max_tokens": 1e99})"},
        {{"probe", "--workload", "-"}, 2, "runs", w + R"(, "runs": -3})"},
        {{"probe", "--workload", "-"}, 2, "concurrency", w + R"(, "concurrency": 1000})"},
        {{"probe", "--workload", "-"}, 2, "providers", R"({"providers": [], "prompts": [{"prompt": "hi"}], "max_tokens": 5})"},
        {{"probe", "--workload", "-", "--url", "http://x/"}, 2, "--url", w + "}"},
        // A refused connection is a runtime failure (1), named in the output.
        {with(base, {"--runs", "1", "--quiet", "--connect-timeout-s", "2"}), 1, "stream_error", "", Where::out},
    });
}

// [SECTION] compare
TEST(CliBadInput, Compare) {
    const Files& f = files();
    const std::string w = kWorkloadOk;
    run_table({
        {{"compare"}, 2, "--workload"},
        {{"compare", "--workload", f.missing}, 2, "--workload"},
        {{"compare", "--workload", f.empty}, 2, "--workload"},
        {{"compare", "--workload", f.garbage}, 2, "--workload"},
        {{"compare", "--workload", f.deep}, 2, "--workload"},
        {{"compare", "--workload", f.overflow}, 2, "--workload"},
        {{"compare", "--workload", "-"}, 2, "providers[0].url",
         R"({"providers": [{"url": "ftp://x", "dialect": "openai-chat", "model": "m"}], "prompts": [{"prompt":"hi"}], "max_tokens": 5})"},
        {{"compare", "--workload", "-"}, 2, "providers", R"({"providers": "x", "prompts": [], "max_tokens": 5})"},
        {{"compare", "--workload", "-"}, 2, "runs", w + R"(, "runs": -3})"},
        {{"compare", "--workload", "-"}, 2, "hardware_id",
         R"({"providers": [{"url": "http://127.0.0.1:1/", "dialect": "openai-chat", "model": "m", "hardware_id": "nope", "model_id": "llama-3.1-70b"}],)"
         R"( "prompts": [{"prompt": "hi"}], "max_tokens": 5})"},
        {{"compare", "--workload", "-"}, 2, "price",
         R"({"providers": [{"url": "http://127.0.0.1:1/", "dialect": "openai-chat", "model": "m", "price": "cheap"}],)"
         R"( "prompts": [{"prompt": "hi"}], "max_tokens": 5})"},
        {{"compare", "--workload", "-", "--baseline", f.missing}, 2, "--baseline", w + "}"},
        {{"compare", "--workload", "-", "--baseline", f.garbage}, 2, "--baseline", w + "}"},
        {{"compare", "--workload", "-", "--sort", "bogus"}, 2, "--sort", w + "}"},
        {{"compare", "--workload", "-", "--runs", "0"}, 2, "--runs", w + "}"},
        {{"compare", "--workload", "-", "--json", "--csv"}, 2, "--", w + "}"},
    });
}

// [SECTION] supply
TEST(CliBadInput, Supply) {
    const std::vector<std::string> cost = {"supply",        "cost",       "--die-width-mm", "26", "--die-height-mm",
                                           "33",            "--d0-per-cm2", "0.1",          "--model", "murphy",
                                           "--wafer-usd", "16988"};
    const std::vector<std::string> fleet = {"supply", "fleet", "--year", "2025", "--mix", "b200:1", "--model-id",
                                            "llama-3.1-70b", "--precision", "fp8", "--scenario", "offline",
                                            "--samples", "10"};
    run_table({
        {{"supply"}, 2, "subcommand"},
        {{"supply", "bogus"}, 2, "bogus"},
        {{"supply", "yield", "--die-area-mm2", "-1", "--d0-per-cm2", "0.1", "--model", "murphy"}, 2, "--die-area-mm2"},
        {{"supply", "yield", "--die-area-mm2", "nan", "--d0-per-cm2", "0.1", "--model", "murphy"}, 2, "--die-area-mm2"},
        {{"supply", "yield", "--die-area-mm2", "1e300", "--d0-per-cm2", "0.1", "--model", "murphy"},
         2,
         "--die-area-mm2"},
        {{"supply", "yield", "--die-area-mm2", "100", "--d0-per-cm2", "inf", "--model", "murphy"}, 2, "--d0-per-cm2"},
        {{"supply", "yield", "--die-area-mm2", "100", "--d0-per-cm2", "0.1", "--model", "nope"}, 2, "--model"},
        {{"supply", "yield", "--die-area-mm2", "100", "--d0-per-cm2", "0.1"}, 2, "--model"},
        {{"supply", "yield", "--die-area-mm2", "100", "--die-area-mm2", "100", "--d0-per-cm2", "0.1", "--model",
          "murphy"},
         2,
         "--die-area-mm2"},
        {with(cost, {"--wafer-usd", "-5"}), 2, "--wafer-usd"},
        {{"supply", "cost", "--die-width-mm", "10000", "--die-height-mm", "33", "--d0-per-cm2", "0.1", "--model",
          "murphy", "--wafer-usd", "5"},
         2,
         "--die-width-mm"},
        {{"supply", "capacity", "--year", "1900"}, 2, "--year"},
        {{"supply", "capacity", "--year", "nan"}, 2, "--year"},
        {{"supply", "capacity", "--product", "nope"}, 2, "--product"},
        {{"supply", "capacity", "--samples", "0"}, 2, "--samples"},
        {{"supply", "capacity", "--samples", "1e12"}, 2, "--samples"},
        {{"supply", "capacity", "--seed", "1.5"}, 2, "--seed"},
        {{"supply", "fleet", "--bogus"}, 2, "--bogus"},
        {{"supply", "fleet", "--year", "2025"}, 2, "--"},
        {with(fleet, {"--mix", "b200:-1"}), 2, "--mix"},
        {{"supply", "fleet", "--year", "2025", "--mix", "b200:x", "--model-id", "llama-3.1-70b", "--precision", "fp8",
          "--scenario", "offline"},
         2,
         "--mix"},
        {{"supply", "fleet", "--year", "2025", "--mix", "nope:1", "--model-id", "llama-3.1-70b", "--precision", "fp8",
          "--scenario", "offline"},
         2,
         "nope"},
        {{"supply", "fleet", "--year", "2025", "--mix", "b200:1", "--model-id", "nope", "--precision", "fp8",
          "--scenario", "offline"},
         2,
         "--model-id"},
        {with(fleet, {"--input-tokens", "1e12"}), 2, "--input-tokens"},
        {{"supply", "claims", "--id", "nope"}, 2, "--id"},
        {{"supply", "claims", "--samples", "-1"}, 2, "--samples"},
    });
}

}  // namespace
