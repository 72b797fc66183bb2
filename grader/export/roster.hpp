// The roster CSV maps gradebox student ids to LMS identities. Header row required; columns by
// name, any order, unknown columns ignored:
//   student_id (required; also accepted as "id"), first_name, last_name, email, username,
//   lms_id (the LMS user id: Canvas ID, LTI userId), sis_user_id, sis_login_id, section
// A student id listed twice is an error.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gradebox::exporting {

struct RosterEntry {
  std::string student_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string username;
  std::string lms_id;
  std::string sis_user_id;
  std::string sis_login_id;
  std::string section;
};

class Roster {
 public:
  // Throws std::runtime_error naming the file and line.
  static Roster load(const std::filesystem::path& path);
  static Roster parse(std::string_view text, const std::string& source);

  const std::vector<RosterEntry>& entries() const { return entries_; }  // file order
  const RosterEntry* find(std::string_view student_id) const;

 private:
  std::vector<RosterEntry> entries_;
  std::unordered_map<std::string, size_t> index_;  // student_id -> entries_ position
};

}  // namespace gradebox::exporting
