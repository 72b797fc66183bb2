// `gradebox autograde`: grade every submission of an assignment (autograde/autograde_run.hpp).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "grader/autograde/autograde_metrics.hpp"
#include "grader/autograde/autograde_run.hpp"
#include "grader/autograde/grading_runtime.hpp"
#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course/printable_text.hpp"
#include "grader/course/student_folders.hpp"
#include "grader/course/student_id.hpp"
#include "grader/notebook/python_float.hpp"

namespace gradebox::cli {
namespace {
using autograde::SubmissionSummary;
using notebook::Json;

struct AutogradeCommandOptions {
  std::string assignment;
  std::string course = ".";
  std::vector<std::string> students;
  unsigned jobs = 0;
  std::string shard;
  bool force = false;
  bool json = false;
  std::string key;            // the signing key's file (a Secret mount), outside the course
  std::string metrics;        // Prometheus textfile to write after the run
  std::string zygote;         // a zygote service's socket (runtime-serve)
  std::string level;          // the most isolation sessions get
  std::string require_level;  // refuse to grade below this
  bool require_landlock = false;
};

std::string points(int64_t milli) {
  std::string text = notebook::python_float_repr(static_cast<double>(milli) / 1000.0);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

std::string verdict_counts(const SubmissionSummary& s) {
  std::string text;
  for (const auto& [verdict, n] : s.verdicts)
    text += (text.empty() ? "" : " ") + verdict + ":" + std::to_string(n);
  return text.empty() ? "-" : text;
}

void print_table(std::ostream& out, const autograde::AutogradeResult& result) {
  std::size_t width = std::string("student").size();
  for (const auto& s : result.submissions)
    width = std::max(width, course::printable_text(s.student).size());
  const int student_column = static_cast<int>(width + 2);
  out << std::left << std::setw(student_column) << "student" << std::setw(9) << "status"
      << std::right << std::setw(8) << "score" << std::setw(8) << "max" << std::setw(8) << "manual"
      << std::setw(8) << "seconds"
      << "  verdicts\n";
  for (const auto& s : result.submissions) {
    std::ostringstream seconds;
    seconds << std::fixed << std::setprecision(1) << s.seconds;
    out << std::left << std::setw(student_column) << course::printable_text(s.student)
        << std::setw(9) << s.status << std::right << std::setw(8) << points(s.points_milli)
        << std::setw(8) << points(s.max_milli) << std::setw(8) << s.manual_pending << std::setw(8)
        << seconds.str() << "  " << verdict_counts(s)
        << (s.tampering ? "  tampering:" + std::to_string(s.tampering) : "") << "\n";
  }
}

Json to_json(const autograde::AutogradeResult& result, const std::string& assignment) {
  Json submissions = Json::array();
  std::size_t graded = 0, errored = 0, skipped = 0;
  for (const auto& s : result.submissions) {
    graded += s.status == "graded";
    errored += s.status == "error";
    skipped += s.status == "skipped";
    Json verdicts = Json::object();
    for (const auto& [v, n] : s.verdicts) verdicts[v] = n;
    submissions.push_back({{"student", s.student},
                           {"status", s.status},
                           {"error", s.error},
                           {"points_milli", s.points_milli},
                           {"max_milli", s.max_milli},
                           {"manual_pending", s.manual_pending},
                           {"verdicts", verdicts},
                           {"tampering", s.tampering},
                           {"seconds", s.seconds},
                           {"record", s.record_path}});
  }
  Json summary = json_document("autograde", 1);
  summary.update(Json{{"assignment", assignment},
                      {"graded", graded},
                      {"errored", errored},
                      {"skipped", skipped},
                      {"manifest", result.manifest_path},
                      {"seconds", result.seconds},
                      {"submissions", submissions}});
  return summary;
}

struct StudentsToGrade {
  std::vector<std::string> valid;
  std::size_t refused = 0;
};

// --student ids, or the folders under submitted/, checked against the student id rule; every
// refused one is reported with the fix (the others are graded).
StudentsToGrade students_to_grade(const AutogradeCommandOptions& options,
                                  const AssignmentRef& ref) {
  StudentsToGrade out;
  if (options.students.empty()) {
    auto found = course::discover_student_folders(ref.course_root / "submitted", ref.name);
    for (const auto& refused : found.refused)
      print_problems(std::cerr,
                     notebook::Problems{{notebook::Severity::error, refused.folder, std::nullopt,
                                         "", refused.problem, course::kStudentIdFix}});
    out.valid = std::move(found.students);
    return out;
  }
  for (const auto& id : options.students) {
    if (const auto problem = course::student_id_problem(id)) {
      std::cerr << "gradebox autograde: --student " << *problem
                << "\n    fix: " << course::kStudentIdFix << "\n";
      ++out.refused;
    } else {
      out.valid.push_back(id);
    }
  }
  return out;
}

class Progress {
 public:
  explicit Progress(bool quiet) : tty_(!quiet && isatty(STDERR_FILENO)), quiet_(quiet) {}
  void operator()(const SubmissionSummary& s, std::size_t done, std::size_t total) {
    if (s.status == "error") ++errors_;
    if (tty_) {
      const std::size_t width = 30, filled = total ? done * width / total : width;
      std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
                << done << "/" << total << " " << course::printable_text(s.student)
                << (errors_ ? " errors: " : "") << (errors_ ? std::to_string(errors_) : "")
                << "\x1b[K" << std::flush;
      if (done == total) std::cerr << "\n";
    } else if (!quiet_) {
      std::cerr << "[" << done << "/" << total << "] " << course::printable_text(s.student) << ": "
                << s.status << " " << points(s.points_milli) << "/" << points(s.max_milli) << "\n";
    }
  }

 private:
  bool tty_, quiet_;
  std::size_t errors_ = 0;
};

int run_autograde(const AutogradeCommandOptions& options) {
  const AssignmentRef ref = resolve_assignment(options.assignment, options.course);
  auto loaded = load_course_config(ref.course_root);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  autograde::AutogradeOptions run;
  const auto students = students_to_grade(options, ref);
  run.students = students.valid;
  run.force = options.force;
  run.key_file = options.key;
  run.jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (options.jobs == 0 && loaded.config.jobs) run.jobs = *loaded.config.jobs;
  if (!options.shard.empty()) {
    run.shard = autograde::parse_shard(options.shard);
    if (!run.shard) {
      std::cerr << "gradebox autograde: --shard " << options.shard
                << " is not I/N with 0 <= I < N (e.g. --shard 0/4)\n";
      return 2;
    }
  }
  if (!options.students.empty() && students.refused) return 2;  // each named above
  autograde::AutogradeResult result;
  try {
    const auto limits = autograde::grading_limits(loaded.config);
    auto runtime = autograde::start_grading_runtime(
        limits, autograde::zygote_socket(loaded.config, options.zygote),
        autograde::isolation_settings(loaded.config, options.level, options.require_level,
                                      options.require_landlock));
    const Json how = runtime->worker_info().value("zygote", Json::object());
    if (how.value("attached", false))
      std::cerr << "attached to the zygote service " << how.value("socket", "") << "\n";
    else if (how.contains("fallback"))
      std::cerr << "warning: " << how.value("fallback", "")
                << "; started a zygote of our own instead\n";
    Progress progress(options.json);
    result = autograde::autograde_assignment(
        loaded.config, ref.name, run, autograde::session_factory(runtime), std::ref(progress),
        autograde::session_reserver(runtime));
  } catch (const std::exception& e) {
    std::cerr << "gradebox autograde " << ref.name << ": " << e.what() << "\n";
    return 1;
  }
  if (options.json) {
    std::cout << to_json(result, ref.name).dump(2) << "\n";
  } else {
    print_table(std::cout, result);
  }
  std::size_t graded = 0, skipped = 0;
  std::vector<const SubmissionSummary*> errored;
  for (const auto& s : result.submissions) {
    graded += s.status == "graded";
    skipped += s.status == "skipped";
    if (s.status == "error") errored.push_back(&s);
  }
  std::ostream& summary = options.json ? std::cerr : std::cout;
  std::ostringstream seconds;
  seconds << std::fixed << std::setprecision(1) << result.seconds;
  summary << ref.name << ": " << graded << " graded, " << skipped << " skipped (unchanged), "
          << errored.size() << " errored in " << seconds.str() << " s"
          << (result.manifest_path.empty() ? "" : "; manifest " + result.manifest_path) << "\n";
  for (const auto* s : errored)
    std::cerr << "error: " << course::printable_text(s->student) << ": "
              << course::printable_text(s->error) << "\n";
  if (result.relisted)
    std::cerr << result.relisted << " current record(s) of an interrupted run listed in this "
              << "run's manifest\n";
  for (const auto& failure : result.failures)
    std::cerr << "grader failure: " << course::printable_text(failure) << "\n";
  if (!options.metrics.empty()) {
    try {
      const double now =
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count();
      autograde::write_metrics_file(
          options.metrics, autograde::prometheus_metrics(result, ref.name, run.shard, now));
    } catch (const std::exception& e) {
      std::cerr << "gradebox autograde: " << e.what() << "\n";
      return 1;
    }
  }
  if (result.submissions.empty())
    std::cerr << "no submissions under " << (ref.course_root / "submitted").string()
              << "/<student>/" << ref.name << " (in this shard)\n";
  // A student's broken or hostile submission is an error record, never the run's failure.
  return result.failures.empty() ? 0 : 1;
}

}  // namespace

void add_autograde_command(CLI::App& app) {
  auto options = std::make_shared<AutogradeCommandOptions>();
  auto* cmd =
      app.add_subcommand("autograde", "Grade submitted/<student>/<assignment> in the sandbox");
  cmd->footer(
      "Writes autograded/<student>/<assignment>/ and a signed record per submission to\n"
      "records/<assignment>/<student>.json, plus a signed run manifest. A submission whose record\n"
      "matches its current digest is skipped unless --force. Needs `gradebox release` and\n"
      "`gradebox keygen` first.\n"
      "Exit status: 0 every student has a record (errored submissions are named on stderr,\n"
      "counted in the manifest and --metrics, and do not fail the run), 1 the grader's own\n"
      "failure: the run could not start (including a host below --require-level), or a record,\n"
      "the manifest or --metrics could not be written; 2 usage error (an invalid --student id).");
  cmd->add_option("assignment", options->assignment, "assignment name or path")->required();
  add_course_option(*cmd, options->course);
  add_students_option(*cmd, options->students);
  add_jobs_option(*cmd, options->jobs);
  cmd->add_option("--shard", options->shard,
                  "I/N: grade only students whose stable hash falls in slice I of N");
  cmd->add_flag("--force", options->force, "grade again even when the record is current");
  cmd->add_option("--key", options->key,
                  "sign with the private key in this file (e.g. a Kubernetes Secret mount, mode "
                  "0400/0440) instead of <course>/.gradebox/keys; it must be an active key of "
                  "<course>/.gradebox/keys/trust.json")
      ->envname("GRADEBOX_SIGNING_KEY_FILE");
  add_json_flag(*cmd, options->json, "autograde", 1);
  cmd->add_option("--metrics", options->metrics,
                  "write Prometheus text format here (node_exporter textfile collector; FILE.tmp "
                  "then rename)");
  cmd->add_option("--zygote", options->zygote,
                  "attach to the warm zygote service on this socket (`gradebox runtime-serve`; "
                  "default: gradebox.toml runtime.zygote_socket); a zygote is started when it "
                  "cannot be used");
  cmd->add_option("--level", options->level,
                  "run sessions at most at this isolation level: cgroup2, cgroup1 or rlimit "
                  "(default: gradebox.toml isolation.level, else the host's best)")
      ->check(CLI::IsMember({"cgroup2", "cgroup1", "rlimit"}));
  cmd->add_option("--require-level", options->require_level,
                  "refuse to grade when sessions would run below this level (default: "
                  "gradebox.toml isolation.require_level, else no requirement)")
      ->check(CLI::IsMember({"cgroup2", "cgroup1", "rlimit"}));
  add_require_landlock_flag(*cmd, options->require_landlock);
  on_run(*cmd, [options] { return run_autograde(*options); });
}

}  // namespace gradebox::cli
