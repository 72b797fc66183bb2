// Imports an nbgrader course's roster, manual grades and configuration (see import_nbgrader.hpp).
#include "grader/nbgrader_import/import_nbgrader.hpp"

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "gradebox/version.hpp"
#include "grader/export/csv.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/nbgrader_import/gradebook_db.hpp"
#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/manual_grade.hpp"
#include "grader/records/manual_grade_target.hpp"
#include "grader/records/record_run_writer.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::nbgrader_import {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> existing_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return records::read_file(path);
}

void import_roster(const fs::path& root, const Gradebook& book, ImportReport& report) {
  std::string csv =
      exporting::csv_row({"student_id", "first_name", "last_name", "email", "lms_id"});
  for (const auto& s : book.students)
    csv += exporting::csv_row({s.id, s.first_name, s.last_name, s.email, s.lms_user_id});
  const fs::path path = root / "roster.csv";
  const auto existing = existing_text(path);
  const std::string count = std::to_string(book.students.size()) + " students";
  if (existing && *existing == csv) {
    report.imported.push_back("roster.csv: " + count + " (already imported)");
  } else if (existing) {
    report.not_imported.push_back("roster.csv: exists and differs from the gradebook's " + count +
                                  "; left as it is (move it aside to import)");
  } else {
    records::write_file_atomically(path, csv, 0644);
    report.imported.push_back("roster.csv: " + count);
  }
}

void import_toml(const CourseConfig& config, ImportReport& report) {
  const fs::path path = config.root / "gradebox.toml";
  if (existing_text(path)) {
    report.imported.push_back("gradebox.toml: kept as it is (it wins over nbgrader_config.py)");
    return;
  }
  records::write_file_atomically(path, gradebox_toml_for(config), 0644);
  report.imported.push_back("gradebox.toml: written from nbgrader_config.py");
}

// The newest manual grade already recorded for the cell, verified (nullopt: none).
std::optional<records::ManualGrade> newest_manual_grade(const fs::path& records_root,
                                                        const records::TrustStore& trust,
                                                        const GradebookManualEntry& entry) {
  std::optional<records::ManualGrade> newest;
  std::error_code ec;
  const fs::path dir = records_root / entry.assignment / "manual" / entry.student;
  for (const auto& file : fs::directory_iterator(dir, ec)) {
    if (file.path().extension() != ".json") continue;
    try {
      const auto verified = records::verify_signed_file(records::read_file(file.path()), trust);
      if (verified.payload_type != records::kManualGradePayloadType) continue;
      auto grade = records::manual_grade_from_json(verified.body);
      if (grade.grade_id != entry.grade_id || grade.notebook != entry.notebook) continue;
      if (!newest || grade.graded_at > newest->graded_at) newest = std::move(grade);
    } catch (const std::exception&) {
      continue;  // `gradebox verify` reports invalid files; here they count as absent
    }
  }
  return newest;
}

struct GradeImport {
  const CourseConfig& config;
  const ImportOptions& options;
  const records::TrustStore& trust;
  fs::path keys;  // one key load per assignment's writer (a private key is not copyable)
  std::map<std::string, std::unique_ptr<records::RecordRunWriter>> writers;  // per assignment
  ImportReport& report;

