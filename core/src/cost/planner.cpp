// [SECTION] Contents
//   queueing: the p95 wait for a slot
//   one configuration: latency, systems, cost
//   the search, rejections, frontier
//   JSON in and out
#include "w2t/cost/planner.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "w2t/validate.hpp"

namespace w2t {
namespace {

using nlohmann::json;

double normal_pdf(double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Kinds of rejection, from nearest to passing to furthest.
constexpr const char* kKinds[] = {"budget", "price", "scale", "ttft", "tpot", "model"};
int kind_rank(const std::string& k) {
    for (int i = 0; i < int(std::size(kKinds)); ++i)
        if (k == kKinds[i]) return i;
    return int(std::size(kKinds));
}

std::string ms(double v) { return format_number(std::round(v * 10) / 10) + " ms"; }

const std::vector<Precision> kDefaultPrecisions = {Precision::bf16, Precision::fp8, Precision::fp4, Precision::int4};
const std::vector<int> kDefaultCounts = {1, 2, 4, 8, 16, 32, 64, 128};
const std::vector<double> kDefaultCaps = {1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024};

// Economics for one chip: the per-chip fields over the shared ones.
EconomicsInput economics_for(const PlanInput& in, const std::string& hardware_id) {
    auto it = in.economics_by_hardware.find(hardware_id);
    if (it == in.economics_by_hardware.end()) return in.economics;
    EconomicsInput e = in.economics;
    const EconomicsInput& o = it->second;
    for (double EconomicsInput::*m :
         {&EconomicsInput::usd_per_accelerator_hour, &EconomicsInput::usd_per_accelerator, &EconomicsInput::host_share,
          &EconomicsInput::depreciation_years, &EconomicsInput::cost_of_capital,
          &EconomicsInput::operations_share_per_year, &EconomicsInput::accelerator_power_w,
          &EconomicsInput::system_power_factor, &EconomicsInput::power_utilisation, &EconomicsInput::pue,
          &EconomicsInput::usd_per_kwh, &EconomicsInput::datacenter_usd_per_mw, &EconomicsInput::datacenter_years})
        if (!std::isnan(o.*m)) e.*m = o.*m;
    // A per-chip rental rate replaces a shared purchase price and the other way round.
    if (!std::isnan(o.usd_per_accelerator_hour) && std::isnan(o.usd_per_accelerator)) e.usd_per_accelerator = kUnknown;
    if (!std::isnan(o.usd_per_accelerator) && std::isnan(o.usd_per_accelerator_hour))
        e.usd_per_accelerator_hour = kUnknown;
    if (!o.preset.empty()) e.preset = o.preset;
    return e;
}

// Fleet cost of a configuration with `systems` systems at the workload's demand.
void price(PlanConfig& c, const SystemCost& s, const PlanWorkload& w) {
    const double out_per_hour = w.requests_per_s * w.output_tokens * 3600;
    const double all_per_hour = w.requests_per_s * (w.input_tokens + w.output_tokens) * 3600;
    c.usd_per_hour = c.systems * s.usd_per_hour.total;
    c.usd_per_mtok_output = c.usd_per_hour / out_per_hour * 1e6;
    c.usd_per_mtok_input = c.usd_per_hour / all_per_hour * 1e6;
    c.usd_per_1k_tokens = c.usd_per_hour / all_per_hour * 1e3;
    if (known(s.facility_kw) && s.facility_kw > 0) {
        c.fleet_kw = c.systems * s.facility_kw;
        c.tokens_per_joule = w.requests_per_s * w.output_tokens / (c.fleet_kw * 1e3);
    }
}

bool closer(const PlanConfig& a, const PlanConfig& b) {
    const int ra = kind_rank(a.reject_kind), rb = kind_rank(b.reject_kind);
    if (ra != rb) return ra < rb;
    const double ma = a.reject_kind == "tpot" ? a.tpot_p95_ms : a.ttft_p95_ms;
    const double mb = b.reject_kind == "tpot" ? b.tpot_p95_ms : b.ttft_p95_ms;
    if (known(ma) && known(mb) && ma != mb) return ma < mb;
    const double ca = known(a.usd_per_hour) ? a.usd_per_hour : INFINITY;
    const double cb = known(b.usd_per_hour) ? b.usd_per_hour : INFINITY;
    return ca < cb;
}

std::optional<Error> check_workload(const PlanWorkload& w, const Catalogue& catalogue) {
    if (w.model_id.empty()) return Error{"model_id", "missing"};
    if (!catalogue.model(w.model_id)) return Error{"model_id", catalogue.unknown_model_message(w.model_id)};
    if (auto e = check_range("requests_per_s", w.requests_per_s, 1e-6, 1e7, "requests/s")) return e;
    if (auto e = check_range("input_tokens", w.input_tokens, 1, 1e6, "tokens")) return e;
    if (auto e = check_range("output_tokens", w.output_tokens, 1, 1e6, "tokens")) return e;
    if (auto e = check_range("ttft_p95_ms", w.ttft_p95_ms, 1, 1e7, "ms")) return e;
    if (auto e = check_range("tpot_p95_ms", w.tpot_p95_ms, 0.01, 1e5, "ms")) return e;
    if (!std::isnan(w.budget_usd_per_hour))
        if (auto e = check_range("budget_usd_per_hour", w.budget_usd_per_hour, 0, 1e9, "USD/hour")) return e;
    if (!std::isnan(w.budget_usd_per_mtok_output))
        if (auto e = check_range("budget_usd_per_mtok_output", w.budget_usd_per_mtok_output, 0, 1e6, "USD per million tokens"))
            return e;
    return std::nullopt;
}

}  // namespace

double slot_wait_p95_s(double slots, double rho, double service_s) {
    if (rho <= 0) return 0;
    if (rho >= 1) return INFINITY;
    double p_wait;
    if (slots <= 256) {
        // Erlang C, exact: Erlang B by its recurrence, then C = B / (1 - rho (1 - B)).
        const double c = std::max(1.0, std::round(slots)), a = rho * slots;
        rho = a / c;
        if (rho >= 1) return INFINITY;
        double b = 1;
        for (int k = 1; k <= int(c); ++k) b = a * b / (k + a * b);
        p_wait = b / (1 - rho * (1 - b));
        slots = c;
    } else {
        // Halfin-Whitt: accurate for many slots, cheap (the performance model uses it too).
        const double beta = (1 - rho) * std::sqrt(slots);
        p_wait = 1 / (1 + beta * normal_cdf(beta) / normal_pdf(beta));
    }
    if (p_wait <= 0.05) return 0;
    // P(wait > t) = p_wait * exp(-(c mu - lambda) t), c mu - lambda = slots (1 - rho) / service.
    return std::log(p_wait / 0.05) * service_s / (slots * (1 - rho));
}

int plan_space_size(const PlanSpace& s, const Catalogue& catalogue) {
    const size_t chips = s.hardware_ids.empty() ? catalogue.accelerators.size() : s.hardware_ids.size();
    const size_t precisions = s.precisions.empty() ? kDefaultPrecisions.size() : s.precisions.size();
    const size_t counts = s.counts.empty() ? kDefaultCounts.size() : s.counts.size();
    const size_t caps = s.concurrency_caps.empty() ? kDefaultCaps.size() : s.concurrency_caps.size();
    return int(chips * precisions * counts * caps);
}

Result<PlanResult> plan(const PlanInput& in, const Catalogue& catalogue, const EconomicsData& data,
                        const PerfParams& params) {
    const PlanWorkload& w = in.workload;
    if (auto e = check_workload(w, catalogue)) return *e;
    std::vector<std::string> chips = in.space.hardware_ids;
    if (chips.empty())
        for (const Accelerator& a : catalogue.accelerators) chips.push_back(a.id);
    for (const std::string& id : chips)
        if (!catalogue.accelerator(id)) return Error{"hardware_ids", catalogue.unknown_accelerator_message(id)};
    const auto& precisions = in.space.precisions.empty() ? kDefaultPrecisions : in.space.precisions;
    const auto& counts = in.space.counts.empty() ? kDefaultCounts : in.space.counts;
    const auto& caps = in.space.concurrency_caps.empty() ? kDefaultCaps : in.space.concurrency_caps;
    for (int n : counts)
        if (n < 1 || n > 100000) return Error{"counts", std::to_string(n) + " is out of range; must be 1 to 100000"};
    for (double c : caps)
        if (auto e = check_range("concurrency_caps", c, 1, 1e6, "requests")) return *e;
    if (auto e = check_range("max_systems", in.space.max_systems, 1, 1e9, "systems")) return *e;
    if (in.top < 1 || in.top > 10000) return Error{"top", "must be 1 to 10000"};
    for (const auto& [id, econ] : in.economics_by_hardware) {
        (void)econ;
        if (!catalogue.accelerator(id)) return Error{"economics_by_hardware", catalogue.unknown_accelerator_message(id)};
    }

    PlanResult result;
    result.workload = w;
    std::vector<PlanConfig> feasible, evaluated_priced;
    std::map<std::string, RejectionGroup> groups;
    const double lambda = w.requests_per_s;

    for (const std::string& hw : chips) {
        RejectionGroup& g = groups[hw];
        g.hardware_id = hw;
        const EconomicsInput econ = economics_for(in, hw);
        for (int count : counts) {
            auto system = system_cost(hw, count, econ, catalogue, data);  // the same for every precision and cap
            for (Precision precision : precisions) {
                for (double cap : caps) {
                    ++result.configurations_searched;
                    ++g.configurations;
                    PlanConfig c;
                    c.hardware_id = hw, c.accelerator_count = count, c.precision = precision, c.concurrency_cap = cap;
                    EstimateInput e;
                    e.hardware_id = hw;
                    e.accelerator_count = count;
                    e.model_id = w.model_id;
                    e.precision = precision;
                    e.scenario = Scenario::fixed_batch;
                    e.input_tokens = w.input_tokens, e.output_tokens = w.output_tokens;
                    e.concurrency = cap;
                    e.framework = w.framework;
                    auto r = estimate(e, catalogue, params);
                    auto reject = [&](const char* kind, std::string why) {
                        c.reject_kind = kind, c.reason = std::move(why);
                        ++result.rejected_by_kind[kind];
                        ++g.by_kind[kind];
                        if (!g.has_closest || closer(c, g.closest)) g.closest = c, g.has_closest = true;
                        if (in.keep_rejected) result.rejected.push_back(c);
                        if (known(c.usd_per_hour)) evaluated_priced.push_back(c);
                    };
                    if (!r) {
                        reject("model", r.error().to_string());
                        continue;
                    }
                    c.evaluated = true;
                    ++result.evaluated, ++g.evaluated;
                    c.layout = r->layout.description;
                    c.bottleneck = r->bottleneck;
                    c.system_output_tok_s = r->system_output_tok_s;
                    c.tpot_p95_ms = r->tpot_ms;
                    const double capacity_rps = r->system_output_tok_s / w.output_tokens;  // per system at the cap
                    const double in_flight = std::max(1.0, r->concurrency);
                    const double service_s = in_flight / capacity_rps;  // Little's law: a request's time in a slot
                    auto wait_ms = [&](double systems) {
                        return 1e3 * slot_wait_p95_s(in_flight, lambda / (systems * capacity_rps), service_s);
                    };
                    // Sized for throughput alone (the frontier's view), then for the TTFT target.
                    double systems = std::floor(lambda / capacity_rps) + 1;
                    c.systems = systems;
                    c.utilisation = lambda / (systems * capacity_rps);
                    c.ttft_p95_ms = r->ttft_ms + wait_ms(systems);
                    auto priced = [&] {
                        if (!system) return;
                        price(c, *system, w);
                        c.accelerators_total = c.systems * count;
                    };
                    if (r->tpot_ms > w.tpot_p95_ms) {
                        priced();
                        reject("tpot", "TPOT " + ms(r->tpot_ms) + " with " + format_number(cap) +
                                           " in flight > target " + ms(w.tpot_p95_ms));
                        continue;
                    }
                    if (r->ttft_ms > w.ttft_p95_ms) {
                        priced();
                        reject("ttft", "TTFT " + ms(r->ttft_ms) + " with " + format_number(cap) +
                                           " in flight, before any queueing, > target " + ms(w.ttft_p95_ms));
                        continue;
                    }
                    // The fewest systems whose p95 TTFT (model TTFT + p95 wait for a slot) meets the target.
                    const double budget_ms = w.ttft_p95_ms - r->ttft_ms;
                    double hi = systems;
                    while (wait_ms(hi) > budget_ms && hi <= in.space.max_systems) hi *= 2;
                    if (hi > in.space.max_systems && wait_ms(std::min(hi, in.space.max_systems)) > budget_ms) {
                        priced();
                        reject("scale", "needs more than " + format_number(in.space.max_systems) + " systems of " +
                                            std::to_string(count) + " x " + hw);
                        continue;
                    }
                    double lo = std::max(systems, std::floor(hi / 2));
                    if (wait_ms(lo) <= budget_ms) hi = lo;
                    while (hi - lo > 1) {
                        const double mid = std::floor((lo + hi) / 2);
                        (wait_ms(mid) <= budget_ms ? hi : lo) = mid;
                    }
                    c.systems = hi;
                    c.accelerators_total = hi * count;
                    c.utilisation = lambda / (hi * capacity_rps);
                    c.ttft_p95_ms = r->ttft_ms + wait_ms(hi);
                    if (!system) {
                        reject("price", "meets the latency targets with " + format_number(hi) +
                                            " system(s), but cannot be priced: " + system.error().to_string());
                        continue;
                    }
                    price(c, *system, w);
                    if (!std::isnan(w.budget_usd_per_hour) && c.usd_per_hour > w.budget_usd_per_hour) {
                        reject("budget", "$" + format_number(std::round(c.usd_per_hour * 100) / 100) +
                                             "/hour > budget $" + format_number(w.budget_usd_per_hour) + "/hour");
                        continue;
                    }
                    if (!std::isnan(w.budget_usd_per_mtok_output) && c.usd_per_mtok_output > w.budget_usd_per_mtok_output) {
                        reject("budget", "$" + format_number(std::round(c.usd_per_mtok_output * 1000) / 1000) +
                                             " per M output tokens > budget $" + format_number(w.budget_usd_per_mtok_output));
                        continue;
                    }
                    c.meets = true;
                    ++result.feasible, ++g.feasible;
                    feasible.push_back(c);
                    evaluated_priced.push_back(c);
                }
            }
        }
    }

    auto cheaper = [](const PlanConfig& a, const PlanConfig& b) {
        return std::tie(a.usd_per_hour, a.ttft_p95_ms, a.accelerators_total) <
               std::tie(b.usd_per_hour, b.ttft_p95_ms, b.accelerators_total);
    };
    std::sort(feasible.begin(), feasible.end(), cheaper);
    result.best.assign(feasible.begin(), feasible.begin() + std::min<size_t>(feasible.size(), size_t(in.top)));
    for (const PlanConfig& c : feasible)  // cheapest first: the first of each chip is its best
        if (std::none_of(result.best_by_hardware.begin(), result.best_by_hardware.end(),
                         [&](const PlanConfig& b) { return b.hardware_id == c.hardware_id; }))
            result.best_by_hardware.push_back(c);

    // Frontier: configurations no other beats on both cost and p95 TPOT.
    std::sort(evaluated_priced.begin(), evaluated_priced.end(), [](const PlanConfig& a, const PlanConfig& b) {
        return std::tie(a.usd_per_mtok_output, a.tpot_p95_ms) < std::tie(b.usd_per_mtok_output, b.tpot_p95_ms);
    });
    double best_tpot = INFINITY;
    for (const PlanConfig& c : evaluated_priced) {
        if (c.tpot_p95_ms < best_tpot * (1 - 1e-9)) {
            best_tpot = c.tpot_p95_ms;
            result.frontier.push_back(c);
        }
    }
    for (auto& [id, g] : groups) result.rejected_by_hardware.push_back(g);
    std::sort(result.rejected_by_hardware.begin(), result.rejected_by_hardware.end(),
              [](const RejectionGroup& a, const RejectionGroup& b) {
                  return std::tie(b.feasible, a.hardware_id) < std::tie(a.feasible, b.hardware_id);
              });
    result.notes = {
        "each configuration: the performance model at the concurrency cap (fixed-batch: every slot busy); "
        "its TPOT there bounds p95 TPOT (a fuller batch decodes slower)",
        "p95 TTFT = the model's TTFT at the cap + the p95 wait for a free slot (M/M/c, Halfin-Whitt) "
        "at the workload's arrival rate; systems = the fewest that meet it",
        "costs are for the whole fleet at the workload's demand: idle capacity is paid for",
        "frontier: over every configuration the model could run and price, sized for throughput alone"};
    return result;
}

// [SECTION] JSON
namespace {
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

template <class T, class F>
Result<std::vector<T>> list_of(const json& j, const char* key, F convert) {
    std::vector<T> out;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return out;
    if (!it->is_array()) return Error{key, "expected a list"};
    for (const json& v : *it) {
        auto x = convert(v);
        if (!x) return Error{key, x.error().message};
        out.push_back(*x);
    }
    return out;
}
}  // namespace

Result<PlanInput> plan_input_from_json(const json& j) {
    if (!j.is_object()) return Error{"", "expected a JSON object"};
    PlanInput in;
    PlanWorkload& w = in.workload;
    for (auto [key, member] : {std::pair{"model_id", &PlanWorkload::model_id}, {"framework", &PlanWorkload::framework}}) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) continue;
        if (!it->is_string()) return Error{key, "expected a text"};
        w.*member = it->get<std::string>();
    }
    for (auto [key, member] : {std::pair{"requests_per_s", &PlanWorkload::requests_per_s},
                               {"input_tokens", &PlanWorkload::input_tokens},
                               {"output_tokens", &PlanWorkload::output_tokens},
                               {"ttft_p95_ms", &PlanWorkload::ttft_p95_ms},
                               {"tpot_p95_ms", &PlanWorkload::tpot_p95_ms},
                               {"budget_usd_per_hour", &PlanWorkload::budget_usd_per_hour},
                               {"budget_usd_per_mtok_output", &PlanWorkload::budget_usd_per_mtok_output}}) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) continue;
        if (!it->is_number()) return Error{key, std::string("expected a number, got ") + it->type_name()};
        w.*member = it->get<double>();
    }
    auto text = [](const json& v) -> Result<std::string> {
        if (!v.is_string()) return Error{"", "expected texts"};
        return v.get<std::string>();
    };
    auto ids = list_of<std::string>(j, "hardware_ids", text);
    if (!ids) return ids.error();
    in.space.hardware_ids = *ids;
    auto precisions = list_of<Precision>(j, "precisions", [](const json& v) -> Result<Precision> {
        if (!v.is_string()) return Error{"", "expected texts"};
        return parse_precision(v.get<std::string>());
    });
    if (!precisions) return precisions.error();
    in.space.precisions = *precisions;
    auto counts = list_of<int>(j, "counts", [](const json& v) -> Result<int> {
        if (!v.is_number() || v.get<double>() != std::floor(v.get<double>())) return Error{"", "expected whole numbers"};
        return int(v.get<double>());
    });
    if (!counts) return counts.error();
    in.space.counts = *counts;
    auto caps = list_of<double>(j, "concurrency_caps", [](const json& v) -> Result<double> {
        if (!v.is_number()) return Error{"", "expected numbers"};
        return v.get<double>();
    });
    if (!caps) return caps.error();
    in.space.concurrency_caps = *caps;
    if (auto it = j.find("max_systems"); it != j.end() && !it->is_null()) {
        if (!it->is_number()) return Error{"max_systems", "expected a number"};
        in.space.max_systems = it->get<double>();
    }
    if (auto it = j.find("top"); it != j.end() && !it->is_null()) {
        if (!it->is_number_integer()) return Error{"top", "expected a whole number"};
        in.top = it->get<int>();
    }
    auto econ = economics_input_from_json(j);
    if (!econ) return econ.error();
    in.economics = *econ;
    if (auto it = j.find("economics_by_hardware"); it != j.end() && !it->is_null()) {
        if (!it->is_object()) return Error{"economics_by_hardware", "expected an object of hardware id -> economics"};
        for (auto e = it->begin(); e != it->end(); ++e) {
            auto x = economics_input_from_json(e.value());
            if (!x) return Error{"economics_by_hardware." + e.key() + "." + x.error().field, x.error().message};
            in.economics_by_hardware[e.key()] = *x;
        }
    }
    return in;
}

