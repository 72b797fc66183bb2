// Owns validating, signing and writing one manual grade and its manifest.
#include "grader/feedback/manual_grading.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "gradebox/version.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/feedback/autograded_metadata.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_signing.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::feedback {
namespace {
namespace fs = std::filesystem;

struct GradedCell {
  std::string notebook;
  int64_t max_milli = 0;
};

// Graded cells named grade_id in the notebooks of `dir` (optionally only `only_notebook`).
std::vector<GradedCell> find_graded_cells(const fs::path& dir, const std::string& grade_id,
                                          const std::optional<std::string>& only_notebook) {
  std::vector<GradedCell> found;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".ipynb") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    const std::string name = path.filename().string();
    if (only_notebook && *only_notebook != name && *only_notebook != path.stem().string()) continue;
    const auto nb = notebook::Notebook::load(path);
    for (const auto& cell : nb.cells()) {
      if (!cell.is_object() || !notebook::is_grade(cell) || notebook::grade_id(cell) != grade_id)
        continue;
      // Within one notebook the last duplicate counts, as autograde de-duplicates.
      if (!found.empty() && found.back().notebook == name) found.pop_back();
      found.push_back({name, to_milli(notebook::points(cell).value_or(0))});
    }
  }
  return found;
}

std::string current_user() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const char* login = getlogin(); login) return login;
  return "";
}

}  // namespace

ManualGradeWritten write_manual_grade(const ManualGradeRequest& request) {
  records::require_path_component(request.assignment, "assignment");
  records::require_path_component(request.student, "student");
  records::require_path_component(request.grade_id, "grade_id");
  const auto points = exporting::parse_milli(request.points);
  if (!points || *points < 0)
    throw std::runtime_error("points \"" + request.points +
                             "\" is not a number >= 0 with at most three decimals (e.g. 1.5)");

  const fs::path course = request.course_root;
  const fs::path autograded = course / "autograded" / request.student / request.assignment;
  if (!fs::is_directory(autograded))
    throw std::runtime_error(autograded.string() + " does not exist: student " + request.student +
                             " has no autograded " + request.assignment +
                             " (run `gradebox autograde " + request.assignment + "` first)");
  const fs::path master = pipeline::master_copy_dir(course, request.assignment);
  const fs::path where = fs::is_directory(master) ? master : autograded;
  const auto cells = find_graded_cells(where, request.grade_id, request.notebook);
  if (cells.empty())
    throw std::runtime_error("no graded cell with grade_id '" + request.grade_id + "' in " +
                             where.string() + (request.notebook ? " (notebook " + *request.notebook + ")" : "") +
                             "; check the grade_id (as in the notebook's nbgrader metadata)");
  if (cells.size() > 1)
    throw std::runtime_error("grade_id '" + request.grade_id + "' is in " + cells.front().notebook +
                             " and " + cells[1].notebook + "; say which with --notebook");
  const GradedCell& cell = cells.front();
  if (*points > cell.max_milli)
    throw std::runtime_error("points " + request.points + " exceed the cell's maximum of " +
                             exporting::format_milli(cell.max_milli) + " (" + cell.notebook + ", '" +
                             request.grade_id + "')");

  const fs::path key_dir = request.key_dir.value_or(course / ".gradebox" / "keys");
  const records::SigningKey key = records::load_active_signing_key(key_dir);

  ManualGradeWritten written;
  records::ManualGrade& grade = written.grade;
  grade.record_id = records::new_record_id();
  grade.course = fs::weakly_canonical(course).filename().string();
  grade.assignment = request.assignment;
  grade.student = request.student;
  grade.notebook = cell.notebook;
  grade.grade_id = request.grade_id;
  grade.points_milli = *points;
  grade.comment = request.comment;
  grade.grader = request.grader.empty() ? current_user() : request.grader;
  grade.gradebox_version = kVersion;
  grade.graded_at = records::format_rfc3339_utc(records::utc_now());
  written.max_milli = cell.max_milli;

  const fs::path records_root = course / "records";
  const std::string signed_grade = records::sign_manual_grade(grade, key.private_key);
  written.record_file = records::manual_grade_path(records_root, grade.assignment, grade.student,
                                                   grade.grade_id, grade.record_id);

  records::RunManifest manifest;
  manifest.run_id = records::new_record_id();
  manifest.course = grade.course;
  manifest.assignment = grade.assignment;
  manifest.gradebox_version = kVersion;
  manifest.created_at = grade.graded_at;
  manifest.previous_manifests = records::existing_manifest_digests(records_root, grade.assignment);
  manifest.entries.push_back(records::manifest_entry_for(grade, signed_grade));
  written.manifest_file = records::manifest_path(records_root, grade.assignment,
                                                 manifest.created_at, manifest.run_id);
  // The grade first: a crash in between leaves an unlisted grade (reported), never a manifest
  // pointing at nothing.
  records::write_file_atomically(written.record_file, signed_grade);
  records::write_file_atomically(written.manifest_file,
                                 records::sign_run_manifest(manifest, key.private_key));
  return written;
}

}  // namespace gradebox::feedback
