// `gradebox verify`: checks signed record files against the trust store. For directories it also
// checks run-manifest completeness (deleted records, deleted manifests) and reports duplicates.
#include <iostream>
#include <memory>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::cli {
namespace {

struct VerifyOptions {
  std::vector<std::string> inputs;
  std::string course = ".";
  std::string trust;  // default <course>/.gradebox/keys/trust.json
};

int run_verify(const VerifyOptions& options) {
  const std::filesystem::path trust_path =
      options.trust.empty() ? std::filesystem::path(options.course) / ".gradebox" / "keys" /
                                  records::kTrustStoreFileName
                            : std::filesystem::path(options.trust);
  std::vector<std::filesystem::path> inputs(options.inputs.begin(), options.inputs.end());
  bool any_directory = false;
  for (const auto& input : inputs)
    any_directory = any_directory || std::filesystem::is_directory(input);
  records::RecordSet set;
  try {
    const auto trust = records::TrustStore::load(trust_path);
    set = records::verify_record_set(inputs, trust, {std::nullopt, any_directory, 0});
  } catch (const std::exception& e) {
    std::cerr << "gradebox verify: " << e.what() << "\n";
    return 2;
  }
  for (const auto& f : set.failures) {
    std::cout << "FAILED " << f.file << " (student " << (f.student.empty() ? "?" : f.student)
              << "): " << f.reason << "\n";
  }
  for (const auto& d : set.duplicates) {
    std::cout << "duplicate " << d.assignment << "/" << d.student << ": newest is " << d.kept_file;
    for (const auto& dropped : d.dropped_files) std::cout << ", older " << dropped;
    std::cout << (d.conflicting ? " [conflicting]\n" : "\n");
  }
  std::cout << set.files_checked << " file(s): " << set.records.size() << " grade record(s), "
            << set.manual_grades.size() << " manual grade(s), " << set.manifests_checked
            << " manifest(s) verified"
            << (any_directory ? "" : " (manifest completeness not checked: pass a directory)")
            << "; " << set.failures.size() << " failure(s)\n";
  return set.failures.empty() ? 0 : 1;
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto options = std::make_shared<VerifyOptions>();
  auto* cmd =
      app.add_subcommand("verify", "Verify signed grade records, manual grades and run manifests");
  cmd->footer(
      "Exit status: 0 all verified, 1 failures (each listed), 2 usage or trust-store error.");
  cmd->add_option("inputs", options->inputs, "record files or records directories")->required();
  add_course_option(*cmd, options->course);
  cmd->add_option("--trust", options->trust,
                  "trust store (default <course>/.gradebox/keys/trust.json)");
  on_run(*cmd, [options] { return run_verify(*options); });
}

}  // namespace gradebox::cli
