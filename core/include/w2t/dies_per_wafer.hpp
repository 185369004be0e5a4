#pragma once
// Dies per wafer: the exact maximum number of whole rectangular dies on a round
// wafer, found over every placement (offset) of the die grid, beside the
// textbook approximation and its error.
//
// Geometry (all lengths in mm): the wafer centre is the origin; the usable
// area is the disc of radius R = diameter/2 - edge_exclusion. Dies form a grid
// with pitch (die_width + scribe) x (die_height + scribe); die (i, j) has its
// lower-left corner at (offset_x + i*pitch_x, offset_y + j*pitch_y). A die is
// whole when its own rectangle (not its scribe lane) lies in the usable disc.
// Wafer flats and notches are not modelled.
#include <cstdint>
#include <optional>
#include <vector>

#include "w2t/result.hpp"

namespace w2t {

struct DiesPerWaferInput {
    double die_width_mm = 26.0;   // reticle-limited die (e.g. H100: 814 mm2)
    double die_height_mm = 33.0;
    double scribe_mm = 0.1;       // scribe lane between neighbouring dies
    double wafer_diameter_mm = 300.0;
    double edge_exclusion_mm = 3.0;

    bool operator==(const DiesPerWaferInput&) const = default;
};

// Allowed ranges (inclusive); checked by validate().
struct DiesPerWaferLimits {
    static constexpr double min_die_mm = 2.0;  // search cost grows ~R^3/(px*py^2); see docs
    static constexpr double max_die_mm = 450.0;
    static constexpr double max_scribe_mm = 10.0;
    static constexpr double min_wafer_mm = 25.0;
    static constexpr double max_wafer_mm = 450.0;
};

struct DiesPerWaferResult {
    int64_t gross_dies = 0;        // exact maximum over grid offsets
    double offset_x_mm = 0.0;      // a grid offset that reaches it, in [0, pitch)
    double offset_y_mm = 0.0;
    int64_t partial_dies = 0;      // at that offset: dies cut by the usable edge
    int64_t centered_grid_dies = 0;  // a die centred on the wafer, for comparison
    double approx_dies = 0.0;      // pi d^2/(4S) - pi d/sqrt(2S), d usable diameter, S pitch area
    double approx_error_pct = 0.0; // (approx - exact) / exact * 100; 0 when exact is 0
    double usable_radius_mm = 0.0;
    double die_area_mm2 = 0.0;
    double area_utilisation = 0.0;   // whole-die area / usable area
    int64_t offsets_evaluated = 0;   // candidate placements tried (work done)
};

enum class DieState : uint8_t { outside = 0, partial = 1, whole = 2 };

struct DieSite {
    double x_mm, y_mm;  // lower-left corner
    DieState state;
};

std::optional<Error> validate(const DiesPerWaferInput& in);

Result<DiesPerWaferResult> dies_per_wafer(const DiesPerWaferInput& in);

// Whole dies for one grid placement (no search). Input must be valid.
int64_t count_whole_dies(const DiesPerWaferInput& in, double offset_x_mm, double offset_y_mm);

// The die site under a point (x_mm, y_mm) for one placement: nullopt when the
// point is in a scribe lane or the site does not overlap the usable disc.
std::optional<DieSite> die_at(const DiesPerWaferInput& in, double offset_x_mm, double offset_y_mm,
                              double x_mm, double y_mm);

// Every grid cell over the usable disc for one placement, with its state:
// what the wafer map draws, classified exactly as the count is.
struct DieGrid {
    int64_t first_col = 0, first_row = 0;  // grid index of cells[0]
    int32_t cols = 0, rows = 0;
    std::vector<DieState> cells;           // row-major, rows * cols, row 0 at the bottom
    DieState at(int64_t col, int64_t row) const;  // outside when off the grid
    int64_t count(DieState state) const;          // cells in that state
};
DieGrid die_grid(const DiesPerWaferInput& in, double offset_x_mm, double offset_y_mm);

// Every die site that overlaps the usable disc for one placement, whole or cut.
std::vector<DieSite> die_sites(const DiesPerWaferInput& in, double offset_x_mm,
                               double offset_y_mm);

// The grid offset that puts one die's centre on the wafer's centre.
struct GridOffset {
    double x_mm, y_mm;
};
GridOffset centred_grid_offset(const DiesPerWaferInput& in);

// The textbook estimate alone.
double approx_dies_per_wafer(const DiesPerWaferInput& in);

}  // namespace w2t
