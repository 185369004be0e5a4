// Capacity and fleet (w2t::supply::capacity / fleet / check_claims) and the
// loader of catalogue/supply.json: errors name the entry and the field, the
// Monte Carlo is deterministic for a seed, zero-width ranges give zero-width
// bands, fleet tokens/s = accelerators x estimate()'s per-accelerator tok/s,
// and more CoWoS wafers never give fewer accelerators.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/inference.hpp"
#include "w2t/supply/capacity.hpp"

namespace {

using nlohmann::json;
using namespace w2t;
using namespace w2t::supply;

json source(const char* quote = "a verbatim quote with 8,000") {
    return {{"row", "r1"}, {"title", "A page"}, {"url", "https://example.org/a"}, {"date", "2024-01"},
            {"quality", "press"}, {"quote", quote}, {"value", 8000}};
}

json year(int y, double low, double base, double high) {
    return {{"year", y}, {"low", low}, {"base", base}, {"high", high}, {"basis", "sourced"},
            {"sources", json::array({source()})}};
}

// A small valid dataset: CoWoS 2024-2026, two products, one claim.
json minimal() {
    json cowos = {{"id", kCowosSeries}, {"name", "CoWoS"}, {"unit", "wafers/month"}, {"definition", "year-end"},
                  {"years", json::array({year(2024, 30000, 35000, 40000), year(2025, 65000, 75000, 80000),
                                         year(2026, 88000, 120000, 140000)})}};
    auto product = [](const char* id, int system, double low, double base, double high) {
        return json{{"id", id}, {"packaging", "CoWoS-L"}, {"system_accelerators", system},
                    {"system_note", "HGX"}, {"system_source", source()},
                    {"packages_per_cowos_wafer", {{"low", low}, {"base", base}, {"high", high},
                                                  {"basis", "sourced"}, {"sources", json::array({source()})}}}};
    };
    json claim = {{"id", "c1"}, {"claim", "x"}, {"verdict", "supports"}, {"says", "y"}, {"check", "none"},
                  {"source", source()}};
    return {{"schema", "w2t-supply/1"},
            {"series", json::array({cowos})},
            {"products", json::array({product("b200", 8, 15, 16, 17), product("mi300x", 8, 15, 16, 17)})},
            {"claims", json::array({claim})}};
}

SupplyData load(const json& j) {
    auto d = load_supply(j.dump());
    EXPECT_TRUE(d) << d.error().to_string();
    return d ? d.value() : SupplyData{};
}

std::string error_field(const json& j) {
    auto d = load_supply(j.dump());
    return d ? std::string("(loaded)") : d.error().field;
}

// Every range of the dataset set to zero width at its base.
SupplyData zero_width(SupplyData d) {
    for (auto& s : d.series)
        for (auto& y : s.years) y.value.range = {y.value.range.base, y.value.range.base, y.value.range.base};
    for (auto& p : d.products) {
        const double b = p.packages_per_wafer.range.base;
        p.packages_per_wafer.range = {b, b, b};
    }
    return d;
}

FleetInput llama70b_fleet(int year, std::vector<MixShare> mix) {
    FleetInput in;
    in.year = year;
    in.mix = std::move(mix);
    in.perf.model_id = "llama-3.1-70b";
    in.perf.precision = Precision::fp8;
    in.perf.scenario = Scenario::offline;
    return in;
}

}  // namespace

