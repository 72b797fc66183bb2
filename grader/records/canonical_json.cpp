// Owns canonical JSON serialisation. nlohmann::json keeps objects in a std::map (keys in byte
// order) and dump() without indent writes no whitespace and escapes exactly as the header says,
// so the work here is refusing floats and invalid UTF-8.
#include "grader/records/canonical_json.hpp"

#include <stdexcept>

namespace gradebox::records {
namespace {

void refuse_floats(const nlohmann::json& value, const std::string& pointer) {
  if (value.is_number_float()) {
    throw std::invalid_argument("canonical JSON refuses the float at " +
                                (pointer.empty() ? std::string("/") : pointer) +
                                "; store scores as integer milli-points");
  }
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) refuse_floats(member, pointer + "/" + key);
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      refuse_floats(value[i], pointer + "/" + std::to_string(i));
  }
}

}  // namespace

std::string canonical_json(const nlohmann::json& value) {
  refuse_floats(value, "");
  try {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  } catch (const nlohmann::json::type_error& e) {
    throw std::invalid_argument(std::string("canonical JSON needs valid UTF-8 strings: ") +
                                e.what());
  }
}

bool is_canonical_json(std::string_view bytes, const nlohmann::json& parsed) {
  try {
    return canonical_json(parsed) == bytes;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

}  // namespace gradebox::records
