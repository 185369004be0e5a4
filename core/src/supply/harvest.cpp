#include "w2t/supply/harvest.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "w2t/validate.hpp"

namespace w2t::supply {
namespace {

// [SECTION] the models' defect-density mixing laws
// Each yield model is poisson with D0 scaled by a random g (yield.hpp): the
// model's yield for x is E[exp(-x g)]. A node is one g with its weight.
struct Node {
    double g, weight;
};

// Gamma(shape k, scale theta), integrated in u = ln(g / theta) where the
// density exp(k u - e^u) / Gamma(k) is smooth and the trapezoid rule
// converges fast; the weights are normalised to sum to 1.
std::vector<Node> gamma_nodes(double k, double theta) {
    constexpr int kPoints = 2001;
    const double centre = std::log(k);
    const double spread = std::sqrt(80.0 / k);
    const double lo = centre - 1.5 * std::max(40.0 / k, spread);
    const double hi = centre + std::max(1.5 * spread, std::log((k + 80.0) / k));
    const double h = (hi - lo) / (kPoints - 1);
    std::vector<Node> nodes;
    nodes.reserve(kPoints);
    double total = 0;
    for (int i = 0; i < kPoints; ++i) {
        const double u = lo + i * h;
        const double w = std::exp(k * (u - centre) - (std::exp(u) - k));  // peak ~1, no overflow
        if (w <= 0 || !std::isfinite(w)) continue;
        nodes.push_back({theta * std::exp(u), w});
        total += w;
    }
    for (Node& n : nodes) n.weight /= total;
    return nodes;
}

// Murphy: g = U1 + U2 (a triangle on [0, 2]); Simpson's rule on each side
// of the kink at 1.
std::vector<Node> triangle_nodes() {
    constexpr int kIntervals = 400;  // per side, even
    std::vector<Node> nodes;
    double total = 0;
    for (int side = 0; side < 2; ++side)
        for (int i = 0; i <= kIntervals; ++i) {
            const double g = side + static_cast<double>(i) / kIntervals;
            const double density = g <= 1.0 ? g : 2.0 - g;
            const double simpson = (i == 0 || i == kIntervals) ? 1.0 : (i % 2 ? 4.0 : 2.0);
            nodes.push_back({g, density * simpson});
            total += density * simpson;
        }
    for (Node& n : nodes) n.weight /= total;
    return nodes;
}

std::vector<Node> mixing_nodes(const YieldParams& p) {
    switch (p.model) {
    case YieldModel::poisson:
        return {{1.0, 1.0}};
    case YieldModel::murphy:
        return triangle_nodes();
    case YieldModel::seeds:
        return gamma_nodes(1.0, 1.0);
    case YieldModel::bose_einstein:
        return gamma_nodes(p.critical_layers, 1.0);
    case YieldModel::negative_binomial:
        // Beyond ~1e7 the gamma is narrower than the grid can resolve and the
        // model is poisson to within 1e-7 relative: use poisson there.
        if (p.alpha > 1e7) return {{1.0, 1.0}};
        return gamma_nodes(p.alpha, 1.0 / p.alpha);
    }
    return {{1.0, 1.0}};
}

// E over g of P(uncore clean) x P(at most `spares` of n units defective).
double mixed_usable(const YieldParams& p, double uncore_x, double unit_x, int64_t n, int64_t spares) {
    double usable = 0;
    for (const Node& node : mixing_nodes(p)) {
        const double q = -std::expm1(-unit_x * node.g);  // one unit defective
        usable += node.weight * std::exp(-uncore_x * node.g) * binomial_cdf(n, q, spares);
    }
    return std::min(1.0, std::max(0.0, usable));
}

// The mean of g: 1 for every model but bose-einstein (n layers of D0 each).
double mean_g(const YieldParams& p) {
    return p.model == YieldModel::bose_einstein ? p.critical_layers : 1.0;
}

std::optional<Error> check_whole(const char* field, int64_t value, int64_t lo, int64_t hi) {
    if (value < lo || value > hi)
        return Error{field, std::to_string(value) + " is out of range; must be a whole number between " +
                                std::to_string(lo) + " and " + std::to_string(hi)};
    return std::nullopt;
}

}  // namespace

// [SECTION] binomial tail
double binomial_cdf(int64_t n, double q, int64_t m) {
    if (m < 0) return 0.0;
    if (m >= n) return 1.0;
    if (q <= 0.0) return 1.0;
    if (q >= 1.0) return 0.0;
    const double log_q = std::log(q), log_p = std::log1p(-q);
    auto log_pmf = [&](int64_t j) {
        return std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0) + j * log_q +
               (n - j) * log_p;
    };
    const double mode = std::floor((n + 1) * q);
    constexpr double kNegligible = 1e-17;
    if (m < mode) {
        // Terms fall going down from m: sum m, m-1, ... relative to term m.
        double rel = 1.0, sum = 0.0;
        for (int64_t j = m; j >= 0; --j) {
            sum += rel;
            if (rel < kNegligible * sum) break;
            rel *= static_cast<double>(j) / static_cast<double>(n - j + 1) * std::exp(log_p - log_q);
        }
        return std::min(1.0, std::exp(log_pmf(m)) * sum);
    }
    // Terms fall going up from m + 1: 1 - the upper tail.
    double rel = 1.0, sum = 0.0;
    for (int64_t j = m + 1; j <= n; ++j) {
        sum += rel;
        if (rel < kNegligible * sum) break;
        rel *= static_cast<double>(n - j) / static_cast<double>(j + 1) * std::exp(log_q - log_p);
    }
    return std::max(0.0, 1.0 - std::exp(log_pmf(m + 1)) * sum);
}

