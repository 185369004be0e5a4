// [SECTION] Contents
//   rows and helpers
//   baseline: a request log or typed-in numbers -> one row
//   measured: a provider's request records -> one row
//   predicted: estimate() and the cost model -> one row
//   table: better values, sorting, rendering
#include "w2t/compare/table.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/cost/tco.hpp"
#include "w2t/json_io.hpp"

namespace w2t::compare {

using nlohmann::json;
using probe::RequestRecord;

// [SECTION] rows and helpers
const std::vector<std::string>& columns() {
    static const std::vector<std::string> c = {"requests",   "failed",           "ttft_p50_ms",      "ttft_p95_ms",
                                               "e2e_p95_ms", "output_tok_s_p50", "usd_per_1k_tokens"};
    return c;
}

namespace {

json opt(std::optional<double> v) { return v && std::isfinite(*v) ? json(*v) : json(nullptr); }

std::optional<double> pct(const std::vector<double>& v, double p) {
    if (v.empty()) return std::nullopt;
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return probe::percentile_sorted(s, p);
}

std::string count_of(std::size_t a, std::size_t b) { return std::to_string(a) + " of " + std::to_string(b); }

}  // namespace

json new_row(const std::string& name, const char* kind) {
    json r = {{"name", name}, {"kind", kind}};
    for (const std::string& c : columns()) r[c] = nullptr;
    r["notes"] = json::array();
    return r;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// [SECTION] baseline
namespace {

// A log line's prompt: "prompt" (text) or "messages" ([{"role", "content"}, ...]); null when neither.
Result<json> prompt_of_line(const json& j, const std::string& at) {
    if (j.contains("messages") && !j["messages"].is_null()) {
        const json& m = j["messages"];
        if (!m.is_array() || m.empty()) return Error{at + ": messages", "must be a non-empty array of {role, content}"};
        for (std::size_t i = 0; i < m.size(); ++i) {
            const std::string where = at + ": messages[" + std::to_string(i) + "]";
            if (!m[i].is_object()) return Error{where, "must be an object {role, content}"};
            if (!m[i].contains("role") || !m[i]["role"].is_string()) return Error{where + ".role", "must be a text"};
            if (!m[i].contains("content") || !(m[i]["content"].is_string() || m[i]["content"].is_array()))
                return Error{where + ".content", "must be a text (or an array of parts)"};
        }
        json out = json::array();
        for (const json& msg : m) out.push_back({{"role", msg["role"]}, {"content", msg["content"]}});
        return out;
    }
    if (j.contains("prompt") && !j["prompt"].is_null()) {
        if (!j["prompt"].is_string() || j["prompt"].get<std::string>().empty())
            return Error{at + ": prompt", "must be a non-empty text"};
        return json::array({json{{"role", "user"}, {"content", j["prompt"]}}});
    }
    return json(nullptr);
}

}  // namespace

Result<BaselineLog> parse_baseline_log(std::string_view text, const std::string& label) {
    std::vector<double> ttft, e2e, tok_s;
    double cost = 0, cost_tokens = 0;
    std::size_t n = 0, with_cost = 0;
    BaselineLog log;
    std::size_t number = 0, start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(start, end - start));
        const bool last = end == text.size();
        start = end + 1;
        ++number;
        if (last && line.empty()) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            if (last) break;
            continue;
        }
        const std::string at = label + ": line " + std::to_string(number);
        auto parsed = parse_json(line);
        if (!parsed) return Error{at, "not JSON: " + parsed.error().message};
        const json& j = *parsed;
        if (!j.is_object()) return Error{at, "expected one JSON object"};
        auto number_field = [&](const json& obj, const char* key, const std::string& name, bool required,
                                std::optional<double>& out) -> std::optional<Error> {
            if (!obj.contains(key) || obj[key].is_null()) {
                if (required) return Error{at + ": " + name, "is missing"};
                return std::nullopt;
            }
            if (!obj[key].is_number() || !std::isfinite(obj[key].get<double>()) || obj[key].get<double>() < 0)
                return Error{at + ": " + name, "must be a number >= 0"};
            out = obj[key].get<double>();
            return std::nullopt;
        };
        std::optional<double> latency, first, pt, ct, usd;
        if (auto e = number_field(j, "latency_ms", "latency_ms", true, latency)) return *e;
        if (auto e = number_field(j, "ttft_ms", "ttft_ms", false, first)) return *e;
        if (auto e = number_field(j, "cost_usd", "cost_usd", false, usd)) return *e;
        const bool has_usage = j.contains("usage") && !j["usage"].is_null();
        if (has_usage && !j["usage"].is_object()) return Error{at + ": usage", "must be an object"};
        for (const char* key : {"prompt_tokens", "completion_tokens"}) {
            std::optional<double>& out = std::string(key) == "prompt_tokens" ? pt : ct;
            if (j.contains(key) && !j[key].is_null()) {
                if (auto e = number_field(j, key, key, true, out)) return *e;
            } else if (has_usage) {
                if (auto e = number_field(j["usage"], key, std::string("usage.") + key, true, out)) return *e;
            } else {
                return Error{at + ": " + key, "is missing (give it, or a usage object holding it)"};
            }
        }
        auto prompt = prompt_of_line(j, at);
        if (!prompt) return prompt.error();
        if (!prompt->is_null()) log.prompts.push_back(*prompt);
        ++n;
        e2e.push_back(*latency);
        if (first) ttft.push_back(*first);
        if (*latency > 0) tok_s.push_back(*ct / (*latency / 1000.0));
        if (usd) {
            ++with_cost;
            cost += *usd;
            cost_tokens += *pt + *ct;
        }
        if (last) break;
    }
    if (n == 0) return Error{label, "the log holds no request"};
    json row = new_row("baseline", "baseline");
    row["requests"] = n;
    row["failed"] = 0;
    row["ttft_p50_ms"] = opt(pct(ttft, 50));
    row["ttft_p95_ms"] = opt(pct(ttft, 95));
    row["e2e_p95_ms"] = opt(pct(e2e, 95));
    row["output_tok_s_p50"] = opt(pct(tok_s, 50));
    if (with_cost && cost_tokens > 0) row["usd_per_1k_tokens"] = cost / cost_tokens * 1000.0;
    json& notes = row["notes"];
    if (ttft.empty()) notes.push_back("the log has no ttft_ms");
    else if (ttft.size() < n) notes.push_back("ttft_ms on " + count_of(ttft.size(), n) + " requests");
    if (!with_cost) notes.push_back("the log has no cost_usd");
    else if (with_cost < n) notes.push_back("cost from the " + count_of(with_cost, n) + " requests with cost_usd");
    if (n < kTrustworthyP95)
        notes.push_back("p95 over " + std::to_string(n) + " requests (< 20): the largest value, not a tail");
    log.row = std::move(row);
    return log;
}

