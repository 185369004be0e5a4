// Dies per wafer, exact.
//
// [SECTION] Why the search below is exact
// Place the grid; let I be the set of grid offsets (in the plane, not modulo
// the pitch) that keep every currently whole die whole. Each die's condition
// "all four corners in the disc" is an intersection of four discs, so I is a
// compact intersection of discs, and every offset in I scores at least as
// well. The lowest point of I cannot be the bottom of a single arc (that would
// put a die corner at (0, -R) with the die's other bottom corner outside), so
// it is a vertex where two corners touch the usable circle: a left corner P
// (x < 0) and a right corner Q (x > 0) of dies on the same grid. With
// c(y) = sqrt(R^2 - y^2) that means
//     c(y_P) + c(y_Q) = w + m * pitch_x   for some integer m >= 0,
// where y_Q - y_P is a whole number of row pitches, plus 0 or +-h. For every
// such difference and m we solve for y_P (the left side is concave in y_P, so
// each monotone half has at most one root). Each root fixes the whole
// placement: y_P gives the vertical offset and P's x = -c(y_P) the horizontal
// one. One of these finitely many placements is optimal, so counting the dies
// at each and keeping the best is exact. Corners within kTouch of the circle
// count as inside, so placements that touch exactly survive rounding.
//
// [SECTION] Contents
//   geometry and validation
//   candidate placements (touching corner pairs)
//   public entry points
#include "w2t/dies_per_wafer.hpp"

#include <algorithm>
#include <cmath>

#include "w2t/validate.hpp"

namespace w2t {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTouch = 1e-9;  // mm; 1 pm of slack for corners exactly on the edge

// [SECTION] geometry and validation
struct Geometry {
    double radius;   // usable radius R
    double w, h;     // die
    double px, py;   // grid pitch
};

Geometry geometry_of(const DiesPerWaferInput& in) {
    return {in.wafer_diameter_mm / 2.0 - in.edge_exclusion_mm, in.die_width_mm, in.die_height_mm,
            in.die_width_mm + in.scribe_mm, in.die_height_mm + in.scribe_mm};
}

double wrap(double value, double period) {
    double r = std::fmod(value, period);
    if (r < 0) r += period;
    if (r >= period) r = 0;  // fmod of a tiny negative can round up to period
    return r;
}

// Half-width of the usable disc at height y; negative when |y| > radius.
double half_chord(double radius, double y) {
    const double t = radius * radius - y * y;
    return t < 0 ? -1.0 : std::sqrt(t);
}

// [SECTION] candidate placements (touching corner pairs)
// Calls visit(offset_x, offset_y) for every grid placement at which a left
// corner P on one corner line and a right corner Q on another both touch the
// circle with the grid's horizontal spacing between them (see the top of this
// file); P fixes the horizontal offset too. Two filters drop placements that
// cannot be the lowest point of I: each touching corner must be its die's
// outermost one (else that die is not whole), and straight down must lie
// between the two corners' outward directions, c(y_Q)*y_P + c(y_P)*y_Q < 0
// (the optimality condition at a lowest point).
template <class Visit>
void for_each_candidate_placement(const Geometry& g, Visit&& visit) {
    const double r = g.radius;
    auto chord = [&](double y) { return std::max(0.0, half_chord(r, y)); };
    auto chord_sum = [&](double t, double d) { return chord(t) + chord(t + d); };
    // d/dy of chord(y); infinite at the circle's top and bottom.
    auto chord_slope = [&](double y) {
        const double c = half_chord(r, y);
        return c > 0 ? -y / c : HUGE_VAL;
    };
    // Root of chord_sum(t, d) = target on [lo, hi], where it is monotone:
    // Newton's method, kept inside a shrinking bracket (bisecting when a step
    // would leave it), so it converges fast and never escapes.
    auto solve = [&](double lo, double hi, double d, double target, bool increasing) {
        double t = 0.5 * (lo + hi);
        for (int i = 0; i < 100 && hi - lo > 1e-13; ++i) {
            const double f = chord_sum(t, d) - target;
            if (f == 0) return t;
            if ((f < 0) == increasing) lo = t; else hi = t;
            const double slope = chord_slope(t) + chord_slope(t + d);
            double next = t - f / slope;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // also catches NaN
            if (std::fabs(next - t) < 1e-13) return next;
            t = next;
        }
        return t;
    };
    constexpr double kSlack = 1e-9;
    constexpr double kInf = 1e300;
    // Where a corner may sit to be its die's outermost: a bottom-line corner
    // below -h/2, a top-line corner above h/2.
    auto allowed = [&](bool top_line, double& from, double& to) {
        from = top_line ? g.h / 2.0 - kSlack : -kInf;
        to = top_line ? kInf : -g.h / 2.0 + kSlack;
    };
    // d = y_Q - y_P = k*py + (s_Q - s_P), s in {0, h}: the corner lines' shifts.
    const int64_t k_max = static_cast<int64_t>(std::ceil(2.0 * r / g.py)) + 1;
    for (int64_t k = -k_max; k <= k_max; ++k) {
        for (int lines = 0; lines < 4; ++lines) {
            const bool p_top = lines & 1, q_top = lines & 2;
            const double d = static_cast<double>(k) * g.py + (q_top ? g.h : 0.0) - (p_top ? g.h : 0.0);
            if (std::fabs(d) > 2.0 * r) continue;
            // y_P's range: on the circle for both corners, and both outermost.
            double p_from, p_to, q_from, q_to;
            allowed(p_top, p_from, p_to);
            allowed(q_top, q_from, q_to);
            const double lo = std::max({-r, -r - d, p_from, q_from - d});
            const double hi = std::min({r, r - d, p_to, q_to - d});
            if (lo > hi) continue;
            const double peak = std::clamp(-d / 2.0, lo, hi);  // chord_sum rises, then falls
            const double top = chord_sum(peak, d), at_lo = chord_sum(lo, d), at_hi = chord_sum(hi, d);
            const double m_first = std::max(0.0, std::ceil((std::min(at_lo, at_hi) - g.w) / g.px));
            const double m_last = std::floor((top - g.w) / g.px);
            // From one below the first m in range (against rounding) to the last.
            for (double m = std::max(0.0, m_first - 1); m <= m_last; ++m) {
                const double target = g.w + m * g.px;
                auto emit = [&](double y_p) {
                    const double y_q = y_p + d;
                    if (chord(y_q) * y_p + chord(y_p) * y_q > kSlack * r) return;  // not a lowest point
                    visit(wrap(-chord(y_p), g.px), wrap(y_p - (p_top ? g.h : 0.0), g.py));
                };
                if (at_lo <= target && target <= top) emit(solve(lo, peak, d, target, true));
                if (at_hi <= target && target <= top && peak < hi) emit(solve(peak, hi, d, target, false));
            }
        }
    }
}

}  // namespace

