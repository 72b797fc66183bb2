// One submission: read it into memory, run the autograde steps per notebook (each in a session of
// its own, in a private scratch seeded from those bytes), write the graded notebooks from memory
// into a root-owned staging dir, commit it, fill the record.
#include "grader/autograde/grade_submission.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "gradebox/version.hpp"
#include "grader/autograde/course_preload.hpp"
#include "grader/autograde/execute_cells.hpp"
#include "grader/autograde/score_cells.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/pipeline/staging_dir.hpp"
#include "grader/pipeline/steps.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/submission_timestamp.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;
using notebook::Json;

namespace {

// An unparseable timestamp.txt makes the record an error (nbgrader exits 1): never graded as on
// time.
records::LateInfo late_info(const FolderFiles& files, const fs::path& submission_dir,
                            std::vector<std::string>& errors) {
  const auto found = files.files.find("timestamp.txt");
  if (found == files.files.end()) return {};
  try {
    return records::submission_timestamp_from_text(found->second,
                                                   (submission_dir / "timestamp.txt").string());
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
    const auto meta =
        nb.cell(i).value("metadata", Json::object()).value("gradebox", Json::object());
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
  limits.session = config.session_limits;
  limits.budgets = config.budgets;
  limits.folders = folder_limits(config);
  limits.preload_modules =
      config.preload_modules ? *config.preload_modules : course_preload(config);
  return limits;
}

std::string submission_digest(const CourseConfig& config, const std::string& student,
                              const std::string& assignment) {
  return folder_digest(read_folder(config.root, fs::path("submitted") / student / assignment,
                                   folder_limits(config)));
}

namespace {

// What the session of `m` starts with, in its scratch: the submission's regular files of the
// notebook's folder, then the instructor's data files of that folder on top (nbgrader copies
// source/ over the submission; here always from the trusted copy read before any code ran).
std::map<std::string, std::string_view> scratch_seed(const AssignmentMaster& master,
                                                     const FolderFiles& files,
                                                     const MasterNotebook& m) {
  const std::string folder = m.relative.parent_path().string();
  const std::string prefix = folder.empty() ? "" : folder + "/";
  std::map<std::string, std::string_view> seed;
  const auto add = [&](const std::map<std::string, std::string>& from) {
    for (const auto& [relative, bytes] : from)
      if (relative.starts_with(prefix)) seed[relative.substr(prefix.size())] = bytes;
  };
  add(files.files);
  add(master.data_files.files);
  return seed;
}

runtime::SessionOptions session_options_in(const SessionScratch& scratch) {
  return runtime::SessionOptions{scratch.path(), {{"NBGRADER_EXECUTION", "autograde"}}};
}

// The notebook's bytes, or why there are none.
std::variant<notebook::Notebook, std::string> submitted_notebook(const SubmissionContext& context,
                                                                 const StagedSubmission& staged,
                                                                 const MasterNotebook& m) {
  const std::string relative = m.relative.string();
  const fs::path shown = staged.submission_dir / m.relative;
  if (const SkippedEntry* skipped = staged.files->skipped_entry(relative))
    return relative + ": " + skipped->reason + "; submit the notebook file itself";
  const auto found = staged.files->files.find(relative);
  if (found == staged.files->files.end())
    return relative + ": missing from the submission; submit every notebook of the release";
  if (found->second.size() > context.config.limits.max_bytes)
    return relative + ": " + std::to_string(found->second.size()) +
           " bytes, more than the limit of " + std::to_string(context.config.limits.max_bytes) +
           " (gradebox.toml limits.max_notebook_bytes)";
  try {
    return notebook::Notebook::from_text(found->second, shown);
  } catch (const notebook::NotebookError& e) {
    return relative + ": " + (e.location().empty() ? "" : e.location() + ": ") + e.message();
  }
}

// Links, FIFOs and oversized files of the submission, as findings: never read, never graded.
void add_skipped_findings(const FolderFiles& files, records::GradeRecord& record) {
  for (const auto& entry : files.skipped)
    record.tampering.push_back({entry.relative, "", -1, "skipped_file", entry.reason});
}

// autograded/<student>/<assignment>/ from memory: the submission's regular files as read, the
// instructor's data files, then the graded notebooks; all owned by us, mode 0644, no links.
// Written into a staging dir whose parents are opened without following links, then renamed.
void commit_graded(const SubmissionContext& context, const StagedSubmission& staged,
                   const std::map<std::string, std::string>& graded) {
  std::map<std::string, std::string_view> output;
  for (const auto& [relative, bytes] : staged.files->files) output[relative] = bytes;
  for (const auto& [relative, bytes] : context.master.data_files.files) output[relative] = bytes;
  for (const auto& [relative, text] : graded) output[relative] = text;
  pipeline::StagingDir staging(context.config.root, fs::path("autograded") / staged.student,
                               context.master.assignment);
  for (const auto& [relative, bytes] : output)
    sandbox::write_file_beneath(staging.fd(), relative, bytes, 0644, staging.path() / relative);
  staging.commit();
}

records::GradeRecord new_record(const SubmissionContext& context, const std::string& student) {
  const sandbox::Limits& session = context.limits.session;
  const GradingBudgets& budgets = context.limits.budgets;
  records::GradeRecord record;
  record.record_id = records::new_record_id();
  record.course = context.course_name;
  record.assignment = context.master.assignment;
  record.student = student;
  record.release_sha256 = context.master.release_sha256;
  record.master_sha256 = context.master.master_sha256;
  record.gradebox_version = kVersion;
  record.late.penalty_method = context.config.late_penalty_method;  // nbgrader's, at autograde
  record.isolation.limits = {
      {"memory_bytes", static_cast<int64_t>(session.memory_bytes)},
      {"pids", session.pids},
      {"cell_timeout_ms", session.wall_time.value_or(std::chrono::milliseconds(0)).count()},
      {"notebook_timeout_ms", budgets.notebook_timeout.count()},
      {"submission_timeout_ms", budgets.submission_timeout.count()},
      {"output_lines", session.output_lines},
      {"traceback_lines", session.traceback_lines},
      {"output_bytes", static_cast<int64_t>(session.output_bytes)},
      {"notebook_output_bytes", static_cast<int64_t>(budgets.notebook_output_bytes)}};
  return record;
}

void finish_record(records::GradeRecord& record, const std::vector<std::string>& errors) {
  if (record.isolation.level.empty()) record.isolation.level = "none";
  for (auto& finding : record.tampering)
    if (finding.notebook.empty()) finding.notebook = "?";
  if (!errors.empty()) {
    record.status = "error";
    for (const auto& e : errors) record.error += (record.error.empty() ? "" : "; ") + e;
  }
  record.graded_at = records::format_rfc3339_utc(records::utc_now());
}

}  // namespace

StagedSubmission read_submission(const SubmissionContext& context, const std::string& student) {
  StagedSubmission staged;
  staged.student = student;
  const fs::path below = fs::path("submitted") / student / context.master.assignment;
  staged.submission_dir = context.config.root / below;
  std::error_code missing;
  if (!fs::exists(fs::symlink_status(staged.submission_dir, missing))) return staged;
  staged.files = read_folder(context.config.root, below, context.limits.folders);
  staged.digest = folder_digest(*staged.files);
  return staged;
}

void reserve_first_session(const SubmissionContext& context, StagedSubmission& staged) {
  const auto& notebooks = context.master.notebooks;
  if (!context.reserve_session || !staged.files || notebooks.empty() ||
      !staged.files->files.contains(notebooks.front().relative.string()))
    return;
  staged.first_scratch = std::make_unique<SessionScratch>(
      scratch_seed(context.master, *staged.files, notebooks.front()));
  context.reserve_session(session_options_in(*staged.first_scratch));
}

records::GradeRecord grade_submission(const SubmissionContext& context, StagedSubmission staged) {
  const auto& master = context.master;
  const auto started = std::chrono::steady_clock::now();
  records::GradeRecord record = new_record(context, staged.student);
  if (!staged.files) {
    record.status = "error";
    record.error = staged.submission_dir.string() + ": no submission folder";
    for (const auto& m : master.notebooks) add_ungraded_cells(m, record.cells);
    record.graded_at = records::format_rfc3339_utc(records::utc_now());
    return record;
  }
  record.submission_sha256 = staged.digest;
  std::vector<std::string> errors;
  record.late = late_info(*staged.files, staged.submission_dir, errors);
  record.late.penalty_method = context.config.late_penalty_method;
  add_skipped_findings(*staged.files, record);

  // Sessions close in the background while the next notebook runs, each then removing its
  // scratch; all are gone (children exited, cgroups and scratch removed) before the commit.
  std::vector<std::future<void>> closing;
  std::unique_ptr<SessionScratch> scratch = std::move(staged.first_scratch);
  const auto close_later = [&closing, &scratch](std::unique_ptr<runtime::Session> session) {
    closing.push_back(std::async(
        std::launch::async, [session = std::move(session), scratch = std::move(scratch)]() mutable {
          session->close();
          session.reset();
          scratch.reset();
        }));
  };
  const GradingBudgets& budgets = context.limits.budgets;
  ExecutionBudget budget{budgets.notebook_timeout, started + budgets.submission_timeout,
                         context.limits.session.wall_time.value_or(std::chrono::milliseconds(0)),
                         budgets.notebook_output_bytes};
  std::map<std::string, std::string> graded;  // relative path -> graded notebook text
  for (std::size_t index = 0; index < master.notebooks.size(); ++index) {
    const auto& m = master.notebooks[index];
    auto submitted = submitted_notebook(context, staged, m);
    if (auto* problem = std::get_if<std::string>(&submitted)) {
      errors.push_back(*problem);
      add_ungraded_cells(m, record.cells);
      scratch.reset();  // seeded for this notebook's folder
      continue;
    }
    notebook::Notebook& nb = std::get<notebook::Notebook>(submitted);
    notebook::Problems problems;
    pipeline::StepContext step_context{context.config, problems};
    std::unique_ptr<SessionScratch> next_scratch;
    // Once this notebook's session is open, the next notebook's starts opening beside it.
    const auto open_session = [&] {
      if (!scratch)
        scratch = std::make_unique<SessionScratch>(scratch_seed(master, *staged.files, m));
      auto session = context.open_session(session_options_in(*scratch));
      if (context.reserve_session && index + 1 < master.notebooks.size() &&
          staged.files->files.contains(master.notebooks[index + 1].relative.string())) {
        next_scratch = std::make_unique<SessionScratch>(
            scratch_seed(master, *staged.files, master.notebooks[index + 1]));
        context.reserve_session(session_options_in(*next_scratch));
      }
      return session;
    };
    const pipeline::Pipeline steps = {
        pipeline::clear_outputs(),
        clear_execution_metadata(record.tampering),
        deduplicate_grade_ids(record.notes),
        restore_kernelspec(m.master),
        overwrite_locked_cells(m.master, m.release, record.tampering),
        execute_cells(open_session, close_later, budget),
        score_cells(m.release_checksums, record.cells, record.tampering, record.notes)};
    bool ran = true;
    try {
      pipeline::run_pipeline(steps, nb, step_context);
    } catch (const std::exception& e) {
      errors.push_back(m.relative.string() + ": grading failed: " + e.what());
      std::erase_if(record.cells, [&](const auto& c) { return c.notebook == m.relative.string(); });
      add_ungraded_cells(m, record.cells);
      ran = false;
    }
    scratch = std::move(next_scratch);  // a scratch no session took is removed here
    if (!ran) continue;
    if (const auto failure = internal_failure(nb))
      errors.push_back(m.relative.string() + ": " + *failure);
    if (record.isolation.level.empty()) record.isolation.level = isolation_level_of(nb);
    graded[m.relative.string()] = nb.to_text();
  }
  scratch.reset();
  for (auto& session : closing) session.get();
  try {
    commit_graded(context, staged, graded);
  } catch (const std::exception& e) {
    errors.push_back(std::string("writing the graded notebooks: ") + e.what());
  }
  finish_record(record, errors);
  return record;
}

}  // namespace gradebox::autograde
