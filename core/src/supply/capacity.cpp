// [SECTION] Contents
//   loading catalogue/supply.json
//   Monte Carlo: splitmix64, triangular draws, percentile bands
//   capacity
//   fleet
//   claims
#include "w2t/supply/capacity.hpp"

#include <algorithm>
#include <numeric>

#include <nlohmann/json.hpp>

#include "w2t/validate.hpp"
#include "w2t_embedded_supply_json.hpp"  // generated from catalogue/supply.json

namespace w2t::supply {
namespace {

using nlohmann::json;

// [SECTION] loading
constexpr const char* kQualities[] = {"official", "analyst", "press", "estimate", "vendor-claim",
                                      "third-party"};

std::optional<Error> need_text(const json& j, const char* key, const std::string& where,
                               std::string& out, bool required = true) {
    if (!j.contains(key) || j[key].is_null()) {
        if (required) return Error{where + "." + key, "missing"};
        return std::nullopt;
    }
    if (!j[key].is_string()) return Error{where + "." + key, "expected a text"};
    out = j[key].get<std::string>();
    if (required && out.empty()) return Error{where + "." + key, "is empty"};
    return std::nullopt;
}

std::optional<Error> need_number(const json& j, const char* key, const std::string& where,
                                 double& out, bool required = true) {
    if (!j.contains(key) || j[key].is_null()) {
        if (required) return Error{where + "." + key, "missing"};
        return std::nullopt;
    }
    if (!j[key].is_number()) return Error{where + "." + key, "expected a number"};
    out = j[key].get<double>();
    if (!std::isfinite(out) || out < 0) return Error{where + "." + key, "expected a finite number >= 0"};
    return std::nullopt;
}

template <size_t N>
bool one_of(const std::string& s, const char* const (&names)[N]) {
    return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return s == n; });
}

template <size_t N>
std::string joined(const char* const (&names)[N]) {
    std::string s;
    for (const char* n : names) s += (s.empty() ? "" : ", ") + std::string(n);
    return s;
}

Result<SupplySource> read_source(const json& j, const std::string& where) {
    if (!j.is_object()) return Error{where, "expected an object"};
    SupplySource s;
    for (auto [key, member] : {std::pair{"row", &SupplySource::row}, {"title", &SupplySource::title},
                               {"url", &SupplySource::url}, {"date", &SupplySource::date},
                               {"quality", &SupplySource::quality}, {"quote", &SupplySource::quote}})
        if (auto e = need_text(j, key, where, s.*member)) return *e;
    for (auto [key, member] : {std::pair{"refers_to", &SupplySource::refers_to},
                               {"note", &SupplySource::note}, {"use", &SupplySource::use}})
        if (auto e = need_text(j, key, where, s.*member, false)) return *e;
    for (auto [key, member] : {std::pair{"value", &SupplySource::value}, {"low", &SupplySource::low},
                               {"high", &SupplySource::high}})
        if (auto e = need_number(j, key, where, s.*member, false)) return *e;
    if (s.url.rfind("https://", 0) != 0 && s.url.rfind("http://", 0) != 0)
        return Error{where + ".url", "expected an http(s) URL, got '" + s.url + "'"};
    if (!one_of(s.quality, kQualities))
        return Error{where + ".quality", "'" + s.quality + "' is not one of " + joined(kQualities)};
    return s;
}

Result<std::vector<SupplySource>> read_sources(const json& j, const char* key, const std::string& where,
                                               bool required) {
    std::vector<SupplySource> out;
    if (!j.contains(key)) {
        if (required) return Error{where + "." + key, "missing"};
        return out;
    }
    if (!j[key].is_array()) return Error{where + "." + key, "expected a list"};
    for (size_t i = 0; i < j[key].size(); ++i) {
        auto s = read_source(j[key][i], where + "." + key + "[" + std::to_string(i) + "]");
        if (!s) return s.error();
        out.push_back(*s);
    }
    if (required && out.empty()) return Error{where + "." + key, "needs at least one source"};
    return out;
}

