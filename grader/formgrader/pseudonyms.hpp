// Anonymous grading: each student id is shown as a stable pseudonym, "anon-" and the first 12 hex
// chars of HMAC-SHA256(course secret, id). The secret is made once per course and kept in
// <course>/.gradebox/formgrader/pseudonym.key (mode 0600), so a student keeps one pseudonym across
// assignments and restarts, and nobody without the key can map a pseudonym back to an id.
// Without anonymous mode a student's name is their id.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace gradebox::formgrader {

class StudentNames {
 public:
  static StudentNames real_ids();
  // Reads (or creates) the course's pseudonym key.
  static StudentNames pseudonyms(const std::filesystem::path& course_root);

  bool anonymous() const { return !secret_.empty(); }
  // The name pages and the API show; remembers it so shown() can map it back.
  std::string shown(const std::string& student) const;
  // The student id behind a shown name, if it was shown before (or is an id, when not anonymous).
  std::optional<std::string> student(const std::string& shown_name) const;

 private:
  std::string secret_;
  mutable std::map<std::string, std::string> students_by_pseudonym_;
  std::shared_ptr<std::mutex> mutex_ = std::make_shared<std::mutex>();  // request threads share it
};

}  // namespace gradebox::formgrader
