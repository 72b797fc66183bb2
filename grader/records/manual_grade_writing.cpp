// Owns writing one manual grade (see manual_grade_writing.hpp).
#include "grader/records/manual_grade_writing.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "gradebox/version.hpp"
#include "grader/records/manual_grade_target.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_run_writer.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::records {
namespace {
namespace fs = std::filesystem;

// An exclusive flock on the assignment's lock file, held for one grade's check-and-write.
class AssignmentWriteLock {
 public:
  explicit AssignmentWriteLock(const fs::path& assignment_dir) {
    fs::create_directories(assignment_dir);
    const fs::path path = assignment_dir / ".manual-grading.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) throw std::runtime_error(path.string() + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd_);
      throw std::runtime_error(path.string() + ": flock: " + std::strerror(saved));
    }
  }
  ~AssignmentWriteLock() { ::close(fd_); }  // closing releases the lock
  AssignmentWriteLock(const AssignmentWriteLock&) = delete;
  AssignmentWriteLock& operator=(const AssignmentWriteLock&) = delete;

 private:
  int fd_ = -1;
};

std::optional<ManualGrade> current_grade_of(const std::vector<ManualGrade>& grades,
                                            const CellResult& cell) {
  for (const auto& g : grades)
    if (g.notebook == cell.notebook && g.grade_id == cell.grade_id) return g;
  return std::nullopt;
}

// A signing time later than `previous`'s (whole seconds), so the new grade is the newest.
UtcSeconds signing_time_after(const std::optional<ManualGrade>& previous) {
  auto now = utc_now();
  if (!previous) return now;
  const auto before = parse_timestamp(previous->graded_at);
  if (!before) return now;
  if (*before > now + std::chrono::seconds(2))
    throw std::runtime_error("the cell's newest manual grade (" + previous->record_id +
                             ") is dated " + previous->graded_at +
                             ", in the future: check this machine's clock");
  while (now <= *before) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    now = utc_now();
  }
  return now;
}

}  // namespace

std::string login_name() {
  const char* name = ::getlogin();
  if (!name) name = std::getenv("USER");
  return name ? name : "";
}

std::vector<ManualGrade> current_manual_grades(const fs::path& records_root,
                                               const TrustStore& trust,
                                               const std::string& assignment,
                                               const std::string& student) {
  require_path_component(assignment, "assignment");
  require_path_component(student, "student id");
  const fs::path dir = records_root / assignment / "manual" / student;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  RecordSetOptions options;
  options.assignment = assignment;
  options.check_manifests = false;
  options.jobs = 1;
  std::vector<ManualGrade> grades;
  for (auto& m : verify_record_set({dir}, trust, options).manual_grades)
    if (m.grade.student == student) grades.push_back(std::move(m.grade));
  return grades;
}

WrittenManualGrade write_manual_grade(const fs::path& course_root, const fs::path& keys_dir,
                                      const ManualGradeRequest& request) {
  const fs::path records_root = course_root / "records";
  const auto trust = TrustStore::load(keys_dir / kTrustStoreFileName);
  const auto target = find_manual_grade_target(records_root, trust, request.assignment,
                                               request.student, request.grade_id, request.notebook);
  const CellResult& cell = target.cell;
  if (request.points_milli < 0 || request.points_milli > cell.max_milli)
    throw PointsOutOfRange(cell.grade_id, cell.max_milli);
  auto key = load_active_signing_key(keys_dir);

  const AssignmentWriteLock lock(records_root / request.assignment);
  auto previous = current_grade_of(
      current_manual_grades(records_root, trust, request.assignment, request.student), cell);
  if (request.expected_record_id &&
      *request.expected_record_id != (previous ? previous->record_id : std::string()))
    throw ManualGradeConflict(cell.grade_id + " was graded by someone else meanwhile", previous);
  const auto now = signing_time_after(previous);
  const GradeRecord& record = target.record;
  WrittenManualGrade written{{new_record_id(), record.course, record.assignment, record.student,
                              cell.notebook, cell.grade_id, request.points_milli, request.comment,
                              request.grader, gradebox::kVersion, format_rfc3339_utc(now)},
                             cell.max_milli,
                             cell.manual,
                             std::move(previous),
                             {}};
  RecordRunWriter writer(records_root, std::move(key.private_key), record.course,
                         record.assignment);
  written.path = writer.write(written.grade);
  writer.finish(now);
  return written;
}

}  // namespace gradebox::records
