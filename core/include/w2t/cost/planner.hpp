#pragma once
// The workload planner: a workload (requests/s, prompt and output lengths, p95 TTFT
// and TPOT targets, optional budget) in; the cheapest configurations (chip, count,
// precision, concurrency cap, layout, how many systems) that meet it out, why every
// other option fails, and the cost-vs-latency frontier. No I/O; docs/cost-model.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/cost/tco.hpp"

namespace w2t {

struct PlanWorkload {
    std::string model_id;
    double requests_per_s = 0;
    double input_tokens = 1000, output_tokens = 1000;  // mean per request
    double ttft_p95_ms = 0, tpot_p95_ms = 0;          // targets
    double budget_usd_per_hour = kUnknown;             // optional: the whole fleet
    double budget_usd_per_mtok_output = kUnknown;      // optional
    std::string framework;                             // serving stack ("" = tensorrt-llm)
};

// The search space: every combination is one configuration.
struct PlanSpace {
    std::vector<std::string> hardware_ids;  // empty: every catalogue chip
    std::vector<Precision> precisions;      // empty: bf16, fp8, fp4, int4
    std::vector<int> counts;                // accelerators per system; empty: 1..128 (powers of 2)
    std::vector<double> concurrency_caps;   // requests in flight per system; empty: 1..1024
    double max_systems = 100000;            // more than this is "does not scale"
};

struct PlanInput {
    PlanWorkload workload;
    PlanSpace space;
    EconomicsInput economics;
    // Per-chip economics (e.g. a price for a chip the catalogue has none for); fields
    // not set fall back to `economics`.
    std::map<std::string, EconomicsInput> economics_by_hardware;
    int top = 10;               // configurations to return
    bool keep_rejected = false; // return every rejected configuration, not just the summary
};

struct PlanConfig {
    std::string hardware_id;
    int accelerator_count = 0;
    Precision precision = Precision::fp8;
    double concurrency_cap = 0;
    std::string layout;
    std::string bottleneck;
    bool evaluated = false;   // the performance model ran
    bool meets = false;       // meets every target
    std::string reject_kind;  // model, price, ttft, tpot, scale, budget ("" when it meets)
    std::string reason;
    double systems = 0, accelerators_total = 0;
    double utilisation = 0;    // offered load / capacity
    double ttft_p95_ms = kUnknown, tpot_p95_ms = kUnknown;
    double system_output_tok_s = 0;
    double usd_per_hour = kUnknown;         // the fleet
    double usd_per_mtok_output = kUnknown;  // at the workload's demand (idle capacity is paid for)
    double usd_per_mtok_input = kUnknown;
    double usd_per_1k_tokens = kUnknown;
    double tokens_per_joule = kUnknown;
    double fleet_kw = kUnknown;             // average facility draw
};

struct RejectionGroup {
    std::string hardware_id;
    int configurations = 0, evaluated = 0, feasible = 0;
    std::map<std::string, int> by_kind;
    // The rejected configuration nearest to passing (fewest targets missed, then cheapest),
    // with its reason.
    PlanConfig closest;
    bool has_closest = false;
};

struct PlanResult {
    PlanWorkload workload;
    int configurations_searched = 0, evaluated = 0, feasible = 0;
    std::vector<PlanConfig> best;      // cheapest first
    std::vector<PlanConfig> best_by_hardware;  // the cheapest of each chip that meets the workload
    std::vector<PlanConfig> frontier;  // cost vs p95 TPOT, over every evaluated configuration
    std::map<std::string, int> rejected_by_kind;
    std::vector<RejectionGroup> rejected_by_hardware;
    std::vector<PlanConfig> rejected;  // every rejected one, with keep_rejected
    std::vector<std::string> notes;
};

// Input faults (missing model, non-positive rates or targets, unknown ids) are errors
// naming the field; a workload nothing can meet is a result with feasible == 0.
Result<PlanResult> plan(const PlanInput& in, const Catalogue& catalogue = builtin_catalogue(),
                        const EconomicsData& data = builtin_economics(),
                        const PerfParams& params = default_perf_params());

// How many configurations `space` holds (after defaults).
int plan_space_size(const PlanSpace& space, const Catalogue& catalogue = builtin_catalogue());

// The workload's p95 slot wait (seconds) in an M/M/c queue: c slots, utilisation rho,
// mean service time service_s (Halfin-Whitt approximation of the chance of waiting).
double slot_wait_p95_s(double slots, double rho, double service_s);

Result<PlanInput> plan_input_from_json(const nlohmann::json& j);
nlohmann::json to_json(const PlanConfig& c);
nlohmann::json to_json(const PlanResult& r);

}  // namespace w2t