Result<SourcedRange> read_range(const json& j, const std::string& where) {
    if (!j.is_object()) return Error{where, "expected an object"};
    SourcedRange r;
    if (auto e = need_number(j, "low", where, r.range.low)) return *e;
    if (auto e = need_number(j, "base", where, r.range.base)) return *e;
    if (auto e = need_number(j, "high", where, r.range.high)) return *e;
    if (r.range.low > r.range.base)
        return Error{where + ".low", format_number(r.range.low) + " is above base " + format_number(r.range.base)};
    if (r.range.base > r.range.high)
        return Error{where + ".high", format_number(r.range.high) + " is below base " + format_number(r.range.base)};
    std::string basis;
    if (auto e = need_text(j, "basis", where, basis)) return *e;
    if (basis == "sourced") r.basis = Basis::sourced;
    else if (basis == "estimate") r.basis = Basis::estimate;
    else return Error{where + ".basis", "'" + basis + "' is not one of sourced, estimate"};
    if (auto e = need_text(j, "note", where, r.note, false)) return *e;
    if (r.basis == Basis::estimate && r.note.empty())
        return Error{where + ".note", "an estimate must say how it was made"};
    auto sources = read_sources(j, "sources", where, r.basis == Basis::sourced);
    if (!sources) return sources.error();
    r.sources = *sources;
    auto superseded = read_sources(j, "superseded", where, false);
    if (!superseded) return superseded.error();
    r.superseded = *superseded;
    for (size_t i = 0; i < r.superseded.size(); ++i)
        if (r.superseded[i].use.empty())
            return Error{where + ".superseded[" + std::to_string(i) + "].use", "must say why the row is not used"};
    return r;
}

Result<YearSeries> read_series(const json& j, const std::string& at) {
    if (!j.is_object()) return Error{at, "expected an object"};
    YearSeries s;
    if (auto e = need_text(j, "id", at, s.id)) return *e;
    const std::string where = at + " (" + s.id + ")";
    for (auto [key, member] : {std::pair{"name", &YearSeries::name}, {"unit", &YearSeries::unit},
                               {"definition", &YearSeries::definition}})
        if (auto e = need_text(j, key, where, s.*member)) return *e;
    if (!j.contains("years") || !j["years"].is_array() || j["years"].empty())
        return Error{where + ".years", "missing or not a non-empty list"};
    for (size_t i = 0; i < j["years"].size(); ++i) {
        const json& y = j["years"][i];
        std::string here = where + ".years[" + std::to_string(i) + "]";
        if (!y.is_object()) return Error{here, "expected an object"};
        if (!y.contains("year") || !y["year"].is_number_integer())
            return Error{here + ".year", "missing or not a whole number"};
        YearValue v;
        v.year = y["year"].get<int>();
        if (v.year < kFirstYear || v.year > kLastYear)
            return Error{here + ".year", std::to_string(v.year) + " is outside " + std::to_string(kFirstYear) +
                                             "-" + std::to_string(kLastYear)};
        if (!s.years.empty() && v.year != s.years.back().year + 1)
            return Error{here + ".year", std::to_string(v.year) + " does not follow " +
                                             std::to_string(s.years.back().year) + " (years must be consecutive)"};
        here += " (" + std::to_string(v.year) + ")";
        auto r = read_range(y, here);
        if (!r) return r.error();
        v.value = *r;
        s.years.push_back(v);
    }
    return s;
}

Result<SupplyProduct> read_product(const json& j, const std::string& at) {
    if (!j.is_object()) return Error{at, "expected an object"};
    SupplyProduct p;
    if (auto e = need_text(j, "id", at, p.id)) return *e;
    const std::string where = at + " (" + p.id + ")";
    if (auto e = need_text(j, "packaging", where, p.packaging)) return *e;
    if (auto e = need_text(j, "system_note", where, p.system_note)) return *e;
    if (!j.contains("system_accelerators") || !j["system_accelerators"].is_number_integer() ||
        j["system_accelerators"].get<int>() < 1 || j["system_accelerators"].get<int>() > 100000)
        return Error{where + ".system_accelerators", "missing or not a whole number 1-100000"};
    p.system_accelerators = j["system_accelerators"].get<int>();
    if (!j.contains("system_source")) return Error{where + ".system_source", "missing"};
    auto s = read_source(j["system_source"], where + ".system_source");
    if (!s) return s.error();
    p.system_source = *s;
    if (!j.contains("packages_per_cowos_wafer")) return Error{where + ".packages_per_cowos_wafer", "missing"};
    auto r = read_range(j["packages_per_cowos_wafer"], where + ".packages_per_cowos_wafer");
    if (!r) return r.error();
    if (r->range.low <= 0) return Error{where + ".packages_per_cowos_wafer.low", "must be > 0"};
    p.packages_per_wafer = *r;
    return p;
}

