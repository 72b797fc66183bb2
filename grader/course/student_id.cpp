// Owns the student id rule (see student_id.hpp).
#include "grader/course/student_id.hpp"

#include "grader/course/printable_text.hpp"

namespace gradebox::course {
namespace {

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool allowed(char c) {
  return is_alnum(c) || c == '_' || c == '.' || c == '@' || c == '+' || c == '-';
}

std::string why_not(std::string_view id) {
  if (id.empty()) return "it is empty";
  if (id.size() > kMaxStudentIdLength)
    return "it is longer than " + std::to_string(kMaxStudentIdLength) + " characters";
  for (const char c : id) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return "it holds a control character";
    if (byte >= 0x80) return "it holds a non-ASCII character";
    if (c == '/') return "it holds '/'";
    if (c == ':') return "it holds ':' (it could read as a URL scheme)";
    if (!allowed(c)) return "it holds '" + printable_text(std::string_view(&c, 1)) + "'";
  }
  if (id.front() == '.') return "it starts with '.'";
  if (!is_alnum(id.front()) && id.front() != '_')
    return "it starts with '" + std::string(1, id.front()) + "'";
  return "";
}

}  // namespace

std::optional<std::string> student_id_problem(std::string_view id) {
  const std::string why = why_not(id);
  if (why.empty()) return std::nullopt;
  return "\"" + printable_text(id) + "\" is not a valid student id: " + why;
}

}  // namespace gradebox::course
