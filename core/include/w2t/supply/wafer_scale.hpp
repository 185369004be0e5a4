#pragma once
// A wafer-scale die as a grid of stitched reticle-sized fields: a scanner
// exposes at most one reticle field (26 x 33 mm) at a time, so a die larger
// than that is a grid of fields joined by wiring laid across the scribe lines
// between them. The grid, centred on the wafer, must fit the usable disc.
// Geometry only; the figures it is checked against (WSE side, field count and
// size) are sourced in wafer_scale_sources() and docs/supply-chain.md.
#include <string>
#include <vector>

#include "w2t/result.hpp"

namespace w2t::supply {

inline constexpr double kReticleWidthMm = 26.0, kReticleHeightMm = 33.0;

struct WaferScaleInput {
    double field_width_mm = 17.0, field_height_mm = 30.0;  // one stitched field (the die of one exposure)
    int cols = 12, rows = 7;
    double scribe_mm = 0.0;  // lane between fields, crossed by the stitching wiring
    double wafer_diameter_mm = 300.0;
    double edge_exclusion_mm = 3.0;
};

struct WaferScaleResult {
    double width_mm = 0, height_mm = 0, area_mm2 = 0;  // the field grid's rectangle
    double corner_radius_mm = 0;        // centre to a corner: half the diagonal
    bool fits_wafer = false;            // every corner on the wafer
    bool fits_usable = false;           // every corner inside the usable disc
    int fields = 0, fields_inside = 0;  // fields wholly inside the usable disc
    bool field_within_reticle = false;  // one field fits 26 x 33 mm (either way round)
    double largest_square_side_mm = 0;  // the largest square on the usable disc: d / sqrt(2)
    double largest_square_area_mm2 = 0;
};

// Errors name the field: field_width_mm, field_height_mm, cols, rows,
// scribe_mm, wafer_diameter_mm, edge_exclusion_mm.
Result<WaferScaleResult> wafer_scale_die(const WaferScaleInput& in);

struct WaferScaleSource {
    std::string figure, title, url, date, quality, row;
};
// The sourced figures the view sets beside the geometry (supply_facts.csv rows).
const std::vector<WaferScaleSource>& wafer_scale_sources();

}  // namespace w2t::supply
