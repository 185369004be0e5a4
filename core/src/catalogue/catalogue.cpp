// [SECTION] Contents
//   provenance and sourced values
//   accelerators
//   models
//   look-ups and "did you mean"
//   builtin catalogue
#include "w2t/catalogue/catalogue.hpp"

#include <algorithm>
#include <functional>

#include <nlohmann/json.hpp>

#include "w2t/json_io.hpp"
#include "w2t/validate.hpp"
#include "w2t_embedded_accelerators_json.hpp"  // generated from catalogue/*.json
#include "w2t_embedded_models_json.hpp"

namespace w2t {
namespace {

using nlohmann::json;

// [SECTION] provenance and sourced values
constexpr std::pair<Quality, const char*> kQualityNames[] = {
    {Quality::datasheet, "datasheet"},       {Quality::official_benchmark, "official-benchmark"},
    {Quality::third_party, "third-party"},   {Quality::vendor_claim, "vendor-claim"},
    {Quality::estimate, "estimate"},
};

Result<Provenance> read_provenance(const json& j, const std::string& where) {
    if (!j.is_object()) return Error{where, "expected an object with url, date and quality"};
    Provenance p;
    for (const char* key : {"url", "date", "quality"}) {
        if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
            return Error{where + "." + key, "missing or not a text"};
    }
    p.url = j["url"].get<std::string>();
    p.date = j["date"].get<std::string>();
    if (p.url.rfind("https://", 0) != 0 && p.url.rfind("http://", 0) != 0)
        return Error{where + ".url", "expected an http(s) URL, got '" + p.url + "'"};
    const std::string q = j["quality"].get<std::string>();
    bool found = false;
    for (const auto& [value, name] : kQualityNames)
        if (q == name) p.quality = value, found = true;
    if (!found)
        return Error{where + ".quality", "'" + q +
                                             "' is not one of datasheet, official-benchmark, "
                                             "third-party, vendor-claim, estimate"};
    if (j.contains("note")) {
        if (!j["note"].is_string()) return Error{where + ".note", "expected a text"};
        p.note = j["note"].get<std::string>();
    }
    if (p.quality == Quality::estimate && p.note.empty())
        return Error{where + ".note", "an estimate must say how it was made"};
    return p;
}

// A spec is either a bare value (inheriting the entry's source) or
// {"value": ..., "url", "date", "quality", "note"?}.
Result<SourcedSpec> read_spec(const std::string& key, const json& j, const Provenance& inherited,
                              const std::string& where) {
    SourcedSpec s;
    s.key = key;
    const json* value = &j;
    s.source = inherited;
    if (j.is_object()) {
        if (!j.contains("value")) return Error{where, "an object spec needs a 'value'"};
        value = &j["value"];
        auto p = read_provenance(j, where);
        if (!p) return p.error();
        s.source = *p;
    }
    if (value->is_number()) {
        s.number = value->get<double>();
        if (!std::isfinite(s.number) || s.number < 0)
            return Error{where, "expected a finite non-negative number"};
        s.text = format_number(s.number);
    } else if (value->is_string()) {
        s.text = value->get<std::string>();
    } else if (value->is_boolean()) {
        s.text = value->get<bool>() ? "true" : "false";
    } else {
        return Error{where, std::string("expected a number, text or boolean, got ") + value->type_name()};
    }
    return s;
}

template <class Entry>
struct NumberSpec {
    const char* key;
    double Entry::*member;
};
template <class Entry>
struct TextSpec {
    const char* key;
    std::string Entry::*member;
};

// Reads id/name/source and every spec of `specs_key`, routing each to its typed
// member; an unknown key is an error (it is usually a typo).
template <class Entry, size_t N, size_t M>
Result<Entry> read_entry(const json& j, const std::string& where, const char* specs_key,
                         const NumberSpec<Entry> (&numbers)[N], const TextSpec<Entry> (&texts)[M],
                         const std::vector<const char*>& other_keys) {
    if (!j.is_object()) return Error{where, "expected an object"};
    Entry e;
    if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty())
        return Error{where + ".id", "missing or not a text"};
    e.id = j["id"].get<std::string>();
    const std::string at = where + " (" + e.id + ")";
    if (!j.contains("name") || !j["name"].is_string()) return Error{at + ".name", "missing or not a text"};
    e.name = j["name"].get<std::string>();
    if (!j.contains("source")) return Error{at + ".source", "missing"};
    auto source = read_provenance(j["source"], at + ".source");
    if (!source) return source.error();
    if (!j.contains(specs_key) || !j[specs_key].is_object())
        return Error{at + "." + specs_key, "missing or not an object"};
    for (const auto& item : j[specs_key].items()) {
        const std::string key = item.key();  // not a structured binding: clang 14 lambdas cannot capture one
        const json& value = item.value();
        const std::string field = at + "." + specs_key + "." + key;
        auto spec = read_spec(key, value, *source, field);
        if (!spec) return spec.error();
        bool matched = false;
        for (const auto& n : numbers) {
            if (key != n.key) continue;
            if (!known(spec->number)) return Error{field, "expected a number"};
            e.*n.member = spec->number;
            matched = true;
        }
        for (const auto& t : texts) {
            if (key != t.key) continue;
            e.*t.member = spec->text;
            matched = true;
        }
        if (!matched && std::find_if(other_keys.begin(), other_keys.end(),
                                     [&](const char* k) { return key == k; }) == other_keys.end())
            return Error{field, "unknown field"};
        e.specs.push_back(*spec);
    }
    return e;
}

template <class Entry>
Result<std::vector<Entry>> read_list(const json& root, const char* schema, const char* list_key,
                                     const std::function<Result<Entry>(const json&, const std::string&)>& read) {
    if (!root.is_object()) return Error{"", "expected a JSON object"};
    if (!root.contains("schema") || root["schema"] != schema)
        return Error{"schema", std::string("expected \"") + schema + "\""};
    if (!root.contains(list_key) || !root[list_key].is_array())
        return Error{list_key, "missing or not a list"};
    std::vector<Entry> out;
    for (size_t i = 0; i < root[list_key].size(); ++i) {
        auto e = read(root[list_key][i], std::string(list_key) + "[" + std::to_string(i) + "]");
        if (!e) return e.error();
        for (const Entry& prior : out)
            if (prior.id == e->id) return Error{std::string(list_key) + "[" + std::to_string(i) + "].id",
                                                "duplicate id '" + e->id + "'"};
        out.push_back(std::move(e.value()));
    }
    return out;
}

// [SECTION] accelerators
constexpr NumberSpec<Accelerator> kAcceleratorNumbers[] = {
    {"tflops_fp16", &Accelerator::tflops_fp16},       {"tflops_fp8", &Accelerator::tflops_fp8},
    {"tflops_fp4", &Accelerator::tflops_fp4},         {"tops_int8", &Accelerator::tops_int8},
    {"tflops_fp16_sparse", &Accelerator::tflops_fp16_sparse},
    {"memory_gb", &Accelerator::memory_gb},           {"memory_bw_gbs", &Accelerator::memory_bw_gbs},
    {"sram_mb", &Accelerator::sram_mb},               {"sram_bw_tbs", &Accelerator::sram_bw_tbs},
    {"scaleup_bw_gbs", &Accelerator::scaleup_bw_gbs}, {"scaleup_domain", &Accelerator::scaleup_domain},
    {"scaleout_bw_gbs", &Accelerator::scaleout_bw_gbs}, {"tdp_w", &Accelerator::tdp_w},
    {"die_area_mm2", &Accelerator::die_area_mm2},     {"transistors_b", &Accelerator::transistors_b},
    {"hbm_stacks", &Accelerator::hbm_stacks},         {"price_usd", &Accelerator::price_usd},
};
constexpr TextSpec<Accelerator> kAcceleratorTexts[] = {
    {"memory_kind", &Accelerator::memory_kind},       {"scaleup_topology", &Accelerator::scaleup_topology},
    {"process_node", &Accelerator::process_node},     {"packaging", &Accelerator::packaging},
    {"price_kind", &Accelerator::price_kind},
};
const char* const kAcceleratorKinds[] = {"gpu", "wafer-scale", "lpu", "rdu", "tpu", "soc"};

Result<Accelerator> read_accelerator(const json& j, const std::string& where) {
    auto a = read_entry<Accelerator>(j, where, "specs", kAcceleratorNumbers, kAcceleratorTexts,
                                     {"clock_mhz", "cores", "tflops_fp8_sparse", "tflops_fp4_sparse",
                                      "tops_int8_sparse", "tflops_fp32", "memory_bus_bits",
                                      "transistors_note"});
    if (!a) return a;
    const std::string at = where + " (" + a->id + ")";
    for (const char* key : {"vendor", "family", "kind"}) {
        if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
            return Error{at + "." + key, "missing or not a text"};
    }
    a.value().vendor = j["vendor"];
    a.value().family = j["family"];
    a.value().kind = j["kind"];
    if (std::find(std::begin(kAcceleratorKinds), std::end(kAcceleratorKinds), a->kind) ==
        std::end(kAcceleratorKinds))
        return Error{at + ".kind", "'" + a->kind + "' is not one of gpu, wafer-scale, lpu, rdu, tpu, soc"};
    return a;
}

// [SECTION] models
constexpr NumberSpec<ModelArch> kModelNumbers[] = {
    {"layers", &ModelArch::layers},       {"hidden", &ModelArch::hidden},
    {"heads", &ModelArch::heads},         {"kv_heads", &ModelArch::kv_heads},
    {"head_dim", &ModelArch::head_dim},   {"vocab", &ModelArch::vocab},
    {"ffn", &ModelArch::ffn},             {"context", &ModelArch::context},
    {"experts", &ModelArch::experts},     {"experts_active", &ModelArch::experts_active},
    {"experts_shared", &ModelArch::experts_shared}, {"moe_ffn", &ModelArch::moe_ffn},
    {"moe_layer_step", &ModelArch::moe_layer_step}, {"first_dense_layers", &ModelArch::first_dense_layers},
    {"sliding_window", &ModelArch::sliding_window}, {"sliding_layers", &ModelArch::sliding_layers},
    {"attention_chunk", &ModelArch::attention_chunk}, {"chunked_layers", &ModelArch::chunked_layers},
    {"kv_lora_rank", &ModelArch::kv_lora_rank},     {"q_lora_rank", &ModelArch::q_lora_rank},
    {"qk_rope_head_dim", &ModelArch::qk_rope_head_dim}, {"qk_nope_head_dim", &ModelArch::qk_nope_head_dim},
    {"v_head_dim", &ModelArch::v_head_dim},
    {"params_total_b", &ModelArch::params_total_b}, {"params_active_b", &ModelArch::params_active_b},
};
constexpr TextSpec<ModelArch> kModelTexts[] = {
    {"native_precision", &ModelArch::native_precision},
};

Result<ModelArch> read_model(const json& j, const std::string& where) {
    auto m = read_entry<ModelArch>(j, where, "arch", kModelNumbers, kModelTexts,
                                   {"attention", "tied_embeddings", "rope_theta", "norm", "activation",
                                    "num_nextn_predict_layers", "moe_routed_scaling"});
    if (!m) return m;
    ModelArch& a = m.value();
    const std::string at = where + " (" + a.id + ").arch.";
    if (const SourcedSpec* s = a.spec("attention")) {
        if (s->text == "mha") a.attention = AttentionKind::mha;
        else if (s->text == "gqa") a.attention = AttentionKind::gqa;
        else if (s->text == "mla") a.attention = AttentionKind::mla;
        else return Error{at + "attention", "'" + s->text + "' is not one of mha, gqa, mla"};
    }
    if (const SourcedSpec* s = a.spec("tied_embeddings")) a.tied_embeddings = s->text == "true";
    for (const auto& [key, value] : {std::pair{"layers", a.layers}, {"hidden", a.hidden}, {"heads", a.heads},
                                     {"vocab", a.vocab}}) {
        if (!(value >= 1)) return Error{at + key, "missing (must be at least 1)"};
    }
    if (a.kv_heads == 0) a.kv_heads = a.heads;
    if (a.head_dim == 0) a.head_dim = a.hidden / a.heads;
    if (a.is_moe()) {
        if (!(a.experts_active >= 1 && a.experts_active <= a.experts))
            return Error{at + "experts_active", "must be between 1 and experts"};
        if (a.moe_ffn == 0) a.moe_ffn = a.ffn;
        if (!(a.moe_layer_step >= 1)) return Error{at + "moe_layer_step", "must be at least 1"};
    } else if (!(a.ffn >= 1)) {
        return Error{at + "ffn", "missing (must be at least 1)"};
    }
    if (a.attention == AttentionKind::mla && !(a.kv_lora_rank > 0))
        return Error{at + "kv_lora_rank", "MLA needs kv_lora_rank"};
    return m;
}

// [SECTION] look-ups and "did you mean"
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

template <class Entry>
std::string unknown_message(const char* what, std::string_view id, const std::vector<Entry>& entries) {
    std::vector<std::string> ids;
    for (const auto& e : entries) ids.push_back(e.id);
    std::string list;
    for (const auto& c : closest_ids(id, ids)) list += (list.empty() ? "" : ", ") + c;
    return std::string("unknown ") + what + " '" + std::string(id) + "' (closest: " + list + ")";
}

template <class Entry>
const Entry* find_by_id(const std::vector<Entry>& entries, std::string_view id) {
    for (const auto& e : entries)
        if (e.id == id) return &e;
    return nullptr;
}

template <class Entry>
const SourcedSpec* find_spec(const Entry& e, std::string_view key) {
    for (const auto& s : e.specs)
        if (s.key == key) return &s;
    return nullptr;
}

}  // namespace