// [SECTION] public entry points
std::optional<Error> validate(const DiesPerWaferInput& in) {
    using L = DiesPerWaferLimits;
    if (auto e = check_range("wafer_diameter_mm", in.wafer_diameter_mm, L::min_wafer_mm,
                             L::max_wafer_mm, "mm")) return e;
    if (auto e = check_range("edge_exclusion_mm", in.edge_exclusion_mm, 0.0,
                             in.wafer_diameter_mm / 2.0 - 1.0, "mm")) return e;
    if (auto e = check_range("die_width_mm", in.die_width_mm, L::min_die_mm, L::max_die_mm, "mm"))
        return e;
    if (auto e = check_range("die_height_mm", in.die_height_mm, L::min_die_mm, L::max_die_mm,
                             "mm")) return e;
    if (auto e = check_range("scribe_mm", in.scribe_mm, 0.0, L::max_scribe_mm, "mm")) return e;
    return std::nullopt;
}

GridOffset centred_grid_offset(const DiesPerWaferInput& in) {
    const Geometry g = geometry_of(in);
    return {wrap(-g.w / 2.0, g.px), wrap(-g.h / 2.0, g.py)};
}

double approx_dies_per_wafer(const DiesPerWaferInput& in) {
    const Geometry g = geometry_of(in);
    const double d = 2.0 * g.radius, pitch_area = g.px * g.py;
    const double estimate = kPi * d * d / (4.0 * pitch_area) - kPi * d / std::sqrt(2.0 * pitch_area);
    return std::max(0.0, estimate);
}

int64_t count_whole_dies(const DiesPerWaferInput& in, double offset_x_mm, double offset_y_mm) {
    const Geometry g = geometry_of(in);
    const double radius = g.radius + kTouch;
    const int64_t first_row = static_cast<int64_t>(std::ceil((-radius - offset_y_mm) / g.py));
    const int64_t last_row = static_cast<int64_t>(std::floor((radius - g.h - offset_y_mm) / g.py));
    // Multiplying by 1/pitch instead of dividing is safe here: a die that only
    // just fits does so by at least kTouch, far more than the rounding.
    const double per_px = 1.0 / g.px;
    double dies = 0;
    for (int64_t row = first_row; row <= last_row; ++row) {
        const double y = offset_y_mm + static_cast<double>(row) * g.py;
        const double c = half_chord(radius, std::max(std::fabs(y), std::fabs(y + g.h)));
        if (c < 0) continue;
        const double first = std::ceil((-c - offset_x_mm) * per_px);
        const double last = std::floor((c - g.w - offset_x_mm) * per_px);
        if (last >= first) dies += last - first + 1;
    }
    return static_cast<int64_t>(dies);
}

namespace {

// Whole, partial, or (nullopt) clear of the usable disc: the die at (x, y).
std::optional<DieState> classify_site(const Geometry& g, double x, double y) {
    const double r = g.radius, r_whole = r + kTouch;
    auto inside = [](double px, double py, double lim) { return px * px + py * py <= lim * lim; };
    if (inside(x, y, r_whole) && inside(x + g.w, y, r_whole) && inside(x, y + g.h, r_whole) &&
        inside(x + g.w, y + g.h, r_whole))
        return DieState::whole;
    // The rectangle's nearest point to the centre decides whether it overlaps.
    const double nx = std::clamp(0.0, x, x + g.w), ny = std::clamp(0.0, y, y + g.h);
    if (nx * nx + ny * ny < r * r) return DieState::partial;
    return std::nullopt;
}

}  // namespace

