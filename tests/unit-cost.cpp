// The cost model and the planner: arithmetic identities against hand-computed
// examples, units (no $/hour vs $/second slips), the capital recovery factor,
// every default present with its source, errors naming the field.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "w2t/cost/planner.hpp"
#include "w2t/cost/sensitivity.hpp"
#include "w2t/cost/tco.hpp"

namespace {

using w2t::EconomicsInput;

w2t::SystemCost system_of(const char* hw, int count, const EconomicsInput& in) {
    auto s = w2t::system_cost(hw, count, in);
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    return s.ok() ? s.value() : w2t::SystemCost{};
}

w2t::ThroughputInput throughput(double output_tok_s, double in = 1000, double out = 1000) {
    w2t::ThroughputInput t;
    t.system_output_tok_s = output_tok_s, t.input_tokens = in, t.output_tokens = out;
    return t;
}

EconomicsInput rental(double usd_per_accelerator_hour) {
    EconomicsInput e;
    e.usd_per_accelerator_hour = usd_per_accelerator_hour;
    return e;
}

}  // namespace

TEST(Cost, CapitalRecoveryFactorMatchesTheAnnuityFormula) {
    EXPECT_DOUBLE_EQ(w2t::capital_recovery_factor(0, 5), 0.2);  // no interest: straight line
    // 8 % over 5 years: 0.08 * 1.08^5 / (1.08^5 - 1) = 0.250456...
    EXPECT_NEAR(w2t::capital_recovery_factor(0.08, 5), 0.2504564545, 1e-9);
    EXPECT_NEAR(w2t::capital_recovery_factor(0.08, 20), 0.1018522088, 1e-9);
    // Five payments of the annuity, discounted, repay exactly one dollar.
    double pv = 0;
    for (int year = 1; year <= 5; ++year) pv += w2t::capital_recovery_factor(0.08, 5) / std::pow(1.08, year);
    EXPECT_NEAR(pv, 1.0, 1e-12);
    // More interest or a shorter life costs more per year.
    EXPECT_GT(w2t::capital_recovery_factor(0.12, 5), w2t::capital_recovery_factor(0.08, 5));
    EXPECT_GT(w2t::capital_recovery_factor(0.08, 4), w2t::capital_recovery_factor(0.08, 5));
}

TEST(Cost, RentalHandExampleTwoDollarsEightChipsTenThousandTokensPerSecond) {
    // $2/accelerator-hour x 8 = $16/hour; 10,000 output tok/s = 36 M output tokens/hour:
    // $16 / 36 M = $0.444 per M output tokens.
    auto s = system_of("h100-sxm", 8, rental(2));
    EXPECT_EQ(s.economics.mode, w2t::CostMode::rental);
    EXPECT_DOUBLE_EQ(s.usd_per_hour.total, 16.0);
    EXPECT_DOUBLE_EQ(s.usd_per_hour.rental, 16.0);
    auto t = w2t::token_cost(s, throughput(10000, 1000, 1000));
    ASSERT_TRUE(t.ok()) << t.error().to_string();
    EXPECT_NEAR(t->usd_per_mtok_output, 16.0 / 36.0, 1e-12);
    EXPECT_NEAR(t->usd_per_mtok_output, 0.444, 0.0005);
    // 1,000 in / 1,000 out: 20,000 tokens/s in all, 72 M/hour -> $0.222 per M, $0.000222 per 1K.
    EXPECT_NEAR(t->usd_per_mtok_input, 16.0 / 72.0, 1e-12);
    EXPECT_NEAR(t->usd_per_mtok_total, t->usd_per_mtok_input, 1e-15);
    EXPECT_NEAR(t->usd_per_1k_tokens, 16.0 / 72.0 / 1000, 1e-15);
    EXPECT_NEAR(t->system_input_tok_s, 10000, 1e-9);
}

TEST(Cost, UnitsPerHourPerSecondPerMillionAgree) {
    auto s = system_of("h100-sxm", 8, rental(2));
    auto a = w2t::token_cost(s, throughput(10000)).value();
    auto b = w2t::token_cost(s, throughput(20000)).value();
    EXPECT_NEAR(b.usd_per_mtok_output, a.usd_per_mtok_output / 2, 1e-12) << "twice the tokens, half the price";
    // Per second: $16/3600 per second over 10,000 tokens per second = the same price per token.
    const double usd_per_token = 16.0 / 3600 / 10000;
    EXPECT_NEAR(a.usd_per_mtok_output, usd_per_token * 1e6, 1e-12);
    EXPECT_NEAR(a.usd_per_1k_tokens * 1000, a.usd_per_mtok_total, 1e-12);
    // Twice the rate, twice the cost; twice the chips, twice the hour.
    EXPECT_DOUBLE_EQ(system_of("h100-sxm", 8, rental(4)).usd_per_hour.total, 32.0);
    EXPECT_DOUBLE_EQ(system_of("h100-sxm", 16, rental(2)).usd_per_hour.total, 32.0);
}

