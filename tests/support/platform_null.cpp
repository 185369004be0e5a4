// The platform hooks that web/main.cpp provides in the page, as no-ops for headless tests.
#include <string>

#include "app.hpp"

namespace w2t::web {
void request_redraw() {}
void open_full_calculator(const std::string&) {}
void copy_share_link(const std::string&) {}
void download_file(const std::string&, const std::string&, const std::string&) {}
void capture_png(const std::string&) {}
}  // namespace w2t::web
