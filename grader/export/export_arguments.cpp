// Owns gradebox-export's argument parsing and usage text.
#include "grader/export/export_arguments.hpp"

#include <functional>
#include <map>
#include <stdexcept>

#include "gradebox/version.hpp"

namespace gradebox::exporting {

const char* const kExportUsage =
    R"(usage: gradebox-export --records DIR... --trust TRUSTSTORE --format FORMAT [options]

Verifies every signed record first, then writes LMS grades.
  --records DIR|FILE...     record directories (walked for *.json) or files; repeatable
  --trust FILE              trust store (trust.json written by `gradebox keygen`)
  --format FORMAT           nbgrader | canvas | moodle | blackboard | gradescope | lti-ags | json
  --roster FILE             roster CSV: student_id,first_name,last_name,email,username,lms_id,
                            sis_user_id,sis_login_id,section (header names, any order)
  --assignment NAME         export only this assignment
  --due TIME                due date, e.g. "2026-11-20 23:59 UTC" or 2026-11-20T23:59:00Z
  --late-policy POLICY      none | zero | per-day:N%  (needs --due; default: each record's
                            course policy, nbgrader's LateSubmissionPlugin.penalty_method)
  --per-cell                add one column per graded cell
  --lms-assignment-id [ASSIGNMENT=]ID   Canvas assignment id / Blackboard column id; repeatable
  --moodle-identifier KIND  email | username | idnumber (default email)
  --allow-partial           write the verified grades even when some records fail (exit 3)
  --jobs N                  verification threads (default: all cores)
  -o, --output PATH         output file (a directory for gradescope); default stdout
  -h, --help, --version
Exit: 0 exported, 1 verification failed (nothing written), 2 usage/input error, 3 partial export.
)";

std::variant<ExportOptions, ExportHelpRequested, ExportUsageError> parse_export_arguments(
    const std::vector<std::string>& args) {
  ExportOptions options;
  bool have_trust = false;
  bool have_format = false;
  std::optional<std::string> late_policy_text;
  try {
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& arg = args[i];
      const auto value = [&]() -> std::string {
        if (i + 1 >= args.size() || (args[i + 1].size() > 1 && args[i + 1].rfind("--", 0) == 0)) {
          throw std::invalid_argument(arg + " needs a value");
        }
        return args[++i];
      };
      if (arg == "-h" || arg == "--help") return ExportHelpRequested{kExportUsage};
      if (arg == "--version")
        return ExportHelpRequested{std::string("gradebox-export ") + gradebox::kVersion + "\n"};
      if (arg == "--records") {
        options.record_inputs.emplace_back(value());
        while (i + 1 < args.size() && args[i + 1].rfind("-", 0) != 0)
          options.record_inputs.emplace_back(args[++i]);
      } else if (arg == "--trust") {
        options.trust_store = value();
        have_trust = true;
      } else if (arg == "--format") {
        options.format = parse_export_format(value());
        have_format = true;
      } else if (arg == "--roster") {
        options.roster = value();
      } else if (arg == "--assignment") {
        options.assignment = value();
      } else if (arg == "--due") {
        const std::string text = value();
        options.format_options.due = records::parse_timestamp(text);
        if (!options.format_options.due) {
          throw std::invalid_argument("--due \"" + text +
                                      "\" is not a time like \"2026-11-20 23:59 UTC\"");
        }
      } else if (arg == "--late-policy") {
        late_policy_text = value();
        options.late_policy = LatePolicy::parse(*late_policy_text);
      } else if (arg == "--per-cell") {
        options.format_options.per_cell = true;
      } else if (arg == "--lms-assignment-id") {
        const std::string text = value();
        const size_t eq = text.find('=');
        options.format_options
            .lms_assignment_ids[eq == std::string::npos ? "" : text.substr(0, eq)] =
            eq == std::string::npos ? text : text.substr(eq + 1);
      } else if (arg == "--moodle-identifier") {
        options.format_options.moodle_identifier = value();
        const auto& kind = options.format_options.moodle_identifier;
        if (kind != "email" && kind != "username" && kind != "idnumber") {
          throw std::invalid_argument("--moodle-identifier must be email, username or idnumber");
        }
      } else if (arg == "--allow-partial") {
        options.allow_partial = true;
      } else if (arg == "--jobs") {
        const std::string text = value();
        options.jobs = unsigned(std::stoul(text));
      } else if (arg == "-o" || arg == "--output") {
        options.output = value();
      } else {
        throw std::invalid_argument("unknown argument \"" + arg + "\"");
      }
    }
  } catch (const std::exception& e) {
    return ExportUsageError{e.what()};
  }
  if (options.record_inputs.empty()) return ExportUsageError{"--records is required"};
  if (!have_trust)
    return ExportUsageError{"--trust is required (the trust store written by `gradebox keygen`)"};
  if (!have_format) return ExportUsageError{"--format is required"};
  if (options.late_policy && options.late_policy->kind != LatePolicy::Kind::none &&
      !options.format_options.due) {
    return ExportUsageError{"--late-policy " + *late_policy_text + " needs --due"};
  }
  return options;
}

}  // namespace gradebox::exporting
