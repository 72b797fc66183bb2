// The assignment-level run: selection, resume, parallel grading, signing, manifest.
#include "grader/autograde/autograde_run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "grader/course/student_folders.hpp"
#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/manifest_listing.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_run_writer.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

SubmissionSummary summarize(const records::GradeRecord& record) {
  SubmissionSummary summary;
  summary.student = record.student;
  summary.status = record.status;
  summary.error = record.error;
  const auto totals = record.totals();
  summary.points_milli = totals.points_milli;
  summary.max_milli = totals.max_milli;
  summary.manual_pending = totals.manual_pending;
  for (const auto& cell : record.cells) {
    if (cell.manual) continue;
    ++summary.verdicts[cell.verdict];
    summary.cell_wall_ms.push_back(cell.wall_ms);
  }
  summary.isolation_level = record.isolation.level;
  summary.tampering = record.tampering.size();
  return summary;
}

// The existing record, when it is validly signed and graded this very submission and master
// under the course's current late penalty method (nbgrader assigns penalties at each autograde).
struct ReusableRecord {
  records::GradeRecord record;
  std::string bytes;
  bool listed = false;  // in a manifest; else its run was killed before writing one
};

std::optional<ReusableRecord> reusable_record(const fs::path& path, const std::string& student,
                                              const records::TrustStore& trust,
                                              const std::set<std::string>& listed,
                                              const std::string& submission_sha256,
                                              const std::string& master_sha256,
                                              const std::string& penalty_method) {
  if (!fs::exists(path)) return std::nullopt;
  try {
    std::string bytes = records::read_file(path);
    const auto verified = records::verify_signed_file(bytes, trust);
    if (verified.payload_type != records::kGradeRecordPayloadType) return std::nullopt;
    auto record = records::grade_record_from_json(verified.body);
    if (record.status != "graded" || record.student != student ||
        record.submission_sha256 != submission_sha256 || record.master_sha256 != master_sha256 ||
        record.late.penalty_method != penalty_method)
      return std::nullopt;
    const bool in_manifest = listed.contains(verified.file_sha256);
    return ReusableRecord{std::move(record), std::move(bytes), in_manifest};
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable, forged or stale: grade again
  }
}

records::RunCounts count_outcomes(const AutogradeResult& result) {
  records::RunCounts counts;
  for (const auto& s : result.submissions) {
    counts.graded += s.status == "graded";
    counts.errored += s.status == "error";
    counts.skipped += s.status == "skipped";
  }
  counts.relisted = static_cast<int64_t>(result.relisted);
  return counts;
}

// --key: the key is checked against the course's trust store, where its public half must be.
records::SigningKey signing_key_file(const fs::path& file, const fs::path& trust_path) {
  if (!fs::exists(trust_path))
    throw std::runtime_error("no trust store at " + trust_path.string() + " for the key " +
                             file.string() +
                             " (hint: `gradebox keygen --key FILE` writes it with the key)");
  return records::load_signing_key_file(file, records::TrustStore::load(trust_path), trust_path);
}

std::string course_name(const CourseConfig& config) {
  if (!config.course_id.empty()) return config.course_id;
  return fs::weakly_canonical(config.root).filename().string();
}

}  // namespace

