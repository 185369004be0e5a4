// libFuzzer target: parse_calibration_csv (core/include/w2t/perf/calibration.hpp);
// the first rows that parse are turned into estimate inputs and run.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/calibration.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto rows = w2t::parse_calibration_csv(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!rows) return 0;
    const auto& catalogue = w2t::builtin_catalogue();
    std::size_t n = 0;
    for (const auto& row : *rows) {
        if (++n > 4) break;
        if (!catalogue.accelerator(row.hardware_id) || !catalogue.model(row.model_id)) continue;
        std::vector<std::string> assumptions;
        const auto in = w2t::input_for_row(row, catalogue, assumptions);
        if (w2t::check_estimate_input(in, catalogue)) continue;
        const auto r = w2t::estimate(in, catalogue);
        if (r) (void)w2t::metric_value(*r, row.metric);
    }
    return 0;
}
