// Owns mapping LMS ids to student ids (see roster_lookup.hpp).
#include "grader/zip_collect/roster_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "grader/course/printable_text.hpp"
#include "grader/course/student_id.hpp"

namespace gradebox::zip_collect {
namespace {

using exporting::RosterEntry;
using Column = std::string RosterEntry::*;

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The one entry whose `column` equals `value` (case-insensitive when `fold`); nullptr when none
// or several.
const RosterEntry* unique_entry(const exporting::Roster& roster, Column column,
                                const std::string& value, bool fold = false) {
  const RosterEntry* found = nullptr;
  for (const auto& entry : roster.entries()) {
    const std::string& cell = entry.*column;
    if (cell.empty() || (fold ? lowered(cell) != lowered(value) : cell != value)) continue;
    if (found) return nullptr;
    found = &entry;
  }
  return found;
}

const RosterEntry* by_full_name(const exporting::Roster& roster, const std::string& full_name) {
  const RosterEntry* found = nullptr;
  for (const auto& entry : roster.entries()) {
    if (lowered(entry.first_name + " " + entry.last_name) != lowered(full_name)) continue;
    if (found) return nullptr;
    found = &entry;
  }
  return found;
}

const RosterEntry* find_entry(const MatchedFileName& matched, const exporting::Roster& roster) {
  const std::string& key = matched.student_key;
  std::vector<Column> columns = {&RosterEntry::lms_id};
  if (matched.source == FileNameSource::blackboard || matched.source == FileNameSource::regex)
    columns = {&RosterEntry::student_id, &RosterEntry::lms_id, &RosterEntry::username,
               &RosterEntry::sis_login_id, &RosterEntry::sis_user_id};
  for (const Column column : columns)
    if (const RosterEntry* entry = unique_entry(roster, column, key)) return entry;
  if (!matched.email.empty())
    if (const RosterEntry* entry = unique_entry(roster, &RosterEntry::email, matched.email, true))
      return entry;
  if (!matched.full_name.empty()) return by_full_name(roster, matched.full_name);
  return nullptr;
}

StudentLookup checked(std::string student_id) {
  if (auto problem = course::student_id_problem(student_id)) return {"", *problem};
  return {std::move(student_id), ""};
}

}  // namespace

StudentLookup look_up_student(const MatchedFileName& matched, const exporting::Roster* roster) {
  const std::string what =
      std::string(source_name(matched.source)) + " id \"" +
      course::printable_text(matched.student_key) + "\"" +
      (matched.full_name.empty() ? "" : " (" + course::printable_text(matched.full_name) + ")");
  if (roster) {
    if (const RosterEntry* entry = find_entry(matched, *roster)) return checked(entry->student_id);
    return {"", what + " is not in the roster; add the student's LMS id to its lms_id column"};
  }
  if (matched.source == FileNameSource::canvas || matched.source == FileNameSource::moodle)
    return {"", what +
                    " needs a roster to map it to a student id; run `gradebox import-nbgrader` "
                    "or pass --roster FILE (a CSV with student_id and lms_id columns)"};
  return checked(matched.student_key);
}

}  // namespace gradebox::zip_collect
