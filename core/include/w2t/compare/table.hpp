#pragma once
// The compare table (issue 20): your numbers (a request log or typed in), each
// provider's measured numbers and the models' prediction, as rows of one table.
// Shared by `w2t compare` and the page's Compare view. No I/O: the callers read
// files, run requests and print; this builds rows, marks the better values,
// sorts and renders (plain table, Markdown, CSV).
//
// A row is a flat JSON object: name, kind ("baseline" | "measured" |
// "predicted"), requests, failed, ttft_p50_ms, ttft_p95_ms, e2e_p95_ms,
// output_tok_s_p50, usd_per_1k_tokens (null where unknown), notes (plain
// sentences: failed runs, missing usage, too few requests), and after
// mark_best() "best" (the columns where the row holds the better value).
// usd_per_1k_tokens counts input + output tokens throughout.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/perf/inference.hpp"
#include "w2t/probe/metrics.hpp"
#include "w2t/result.hpp"

namespace w2t::compare {

// Below this many requests a p95 is the largest value, not a tail: flagged.
constexpr std::size_t kTrustworthyP95 = 20;

// The number columns, in table order.
const std::vector<std::string>& columns();

// A row with every column null and no notes.
nlohmann::json new_row(const std::string& name, const char* kind);

// [SECTION] baseline
// A request log (JSONL, one request a line): latency_ms (end to end, required),
// ttft_ms (optional), prompt_tokens and completion_tokens (or a "usage" object
// holding them; required), cost_usd (optional), and optionally the prompt: "prompt"
// (text) or "messages" (OpenAI-style [{"role", "content"}, ...]).
struct BaselineLog {
    nlohmann::json row;                      // kind "baseline"
    std::vector<nlohmann::json> prompts;     // messages arrays, one per line that carried one
};
// Errors name "<label>: line N: <field>"; label is e.g. "--baseline" or "log".
Result<BaselineLog> parse_baseline_log(std::string_view text, const std::string& label);

// A prompt file (JSONL): each line {"prompt": TEXT} or {"messages": [...]}; blank lines
// skipped. Errors name "<label>: line N: <field>"; an empty file is an error.
Result<std::vector<nlohmann::json>> parse_prompt_lines(std::string_view text, const std::string& label);

// Typed-in numbers: any of ttft_p50_ms, ttft_p95_ms, e2e_p95_ms, output_tok_s_p50,
// usd_per_1k_tokens (numbers >= 0), requests (whole number >= 1), name (text).
// At least one number; unknown keys are errors naming the key (prefixed by label).
Result<nlohmann::json> typed_baseline_row(const nlohmann::json& numbers, const std::string& label);

// [SECTION] measured
struct Price {
    double input_usd_per_mtok = 0, output_usd_per_mtok = 0;
    std::string source;  // said in the notes, e.g. "the workload" or "@pydantic/genai-prices 0.1.8 ..."
};

struct Measured {
    nlohmann::json row;  // kind "measured"
    double mean_prompt_tokens = 0, mean_completion_tokens = 0;  // reported usage of ok requests (0: none)
    bool any_failed = false;
};

// Statistics over a provider's requests (summarize_run: times over ok requests),
// cost from the reported usage x price. no_price_note: what to say without a price.
Measured measured_row(const std::string& name, const std::vector<probe::RequestRecord>& records,
                      const std::optional<Price>& price,
                      const std::string& no_price_note = "no price in the workload: no cost");

// completion_tokens / e2e of an ok request with usage (estimated usage counts).
std::optional<double> output_tok_s(const probe::RequestRecord& r);

// [SECTION] predicted
struct PredictionSpec {
    std::string hardware_id, model_id;
    int accelerator_count = 0;  // 0: the fewest that hold the model
    Precision precision = Precision::fp8;
};

// The performance and cost models for the same token counts: the measured usage,
// else fallback_input_tokens and max_tokens. concurrency > 1: a fixed batch.
nlohmann::json predicted_row(const std::string& name, const PredictionSpec& spec, const Measured& measured,
                             double fallback_input_tokens, double max_tokens, long concurrency,
                             const std::optional<Price>& price);

// [SECTION] table
// "best" on each row: lowest latency and cost, highest speed, among the baseline
// and measured rows with a value (predictions are beside them, not ranked);
// only where two or more rows have a value.
void mark_best(nlohmann::json& rows);

// The column a --sort word names: p95, e2e, cost, speed, or any column name; nullopt if none.
std::optional<std::string> sort_column(const std::string& word);
// Baseline rows first (in order), then each measured row with the predicted rows
// that follow it, stably ordered by the measured row's column (speed: highest
// first, else lowest first; unknown last). descending flips the order of knowns.
void sort_rows(nlohmann::json& rows, const std::string& column, bool descending = false);

// The header row's labels, and one row's cells ("-" unknown; the better value marked).
const std::vector<std::string>& table_head();
std::vector<std::string> table_cells(const nlohmann::json& row, bool markdown);

std::string render_table(const nlohmann::json& rows);     // aligned columns + notes
std::string render_markdown(const nlohmann::json& rows);  // to paste in a PR or a post
std::string render_csv(const nlohmann::json& rows);

std::size_t utf8_length(std::string_view s);

}  // namespace w2t::compare