const char* to_string(Quality q) {
    for (const auto& [value, name] : kQualityNames)
        if (q == value) return name;
    return "?";
}

const SourcedSpec* Accelerator::spec(std::string_view key) const { return find_spec(*this, key); }
const SourcedSpec* ModelArch::spec(std::string_view key) const { return find_spec(*this, key); }

const Accelerator* Catalogue::accelerator(std::string_view id) const { return find_by_id(accelerators, id); }
const ModelArch* Catalogue::model(std::string_view id) const { return find_by_id(models, id); }
std::string Catalogue::unknown_accelerator_message(std::string_view id) const {
    return unknown_message("hardware_id", id, accelerators);
}
std::string Catalogue::unknown_model_message(std::string_view id) const {
    return unknown_message("model_id", id, models);
}

std::vector<std::string> closest_ids(std::string_view id, const std::vector<std::string>& known_ids,
                                     size_t count) {
    std::vector<std::pair<size_t, std::string>> scored;
    for (const auto& k : known_ids) {
        // A shared prefix ("h100" vs "h100-sxm") counts as close whatever the length.
        const bool prefix = !id.empty() && (k.rfind(id, 0) == 0 || id.rfind(k, 0) == 0);
        scored.emplace_back(prefix ? 0 : edit_distance(id, k), k);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (size_t i = 0; i < scored.size() && i < count; ++i) out.push_back(scored[i].second);
    return out;
}

Result<Catalogue> load_catalogue(std::string_view accelerators_json, std::string_view models_json) {
    Catalogue c;
    auto a = parse_json(accelerators_json);
    if (!a) return Error{"accelerators.json", a.error().message};
    auto accelerators = read_list<Accelerator>(*a, "w2t-accelerators/1", "accelerators", read_accelerator);
    if (!accelerators) return Error{"accelerators.json: " + accelerators.error().field, accelerators.error().message};
    c.accelerators = std::move(accelerators.value());
    auto m = parse_json(models_json);
    if (!m) return Error{"models.json", m.error().message};
    auto models = read_list<ModelArch>(*m, "w2t-models/1", "models", read_model);
    if (!models) return Error{"models.json: " + models.error().field, models.error().message};
    c.models = std::move(models.value());
    return c;
}

// [SECTION] builtin catalogue
const Catalogue& builtin_catalogue() {
    static const Catalogue catalogue = [] {
        auto text = [](const unsigned char* bytes, size_t size) {
            return std::string_view(reinterpret_cast<const char*>(bytes), size);
        };
        auto c = load_catalogue(text(embedded::accelerators_json, embedded::accelerators_json_size),
                                text(embedded::models_json, embedded::models_json_size));
        // The build checks the embedded files (catalogue test), so this cannot fail
        // in a shipped binary; an empty catalogue is the safe fallback.
        return c ? c.value() : Catalogue{};
    }();
    return catalogue;
}

}  // namespace w2t
