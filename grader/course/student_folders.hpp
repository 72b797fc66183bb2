// Discovering students from a course area (submitted/, autograded/): every folder
// <area>/<id>/<assignment>/ is a student's, and its id must follow the student id rule
// (student_id.hpp). Folders breaking it are returned as refused, naming the folder and why, so
// the command reports them (with the fix) and goes on with the others.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gradebox::course {

struct RefusedStudentFolder {
  std::filesystem::path folder;
  std::string problem;  // student_id_problem's text
};

struct StudentFolders {
  std::vector<std::string> students;  // sorted
  std::vector<RefusedStudentFolder> refused;
};

StudentFolders discover_student_folders(const std::filesystem::path& area,
                                        const std::string& assignment);

}  // namespace gradebox::course
