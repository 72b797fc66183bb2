// One submission: stage the grading dir, run the autograde steps per notebook, fill the record.
#include "grader/autograde/grade_submission.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "gradebox/version.hpp"
#include "grader/autograde/execute_cells.hpp"
#include "grader/autograde/score_cells.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/pipeline/staging_dir.hpp"
#include "grader/pipeline/steps.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/sha256.hpp"
#include "grader/records/submission_timestamp.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;
using notebook::Json;

namespace {

int64_t toml_int(const CourseConfig& config, const char* path, int64_t fallback) {
  return config.table.at_path(path).value<int64_t>().value_or(fallback);
}

// Regular files under `dir` (relative, sorted), skipping ignored names and anything not a plain
// file: a symlink in a submission could point at the master copy or the keys.
std::vector<fs::path> plain_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (pipeline::is_ignored_name(it->path().filename().string())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink() || !it->is_regular_file()) continue;
    files.push_back(fs::relative(it->path(), dir));
  }
  std::sort(files.begin(), files.end());
  return files;
}

void copy_plain_file(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

// An unparseable timestamp.txt makes the record an error (nbgrader exits 1): never graded as on time.
records::LateInfo late_info(const fs::path& submission_dir, std::vector<std::string>& errors) {
  try {
    return records::read_submission_timestamp(submission_dir / "timestamp.txt");
  } catch (const std::exception& e) {
    errors.push_back(e.what());
    return {};
  }
}

// The grade and task cells of a notebook that could not be graded: 0 of their points, not run.
void add_ungraded_cells(const MasterNotebook& m, std::vector<records::CellResult>& cells) {
  for (const auto& cell : m.master.cells()) {
    if (!notebook::carries_points(cell)) continue;
    records::CellResult result;
    result.notebook = m.relative.string();
    result.grade_id = notebook::grade_id(cell);
    result.max_milli = std::llround(notebook::points(cell).value_or(0) * 1000.0);
    result.verdict = "not_run";
    result.manual = notebook::is_solution(cell) || notebook::cell_type(cell) != "code";
    cells.push_back(std::move(result));
  }
}

// A cell gradebox itself failed to run (the zygote or its service gone, a session child that could
// not be confined): the student's grade is unknown, so the record is an error, graded again by
// the next run, rather than a 0.
std::optional<std::string> internal_failure(const notebook::Notebook& nb) {
  for (std::size_t i = 0; i < nb.cell_count(); ++i) {
    const auto meta = nb.cell(i).value("metadata", Json::object()).value("gradebox", Json::object());
    if (meta.value("verdict", "") == "internal_error")
      return "gradebox could not run cell " + std::to_string(i) + ": " +
             meta.value("reason", std::string());
  }
  return std::nullopt;
}

std::string isolation_level_of(const notebook::Notebook& nb) {
  for (const auto& cell : nb.cells()) {
    const auto meta = cell.value("metadata", Json::object()).value("gradebox", Json::object());
    if (meta.contains("isolation_level")) return meta["isolation_level"].get<std::string>();
  }
  return "";
}

}  // namespace

GradingLimits grading_limits(const CourseConfig& config) {
  GradingLimits limits;
  limits.memory_bytes =
      static_cast<std::uint64_t>(toml_int(config, "limits.memory_mib", 1024)) << 20;
  limits.pids = static_cast<std::uint32_t>(toml_int(config, "limits.pids", 256));
  const double timeout =
      config.table.at_path("autograde.cell_timeout_seconds").value<double>().value_or(30.0);
  limits.cell_timeout = std::chrono::milliseconds(static_cast<int64_t>(timeout * 1000));
  if (const auto cpu = config.table.at_path("limits.cpu_seconds").value<int64_t>())
    limits.cpu_time = std::chrono::milliseconds(*cpu * 1000);
  limits.caps.max_lines = static_cast<std::uint32_t>(toml_int(config, "limits.output_lines", 1000));
  limits.caps.max_traceback_lines =
      static_cast<std::uint32_t>(toml_int(config, "limits.traceback_lines", 100));
  return limits;
}

std::string submission_digest(const fs::path& submission_dir) {
  std::string listing;
  for (const auto& relative : plain_files(submission_dir))
    listing += relative.string() + '\0' + records::sha256_file_hex(submission_dir / relative) + '\n';
  return records::sha256_hex(listing);
}

namespace {

runtime::SessionOptions session_options_for(const fs::path& notebook_path) {
  return runtime::SessionOptions{notebook_path.parent_path(), {{"NBGRADER_EXECUTION", "autograde"}}};
}

}  // namespace

StagedSubmission stage_submission(const SubmissionContext& context, const std::string& student,
                                  std::optional<std::string> digest) {
  const auto& master = context.master;
  StagedSubmission staged;
  staged.student = student;
  staged.submission_dir = context.config.root / "submitted" / student / master.assignment;
  if (!fs::is_directory(staged.submission_dir)) return staged;
  staged.digest = digest ? std::move(*digest) : submission_digest(staged.submission_dir);
  const fs::path target = context.config.root / "autograded" / student / master.assignment;
  staged.staging = std::make_unique<pipeline::StagingDir>(target.parent_path(), master.assignment);
  const fs::path& dir = staged.staging->path();
  for (const auto& relative : plain_files(staged.submission_dir))
    copy_plain_file(staged.submission_dir / relative, dir / relative);
  for (const auto& relative : plain_files(master.source_dir))
    if (relative.extension() != ".ipynb")
      copy_plain_file(master.source_dir / relative, dir / relative);
  if (context.reserve_session && !master.notebooks.empty() &&
      fs::exists(dir / master.notebooks.front().relative))
    context.reserve_session(session_options_for(dir / master.notebooks.front().relative));
  return staged;
}