AutogradeResult autograde_assignment(const CourseConfig& config, const std::string& assignment,
                                     const AutogradeOptions& options,
                                     const SessionFactory& open_session,
                                     const ProgressCallback& progress,
                                     const SessionReserver& reserve_session) {
  const auto run_start = std::chrono::steady_clock::now();
  records::require_path_component(assignment, "assignment");
  const fs::path key_dir =
      options.key_dir.empty() ? config.root / ".gradebox" / "keys" : options.key_dir;
  // Fail before grading anything when records could not be signed.
  const fs::path trust_path = key_dir / records::kTrustStoreFileName;
  records::SigningKey key = options.key_file.empty()
                                ? records::load_active_signing_key(key_dir)
                                : signing_key_file(options.key_file, trust_path);
  const records::TrustStore trust = records::TrustStore::load(trust_path);
  const fs::path records_root = config.root / "records";
  const std::set<std::string> listed =
      records::listed_record_digests(records_root, assignment, trust);
  const AssignmentMaster master = load_assignment_master(config, assignment);
  const GradingLimits limits = grading_limits(config);

  // Given ids, or every valid student folder; never nbgrader's CourseDirectory.student_id_exclude.
  std::vector<std::string> students = options.students;
  if (students.empty())
    students = course::discover_student_folders(config.root / "submitted", assignment).students;
  std::erase_if(students, [&](const auto& s) { return config.excluded_students.count(s) != 0; });
  std::sort(students.begin(), students.end());
  students.erase(std::unique(students.begin(), students.end()), students.end());
  if (options.shard) students = students_in_shard(std::move(students), *options.shard);

  const SubmissionContext context{config,         master, limits, open_session, course_name(config),
                                  reserve_session};
  records::RecordRunWriter writer(records_root, std::move(key.private_key), context.course_name,
                                  assignment);
  AutogradeResult result;
  result.submissions.resize(students.size());
  std::atomic<std::size_t> written{0};
  std::atomic<std::size_t> relisted{0};
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex lock;

  // A submission taken by a worker: skipped or failed already, or staged for grading.
  struct Taken {
    std::size_t index;
    SubmissionSummary summary;
    std::optional<StagedSubmission> staged;
    double seconds = 0;
  };
  const auto take = [&](std::size_t index) {
    const auto start = std::chrono::steady_clock::now();
    Taken taken{index, {}, std::nullopt};
    const std::string& student = students[index];
    try {
      records::require_path_component(student, "student");
      const fs::path record_path = records::grade_record_path(records_root, assignment, student);
      taken.summary.record_path = record_path.string();
      StagedSubmission staged = read_submission(context, student);
      const auto previous =
          options.force || !staged.files
              ? std::nullopt
              : reusable_record(record_path, student, trust, listed, staged.digest,
                                master.master_sha256, config.late_penalty_method);
      if (previous) {
        taken.summary = summarize(previous->record);
        taken.summary.status = "skipped";
        taken.summary.record_path = record_path.string();
        if (!previous->listed) {
          writer.relist(previous->record, previous->bytes);
          ++relisted;
        }
      } else {
        reserve_first_session(context, staged);
        taken.staged = std::move(staged);
      }
    } catch (const std::exception& e) {
      taken.summary = {};
      taken.summary.status = "error";
      taken.summary.error = e.what();
    }
    taken.summary.student = student;
    taken.seconds = seconds_since(start);
    return taken;
  };
  const auto grade = [&](Taken taken) {
    const auto start = std::chrono::steady_clock::now();
    SubmissionSummary& summary = taken.summary;
    std::optional<std::string> failure;
    if (taken.staged) {
      try {
        // Never throws for what the student did (grade_submission.hpp), so whatever does is
        // the grader's own failure, as is a record that cannot be written.
        const records::GradeRecord record = grade_submission(context, std::move(*taken.staged));
        writer.write(record);
        ++written;
        const std::string record_path = summary.record_path;
        summary = summarize(record);
        summary.record_path = record_path;
      } catch (const std::exception& e) {
        summary = {};
        summary.status = "error";
        summary.error = e.what();
        failure = students[taken.index] + ": " + e.what();
      }
      summary.student = students[taken.index];
    }
    summary.seconds = taken.seconds + seconds_since(start);
    std::lock_guard guard(lock);
    if (failure) result.failures.push_back(*failure);
    result.submissions[taken.index] = summary;
    ++done;
    if (progress) progress(summary, done, students.size());
  };

  // Each worker stages its next submission (and so reserves that submission's first session)
  // before grading the current one: sessions are ready when their notebook's turn comes.
  const unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, students.size()));
  std::vector<std::jthread> workers;
  for (unsigned j = 0; j < jobs; ++j)
    workers.emplace_back([&] {
      std::optional<Taken> current;
      if (const std::size_t i = next++; i < students.size()) current = take(i);
      while (current) {
        std::optional<Taken> ahead;
        if (const std::size_t i = next++; i < students.size()) ahead = take(i);
        grade(std::move(*current));
        current = std::move(ahead);
      }
    });
  workers.clear();  // joins

  result.relisted = relisted;
  if (written > 0 || relisted > 0)
    result.manifest_path = writer.finish(records::utc_now(), count_outcomes(result)).string();
  result.seconds = seconds_since(run_start);
  return result;
}

}  // namespace gradebox::autograde