std::optional<DieSite> die_at(const DiesPerWaferInput& in, double offset_x_mm, double offset_y_mm,
                              double x_mm, double y_mm) {
    const Geometry g = geometry_of(in);
    const double x = offset_x_mm + std::floor((x_mm - offset_x_mm) / g.px) * g.px;
    const double y = offset_y_mm + std::floor((y_mm - offset_y_mm) / g.py) * g.py;
    if (x_mm - x > g.w || y_mm - y > g.h) return std::nullopt;  // in a scribe lane
    if (auto state = classify_site(g, x, y)) return DieSite{x, y, *state};
    return std::nullopt;
}

DieState DieGrid::at(int64_t col, int64_t row) const {
    const int64_t c = col - first_col, r = row - first_row;
    if (c < 0 || r < 0 || c >= cols || r >= rows) return DieState::outside;
    return cells[static_cast<size_t>(r * cols + c)];
}

int64_t DieGrid::count(DieState state) const {
    return std::count(cells.begin(), cells.end(), state);
}

DieGrid die_grid(const DiesPerWaferInput& in, double offset_x_mm, double offset_y_mm) {
    const Geometry g = geometry_of(in);
    const double r = g.radius;
    DieGrid grid;
    grid.first_col = static_cast<int64_t>(std::floor((-r - g.w - offset_x_mm) / g.px));
    grid.first_row = static_cast<int64_t>(std::floor((-r - g.h - offset_y_mm) / g.py));
    const int64_t last_col = static_cast<int64_t>(std::ceil((r - offset_x_mm) / g.px));
    const int64_t last_row = static_cast<int64_t>(std::ceil((r - offset_y_mm) / g.py));
    grid.cols = static_cast<int32_t>(last_col - grid.first_col + 1);
    grid.rows = static_cast<int32_t>(last_row - grid.first_row + 1);
    grid.cells.resize(static_cast<size_t>(grid.cols) * static_cast<size_t>(grid.rows));
    for (int32_t j = 0; j < grid.rows; ++j) {
        for (int32_t i = 0; i < grid.cols; ++i) {
            const double x = offset_x_mm + static_cast<double>(grid.first_col + i) * g.px;
            const double y = offset_y_mm + static_cast<double>(grid.first_row + j) * g.py;
            const auto state = classify_site(g, x, y);
            grid.cells[static_cast<size_t>(j) * grid.cols + i] = state ? *state : DieState::outside;
        }
    }
    return grid;
}

std::vector<DieSite> die_sites(const DiesPerWaferInput& in, double offset_x_mm,
                               double offset_y_mm) {
    const Geometry g = geometry_of(in);
    const DieGrid grid = die_grid(in, offset_x_mm, offset_y_mm);
    std::vector<DieSite> sites;
    for (int32_t j = 0; j < grid.rows; ++j) {
        for (int32_t i = 0; i < grid.cols; ++i) {
            const DieState state = grid.cells[static_cast<size_t>(j) * grid.cols + i];
            if (state == DieState::outside) continue;
            sites.push_back({offset_x_mm + static_cast<double>(grid.first_col + i) * g.px,
                             offset_y_mm + static_cast<double>(grid.first_row + j) * g.py, state});
        }
    }
    return sites;
}

Result<DiesPerWaferResult> dies_per_wafer(const DiesPerWaferInput& in) {
    if (auto e = validate(in)) return *e;
    const Geometry g = geometry_of(in);
    DiesPerWaferResult out;
    out.usable_radius_mm = g.radius;
    out.die_area_mm2 = g.w * g.h;

    out.gross_dies = -1;
    for_each_candidate_placement(g, [&](double offset_x, double offset_y) {
        ++out.offsets_evaluated;
        const int64_t dies = count_whole_dies(in, offset_x, offset_y);
        if (dies > out.gross_dies) {
            out.gross_dies = dies;
            out.offset_x_mm = offset_x;
            out.offset_y_mm = offset_y;
        }
    });
    if (out.gross_dies < 0) out.gross_dies = 0;  // no candidate: the die cannot fit

    out.partial_dies = die_grid(in, out.offset_x_mm, out.offset_y_mm).count(DieState::partial);
    const GridOffset centred = centred_grid_offset(in);
    out.centered_grid_dies = count_whole_dies(in, centred.x_mm, centred.y_mm);
    out.approx_dies = approx_dies_per_wafer(in);
    if (out.gross_dies > 0)
        out.approx_error_pct = (out.approx_dies - out.gross_dies) / out.gross_dies * 100.0;
    out.area_utilisation =
        static_cast<double>(out.gross_dies) * out.die_area_mm2 / (kPi * g.radius * g.radius);
    return out;
}

}  // namespace w2t
