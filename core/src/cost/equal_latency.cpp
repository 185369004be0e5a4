// [SECTION] Contents
//   one chip: the highest concurrency that meets the per-user target
//   the comparison, ratios and the published claim
//   parsing the chip list, JSON out
#include "w2t/cost/equal_latency.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "w2t/supply/capacity.hpp"
#include "w2t/validate.hpp"

namespace w2t {
namespace {

using nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// The article's cost-per-token claims: which chips they compare and the ratio they imply
// (chip's cost per token over versus's). The claim's text and source come from supply.json.
struct ClaimReading {
    const char* id;
    const char* chip;
    const char* versus;
    double ratio;
};
constexpr ClaimReading kCostClaims[] = {
    // "32 % lower cost per token than B200": the article is about the Cerebras WSE-3 (CS-3).
    {"cost-per-token-32pct", "cerebras-cs3", "b200", 0.68},  // 1 - 0.32
};

// [SECTION] one chip
struct Probe {
    Result<EstimateResult> r;
    bool meets = false;
};

EqualLatencyRow search_chip(const EqualLatencyChip& chip, const EqualLatencyInput& in, const Catalogue& catalogue,
                            const EconomicsData& data, const PerfParams& params) {
    EqualLatencyRow row;
    row.hardware_id = chip.hardware_id;
    row.accelerator_count = chip.accelerator_count;
    auto run = [&](double concurrency) {
        EstimateInput e;
        e.hardware_id = chip.hardware_id;
        e.accelerator_count = chip.accelerator_count;
        e.model_id = in.model_id;
        e.precision = in.precision;
        e.scenario = Scenario::fixed_batch;
        e.input_tokens = in.input_tokens, e.output_tokens = in.output_tokens;
        e.concurrency = concurrency;
        e.framework = in.framework;
        ++row.evaluations;
        Probe p{estimate(e, catalogue, params)};
        if (p.r)
            p.meets = p.r->per_user_output_tok_s >= in.per_user_tok_s * (1 - 1e-12) &&
                      (in.ttft_limit_ms <= 0 || p.r->ttft_ms <= in.ttft_limit_ms);
        return p;
    };

    Probe one = run(1);
    if (!one.r) {
        row.error = one.r.error();
        return row;
    }
    row.best_per_user_tok_s = one.r->per_user_output_tok_s;
    const EstimateResult* at = &*one.r;
    Probe best = one, next_fail{Error{"", ""}};  // next_fail: the first concurrency past the best
    bool have_fail = false;
    if (!one.meets) {
        row.reachable = false;
        row.binds_kind = "target-unreachable";
        const bool ttft = in.ttft_limit_ms > 0 && one.r->ttft_ms > in.ttft_limit_ms &&
                          one.r->per_user_output_tok_s >= in.per_user_tok_s;
        row.binds = ttft ? "cannot reach the target: TTFT " + format_number(std::round(one.r->ttft_ms)) +
                               " ms with one request in flight > limit " + format_number(in.ttft_limit_ms) + " ms"
                         : "cannot reach the target: at most " +
                               format_number(std::round(one.r->per_user_output_tok_s * 10) / 10) +
                               " tok/s per user (one request in flight, decode " + one.r->decode.bottleneck + "-bound)";
    } else {
        row.reachable = true;
        // Doubling, then bisection between the last concurrency that meets and the first that fails.
        double lo = 1, hi = 0;
        for (double c = 2; c <= in.max_concurrency; c *= 2) {
            Probe p = run(c);
            if (p.r && p.meets) {
                lo = c, best = p;
                // Past the KV cache's capacity the batch no longer grows: nothing more to find.
                if (p.r->concurrency < c) break;
                continue;
            }
            hi = c, next_fail = p, have_fail = true;
            break;
        }
        if (!have_fail && lo * 2 > in.max_concurrency && best.r->concurrency >= lo && lo < in.max_concurrency) {
            Probe p = run(in.max_concurrency);  // the top of the range, which doubling skipped
            if (p.r && p.meets) lo = in.max_concurrency, best = p;
            else hi = in.max_concurrency, next_fail = p, have_fail = true;
        }
        while (have_fail && hi - lo > 1) {
            const double mid = std::floor((lo + hi) / 2);
            Probe p = run(mid);
            if (p.r && p.meets) lo = mid, best = p;
            else hi = mid, next_fail = p;
        }
        at = &*best.r;
        const double asked = lo;
        if (at->concurrency < asked) {
            row.binds_kind = "memory";
            row.binds = "KV cache capacity: " + format_number(at->concurrency) +
                        " requests fill the memory left after the weights, still faster than the target";
        } else if (!have_fail) {
            row.binds_kind = "search-limit";
            row.binds = "the search's limit of " + format_number(in.max_concurrency) + " requests in flight";
        } else if (!next_fail.r) {
            row.binds_kind = "memory";
            row.binds = "at " + format_number(hi) + " requests: " + next_fail.r.error().message;
        } else if (next_fail.r->per_user_output_tok_s < in.per_user_tok_s) {
            row.binds_kind = "per-user-speed";
            row.binds = "per-user speed: one more request in flight drops it below the target (decode " +
                        at->decode.bottleneck + "-bound)";
        } else {
            row.binds_kind = "ttft";
            row.binds = "TTFT: " + format_number(std::round(next_fail.r->ttft_ms)) + " ms at " + format_number(hi) +
                        " requests > limit " + format_number(in.ttft_limit_ms) + " ms";
        }
    }

    row.accelerator_count = at->layout.chips;
    row.layout = at->layout.description;
    row.concurrency = at->concurrency;
    row.per_user_tok_s = at->per_user_output_tok_s;
    row.system_output_tok_s = at->system_output_tok_s;
    row.ttft_ms = at->ttft_ms;
    row.tpot_ms = at->tpot_ms;
    row.bottleneck = at->bottleneck;

    auto set_power = [&](const SystemCost& s) {
        row.facility_kw = s.facility_kw;
        row.provisioned_facility_kw = s.provisioned_facility_kw;
        if (known(row.facility_kw) && row.facility_kw > 0) row.tok_s_per_mw = row.system_output_tok_s / (row.facility_kw / 1e3);
        if (known(row.provisioned_facility_kw) && row.provisioned_facility_kw > 0)
            row.tok_s_per_provisioned_mw = row.system_output_tok_s / (row.provisioned_facility_kw / 1e3);
    };
    auto system = system_cost(chip.hardware_id, at->layout.chips, in.economics, catalogue, data);
    if (!system) {
        row.price_error = system.error();
        // Power does not need a price: the same power terms, with a zero rate standing in for it.
        EconomicsInput power_only = in.economics;
        power_only.preset = "cloud-rental";
        power_only.usd_per_accelerator = kUnknown;
        power_only.usd_per_accelerator_hour = 0;
        if (auto p = system_cost(chip.hardware_id, at->layout.chips, power_only, catalogue, data)) set_power(*p);
        return row;
    }
    row.cost_mode = to_string(system->economics.mode);
    set_power(*system);
    auto tokens = token_cost(*system, throughput_of(*at));
    if (!tokens) {
        row.price_error = tokens.error();
        return row;
    }
    row.usd_per_hour = tokens->usd_per_hour;
    row.usd_per_mtok_output = tokens->usd_per_mtok_output;
    row.usd_per_1k_tokens = tokens->usd_per_1k_tokens;
    return row;
}

double ratio(double a, double b) { return known(a) && known(b) && b > 0 ? a / b : kUnknown; }

}  // namespace

// [SECTION] the comparison
Result<EqualLatencyResult> equal_latency(const EqualLatencyInput& in, const Catalogue& catalogue,
                                         const EconomicsData& data, const PerfParams& params) {
    if (in.chips.empty()) return Error{"chips", "give at least one chip (hardware id:count)"};
    if (in.chips.size() > 16) return Error{"chips", "at most 16 chips, got " + std::to_string(in.chips.size())};
    for (size_t i = 0; i < in.chips.size(); ++i) {
        const EqualLatencyChip& c = in.chips[i];
        if (!catalogue.accelerator(c.hardware_id))
            return Error{"chips", catalogue.unknown_accelerator_message(c.hardware_id)};
        if (c.accelerator_count < 0 || c.accelerator_count > 100000)
            return Error{"chips", c.hardware_id + ": count " + std::to_string(c.accelerator_count) +
                                      " is out of range; must be 0 (the fewest that fit) to 100000"};
    }
    if (in.model_id.empty()) return Error{"model_id", "missing"};
    if (!catalogue.model(in.model_id)) return Error{"model_id", catalogue.unknown_model_message(in.model_id)};
    if (!std::isfinite(in.per_user_tok_s) || in.per_user_tok_s <= 0 || in.per_user_tok_s > 1e6)
        return Error{"per_user_tok_s", "must be a per-user output speed > 0 and <= 1000000 tok/s, got " +
                                           format_number(in.per_user_tok_s)};
    if (!std::isfinite(in.ttft_limit_ms) || in.ttft_limit_ms < 0)
        return Error{"ttft_limit_ms", "must be >= 0 (0: no limit), got " + format_number(in.ttft_limit_ms)};
    for (auto [key, v] : {std::pair{"input_tokens", in.input_tokens}, {"output_tokens", in.output_tokens}})
        if (!std::isfinite(v) || v < 1 || v > 1e7)
            return Error{key, "must be between 1 and 10000000, got " + format_number(v)};
    if (!std::isfinite(in.max_concurrency) || in.max_concurrency < 1 || in.max_concurrency > 1e6)
        return Error{"max_concurrency", "must be between 1 and 1000000, got " + format_number(in.max_concurrency)};

    EqualLatencyResult out;
    out.input = in;
    for (const EqualLatencyChip& c : in.chips) out.rows.push_back(search_chip(c, in, catalogue, data, params));
    const EqualLatencyRow& first = out.rows.front();
    for (EqualLatencyRow& r : out.rows) {
        if (r.error) continue;
        r.system_tok_s_ratio = ratio(r.system_output_tok_s, first.system_output_tok_s);
        if (r.reachable && first.reachable) {
            r.cost_ratio = ratio(r.usd_per_mtok_output, first.usd_per_mtok_output);
            r.tok_s_per_mw_ratio = ratio(r.tok_s_per_mw, first.tok_s_per_mw);
        }
        if (!r.reachable || !first.reachable) r.system_tok_s_ratio = kUnknown;
    }

    for (const ClaimReading& reading : kCostClaims) {
        PublishedCostClaim c;
        c.id = reading.id, c.chip = reading.chip, c.versus = reading.versus, c.claimed_ratio = reading.ratio;
        for (const supply::Claim& s : supply::builtin_supply().claims) {
            if (s.id != reading.id) continue;
            c.claim = s.claim, c.verdict = s.verdict, c.says = s.says;
            if (s.source) c.source_url = s.source->url, c.source_title = s.source->title, c.source_date = s.source->date;
        }
        if (c.claim.empty()) continue;  // the dataset no longer holds it
        const EqualLatencyRow *mine = nullptr, *theirs = nullptr;
        for (const EqualLatencyRow& r : out.rows) {
            if (r.hardware_id == reading.chip && !mine) mine = &r;
            if (r.hardware_id == reading.versus && !theirs) theirs = &r;
        }
        if (mine && theirs && mine->reachable && theirs->reachable)
            c.computed_ratio = ratio(mine->usd_per_mtok_output, theirs->usd_per_mtok_output);
        c.disagrees = known(c.computed_ratio) && std::abs(c.computed_ratio / c.claimed_ratio - 1) > c.tolerance;
        out.claims.push_back(c);
    }

    out.notes = {
        "each chip at the highest concurrency (requests in flight, fixed batch) whose per-user output speed still "
        "meets the target" + std::string(in.ttft_limit_ms > 0 ? " and whose TTFT meets the limit" : "") +
            "; found by doubling then bisection (per-user speed falls as the batch grows)",
        "$/M output tokens: the whole system's hour over its output tokens (input free); tok/s per MW: system "
        "output tok/s over the average facility draw (utilisation and PUE included)",
        "ratios are against the first chip; a published claim disagrees when ours is more than 30 % away from it "
        "(the performance model's throughput band, docs/perf-model.md)"};
    return out;
}

// [SECTION] parsing, JSON
Result<std::vector<EqualLatencyChip>> parse_chip_list(const std::string& text) {
    std::vector<EqualLatencyChip> chips;
    std::stringstream s(text);
    std::string part;
    while (std::getline(s, part, ',')) {
        if (part.empty()) continue;
        EqualLatencyChip c;
        const size_t colon = part.find(':');
        c.hardware_id = part.substr(0, colon);
        if (c.hardware_id.empty()) return Error{"chips", "'" + part + "' has no hardware id"};
        if (colon != std::string::npos) {
            const std::string count = part.substr(colon + 1);
            char* end = nullptr;
            const long n = std::strtol(count.c_str(), &end, 10);
            if (count.empty() || end != count.c_str() + count.size() || n < 0 || n > 100000)
                return Error{"chips", "'" + part + "': the count must be a whole number 0 to 100000 (0: the fewest that fit)"};
            c.accelerator_count = int(n);
        }
        chips.push_back(c);
    }
    if (chips.empty()) return Error{"chips", "the list is empty; give e.g. b200:8,cerebras-cs3:0"};
    return chips;
}

json to_json(const EqualLatencyRow& r) {
    json j = {{"hardware_id", r.hardware_id}, {"accelerator_count", r.accelerator_count}};
    if (r.error) {
        j["error"] = r.error->to_string();
        return j;
    }
    j["layout"] = r.layout;
    j["reachable"] = r.reachable;
    j["concurrency"] = r.concurrency;
    j["per_user_tok_s"] = r.per_user_tok_s;
    j["best_per_user_tok_s"] = r.best_per_user_tok_s;
    j["system_output_tok_s"] = r.system_output_tok_s;
    j["ttft_ms"] = r.ttft_ms;
    j["tpot_ms"] = r.tpot_ms;
    j["bottleneck"] = r.bottleneck;
    j["binds"] = r.binds;
    j["binds_kind"] = r.binds_kind;
    j["cost_mode"] = r.cost_mode.empty() ? json(nullptr) : json(r.cost_mode);
    j["usd_per_hour"] = num(r.usd_per_hour);
    j["usd_per_mtok_output"] = num(r.usd_per_mtok_output);
    j["usd_per_1k_tokens"] = num(r.usd_per_1k_tokens);
    j["facility_kw"] = num(r.facility_kw);
    j["tok_s_per_mw"] = num(r.tok_s_per_mw);
    j["tok_s_per_provisioned_mw"] = num(r.tok_s_per_provisioned_mw);
    if (r.price_error) j["price_error"] = r.price_error->to_string();
    j["vs_first"] = {{"usd_per_mtok_output", num(r.cost_ratio)},
                     {"tok_s_per_mw", num(r.tok_s_per_mw_ratio)},
                     {"system_output_tok_s", num(r.system_tok_s_ratio)}};
    j["evaluations"] = r.evaluations;
    return j;
}

json to_json(const PublishedCostClaim& c) {
    json j = {{"id", c.id},
              {"claim", c.claim},
              {"verdict", c.verdict},
              {"chip", c.chip},
              {"versus", c.versus},
              {"claimed_cost_ratio", num(c.claimed_ratio)},
              {"computed_cost_ratio", num(c.computed_ratio)},
              {"disagrees", c.disagrees},
              {"tolerance", c.tolerance},
              {"says", c.says}};
    if (c.source_url.empty()) j["source"] = "unsourced";
    else j["source"] = {{"url", c.source_url}, {"title", c.source_title}, {"date", c.source_date}};
    if (!known(c.computed_ratio))
        j["not_compared"] = "add both " + c.chip + " and " + c.versus + " (each reaching the target) to compare";
    return j;
}

json to_json(const EqualLatencyResult& r) {
    json rows = json::array(), claims = json::array();
    for (const auto& row : r.rows) rows.push_back(to_json(row));
    for (const auto& c : r.claims) claims.push_back(to_json(c));
    const EqualLatencyInput& in = r.input;
    json chips = json::array();
    for (const auto& c : in.chips) chips.push_back({{"hardware_id", c.hardware_id}, {"accelerator_count", c.accelerator_count}});
    return {{"equal_latency",
             {{"model_id", in.model_id}, {"precision", to_string(in.precision)}, {"input_tokens", in.input_tokens},
              {"output_tokens", in.output_tokens}, {"per_user_tok_s", in.per_user_tok_s},
              {"ttft_limit_ms", in.ttft_limit_ms > 0 ? json(in.ttft_limit_ms) : json(nullptr)}, {"chips", chips}}},
            {"rows", rows},
            {"published_claims", claims},
            {"notes", r.notes}};
}

}  // namespace w2t