Result<std::vector<json>> parse_prompt_lines(std::string_view text, const std::string& label) {
    std::vector<json> prompts;
    std::size_t number = 0, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(start, end - start));
        start = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string at = label + ": line " + std::to_string(number);
        auto parsed = parse_json(line);
        if (!parsed) return Error{at, "not JSON: " + parsed.error().message};
        if (!parsed->is_object()) return Error{at, "expected one JSON object"};
        auto prompt = prompt_of_line(*parsed, at);
        if (!prompt) return prompt.error();
        if (prompt->is_null()) return Error{at + ": prompt", "is missing (give \"prompt\": TEXT or \"messages\": [...])"};
        prompts.push_back(*prompt);
    }
    if (prompts.empty()) return Error{label, "holds no prompt"};
    return prompts;
}

Result<json> typed_baseline_row(const json& numbers, const std::string& label) {
    if (!numbers.is_object()) return Error{label, "expected a JSON object of numbers"};
    static const char* const kTyped[] = {"ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms", "output_tok_s_p50",
                                         "usd_per_1k_tokens"};
    for (const auto& [key, value] : numbers.items()) {
        const std::string at = label + "." + key;
        if (key == "name") {
            if (!value.is_string() || value.get<std::string>().empty()) return Error{at, "must be a non-empty text"};
        } else if (key == "requests") {
            if (!value.is_null() && (!value.is_number_integer() || value.get<long long>() < 1))
                return Error{at, "must be a whole number >= 1"};
        } else if (std::find_if(std::begin(kTyped), std::end(kTyped),
                                [name = std::string(key)](const char* k) { return name == k; }) != std::end(kTyped)) {
            if (!value.is_null() && (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0))
                return Error{at, "must be a number >= 0"};
        } else {
            return Error{at, "unknown field (expected name, requests, ttft_p50_ms, ttft_p95_ms, e2e_p95_ms, "
                             "output_tok_s_p50, usd_per_1k_tokens)"};
        }
    }
    json row = new_row(numbers.value("name", std::string("baseline")), "baseline");
    std::size_t given = 0;
    for (const char* key : kTyped)
        if (numbers.contains(key) && numbers[key].is_number()) {
            row[key] = numbers[key].get<double>();
            ++given;
        }
    if (given == 0) return Error{label, "give at least one of ttft_p50_ms, ttft_p95_ms, e2e_p95_ms, output_tok_s_p50, usd_per_1k_tokens"};
    if (numbers.contains("requests") && numbers["requests"].is_number_integer()) {
        row["requests"] = numbers["requests"];
        row["failed"] = 0;
    }
    row["notes"].push_back("typed in, not measured here");
    if (row["requests"].is_number() && row["requests"].get<double>() < static_cast<double>(kTrustworthyP95))
        row["notes"].push_back("p95 over " + row["requests"].dump() + " requests (< 20): the largest value, not a tail");
    return row;
}