// [SECTION] the dataset and its loader
TEST(SupplyCapacityData, TheBuiltInDatasetLoadsWithEveryYearAndProduct) {
    const SupplyData& d = builtin_supply();
    const YearSeries* cowos = d.find_series(kCowosSeries);
    ASSERT_NE(cowos, nullptr);
    ASSERT_EQ(cowos->years.size(), 6u);
    EXPECT_EQ(cowos->years.front().year, 2022);
    EXPECT_EQ(cowos->years.back().year, 2027);
    for (const auto& y : cowos->years) {
        EXPECT_FALSE(y.value.sources.empty()) << y.year;
        for (const auto& s : y.value.sources) EXPECT_FALSE(s.quote.empty()) << y.year << " " << s.row;
    }
    for (const char* id : {"h100-sxm", "h200-sxm", "b200", "gb200", "mi300x"}) {
        const SupplyProduct* p = d.product(id);
        ASSERT_NE(p, nullptr) << id;
        const Accelerator* a = builtin_catalogue().accelerator(id);
        ASSERT_NE(a, nullptr) << id << " must be a catalogue accelerator";
        EXPECT_TRUE(known(a->tdp_w)) << id;
        EXPECT_GT(p->packages_per_wafer.range.low, 0) << id;
    }
    EXPECT_EQ(d.claims.size(), 10u);
    // The article's unsourced claims carry no source; the others do.
    for (const auto& c : d.claims) EXPECT_EQ(c.source.has_value(), c.verdict != "unsourced" || c.id == "wafer-demand-11x") << c.id;
}

TEST(SupplyCapacityData, LoaderErrorsNameTheEntryAndTheField) {
    EXPECT_EQ(error_field(minimal()), "(loaded)");
    struct Case {
        std::string expected;
        void (*mutate)(json&);
    };
    const Case cases[] = {
        {"schema", [](json& j) { j["schema"] = "w2t-supply/0"; }},
        {"series[0] (cowos_wafers_per_month).years[1] (2025).low",
         [](json& j) { j["series"][0]["years"][1]["low"] = 90000; }},
        {"series[0] (cowos_wafers_per_month).years[2] (2026).high",
         [](json& j) { j["series"][0]["years"][2]["high"] = 100000; }},
        {"series[0] (cowos_wafers_per_month).years[0] (2024).base",
         [](json& j) { j["series"][0]["years"][0]["base"] = "many"; }},
        {"series[0] (cowos_wafers_per_month).years[0] (2024).sources[0].quote",
         [](json& j) { j["series"][0]["years"][0]["sources"][0].erase("quote"); }},
        {"series[0] (cowos_wafers_per_month).years[0] (2024).sources[0].quality",
         [](json& j) { j["series"][0]["years"][0]["sources"][0]["quality"] = "rumour"; }},
        {"series[0] (cowos_wafers_per_month).years[0] (2024).sources[0].url",
         [](json& j) { j["series"][0]["years"][0]["sources"][0]["url"] = "example.org"; }},
        {"series[0] (cowos_wafers_per_month).years[0] (2024).note",
         [](json& j) { j["series"][0]["years"][0]["basis"] = "estimate"; }},
        {"series[0] (cowos_wafers_per_month).years[0] (2024).sources",
         [](json& j) { j["series"][0]["years"][0]["sources"] = json::array(); }},
        {"series[0] (cowos_wafers_per_month).years[1].year",
         [](json& j) { j["series"][0]["years"][1]["year"] = 2026; }},
        {"series[0] (cowos_wafers_per_month).years[0].year",
         [](json& j) { j["series"][0]["years"][0]["year"] = 2019; }},
        {"series", [](json& j) { j["series"][0]["id"] = "other"; }},
        {"products[1] (mi300x).system_accelerators", [](json& j) { j["products"][1]["system_accelerators"] = 0; }},
        {"products[0] (b200).packages_per_cowos_wafer.low",
         [](json& j) { j["products"][0]["packages_per_cowos_wafer"]["low"] = 0; }},
        {"products[1].id", [](json& j) { j["products"][1]["id"] = "b200"; }},
        {"claims[0] (c1).verdict", [](json& j) { j["claims"][0]["verdict"] = "true"; }},
        {"claims[0] (c1).check", [](json& j) { j["claims"][0]["check"] = "magic"; }},
        {"claims[0] (c1).source", [](json& j) { j["claims"][0]["source"] = nullptr; }},
    };
    for (const Case& c : cases) {
        json j = minimal();
        c.mutate(j);
        EXPECT_EQ(error_field(j), c.expected);
    }
    auto bad = load_supply("{not json");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("not valid JSON"), std::string::npos);
    // An unsourced claim may have no source.
    json j = minimal();
    j["claims"][0]["source"] = nullptr;
    j["claims"][0]["verdict"] = "unsourced";
    EXPECT_EQ(error_field(j), "(loaded)");
}