Result<Claim> read_claim(const json& j, const std::string& at) {
    if (!j.is_object()) return Error{at, "expected an object"};
    Claim c;
    if (auto e = need_text(j, "id", at, c.id)) return *e;
    const std::string where = at + " (" + c.id + ")";
    for (auto [key, member] : {std::pair{"claim", &Claim::claim}, {"verdict", &Claim::verdict},
                               {"says", &Claim::says}, {"check", &Claim::check}})
        if (auto e = need_text(j, key, where, c.*member)) return *e;
    if (!one_of(c.verdict, kVerdicts))
        return Error{where + ".verdict", "'" + c.verdict + "' is not one of " + joined(kVerdicts)};
    if (!one_of(c.check, kClaimChecks))
        return Error{where + ".check", "'" + c.check + "' is not one of " + joined(kClaimChecks)};
    if (!j.contains("source")) return Error{where + ".source", "missing (null when unsourced)"};
    if (!j["source"].is_null()) {
        auto s = read_source(j["source"], where + ".source");
        if (!s) return s.error();
        c.source = *s;
    } else if (c.verdict != "unsourced") {
        return Error{where + ".source", "only an 'unsourced' claim may have no source"};
    }
    return c;
}

template <class T>
Result<std::vector<T>> read_array(const json& root, const char* key,
                                  Result<T> (*read)(const json&, const std::string&)) {
    if (!root.contains(key) || !root[key].is_array()) return Error{key, "missing or not a list"};
    std::vector<T> out;
    for (size_t i = 0; i < root[key].size(); ++i) {
        auto v = read(root[key][i], std::string(key) + "[" + std::to_string(i) + "]");
        if (!v) return v.error();
        out.push_back(std::move(v.value()));
    }
    return out;
}

}  // namespace

const char* to_string(Basis b) { return b == Basis::sourced ? "sourced" : "estimate"; }

const YearValue* YearSeries::at(int year) const {
    for (const auto& y : years)
        if (y.year == year) return &y;
    return nullptr;
}

const YearSeries* SupplyData::find_series(std::string_view id) const {
    for (const auto& s : series)
        if (s.id == id) return &s;
    return nullptr;
}

const SupplyProduct* SupplyData::product(std::string_view id) const {
    for (const auto& p : products)
        if (p.id == id) return &p;
    return nullptr;
}

std::vector<std::string> SupplyData::product_ids() const {
    std::vector<std::string> ids;
    for (const auto& p : products) ids.push_back(p.id);
    return ids;
}

std::string SupplyData::unknown_product_message(std::string_view id) const {
    std::string known;
    for (const auto& p : products) known += (known.empty() ? "" : ", ") + p.id;
    std::string closest;
    for (const auto& c : closest_ids(id, product_ids(), 2)) closest += (closest.empty() ? "" : ", ") + c;
    return "unknown product '" + std::string(id) + "' (closest: " + closest + "; known: " + known + ")";
}

Result<SupplyData> load_supply(std::string_view text) {
    json root = json::parse(text.begin(), text.end(), nullptr, false);
    if (root.is_discarded()) return Error{"", "supply.json is not valid JSON"};
    if (!root.is_object()) return Error{"", "expected a JSON object"};
    if (!root.contains("schema") || root["schema"] != "w2t-supply/1")
        return Error{"schema", "expected \"w2t-supply/1\""};
    SupplyData d;
    auto series = read_array<YearSeries>(root, "series", read_series);
    if (!series) return series.error();
    d.series = std::move(series.value());
    auto products = read_array<SupplyProduct>(root, "products", read_product);
    if (!products) return products.error();
    d.products = std::move(products.value());
    auto claims = read_array<Claim>(root, "claims", read_claim);
    if (!claims) return claims.error();
    d.claims = std::move(claims.value());
    for (size_t i = 0; i < d.series.size(); ++i)
        for (size_t k = 0; k < i; ++k)
            if (d.series[i].id == d.series[k].id)
                return Error{"series[" + std::to_string(i) + "].id", "'" + d.series[i].id + "' appears twice"};
    for (size_t i = 0; i < d.products.size(); ++i)
        for (size_t k = 0; k < i; ++k)
            if (d.products[i].id == d.products[k].id)
                return Error{"products[" + std::to_string(i) + "].id", "'" + d.products[i].id + "' appears twice"};
    if (!d.find_series(kCowosSeries))
        return Error{"series", std::string("the CoWoS series '") + kCowosSeries + "' is missing"};
    if (d.products.empty()) return Error{"products", "needs at least one product"};
    return d;
}

