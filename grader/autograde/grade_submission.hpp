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
#include "grader/pipeline/staging_dir.hpp"
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
  std::uint64_t memory_bytes = 1024ull << 20;
  std::uint32_t pids = 256;
  std::chrono::milliseconds cell_timeout{30'000};
  std::optional<std::chrono::milliseconds> cpu_time;
  OutputCaps caps;
  std::uint64_t max_output_bytes = 16ull << 20;
  // Imported once by the grading zygote (gradebox.toml runtime.preload); missing ones are skipped.
  std::vector<std::string> preload_modules = runtime::RuntimePolicy{}.preload_modules;
};

// Reads limits.* and autograde.* from gradebox.toml (course_config.hpp), defaults otherwise.
GradingLimits grading_limits(const CourseConfig& config);

// SHA-256 over the submission folder: every regular file (ignored names skipped, symlinks
// included by their target text), as "relative path NUL sha256 LF" lines sorted by path.
std::string submission_digest(const std::filesystem::path& submission_dir);

struct SubmissionContext {
  const CourseConfig& config;
  const AssignmentMaster& master;
  const GradingLimits& limits;
  const SessionFactory& open_session;
  std::string course_name;
  SessionReserver reserve_session = {};
};

// A submission made ready ahead of its turn: its digest taken and its grading dir built, so the
// session of its first notebook can be reserved (and open in the background) while the previous
// submission still runs. Dropping it removes the grading dir.
struct StagedSubmission {
  std::string student;
  std::filesystem::path submission_dir;
  std::optional<std::string> digest;  // none: no submission folder
  std::unique_ptr<pipeline::StagingDir> staging;
};

// The digest (`digest` when the caller already took it) and the grading dir (the submission,
// then the instructor's non-notebook files on top, as nbgrader does); then reserves the first
// notebook's session. Throws std::filesystem::filesystem_error when the dir cannot be built.
StagedSubmission stage_submission(const SubmissionContext& context, const std::string& student,
                                  std::optional<std::string> digest = std::nullopt);

records::GradeRecord grade_submission(const SubmissionContext& context, StagedSubmission staged);
records::GradeRecord grade_submission(const SubmissionContext& context, const std::string& student);

}  // namespace gradebox::autograde
