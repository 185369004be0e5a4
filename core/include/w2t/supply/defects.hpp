#pragma once
// Sampled defects on a wafer: where killer defects fall for a defect density
// D0 and a seed, and which whole dies they kill. The same seed gives the same
// wafer on every platform (splitmix64, no std:: distributions).
//
// Defects fall cell by cell over the die grid's pitch cells (die + scribe)
// covering the usable disc: a cell gets Poisson(pitch area x D0 x g) defects at
// uniform positions, those outside the usable disc are dropped (so the mean
// count is usable area x D0). g = 1 gives the poisson model; with clustering,
// g ~ Gamma(alpha, 1/alpha) per cell (mean 1), and a die's chance of no defect
// is E[exp(-A D0 g)] = (1 + A D0/alpha)^-alpha: the negative-binomial model.
// A defect kills a die when it lands inside the die (not in the scribe lane).
#include <cstdint>
#include <vector>

#include "w2t/dies_per_wafer.hpp"
#include "w2t/result.hpp"

namespace w2t::supply {

struct DefectSampleInput {
    DiesPerWaferInput wafer;              // die size, scribe, wafer, edge
    double offset_x_mm = 0, offset_y_mm = 0;  // the die grid's placement (as die_grid())
    double d0_per_cm2 = 0;
    double alpha = 0;                     // 0: no clustering (poisson); > 0: negative-binomial
    uint64_t seed = 1;
};

struct DefectSampleLimits {
    static constexpr int64_t max_defects = 2000000;  // beyond this the sample is refused
};

struct Defect {
    double x_mm = 0, y_mm = 0;  // wafer coordinates, centre at (0, 0), y up
    bool on_die = false;        // inside a die rectangle (not in a scribe lane)
};

struct DefectSample {
    std::vector<Defect> defects;  // inside the usable disc
    DieGrid grid;                 // die_grid() for the same placement
    std::vector<uint8_t> killed;  // per grid cell: 1 when a whole die there has a defect
    int64_t whole_dies = 0, good_dies = 0, bad_dies = 0;
    double usable_area_cm2 = 0;   // pi r^2 of the usable disc
    double expected_defects = 0;  // usable_area_cm2 x d0
};

// Errors name the field: those of dies_per_wafer, d0_per_cm2, alpha; too
// many defects to draw is an error naming d0_per_cm2.
Result<DefectSample> sample_defects(const DefectSampleInput& in);

}  // namespace w2t::supply
