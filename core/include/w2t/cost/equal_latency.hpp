#pragma once
// Chips compared at equal latency: every chip serves the same model at the same
// per-user output speed (tok/s per request; optionally under a TTFT limit), each
// at the highest concurrency that still meets it, and what its tokens then cost
// and how many it makes per megawatt. Comparing chips at their own best throughput
// flatters the ones that buy it with slow users; this holds the user's speed fixed.
//
// Method: the performance model at a fixed batch (every slot busy, as the planner
// does) for concurrency c; per-user speed falls as c grows, so the largest c that
// meets the target is found by doubling then bisection over whole requests. Costs:
// system_cost + token_cost (w2t/cost/tco.hpp), owned or rented as the economics say.
// The article's cost-per-token claim (catalogue/supply.json, claim
// "cost-per-token-32pct") is set beside the computed ratio. No I/O; docs/cost-model.md.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/cost/tco.hpp"

namespace w2t {

struct EqualLatencyChip {
    std::string hardware_id;
    int accelerator_count = 0;  // 0: the fewest that hold the model
};

struct EqualLatencyInput {
    std::vector<EqualLatencyChip> chips;  // the first is the reference for the ratios
    std::string model_id;
    Precision precision = Precision::fp8;
    double input_tokens = 1000, output_tokens = 1000;
    double per_user_tok_s = 0;  // the target: output tokens per second each user sees (> 0)
    double ttft_limit_ms = 0;   // optional: time to first token at that concurrency (0: none)
    std::string framework;      // "" = the model's default (tensorrt-llm)
    EconomicsInput economics;
    double max_concurrency = 16384;  // the search's upper end (requests in flight per system)
};

struct EqualLatencyRow {
    std::string hardware_id;
    int accelerator_count = 0;  // as used (the fewest that fit when 0 was asked)
    std::string layout;
    bool reachable = false;     // some concurrency meets the target
    std::optional<Error> error; // the model cannot run / be priced on this chip (rest unset)
    // At the highest concurrency that meets the target (reachable), else at one request.
    double concurrency = 0;
    double per_user_tok_s = 0, system_output_tok_s = 0, ttft_ms = 0, tpot_ms = 0;
    double best_per_user_tok_s = 0;  // at one request in flight: the fastest this chip gets
    std::string bottleneck;          // the decode phase's binding resource there
    std::string binds;               // what stops a higher concurrency, in words
    std::string binds_kind;          // per-user-speed, ttft, memory, search-limit, target-unreachable
    // Cost (NaN when the system cannot be priced: price_error says why).
    std::string cost_mode;  // owned, rental
    double usd_per_hour = kUnknown, usd_per_mtok_output = kUnknown, usd_per_1k_tokens = kUnknown;
    double facility_kw = kUnknown;              // average facility draw (utilisation, PUE)
    double provisioned_facility_kw = kUnknown;  // at maximum power: what a power budget buys
    double tok_s_per_mw = kUnknown;             // system tok/s per MW of average facility draw
    double tok_s_per_provisioned_mw = kUnknown;
    std::optional<Error> price_error;
    // Against the first chip (NaN when either side is unknown).
    double cost_ratio = kUnknown;        // usd_per_mtok_output / first's
    double tok_s_per_mw_ratio = kUnknown;
    double system_tok_s_ratio = kUnknown;
    int evaluations = 0;  // performance-model runs the search took
};

// A published cost-per-token comparison beside the computed one.
struct PublishedCostClaim {
    std::string id, claim, verdict;    // from catalogue/supply.json's claims
    std::string source_url, source_title, source_date;  // empty: unsourced
    std::string chip, versus;          // hardware ids: chip's cost over versus's
    double claimed_ratio = kUnknown;   // 0.68 for "32 % lower"
    double computed_ratio = kUnknown;  // ours, at the target (NaN: a side is missing)
    bool disagrees = false;            // |computed / claimed - 1| > tolerance
    double tolerance = 0.30;           // the perf model's throughput band (docs/perf-model.md)
    std::string says;
};

struct EqualLatencyResult {
    EqualLatencyInput input;
    std::vector<EqualLatencyRow> rows;
    std::vector<PublishedCostClaim> claims;
    std::vector<std::string> notes;
};

// Faults of the input (no chips, a non-positive target, unknown ids, counts out of
// range) are errors naming the field; a chip that cannot run the model or reach the
// target is a row saying so.
Result<EqualLatencyResult> equal_latency(const EqualLatencyInput& in, const Catalogue& catalogue = builtin_catalogue(),
                                         const EconomicsData& data = builtin_economics(),
                                         const PerfParams& params = default_perf_params());

// "b200:8,cerebras-cs3:0,mi355x" (count optional, 0 = fewest that fit); errors name `chips`.
Result<std::vector<EqualLatencyChip>> parse_chip_list(const std::string& text);

nlohmann::json to_json(const EqualLatencyRow& row);
nlohmann::json to_json(const PublishedCostClaim& claim);
nlohmann::json to_json(const EqualLatencyResult& r);

}  // namespace w2t
