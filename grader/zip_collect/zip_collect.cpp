// Owns the zip-collect run (see zip_collect.hpp).
#include "grader/zip_collect/zip_collect.hpp"

#include <date/tz.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>

#include "grader/course/printable_text.hpp"
#include "grader/export/roster.hpp"
#include "grader/records/nbgrader_timestamp.hpp"
#include "grader/zip_collect/lms_file_names.hpp"
#include "grader/zip_collect/roster_lookup.hpp"

namespace gradebox::zip_collect {
namespace fs = std::filesystem;
using notebook::Problem;
using notebook::Severity;
using records::UtcSeconds;

namespace {

struct Candidate {
  const std::string* bytes;
  std::optional<UtcSeconds> time;
  std::string origin;  // "archive.zip: entry", for messages
};

// Destination file name -> every candidate for it, per student.
using StudentCandidates = std::map<std::string, std::vector<Candidate>>;

Problem problem(Severity severity, const fs::path& file, std::string message, std::string hint) {
  return Problem(severity, file, std::nullopt, "", std::move(message), std::move(hint));
}

// "2016-01-30-15-00-00" (Blackboard) -> "2016-01-30 15:00:00"; other text unchanged.
std::string normalized_time(std::string text) {
  if (text.size() == 19 && text[10] == '-' && text[13] == '-' && text[16] == '-') {
    text[10] = ' ';
    text[13] = ':';
    text[16] = ':';
  }
  return text;
}

// A date and time with no zone: "2016-01-30 15:00:00", "2016-01-30T15:00".
bool lacks_zone(const std::string& text) {
  if (text.size() < 16 || text.size() > 26 || (text[10] != ' ' && text[10] != 'T')) return false;
  return text.find_first_not_of("0123456789-:. T") == std::string::npos &&
         text.find('-', 10) == std::string::npos;
}

std::optional<UtcSeconds> parse_time(const std::string& matched, const std::string& zone,
                                     std::string& error) {
  std::string text = normalized_time(matched);
  if (lacks_zone(text)) text = text.replace(10, 1, " ") + " " + zone;
  const auto parsed = records::parse_nbgrader_timestamp(text);
  if (!parsed.utc) error = "its time " + parsed.error;
  return parsed.utc;
}

// nbgrader takes a zone name it does not know as UTC; an instructor's --timezone must be known.
void check_zone(const std::string& zone) {
  if (zone == "UTC") return;
  try {
    date::locate_zone(zone);
  } catch (const std::exception&) {
    throw std::invalid_argument(
        "--timezone \"" + course::printable_text(zone) +
        "\" is not a zone of the tz database (e.g. America/New_York, Europe/Berlin, UTC)");
  }
}

std::set<std::string> released_notebooks(const fs::path& release) {
  std::set<std::string> notebooks;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(release, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".ipynb" && it->is_regular_file(ec))
      notebooks.insert(it->path().lexically_relative(release).generic_string());
  return notebooks;
}

bool wanted_extension(const std::vector<std::string>& extensions, const std::string& path) {
  const std::string extension = python_extension(path);
  return std::any_of(extensions.begin(), extensions.end(),
                     [&](const std::string& e) { return e == "*" || e == extension; });
}

class Collection {
 public:
  Collection(const CourseConfig& config, const ZipCollectOptions& options)
      : config_(config), options_(options) {
    if (options.regex)
      patterns_.push_back(custom_file_name_pattern(*options.regex));
    else
      patterns_ = lms_file_name_patterns();
    check_zone(options.timezone);
    const fs::path roster = options.roster.value_or(config.root / "roster.csv");
    if (options.roster || fs::exists(roster)) roster_ = exporting::Roster::load(roster);
    released_ = released_notebooks(config.root / "release" / options.assignment);
  }

  ZipCollectReport run() {
    ArchiveLimits limits = options_.limits;
    for (const auto& archive : options_.archives) {
      auto& contents =
          contents_.emplace_back(read_archive(archive, limits, [&](const std::string& path) {
            return wanted_extension(options_.extensions, path);
          }));
      limits.max_total_bytes -= std::min(limits.max_total_bytes, contents.bytes_read);
      take_archive(archive, contents);
    }
    for (const auto& [student, candidates] : by_student_) collect_student(student, candidates);
    return std::move(report_);
  }

 private:
  void take_archive(const fs::path& archive, const ArchiveContents& contents) {
    const std::string name = course::printable_text(archive.string());
    if (!contents.error.empty())
      report_.problems.push_back(
          problem(Severity::error, name, "the archive " + contents.error,
                  "check the download; files read before this are still collected"));
    for (const auto& refused : contents.refused)
      report_.refused.push_back({name, refused.path, refused.reason});
    for (const auto& file : contents.files) {
      if (!file.bytes_read) {
        report_.skipped.push_back(
            {name, course::printable_text(file.path), "its extension is not collected (--ext)"});
        continue;
      }
      take_file(name, file);
    }
  }