// [SECTION] measured
std::optional<double> output_tok_s(const RequestRecord& r) {
    if (r.outcome != probe::Outcome::ok || !r.usage || !r.usage->completion_tokens || !r.e2e_ms || *r.e2e_ms <= 0)
        return std::nullopt;
    return static_cast<double>(*r.usage->completion_tokens) / (*r.e2e_ms / 1000.0);
}

Measured measured_row(const std::string& name, const std::vector<RequestRecord>& records,
                      const std::optional<Price>& price, const std::string& no_price_note) {
    Measured m;
    const json run = probe::summarize_run(records);
    std::vector<std::optional<double>> rates;
    std::size_t ok = 0;
    for (const RequestRecord& r : records)
        if (r.outcome == probe::Outcome::ok) {
            ++ok;
            rates.push_back(output_tok_s(r));
        }
    const std::size_t n = records.size(), failed = n - ok;
    json row = new_row(name, "measured");
    row["requests"] = n;
    row["failed"] = failed;
    row["ttft_p50_ms"] = run["ttft_ms"]["p50"];
    row["ttft_p95_ms"] = run["ttft_ms"]["p95"];
    row["e2e_p95_ms"] = run["e2e_ms"]["p95"];
    row["output_tok_s_p50"] = probe::to_json(probe::summarize(rates))["p50"];
    double pt = 0, ct = 0;
    std::size_t with_usage = 0;
    for (const RequestRecord& r : records) {
        if (r.outcome != probe::Outcome::ok) continue;
        if (r.usage_estimated || !r.usage || !r.usage->prompt_tokens || !r.usage->completion_tokens) continue;
        ++with_usage;
        pt += static_cast<double>(*r.usage->prompt_tokens);
        ct += static_cast<double>(*r.usage->completion_tokens);
    }
    if (with_usage) {
        m.mean_prompt_tokens = pt / static_cast<double>(with_usage);
        m.mean_completion_tokens = ct / static_cast<double>(with_usage);
        if (price && pt + ct > 0)
            row["usd_per_1k_tokens"] =
                (pt * price->input_usd_per_mtok + ct * price->output_usd_per_mtok) / 1e6 / (pt + ct) * 1000.0;
    }
    json& notes = row["notes"];
    if (failed) {
        m.any_failed = true;
        std::string what;
        for (const auto& [outcome, count] : run["outcomes"].items())
            if (outcome != "ok" && count.get<std::size_t>() > 0)
                what += (what.empty() ? "" : ", ") + std::to_string(count.get<std::size_t>()) + " " + outcome;
        notes.push_back("FAILED " + count_of(failed, n) + " requests (" + what + "); statistics are over the " +
                        std::to_string(ok) + " ok");
    }
    if (ok && with_usage < ok)
        notes.push_back(with_usage == 0 ? "sent no usage: tok/s from estimated tokens (characters / 4), no cost"
                                        : "sent no usage on " + count_of(ok - with_usage, ok) +
                                              " ok requests (cost from the rest)");
    if (!price) notes.push_back(no_price_note);
    else if (!price->source.empty()) notes.push_back("price: " + price->source);
    if (ok > 0 && ok < kTrustworthyP95)
        notes.push_back("p95 over " + std::to_string(ok) + " ok requests (< 20): the largest value, not a tail");
    if (ok == 0) notes.push_back("no ok request: no statistics");
    m.row = std::move(row);
    return m;
}