TEST(Cost, OwnedHardwareHandExampleEightH100s) {
    // Computed by hand (docs/cost-model.md): 8 x H100 SXM at the catalogue's $27,500,
    // TDP 700 W, every other value the default.
    auto s = system_of("h100-sxm", 8, EconomicsInput{});
    EXPECT_EQ(s.economics.mode, w2t::CostMode::owned);
    EXPECT_EQ(s.economics.origin.at("usd_per_accelerator"), "catalogue");
    EXPECT_EQ(s.economics.origin.at("accelerator_power_w"), "catalogue");
    EXPECT_EQ(s.economics.origin.at("pue"), "default");
    const double capex = 8 * 27500 * 1.227;                                   // 269,940
    const double capital = capex * 0.2504564545 / 8760;                       // 7.7178
    const double operations = capex * 0.05 / 8760;                            // 1.5408
    const double it_max_kw = 8 * 0.700 * 1.79;                                // 10.024
    const double power = it_max_kw * 0.7 * 1.58 * 0.0806;                     // 0.8936
    const double datacenter = it_max_kw / 1000 * 10.7e6 * 0.1018522088 / 8760;  // 1.2470
    EXPECT_NEAR(s.capex_usd, capex, 1e-6);
    EXPECT_NEAR(s.usd_per_hour.capital, capital, 1e-6);
    EXPECT_NEAR(s.usd_per_hour.operations, operations, 1e-9);
    EXPECT_NEAR(s.usd_per_hour.power, power, 1e-9);
    EXPECT_NEAR(s.usd_per_hour.datacenter, datacenter, 1e-6);
    EXPECT_NEAR(s.usd_per_hour.total, capital + operations + power + datacenter, 1e-6);
    EXPECT_NEAR(s.usd_per_hour.total, 11.399, 0.001);
    EXPECT_NEAR(s.provisioned_it_kw, 10.024, 1e-9);
    EXPECT_NEAR(s.facility_kw, 10.024 * 0.7 * 1.58, 1e-9);
    // Energy: 10,000 output tok/s over 11.087 kW of facility power = 0.902 tokens per joule.
    auto t = w2t::token_cost(s, throughput(10000)).value();
    EXPECT_NEAR(t.tokens_per_joule, 10000 / (s.facility_kw * 1000), 1e-12);
    EXPECT_NEAR(t.kw_per_system, s.facility_kw, 1e-12);
}

TEST(Cost, InputsOverrideDefaultsAndOverridesPerChipApply) {
    EconomicsInput e;
    e.usd_per_accelerator = 30000, e.pue = 1.2, e.usd_per_kwh = 0.05, e.cost_of_capital = 0;
    auto s = system_of("h100-sxm", 8, e);
    EXPECT_EQ(s.economics.origin.at("usd_per_accelerator"), "input");
    EXPECT_NEAR(s.usd_per_hour.capital, 8 * 30000 * 1.227 / 5 / 8760, 1e-9) << "no interest: straight line";
    EXPECT_NEAR(s.usd_per_hour.power, 8 * 0.7 * 1.79 * 0.7 * 1.2 * 0.05, 1e-9);
    // The CS-3's price and power are a whole system's: no host share, no host power.
    auto cs3 = system_of("cerebras-cs3", 4, EconomicsInput{});
    EXPECT_EQ(cs3.economics.values.at("host_share"), 0);
    EXPECT_EQ(cs3.economics.origin.at("host_share"), "hardware default");
    EXPECT_EQ(cs3.economics.values.at("system_power_factor"), 1.0);
    EXPECT_NEAR(cs3.capex_usd, 4 * 2.5e6, 1);
}

TEST(Cost, PowerBudgetGivesTheFleet) {
    auto s = system_of("b200", 8, EconomicsInput{});
    auto t = w2t::token_cost(s, throughput(40000), 750).value();
    // 750 MW of site power over each system's provisioned facility power (8 x 1 kW x 1.79 x 1.58).
    const double per_system_kw = 8 * 1.0 * 1.79 * 1.58;
    EXPECT_NEAR(t.fleet_systems, std::floor(750e3 / per_system_kw), 0.5);
    EXPECT_NEAR(t.fleet_output_tok_s, t.fleet_systems * 40000, 1e-6);
    EXPECT_NEAR(t.fleet_usd_per_hour, t.fleet_systems * s.usd_per_hour.total, 1e-6);
}

TEST(Cost, SplitByComputeTimeSumsToTheCostOfARequest) {
    auto s = system_of("h100-sxm", 8, rental(2));
    auto t = throughput(10000, 2000, 500);
    t.prefill_ms = 100, t.replicas = 2;
    auto k = w2t::token_cost(s, t).value();
    // 10,000 / 500 = 20 requests/s, 10 per replica, 0.1 s of prefill each: busy all the time.
    EXPECT_NEAR(k.prefill_time_share, 1.0, 1e-12);
    t.prefill_ms = 20;
    k = w2t::token_cost(s, t).value();
    EXPECT_NEAR(k.prefill_time_share, 0.2, 1e-12);
    const double usd_per_request = 16.0 / 3600 / 20;
    EXPECT_NEAR(2000 * k.usd_per_mtok_input_split / 1e6 + 500 * k.usd_per_mtok_output_split / 1e6, usd_per_request,
                1e-15);
}

