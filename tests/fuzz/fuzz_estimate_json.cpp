// libFuzzer target: one `w2t estimate` JSON line (core/include/w2t/perf/estimate_json.hpp)
// through estimate_input_from_json, check_estimate_input and estimate() on the
// built-in catalogue, and the result back to JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/estimate_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto j = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return 0;
    const auto in = w2t::estimate_input_from_json(j);
    if (!in) return 0;
    (void)w2t::to_json(*in).dump();
    const auto& catalogue = w2t::builtin_catalogue();
    if (w2t::check_estimate_input(*in, catalogue)) return 0;
    const auto r = w2t::estimate(*in, catalogue);
    if (r) {
        (void)w2t::to_json(*r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        nlohmann::json line = nlohmann::json::object();
        w2t::add_summary(*r, line);
    }
    return 0;
}