const SupplyData& builtin_supply() {
    static const SupplyData data = [] {
        auto d = load_supply(std::string_view(reinterpret_cast<const char*>(embedded::supply_json),
                                              embedded::supply_json_size));
        // The tests load the embedded file, so this cannot fail in a tested build;
        // an empty dataset is the safe fallback (every command then reports it).
        return d ? d.value() : SupplyData{};
    }();
    return data;
}

// [SECTION] Monte Carlo
uint64_t Rng::next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double Rng::uniform() { return double(next() >> 11) * 0x1.0p-53; }

double sample(const Range& r, Rng& rng) {
    const double u = rng.uniform();  // always drawn: streams stay aligned across datasets
    const double width = r.high - r.low;
    if (!(width > 0)) return r.base;
    const double f = (r.base - r.low) / width;  // CDF at the mode
    if (u < f) return r.low + std::sqrt(u * width * (r.base - r.low));
    return r.high - std::sqrt((1 - u) * width * (r.high - r.base));
}

Band band_of(std::vector<double>& v) {
    Band b;
    if (v.empty()) return b;
    const size_t n = v.size();
    const auto at = [&](size_t i) { return v.begin() + long(i); };
    // Selects order statistic k within [from, to) (which must hold ranks
    // from..to-1) and interpolates towards rank k+1: the smallest value after
    // k, within [k+1, to) when that is not empty, else in all of [k+1, n).
    const auto quantile = [&](double q, size_t from, size_t to) {
        const double pos = q * double(n - 1);
        const size_t k = size_t(pos);
        std::nth_element(at(from), at(k), at(to));
        const double lo = v[k];
        const double frac = pos - double(k);
        if (frac <= 0 || k + 1 >= n) return lo;
        const double hi = *std::min_element(at(k + 1), at(k + 1 < to ? to : n));
        return lo + frac * (hi - lo);
    };
    // The p50 order statistic first; p5 then lies in the part below it and p95
    // in the part above, so each later selection works on about half the samples.
    const size_t k50 = size_t(0.50 * double(n - 1)), k95 = size_t(0.95 * double(n - 1));
    b.p50 = quantile(0.50, 0, n);
    b.p5 = quantile(0.05, 0, k50 + 1);
    b.p95 = quantile(0.95, k95 > k50 ? k50 + 1 : k50, n);
    b.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(n);
    // Floating-point rounding must not put a band outside its samples' range.
    b.p5 = std::min(b.p5, b.p50);
    b.p95 = std::max(b.p95, b.p50);
    return b;
}

namespace {

std::optional<Error> check_mc(const McOptions& mc) {
    if (mc.samples < McLimits::min_samples || mc.samples > McLimits::max_samples)
        return Error{"samples", std::to_string(mc.samples) + " is out of range; must be between " +
                                    std::to_string(McLimits::min_samples) + " and " +
                                    std::to_string(McLimits::max_samples)};
    return std::nullopt;
}

std::string series_years(const YearSeries& s) {
    return std::to_string(s.years.front().year) + "-" + std::to_string(s.years.back().year);
}

// Draws one year-end run rate per year of the series (in order) for one sample.
void draw_series(const YearSeries& s, Rng& rng, std::vector<double>& out) {
    out.resize(s.years.size());
    for (size_t k = 0; k < s.years.size(); ++k) out[k] = sample(s.years[k].value.range, rng);
}

double wafers_in_year(const std::vector<double>& year_end, size_t k) {
    return k == 0 ? 12.0 * year_end[0] : 6.0 * (year_end[k - 1] + year_end[k]);
}

}  // namespace

