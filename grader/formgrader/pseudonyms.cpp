// Owns student pseudonyms and their course key (see pseudonyms.hpp).
#include "grader/formgrader/pseudonyms.hpp"

#include <system_error>

#include "grader/formgrader/keyed_digest.hpp"
#include "grader/records/file_io.hpp"

namespace gradebox::formgrader {

StudentNames StudentNames::real_ids() {
  return {};
}

StudentNames StudentNames::pseudonyms(const std::filesystem::path& course_root) {
  const auto path = course_root / ".gradebox" / "formgrader" / "pseudonym.key";
  StudentNames names;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    records::write_file_atomically(path, random_hex(32) + "\n", 0600);
  names.secret_ = records::read_file(path);
  if (names.secret_.size() < 32)
    throw std::runtime_error(path.string() +
                             " is too short to be a pseudonym key (delete it to make a new one)");
  return names;
}

std::string StudentNames::shown(const std::string& student) const {
  if (!anonymous()) return student;
  std::string name = "anon-" + hmac_sha256_hex(secret_, student).substr(0, 12);
  const std::lock_guard lock(*mutex_);
  students_by_pseudonym_.emplace(name, student);
  return name;
}

std::optional<std::string> StudentNames::student(const std::string& shown_name) const {
  if (!anonymous()) return shown_name;
  const std::lock_guard lock(*mutex_);
  const auto it = students_by_pseudonym_.find(shown_name);
  if (it == students_by_pseudonym_.end()) return std::nullopt;
  return it->second;
}

}  // namespace gradebox::formgrader