// [SECTION] Monte Carlo
TEST(SupplyCapacityMonteCarlo, SplitmixIsDeterministicAndUniformInRange) {
    Rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) {
        const uint64_t x = a.next();
        EXPECT_EQ(x, b.next());
        EXPECT_NE(x, c.next());
    }
    // splitmix64's first output for seed 0 (the reference implementation's).
    EXPECT_EQ(Rng(0).next(), 0xe220a8397b1dcdafULL);
    Rng r(7);
    double sum = 0;
    for (int i = 0; i < 100000; ++i) {
        const double u = r.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
    }
    EXPECT_NEAR(sum / 100000, 0.5, 0.01);
}

TEST(SupplyCapacityMonteCarlo, TriangularDrawsStayInRangeAndZeroWidthIsExact) {
    Rng r(1);
    const Range range{10, 12, 20};
    double sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double x = sample(range, r);
        ASSERT_GE(x, 10.0);
        ASSERT_LE(x, 20.0);
        sum += x;
    }
    EXPECT_NEAR(sum / n, (10 + 12 + 20) / 3.0, 0.05);  // the triangular mean
    Rng z(1);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(sample({16, 16, 16}, z), 16.0);
    // Mode at an end of the range works too.
    Rng e(3);
    for (int i = 0; i < 1000; ++i) {
        const double x = sample({5, 5, 9}, e), y = sample({5, 9, 9}, e);
        ASSERT_TRUE(x >= 5 && x <= 9 && y >= 5 && y <= 9);
    }
}

TEST(SupplyCapacityMonteCarlo, BandsAreInterpolatedPercentiles) {
    std::vector<double> v;
    for (int i = 101; i >= 1; --i) v.push_back(i);  // 1..101, reversed
    const Band b = band_of(v);
    EXPECT_DOUBLE_EQ(b.p5, 6);
    EXPECT_DOUBLE_EQ(b.p50, 51);
    EXPECT_DOUBLE_EQ(b.p95, 96);
    EXPECT_DOUBLE_EQ(b.mean, 51);
    std::vector<double> two = {0, 10};
    const Band t = band_of(two);
    EXPECT_DOUBLE_EQ(t.p5, 0.5);
    EXPECT_DOUBLE_EQ(t.p50, 5);
    EXPECT_DOUBLE_EQ(t.p95, 9.5);
    std::vector<double> one = {3};
    const Band o = band_of(one);
    EXPECT_EQ(o.p5, 3);
    EXPECT_EQ(o.p95, 3);
    std::vector<double> none;
    EXPECT_EQ(band_of(none).p50, 0);
}

