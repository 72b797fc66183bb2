// A regular expression with Python's named groups, `(?P<student_id>...)`, as nbgrader's
// FileNameCollectorPlugin.named_regexp is written: PCRE2 in UTF mode with Unicode classes (\w
// matches letters beyond ASCII, as Python 3's re does), matched as re.match does (anchored at
// the start of the subject, not at its end), with match and depth limits so no pattern or file
// name can make a match run away.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace gradebox::zip_collect {

class NamedRegex {
 public:
  // Throws std::invalid_argument naming the pattern, PCRE2's message and the offset.
  explicit NamedRegex(const std::string& pattern);
  NamedRegex(NamedRegex&&) noexcept;
  NamedRegex& operator=(NamedRegex&&) noexcept;
  ~NamedRegex();

  // Group name -> matched text, for the named groups that took part; nullopt when the pattern
  // does not match (or the match hit a limit).
  std::optional<std::map<std::string, std::string>> match(std::string_view subject) const;
  const std::set<std::string>& group_names() const { return names_; }
  const std::string& pattern() const { return pattern_; }

 private:
  struct Compiled;
  std::string pattern_;
  std::unique_ptr<Compiled> compiled_;
  std::set<std::string> names_;
};

}  // namespace gradebox::zip_collect
