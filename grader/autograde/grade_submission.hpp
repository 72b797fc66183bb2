// Grading one submission, submitted/<student>/<assignment>/ -> autograded/<student>/<assignment>/
// plus a GradeRecord (signed and written by autograde_run). Never throws for anything the student
// did: a missing or malformed notebook gives a record with status "error" and a message, and the
// other notebooks are still graded.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "grader/autograde/assignment_master.hpp"
#include "grader/autograde/autograde_steps.hpp"
#include "grader/autograde/folder_files.hpp"
#include "grader/autograde/session_scratch.hpp"
#include "grader/records/grade_record.hpp"
#include "kernel/runtime/runtime.hpp"

namespace gradebox::autograde {

// Opens a runtime session (Runtime::open_session, or a test double).
using SessionFactory =
    std::function<std::unique_ptr<runtime::Session>(const runtime::SessionOptions&)>;
// Starts opening a session in the background for a later SessionFactory call with the same
// options (Runtime::reserve_session). Empty: nothing is reserved.
using SessionReserver = std::function<void(const runtime::SessionOptions&)>;

struct GradingLimits {
  // Each session's and cell's (CourseConfig::session_limits), enforced by the runtime.
  sandbox::Limits session = runtime::grading_session_limits();
  // Each notebook's and submission's, enforced by execute_cells (ExecutionBudget).
  GradingBudgets budgets;
  FolderLimits folders;
  // Imported once by the grading zygote (gradebox.toml runtime.preload); missing ones are skipped.
  std::vector<std::string> preload_modules = runtime::RuntimePolicy{}.preload_modules;
};

// The course's limits and budgets as the grader applies them.
GradingLimits grading_limits(const CourseConfig& config);

// The submission's digest (FolderFiles::digest of submitted/<student>/<assignment>/, read as
// read_folder does: regular files only, links and FIFOs left out, ignored names skipped).
std::string submission_digest(const CourseConfig& config, const std::string& student,
                              const std::string& assignment);

struct SubmissionContext {
  const CourseConfig& config;
  const AssignmentMaster& master;
  const GradingLimits& limits;
  const SessionFactory& open_session;
  std::string course_name;
  SessionReserver reserve_session = {};
};

// A submission read into memory ahead of its turn (every input hashed before any of its code
// runs), and the scratch of its first notebook's session, reserved so that it opens in the
// background while the previous submission still runs.
struct StagedSubmission {
  std::string student;
  std::filesystem::path submission_dir;  // for messages; never read again
  std::optional<FolderFiles> files;      // none: no submission folder
  std::string digest;
  std::unique_ptr<SessionScratch> first_scratch;
};

// Reads submitted/<student>/<assignment>/ (folder_files.hpp). Throws
// std::filesystem::filesystem_error when the folder exists but cannot be opened (a link).
StagedSubmission read_submission(const SubmissionContext& context, const std::string& student);
// Seeds the first notebook's scratch and reserves its session (when the context reserves).
void reserve_first_session(const SubmissionContext& context, StagedSubmission& staged);

records::GradeRecord grade_submission(const SubmissionContext& context, StagedSubmission staged);

}  // namespace gradebox::autograde