// [SECTION] capacity
TEST(SupplyCapacity, DeterministicForASeedWithP50InsideTheSourcedRange) {
    const SupplyData& d = builtin_supply();
    CapacityInput in;
    in.mc = {2000, 7};
    auto a = capacity(in, d), b = capacity(in, d);
    ASSERT_TRUE(a) << a.error().to_string();
    ASSERT_TRUE(b);
    ASSERT_EQ(a->years.size(), 6u);
    for (size_t k = 0; k < a->years.size(); ++k) {
        const YearCapacity &x = a->years[k], &y = b->years[k];
        EXPECT_EQ(x.wafers_per_month.p50, y.wafers_per_month.p50);
        EXPECT_EQ(x.wafers_per_year.p95, y.wafers_per_year.p95);
        const Range r = x.wafers_per_month_range;
        EXPECT_GE(x.wafers_per_month.p5, r.low) << x.year;
        EXPECT_LE(x.wafers_per_month.p95, r.high) << x.year;
        EXPECT_GT(x.wafers_per_month.p50, r.low) << x.year;
        EXPECT_LT(x.wafers_per_month.p50, r.high) << x.year;
        EXPECT_LE(x.wafers_per_month.p5, x.wafers_per_month.p50);
        EXPECT_LE(x.wafers_per_month.p50, x.wafers_per_month.p95);
        EXPECT_EQ(x.ramp_from_previous, k > 0);
        for (size_t p = 0; p < x.products.size(); ++p) {
            const ProductCapacity& pc = x.products[p];
            EXPECT_EQ(pc.accelerators_per_year.p50, y.products[p].accelerators_per_year.p50);
            EXPECT_GE(pc.packages_per_wafer.p50, pc.packages_per_wafer_range.low) << pc.product;
            EXPECT_LE(pc.packages_per_wafer.p50, pc.packages_per_wafer_range.high) << pc.product;
            EXPECT_LE(pc.accelerators_per_year.p5, pc.accelerators_per_year.p50);
            EXPECT_LE(pc.accelerators_per_year.p50, pc.accelerators_per_year.p95);
        }
    }
    in.mc.seed = 8;
    auto c = capacity(in, d);
    ASSERT_TRUE(c);
    EXPECT_NE(c->years[3].wafers_per_month.p50, a->years[3].wafers_per_month.p50);
}

TEST(SupplyCapacity, ZeroWidthRangesGiveZeroWidthBandsAndTheRampFormula) {
    const SupplyData d = zero_width(load(minimal()));
    CapacityInput in;
    in.mc = {500, 3};
    auto r = capacity(in, d);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->years.size(), 3u);
    const double end[] = {35000, 75000, 120000};
    for (size_t k = 0; k < 3; ++k) {
        const YearCapacity& y = r->years[k];
        EXPECT_EQ(y.wafers_per_month.p5, end[k]);
        EXPECT_EQ(y.wafers_per_month.p95, end[k]);
        const double wpy = k == 0 ? 12 * end[0] : 6 * (end[k - 1] + end[k]);
        EXPECT_EQ(y.wafers_per_year.p5, wpy);
        EXPECT_EQ(y.wafers_per_year.p50, wpy);
        EXPECT_EQ(y.wafers_per_year.p95, wpy);
        for (const auto& p : y.products) {
            EXPECT_EQ(p.accelerators_per_year.p5, wpy * 16);
            EXPECT_EQ(p.accelerators_per_year.p95, wpy * 16);
        }
    }
}

TEST(SupplyCapacity, MoreCowosWafersNeverGiveFewerAccelerators) {
    SupplyData base = load(minimal());
    for (double factor : {1.0001, 1.2, 3.0}) {
        SupplyData more = base;
        for (auto& y : more.series[0].years) {
            Range& r = y.value.range;
            r = {r.low * factor, r.base * factor, r.high * factor};
        }
        // Only the upper end raised: also never fewer.
        SupplyData wider = base;
        wider.series[0].years[1].value.range.high *= factor;
        for (uint64_t seed : {1u, 2u, 99u}) {
            CapacityInput in;
            in.mc = {300, seed};
            auto a = capacity(in, base), b = capacity(in, more), c = capacity(in, wider);
            ASSERT_TRUE(a && b && c);
            for (size_t k = 0; k < a->years.size(); ++k)
                for (size_t p = 0; p < a->years[k].products.size(); ++p) {
                    const Band &x = a->years[k].products[p].accelerators_per_year,
                               &y = b->years[k].products[p].accelerators_per_year,
                               &z = c->years[k].products[p].accelerators_per_year;
                    EXPECT_GE(y.p5, x.p5);
                    EXPECT_GE(y.p50, x.p50);
                    EXPECT_GE(y.p95, x.p95);
                    EXPECT_GE(z.p5, x.p5);
                    EXPECT_GE(z.p50, x.p50);
                    EXPECT_GE(z.p95, x.p95);
                }
            auto f = fleet(llama70b_fleet(2026, {{"b200", 1.0}}), base, builtin_catalogue());
            auto g = fleet(llama70b_fleet(2026, {{"b200", 1.0}}), more, builtin_catalogue());
            ASSERT_TRUE(f && g);
            EXPECT_GE(g->accelerators.p50, f->accelerators.p50);
            EXPECT_GE(g->output_tok_s.p5, f->output_tok_s.p5);
        }
    }
}