TEST(Cost, DefaultsArePresentWithSources) {
    const auto& d = w2t::builtin_economics();
    ASSERT_FALSE(d.defaults.empty()) << "catalogue/economics.json failed to load";
    for (const std::string& key : w2t::economics_default_keys()) {
        ASSERT_TRUE(d.defaults.count(key)) << key;
        const auto& f = d.defaults.at(key);
        EXPECT_TRUE(std::isfinite(f.value)) << key;
        EXPECT_EQ(f.url.rfind("http", 0), 0u) << key;
        EXPECT_FALSE(f.date.empty()) << key;
        EXPECT_FALSE(f.quality.empty()) << key;
        EXPECT_FALSE(f.note.empty() && f.quote.empty()) << key << ": say what the figure is";
    }
    EXPECT_DOUBLE_EQ(d.defaults.at("usd_per_kwh").value, 0.0806);
    EXPECT_DOUBLE_EQ(d.defaults.at("pue").value, 1.58);
    EXPECT_FALSE(d.defaults.at("host_share").derivation.empty());
    EXPECT_TRUE(d.rental_usd_per_accelerator_hour.count("h100-sxm"));
    EXPECT_TRUE(d.power_budgets_mw.count("openai-cerebras-750mw"));
    EXPECT_TRUE(d.presets.count("cloud-rental") && d.presets.count("owned-hardware"));
    // The cloud-rental preset takes the sourced rate.
    EconomicsInput e;
    e.preset = "cloud-rental";
    auto s = system_of("h100-sxm", 8, e);
    EXPECT_EQ(s.economics.origin.at("usd_per_accelerator_hour"), "rental table");
    EXPECT_NEAR(s.usd_per_hour.total, 8 * d.rental_usd_per_accelerator_hour.at("h100-sxm").value, 1e-9);
}

TEST(Cost, BadInputNamesTheField) {
    auto field_of = [](const char* hw, const EconomicsInput& e) {
        auto s = w2t::system_cost(hw, 8, e);
        EXPECT_FALSE(s.ok());
        return s.ok() ? std::string() : s.error().field;
    };
    EconomicsInput e;
    e.usd_per_accelerator = -1;
    EXPECT_EQ(field_of("h100-sxm", e), "usd_per_accelerator");
    e = {};
    e.cost_of_capital = 8;  // 8 % typed as 8
    EXPECT_EQ(field_of("h100-sxm", e), "cost_of_capital");
    EXPECT_NE(w2t::system_cost("h100-sxm", 8, e).error().message.find("0.08"), std::string::npos);
    e = {};
    e.usd_per_accelerator_hour = -2;
    EXPECT_EQ(field_of("h100-sxm", e), "usd_per_accelerator_hour");
    e = {};
    e.pue = 0.5;
    EXPECT_EQ(field_of("h100-sxm", e), "pue");
    e = {};
    e.usd_per_kwh = 80;  // cents typed as dollars
    EXPECT_EQ(field_of("h100-sxm", e), "usd_per_kwh");
    e = {};
    EXPECT_EQ(field_of("h200-sxm", e), "usd_per_accelerator") << "no catalogue price: say which field to give";
    EXPECT_NE(w2t::system_cost("h200-sxm", 8, e).error().message.find("missing"), std::string::npos);
    e.preset = "cloud-rental";
    EXPECT_EQ(field_of("mi355x", e), "usd_per_accelerator_hour") << "no default rental rate";
    e = {};
    e.usd_per_accelerator_hour = 2, e.usd_per_accelerator = 30000;
    EXPECT_EQ(field_of("h100-sxm", e), "usd_per_accelerator_hour") << "rental and purchase are alternatives";
    EXPECT_EQ(w2t::system_cost("h100", 8, EconomicsInput{}).error().field, "hardware_id");
    EXPECT_EQ(w2t::system_cost("h100-sxm", 0, EconomicsInput{}).error().field, "accelerator_count");
    // Zero throughput.
    auto s = system_of("h100-sxm", 8, rental(2));
    auto zero = w2t::token_cost(s, throughput(0));
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().field, "system_output_tok_s");
    // JSON: wrong types and unknown presets name the field; other fields are ignored.
    auto j1 = w2t::economics_input_from_json({{"pue", "1.5"}});
    ASSERT_FALSE(j1.ok());
    EXPECT_EQ(j1.error().field, "pue");
    auto j2 = w2t::economics_input_from_json({{"economics_preset", "cheap"}});
    ASSERT_FALSE(j2.ok());
    EXPECT_EQ(j2.error().field, "economics_preset");
    auto j3 = w2t::economics_input_from_json({{"hardware_id", "b200"}, {"usd_per_accelerator_hour", 3}});
    ASSERT_TRUE(j3.ok());
    EXPECT_EQ(j3->usd_per_accelerator_hour, 3);
}

TEST(Cost, LoadEconomicsRejectsUnsourcedFigures) {
    auto bad = w2t::load_economics(R"({"schema":"w2t-economics/1","defaults":{"pue":{"value":1.5}}})");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "defaults.pue.url");
    auto schema = w2t::load_economics(R"({"schema":"other","defaults":{}})");
    ASSERT_FALSE(schema.ok());
    EXPECT_EQ(schema.error().field, "economics.json.schema");
}

TEST(Cost, EstimateToCostEndToEnd) {
    w2t::EstimateInput e;
    e.hardware_id = "h100-sxm", e.accelerator_count = 8, e.model_id = "llama-3.1-70b";
    e.precision = w2t::Precision::fp8, e.scenario = w2t::Scenario::offline;
    auto r = w2t::estimate(e, w2t::builtin_catalogue());
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    auto c = w2t::cost(*r, rental(2));
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    EXPECT_NEAR(c->tokens.usd_per_mtok_output, 16.0 / (r->system_output_tok_s * 3600) * 1e6, 1e-12);
    nlohmann::json j;
    w2t::add_cost_summary(*c, j);
    for (const std::string& key : w2t::cost_summary_keys()) EXPECT_TRUE(j.contains(key)) << key;
}