json to_json(const PlanConfig& c) {
    json j = {{"hardware_id", c.hardware_id},
              {"accelerator_count", c.accelerator_count},
              {"precision", to_string(c.precision)},
              {"concurrency_cap", c.concurrency_cap},
              {"meets_targets", c.meets}};
    if (!c.layout.empty()) j["layout"] = c.layout;
    if (c.evaluated) {
        j["systems"] = c.systems;
        j["accelerators_total"] = c.accelerators_total;
        j["utilisation"] = c.utilisation;
        j["ttft_p95_ms"] = num(c.ttft_p95_ms);
        j["tpot_p95_ms"] = num(c.tpot_p95_ms);
        j["system_output_tok_s"] = c.system_output_tok_s;
        j["bottleneck"] = c.bottleneck;
        j["usd_per_hour"] = num(c.usd_per_hour);
        j["usd_per_mtok_output"] = num(c.usd_per_mtok_output);
        j["usd_per_mtok_input"] = num(c.usd_per_mtok_input);
        j["usd_per_1k_tokens"] = num(c.usd_per_1k_tokens);
        j["tokens_per_joule"] = num(c.tokens_per_joule);
        j["fleet_kw"] = num(c.fleet_kw);
    }
    if (!c.meets && !c.reject_kind.empty()) {
        j["rejected_for"] = c.reject_kind;
        j["reason"] = c.reason;
    }
    return j;
}