  void take_file(const std::string& archive, const ArchiveFile& file) {
    const std::string shown = course::printable_text(file.path);
    const auto matched = match_file_name(file.path, patterns_);
    if (!matched) {
      report_.unmatched.push_back({archive, shown,
                                   options_.regex ? "--regex does not match its name"
                                                  : "its name is not one of a Canvas, "
                                                    "Moodle or Blackboard download"});
      return;
    }
    const StudentLookup student = look_up_student(*matched, roster_ ? &*roster_ : nullptr);
    if (student.student_id.empty())
      return report_.unmatched.push_back({archive, shown, student.why_not});
    std::string time_error;
    std::optional<UtcSeconds> time;
    if (!matched->timestamp.empty() &&
        !(time = parse_time(matched->timestamp, options_.timezone, time_error)))
      return report_.unmatched.push_back({archive, shown, time_error});
    by_student_[student.student_id][destination(*matched, file.path)].push_back(
        {&file.bytes, time, archive + ": " + shown});
  }

  // nbgrader's name, with Canvas's "-N" resubmission suffix dropped when that names a released
  // notebook and the name as is does not.
  std::string destination(const MatchedFileName& matched, const std::string& path) {
    std::string name = destination_name(matched, path);
    if (released_.empty() || python_extension(name) != ".ipynb" || released_.count(name))
      return name;
    const std::string stem = name.substr(0, name.size() - 6);
    const auto dash = stem.rfind('-');
    if (matched.source == FileNameSource::canvas && dash != std::string::npos &&
        dash + 1 < stem.size() &&
        stem.find_first_not_of("0123456789", dash + 1) == std::string::npos &&
        released_.count(stem.substr(0, dash) + ".ipynb"))
      return stem.substr(0, dash) + ".ipynb";
    report_.problems.push_back(
        problem(Severity::warning, name,
                "not a notebook of release/" + options_.assignment + "/; collected anyway",
                "check the file name the student submitted"));
    return name;
  }

  // The one candidate to keep, or nullptr (problem reported) when they cannot be told apart.
  const Candidate* newest(const std::string& student, const std::string& name,
                          const std::vector<Candidate>& candidates) {
    const Candidate* kept = &candidates.front();
    for (const Candidate& other : candidates) {
      if (&other == kept || *other.bytes == *kept->bytes) continue;
      if (!other.time || !kept->time) {
        report_.problems.push_back(problem(
            Severity::error, fs::path("submitted") / student / options_.assignment / name,
            "two different files, " + kept->origin + " and " + other.origin +
                ", and no time in their names to choose the newer; nothing collected for " +
                student,
            "remove the older one from the download (or collect the archives one at a time)"));
        return nullptr;
      }
      if (*other.time >= *kept->time) kept = &other;
    }
    return kept;
  }

  void collect_student(const std::string& student, const StudentCandidates& candidates) {
    course::Submission submission{student, options_.assignment, {}, ""};
    std::optional<UtcSeconds> time;
    for (const auto& [name, choices] : candidates) {
      const Candidate* kept = newest(student, name, choices);
      if (!kept) return;
      submission.files.emplace(name, *kept->bytes);
      if (kept->time && (!time || *kept->time > *time)) time = kept->time;
    }
    if (time) submission.timestamp = records::format_nbgrader_timestamp(*time);
    report_.students.push_back(
        {student, submission.timestamp,
         course::take_in_submission(config_.root, submission, course::intake_limits(config_))});
  }

  const CourseConfig& config_;
  const ZipCollectOptions& options_;
  std::vector<FileNamePattern> patterns_;
  std::optional<exporting::Roster> roster_;
  std::set<std::string> released_;
  std::deque<ArchiveContents> contents_;  // the bytes candidates point into (deque: never moved)
  std::map<std::string, StudentCandidates> by_student_;
  ZipCollectReport report_;
};

}  // namespace

ArchiveLimits archive_limits(const CourseConfig& config) {
  ArchiveLimits limits;
  limits.max_entry_bytes = config.budgets.max_file_bytes;
  return limits;
}

bool ZipCollectReport::complete() const {
  if (!unmatched.empty() || !refused.empty() || notebook::has_errors(problems)) return false;
  return std::all_of(students.begin(), students.end(), [](const CollectedStudent& s) {
    return s.intake.written && s.intake.problems.empty();
  });
}

ZipCollectReport zip_collect(const CourseConfig& config, const ZipCollectOptions& options) {
  return Collection(config, options).run();
}

}  // namespace gradebox::zip_collect