TEST(CostPlan, SlotWaitMatchesErlangC) {
    // One slot (M/M/1): P(wait) = rho, P(W > t) = rho exp(-(1 - rho) t / S):
    // p95 wait = ln(rho / 0.05) S / (1 - rho) = ln(10) / 0.5 at rho 0.5, S 1.
    EXPECT_NEAR(w2t::slot_wait_p95_s(1, 0.5, 1), std::log(10.0) / 0.5, 1e-9);
    EXPECT_EQ(w2t::slot_wait_p95_s(1, 0.04, 1), 0) << "95 % never wait";
    EXPECT_TRUE(std::isinf(w2t::slot_wait_p95_s(8, 1.0, 1)));
    EXPECT_LT(w2t::slot_wait_p95_s(64, 0.7, 1), w2t::slot_wait_p95_s(8, 0.7, 1)) << "pooling helps";
}

TEST(CostPlan, ReturnsConfigurationsMeetingTargetsCheapestFirstAndExplainsRejections) {
    w2t::PlanInput in;
    in.workload.model_id = "llama-3.1-8b";
    in.workload.requests_per_s = 10;
    in.workload.input_tokens = 1000, in.workload.output_tokens = 500;
    in.workload.ttft_p95_ms = 500, in.workload.tpot_p95_ms = 30;
    in.space.hardware_ids = {"h100-sxm", "b200", "h200-sxm"};
    in.space.counts = {1, 2, 8};
    in.space.concurrency_caps = {1, 8, 64, 256};
    in.top = 5;
    auto r = w2t::plan(in);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->configurations_searched, 3 * 4 * 3 * 4);
    ASSERT_GT(r->feasible, 0);
    ASSERT_FALSE(r->best.empty());
    for (size_t i = 0; i < r->best.size(); ++i) {
        const auto& c = r->best[i];
        EXPECT_TRUE(c.meets);
        EXPECT_LE(c.ttft_p95_ms, 500);
        EXPECT_LE(c.tpot_p95_ms, 30);
        EXPECT_LT(c.utilisation, 1);
        EXPECT_GE(c.systems, 1);
        EXPECT_NEAR(c.usd_per_mtok_output, c.usd_per_hour / (10 * 500 * 3600) * 1e6, 1e-9);
        if (i) {
            EXPECT_LE(r->best[i - 1].usd_per_hour, c.usd_per_hour);
        }
    }
    // h200-sxm has no catalogue price: every option that meets the latency targets is
    // rejected for the price, and says which field to give.
    bool found = false;
    for (const auto& g : r->rejected_by_hardware) {
        if (g.hardware_id != "h200-sxm") continue;
        found = true;
        EXPECT_EQ(g.feasible, 0);
        EXPECT_GT(g.by_kind.count("price"), 0u);
        ASSERT_TRUE(g.has_closest);
        EXPECT_NE(g.closest.reason.find("usd_per_accelerator"), std::string::npos) << g.closest.reason;
    }
    EXPECT_TRUE(found);
    // With a price for it, it can win.
    in.economics_by_hardware["h200-sxm"].usd_per_accelerator = 1000;
    auto cheap = w2t::plan(in);
    ASSERT_TRUE(cheap.ok());
    EXPECT_EQ(cheap->best.front().hardware_id, "h200-sxm");
    // Frontier: cost rises as TPOT falls.
    for (size_t i = 1; i < r->frontier.size(); ++i) {
        EXPECT_GE(r->frontier[i].usd_per_mtok_output, r->frontier[i - 1].usd_per_mtok_output);
        EXPECT_LT(r->frontier[i].tpot_p95_ms, r->frontier[i - 1].tpot_p95_ms);
    }
}

TEST(CostPlan, ImpossibleTargetsRejectEverythingWithReasons) {
    w2t::PlanInput in;
    in.workload.model_id = "llama-3.1-70b";
    in.workload.requests_per_s = 5;
    in.workload.ttft_p95_ms = 100, in.workload.tpot_p95_ms = 0.5;  // 2,000 tok/s per user on a GPU
    in.space.hardware_ids = {"h100-sxm"};
    in.keep_rejected = true;
    auto r = w2t::plan(in);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->feasible, 0);
    EXPECT_EQ(int(r->rejected.size()), r->configurations_searched);
    for (const auto& c : r->rejected) EXPECT_FALSE(c.reason.empty());
    EXPECT_GT(r->rejected_by_kind.at("tpot"), 0);
    // A budget below every option is a rejection too.
    in.workload.tpot_p95_ms = 100, in.workload.ttft_p95_ms = 5000;
    in.workload.budget_usd_per_hour = 0.01;
    r = w2t::plan(in);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->feasible, 0);
    EXPECT_GT(r->rejected_by_kind.at("budget"), 0);
}

TEST(CostPlan, BadWorkloadNamesTheField) {
    w2t::PlanInput in;
    in.workload.model_id = "llama-3.1-70b", in.workload.requests_per_s = 1;
    in.workload.ttft_p95_ms = 1000, in.workload.tpot_p95_ms = 0;
    EXPECT_EQ(w2t::plan(in).error().field, "tpot_p95_ms");
    in.workload.tpot_p95_ms = 50, in.workload.requests_per_s = -1;
    EXPECT_EQ(w2t::plan(in).error().field, "requests_per_s");
    in.workload.requests_per_s = 1, in.workload.model_id = "llama-70b";
    EXPECT_EQ(w2t::plan(in).error().field, "model_id");
    in.workload.model_id = "llama-3.1-70b", in.space.hardware_ids = {"h100"};
    EXPECT_EQ(w2t::plan(in).error().field, "hardware_ids");
}