TEST(SupplyCapacity, ErrorsNameTheField) {
    const SupplyData& d = builtin_supply();
    CapacityInput in;
    in.years = {2030};
    auto r = capacity(in, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "years");
    EXPECT_NE(r.error().message.find("2022-2027"), std::string::npos);
    in.years = {};
    in.products = {"b300"};
    r = capacity(in, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "products");
    EXPECT_NE(r.error().message.find("b200"), std::string::npos);
    in.products = {};
    in.mc.samples = 0;
    r = capacity(in, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "samples");
}

// [SECTION] fleet
TEST(SupplyFleet, TokensPerSecondIsAcceleratorsTimesEstimatesPerAcceleratorRate) {
    const Catalogue& cat = builtin_catalogue();
    FleetInput in = llama70b_fleet(2026, {{"b200", 0.6}, {"mi300x", 0.4}});
    auto r = fleet(in, builtin_supply(), cat);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->products.size(), 2u);
    for (const FleetProduct& p : r->products) {
        EstimateInput e = in.perf;
        e.hardware_id = p.product;
        e.accelerator_count = 8;
        auto est = estimate(e, cat);
        ASSERT_TRUE(est);
        EXPECT_EQ(p.system_accelerators, 8);
        EXPECT_DOUBLE_EQ(p.system_output_tok_s, est->system_output_tok_s);
        EXPECT_DOUBLE_EQ(p.per_accelerator_output_tok_s, est->system_output_tok_s / 8);
        EXPECT_DOUBLE_EQ(p.output_tok_s.p50, p.accelerators.p50 * p.per_accelerator_output_tok_s);
        EXPECT_DOUBLE_EQ(p.output_tok_s.p95, p.accelerators.p95 * p.per_accelerator_output_tok_s);
        EXPECT_DOUBLE_EQ(p.power_mw.p50, p.accelerators.p50 * cat.accelerator(p.product)->tdp_w / 1e6);
    }
    EXPECT_NEAR(r->unallocated_share, 0, 1e-12);
    // Zero-width ranges: the totals are exact sums.
    const SupplyData z = zero_width(builtin_supply());
    auto x = fleet(in, z, cat);
    ASSERT_TRUE(x);
    const double wpy = 6 * (77500 + 120000);
    EXPECT_EQ(x->wafers_per_year.p5, wpy);
    EXPECT_EQ(x->wafers_per_year.p95, wpy);
    double acc = 0, tok = 0;
    for (const FleetProduct& p : x->products) {
        EXPECT_DOUBLE_EQ(p.accelerators.p50, wpy * p.wafer_share * 16);
        EXPECT_EQ(p.accelerators.p5, p.accelerators.p95);
        acc += p.accelerators.p50;
        tok += p.accelerators.p50 * p.per_accelerator_output_tok_s;
    }
    EXPECT_DOUBLE_EQ(x->accelerators.p50, acc);
    EXPECT_DOUBLE_EQ(x->accelerators.p5, x->accelerators.p95);
    EXPECT_NEAR(x->output_tok_s.p50, tok, 1e-9 * tok);
    EXPECT_EQ(x->output_tok_s.p5, x->output_tok_s.p95);
    // The same seed gives the same bands; half the wafers, half the fleet.
    auto again = fleet(in, builtin_supply(), cat);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->output_tok_s.p50, r->output_tok_s.p50);
    auto half = fleet(llama70b_fleet(2026, {{"b200", 0.3}}), z, cat);
    auto full = fleet(llama70b_fleet(2026, {{"b200", 0.6}}), z, cat);
    ASSERT_TRUE(half && full);
    EXPECT_DOUBLE_EQ(2 * half->accelerators.p50, full->accelerators.p50);
    EXPECT_NEAR(half->unallocated_share, 0.7, 1e-12);
}

