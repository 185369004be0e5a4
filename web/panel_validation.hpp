#pragma once
// Measured vs model: every published measurement of the calibration set run
// through the performance model (w2t::validate_rows, as `w2t validate`), with
// the summary by metric, chip family and source quality, a per-row table
// sortable and filterable by chip and model, and vendor claims flagged with
// how far the model is from them. Shown as a section of the hardware view.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chart.hpp"
#include "w2t/perf/calibration.hpp"

namespace w2t::web {

enum class ValColumn { chip, count, model, scenario, metric, measured, predicted, error, quality, source };

struct ValidationPanel {
    // validate_rows() over the built-in rows: run once, when the section is first drawn.
    std::optional<ValidationReport> report;
    double compute_ms = 0.0;

    std::string chip, model;    // "" = every chip / model
    bool claims_only = false;   // vendor claims only
    ValColumn sort_column = ValColumn::error;
    bool sort_ascending = false;

    std::vector<int> visible;   // indices into report->rows, filtered and sorted
    uint64_t version = 0;       // bumped whenever `visible` is rebuilt
    struct Key {
        std::string chip, model;
        bool claims_only;
        ValColumn column;
        bool ascending;
        bool operator==(const Key&) const = default;
    };
    std::optional<Key> visible_of;

    chart::PlotHover plot_hover;  // last frame's hovered point (for tests)
    bool narrow = false;          // last frame's layout
};

// Runs validate_rows() if it has not run yet, and rebuilds `visible` when the
// filter or the order changed; returns whether anything was (re)computed.
bool update_validation_panel(ValidationPanel& panel);

// What a vendor claim looks like next to the model:
// "model: 1,250 tok/s — the claim is 2.1× higher" (or "lower", or "within 5 %").
std::string claim_verdict(const RowOutcome& row);

// "14.2 %" / "75.6 %" as shown in the summary (a dash for no rows).
std::string format_pct(double pct);

void draw_validation_panel(ValidationPanel& panel);

}  // namespace w2t::web