records::GradeRecord grade_submission(const SubmissionContext& context, const std::string& student) {
  return grade_submission(context, stage_submission(context, student));
}

records::GradeRecord grade_submission(const SubmissionContext& context, StagedSubmission staged) {
  const auto& master = context.master;
  const fs::path root = context.config.root;
  const fs::path& submission_dir = staged.submission_dir;
  const std::string& student = staged.student;
  records::GradeRecord record;
  record.record_id = records::new_record_id();
  record.course = context.course_name;
  record.assignment = master.assignment;
  record.student = student;
  record.release_sha256 = master.release_sha256;
  record.master_sha256 = master.master_sha256;
  record.gradebox_version = kVersion;
  record.isolation.limits = {
      {"memory_bytes", static_cast<int64_t>(context.limits.memory_bytes)},
      {"pids", context.limits.pids},
      {"cell_timeout_ms", context.limits.cell_timeout.count()},
      {"output_lines", context.limits.caps.max_lines},
      {"traceback_lines", context.limits.caps.max_traceback_lines},
      {"output_bytes", static_cast<int64_t>(context.limits.max_output_bytes)}};
  std::vector<std::string> errors;

  if (!staged.digest || !staged.staging) {
    record.status = "error";
    record.error = submission_dir.string() + ": no submission folder";
    for (const auto& m : master.notebooks) add_ungraded_cells(m, record.cells);
    record.graded_at = records::format_rfc3339_utc(records::utc_now());
    return record;
  }
  record.submission_sha256 = *staged.digest;
  record.late = late_info(submission_dir, errors);
  const fs::path target = root / "autograded" / student / master.assignment;
  pipeline::StagingDir& staging = *staged.staging;

  const auto& options_for = session_options_for;
  // Sessions close in the background while the next notebook runs; all are gone (their children
  // exited, cgroups removed) before the grading dir is committed.
  std::vector<std::future<void>> closing;
  const auto close_later = [&closing](std::unique_ptr<runtime::Session> session) {
    closing.push_back(std::async(std::launch::async, [session = std::move(session)]() mutable {
      session->close();
      session.reset();
    }));
  };
  // Graded notebooks reach the grading dir only once every session is closed: a later notebook's
  // session can write there and must not replace an earlier one's outputs (feedback is made of them).
  std::vector<std::pair<fs::path, std::string>> graded;
  for (std::size_t index = 0; index < master.notebooks.size(); ++index) {
    const auto& m = master.notebooks[index];
    const fs::path path = staging.path() / m.relative;
    std::optional<notebook::Notebook> nb;
    try {
      if (!fs::exists(path))
        throw notebook::NotebookError(submission_dir / m.relative, "", "missing from the submission",
                                      "submit every notebook of the release");
      nb.emplace(notebook::Notebook::load(path, context.config.limits));
    } catch (const notebook::NotebookError& e) {
      errors.push_back(m.relative.string() + ": " +
                       (e.location().empty() ? "" : e.location() + ": ") + e.message());
      add_ungraded_cells(m, record.cells);
      continue;
    }
    notebook::Problems problems;
    pipeline::StepContext step_context{context.config, problems};
    const runtime::SessionOptions session_options = options_for(path);
    // Once this notebook's session is open, the next notebook's starts opening beside it.
    const auto open_session = [&] {
      auto session = context.open_session(session_options);
      if (context.reserve_session && index + 1 < master.notebooks.size()) {
        const fs::path next = staging.path() / master.notebooks[index + 1].relative;
        if (fs::exists(next)) context.reserve_session(options_for(next));
      }
      return session;
    };
    const pipeline::Pipeline steps = {
        pipeline::clear_outputs(),
        clear_execution_metadata(record.tampering),
        deduplicate_grade_ids(record.tampering),
        restore_kernelspec(m.master, record.tampering),
        overwrite_locked_cells(m.master, m.release, record.tampering),
        execute_cells(open_session, close_later),
        cap_outputs(context.limits.caps),
        score_cells(m.release_checksums, record.cells, record.tampering)};
    try {
      pipeline::run_pipeline(steps, *nb, step_context);
    } catch (const std::exception& e) {
      errors.push_back(m.relative.string() + ": grading failed: " + e.what());
      std::erase_if(record.cells, [&](const auto& c) { return c.notebook == m.relative.string(); });
      add_ungraded_cells(m, record.cells);
      continue;
    }
    if (const auto failure = internal_failure(*nb))
      errors.push_back(m.relative.string() + ": " + *failure);
    if (record.isolation.level.empty()) record.isolation.level = isolation_level_of(*nb);
    graded.emplace_back(path, nb->to_text());
  }
  for (auto& session : closing) session.get();
  std::vector<records::FileContent> files;
  for (const auto& [path, text] : graded) files.push_back({path, text});
  records::write_files_atomically(files);  // one fsync of the grading dir for all notebooks
  staging.commit_to(target);
  if (record.isolation.level.empty()) record.isolation.level = "none";
  for (auto& finding : record.tampering)
    if (finding.notebook.empty()) finding.notebook = "?";
  if (!errors.empty()) {
    record.status = "error";
    for (const auto& e : errors) record.error += (record.error.empty() ? "" : "; ") + e;
  }
  record.graded_at = records::format_rfc3339_utc(records::utc_now());
  return record;
}

}  // namespace gradebox::autograde
