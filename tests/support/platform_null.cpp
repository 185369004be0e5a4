// The platform hooks that web/main.cpp provides in the page, as no-ops for headless tests.
#include "app.hpp"

namespace w2t::web {
void request_redraw() {}
}  // namespace w2t::web
