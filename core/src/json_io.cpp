#include "w2t/json_io.hpp"

#include <cmath>
#include <utility>
#include <vector>

namespace w2t {
namespace {

struct NumberField {
    const char* name;
    double* target;
};

// Reads the listed number fields of an object; anything else is an error.
std::optional<Error> read_number_fields(const nlohmann::json& j, std::vector<NumberField> fields) {
    if (!j.is_object()) return Error{"", std::string("expected a JSON object, got ") + j.type_name()};
    for (const auto& [key, value] : j.items()) {
        NumberField* match = nullptr;
        for (auto& f : fields)
            if (key == f.name) match = &f;
        if (!match) {
            std::string known;
            for (const auto& f : fields) known += (known.empty() ? "" : ", ") + std::string(f.name);
            return Error{key, "unknown field (known: " + known + ")"};
        }
        if (!value.is_number())
            return Error{key, std::string("expected a number, got ") + value.type_name()};
        *match->target = value.get<double>();
    }
    return std::nullopt;
}

nlohmann::json number_or_null(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

Result<nlohmann::json> parse_json(std::string_view text) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // what() reads "[json.exception.parse_error.101] parse error at line 1, column 23: ..."
        std::string what = e.what();
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        return Error{"", "invalid JSON: " + what};
    } catch (const nlohmann::json::exception& e) {
        // A number too large for a double (1e999) is out_of_range.406, not a parse error.
        std::string what = e.what();
        if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        return Error{"", "invalid JSON: " + what};
    }
}

Result<DiesPerWaferInput> dies_per_wafer_input_from_json(const nlohmann::json& j) {
    DiesPerWaferInput in;
    if (auto e = read_number_fields(j, {{"die_width_mm", &in.die_width_mm},
                                        {"die_height_mm", &in.die_height_mm},
                                        {"scribe_mm", &in.scribe_mm},
                                        {"wafer_diameter_mm", &in.wafer_diameter_mm},
                                        {"edge_exclusion_mm", &in.edge_exclusion_mm}}))
        return *e;
    if (auto e = validate(in)) return *e;
    return in;
}

nlohmann::json to_json(const DiesPerWaferInput& in) {
    return {{"die_width_mm", in.die_width_mm},
            {"die_height_mm", in.die_height_mm},
            {"scribe_mm", in.scribe_mm},
            {"wafer_diameter_mm", in.wafer_diameter_mm},
            {"edge_exclusion_mm", in.edge_exclusion_mm}};
}

nlohmann::json to_json(const DiesPerWaferResult& r) {
    return {{"gross_dies", r.gross_dies},
            {"offset_x_mm", r.offset_x_mm},
            {"offset_y_mm", r.offset_y_mm},
            {"partial_dies", r.partial_dies},
            {"centered_grid_dies", r.centered_grid_dies},
            {"approx_dies", r.approx_dies},
            {"approx_error_pct", r.gross_dies > 0 ? number_or_null(r.approx_error_pct) : nullptr},
            {"usable_radius_mm", r.usable_radius_mm},
            {"die_area_mm2", r.die_area_mm2},
            {"area_utilisation", r.area_utilisation},
            {"offsets_evaluated", r.offsets_evaluated}};
}

nlohmann::json to_json(const Error& e) {
    return {{"field", e.field}, {"message", e.message}};
}

}  // namespace w2t
