#pragma once
// The layout every model view shares: inputs in a left column beside the outputs on a
// wide screen, or one scrolling column (intro, inputs, outputs) on a narrow one.
#include <functional>
#include <string>
#include <string_view>

namespace w2t::web {

struct ViewLayout {
    const char* id;        // prefix of the child windows' ids
    const char* intro;     // a sentence on what the view does
    float narrow_below;    // widths under this stack (px)
    // Chart height: a share of the width when stacked, of the height side by side, clamped.
    float narrow_share, narrow_min, narrow_max;
    float wide_share, wide_min, wide_max;
};

// Embedded views (a blog post's iframe) grow to their content instead of
// filling and scrolling the window: children take the height their content
// needed last frame, charts a share of the width. The page then sizes the
// iframe to the height the view reports.
// Setting it also clears layout_fitted(), which says whether a view drawn
// since then used draw_view_layout (and so sized itself to its content).
void set_layout_fits_content(bool fit);
bool layout_fits_content();
bool layout_fitted();

// Draws the view; `recompute` runs after the inputs (they may have changed them).
// Returns whether the narrow layout was used.
bool draw_view_layout(const ViewLayout& layout, const std::function<void(float width)>& inputs,
                      const std::function<void()>& recompute,
                      const std::function<void(float width, float chart_height)>& outputs);

// [SECTION] forms: the label column and the text the views' input columns share.

// A label column and a full-width widget, or the label above it when stacked.
struct Form {
    float label_w;
    bool stacked;
};

// The label (its help on hover), then the next widget's width set to the rest of the line.
void form_field(const Form& f, const char* label, const char* help);

// A tooltip wrapped to 420 px or the screen's width, so it reads on a phone.
void wrapped_tooltip(const std::string& text);

// Secondary text, wrapped.
void muted_wrapped(std::string_view text);

}  // namespace w2t::web
