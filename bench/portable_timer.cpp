// The same cases timed with std::chrono, built natively and as WebAssembly so
// the two can be compared in one run (scripts/bench.sh). Prints JSON lines.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "cases.hpp"

int main() {
    using clock = std::chrono::steady_clock;
    for (const auto& c : w2t::bench::kDpwCases) {
        // Repeat until ~0.3 s have passed, at least 3 times; report the median.
        std::vector<double> samples;
        const auto start = clock::now();
        int64_t checksum = 0;
        while (samples.size() < 3 || (clock::now() - start < std::chrono::milliseconds(300) && samples.size() < 2000)) {
            const auto t0 = clock::now();
            auto r = w2t::dies_per_wafer(c.input);
            const auto t1 = clock::now();
            checksum += r->gross_dies;
            samples.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        }
        std::sort(samples.begin(), samples.end());
        std::printf("{\"case\":\"%s\",\"median_us\":%.2f,\"runs\":%zu,\"gross_dies\":%lld}\n", c.name,
                    samples[samples.size() / 2], samples.size(),
                    static_cast<long long>(checksum / static_cast<int64_t>(samples.size())));
    }
    return 0;
}
