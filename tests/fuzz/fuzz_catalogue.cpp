// libFuzzer target: load_catalogue (core/include/w2t/catalogue/catalogue.hpp).
// Input: the accelerators JSON, a NUL byte, the models JSON. A catalogue that
// loads is then used: lookups, and an estimate of its first model on its first
// accelerator.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "w2t/catalogue/catalogue.hpp"
#include "w2t/perf/estimate_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto nul = text.find('\0');
    const std::string_view accelerators = text.substr(0, nul);
    const std::string_view models = nul == std::string_view::npos ? std::string_view("[]") : text.substr(nul + 1);
    const auto cat = w2t::load_catalogue(accelerators, models);
    if (!cat) return 0;
    (void)cat->unknown_accelerator_message("no-such-chip");
    (void)cat->unknown_model_message("no-such-model");
    if (cat->accelerators.empty() || cat->models.empty()) return 0;
    w2t::EstimateInput in;
    in.hardware_id = cat->accelerators.front().id;
    in.model_id = cat->models.front().id;
    (void)cat->accelerator(in.hardware_id);
    (void)cat->model(in.model_id);
    if (w2t::check_estimate_input(in, *cat)) return 0;
    const auto r = w2t::estimate(in, *cat);
    if (r) (void)w2t::to_json(*r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return 0;
}
