// Owns the export pipeline: verify, then join, then write; reports go to `err` as plain lines.
#include "grader/export/export_run.hpp"

#include <set>

#include "grader/course/printable_text.hpp"
#include "grader/course/student_id.hpp"
#include "grader/export/grade_table.hpp"
#include "grader/export/roster.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::exporting {
namespace {

constexpr const char* kTool = "gradebox-export: ";

void report_verification(const records::RecordSet& set, std::ostream& err) {
  for (const auto& f : set.failures) {
    err << kTool << "FAILED " << f.file << " (student " << (f.student.empty() ? "?" : f.student)
        << "): " << f.reason << "\n";
  }
  for (const auto& d : set.duplicates) {
    err << kTool << "duplicate records for " << d.assignment << "/" << d.student << ": kept "
        << d.kept_file << " (newest)";
    for (const auto& dropped : d.dropped_files) err << ", ignored " << dropped;
    if (d.conflicting) err << " [CONFLICTING: different submission or score]";
    err << "\n";
  }
}

void report_table(const GradeTable& table, std::ostream& err) {
  const auto shown = [](const std::string& text) { return course::printable_text(text); };
  for (const auto& a : table.assignments) {
    for (const auto& s : a.not_in_roster) {
      err << kTool << "roster: " << shown(s) << " has a record for " << a.name
          << " but is not in the roster\n";
    }
    for (const auto& s : a.without_record) {
      err << kTool << "roster: " << shown(s) << " has no record for " << a.name
          << " (exported as not submitted, 0)\n";
    }
    for (const auto& s : a.students) {
      if (const auto problem = course::student_id_problem(s.identity.student_id))
        err << kTool << "warning: " << *problem << " (exported; CSV cells are neutralised)\n";
      if (s.status == "error")
        err << kTool << shown(s.identity.student_id)
            << ": grading error recorded: " << shown(s.error) << "\n";
    }
    for (const auto& note : a.notes) err << kTool << shown(note) << "\n";
  }
}

void write_outputs(const std::vector<ExportFile>& files, const ExportOptions& options,
                   std::ostream& out) {
  for (const auto& file : files) {
    if (!options.output) {
      out << file.content;
    } else if (file.relative_path.empty()) {
      records::write_file_atomically(*options.output, file.content, 0644);
    } else {
      records::write_file_atomically(*options.output / file.relative_path, file.content, 0644);
    }
  }
}

}  // namespace

int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err) {
  if (writes_directory(options.format) && !options.output) {
    err << kTool << to_string(options.format)
        << " writes one file per submission: give a directory with -o DIR\n";
    return kExportUsageError;
  }
  records::TrustStore trust;
  std::optional<Roster> roster;
  try {
    trust = records::TrustStore::load(options.trust_store);
    if (options.roster) roster = Roster::load(*options.roster);
  } catch (const std::exception& e) {
    err << kTool << e.what() << "\n";
    return kExportUsageError;
  }

  records::RecordSet set;
  try {
    set = records::verify_record_set(options.record_inputs, trust,
                                     {options.assignment, true, options.jobs});
  } catch (const std::exception& e) {
    err << kTool << e.what() << "\n";
    return kExportUsageError;
  }
  report_verification(set, err);
  if (!set.failures.empty() && !options.allow_partial) {
    err << kTool << set.failures.size() << " verification failure(s) in " << set.files_checked
        << " file(s); no output written (fix or remove the records, or pass --allow-partial to "
           "export only the "
           "verified grades)\n";
    return kExportVerificationFailed;
  }

  GradeTableOptions table_options{options.format_options.due, options.late_policy, {}};
  for (const auto& f : set.failures) {
    if (!f.student.empty()) table_options.withheld_students.insert(f.student);
  }
  const GradeTable table = build_grade_table(set, roster ? &*roster : nullptr, table_options);
  report_table(table, err);
  if (table.assignments.empty()) {
    err << kTool << "no verified grade records"
        << (options.assignment ? " for assignment " + *options.assignment : std::string()) << "\n";
  }
  try {
    write_outputs(write_export(options.format, table, options.format_options), options, out);
  } catch (const std::exception& e) {
    err << kTool << e.what() << "\n";
    return kExportUsageError;
  }
  size_t students = 0;
  for (const auto& a : table.assignments) students += a.students.size();
  err << kTool << "verified " << set.records.size() << " grade record(s), "
      << set.manual_grades.size() << " manual grade(s), " << set.manifests_checked
      << " manifest(s) in " << set.files_checked << " file(s); wrote " << to_string(options.format)
      << " (" << students << " row(s)) to "
      << (options.output ? options.output->string() : std::string("stdout")) << "\n";
  if (!set.failures.empty()) {
    err << kTool << "PARTIAL export: " << set.failures.size()
        << " file(s) failed verification and their grades are NOT included (students withheld: "
        << table_options.withheld_students.size() << ")\n";
    return kExportPartial;
  }
  return kExportOk;
}

}  // namespace gradebox::exporting
