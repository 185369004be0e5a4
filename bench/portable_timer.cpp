// The same cases timed with std::chrono, built natively and as WebAssembly so
// the three can be compared in one run (scripts/bench.sh): native, node, and
// the browser, whose clock is coarse (100 us in Chromium), so calls are timed
// in batches of at least 5 ms. Prints one JSON line per case.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "cases.hpp"
#include "probe_cases.hpp"
#include "supply_cases.hpp"
#include "plan_cases.hpp"

#include <cmath>
#include <ctime>
#ifdef __EMSCRIPTEN__
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
// The process's CPU time under node (user + system, all of its threads); NaN in a
// browser, which has no CPU clock. On a shared machine, wall time counts other load.
EM_JS(double, process_cpu_ms, (), {
    if (typeof process !== 'undefined' && process.cpuUsage) { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }
    return NaN;
});
#else
static double process_cpu_ms() { return 1e3 * double(std::clock()) / CLOCKS_PER_SEC; }
#endif

namespace {

using Clock = std::chrono::steady_clock;

// Times `calls` calls of `work` (which adds to a checksum so nothing is optimised away).
template <class Work>
double batch_us(const Work& work, int calls, double& checksum) {
    const auto t0 = Clock::now();
    for (int i = 0; i < calls; ++i) checksum += work(i);
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// The median time per call over batches of at least 5 ms; prints one JSON line
// (with "mb_s", megabytes (10^6 bytes) per second, when a call processes `bytes`).
template <class Work>
void time_case(const char* name, const Work& work, double bytes = 0) {
    double checksum = work(0);  // warm-up: the first call may load the catalogue
    int calls = 1;  // doubled until one batch lasts 5 ms
    while (batch_us(work, calls, checksum) < 5000.0 && calls < (1 << 20)) calls *= 2;
    std::vector<double> per_call;
    // A coarse clock (100 us in a browser) can read a short batch as zero: then the
    // batches are made longer and measured again, so no time is ever reported as zero.
    for (int attempt = 0; attempt < 8; ++attempt) {
        per_call.clear();
        const auto start = Clock::now();
        while (per_call.size() < 5 || (Clock::now() - start < std::chrono::milliseconds(500) && per_call.size() < 200))
            per_call.push_back(batch_us(work, calls, checksum) / calls);
        std::sort(per_call.begin(), per_call.end());
        if (per_call[per_call.size() / 2] > 0 || calls >= (1 << 20)) break;
        calls *= 4;
    }
    const double median = per_call[per_call.size() / 2];
    char rate[48] = "";
    if (bytes > 0) std::snprintf(rate, sizeof rate, ",\"mb_s\":%.1f", bytes / median);  // bytes per us = MB/s
    std::printf("{\"case\":\"%s\",\"median_us\":%.2f%s,\"batches\":%zu,\"calls_per_batch\":%d,\"checksum\":%.6g}\n",
                name, median, rate, per_call.size(), calls, checksum);
}

}  // namespace

int main() {
    for (const auto& c : w2t::bench::kDpwCases)
        time_case(c.name, [&](int) { return double(w2t::dies_per_wafer(c.input)->gross_dies); });
    const w2t::Catalogue& catalogue = w2t::builtin_catalogue();
    for (const auto& c : w2t::bench::kEstimateCases) {
        const w2t::EstimateInput in = w2t::bench::to_input(c);
        time_case(c.name, [&](int) { return w2t::estimate(in, catalogue)->system_output_tok_s; });
    }
    // Streaming probes: ~1 MB bodies in 4 KB chunks, the parser alone and the full decode.
    {
        using namespace w2t::bench;
        const std::string sse = openai_chat_stream(), nd = ollama_stream();
        std::vector<w2t::probe::SseEvent> events;
        std::vector<std::string> lines;
        time_case("probe_sse_parse_openai_1mb_4k", [&](int) { return double(parse_sse(sse, events)); },
                  double(sse.size()));
        time_case("probe_ndjson_parse_ollama_1mb_4k", [&](int) { return double(parse_ndjson(nd, lines)); },
                  double(nd.size()));
        time_case("probe_decode_openai_chat_1mb_4k",
                  [&](int) { return double(decode_stream(w2t::probe::Dialect::openai_chat, sse)); }, double(sse.size()));
        time_case("probe_decode_ollama_1mb_4k",
                  [&](int) { return double(decode_stream(w2t::probe::Dialect::ollama, nd)); }, double(nd.size()));
    }
    // A full supply scenario (the Supply chain view with every input changed), seeds cycled.
    time_case("supply_full_scenario_h100", [&](int i) {
        w2t::bench::SupplyScenario s;
        s.seed = uint64_t(i % 64) + 1;
        return w2t::bench::run_supply_scenario(s, catalogue);
    });
    // The workload planner over its default space (11,264 configurations): each run timed.
    for (const auto& c : w2t::bench::kPlanCases) {
        const w2t::PlanInput in = w2t::bench::to_plan_input(c);
        double plan_checksum = 0;
        int configurations = 0;
        std::vector<double> runs_ms, cpu_ms;
        const auto start = Clock::now();
        while (runs_ms.size() < 5 || (Clock::now() - start < std::chrono::seconds(2) && runs_ms.size() < 50)) {
            const auto t0 = Clock::now();
            const double c0 = process_cpu_ms();
            auto r = w2t::plan(in, catalogue);
            cpu_ms.push_back(process_cpu_ms() - c0);
            runs_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            if (r) plan_checksum += r->feasible, configurations = r->configurations_searched;
        }
        std::sort(runs_ms.begin(), runs_ms.end());
        std::sort(cpu_ms.begin(), cpu_ms.end());
        const double median_ms = runs_ms[runs_ms.size() / 2], median_cpu = cpu_ms[cpu_ms.size() / 2];
        char cpu[48] = "";
        if (std::isfinite(median_cpu)) std::snprintf(cpu, sizeof cpu, ",\"cpu_median_ms\":%.1f", median_cpu);
        std::printf("{\"case\":\"%s\",\"median_us\":%.1f,\"median_ms\":%.1f,\"min_ms\":%.1f%s,\"runs\":%zu,"
                    "\"configurations\":%d,\"configs_per_s\":%.0f,\"checksum\":%.6g}\n",
                    c.name, median_ms * 1e3, median_ms, runs_ms.front(), cpu, runs_ms.size(), configurations,
                    configurations / (median_ms / 1e3), plan_checksum);
    }
    // A 100,000-scenario sweep, once: the page's grids and frontiers are this kind of work.
    const auto grid = w2t::bench::sweep_grid();
    double checksum = 0;
    const auto t0 = Clock::now();
    for (int i = 0; i < 100000; ++i) {
        auto r = w2t::estimate(grid[i % grid.size()], catalogue);
        if (r) checksum += r->system_output_tok_s;
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    std::printf("{\"case\":\"sweep_100k_scenarios\",\"total_ms\":%.1f,\"median_us\":%.2f,\"checksum\":%.6g}\n",
                ms, ms * 1e3 / 100000, checksum);  // median_us: the mean per scenario, for the ratio table
    return 0;
}
