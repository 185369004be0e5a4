#include "w2t/supply/yield.hpp"

#include <cmath>

#include "w2t/validate.hpp"

namespace w2t::supply {
namespace {

struct ModelName {
    YieldModel model;
    const char* name;
};
constexpr ModelName kModelNames[] = {
    {YieldModel::poisson, "poisson"},
    {YieldModel::murphy, "murphy"},
    {YieldModel::seeds, "seeds"},
    {YieldModel::bose_einstein, "bose-einstein"},
    {YieldModel::negative_binomial, "negative-binomial"},
};

}  // namespace

const char* yield_model_name(YieldModel model) {
    for (const ModelName& m : kModelNames)
        if (m.model == model) return m.name;
    return "unknown";
}

std::optional<YieldModel> parse_yield_model(std::string_view name) {
    for (const ModelName& m : kModelNames)
        if (name == m.name) return m.model;
    return std::nullopt;
}

const char* yield_model_names() { return "poisson|murphy|seeds|bose-einstein|negative-binomial"; }

std::optional<Error> validate(const YieldParams& p) {
    if (auto e = check_range("d0_per_cm2", p.d0_per_cm2, 0.0, YieldLimits::max_d0_per_cm2,
                             "defects/cm2"))
        return e;
    if (p.model == YieldModel::negative_binomial) {
        if (!std::isfinite(p.alpha) || p.alpha <= 0.0 || p.alpha > YieldLimits::max_alpha)
            return Error{"alpha", format_number(p.alpha) +
                                      " is out of range; the negative-binomial model needs a "
                                      "clustering parameter greater than 0 and at most " +
                                      format_number(YieldLimits::max_alpha)};
    }
    if (p.model == YieldModel::bose_einstein) {
        if (p.critical_layers < 1 || p.critical_layers > YieldLimits::max_critical_layers)
            return Error{"critical_layers",
                         std::to_string(p.critical_layers) +
                             " is out of range; the bose-einstein model needs a whole number "
                             "of critical layers between 1 and " +
                             std::to_string(YieldLimits::max_critical_layers)};
    }
    return std::nullopt;
}

std::optional<Error> validate(const YieldInput& in) {
    if (auto e = check_range("die_area_mm2", in.die_area_mm2, YieldLimits::min_die_area_mm2,
                             YieldLimits::max_die_area_mm2, "mm2"))
        return e;
    return validate(in.params);
}

double yield_fraction(const YieldParams& p, double x) {
    if (x <= 0.0) return 1.0;  // the limit of every model, exactly
    switch (p.model) {
    case YieldModel::poisson:
        return std::exp(-x);
    case YieldModel::murphy: {
        const double t = -std::expm1(-x) / x;  // (1 - e^-x) / x, accurate for tiny x
        return t * t;
    }
    case YieldModel::seeds:
        return 1.0 / (1.0 + x);
    case YieldModel::bose_einstein:
        if (p.critical_layers == 1) return 1.0 / (1.0 + x);
        return std::exp(-p.critical_layers * std::log1p(x));
    case YieldModel::negative_binomial:
        return std::exp(-p.alpha * std::log1p(x / p.alpha));  // -> exp(-x) as alpha grows
    }
    return 0.0;
}

Result<YieldResult> die_yield(const YieldInput& in) {
    if (auto e = validate(in)) return *e;
    YieldResult r;
    r.area_cm2 = in.die_area_mm2 / 100.0;
    r.defects_per_die = r.area_cm2 * in.params.d0_per_cm2;
    r.yield = yield_fraction(in.params, r.defects_per_die);
    return r;
}

}  // namespace w2t::supply