// [SECTION] predicted
json predicted_row(const std::string& name, const PredictionSpec& spec, const Measured& m,
                   double fallback_input_tokens, double max_tokens, long concurrency, const std::optional<Price>& price) {
    json row = new_row(name + " (predicted)", "predicted");
    row["hardware_id"] = spec.hardware_id;
    row["model_id"] = spec.model_id;
    json& notes = row["notes"];
    EstimateInput in;
    in.hardware_id = spec.hardware_id;
    in.model_id = spec.model_id;
    in.accelerator_count = spec.accelerator_count;
    in.precision = spec.precision;
    in.input_tokens = m.mean_prompt_tokens > 0 ? m.mean_prompt_tokens : fallback_input_tokens;
    in.output_tokens = m.mean_completion_tokens > 0 ? m.mean_completion_tokens : max_tokens;
    if (concurrency <= 1) {
        in.scenario = Scenario::single_stream;
    } else {
        in.scenario = Scenario::fixed_batch;
        in.concurrency = static_cast<double>(concurrency);
    }
    row["input_tokens"] = in.input_tokens;
    row["output_tokens"] = in.output_tokens;
    auto r = estimate(in, builtin_catalogue());
    if (!r) {
        notes.push_back("no prediction: " + r.error().field + ": " + r.error().message);
        return row;
    }
    row["ttft_p50_ms"] = r->ttft_ms;
    row["output_tok_s_p50"] = r->per_user_output_tok_s;
    row["e2e_ms"] = r->e2e_latency_s * 1000.0;
    row["accelerator_count"] = r->layout.chips;
    auto c = cost(*r, EconomicsInput{});
    if (c && std::isfinite(c->tokens.usd_per_1k_tokens)) {
        row["usd_per_1k_tokens"] = c->tokens.usd_per_1k_tokens;
        notes.push_back("cost: the cost model's default economics for " + spec.hardware_id + " at the predicted throughput");
    } else if (price && in.input_tokens + in.output_tokens > 0) {
        row["usd_per_1k_tokens"] = (in.input_tokens * price->input_usd_per_mtok + in.output_tokens * price->output_usd_per_mtok) /
                                   1e6 / (in.input_tokens + in.output_tokens) * 1000.0;
        notes.push_back(price->source.empty() ? std::string("cost: the workload's price for the same token counts")
                                              : "cost: the price (" + price->source + ") for the same token counts");
    }
    notes.push_back("a model's single value: ttft_p50_ms is the predicted TTFT (network and queueing excluded)");
    auto diff = [&](const char* key) -> json {
        const json& a = row[key];
        const json& b = m.row[key];
        if (!a.is_number() || !b.is_number() || b.get<double>() == 0) return nullptr;
        return (a.get<double>() - b.get<double>()) / b.get<double>() * 100.0;
    };
    row["vs_measured_pct"] = {{"ttft_p50_ms", diff("ttft_p50_ms")},
                              {"output_tok_s_p50", diff("output_tok_s_p50")},
                              {"usd_per_1k_tokens", diff("usd_per_1k_tokens")}};
    return row;
}

// [SECTION] table
namespace {
const char* const kRanked[] = {"ttft_p50_ms", "ttft_p95_ms", "e2e_p95_ms", "output_tok_s_p50", "usd_per_1k_tokens"};
bool higher_is_better(const std::string& col) { return col == "output_tok_s_p50"; }
}  // namespace

void mark_best(json& rows) {
    for (json& r : rows) r["best"] = json::array();
    for (const char* col : kRanked) {
        const bool higher = higher_is_better(col);
        std::optional<double> best;
        std::size_t count = 0;
        for (const json& r : rows)
            if (r["kind"] != "predicted" && r[col].is_number()) {
                ++count;
                const double v = r[col].get<double>();
                if (!best || (higher ? v > *best : v < *best)) best = v;
            }
        if (count < 2) continue;
        for (json& r : rows)
            if (r["kind"] != "predicted" && r[col].is_number() && r[col].get<double>() == *best)
                r["best"].push_back(col);
    }
}

std::optional<std::string> sort_column(const std::string& word) {
    if (word == "p95") return std::string("ttft_p95_ms");
    if (word == "e2e") return std::string("e2e_p95_ms");
    if (word == "cost") return std::string("usd_per_1k_tokens");
    if (word == "speed") return std::string("output_tok_s_p50");
    for (const std::string& c : columns())
        if (c == word) return c;
    return std::nullopt;
}

void sort_rows(json& rows, const std::string& column, bool descending) {
    json baseline = json::array();
    std::vector<json> groups;  // a measured row and the predicted rows after it
    for (json& r : rows) {
        if (r["kind"] == "baseline") baseline.push_back(std::move(r));
        else if (r["kind"] == "predicted" && !groups.empty()) groups.back().push_back(std::move(r));
        else groups.push_back(json::array({std::move(r)}));
    }
    const bool higher = higher_is_better(column) != descending;
    std::stable_sort(groups.begin(), groups.end(), [&](const json& a, const json& b) {
        const json &x = a[0][column], &y = b[0][column];
        if (!x.is_number()) return false;  // unknown last
        if (!y.is_number()) return true;
        return higher ? x.get<double>() > y.get<double>() : x.get<double>() < y.get<double>();
    });
    rows = std::move(baseline);
    for (json& g : groups)
        for (json& r : g) rows.push_back(std::move(r));
}