// [SECTION] harvesting
Result<HarvestResult> harvest_yield(const HarvestInput& in) {
    if (auto e = check_range("die_area_mm2", in.die_area_mm2, YieldLimits::min_die_area_mm2,
                             YieldLimits::max_die_area_mm2, "mm2"))
        return *e;
    if (auto e = check_whole("units", in.units, 1, HarvestLimits::max_units)) return *e;
    if (auto e = check_whole("required_units", in.required_units, 0, in.units)) return *e;
    if (auto e = check_range("uncore_share", in.uncore_share, 0.0, 1.0, "(a fraction)")) return *e;
    if (auto e = validate(in.params)) return *e;

    HarvestResult r;
    r.uncore_area_mm2 = in.die_area_mm2 * in.uncore_share;
    r.unit_area_mm2 = (in.die_area_mm2 - r.uncore_area_mm2) / static_cast<double>(in.units);
    const double d0 = in.params.d0_per_cm2;
    const double uncore_x = r.uncore_area_mm2 / 100.0 * d0, unit_x = r.unit_area_mm2 / 100.0 * d0;
    r.defects_per_die = in.die_area_mm2 / 100.0 * d0;
    r.plain_yield = yield_fraction(in.params, r.defects_per_die);
    r.uncore_yield = yield_fraction(in.params, uncore_x);
    r.unit_yield = yield_fraction(in.params, unit_x);
    r.expected_defective_units = in.units * (1.0 - r.unit_yield);
    r.harvested_yield = mixed_usable(in.params, uncore_x, unit_x, in.units, in.units - in.required_units);
    // Harvesting never loses a die plain yield keeps; the quadrature may not know that.
    if (r.harvested_yield < r.plain_yield) r.harvested_yield = r.plain_yield;
    r.yield_gain = r.plain_yield > 0 ? r.harvested_yield / r.plain_yield : 0.0;
    return r;
}