// [SECTION] capacity
Result<CapacityResult> capacity(const CapacityInput& in, const SupplyData& data) {
    if (auto e = check_mc(in.mc)) return *e;
    const YearSeries* cowos = data.find_series(kCowosSeries);
    if (!cowos || cowos->years.empty()) return Error{"", "the supply dataset has no CoWoS series"};
    std::vector<size_t> year_index;
    if (in.years.empty()) {
        for (size_t k = 0; k < cowos->years.size(); ++k) year_index.push_back(k);
    } else {
        for (int y : in.years) {
            const YearValue* v = cowos->at(y);
            if (!v)
                return Error{"years", std::to_string(y) + " is not in the CoWoS series (" + series_years(*cowos) + ")"};
            year_index.push_back(size_t(v - cowos->years.data()));
        }
    }
    std::vector<const SupplyProduct*> products;
    if (in.products.empty()) {
        for (const auto& p : data.products) products.push_back(&p);
    } else {
        for (const auto& id : in.products) {
            const SupplyProduct* p = data.product(id);
            if (!p) return Error{"products", data.unknown_product_message(id)};
            products.push_back(p);
        }
    }

    const size_t n = size_t(in.mc.samples), years = cowos->years.size(), np = products.size();
    std::vector<double> wpm(years * n), ppw(np * n), draw;
    Rng rng(in.mc.seed);
    for (size_t i = 0; i < n; ++i) {
        draw_series(*cowos, rng, draw);
        for (size_t k = 0; k < years; ++k) wpm[k * n + i] = draw[k];
        for (size_t p = 0; p < np; ++p) ppw[p * n + i] = sample(products[p]->packages_per_wafer.range, rng);
    }

    CapacityResult out;
    out.mc = in.mc;
    std::vector<double> a(n), c(n);
    std::vector<Band> ppw_bands(np);  // the same every year
    for (size_t p = 0; p < np; ++p) {
        a.assign(ppw.begin() + long(p * n), ppw.begin() + long((p + 1) * n));
        ppw_bands[p] = band_of(a);
    }
    for (size_t k : year_index) {
        YearCapacity yc;
        yc.year = cowos->years[k].year;
        yc.wafers_per_month_range = cowos->years[k].value.range;
        yc.ramp_from_previous = k > 0;
        std::vector<double> wpy(n);
        for (size_t i = 0; i < n; ++i) {
            a[i] = wpm[k * n + i];
            wpy[i] = k == 0 ? 12.0 * wpm[i] : 6.0 * (wpm[(k - 1) * n + i] + wpm[k * n + i]);
        }
        yc.wafers_per_month = band_of(a);
        for (size_t p = 0; p < np; ++p) {
            ProductCapacity pc;
            pc.product = products[p]->id;
            pc.packages_per_wafer_range = products[p]->packages_per_wafer.range;
            for (size_t i = 0; i < n; ++i) c[i] = wpy[i] * ppw[p * n + i];
            pc.packages_per_wafer = ppw_bands[p];
            pc.accelerators_per_year = band_of(c);
            yc.products.push_back(pc);
        }
        yc.wafers_per_year = band_of(wpy);
        out.years.push_back(yc);
    }
    return out;
}

// [SECTION] fleet
Result<std::vector<MixShare>> parse_mix(std::string_view text) {
    std::vector<MixShare> mix;
    double sum = 0;
    size_t start = 0;
    if (text.empty()) return Error{"mix", "is empty; write e.g. b200:0.6,mi300x:0.4"};
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view item = text.substr(start, end - start);
        const size_t colon = item.find(':');
        if (colon == std::string_view::npos || colon == 0)
            return Error{"mix", "'" + std::string(item) + "' is not product:share (e.g. b200:0.6)"};
        MixShare m{std::string(item.substr(0, colon)), 0};
        const std::string share(item.substr(colon + 1));
        char* stop = nullptr;
        m.wafer_share = std::strtod(share.c_str(), &stop);
        if (share.empty() || stop != share.c_str() + share.size() || !std::isfinite(m.wafer_share))
            return Error{"mix", "'" + share + "' (share of " + m.product + ") is not a number"};
        if (m.wafer_share <= 0 || m.wafer_share > 1)
            return Error{"mix", "the share of " + m.product + " must be in (0, 1], got " + share};
        for (const auto& other : mix)
            if (other.product == m.product) return Error{"mix", m.product + " appears twice"};
        sum += m.wafer_share;
        mix.push_back(m);
        start = end + 1;
    }
    if (sum > 1 + 1e-9) return Error{"mix", "shares add up to " + format_number(sum) + "; at most 1"};
    return mix;
}

