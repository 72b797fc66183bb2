// `gradebox zip-collect`: an LMS's bulk download into submitted/ (see
// grader/zip_collect/zip_collect.hpp); prints what was collected and every file that was not.
#include <iostream>
#include <memory>

#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course/printable_text.hpp"
#include "grader/zip_collect/zip_collect.hpp"

namespace gradebox::cli {
namespace {

using notebook::Json;

struct ZipCollectCommandOptions {
  std::string assignment;
  std::vector<std::string> archives;
  std::string course = ".";
  std::string regex;
  std::string roster;
  std::vector<std::string> extensions = {".ipynb"};
  std::string timezone = "UTC";
  bool json = false;
};

Json entries_json(const std::vector<zip_collect::EntryReport>& entries) {
  Json list = Json::array();
  for (const auto& e : entries)
    list.push_back({{"archive", e.archive}, {"entry", e.entry}, {"reason", e.reason}});
  return list;
}

Json report_json(const std::string& assignment, const zip_collect::ZipCollectReport& report) {
  Json students = Json::array();
  for (const auto& s : report.students) {
    Json replaced = nullptr;
    if (s.intake.replaced)
      replaced = {{"previous_timestamp", s.intake.replaced->previous_timestamp},
                  {"kept_at", course::printable_text(s.intake.replaced->kept_at.string())}};
    students.push_back({{"student", s.student},
                        {"written", s.intake.written},
                        {"folder", course::printable_text(s.intake.folder.string())},
                        {"files", s.intake.files_written},
                        {"timestamp", s.timestamp.empty() ? Json(nullptr) : Json(s.timestamp)},
                        {"replaced", replaced},
                        {"problems", problems_to_json(s.intake.problems)}});
  }
  Json document = json_document("zip-collect", 1);
  document.update(Json{{"assignment", assignment},
                       {"complete", report.complete()},
                       {"students", students},
                       {"unmatched", entries_json(report.unmatched)},
                       {"refused", entries_json(report.refused)},
                       {"skipped", entries_json(report.skipped)},
                       {"problems", problems_to_json(report.problems)}});
  return document;
}

void print_report(const zip_collect::ZipCollectReport& report) {
  std::size_t collected = 0;
  for (const auto& s : report.students) {
    print_problems(std::cerr, s.intake.problems);
    if (!s.intake.written) continue;
    ++collected;
    std::cout << "collected " << s.student << ": " << s.intake.files_written.size() << " file(s)"
              << (s.timestamp.empty() ? "" : ", submitted " + s.timestamp) << "\n";
    if (s.intake.replaced)
      std::cout << "  replaced the previous submission"
                << (s.intake.replaced->previous_timestamp.empty()
                        ? ""
                        : " of " + course::printable_text(s.intake.replaced->previous_timestamp))
                << ", kept at " << course::printable_text(s.intake.replaced->kept_at.string())
                << "\n";
  }
  for (const auto& e : report.unmatched)
    std::cout << "unmatched: " << e.archive << ": " << e.entry << ": " << e.reason << "\n";
  for (const auto& e : report.refused)
    std::cout << "refused: " << e.archive << ": " << e.entry << ": " << e.reason << "\n";
  print_problems(std::cerr, report.problems);
  std::cout << collected << " student(s) collected, " << report.unmatched.size()
            << " file(s) unmatched, " << report.refused.size() << " entr(ies) refused, "
            << report.skipped.size() << " file(s) skipped by extension (--ext)\n";
}

int run_zip_collect(const ZipCollectCommandOptions& options) {
  const AssignmentRef ref = resolve_assignment(options.assignment, options.course);
  auto loaded = load_course_config(ref.course_root);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  zip_collect::ZipCollectOptions collect;
  collect.assignment = ref.name;
  collect.archives.assign(options.archives.begin(), options.archives.end());
  if (!options.regex.empty()) collect.regex = options.regex;
  if (!options.roster.empty()) collect.roster = options.roster;
  collect.extensions = options.extensions;
  collect.timezone = options.timezone;
  collect.limits = zip_collect::archive_limits(loaded.config);
  zip_collect::ZipCollectReport report;
  try {
    report = zip_collect::zip_collect(loaded.config, collect);
  } catch (const std::exception& e) {
    std::cerr << "gradebox zip-collect: " << e.what() << "\n";
    return 2;
  }
  if (options.json)
    std::cout << report_json(ref.name, report).dump(2, ' ', false, Json::error_handler_t::replace)
              << "\n";
  else
    print_report(report);
  return report.complete() ? 0 : 1;
}

}  // namespace

void add_zip_collect_command(CLI::App& app) {
  auto options = std::make_shared<ZipCollectCommandOptions>();
  auto* cmd = app.add_subcommand(
      "zip-collect",
      "Collect an LMS's bulk download (Canvas, Moodle, Blackboard zip) into submitted/");
  cmd->footer(
      "Each file's name in the archive is matched against the Canvas, Moodle and Blackboard\n"
      "download patterns (or --regex, nbgrader's named_regexp with (?P<student_id>...) and\n"
      "(?P<file_id>...) groups, optionally (?P<timestamp>...)); LMS ids are mapped to student ids\n"
      "through the roster. Archives are read in memory: links, absolute paths, '..', oversize\n"
      "entries and zip bombs are refused. A previous submission is kept under\n"
      "submitted/<student>/.replaced/<assignment>/.\n"
      "Exit status: 0 every file collected, 1 some file unmatched or refused (listed; the others\n"
      "are collected), 2 usage error (bad --regex, --timezone or roster).");
  cmd->add_option("assignment", options->assignment, "assignment name (or path to source/<name>)")
      ->required();
  cmd->add_option("zipfiles", options->archives, "the LMS's bulk download(s)")
      ->required()
      ->check(CLI::ExistingFile);
  add_course_option(*cmd, options->course);
  cmd->add_option("--regex", options->regex,
                  "file-name regex with named groups (replaces the LMS patterns)");
  cmd->add_option("--roster", options->roster,
                  "roster CSV (default <course>/roster.csv when present)");
  cmd->add_option("--ext", options->extensions, "file extensions to collect, '*' for all")
      ->capture_default_str();
  cmd->add_option("--timezone", options->timezone,
                  "zone of times without one (Blackboard's attempt times), e.g. America/New_York")
      ->capture_default_str();
  add_json_flag(*cmd, options->json, "zip-collect", 1);
  on_run(*cmd, [options] { return run_zip_collect(*options); });
}

}  // namespace gradebox::cli
