#include "w2t/supply/cost.hpp"

#include "w2t/validate.hpp"

namespace w2t::supply {

Result<DieCostResult> die_cost(const DieCostInput& in) {
    // The cheap checks first: the exact count is a search.
    if (auto e = validate(in.wafer)) return *e;
    if (auto e = validate(in.yield)) return *e;
    if (auto e = check_range("wafer_usd", in.wafer_usd, DieCostLimits::min_wafer_usd,
                             DieCostLimits::max_wafer_usd, "USD"))
        return *e;

    auto dies = dies_per_wafer(in.wafer);
    if (!dies) return dies.error();
    auto y = die_yield({in.wafer.die_width_mm * in.wafer.die_height_mm, in.yield});
    if (!y) return y.error();

    DieCostResult r;
    r.dies = *dies;
    r.yield = *y;
    r.good_dies = static_cast<double>(r.dies.gross_dies) * r.yield.yield;
    if (r.dies.gross_dies == 0)
        return Error{"", "no whole die fits on the wafer, so a good die has no cost"};
    if (!(r.good_dies > 0.0))
        return Error{"", "the expected number of good dies is 0 (" +
                             format_number(r.yield.defects_per_die) +
                             " killer defects per die), so a good die has no cost"};
    r.usd_per_gross_die = in.wafer_usd / static_cast<double>(r.dies.gross_dies);
    r.usd_per_good_die = in.wafer_usd / r.good_dies;
    return r;
}

}  // namespace w2t::supply
