#pragma once
// Hardware view: the sourced catalogue of accelerators as a sortable table
// (each figure's source, date, quality and note on hover; estimates and vendor
// claims marked), two chips side by side with every spec and the ratio, and
// the measured-vs-model section (panel_validation.*).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "panel_validation.hpp"
#include "w2t/catalogue/catalogue.hpp"

namespace w2t::web {

enum class HwColumn { name, vendor, kind, fp16, fp8, fp4, memory, bandwidth, sram, scaleup, domain, tdp, process,
                      die, price };
inline constexpr int kHwColumns = 15;

// How a catalogue column reads an accelerator: its spec key (for the source),
// a number (NaN when unknown) or a text.
struct HwColumnInfo {
    HwColumn id;
    const char* header;   // "FP8 TFLOPS"
    const char* help;     // header tooltip
    const char* spec;     // spec key for the source, or nullptr (name, vendor, kind)
    double scale;         // shown value = number * scale (GB/s -> TB/s)
};
const std::vector<HwColumnInfo>& hardware_columns();
double hardware_number(const Accelerator& a, HwColumn c);  // NaN for text columns and unknowns
std::string hardware_text(const Accelerator& a, HwColumn c);  // what the cell shows ("-" when unknown)

// A readable name and unit for a spec key: {"Memory bandwidth", "GB/s"}.
std::pair<std::string, std::string> spec_label(const std::string& key);

// The rows of the side-by-side table: every spec of A, then B's others, in file order.
struct CompareSpec {
    std::string key;
    const SourcedSpec* a = nullptr;
    const SourcedSpec* b = nullptr;
    double ratio = NAN;  // a / b when both are positive numbers
};
std::vector<CompareSpec> compare_specs(const Accelerator& a, const Accelerator& b);

struct HardwarePanel {
    std::string a = "b200", b = "mi355x";  // the side-by-side chips
    HwColumn sort_column = HwColumn::name;
    bool sort_ascending = true;
    std::vector<int> order;  // catalogue indices, sorted
    std::optional<std::pair<HwColumn, bool>> order_of;
    uint64_t order_version = 0;

    ValidationPanel validation;
    bool validation_open = true;     // the measured-vs-model section is expanded
    bool reveal_validation = false;  // scroll to it next frame (set_view("validation"))
    bool narrow = false;             // last frame's layout
};

// Sorts the catalogue when the order changed; returns whether it did. Unknown
// numbers sort last either way.
bool update_hardware_panel(HardwarePanel& panel);

void draw_hardware_panel(HardwarePanel& panel);

}  // namespace w2t::web