TEST(SupplyFleet, MixParsingAndErrorsNameTheField) {
    auto m = parse_mix("b200:0.6,mi300x:0.4");
    ASSERT_TRUE(m) << m.error().to_string();
    ASSERT_EQ(m->size(), 2u);
    EXPECT_EQ((*m)[1].product, "mi300x");
    EXPECT_DOUBLE_EQ((*m)[1].wafer_share, 0.4);
    for (const char* bad : {"", "b200", ":0.5", "b200:", "b200:x", "b200:0", "b200:1.5", "b200:0.7,mi300x:0.4",
                            "b200:0.2,b200:0.2", "b200:0.5,"}) {
        auto r = parse_mix(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().field, "mix") << bad;
    }
    const Catalogue& cat = builtin_catalogue();
    const SupplyData& d = builtin_supply();
    auto field_of = [&](FleetInput in) {
        auto r = fleet(in, d, cat);
        return r ? std::string("(ok)") : r.error().field;
    };
    EXPECT_EQ(field_of(llama70b_fleet(2030, {{"b200", 1}})), "year");
    EXPECT_EQ(field_of(llama70b_fleet(2026, {{"b300", 1}})), "mix");
    EXPECT_EQ(field_of(llama70b_fleet(2026, {})), "mix");
    FleetInput model = llama70b_fleet(2026, {{"b200", 1}});
    model.perf.model_id = "llama-9";
    EXPECT_EQ(field_of(model), "model_id");
    FleetInput samples = llama70b_fleet(2026, {{"b200", 1}});
    samples.mc.samples = 0;
    EXPECT_EQ(field_of(samples), "samples");
    // A model that does not fit the product's system: no field, the product named.
    FleetInput big = llama70b_fleet(2026, {{"h100-sxm", 1}});
    big.perf.model_id = "llama-3.1-405b";
    big.perf.precision = Precision::fp16;
    auto r = fleet(big, d, cat);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "");
    EXPECT_NE(r.error().message.find("h100-sxm"), std::string::npos);
    // ... unless the systems are made bigger.
    big.accelerators_per_system = 16;
    EXPECT_EQ(field_of(big), "(ok)");
}

