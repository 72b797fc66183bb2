// SAX handler building ordered_json without deep copies (see json_reader.hpp).
#include "grader/notebook/json_reader.hpp"

#include <unordered_map>
#include <utility>
#include <vector>

namespace gradebox::notebook {
namespace {

class OrderedTreeBuilder : public nlohmann::json_sax<Json> {
 public:
  bool null() override { return add(Json(nullptr)); }
  bool boolean(bool v) override { return add(Json(v)); }
  bool number_integer(number_integer_t v) override { return add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return add(Json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return add(Json(v)); }
  bool string(string_t& v) override { return add(Json(std::move(v))); }
  bool binary(binary_t& v) override { return add(Json::binary(std::move(v))); }

  bool start_object(std::size_t) override {
    frames_.push_back(Frame{true, {}, {}, {}});
    return true;
  }
  bool key(string_t& k) override {
    frames_.back().pending_key = std::move(k);
    return true;
  }
  bool end_object() override {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    return add(build_object(std::move(frame.members)));
  }
  bool start_array(std::size_t) override {
    frames_.push_back(Frame{false, {}, {}, Json::array()});
    return true;
  }
  bool end_array() override {
    Json array = std::move(frames_.back().array);
    frames_.pop_back();
    return add(std::move(array));
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_position_ = position;
    error_message_ = ex.what();
    return false;
  }

  Json take_result() { return std::move(result_); }
  std::size_t error_position() const { return error_position_; }
  const std::string& error_message() const { return error_message_; }

 private:
  struct Frame {
    bool is_object;
    std::string pending_key;
    std::vector<std::pair<std::string, Json>> members;
    Json array;
  };

  static Json build_object(std::vector<std::pair<std::string, Json>> members) {
    Json object = Json::object();
    auto& map = object.get_ref<Json::object_t&>();
    map.reserve(members.size());
    // Duplicates: first position, last value (Python's dict semantics).
    std::unordered_map<std::string_view, std::size_t> index;
    const bool large = members.size() > 16;
    for (auto& [key, value] : members) {
      std::size_t found = map.size();
      if (large) {
        if (const auto it = index.find(key); it != index.end()) found = it->second;
      } else {
        for (std::size_t i = 0; i < map.size(); ++i)
          if ((map.begin() + static_cast<std::ptrdiff_t>(i))->first == key) found = i;
      }
      if (found < map.size()) {
        (map.begin() + static_cast<std::ptrdiff_t>(found))->second = std::move(value);
        continue;
      }
      map.emplace_back(std::move(key), std::move(value));
      if (large) index.emplace(map.back().first, map.size() - 1);
    }
    return object;
  }

  bool add(Json value) {
    if (frames_.empty()) {
      result_ = std::move(value);
    } else if (frames_.back().is_object) {
      frames_.back().members.emplace_back(std::move(frames_.back().pending_key), std::move(value));
    } else {
      frames_.back().array.get_ref<Json::array_t&>().push_back(std::move(value));
    }
    return true;
  }

  std::vector<Frame> frames_;
  Json result_;
  std::size_t error_position_ = 0;
  std::string error_message_;
};

}  // namespace

Json read_json(std::string_view text) {
  OrderedTreeBuilder builder;
  if (!Json::sax_parse(text.begin(), text.end(), &builder)) {
    // nlohmann reports the 1-based position of the last character read.
    const std::size_t at = builder.error_position() == 0 ? 0 : builder.error_position() - 1;
    throw JsonSyntaxError(at, builder.error_message());
  }
  return builder.take_result();
}

}  // namespace gradebox::notebook