json to_json(const PlanResult& r) {
    const PlanWorkload& w = r.workload;
    json best = json::array(), frontier = json::array(), groups = json::array(), rejected = json::array(),
         by_hardware = json::array();
    for (const auto& c : r.best) best.push_back(to_json(c));
    for (const auto& c : r.best_by_hardware) by_hardware.push_back(to_json(c));
    for (const auto& c : r.frontier) frontier.push_back(to_json(c));
    for (const auto& c : r.rejected) rejected.push_back(to_json(c));
    for (const auto& g : r.rejected_by_hardware) {
        json x = {{"hardware_id", g.hardware_id}, {"configurations", g.configurations},
                  {"evaluated", g.evaluated},     {"feasible", g.feasible},
                  {"rejected_by_kind", g.by_kind}};
        if (g.has_closest) x["closest_rejected"] = to_json(g.closest);
        groups.push_back(x);
    }
    json j = {{"workload",
               {{"model_id", w.model_id}, {"requests_per_s", w.requests_per_s}, {"input_tokens", w.input_tokens},
                {"output_tokens", w.output_tokens}, {"ttft_p95_ms", w.ttft_p95_ms}, {"tpot_p95_ms", w.tpot_p95_ms},
                {"budget_usd_per_hour", num(w.budget_usd_per_hour)},
                {"budget_usd_per_mtok_output", num(w.budget_usd_per_mtok_output)}}},
              {"configurations_searched", r.configurations_searched},
              {"configurations_evaluated", r.evaluated},
              {"feasible", r.feasible},
              {"configurations", best},
              {"best_by_hardware", by_hardware},
              {"frontier", frontier},
              {"rejected_by_kind", r.rejected_by_kind},
              {"rejected_by_hardware", groups},
              {"notes", r.notes}};
    if (!r.rejected.empty()) j["rejected"] = rejected;
    // The cheapest configuration's figures at the top level, for --gate.
    if (!r.best.empty()) {
        const PlanConfig& b = r.best.front();
        for (auto [key, v] : {std::pair{"usd_per_hour", b.usd_per_hour}, {"usd_per_mtok_output", b.usd_per_mtok_output},
                              {"usd_per_mtok_input", b.usd_per_mtok_input}, {"usd_per_1k_tokens", b.usd_per_1k_tokens},
                              {"ttft_p95_ms", b.ttft_p95_ms}, {"tpot_p95_ms", b.tpot_p95_ms},
                              {"tokens_per_joule", b.tokens_per_joule}, {"accelerators_total", b.accelerators_total}})
            j[key] = num(v);
    }
    return j;
}

}  // namespace w2t