// [SECTION] claims
TEST(SupplyClaims, ModelChecksMatchEstimateAndTheDataset) {
    const Catalogue& cat = builtin_catalogue();
    auto checks = check_claims(builtin_supply(), cat, {1000, 1});
    ASSERT_TRUE(checks) << checks.error().to_string();
    auto find = [&](const std::string& id) -> const ClaimCheck* {
        for (const auto& c : *checks)
            if (c.id == id) return &c;
        return nullptr;
    };
    auto figure = [](const ClaimCheck* c, const std::string& name) {
        for (const auto& f : c->figures)
            if (f.name == name) return f.value;
        ADD_FAILURE() << "no figure " << name;
        return std::nan("");
    };
    const ClaimCheck* speed = find("wse3-21x-b200");
    ASSERT_NE(speed, nullptr);
    EstimateInput cs3;
    cs3.hardware_id = "cerebras-cs3";
    cs3.model_id = "llama-3-70b";
    cs3.precision = Precision::fp16;
    cs3.scenario = Scenario::single_stream;
    EstimateInput b200 = cs3;
    b200.hardware_id = "b200";
    b200.accelerator_count = 8;
    b200.precision = Precision::fp8;
    auto a = estimate(cs3, cat), b = estimate(b200, cat);
    ASSERT_TRUE(a && b);
    EXPECT_DOUBLE_EQ(figure(speed, "ratio_vs_b200x8_fp8"), a->per_user_output_tok_s / b->per_user_output_tok_s);
    const ClaimCheck* growth = find("wafer-demand-11x");
    ASSERT_NE(growth, nullptr);
    const double p50 = figure(growth, "year_end_ratio_p50");
    EXPECT_GT(p50, 88000.0 / 9000);   // 2026 low over 2022 high
    EXPECT_LT(p50, 140000.0 / 6000);  // 2026 high over 2022 low
    EXPECT_DOUBLE_EQ(figure(growth, "tsmc_80pct_cagr_ratio"), std::pow(1.8, 4));
    ASSERT_NE(find("maverick-2500"), nullptr);
    ASSERT_NE(find("openai-750mw-2gw"), nullptr);
    EXPECT_NEAR(figure(find("openai-750mw-2gw"), "cs3_systems_750mw"), 750e6 / cat.accelerator("cerebras-cs3")->tdp_w, 1e-6);
    EXPECT_EQ(find("tsmc-72pct"), nullptr);  // no model check for a market share
}

// [SECTION] speed
TEST(SupplyCapacitySpeed, AFullScenarioRecomputesQuickly) {
    // The brief: a full supply scenario (fleet: two estimate() runs and the
    // Monte Carlo at the default sample count) in <= 1 ms natively. Measured and
    // printed; the bound asserted here is loose so that slow CI hosts and the
    // WebAssembly run do not flake.
    const Catalogue& cat = builtin_catalogue();
    const SupplyData& d = builtin_supply();
    FleetInput in = llama70b_fleet(2026, {{"b200", 0.6}, {"mi300x", 0.4}});
    CapacityInput ci;
    ASSERT_TRUE(fleet(in, d, cat));  // warm-up
    const int runs = 50;
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) ASSERT_TRUE(fleet(in, d, cat));
    auto t1 = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) ASSERT_TRUE(capacity(ci, d));
    auto t2 = std::chrono::steady_clock::now();
    const double fleet_ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / runs;
    const double capacity_ms = std::chrono::duration<double, std::milli>(t2 - t1).count() / runs;
    std::printf("[ timing   ] fleet (2 products, %d samples): %.3f ms; capacity (6 years x 5 products): %.3f ms\n",
                in.mc.samples, fleet_ms, capacity_ms);
    RecordProperty("fleet_ms", std::to_string(fleet_ms));
    RecordProperty("capacity_ms", std::to_string(capacity_ms));
    EXPECT_LT(fleet_ms, 50.0);
    EXPECT_LT(capacity_ms, 50.0);
}

TEST(SupplyCapacityMonteCarlo, BandsMatchAFullSortAtEverySize) {
    // band_of selects order statistics in place; check it against sorting.
    Rng r(5);
    for (size_t n : {1u, 2u, 3u, 4u, 5u, 7u, 10u, 19u, 20u, 21u, 100u, 1000u, 1001u}) {
        std::vector<double> v(n);
        for (auto& x : v) x = std::floor(r.uniform() * 50);  // ties too
        std::vector<double> sorted = v;
        std::sort(sorted.begin(), sorted.end());
        auto q = [&](double p) {
            const double pos = p * double(n - 1);
            const size_t k = size_t(pos);
            return k + 1 < n ? sorted[k] + (pos - double(k)) * (sorted[k + 1] - sorted[k]) : sorted[k];
        };
        const Band b = band_of(v);
        EXPECT_DOUBLE_EQ(b.p5, q(0.05)) << n;
        EXPECT_DOUBLE_EQ(b.p50, q(0.50)) << n;
        EXPECT_DOUBLE_EQ(b.p95, q(0.95)) << n;
    }
}
