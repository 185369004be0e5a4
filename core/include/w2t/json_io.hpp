#pragma once
// JSON at the core's boundary: scenario JSON in, result JSON out. Every error
// names the field (or the byte position of a syntax error).
#include <string_view>

#include <nlohmann/json.hpp>

#include "w2t/dies_per_wafer.hpp"
#include "w2t/result.hpp"

namespace w2t {

// Parses text without throwing; a syntax error says where it is.
Result<nlohmann::json> parse_json(std::string_view text);

// Missing fields keep their defaults; unknown fields and wrong types are errors.
Result<DiesPerWaferInput> dies_per_wafer_input_from_json(const nlohmann::json& j);

nlohmann::json to_json(const DiesPerWaferInput& in);
nlohmann::json to_json(const DiesPerWaferResult& r);
nlohmann::json to_json(const Error& e);

}  // namespace w2t