Result<FleetResult> fleet(const FleetInput& in, const SupplyData& data, const Catalogue& catalogue,
                          const PerfParams& params) {
    if (auto e = check_mc(in.mc)) return *e;
    const YearSeries* cowos = data.find_series(kCowosSeries);
    if (!cowos || cowos->years.empty()) return Error{"", "the supply dataset has no CoWoS series"};
    const YearValue* yv = cowos->at(in.year);
    if (!yv) return Error{"year", std::to_string(in.year) + " is not in the CoWoS series (" + series_years(*cowos) + ")"};
    const size_t k = size_t(yv - cowos->years.data());
    if (in.mix.empty()) return Error{"mix", "is required, e.g. b200:0.6,mi300x:0.4"};
    if (in.accelerators_per_system < 0 || in.accelerators_per_system > 100000)
        return Error{"accelerators_per_system", "must be between 1 and 100000 (0: each product's own)"};
    double share_sum = 0;
    FleetResult out;
    out.year = in.year;
    out.mc = in.mc;
    std::vector<const SupplyProduct*> products;
    for (const auto& m : in.mix) {
        const SupplyProduct* p = data.product(m.product);
        if (!p) return Error{"mix", data.unknown_product_message(m.product)};
        if (!(m.wafer_share > 0 && m.wafer_share <= 1))
            return Error{"mix", "the share of " + m.product + " must be in (0, 1]"};
        share_sum += m.wafer_share;
        const Accelerator* chip = catalogue.accelerator(p->id);
        if (!chip) return Error{"mix", p->id + " is not in the accelerator catalogue"};
        if (!known(chip->tdp_w)) return Error{"mix", p->id + " has no tdp_w in the catalogue"};
        EstimateInput e = in.perf;
        e.hardware_id = p->id;
        e.accelerator_count = in.accelerators_per_system > 0 ? in.accelerators_per_system : p->system_accelerators;
        if (auto err = check_estimate_input(e, catalogue)) return *err;
        auto r = estimate(e, catalogue, params);
        if (!r) return Error{"", p->id + " x " + std::to_string(e.accelerator_count) + ": " + r.error().to_string()};
        FleetProduct fp;
        fp.product = p->id;
        fp.wafer_share = m.wafer_share;
        fp.system_accelerators = e.accelerator_count;
        fp.tdp_w = chip->tdp_w;
        fp.system_output_tok_s = r->system_output_tok_s;
        fp.per_accelerator_output_tok_s = r->system_output_tok_s / double(e.accelerator_count);
        fp.per_user_output_tok_s = r->per_user_output_tok_s;
        fp.layout = r->layout.description;
        fp.bottleneck = r->bottleneck;
        out.products.push_back(fp);
        products.push_back(p);
    }
    if (share_sum > 1 + 1e-9) return Error{"mix", "shares add up to " + format_number(share_sum) + "; at most 1"};
    out.unallocated_share = std::max(0.0, 1 - share_sum);

    const size_t n = size_t(in.mc.samples), np = products.size();
    std::vector<double> wpy(n), acc(np * n), tot_acc(n, 0.0), tot_mw(n, 0.0), tot_tok(n, 0.0);
    Rng rng(in.mc.seed);
    for (size_t i = 0; i < n; ++i) {
        const double prev = k > 0 ? sample(cowos->years[k - 1].value.range, rng) : 0;
        const double end = sample(cowos->years[k].value.range, rng);
        wpy[i] = k > 0 ? 6.0 * (prev + end) : 12.0 * end;
        for (size_t p = 0; p < np; ++p) {
            const double a = wpy[i] * out.products[p].wafer_share * sample(products[p]->packages_per_wafer.range, rng);
            acc[p * n + i] = a;
            tot_acc[i] += a;
            tot_mw[i] += a * out.products[p].tdp_w / 1e6;
            tot_tok[i] += a * out.products[p].per_accelerator_output_tok_s;
        }
    }
    std::vector<double> x(n);
    for (size_t p = 0; p < np; ++p) {
        FleetProduct& fp = out.products[p];
        for (size_t i = 0; i < n; ++i) x[i] = acc[p * n + i];
        fp.accelerators = band_of(x);
        // Power and tokens are the accelerators times constants: their bands scale exactly.
        auto scaled = [&](double f) {
            return Band{fp.accelerators.p5 * f, fp.accelerators.p50 * f, fp.accelerators.p95 * f,
                        fp.accelerators.mean * f};
        };
        fp.power_mw = scaled(fp.tdp_w / 1e6);
        fp.output_tok_s = scaled(fp.per_accelerator_output_tok_s);
    }
    out.wafers_per_year = band_of(wpy);
    out.accelerators = band_of(tot_acc);
    out.power_mw = band_of(tot_mw);
    out.output_tok_s = band_of(tot_tok);
    return out;
}

// [SECTION] claims
namespace {

Result<EstimateResult> run(const Catalogue& c, const char* hw, int count, const char* model, Precision p,
                           Scenario s) {
    EstimateInput e;
    e.hardware_id = hw;
    e.accelerator_count = count;
    e.model_id = model;
    e.precision = p;
    e.scenario = s;
    e.input_tokens = 1000;
    e.output_tokens = 1000;
    auto r = estimate(e, c);
    if (!r) return Error{"", std::string(hw) + " on " + model + ": " + r.error().to_string()};
    return r;
}

std::string fixed(double v, int digits) {
    const double f = std::pow(10.0, digits);
    return format_number(std::round(v * f) / f);
}

}  // namespace