TEST(CostPlan, DefaultSpaceHoldsOverTenThousandConfigurationsAndIsFast) {
    EXPECT_GE(w2t::plan_space_size(w2t::PlanSpace{}), 10000);
    w2t::PlanInput in;
    in.workload.model_id = "llama-3.1-70b";
    in.workload.requests_per_s = 20, in.workload.input_tokens = 1000, in.workload.output_tokens = 500;
    in.workload.ttft_p95_ms = 1000, in.workload.tpot_p95_ms = 50;
    const auto start = std::chrono::steady_clock::now();
    auto r = w2t::plan(in);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r->configurations_searched, 10000);
    EXPECT_GT(r->feasible, 0);
    std::printf("planner: %d configurations in %.1f ms (%.0f per second)\n", r->configurations_searched, s * 1e3,
                r->configurations_searched / s);
    EXPECT_LT(s, 5.0) << "a generous bound (debug builds, WebAssembly); docs/cost-model.md has the measured speed";
}

// [SECTION] sensitivity (tornado)
namespace {
const w2t::SensitivityRow* row_of(const w2t::Sensitivity& s, const std::string& key) {
    for (const auto& r : s.rows)
        if (r.key == key) return &r;
    return nullptr;
}
}  // namespace

TEST(CostSensitivity, OwnedRowsObeyTheTcoFormulaAndAreSortedBySwing) {
    const EconomicsInput owned{};
    auto sys = system_of("h100-sxm", 8, owned);
    auto base = w2t::token_cost(sys, throughput(10000)).value();
    auto s = w2t::cost_sensitivity("h100-sxm", 8, owned, throughput(10000));
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_EQ(s->mode, w2t::CostMode::owned);
    EXPECT_DOUBLE_EQ(s->base_usd_per_mtok_output, base.usd_per_mtok_output);
    // Every assumption the brief names, plus throughput: 9 rows.
    for (const char* key : {"usd_per_accelerator", "depreciation_years", "cost_of_capital", "usd_per_kwh", "pue",
                            "power_utilisation", "datacenter_usd_per_mw", "operations_share_per_year",
                            "system_output_tok_s"})
        EXPECT_TRUE(row_of(*s, key)) << key;
    EXPECT_EQ(s->rows.size(), 9u);
    for (size_t i = 1; i < s->rows.size(); ++i) EXPECT_GE(s->rows[i - 1].swing, s->rows[i].swing) << i;
    for (const auto& r : s->rows) {
        EXPECT_LE(r.low, r.base) << r.key;
        EXPECT_GE(r.high, r.base) << r.key;
        EXPECT_NEAR(r.swing, std::fabs(r.usd_per_mtok_at_high - r.usd_per_mtok_at_low), 1e-12) << r.key;
        EXPECT_FALSE(r.range_source.empty()) << r.key;
        // The base cost lies between the two ends (cost is monotonic in each assumption).
        EXPECT_LE(std::min(r.usd_per_mtok_at_low, r.usd_per_mtok_at_high), base.usd_per_mtok_output + 1e-12) << r.key;
        EXPECT_GE(std::max(r.usd_per_mtok_at_low, r.usd_per_mtok_at_high), base.usd_per_mtok_output - 1e-12) << r.key;
    }
    // Signs: more of each cost raises $/M tokens; a longer life and more throughput lower it.
    for (const char* up : {"usd_per_accelerator", "cost_of_capital", "usd_per_kwh", "pue", "power_utilisation",
                           "datacenter_usd_per_mw", "operations_share_per_year"}) {
        const auto* r = row_of(*s, up);
        EXPECT_GT(r->usd_per_mtok_at_high, r->usd_per_mtok_at_low) << up;
    }
    for (const char* down : {"depreciation_years", "system_output_tok_s"}) {
        const auto* r = row_of(*s, down);
        EXPECT_LT(r->usd_per_mtok_at_high, r->usd_per_mtok_at_low) << down;
    }
    // Electricity: $/M moves by delta($/kWh) x facility kW over output tokens per hour (x 1e6).
    const auto* kwh = row_of(*s, "usd_per_kwh");
    EXPECT_TRUE(kwh->sourced);
    EXPECT_DOUBLE_EQ(kwh->low, 0.0575);
    EXPECT_DOUBLE_EQ(kwh->high, 0.1864);
    EXPECT_NEAR(kwh->usd_per_mtok_at_high - kwh->usd_per_mtok_at_low,
                (0.1864 - 0.0575) * sys.facility_kw / (10000 * 3600.0) * 1e6, 1e-9);
    EXPECT_NEAR(kwh->usd_per_mtok_at_low - base.usd_per_mtok_output,
                (0.0575 - 0.0806) * sys.facility_kw / (10000 * 3600.0) * 1e6, 1e-9);
    // Throughput: cost per token is inversely proportional to it, over +-30 %.
    const auto* tok = row_of(*s, "system_output_tok_s");
    EXPECT_FALSE(tok->sourced);
    EXPECT_NEAR(tok->usd_per_mtok_at_low, base.usd_per_mtok_output / 0.7, 1e-9);
    EXPECT_NEAR(tok->usd_per_mtok_at_high, base.usd_per_mtok_output / 1.3, 1e-9);
    // Purchase price: from the catalogue, no sourced range: +-25 %, and capital + operations scale with it.
    const auto* price = row_of(*s, "usd_per_accelerator");
    EXPECT_FALSE(price->sourced);
    EXPECT_DOUBLE_EQ(price->low, 27500 * 0.75);
    EXPECT_DOUBLE_EQ(price->high, 27500 * 1.25);
    const double capex_share_per_mtok =
        (sys.usd_per_hour.capital + sys.usd_per_hour.operations) / (10000 * 3600.0) * 1e6;
    EXPECT_NEAR(price->usd_per_mtok_at_high - price->usd_per_mtok_at_low, 0.5 * capex_share_per_mtok, 1e-9);
    // Sourced ranges from the file: years 4-6, PUE 1.3-1.59.
    EXPECT_TRUE(row_of(*s, "depreciation_years")->sourced);
    EXPECT_DOUBLE_EQ(row_of(*s, "depreciation_years")->low, 4);
    EXPECT_DOUBLE_EQ(row_of(*s, "pue")->high, 1.59);
    // On H100 at these defaults the capital (price, life) outweighs the electricity.
    EXPECT_GT(price->swing, kwh->swing);
}