  void import(const GradebookManualEntry& entry) {
    const std::string cell =
        entry.student + " " + entry.assignment + " " + entry.notebook + ":" + entry.grade_id;
    if (!entry.manual_score) {
      report.not_imported.push_back(cell + ": a comment without a manual score (\"" +
                                    entry.comment +
                                    "\"); gradebox keeps comments with a manual grade");
      return;
    }
    const fs::path records_root = config.root / "records";
    records::ManualGradeTarget target;
    try {
      target = records::find_manual_grade_target(records_root, trust, entry.assignment,
                                                 entry.student, entry.grade_id, entry.notebook);
    } catch (const std::exception& e) {
      report.not_imported.push_back(cell + ": " + e.what() + " (run `gradebox autograde " +
                                    entry.assignment + "` first)");
      return;
    }
    const int64_t points = std::llround(*entry.manual_score * 1000.0);
    if (points < 0 || points > target.cell.max_milli) {
      report.not_imported.push_back(cell + ": score " + exporting::format_milli(points) +
                                    " is outside [0, " +
                                    exporting::format_milli(target.cell.max_milli) + "]");
      return;
    }
    const std::string what = cell + " " + exporting::format_milli(points) + "/" +
                             exporting::format_milli(target.cell.max_milli);
    const auto newest = newest_manual_grade(records_root, trust, entry);
    if (newest && newest->points_milli == points && newest->comment == entry.comment) {
      report.imported.push_back(what + " (already imported)");
      return;
    }
    auto& writer = writers[entry.assignment];
    if (!writer)
      writer = std::make_unique<records::RecordRunWriter>(
          records_root, records::load_active_signing_key(keys).private_key, target.record.course,
          entry.assignment);
    writer->write(records::ManualGrade{records::new_record_id(), target.record.course,
                                       entry.assignment, entry.student, target.cell.notebook,
                                       target.cell.grade_id, points, entry.comment, options.grader,
                                       kVersion, records::format_rfc3339_utc(records::utc_now())});
    report.imported.push_back(what + (entry.comment.empty() ? "" : " with comment"));
  }
};

std::string toml_string(const std::string& value) {
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c == '\n') {
      quoted += "\\n";
      continue;
    }
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string gradebox_toml_for(const CourseConfig& config) {
  const CourseConfig defaults = default_course_config(config.root);
  std::ostringstream toml;
  toml << "# Written by `gradebox import-nbgrader` from nbgrader_config.py. Keys here win over\n"
          "# nbgrader_config.py, which gradebox still reads for everything else (delimiters,\n"
          "# CourseDirectory.ignore, LockCells, ...). See docs/instructors.md.\n";
  const auto relative = [&](const std::optional<fs::path>& path) {
    return toml_string(fs::relative(*path, config.root).generic_string());
  };
  if (config.header || config.footer) {
    toml << "\n[release]\n";
    if (config.header) toml << "header = " << relative(config.header) << "\n";
    if (config.footer) toml << "footer = " << relative(config.footer) << "\n";
  }
  if (config.text_stub != defaults.text_stub || config.code_stubs != defaults.code_stubs) {
    toml << "\n[stubs]\ntext = " << toml_string(config.text_stub) << "\n\n[stubs.code]\n";
    for (const auto& [language, stub] : config.code_stubs)
      toml << toml_string(language) << " = " << toml_string(stub) << "\n";
  }
  if (const auto timeout = config.session_limits.wall_time;
      timeout && timeout != defaults.session_limits.wall_time)
    toml << "\n[autograde]\ncell_timeout_seconds = "
         << std::chrono::duration<double>(*timeout).count() << "\n";
  return toml.str();
}

ImportReport import_nbgrader(const CourseConfig& config, const ImportOptions& options) {
  const fs::path db = options.gradebook.empty() ? config.root / "gradebook.db" : options.gradebook;
  const Gradebook book = read_gradebook(db);
  ImportReport report;
  import_roster(config.root, book, report);
  import_toml(config, report);
  if (book.manual_entries.empty()) return report;

  const fs::path keys = options.keys.empty() ? config.root / ".gradebox" / "keys" : options.keys;
  const auto trust = records::TrustStore::load(keys / records::kTrustStoreFileName);
  records::load_active_signing_key(keys);  // no key: stop before reporting anything as imported
  GradeImport grades{config, options, trust, keys, {}, report};
  for (const auto& entry : book.manual_entries) grades.import(entry);
  const auto now = records::utc_now();
  for (auto& [assignment, writer] : grades.writers) writer->finish(now);
  return report;
}

}  // namespace gradebox::nbgrader_import
