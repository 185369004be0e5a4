#pragma once
// Benchmark cases shared by the Google Benchmark suite (native) and the
// portable timer (native and WebAssembly under node), so both measure the same work.
#include "w2t/dies_per_wafer.hpp"

namespace w2t::bench {

struct DpwCase {
    const char* name;
    DiesPerWaferInput input;
};

inline constexpr DpwCase kDpwCases[] = {
    {"reticle_26x33_300mm", {26.0, 33.0, 0.1, 300.0, 3.0}},
    {"hbm_11x10_300mm", {11.0, 10.0, 0.1, 300.0, 3.0}},
    {"chiplet_5x5_300mm", {5.0, 5.0, 0.1, 300.0, 3.0}},
    {"smallest_2x2_300mm", {2.0, 2.0, 0.1, 300.0, 3.0}},
    {"smallest_2x2_450mm", {2.0, 2.0, 0.1, 450.0, 3.0}},
};

}  // namespace w2t::bench
