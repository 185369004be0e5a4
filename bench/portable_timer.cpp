// The same cases timed with std::chrono, built natively and as WebAssembly so
// the three can be compared in one run (scripts/bench.sh): native, node, and
// the browser, whose clock is coarse (100 us in Chromium), so calls are timed
// in batches of at least 5 ms. Prints one JSON line per case.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "cases.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double batch_us(const w2t::DiesPerWaferInput& in, int calls, int64_t& checksum) {
    const auto t0 = Clock::now();
    for (int i = 0; i < calls; ++i) checksum += w2t::dies_per_wafer(in)->gross_dies;
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

}  // namespace

int main() {
    for (const auto& c : w2t::bench::kDpwCases) {
        int64_t checksum = 0;
        int calls = 1;  // doubled until one batch lasts 5 ms
        while (batch_us(c.input, calls, checksum) < 5000.0 && calls < (1 << 20)) calls *= 2;
        std::vector<double> per_call;
        const auto start = Clock::now();
        while (per_call.size() < 5 ||
               (Clock::now() - start < std::chrono::milliseconds(500) && per_call.size() < 200))
            per_call.push_back(batch_us(c.input, calls, checksum) / calls);
        std::sort(per_call.begin(), per_call.end());
        std::printf("{\"case\":\"%s\",\"median_us\":%.2f,\"batches\":%zu,\"calls_per_batch\":%d,"
                    "\"gross_dies\":%lld}\n",
                    c.name, per_call[per_call.size() / 2], per_call.size(), calls,
                    static_cast<long long>(w2t::dies_per_wafer(c.input)->gross_dies));
        if (checksum == 0) std::printf("# unexpected: no dies counted\n");  // keeps the work observable
    }
    return 0;
}
