// The student id rule, student folder discovery and escaping for terminals.
#include "grader/course/student_id.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "grader/course/printable_text.hpp"
#include "grader/course/student_folders.hpp"

namespace fs = std::filesystem;
using gradebox::course::discover_student_folders;
using gradebox::course::printable_text;
using gradebox::course::student_id_problem;

TEST_CASE("student ids: user names and emails pass", "[student_id]") {
  for (const char* id : {"alice", "jane.doe@uni.edu", "s1234567", "_x", "a-b+c", "Bob_2"})
    CHECK_FALSE(student_id_problem(id));
  CHECK_FALSE(student_id_problem(std::string(128, 'a')));
}

TEST_CASE("student ids: control characters, '/', ':', a leading '.' and formulas are refused",
          "[student_id]") {
  const std::pair<std::string, const char*> refused[] = {
      {"", "empty"},
      {std::string(129, 'a'), "longer than 128"},
      {"a\x1b[2Jb", "control character"},
      {"alice\nbob  graded", "control character"},
      {"a/b", "'/'"},
      {"https:attacker.example", "':'"},
      {".hidden", "starts with '.'"},
      {"..", "starts with '.'"},
      {"=1+2", "'='"},
      {"-rf", "starts with '-'"},
      {"@sum", "starts with '@'"},
      {"+1", "starts with '+'"},
      {"two words", "' '"},
      {"j\xc3\xbcrgen", "non-ASCII"},
  };
  for (const auto& [id, why] : refused) {
    const auto problem = student_id_problem(id);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains(why));
    CHECK(problem->find('\x1b') == std::string::npos);  // the message itself is printable
    CHECK(problem->find('\n') == std::string::npos);
  }
}

TEST_CASE("printable_text escapes every control character", "[student_id]") {
  CHECK(printable_text("plain text") == "plain text");
  CHECK(printable_text("a\x1b[31mred") == "a\\e[31mred");
  CHECK(printable_text("line\nnext\r\t") == "line\\nnext\\r\\t");
  CHECK(printable_text(std::string("nul\0bell\a del\x7f", 14)) == "nul\\x00bell\\x07 del\\x7f");
  CHECK(printable_text("back\\slash") == "back\\\\slash");
  CHECK(printable_text("Zo\xc3\xab") == "Zo\xc3\xab");                     // UTF-8 text is kept
  CHECK(printable_text("bad\xff\x9b[2J\xc3") == "bad\\xff\\x9b[2J\\xc3");  // stray bytes are not
}

TEST_CASE("student folder discovery refuses ids breaking the rule, naming the folder",
          "[student_id]") {
  std::random_device rd;
  const fs::path area = fs::temp_directory_path() / ("gradebox-students-" + std::to_string(rd()));
  for (const char* name : {"alice", "bob", "https:attacker.example", "e\x1b[2Jve", ".git"})
    fs::create_directories(area / name / "ps1");
  fs::create_directories(area / "carol" / "ps2");  // another assignment only
  const auto found = discover_student_folders(area, "ps1");
  CHECK(found.students == std::vector<std::string>{"alice", "bob"});
  REQUIRE(found.refused.size() == 3);
  for (const auto& refused : found.refused) {
    CHECK(refused.folder.parent_path() == area);
    CHECK_THAT(refused.problem, Catch::Contains("is not a valid student id"));
  }
  fs::remove_all(area);
}
