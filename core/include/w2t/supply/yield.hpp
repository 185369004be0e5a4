#pragma once
// Die yield from defect density, and the cost of a good die.
//
// Every model maps the mean number of killer defects on a die, x = A * D0
// (A the die area in cm2, D0 the defect density in defects/cm2), to the
// fraction of dies with none that kills them:
//   poisson            exp(-x)                  defects uniform and independent
//   murphy             ((1 - exp(-x)) / x)^2    D0 varies over wafers (triangular)
//   seeds              1 / (1 + x)              D0 exponentially distributed
//   bose-einstein      1 / (1 + x)^n            n critical layers, D0 per layer
//   negative-binomial  (1 + x/alpha)^-alpha     clustered defects, alpha the
//                                               clustering parameter (-> poisson
//                                               as alpha -> infinity)
// Each is evaluated so that x -> 0 gives exactly 1 (no 0/0) and stays accurate
// for tiny x (expm1/log1p). See docs/supply-chain.md for the sources.
#include <optional>
#include <string>
#include <string_view>

#include "w2t/result.hpp"

namespace w2t::supply {

enum class YieldModel { poisson, murphy, seeds, bose_einstein, negative_binomial };

// "poisson", "murphy", "seeds", "bose-einstein", "negative-binomial".
const char* yield_model_name(YieldModel model);
std::optional<YieldModel> parse_yield_model(std::string_view name);
// The accepted names, joined by '|' (for messages and help).
const char* yield_model_names();

// Allowed ranges (inclusive); checked by validate().
struct YieldLimits {
    static constexpr double min_die_area_mm2 = 0.01;      // 0.1 x 0.1 mm
    static constexpr double max_die_area_mm2 = 202500.0;  // 450 x 450 mm, dpw's largest die
    static constexpr double max_d0_per_cm2 = 10.0;        // far above any production node
    static constexpr double max_alpha = 1e9;              // beyond this it is poisson
    static constexpr int max_critical_layers = 100;
};

// How defects turn into yield. alpha is read only by negative-binomial and
// critical_layers only by bose-einstein; there they have no default (0 is
// refused), because no sourced value is on file (docs/supply-chain.md).
struct YieldParams {
    YieldModel model = YieldModel::poisson;
    double d0_per_cm2 = 0.0;
    double alpha = 0.0;
    int critical_layers = 0;

    bool operator==(const YieldParams&) const = default;
};

struct YieldInput {
    double die_area_mm2 = 0.0;
    YieldParams params;

    bool operator==(const YieldInput&) const = default;
};

struct YieldResult {
    double yield = 1.0;            // fraction of dies without a killer defect, 0..1
    double area_cm2 = 0.0;         // die area in cm2
    double defects_per_die = 0.0;  // A * D0, the mean killer defects per die
};

// Errors name the field: d0_per_cm2, alpha, critical_layers.
std::optional<Error> validate(const YieldParams& params);
// Errors name the field: die_area_mm2, or those of the params.
std::optional<Error> validate(const YieldInput& in);

// The model's yield for a mean of `defects_per_die` (>= 0) killer defects per
// die. No validation: the parameters must be valid for the model.
double yield_fraction(const YieldParams& params, double defects_per_die);

Result<YieldResult> die_yield(const YieldInput& in);

}  // namespace w2t::supply
