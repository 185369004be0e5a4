// [SECTION] Contents
//   model glue: effective input, equality, frontier sweep
//   update: recompute on change, keep the last good result
//   inputs
//   results and notes
//   charts: memory, decode step, frontier, side by side
//   draw_inference_panel()
#include "panel_inference.hpp"

#include <algorithm>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "theme.hpp"
#include "view_layout.hpp"
#include "widget_rects.hpp"
#include "w2t/catalogue/catalogue.hpp"

namespace w2t::web {
namespace {

const ImVec4& kErrorColour = theme().error;
const ImVec4& kMutedColour = theme().muted;
const ImVec4& kGoodColour = theme().good;
const ImVec4& kWarnColour = theme().warn;

// Series colours (IM_COL32 layout): selected chip, the two comparison chips.
constexpr ImU32 kChipColours[3] = {IM_COL32(41, 170, 152, 255), IM_COL32(230, 140, 60, 255),
                                   IM_COL32(150, 130, 230, 255)};
constexpr ImU32 kMemoryColours[4] = {IM_COL32(70, 130, 200, 255), IM_COL32(41, 170, 152, 255),
                                     IM_COL32(120, 124, 134, 255), IM_COL32(52, 58, 68, 255)};
constexpr ImU32 kTermColours[5] = {IM_COL32(220, 110, 90, 255), IM_COL32(70, 130, 200, 255),
                                   IM_COL32(41, 170, 152, 255), IM_COL32(200, 160, 60, 255),
                                   IM_COL32(140, 120, 200, 255)};

constexpr Precision kPrecisions[] = {Precision::fp16, Precision::bf16, Precision::fp8,  Precision::fp4,
                                     Precision::int8, Precision::int4, Precision::q4_0, Precision::q8_0};
constexpr Scenario kScenarios[] = {Scenario::offline, Scenario::server, Scenario::interactive,
                                   Scenario::single_stream, Scenario::fixed_batch};
constexpr const char* kFrameworks[] = {"tensorrt-llm", "vllm", "sglang", "llama.cpp"};

// [SECTION] model glue
// What estimate() is asked: concurrency counts only in fixed-batch (elsewhere
// the scenario chooses it, and a leftover number would silently override that).
EstimateInput effective_input(const EstimateInput& in) {
    EstimateInput e = in;
    if (e.scenario != Scenario::fixed_batch) e.concurrency = 0;
    return e;
}

std::string chip_label(const ChipPick& c, int resolved) {
    const int n = c.count > 0 ? c.count : resolved;
    if (n <= 0) return c.hardware_id + " (fewest)";
    return c.hardware_id + " x" + std::to_string(n) + (c.count == 0 ? " (fewest)" : "");
}

// The frontier follows the shown result (the last good input), like every
// other output, so an input being fixed does not leave the charts half-updated.
const EstimateInput& shown_input(const InferencePanel& p) { return p.computed ? *p.computed : p.input; }

FrontierKey frontier_key(const InferencePanel& p) {
    const EstimateInput& in = shown_input(p);
    FrontierKey k;
    k.model_id = in.model_id;
    k.framework = in.framework;
    k.precision = in.precision;
    k.input_tokens = in.input_tokens;
    k.output_tokens = in.output_tokens;
    k.chips = {ChipPick{in.hardware_id, in.accelerator_count}, p.compare[0], p.compare[1]};
    return k;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

bool same_input(const EstimateInput& a, const EstimateInput& b) {
    return a.hardware_id == b.hardware_id && a.accelerator_count == b.accelerator_count &&
           a.model_id == b.model_id && a.precision == b.precision && a.scenario == b.scenario &&
           a.input_tokens == b.input_tokens && a.output_tokens == b.output_tokens &&
           a.concurrency == b.concurrency && a.framework == b.framework &&
           a.kv_precision_set == b.kv_precision_set && a.kv_precision == b.kv_precision &&
           a.tensor_parallel == b.tensor_parallel && a.pipeline_parallel == b.pipeline_parallel &&
           a.speculative.draft_tokens == b.speculative.draft_tokens &&
           a.speculative.acceptance == b.speculative.acceptance &&
           a.speculative.draft_cost == b.speculative.draft_cost && a.ttft_limit_ms == b.ttft_limit_ms &&
           a.tpot_limit_ms == b.tpot_limit_ms && a.client_overhead_ms == b.client_overhead_ms;
}

InferencePanel::InferencePanel() {
    input.hardware_id = "b200";
    input.accelerator_count = 8;
    input.model_id = "llama-4-maverick";
    input.precision = Precision::fp8;
    input.scenario = Scenario::single_stream;
    input.input_tokens = 1000;
    input.output_tokens = 1000;
    input.concurrency = 64;  // used once the scenario is fixed-batch
    input.framework = "tensorrt-llm";
    compare = {ChipPick{"h200-sxm", 8}, ChipPick{"cerebras-cs3", 0}};
}

std::vector<double> frontier_concurrencies() {
    std::vector<double> c;
    for (double n = 1; n <= 1024; n *= 2) c.push_back(n);
    return c;
}

FrontierLine sweep_frontier(const EstimateInput& base, const ChipPick& chip) {
    FrontierLine line;
    line.chip = chip;
    EstimateInput in = base;
    in.hardware_id = chip.hardware_id;
    in.accelerator_count = chip.count;
    in.scenario = Scenario::fixed_batch;
    in.ttft_limit_ms = in.tpot_limit_ms = 0;
    for (double c : frontier_concurrencies()) {
        in.concurrency = c;
        auto r = estimate(in, builtin_catalogue());
        if (!r) {
            if (line.points.empty()) line.error = r.error();
            break;
        }
        line.chips = r->layout.chips;
        if (!line.points.empty() && r->concurrency <= line.points.back().concurrency) break;  // saturated
        line.points.push_back({r->concurrency, r->per_user_output_tok_s, r->system_output_tok_s, r->ttft_ms,
                               r->tpot_ms});
        if (r->batch_limited_by.find("capacity") != std::string::npos) break;  // the batch cannot grow
    }
    return line;
}

// [SECTION] update: recompute on change, keep the last good result
bool update_inference_panel(InferencePanel& panel) {
    bool changed = false;
    const EstimateInput in = effective_input(panel.input);
    const bool current = panel.computed && same_input(*panel.computed, in) && !panel.error;
    const bool rejected = panel.error && panel.last_rejected && same_input(*panel.last_rejected, in);
    if (!current && !rejected) {
        builtin_catalogue();  // parsed on first use: not part of the estimate's time
        const auto t0 = std::chrono::steady_clock::now();
        auto r = estimate(in, builtin_catalogue());
        panel.compute_ms = ms_since(t0);
        if (!r) {
            panel.error = r.error();
            panel.last_rejected = in;
        } else {
            panel.error.reset();
            panel.last_rejected.reset();
            panel.result = *r;
            panel.computed = in;
            ++panel.result_version;
        }
        changed = true;
    }
    // The side-by-side chip: the shown result's workload on the comparison chip.
    panel.table_compare = std::clamp(panel.table_compare, 0, 1);
    if (panel.computed) {
        EstimateInput other = *panel.computed;
        other.hardware_id = panel.compare[panel.table_compare].hardware_id;
        other.accelerator_count = panel.compare[panel.table_compare].count;
        if (!panel.compare_of || !same_input(panel.compare_of->first, other) ||
            panel.compare_of->second != panel.table_compare) {
            auto r = estimate(other, builtin_catalogue());
            if (r) panel.compare_result = *r, panel.compare_error.reset();
            else panel.compare_result.reset(), panel.compare_error = r.error();
            panel.compare_of = std::make_pair(other, panel.table_compare);
            changed = true;
        }
    }
    // The frontier: only when the model, workload or chips change.
    const FrontierKey key = frontier_key(panel);
    if (!panel.frontier_of || !(*panel.frontier_of == key)) {
        const auto t0 = std::chrono::steady_clock::now();
        const EstimateInput base = effective_input(shown_input(panel));
        panel.frontier.clear();
        for (const ChipPick& chip : key.chips) panel.frontier.push_back(sweep_frontier(base, chip));
        panel.frontier_ms = ms_since(t0);
        panel.frontier_of = key;
        ++panel.frontier_version;
        changed = true;
    }
    return changed;
}

namespace {

// [SECTION] inputs
bool bad_field(const InferencePanel& p, const char* name) { return p.error && p.error->field == name; }

void push_bad(bool bad) {
    if (bad) ImGui::PushStyleColor(ImGuiCol_FrameBg, theme().bad_frame);
}
void pop_bad(const InferencePanel& p, bool bad) {
    if (!bad) return;
    ImGui::PopStyleColor();
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
    ImGui::TextWrapped("%s", p.error->message.c_str());
    ImGui::PopStyleColor();
}

bool hardware_combo(const char* id, std::string* hardware_id) {
    const Catalogue& cat = builtin_catalogue();
    const Accelerator* cur = cat.accelerator(*hardware_id);
    bool changed = false;
    if (ImGui::BeginCombo(id, cur ? cur->name.c_str() : hardware_id->c_str())) {
        for (const Accelerator& a : cat.accelerators) {
            const bool selected = a.id == *hardware_id;
            if (ImGui::Selectable(a.name.c_str(), selected)) *hardware_id = a.id, changed = true;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", a.id.c_str(), a.kind.c_str());
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

template <class Enum, size_t N>
void enum_combo(const char* id, Enum* value, const Enum (&values)[N]) {
    if (ImGui::BeginCombo(id, to_string(*value))) {
        for (Enum v : values) {
            const bool selected = v == *value;
            if (ImGui::Selectable(to_string(v), selected)) *value = v;
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
}

void tokens_input(const Form& f, InferencePanel& p, const char* label, const char* name, double* value,
                  const char* help) {
    form_field(f, label, help);
    const bool bad = bad_field(p, name);
    push_bad(bad);
    ImGui::InputDouble((std::string("##") + name).c_str(), value, 100.0, 1000.0, "%.0f");
    note_item_rect(std::string("inf_") + name);
    pop_bad(p, bad);
}

void draw_inputs(InferencePanel& p, float width) {
    const Form f{std::min(118.0f, width * 0.36f), width < 250.0f};
    EstimateInput& in = p.input;
    const Catalogue& cat = builtin_catalogue();

    ImGui::TextColored(kMutedColour, "SYSTEM");
    form_field(f, "Hardware", "The accelerator (catalogue entry; hover an item for its id).");
    bool bad = bad_field(p, "hardware_id");
    push_bad(bad);
    hardware_combo("##hardware", &in.hardware_id);
    note_item_rect("inf_hardware");
    pop_bad(p, bad);

    form_field(f, "Chips", "How many accelerators. 0: the fewest that hold the model.");
    bad = bad_field(p, "accelerator_count") || bad_field(p, "tensor_parallel");
    push_bad(bad);
    ImGui::InputInt("##count", &in.accelerator_count, 1, 8);
    note_item_rect("inf_count");
    pop_bad(p, bad);
    if (in.accelerator_count == 0 && p.result && p.computed && p.computed->accelerator_count == 0 && !p.error)
        ImGui::TextColored(kMutedColour, "0 = fewest that fit: %d", p.result->layout.chips);

    form_field(f, "Framework", "Serving stack. TensorRT-LLM is the reference; others reach a share of its "
                          "kernel efficiency; llama.cpp splits layers across GPUs.");
    if (ImGui::BeginCombo("##framework", in.framework.c_str())) {
        for (const char* fw : kFrameworks)
            if (ImGui::Selectable(fw, in.framework == fw)) in.framework = fw;
        ImGui::EndCombo();
    }
    note_item_rect("inf_framework");

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "MODEL");
    form_field(f, "Model", "The LLM architecture (catalogue entry).");
    bad = bad_field(p, "model_id");
    push_bad(bad);
    const ModelArch* model = cat.model(in.model_id);
    if (ImGui::BeginCombo("##model", model ? model->name.c_str() : in.model_id.c_str())) {
        for (const ModelArch& m : cat.models)
            if (ImGui::Selectable(m.name.c_str(), m.id == in.model_id)) in.model_id = m.id;
        ImGui::EndCombo();
    }
    note_item_rect("inf_model");
    pop_bad(p, bad);

    form_field(f, "Precision", "Weight precision (q4_0: 4.5 bits with block scales).");
    bad = bad_field(p, "precision");
    push_bad(bad);
    enum_combo("##precision", &in.precision, kPrecisions);
    note_item_rect("inf_precision");
    pop_bad(p, bad);

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "WORKLOAD");
    form_field(f, "Scenario", "offline: maximum throughput; server / interactive: the best throughput within "
                         "latency limits; single-stream: one request; fixed-batch: the concurrency below.");
    enum_combo("##scenario", &in.scenario, kScenarios);
    note_item_rect("inf_scenario");
    tokens_input(f, p, "Input tokens", "input_tokens", &in.input_tokens, "Prompt length (mean).");
    tokens_input(f, p, "Output tokens", "output_tokens", &in.output_tokens, "Generated tokens (mean).");
    form_field(f, "Concurrency", "Requests in flight (fixed-batch only; the other scenarios choose it).");
    ImGui::BeginDisabled(in.scenario != Scenario::fixed_batch);
    bad = bad_field(p, "concurrency");
    push_bad(bad);
    ImGui::InputDouble("##concurrency", &in.concurrency, 1.0, 16.0, "%.0f");
    note_item_rect("inf_concurrency");
    pop_bad(p, bad);
    ImGui::EndDisabled();

    if (p.error) {
        static const char* const kShown[] = {"hardware_id", "accelerator_count", "tensor_parallel", "model_id",
                                             "precision", "input_tokens", "output_tokens", "concurrency"};
        bool shown = false;
        for (const char* name : kShown) shown = shown || p.error->field == name;
        if (!shown) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s", p.error->to_string().c_str());
            ImGui::PopStyleColor();
        }
    }

    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, "COMPARE WITH");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Two more chips for the frontier chart; one of them in the side-by-side table.\n"
                          "Chips 0: the fewest that hold the model.");
    for (int i = 0; i < 2; ++i) {
        ImGui::PushID(i);
        const std::string label = i == 0 ? "Chip B" : "Chip C";
        form_field(f, label.c_str(), "A comparison chip and how many (0: the fewest that fit).");
        const float count_w = 64.0f;
        const float spacing = ImGui::GetStyle().ItemInnerSpacing.x;
        ImGui::SetNextItemWidth(std::max(40.0f, ImGui::GetContentRegionAvail().x - count_w - spacing));
        hardware_combo("##chip", &p.compare[i].hardware_id);
        note_item_rect("inf_compare" + std::to_string(i));
        ImGui::SameLine(0.0f, spacing);
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputInt("##n", &p.compare[i].count, 0, 0);
        p.compare[i].count = std::clamp(p.compare[i].count, 0, 100000);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Chips (0: the fewest that fit)");
        note_item_rect("inf_compare" + std::to_string(i) + "_count");
        ImGui::PopID();
    }
}

// [SECTION] results and notes
std::string fmt(double v, const char* unit) { return chart::format_value(v, unit); }

void metric_cell(const char* name, const std::string& value, const char* help) {
    ImGui::TableNextColumn();
    ImGui::TextColored(kMutedColour, "%s", name);
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(value.c_str());
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
}

void draw_results(const InferencePanel& p, float width) {
    if (!p.result) {
        if (p.error) ImGui::TextColored(kErrorColour, "No estimate: %s", p.error->to_string().c_str());
        return;
    }
    const EstimateResult& r = *p.result;
    if (p.error) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("The current input cannot be estimated (see the inputs); showing the last valid one: "
                           "%s x%d, %s, %s.",
                           r.input.hardware_id.c_str(), r.layout.chips, r.input.model_id.c_str(),
                           to_string(r.input.precision));
        ImGui::PopStyleColor();
    }
    const int pairs = width >= 560.0f ? 2 : 1;
    if (ImGui::BeginTable("inf_results", pairs * 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        metric_cell("TTFT", fmt(r.ttft_ms, "ms"), "Time to first token: queueing-free prefill of the prompt.");
        metric_cell("TPOT", fmt(r.tpot_ms, "ms"), "Time per output token (one decode step, per user).");
        metric_cell("Per user", fmt(r.per_user_output_tok_s, "tok/s"), "Output tokens per second one user sees.");
        metric_cell("System output", fmt(r.system_output_tok_s, "tok/s"), "Output tokens per second, all users.");
        metric_cell("End to end", fmt(r.e2e_latency_s, "s"), "TTFT + (output tokens - 1) x TPOT.");
        metric_cell("System total", fmt(r.system_total_tok_s, "tok/s"), "Input + output tokens per second.");
        metric_cell("In flight", fmt(r.concurrency, ""), "Requests in flight in the whole system.");
        metric_cell("KV cache room", fmt(r.memory.max_concurrency, "requests"),
                    "Requests whose KV cache fits (whole system).");
        metric_cell("Decode bound by", r.decode.bottleneck, "The resource that sets the decode step's time.");
        metric_cell("Prefill bound by", r.prefill.bottleneck, "The resource that sets the prefill's time.");
        metric_cell("Batch limited by", r.batch_limited_by, "What stopped a larger batch.");
        metric_cell("Layout", r.layout.description, "How the chips are used: replicas of tensor x pipeline parallel.");
        ImGui::EndTable();
    }
    char summary[256];
    std::snprintf(summary, sizeof summary, "%s, %.0fB parameters (%.0fB active), %d x %s, estimated in %.2f ms",
                  r.input.model_id.c_str(), r.shape.params_total_b, r.shape.params_active_b, r.layout.chips,
                  r.input.hardware_id.c_str(), p.compute_ms);
    muted_wrapped(summary);
    if (!r.notes.empty()) {
        ImGui::TextColored(kMutedColour, "ASSUMPTIONS");
        for (size_t i = 0; i < r.notes.size(); ++i) {
            const std::string& n = r.notes[i];
            if (std::find(r.notes.begin(), r.notes.begin() + i, n) != r.notes.begin() + i) continue;  // said once
            ImGui::Bullet();
            ImGui::TextWrapped("%s", n.c_str());
        }
    }
}

// [SECTION] charts
void heading(const char* text) {
    ImGui::Spacing();
    muted_wrapped(text);
}

void draw_memory(const EstimateResult& r) {
    const MemoryBreakdown& m = r.memory;
    char title[160];
    std::snprintf(title, sizeof title, "MEMORY PER CHIP: %s %s", fmt(m.capacity_gb, "GB").c_str(),
                  m.sram_resident ? "on-chip SRAM" : "off-chip");
    heading(title);
    ImGui::BeginGroup();
    chart::stacked_bar("inf_memory", ImGui::GetFrameHeight(),
                       {{"weights", m.weights_gb, kMemoryColours[0]},
                        {"KV cache", m.kv_cache_gb, kMemoryColours[1]},
                        {"reserved", m.reserved_gb, kMemoryColours[2]},
                        {"free", m.free_gb, kMemoryColours[3]}},
                       "GB");
    ImGui::EndGroup();
    note_item_rect("inf_memory");
}

void draw_decode(const EstimateResult& r) {
    const PhaseTerms& d = r.decode;
    char title[200];
    std::snprintf(title, sizeof title, "DECODE STEP: %s, bound by %s (each term: that resource alone)",
                  fmt(d.total_ms, "ms").c_str(), d.bottleneck.c_str());
    heading(title);
    ImGui::BeginGroup();
    chart::stacked_bar("inf_decode", ImGui::GetFrameHeight(),
                       {{"compute", d.compute_ms, kTermColours[0]},
                        {"weights", d.weights_ms, kTermColours[1]},
                        {"KV cache", d.kv_cache_ms, kTermColours[2]},
                        {"interconnect", d.interconnect_ms, kTermColours[3]},
                        {"overhead", d.overhead_ms, kTermColours[4]}},
                       "ms");
    ImGui::EndGroup();
    note_item_rect("inf_decode");
}

void draw_frontier(InferencePanel& p, float height) {
    heading("THROUGHPUT VS INTERACTIVITY (fixed batch 1, 2, 4 ... 1024)");
    std::vector<chart::Series> series;
    for (size_t i = 0; i < p.frontier.size(); ++i) {
        const FrontierLine& line = p.frontier[i];
        chart::Series s;
        s.name = chip_label(line.chip, line.chips) + (i == 0 ? " (selected)" : "");
        s.colour = kChipColours[i % 3];
        for (const FrontierPoint& pt : line.points) {
            s.x.push_back(pt.per_user_tok_s);
            s.y.push_back(pt.system_tok_s);
        }
        series.push_back(std::move(s));
    }
    if (p.result && !p.error) {
        chart::Series now;
        now.name = "this estimate";
        now.colour = theme().strong;
        now.line = false;
        now.marker_radius = 5.0f;
        now.x = {p.result->per_user_output_tok_s};
        now.y = {p.result->system_output_tok_s};
        series.push_back(std::move(now));
    }
    chart::PlotOptions options;
    options.default_tooltip = false;
    ImGui::BeginGroup();
    p.frontier_hover = chart::line_plot("inf_frontier", height, {"per-user output", "tok/s", true},
                                        {"system output", "tok/s", true}, series, options);
    ImGui::EndGroup();
    note_item_rect("inf_frontier");
    const chart::PlotHover h = p.frontier_hover;
    if (h.active() && h.series < static_cast<int>(p.frontier.size())) {
        const FrontierLine& line = p.frontier[h.series];
        const FrontierPoint& pt = line.points[h.index];
        ImGui::SetTooltip("%s\n%s requests in flight\nper user: %s\nsystem output: %s\nTTFT %s, TPOT %s",
                          chip_label(line.chip, line.chips).c_str(), chart::format_exact(pt.concurrency, "").c_str(),
                          chart::format_exact(pt.per_user_tok_s, "tok/s").c_str(),
                          chart::format_exact(pt.system_tok_s, "tok/s").c_str(),
                          chart::format_exact(pt.ttft_ms, "ms").c_str(), chart::format_exact(pt.tpot_ms, "ms").c_str());
    } else if (h.active() && p.result) {
        ImGui::SetTooltip("this estimate (%s)\nper user: %s\nsystem output: %s", to_string(p.result->input.scenario),
                          chart::format_exact(p.result->per_user_output_tok_s, "tok/s").c_str(),
                          chart::format_exact(p.result->system_output_tok_s, "tok/s").c_str());
    }
    for (const FrontierLine& line : p.frontier)
        if (line.error) {
            ImGui::PushStyleColor(ImGuiCol_Text, kMutedColour);
            ImGui::TextWrapped("%s: no points: %s", chip_label(line.chip, line.chips).c_str(),
                               line.error->message.c_str());
            ImGui::PopStyleColor();
        }
}

struct CompareRow {
    const char* name;
    double a, b;
    const char* unit;
    bool higher_better;
};

void draw_side_by_side(InferencePanel& p) {
    heading("SIDE BY SIDE");
    const ChipPick a{p.computed ? p.computed->hardware_id : p.input.hardware_id,
                     p.computed ? p.computed->accelerator_count : p.input.accelerator_count};
    for (int i = 0; i < 2; ++i) {
        const int resolved = i + 1 < static_cast<int>(p.frontier.size()) ? p.frontier[i + 1].chips : 0;
        const std::string text = "vs " + chip_label(p.compare[i], resolved);
        const float w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                        ImGui::CalcTextSize(text.c_str()).x;
        if (i) {  // beside the first when it fits, else below it
            ImGui::SameLine();
            if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
        }
        const std::string label = text + "##vs" + std::to_string(i);
        if (ImGui::RadioButton(label.c_str(), p.table_compare == i)) p.table_compare = i;
    }
    if (!p.result) return;
    if (!p.compare_result) {
        if (p.compare_error)
            ImGui::TextColored(kMutedColour, "%s: %s", p.compare[p.table_compare].hardware_id.c_str(),
                               p.compare_error->message.c_str());
        return;
    }
    const EstimateResult& ra = *p.result;
    const EstimateResult& rb = *p.compare_result;
    const std::string la = chip_label(a, ra.layout.chips);
    const std::string lb = chip_label(p.compare[p.table_compare], rb.layout.chips);
    const CompareRow rows[] = {
        {"TTFT", ra.ttft_ms, rb.ttft_ms, "ms", false},
        {"TPOT", ra.tpot_ms, rb.tpot_ms, "ms", false},
        {"Per user", ra.per_user_output_tok_s, rb.per_user_output_tok_s, "tok/s", true},
        {"System output", ra.system_output_tok_s, rb.system_output_tok_s, "tok/s", true},
        {"End to end", ra.e2e_latency_s, rb.e2e_latency_s, "s", false},
        {"System total", ra.system_total_tok_s, rb.system_total_tok_s, "tok/s", true},
        {"In flight", ra.concurrency, rb.concurrency, "", true},
        {"Chips", double(ra.layout.chips), double(rb.layout.chips), "", false},
        {"tok/s per chip", ra.system_output_tok_s / std::max(1, ra.layout.chips),
         rb.system_output_tok_s / std::max(1, rb.layout.chips), "", true},
    };
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_BordersInnerV;
    if (ImGui::BeginTable("inf_compare_table", 4, flags)) {
        ImGui::TableSetupColumn("metric", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn(la.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(lb.c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("A / B", ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
        const char* heads[] = {"", "A", "B", "A / B"};
        const std::string* tips[] = {nullptr, &la, &lb, nullptr};
        for (int c = 0; c < 4; ++c) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(heads[c]);
            if (tips[c] && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tips[c]->c_str());
        }
        for (const CompareRow& row : rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(kMutedColour, "%s", row.name);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt(row.a, row.unit).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fmt(row.b, row.unit).c_str());
            ImGui::TableNextColumn();
            if (row.b > 0 && std::isfinite(row.a / row.b)) {
                const double ratio = row.a / row.b;
                const bool better = row.higher_better ? ratio > 1.0 : ratio < 1.0;
                const bool same = std::fabs(ratio - 1.0) < 0.005;
                ImGui::TextColored(same ? kMutedColour : better ? kGoodColour : kWarnColour, "%.3g\xC3\x97", ratio);
            } else {
                ImGui::TextDisabled("-");
            }
        }
        ImGui::EndTable();
    }
    ImGui::TextColored(kMutedColour, "A: %s   B: %s", la.c_str(), lb.c_str());
}

void draw_output(InferencePanel& p, float width, float plot_height) {
    draw_results(p, width);
    if (!p.result) return;
    const bool two = width >= 1000.0f;
    if (two && ImGui::BeginTable("inf_bars", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        draw_memory(*p.result);
        ImGui::TableNextColumn();
        draw_decode(*p.result);
        ImGui::EndTable();
    } else {
        draw_memory(*p.result);
        draw_decode(*p.result);
    }
    if (width >= 860.0f && ImGui::BeginTable("inf_lower", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("frontier", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("table", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextColumn();
        draw_frontier(p, plot_height);
        ImGui::TableNextColumn();
        draw_side_by_side(p);
        ImGui::EndTable();
    } else {
        draw_frontier(p, plot_height);
        draw_side_by_side(p);
    }
}

}  // namespace

// [SECTION] draw_inference_panel()
void draw_inference_panel(InferencePanel& panel) {
    panel.narrow = ImGui::GetContentRegionAvail().x < 820.0f;
    update_inference_panel(panel);
    static const ViewLayout layout{
        "inf",
        "What a user would measure: a model on a chip, at a precision and a workload. "
        "Hover any name for what it means.",
        820.0f, 0.8f, 220.0f, 320.0f, 0.42f, 240.0f, 420.0f};
    draw_view_layout(
        layout, [&](float w) { draw_inputs(panel, w); }, [&] { update_inference_panel(panel); },
        [&](float w, float chart_h) { draw_output(panel, w, chart_h); });
}

}  // namespace w2t::web
