#pragma once
// Sources view: every figure the page uses (each accelerator and model spec,
// and the sources of the calibration measurements) with its link, date and
// quality flag, filterable by text, quality and kind. Also the shared pieces
// the other catalogue views use: quality colours and markers, source
// tooltips, and links that open in a new browser tab.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "w2t/catalogue/catalogue.hpp"

namespace w2t::web {

// [SECTION] links and quality flags (shared with the hardware and validation views)

// Opens an http(s) URL in a new browser tab through the installed opener (the
// page installs one calling window.w2t.openUrl); anything else is ignored.
// Returns whether it was passed on. The last URL is kept for tests.
bool open_url(const std::string& url);
void set_url_opener(void (*opener)(const std::string& url));
const std::string& last_opened_url();

// "nvidia.com/content/dam/…/a100-datasheet.pdf": scheme and "www." dropped,
// at most max_chars characters (the middle elided).
std::string short_url(std::string_view url, size_t max_chars = 48);

// A link: link-coloured text, underlined when hovered, the URL in a tooltip;
// a click opens it in a new tab. Returns whether it was clicked.
bool link(const char* label, const std::string& url);

// The left button released (not after a drag) while hovering the last item: a click.
bool released_click();

// Quality names as in the data: datasheet, official-benchmark,
// vendor-benchmark, third-party, vendor-claim, estimate.
unsigned int quality_colour(std::string_view quality);  // IM_COL32 layout
// Estimates and vendor claims: figures to read with care, marked wherever shown.
bool flagged_quality(std::string_view quality);
// A small coloured dot on the current line (estimate, vendor claim) or nothing.
void quality_marker(std::string_view quality);
// A legend of the markers: "● estimate  ● vendor claim".
void quality_legend();
// The tooltip body for a sourced figure: quality, date, URL and note.
void source_tooltip(const std::string& title, std::string_view quality, const std::string& date,
                    const std::string& url, const std::string& note);

// [SECTION] the view

struct SourceEntry {
    enum class Kind { accelerator, model, measurement };
    Kind kind = Kind::accelerator;
    std::string owner;    // "NVIDIA H100 SXM5 80 GB", a model, or a measurement source's title
    std::string figure;   // "memory_bw_gbs", or "12 measurements"
    std::string value;    // "3350", or the chips and models measured
    std::string url, date, quality, note;
};
const char* to_string(SourceEntry::Kind k);

// Every figure in use: accelerator specs, model specs, and one entry per
// (source URL, quality) of the calibration rows.
std::vector<SourceEntry> collect_sources(const Catalogue& catalogue);

enum class SourceColumn { owner, figure, value, quality, date, url, note };

struct SourcesPanel {
    std::vector<SourceEntry> entries;  // built on first use
    std::string filter;                // case-insensitive, over every text of an entry
    std::string quality;               // "" = all
    int kind = -1;                     // -1 = all, else SourceEntry::Kind
    SourceColumn sort_column = SourceColumn::owner;
    bool sort_ascending = true;

    std::vector<int> visible;  // indices into entries, filtered and sorted
    uint64_t version = 0;      // bumped whenever `visible` is rebuilt
    int distinct_urls = 0;
    bool narrow = false;       // last frame's layout

    struct Key {
        std::string filter, quality;
        int kind;
        SourceColumn column;
        bool ascending;
        bool operator==(const Key&) const = default;
    };
    std::optional<Key> visible_of;
};

// Builds the entries once, and `visible` again when the filter or the order
// changed; returns whether `visible` was rebuilt.
bool update_sources_panel(SourcesPanel& panel);

// Whether an entry matches the filter text (case-insensitive, any field).
bool source_matches(const SourceEntry& e, std::string_view filter);

void draw_sources_panel(SourcesPanel& panel);

// Text input bound to a std::string (shared with the other catalogue views).
bool input_text(const char* id, std::string* value, const char* hint);

}  // namespace w2t::web