TEST(CostSensitivity, RentalMovesOnlyTheRateAndThroughput) {
    auto s = w2t::cost_sensitivity("h100-sxm", 8, EconomicsInput{.preset = "cloud-rental"}, throughput(10000));
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_EQ(s->mode, w2t::CostMode::rental);
    ASSERT_EQ(s->rows.size(), 2u);
    const auto* rate = row_of(*s, "usd_per_accelerator_hour");
    ASSERT_TRUE(rate);
    EXPECT_TRUE(rate->sourced);  // the rental table's H100 range, $1.99-5.00
    EXPECT_DOUBLE_EQ(rate->base, 2.95);
    EXPECT_NEAR(rate->usd_per_mtok_at_low, 1.99 * 8 / (10000 * 3600.0) * 1e6, 1e-12);
    EXPECT_NEAR(rate->usd_per_mtok_at_high, 5.00 * 8 / (10000 * 3600.0) * 1e6, 1e-12);
    EXPECT_GT(rate->swing, row_of(*s, "system_output_tok_s")->swing);  // 3.01 / 2.95 > 1/0.7 - 1/1.3
    EXPECT_EQ(s->rows.front().key, "usd_per_accelerator_hour");
}

TEST(CostSensitivity, ATypedValueOutsideTheSourcedRangeGetsThePlusMinusShare) {
    EconomicsInput e;
    e.usd_per_kwh = 0.30;  // outside EIA's 5.75-18.64 cents
    auto s = w2t::cost_sensitivity("h100-sxm", 8, e, throughput(10000));
    ASSERT_TRUE(s.ok());
    const auto* kwh = row_of(*s, "usd_per_kwh");
    EXPECT_FALSE(kwh->sourced);
    EXPECT_DOUBLE_EQ(kwh->low, 0.30 * (1 - w2t::kDefaultSensitivityShare));
    EXPECT_DOUBLE_EQ(kwh->high, 0.30 * (1 + w2t::kDefaultSensitivityShare));
    EXPECT_NE(kwh->range_source.find("no sourced range holds it"), std::string::npos) << kwh->range_source;
    // A PUE of 1.1 (under the sourced 1.3): the +-25 % range is clamped at 1.
    EconomicsInput p;
    p.pue = 1.1;
    auto sp = w2t::cost_sensitivity("h100-sxm", 8, p, throughput(10000));
    ASSERT_TRUE(sp.ok());
    EXPECT_DOUBLE_EQ(row_of(*sp, "pue")->low, 1.0);
    EXPECT_NE(row_of(*sp, "pue")->range_source.find("clamped"), std::string::npos);
}

TEST(CostSensitivity, BadInputNamesTheField) {
    auto zero = w2t::cost_sensitivity("h100-sxm", 8, EconomicsInput{}, throughput(0));
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().field, "system_output_tok_s");
    EconomicsInput neg;
    neg.usd_per_kwh = -1;
    auto bad = w2t::cost_sensitivity("h100-sxm", 8, neg, throughput(1000));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "usd_per_kwh");
    auto unknown = w2t::cost_sensitivity("nope", 8, EconomicsInput{}, throughput(1000));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().field, "hardware_id");
}

