// Owns reading the roster CSV.
#include "grader/export/roster.hpp"

#include <map>
#include <stdexcept>

#include "grader/export/csv.hpp"
#include "grader/records/file_io.hpp"

namespace gradebox::exporting {
namespace {

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

Roster Roster::load(const std::filesystem::path& path) {
  return parse(records::read_file(path), path.string());
}

Roster Roster::parse(std::string_view text, const std::string& source) {
  std::vector<CsvRow> rows;
  try {
    rows = parse_csv(text, source);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("roster ") + e.what());
  }
  if (rows.empty())
    throw std::runtime_error("roster " + source +
                             " is empty (hint: first line is the header, with student_id)");
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string name = trim(rows[0][i]);
    if (name == "id") name = "student_id";
    column[name] = i;
  }
  if (!column.count("student_id")) {
    throw std::runtime_error("roster " + source +
                             " has no student_id column (hint: header like "
                             "student_id,first_name,last_name,email,lms_id)");
  }
  Roster roster;
  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.size() == 1 && trim(row[0]).empty()) continue;  // blank line
    const auto get = [&](const char* name) -> std::string {
      const auto it = column.find(name);
      return it != column.end() && it->second < row.size() ? trim(row[it->second]) : "";
    };
    RosterEntry entry{get("student_id"),  get("first_name"),   get("last_name"),
                      get("email"),       get("username"),     get("lms_id"),
                      get("sis_user_id"), get("sis_login_id"), get("section")};
    if (entry.student_id.empty())
      throw std::runtime_error("roster " + source + ": row " + std::to_string(r + 1) +
                               " has an empty student_id");
    if (roster.find(entry.student_id)) {
      throw std::runtime_error("roster " + source + ": student_id " + entry.student_id +
                               " is listed twice");
    }
    roster.index_.emplace(entry.student_id, roster.entries_.size());
    roster.entries_.push_back(std::move(entry));
  }
  return roster;
}

const RosterEntry* Roster::find(std::string_view student_id) const {
  const auto it = index_.find(std::string(student_id));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

}  // namespace gradebox::exporting
