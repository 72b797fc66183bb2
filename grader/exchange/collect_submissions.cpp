// nbgrader's collect under gradebox's trust rules (see collect_submissions.hpp).
#include "grader/exchange/collect_submissions.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <memory>

#include "grader/autograde/folder_files.hpp"
#include "grader/course/student_id.hpp"
#include "grader/course/submission_intake.hpp"
#include "grader/exchange/exchange_directory.hpp"
#include "grader/exchange/exchange_timestamp.hpp"
#include "grader/exchange/student_identity.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/submission_timestamp.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

struct Candidate {
  InboundName name;
  std::string entry;  // the folder's name in inbound/
};

std::vector<std::string> entry_names(int dir, const fs::path& shown) {
  sandbox::UniqueFd listing(::fcntl(dir, F_DUPFD_CLOEXEC, 0));
  std::unique_ptr<DIR, int (*)(DIR*)> stream(listing ? ::fdopendir(listing.get()) : nullptr,
                                             ::closedir);
  if (!stream) sandbox::throw_errno("cannot list", shown, errno);
  listing.release();  // owned by the stream now
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(stream.get()))
    if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
  return names;
}

// Whether the entry may be collected as `name.student`'s; reports why not.
bool acceptable(const CourseConfig& config, int inbound, const fs::path& path,
                const InboundName& name, ExchangeReport& report) {
  if (auto problem = course::student_id_problem(name.student)) {
    report.error(path, *problem, "not collected");
    return false;
  }
  struct stat st {};
  if (::fstatat(inbound, (name.str()).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISDIR(st.st_mode)) {
    report.error(path, "not a folder (a link or a file planted in inbound/), not collected",
                 "remove it");
    return false;
  }
  if (!config.exchange.check_owner) return true;
  const auto owner = login_name(st.st_uid).value_or("uid " + std::to_string(st.st_uid));
  if (owner == name.student) return true;
  report.error(
      path,
      "claims to be submitted by " + name.student + " but is owned by " + owner + "; not collected",
      "if every student submits as the same uid (jovyan), set exchange.check_owner = false");
  return false;
}

// The latest acceptable submission of each student, as nbgrader's collect picks it.
std::map<std::string, Candidate> latest_submissions(const CourseConfig& config,
                                                    const ExchangeCourse& course, int inbound,
                                                    const CollectRequest& request,
                                                    ExchangeReport& report) {
  std::map<std::string, Candidate> latest;
  for (const auto& entry : entry_names(inbound, course.inbound())) {
    const auto name = parse_inbound_name(entry);
    if (!name || name->assignment != request.assignment) continue;
    if (!request.student.empty() && name->student != request.student) continue;
    if (config.excluded_students.contains(name->student)) continue;
    if (name->str() != entry ||
        !acceptable(config, inbound, course.inbound() / entry, *name, report))
      continue;
    auto found = latest.find(name->student);
    if (found == latest.end() || timestamp_before(found->second.name.timestamp, name->timestamp))
      latest[name->student] = Candidate{*name, entry};
  }
  return latest;
}

// The timestamp.txt of the collected submission, empty when none.
std::string collected_timestamp(const CourseConfig& config, const std::string& student,
                                const std::string& assignment) {
  const fs::path relative = fs::path("submitted") / student / assignment / kTimestampFile;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(config.root / relative, ec))) return "";
  try {
    const auto text =
        sandbox::read_file_beneath(config.root, relative, records::max_timestamp_txt_bytes);
    return records::submission_timestamp_from_text(text, (config.root / relative).string())
        .timestamp_txt;
  } catch (const std::exception&) {
    return "?";
  }
}

void append_log(const CourseConfig& config, const std::string& assignment,
                const std::string& line) {
  const fs::path dir = config.root / ".gradebox" / "collect";
  fs::create_directories(dir);
  const sandbox::UniqueFd log(::open((dir / (assignment + ".log")).c_str(),
                                     O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!log) sandbox::throw_errno("cannot append to", dir / (assignment + ".log"), errno);
  const std::string text = line + "\n";
  if (::write(log.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    sandbox::throw_errno("cannot append to", dir / (assignment + ".log"), errno);
}

void collect_one(const CourseConfig& config, const ExchangeCourse& course,
                 const Candidate& candidate, const CollectRequest& request,
                 ExchangeReport& report) {
  const auto& student = candidate.name.student;
  const fs::path source = course.inbound() / candidate.entry;
  const std::string previous = collected_timestamp(config, student, request.assignment);
  if (!previous.empty()) {
    if (!request.update) {
      report.done.push_back(student + ": submission already collected (" + previous +
                            "), use --update to update");
      return;
    }
    if (previous != "?" && !timestamp_before(previous, candidate.name.timestamp)) {
      report.done.push_back(student + ": no newer submission to collect (" + previous + ")");
      return;
    }
  }
  auto read =
      autograde::read_folder(course.root, fs::path(course.course_id) / "inbound" / candidate.entry,
                             autograde::folder_limits(config));
  for (const auto& skipped : read.skipped)
    report.warn(source / skipped.relative, skipped.reason, "not collected");
  course::Submission submission{student, request.assignment, std::move(read.files),
                                candidate.name.timestamp};
  if (auto stamp = submission.files.extract(kTimestampFile)) submission.timestamp = stamp.mapped();
  const auto taken =
      course::take_in_submission(config.root, submission, course::intake_limits(config));
  report.problems.insert(report.problems.end(), taken.problems.begin(), taken.problems.end());
  if (!taken.written) return;
  autograde::FolderFiles collected;
  collected.files = std::move(submission.files);
  collected.files[kTimestampFile] = submission.timestamp;
  std::string line = student + " " + candidate.name.timestamp +
                     " submission_sha256=" + autograde::folder_digest(collected);
  if (taken.replaced)
    report.warn(taken.folder,
                "replaced the collected submission of " + taken.replaced->previous_timestamp,
                "the earlier one is kept at " + taken.replaced->kept_at.string());
  report.done.push_back((taken.replaced ? "updated " : "collected ") + line);
  append_log(config, request.assignment,
             records::format_rfc3339_utc(records::utc_now()) +
                 (taken.replaced ? " updated " : " collected ") + line + " from inbound/" +
                 candidate.entry +
                 (taken.replaced ? " (previous " + taken.replaced->previous_timestamp +
                                       " kept at " + taken.replaced->kept_at.string() + ")"
                                 : ""));
}

}  // namespace

ExchangeReport collect_submissions(const CourseConfig& config, const ExchangeCourse& course,
                                   const CollectRequest& request) {
  ExchangeReport report;
  const UniqueFd inbound =
      open_exchange_directory(course.root, fs::path(course.course_id) / "inbound");
  const auto latest = latest_submissions(config, course, inbound.get(), request, report);
  if (latest.empty())
    report.done.push_back("no submissions of " + request.assignment + " for course " +
                          course.course_id + " to collect");
  for (const auto& [student, candidate] : latest)
    collect_one(config, course, candidate, request, report);
  return report;
}

}  // namespace gradebox::exchange