TEST(CostSensitivity, EconomicsRangesAreCheckedWhenLoaded) {
    const char* head = R"({"schema":"w2t-economics/1","defaults":{"pue":{"value":1.5,"url":"https://x.org","date":"2024","quality":"analyst","range":)";
    auto outside = w2t::load_economics(std::string(head) +
                                       R"({"low":1.6,"high":2,"url":"https://x.org","date":"2024","quality":"analyst","note":"n"}}}})");
    ASSERT_FALSE(outside.ok());
    EXPECT_EQ(outside.error().field, "defaults.pue.range");
    auto no_url = w2t::load_economics(std::string(head) + R"({"low":1.2,"high":2,"date":"2024","quality":"analyst","note":"n"}}}})");
    ASSERT_FALSE(no_url.ok());
    EXPECT_EQ(no_url.error().field, "defaults.pue.range.url");
    // The built-in file's ranges load and hold their defaults.
    const auto& d = w2t::builtin_economics();
    EXPECT_TRUE(d.defaults.at("usd_per_kwh").has_range());
    EXPECT_TRUE(d.rental_usd_per_accelerator_hour.at("b200").has_range());
}

// [SECTION] chips compared at equal latency (w2t/cost/equal_latency.hpp)
#include "w2t/cost/equal_latency.hpp"

namespace {

w2t::EqualLatencyInput maverick_at(double per_user_tok_s) {
    w2t::EqualLatencyInput in;
    in.chips = {{"b200", 8}, {"cerebras-cs3", 0}, {"mi355x", 8}};
    in.model_id = "llama-4-maverick";
    in.precision = w2t::Precision::fp8;
    in.per_user_tok_s = per_user_tok_s;
    return in;
}

const w2t::EqualLatencyRow& row_of(const w2t::EqualLatencyResult& r, const std::string& id) {
    for (const auto& row : r.rows)
        if (row.hardware_id == id) return row;
    static const w2t::EqualLatencyRow none;
    ADD_FAILURE() << "no row for " << id;
    return none;
}

}  // namespace

TEST(EqualLatency, EveryReachableRowMeetsTheTargetAndOneMoreRequestWouldNot) {
    auto in = maverick_at(100);
    auto r = w2t::equal_latency(in);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(r->rows.size(), 3u);
    for (const auto& row : r->rows) {
        SCOPED_TRACE(row.hardware_id);
        ASSERT_FALSE(row.error) << row.error->to_string();
        ASSERT_TRUE(row.reachable) << row.binds;
        EXPECT_GE(row.per_user_tok_s, 100 * (1 - 1e-9));
        EXPECT_GE(row.concurrency, 1);
        EXPECT_FALSE(row.binds.empty());
        if (row.binds_kind == "per-user-speed") {
            // The search's answer is the edge: one more request in flight misses the target.
            w2t::EstimateInput e;
            e.hardware_id = row.hardware_id, e.accelerator_count = row.accelerator_count;
            e.model_id = in.model_id, e.precision = in.precision, e.scenario = w2t::Scenario::fixed_batch;
            e.concurrency = row.concurrency + 1;
            auto past = w2t::estimate(e, w2t::builtin_catalogue());
            ASSERT_TRUE(past.ok());
            EXPECT_LT(past->per_user_output_tok_s, 100);
        }
    }
    // Cerebras with 0: the fewest systems that hold the model, said as a count.
    EXPECT_GT(row_of(*r, "cerebras-cs3").accelerator_count, 0);
    // The first chip is the reference.
    EXPECT_DOUBLE_EQ(r->rows[0].cost_ratio, 1.0);
    EXPECT_DOUBLE_EQ(r->rows[0].system_tok_s_ratio, 1.0);
}

TEST(EqualLatency, AStricterTargetNeverGivesMoreThroughput) {
    for (const char* chip : {"b200", "mi355x", "h100-sxm"}) {
        SCOPED_TRACE(chip);
        double previous = INFINITY;
        int reachable = 0;
        for (double target : {5.0, 20.0, 50.0, 100.0, 150.0, 250.0, 400.0}) {
            auto in = maverick_at(target);
            in.chips = {{chip, 8}};
            auto r = w2t::equal_latency(in);
            ASSERT_TRUE(r.ok()) << r.error().to_string();
            const auto& row = r->rows[0];
            ASSERT_FALSE(row.error) << row.error->to_string();
            if (!row.reachable) continue;
            ++reachable;
            EXPECT_LE(row.system_output_tok_s, previous * (1 + 1e-9)) << "target " << target;
            EXPECT_GE(row.per_user_tok_s, target * (1 - 1e-9));
            previous = row.system_output_tok_s;
        }
        EXPECT_GE(reachable, 3);  // the test must compare something
    }
}

TEST(EqualLatency, AnUnreachableTargetSaysSoWithTheBestSpeed) {
    auto in = maverick_at(100000);
    in.chips = {{"b200", 8}, {"mi355x", 8}};
    auto r = w2t::equal_latency(in);
    ASSERT_TRUE(r.ok());
    for (const auto& row : r->rows) {
        EXPECT_FALSE(row.reachable);
        EXPECT_EQ(row.binds_kind, "target-unreachable");
        EXPECT_NE(row.binds.find("cannot reach the target"), std::string::npos) << row.binds;
        EXPECT_GT(row.best_per_user_tok_s, 0);
        EXPECT_LT(row.best_per_user_tok_s, 100000);
        EXPECT_DOUBLE_EQ(row.per_user_tok_s, row.best_per_user_tok_s);  // shown at one request
        EXPECT_TRUE(std::isnan(row.cost_ratio));                        // no ratio for a miss
    }
    // The best per-user speed is the target's edge: just under it is reachable.
    auto edge = maverick_at(r->rows[0].best_per_user_tok_s * 0.999);
    edge.chips = {{"b200", 8}};
    auto e = w2t::equal_latency(edge);
    ASSERT_TRUE(e.ok());
    EXPECT_TRUE(e->rows[0].reachable);
}

TEST(EqualLatency, CostAndPowerIdentities) {
    auto in = maverick_at(50);
    auto r = w2t::equal_latency(in);
    ASSERT_TRUE(r.ok());
    int priced = 0;
    for (const auto& row : r->rows) {
        SCOPED_TRACE(row.hardware_id);
        if (!row.reachable || row.price_error) continue;
        ++priced;
        // $/M output = $/hour / (tok/s x 3600 s/hour) x 1e6.
        EXPECT_NEAR(row.usd_per_mtok_output, row.usd_per_hour / (row.system_output_tok_s * 3600) * 1e6,
                    1e-9 * row.usd_per_mtok_output);
        // tok/s per MW = tok/s / (kW / 1000).
        EXPECT_NEAR(row.tok_s_per_mw, row.system_output_tok_s / (row.facility_kw / 1e3), 1e-9 * row.tok_s_per_mw);
        // Against the system the cost model prices on its own.
        auto s = w2t::system_cost(row.hardware_id, row.accelerator_count, in.economics);
        ASSERT_TRUE(s.ok());
        EXPECT_DOUBLE_EQ(row.usd_per_hour, s->usd_per_hour.total);
        EXPECT_NEAR(row.cost_ratio, row.usd_per_mtok_output / r->rows[0].usd_per_mtok_output, 1e-12);
    }
    EXPECT_GE(priced, 2);
    // A chip without a price still has its power: tok/s per MW needs no dollars.
    for (const auto& row : r->rows)
        if (row.reachable && row.price_error) {
            EXPECT_TRUE(std::isnan(row.usd_per_mtok_output)) << row.hardware_id;
            ASSERT_TRUE(std::isfinite(row.facility_kw)) << row.hardware_id;
            EXPECT_NEAR(row.tok_s_per_mw, row.system_output_tok_s / (row.facility_kw / 1e3), 1e-9 * row.tok_s_per_mw);
        }
    // Rental: $/hour = rate x accelerators.
    in.chips = {{"b200", 8}};
    in.economics.usd_per_accelerator_hour = 3;
    auto rented = w2t::equal_latency(in);
    ASSERT_TRUE(rented.ok());
    EXPECT_EQ(rented->rows[0].cost_mode, "rental");
    EXPECT_DOUBLE_EQ(rented->rows[0].usd_per_hour, 24);
}

TEST(EqualLatency, ThePublishedClaimSitsBesideOursAndIsFlagged) {
    auto r = w2t::equal_latency(maverick_at(100));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->claims.size(), 1u);
    const auto& c = r->claims[0];
    EXPECT_EQ(c.id, "cost-per-token-32pct");
    EXPECT_EQ(c.verdict, "unsourced");
    EXPECT_TRUE(c.source_url.empty());
    EXPECT_DOUBLE_EQ(c.claimed_ratio, 0.68);
    const auto& cs3 = row_of(*r, "cerebras-cs3");
    const auto& b200 = row_of(*r, "b200");
    if (cs3.reachable && b200.reachable && !cs3.price_error && !b200.price_error) {
        EXPECT_NEAR(c.computed_ratio, cs3.usd_per_mtok_output / b200.usd_per_mtok_output, 1e-12);
        EXPECT_EQ(c.disagrees, std::abs(c.computed_ratio / 0.68 - 1) > 0.30);
    }
    EXPECT_EQ(w2t::to_json(c)["source"], "unsourced");
    // Without both chips there is nothing to compare: no flag.
    auto in = maverick_at(100);
    in.chips = {{"mi355x", 8}};
    auto alone = w2t::equal_latency(in);
    ASSERT_TRUE(alone.ok());
    EXPECT_TRUE(std::isnan(alone->claims[0].computed_ratio));
    EXPECT_FALSE(alone->claims[0].disagrees);
}

