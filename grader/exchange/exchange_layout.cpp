// Names in the nbgrader exchange (see exchange_layout.hpp).
#include "grader/exchange/exchange_layout.hpp"

#include <sys/random.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "grader/course/printable_text.hpp"

namespace gradebox::exchange {

std::string InboundName::str() const {
  std::string name = student + "+" + assignment + "+" + timestamp;
  if (!random.empty()) name += "+" + random;
  return name;
}

std::optional<InboundName> parse_inbound_name(std::string_view name) {
  std::vector<std::string> parts;  // right to left, as Python's rsplit('+', 3)
  std::string_view rest = name;
  while (parts.size() < 3) {
    const auto plus = rest.rfind('+');
    if (plus == std::string_view::npos) break;
    parts.emplace_back(rest.substr(plus + 1));
    rest = rest.substr(0, plus);
  }
  parts.emplace_back(rest);
  if (parts.size() < 3) return std::nullopt;
  InboundName parsed;
  const auto n = parts.size();
  parsed.student = parts[n - 1];
  parsed.assignment = parts[n - 2];
  parsed.timestamp = parts[n - 3];
  if (n == 4) parsed.random = parts[0];
  return parsed;
}

std::string random_suffix() {
  std::array<unsigned char, 9> bytes{};
  if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw std::runtime_error("getrandom failed");
  static const char* const kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 63];
  }
  return out;
}

std::filesystem::path student_assignment_dir(const std::filesystem::path& assignment_dir,
                                             const ExchangeSettings& settings,
                                             const std::string& course_id,
                                             const std::string& assignment) {
  return settings.path_includes_course ? assignment_dir / course_id / assignment
                                       : assignment_dir / assignment;
}

std::optional<std::string> exchange_name_problem(std::string_view what, std::string_view name) {
  const std::string shown = std::string(what) + " \"" + course::printable_text(name) + "\"";
  if (name.empty()) return std::string(what) + " is empty";
  if (name.front() == '.') return shown + " starts with '.'";
  for (const char c : name) {
    if (c == '/' || c == '+' || c == '*') return shown + " contains '" + c + "'";
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return shown + " contains a control character";
  }
  return std::nullopt;
}

}  // namespace gradebox::exchange
