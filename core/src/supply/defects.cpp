#include "w2t/supply/defects.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "w2t/supply/capacity.hpp"  // Rng
#include "w2t/supply/yield.hpp"

namespace w2t::supply {
namespace {

// Knuth's product of uniforms; large means in chunks so exp() never underflows.
int64_t poisson_draw(double mean, Rng& rng) {
    int64_t count = 0;
    while (mean > 0) {
        const double chunk = std::min(mean, 500.0);
        mean -= chunk;
        const double limit = std::exp(-chunk);
        double product = rng.uniform();
        while (product > limit) {
            ++count;
            product *= rng.uniform();
        }
    }
    return count;
}

double normal_draw(Rng& rng) {  // Box-Muller, one of the pair
    const double u1 = 1.0 - rng.uniform();  // (0, 1]
    const double u2 = rng.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// Gamma(shape, 1/shape): mean 1 (Marsaglia-Tsang; shape < 1 by the u^(1/shape) boost).
double gamma_mean_one(double shape, Rng& rng) {
    const double boost_shape = shape < 1.0 ? shape + 1.0 : shape;
    const double d = boost_shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    double g = 0;
    for (;;) {
        const double z = normal_draw(rng);
        const double v0 = 1.0 + c * z;
        if (v0 <= 0) continue;
        const double v = v0 * v0 * v0;
        const double u = 1.0 - rng.uniform();
        if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) {
            g = d * v;
            break;
        }
    }
    if (shape < 1.0) g *= std::pow(1.0 - rng.uniform(), 1.0 / shape);
    return g / shape;
}

}  // namespace

Result<DefectSample> sample_defects(const DefectSampleInput& in) {
    if (auto e = validate(in.wafer)) return *e;
    if (!std::isfinite(in.d0_per_cm2) || in.d0_per_cm2 < 0 || in.d0_per_cm2 > YieldLimits::max_d0_per_cm2)
        return Error{"d0_per_cm2", "must be between 0 and 10 defects per cm2"};
    if (!std::isfinite(in.alpha) || in.alpha < 0 || in.alpha > YieldLimits::max_alpha)
        return Error{"alpha", "must be 0 (no clustering) or a clustering parameter > 0"};
    const double px = in.wafer.die_width_mm + in.wafer.scribe_mm;
    const double py = in.wafer.die_height_mm + in.wafer.scribe_mm;
    const double r = in.wafer.wafer_diameter_mm / 2.0 - in.wafer.edge_exclusion_mm;
    if (!(r > 0)) return Error{"edge_exclusion_mm", "leaves no usable disc"};
    DefectSample out;
    out.usable_area_cm2 = std::numbers::pi * r * r / 100.0;
    out.expected_defects = out.usable_area_cm2 * in.d0_per_cm2;
    if (out.expected_defects > double(DefectSampleLimits::max_defects))
        return Error{"d0_per_cm2", "too many defects to draw (more than 2,000,000 on the wafer)"};
    out.grid = die_grid(in.wafer, in.offset_x_mm, in.offset_y_mm);
    out.killed.assign(out.grid.cells.size(), 0);

    Rng rng(in.seed);
    const double cell_mean = px * py / 100.0 * in.d0_per_cm2;
    const int64_t c0 = static_cast<int64_t>(std::floor((-r - in.offset_x_mm) / px));
    const int64_t c1 = static_cast<int64_t>(std::floor((r - in.offset_x_mm) / px));
    const int64_t r0 = static_cast<int64_t>(std::floor((-r - in.offset_y_mm) / py));
    const int64_t r1 = static_cast<int64_t>(std::floor((r - in.offset_y_mm) / py));
    for (int64_t row = r0; row <= r1; ++row)
        for (int64_t col = c0; col <= c1; ++col) {
            const double x0 = in.offset_x_mm + double(col) * px, y0 = in.offset_y_mm + double(row) * py;
            // Cells wholly outside the disc draw nothing (and no random numbers).
            const double nx = std::clamp(0.0, x0, x0 + px), ny = std::clamp(0.0, y0, y0 + py);
            if (nx * nx + ny * ny > r * r) continue;
            const double g = in.alpha > 0 ? gamma_mean_one(in.alpha, rng) : 1.0;
            const int64_t n = poisson_draw(cell_mean * g, rng);
            for (int64_t k = 0; k < n; ++k) {
                Defect d;
                const double lx = rng.uniform() * px, ly = rng.uniform() * py;
                d.x_mm = x0 + lx;
                d.y_mm = y0 + ly;
                if (d.x_mm * d.x_mm + d.y_mm * d.y_mm > r * r) continue;
                d.on_die = lx < in.wafer.die_width_mm && ly < in.wafer.die_height_mm;
                if (d.on_die && out.grid.at(col, row) == DieState::whole) {
                    const int64_t i = (row - out.grid.first_row) * out.grid.cols + (col - out.grid.first_col);
                    out.killed[static_cast<size_t>(i)] = 1;
                }
                out.defects.push_back(d);
            }
        }
    out.whole_dies = out.grid.count(DieState::whole);
    for (uint8_t k : out.killed) out.bad_dies += k;
    out.good_dies = out.whole_dies - out.bad_dies;
    return out;
}

}  // namespace w2t::supply