TEST(EqualLatency, BadInputNamesTheField) {
    auto field_of = [](const w2t::EqualLatencyInput& in) {
        auto r = w2t::equal_latency(in);
        return r.ok() ? std::string("ok") : r.error().field;
    };
    auto in = maverick_at(100);
    in.per_user_tok_s = 0;
    EXPECT_EQ(field_of(in), "per_user_tok_s");
    in.per_user_tok_s = NAN;
    EXPECT_EQ(field_of(in), "per_user_tok_s");
    in = maverick_at(100), in.chips = {};
    EXPECT_EQ(field_of(in), "chips");
    in = maverick_at(100), in.chips = {{"b9000", 8}};
    EXPECT_EQ(field_of(in), "chips");
    in = maverick_at(100), in.chips = {{"b200", -1}};
    EXPECT_EQ(field_of(in), "chips");
    in = maverick_at(100), in.model_id = "llama-9";
    EXPECT_EQ(field_of(in), "model_id");
    in = maverick_at(100), in.ttft_limit_ms = -5;
    EXPECT_EQ(field_of(in), "ttft_limit_ms");
    in = maverick_at(100), in.output_tokens = 0;
    EXPECT_EQ(field_of(in), "output_tokens");
    // A chip that cannot hold the model is a row saying so, not a failure of the whole.
    in = maverick_at(100), in.chips = {{"b200", 8}, {"rtx-4090", 1}};
    auto r = w2t::equal_latency(in);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->rows[1].error.has_value());
    EXPECT_FALSE(r->rows[0].error.has_value());

    for (const char* bad : {"", ",,", ":8", "b200:x", "b200:-2", "b200:8x"}) {
        auto p = w2t::parse_chip_list(bad);
        EXPECT_FALSE(p.ok()) << bad;
        if (!p.ok()) {
            EXPECT_EQ(p.error().field, "chips");
        }
    }
    auto p = w2t::parse_chip_list("b200:8,cerebras-cs3:0,mi355x");
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->size(), 3u);
    EXPECT_EQ((*p)[0].accelerator_count, 8);
    EXPECT_EQ((*p)[1].hardware_id, "cerebras-cs3");
    EXPECT_EQ((*p)[2].accelerator_count, 0);
}

TEST(EqualLatency, ATtftLimitCanOnlyLowerTheConcurrency) {
    auto in = maverick_at(20);
    in.chips = {{"b200", 8}};
    in.input_tokens = 8000;
    auto free = w2t::equal_latency(in);
    ASSERT_TRUE(free.ok());
    ASSERT_TRUE(free->rows[0].reachable);
    in.ttft_limit_ms = free->rows[0].ttft_ms / 2;
    auto limited = w2t::equal_latency(in);
    ASSERT_TRUE(limited.ok());
    const auto& row = limited->rows[0];
    if (row.reachable) {
        EXPECT_LE(row.ttft_ms, in.ttft_limit_ms);
        EXPECT_LE(row.concurrency, free->rows[0].concurrency);
    } else {
        EXPECT_EQ(row.binds_kind, "target-unreachable");
    }
}