const std::vector<std::string>& table_head() {
    static const std::vector<std::string> h = {"name",        "kind",       "requests",  "failed",     "ttft p50 ms",
                                               "ttft p95 ms", "e2e p95 ms", "tok/s p50", "$/1K tokens"};
    return h;
}

namespace {
std::string cell(const json& row, const std::string& col, bool markdown) {
    const json& v = row[col];
    if (!v.is_number()) return "-";
    std::ostringstream s;
    if (v.is_number_integer() || v.is_number_unsigned()) s << v.dump();
    else {
        const double d = v.get<double>();
        s << std::fixed << std::setprecision(col == "usd_per_1k_tokens" ? (d < 0.01 ? 6 : 4) : 1) << d;
    }
    std::string out = s.str();
    bool best = false;
    if (row.contains("best"))
        for (const json& b : row["best"])
            if (b == col) best = true;
    if (best) out = markdown ? "**" + out + "**" : out + " *";
    return out;
}

void notes_lines(std::ostream& out, const json& rows, bool markdown) {
    for (const json& r : rows)
        for (const json& n : r["notes"])
            out << (markdown ? "- **" : "") << r["name"].get<std::string>() << (markdown ? "**: " : ": ")
                << n.get<std::string>() << "\n";
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}
}  // namespace

std::vector<std::string> table_cells(const json& r, bool markdown) {
    std::vector<std::string> c = {r["name"].get<std::string>(), r["kind"].get<std::string>()};
    for (const std::string& col : columns()) c.push_back(cell(r, col, markdown));
    return c;
}

std::string render_table(const json& rows) {
    std::ostringstream out;
    const auto& head = table_head();
    std::vector<std::vector<std::string>> cells = {head};
    for (const json& r : rows) cells.push_back(table_cells(r, false));
    std::vector<std::size_t> width(head.size(), 0);
    for (const auto& row : cells)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], utf8_length(row[c]));
    for (const auto& row : cells) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::size_t pad = width[c] - utf8_length(row[c]);
            if (c < 2) line += row[c] + (c + 1 == row.size() ? "" : std::string(pad, ' '));
            else line += std::string(pad, ' ') + row[c];
            if (c + 1 < row.size()) line += "  ";
        }
        out << line << "\n";
    }
    out << "(* the better value in its column; times over ok requests; $/1K counts input + output tokens)\n";
    notes_lines(out, rows, false);
    return out.str();
}

std::string render_markdown(const json& rows) {
    std::ostringstream out;
    const auto& head = table_head();
    auto line = [&](const std::vector<std::string>& c) {
        out << "|";
        for (const std::string& s : c) {
            std::string e;
            for (char ch : s) e += ch == '|' ? std::string("\\|") : std::string(1, ch);
            out << " " << e << " |";
        }
        out << "\n";
    };
    line(head);
    out << "|---|---|";
    for (std::size_t i = 2; i < head.size(); ++i) out << "---:|";
    out << "\n";
    for (const json& r : rows) line(table_cells(r, true));
    out << "\n**Bold**: the better value in its column. Times over ok requests; $/1K counts input + output tokens.\n";
    if (std::any_of(rows.begin(), rows.end(), [](const json& r) { return !r["notes"].empty(); })) {
        out << "\n";
        notes_lines(out, rows, true);
    }
    return out.str();
}

std::string render_csv(const json& rows) {
    std::ostringstream out;
    out << "name,kind";
    for (const std::string& c : columns()) out << "," << c;
    out << ",notes\n";
    for (const json& r : rows) {
        out << csv_cell(r["name"].get<std::string>()) << "," << r["kind"].get<std::string>();
        for (const std::string& c : columns()) {
            out << ",";
            const json& v = r[c];
            if (v.is_number_integer() || v.is_number_unsigned()) out << v.dump();
            else if (v.is_number()) out << v.get<double>();
        }
        std::string notes;
        for (const json& n : r["notes"]) notes += (notes.empty() ? "" : "; ") + n.get<std::string>();
        out << "," << csv_cell(notes) << "\n";
    }
    return out.str();
}

}  // namespace w2t::compare