Result<std::vector<ClaimCheck>> check_claims(const SupplyData& data, const Catalogue& catalogue,
                                             const McOptions& mc) {
    if (auto e = check_mc(mc)) return *e;
    std::vector<ClaimCheck> out;
    const size_t n = size_t(mc.samples);
    for (const Claim& claim : data.claims) {
        ClaimCheck c{claim.id, "", {}};
        if (claim.check == "none") continue;
        if (claim.check == "cowos-growth-2022-2026") {
            const YearSeries* s = data.find_series(kCowosSeries);
            if (!s || !s->at(2022) || !s->at(2026)) return Error{"", claim.id + ": the CoWoS series lacks 2022 or 2026"};
            const size_t k22 = size_t(s->at(2022) - s->years.data()), k26 = size_t(s->at(2026) - s->years.data());
            std::vector<double> end_ratio(n), year_ratio(n), draw;
            Rng rng(mc.seed);
            for (size_t i = 0; i < n; ++i) {
                draw_series(*s, rng, draw);
                end_ratio[i] = draw[k26] / draw[k22];
                year_ratio[i] = wafers_in_year(draw, k26) / wafers_in_year(draw, k22);
            }
            const Band e = band_of(end_ratio), y = band_of(year_ratio);
            c.figures = {{"year_end_ratio_p5", e.p5}, {"year_end_ratio_p50", e.p50}, {"year_end_ratio_p95", e.p95},
                         {"annual_wafers_ratio_p50", y.p50}, {"tsmc_80pct_cagr_ratio", std::pow(1.8, 4)},
                         {"over_50pct_cagr_ratio", std::pow(1.5, 4)}};
            c.summary = "CoWoS capacity (not demand), end-2026 over end-2022: " + fixed(e.p50, 1) + "x (p5-p95 " +
                        fixed(e.p5, 1) + "-" + fixed(e.p95, 1) + "x); a year's wafers 2026 over 2022: " +
                        fixed(y.p50, 1) + "x. TSMC's 80 %/yr CAGR gives 10.5x.";
        } else if (claim.check == "cowos-demand-vs-capacity-2026") {
            const YearSeries* demand = data.find_series(kCowosDemandSeries);
            if (!demand || !demand->at(2026)) return Error{"", claim.id + ": no 2026 CoWoS demand in the dataset"};
            CapacityInput ci;
            ci.years = {2026};
            ci.products = {data.products.front().id};
            ci.mc = mc;
            auto cap = capacity(ci, data);
            if (!cap) return cap.error();
            const Band w = cap->years.front().wafers_per_year;
            const Range d = demand->at(2026)->value.range;
            c.figures = {{"tsmc_wafers_2026_p5", w.p5}, {"tsmc_wafers_2026_p50", w.p50}, {"tsmc_wafers_2026_p95", w.p95},
                         {"demand_wafers_2026_low", d.low}, {"demand_wafers_2026_high", d.high},
                         {"demand_over_capacity_low", d.low / w.p50}, {"demand_over_capacity_high", d.high / w.p50}};
            c.summary = "2026 CoWoS demand " + fixed(d.low / 1e6, 2) + "-" + fixed(d.high / 1e6, 2) +
                        "M wafers against TSMC's " + fixed(w.p50 / 1e6, 2) + "M (p5-p95 " + fixed(w.p5 / 1e6, 2) +
                        "-" + fixed(w.p95 / 1e6, 2) + "M, linear ramp): demand/capacity " +
                        fixed(d.low / w.p50, 2) + "-" + fixed(d.high / w.p50, 2) +
                        " (demand may include OSAT CoWoS-like capacity).";
        } else if (claim.check == "wse3-catalogue") {
            const Accelerator* cs3 = catalogue.accelerator("cerebras-cs3");
            if (!cs3) return Error{"", claim.id + ": cerebras-cs3 is not in the catalogue"};
            c.figures = {{"transistors_trillion", cs3->transistors_b / 1000},
                         {"sram_gb", cs3->sram_mb / 1000},
                         {"sram_bw_pb_s", cs3->sram_bw_tbs / 1000},
                         {"die_area_mm2", cs3->die_area_mm2}};
            c.summary = "The catalogue's cerebras-cs3: " + fixed(cs3->transistors_b / 1000, 1) + "T transistors, " +
                        fixed(cs3->sram_mb / 1000, 0) + " GB SRAM at " + fixed(cs3->sram_bw_tbs / 1000, 0) +
                        " PB/s, " + fixed(cs3->die_area_mm2, 0) + " mm2 (cores are not modelled).";
        } else if (claim.check == "speed-ratio-llama-3-70b" || claim.check == "maverick-per-user") {
            const char* model = claim.check == "maverick-per-user" ? "llama-4-maverick" : "llama-3-70b";
            auto cs3 = run(catalogue, "cerebras-cs3", 0, model, Precision::fp16, Scenario::single_stream);
            if (!cs3) return cs3.error();
            auto b8 = run(catalogue, "b200", 8, model, Precision::fp8, Scenario::single_stream);
            if (!b8) return b8.error();
            auto b16 = run(catalogue, "b200", 8, model, Precision::fp16, Scenario::single_stream);
            const double r8 = cs3->per_user_output_tok_s / b8->per_user_output_tok_s;
            c.figures = {{"cs3_per_user_tok_s", cs3->per_user_output_tok_s},
                         {"cs3_systems", double(cs3->layout.chips)},
                         {"b200x8_fp8_per_user_tok_s", b8->per_user_output_tok_s},
                         {"ratio_vs_b200x8_fp8", r8}};
            std::string more;
            if (b16) {
                c.figures.push_back({"b200x8_fp16_per_user_tok_s", b16->per_user_output_tok_s});
                c.figures.push_back({"ratio_vs_b200x8_fp16", cs3->per_user_output_tok_s / b16->per_user_output_tok_s});
                more = ", " + fixed(cs3->per_user_output_tok_s / b16->per_user_output_tok_s, 1) + "x against B200x8 at fp16";
            }
            c.summary = std::string(model) + ", one user (1,000 in / 1,000 out, no speculative decoding): " +
                        std::to_string(cs3->layout.chips) + " CS-3 at fp16 " + fixed(cs3->per_user_output_tok_s, 0) +
                        " tok/s vs B200x8 at fp8 " + fixed(b8->per_user_output_tok_s, 0) + " tok/s: " + fixed(r8, 1) +
                        "x" + more + ".";
        } else if (claim.check == "hardware-usd-per-tok-s-llama-3-70b") {
            auto cs3 = run(catalogue, "cerebras-cs3", 0, "llama-3-70b", Precision::fp16, Scenario::offline);
            if (!cs3) return cs3.error();
            auto b8 = run(catalogue, "b200", 8, "llama-3-70b", Precision::fp8, Scenario::offline);
            if (!b8) return b8.error();
            const Accelerator* a = catalogue.accelerator("cerebras-cs3");
            const Accelerator* b = catalogue.accelerator("b200");
            if (!known(a->price_usd) || !known(b->price_usd)) return Error{"", claim.id + ": a price is missing"};
            const double usd_cs3 = a->price_usd * cs3->layout.chips / cs3->system_output_tok_s;
            const double usd_b200 = b->price_usd * 8 / b8->system_output_tok_s;
            c.figures = {{"cs3_hardware_usd_per_tok_s", usd_cs3}, {"b200x8_hardware_usd_per_tok_s", usd_b200},
                         {"cs3_over_b200", usd_cs3 / usd_b200}};
            c.summary = "Hardware price per output tok/s, llama-3-70b offline (chips only, catalogue prices: CS-3 ~$" +
                        fixed(a->price_usd / 1e6, 1) + "M hearsay, B200 ~$" + fixed(b->price_usd / 1e3, 0) +
                        "k): CS-3 $" + fixed(usd_cs3, 0) + " vs B200x8 $" + fixed(usd_b200, 0) + ", ratio " +
                        fixed(usd_cs3 / usd_b200, 2) + " (the claim implies 0.68; power, hosts and utilisation left out).";
        } else if (claim.check == "cs3-systems-for-power") {
            const Accelerator* cs3 = catalogue.accelerator("cerebras-cs3");
            if (!cs3 || !known(cs3->tdp_w)) return Error{"", claim.id + ": cerebras-cs3 has no tdp_w"};
            const double s750 = 750e6 / cs3->tdp_w, s2000 = 2000e6 / cs3->tdp_w;
            c.figures = {{"cs3_kw", cs3->tdp_w / 1e3}, {"cs3_systems_750mw", s750}, {"cs3_systems_2gw", s2000}};
            c.summary = "At ~" + fixed(cs3->tdp_w / 1e3, 0) + " kW per CS-3 (third-party figure, IT power only, no PUE): 750 MW is ~" +
                        fixed(s750 / 1e3, 1) + "k systems (one 5 nm wafer each), 2 GW ~" + fixed(s2000 / 1e3, 1) + "k.";
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace w2t::supply
