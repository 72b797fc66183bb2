#include "grader/cli/command_options.hpp"

namespace gradebox::cli {

CLI::Option* add_course_option(CLI::App& cmd, std::string& course, const std::string& holds) {
  const std::string what = holds.empty() ? "course root" : "course root (holds " + holds + ")";
  return cmd.add_option("--course", course, what)->capture_default_str();
}

CLI::Option* add_json_flag(CLI::App& cmd, bool& json, const std::string& command, int version) {
  return cmd.add_flag("--json", json,
                      "print a JSON document (schema gradebox." + command + ", version " +
                          std::to_string(version) + ") instead of text");
}

CLI::Option* add_jobs_option(CLI::App& cmd, unsigned& jobs) {
  return cmd.add_option("--jobs,-j", jobs, "sessions at once (default: one per core)");
}

CLI::Option* add_students_option(CLI::App& cmd, std::vector<std::string>& students) {
  return cmd
      .add_option("--student", students, "only these students (repeatable, or comma-separated)")
      ->delimiter(',');
}

CLI::Option* add_require_landlock_flag(CLI::App& cmd, bool& require_landlock) {
  return cmd
      .add_flag("--require-landlock", require_landlock,
                "refuse to run when Landlock is unavailable on this host (as gradebox.toml "
                "isolation.require = [\"landlock\"])")
      ->envname("GRADEBOX_REQUIRE_LANDLOCK");
}

void on_run(CLI::App& cmd, std::function<int()> run) {
  cmd.callback([run = std::move(run)] {
    if (const int code = run(); code != 0) throw CLI::RuntimeError(code);
  });
}

nlohmann::ordered_json json_document(const std::string& command, int version) {
  return {{"schema", "gradebox." + command}, {"schema_version", version}};
}

}  // namespace gradebox::cli
