#include "w2t/supply/wafer_scale.hpp"

#include <algorithm>
#include <cmath>

namespace w2t::supply {

Result<WaferScaleResult> wafer_scale_die(const WaferScaleInput& in) {
    struct Check {
        const char* field;
        double value, lo, hi;
    };
    for (const Check& c : {Check{"field_width_mm", in.field_width_mm, 1.0, 450.0},
                           Check{"field_height_mm", in.field_height_mm, 1.0, 450.0},
                           Check{"scribe_mm", in.scribe_mm, 0.0, 10.0},
                           Check{"wafer_diameter_mm", in.wafer_diameter_mm, 25.0, 450.0},
                           Check{"edge_exclusion_mm", in.edge_exclusion_mm, 0.0, 50.0}})
        if (!std::isfinite(c.value) || c.value < c.lo || c.value > c.hi)
            return Error{c.field, "out of range"};
    if (in.cols < 1 || in.cols > 100) return Error{"cols", "must be a whole number between 1 and 100"};
    if (in.rows < 1 || in.rows > 100) return Error{"rows", "must be a whole number between 1 and 100"};
    const double usable_r = in.wafer_diameter_mm / 2.0 - in.edge_exclusion_mm;
    if (!(usable_r > 0)) return Error{"edge_exclusion_mm", "leaves no usable disc"};
    WaferScaleResult r;
    r.width_mm = in.cols * in.field_width_mm + (in.cols - 1) * in.scribe_mm;
    r.height_mm = in.rows * in.field_height_mm + (in.rows - 1) * in.scribe_mm;
    r.area_mm2 = r.width_mm * r.height_mm;
    r.corner_radius_mm = std::hypot(r.width_mm, r.height_mm) / 2.0;
    r.fits_wafer = r.corner_radius_mm <= in.wafer_diameter_mm / 2.0;
    r.fits_usable = r.corner_radius_mm <= usable_r;
    r.fields = in.cols * in.rows;
    const double px = in.field_width_mm + in.scribe_mm, py = in.field_height_mm + in.scribe_mm;
    for (int j = 0; j < in.rows; ++j)
        for (int i = 0; i < in.cols; ++i) {
            const double x0 = -r.width_mm / 2.0 + i * px, y0 = -r.height_mm / 2.0 + j * py;
            const double fx = std::max(std::fabs(x0), std::fabs(x0 + in.field_width_mm));
            const double fy = std::max(std::fabs(y0), std::fabs(y0 + in.field_height_mm));
            if (std::hypot(fx, fy) <= usable_r) ++r.fields_inside;
        }
    r.field_within_reticle =
        (in.field_width_mm <= kReticleWidthMm && in.field_height_mm <= kReticleHeightMm) ||
        (in.field_width_mm <= kReticleHeightMm && in.field_height_mm <= kReticleWidthMm);
    r.largest_square_side_mm = 2.0 * usable_r / std::sqrt(2.0);
    r.largest_square_area_mm2 = r.largest_square_side_mm * r.largest_square_side_mm;
    return r;
}

const std::vector<WaferScaleSource>& wafer_scale_sources() {
    static const std::vector<WaferScaleSource> sources = {
        {"reticle field 26 x 33 mm (858 mm2)", "Moore's Law Is Dead: The Economics of Chiplets",
         "https://www.mooreslawisdead.com/post/the-economics-of-chiplets", "undated (read 2026)", "press",
         "reticle_field_area_mm2"},
        {"WSE side 215 mm (46,225 mm2), 'the largest square that can be cut from a 300mm wafer'; 84 connected dies",
         "Linley Group Newsletter: Cerebras Breaks the Reticle Barrier",
         "https://www.linleygroup.com/newsletters/newsletter_detail.php?num=6062&year=2019&tag=3", "2019-09-03",
         "analyst", "wse_side_mm"},
        {"WSE-3: 84 dies (12 x 7) of 17 x 30 mm", "Abhishek Lal: Cerebras WSE-3 wafer-scale yield analysis",
         "https://blackyabhishek.github.io/analysis/cerebras_yield_analysis.html", "undated (read 2026)",
         "estimate", "wse3_dies_per_wafer_reconstruction"},
    };
    return sources;
}

}  // namespace w2t::supply