// [SECTION] wafer-scale redundancy
Result<WaferScaleRedundancyResult> wafer_scale_redundancy(const WaferScaleRedundancyInput& in) {
    if (auto e = check_whole("cores", in.cores, 1, HarvestLimits::max_cores)) return *e;
    if (auto e = check_whole("sold_cores", in.sold_cores, 0, in.cores)) return *e;
    if (!std::isfinite(in.core_area_mm2) || in.core_area_mm2 <= 0 ||
        in.core_area_mm2 > HarvestLimits::max_core_area_mm2)
        return Error{"core_area_mm2", format_number(in.core_area_mm2) +
                                          " is out of range; must be greater than 0 and at most " +
                                          format_number(HarvestLimits::max_core_area_mm2) + " mm2"};
    if (in.cores * in.core_area_mm2 > HarvestLimits::max_total_core_area_mm2)
        return Error{"core_area_mm2", "cores x core area is " + format_number(in.cores * in.core_area_mm2) +
                                          " mm2, more than a 450 mm wafer's " +
                                          format_number(HarvestLimits::max_total_core_area_mm2) + " mm2"};
    if (auto e = validate(in.params)) return *e;

    WaferScaleRedundancyResult r;
    r.spare_cores = in.cores - in.sold_cores;
    r.spare_share = static_cast<double>(r.spare_cores) / static_cast<double>(in.cores);
    const double core_x = in.core_area_mm2 / 100.0 * in.params.d0_per_cm2;
    r.core_yield = yield_fraction(in.params, core_x);
    r.cores_area_mm2 = in.cores * in.core_area_mm2;
    r.expected_defects = r.cores_area_mm2 / 100.0 * in.params.d0_per_cm2 * mean_g(in.params);
    r.expected_defective_cores = in.cores * (1.0 - r.core_yield);
    r.defective_core_share = 1.0 - r.core_yield;
    r.area_lost_mm2 = r.expected_defective_cores * in.core_area_mm2;
    r.wafer_survival = mixed_usable(in.params, 0.0, core_x, in.cores, r.spare_cores);
    r.plain_yield = yield_fraction(in.params, r.cores_area_mm2 / 100.0 * in.params.d0_per_cm2);
    if (r.wafer_survival < r.plain_yield) r.wafer_survival = r.plain_yield;
    r.spares_used_share = r.spare_cores > 0 ? r.expected_defective_cores / r.spare_cores : 0.0;
    return r;
}

// [SECTION] an accelerator's cost with a harvested die
Result<HarvestedPackageCost> harvested_package_cost(const PackageCostInput& in, HarvestInput harvest) {
    auto base = package_cost(in);
    if (!base) return base.error();
    harvest.die_area_mm2 = in.die.wafer.die_width_mm * in.die.wafer.die_height_mm;
    harvest.params = in.die.yield;
    auto h = harvest_yield(harvest);
    if (!h) return h.error();
    HarvestedPackageCost out{*base, *h};
    PackageCostResult& c = out.cost;
    c.die.good_dies = static_cast<double>(c.die.dies.gross_dies) * h->harvested_yield;
    if (!(c.die.good_dies > 0.0))
        return Error{"", "the expected number of usable dies is 0, so a usable die has no cost"};
    c.die.usd_per_good_die = in.die.wafer_usd / c.die.good_dies;
    const double logic = c.die.usd_per_good_die * in.logic_dies;
    const double before_yield = logic + in.hbm_usd + in.packaging_usd + in.test_assembly_usd;
    c.estimate_usd = before_yield / in.package_yield;
    c.steps = {{"logic dies", logic},
               {"HBM", in.hbm_usd},
               {"packaging", in.packaging_usd},
               {"test and assembly", in.test_assembly_usd},
               {"test yield loss", c.estimate_usd - before_yield}};
    if (in.street_usd > 0) {
        c.margin = 1.0 - c.estimate_usd / in.street_usd;
        c.markup = in.street_usd / c.estimate_usd;
    }
    return out;
}

// [SECTION] sources
const std::vector<WaferScaleSource>& harvest_sources() {
    static const std::vector<WaferScaleSource> sources = {
        {"H100: 144 SMs on the die, 132 enabled; WSE-3: 970,000 physical / 900,000 active cores of ~0.05 mm2; "
         "D0 ~0.001 /mm2 at 5 nm",
         "Cerebras: 100x Defect Tolerance: How Cerebras Solved the Yield Problem",
         "https://cerebras.ai/blog/100x-defect-tolerance-how-cerebras-solved-the-yield-problem", "2025-01-13",
         "vendor-claim", "h100_sm_enabled, wse3_physical_cores, wse_core_area, d0_n5_cerebras_assumption"},
        {"H100 needs 132 SMs of 144 (summary of the same blog)", "Simon Willison: Cerebras yield problem",
         "https://feeds.simonwillison.net/2025/Jan/16/cerebras-yield-problem", "2025-01-16", "press",
         "h100_sm_enabled"},
    };
    return sources;
}

}  // namespace w2t::supply
