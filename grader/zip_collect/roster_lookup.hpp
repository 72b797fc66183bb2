// Which student a file of an LMS download belongs to, through the course roster (roster.csv as
// `gradebox import-nbgrader` writes it, or --roster; grader/export/roster.hpp):
//   Canvas   the Canvas user id in the roster's lms_id column;
//   Moodle   the participant id in lms_id, else the full name (first_name + " " + last_name,
//            case-insensitive; only when exactly one student has it: Moodle's participant ids
//            are per assignment, so a roster rarely holds them);
//   Blackboard and --regex  the matched id as student_id, then as lms_id, username,
//            sis_login_id, sis_user_id or email.
// Without a roster, a Blackboard user name or a --regex student_id is the student id itself
// (nbgrader's rule); Canvas and Moodle ids are numbers of the LMS, never taken as student ids.
// The student id found must follow the student id rule.
#pragma once

#include <string>

#include "grader/export/roster.hpp"
#include "grader/zip_collect/lms_file_names.hpp"

namespace gradebox::zip_collect {

struct StudentLookup {
  std::string student_id;  // empty when not found
  std::string why_not;     // why not, with what to fix
};

StudentLookup look_up_student(const MatchedFileName& matched, const exporting::Roster* roster);

}  // namespace gradebox::zip_collect
