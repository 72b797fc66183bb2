// `gradebox kernelspec`: installs a gradebox-kernel kernelspec carrying the course's limits
// (gradebox.toml [limits], defaults from sandbox/limits.hpp), so what students run in
// Jupyter is limited as the grader limits it.
#include <iostream>
#include <memory>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course_config.hpp"
#include "kernel/kernelspec/install_options.hpp"
#include "kernel/kernelspec/kernelspec.hpp"
#include "kernel/xeus/kernel_limits.hpp"

namespace gradebox::cli {
namespace {
namespace fs = std::filesystem;

struct KernelspecOptions {
  std::string course = ".";
  kernelspec::InstallOptions where;
};

// gradebox-kernel next to this gradebox, else on $PATH.
fs::path kernel_executable(const std::string& option) {
  if (!option.empty()) return fs::absolute(option);
  std::error_code ec;
  const auto beside = fs::read_symlink("/proc/self/exe", ec).parent_path() / "gradebox-kernel";
  if (!ec && fs::exists(beside)) return beside;
  if (const char* path = std::getenv("PATH")) {
    std::string dirs = path;
    for (std::size_t start = 0; start <= dirs.size();) {
      const auto end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / "gradebox-kernel";
      if (end > start && fs::exists(candidate)) return candidate;
      start = end + 1;
    }
  }
  throw std::runtime_error(
      "gradebox-kernel not found next to gradebox or on PATH; pass --kernel-path");
}

// The kernel's limit flags for the course: the same memory and process limits as autograde.
kernel::LimitArguments course_limit_arguments(const CourseConfig& config) {
  kernel::LimitArguments arguments;
  arguments.given["--memory"] = std::to_string(config.session_limits.memory_bytes >> 20) + "M";
  arguments.given["--pids"] = std::to_string(config.session_limits.pids);
  arguments.given["--output-limit"] =
      std::to_string(config.session_limits.output_bytes >> 20) + "M";
  return arguments;
}

int run_kernelspec(const KernelspecOptions& options) {
  auto loaded = load_course_config(options.course);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  try {
    const auto& where = options.where;
    const auto arguments = course_limit_arguments(loaded.config);
    const auto limits = kernel::limits_from_arguments(arguments);
    kernelspec::KernelspecRequest request;
    kernelspec::check_kernel_name(where.name);
    request.name = where.name;
    request.display_name = where.display_name;
    request.kernel_executable = kernel_executable(where.kernel_path);
    request.extra_argv = kernel::limit_argv(arguments);
    for (auto& word : kernelspec::warm_zygote_argv(where)) request.extra_argv.push_back(word);
    request.limits_metadata = kernel::limits_metadata(limits);
    const auto dir = kernelspec::install_kernelspec(
        request, kernelspec::kernels_directory(kernelspec::install_scope(where), where.prefix));
    std::cout << "Installed kernelspec " << request.name << " in " << dir.string() << " ("
              << kernel::describe_limits(limits) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "gradebox kernelspec: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_kernelspec_command(CLI::App& app) {
  auto options = std::make_shared<KernelspecOptions>();
  auto* cmd = app.add_subcommand("kernelspec",
                                 "Install a gradebox-kernel kernelspec with the course's limits");
  cmd->footer(
      "The kernel gets the memory and process limits autograde applies (gradebox.toml [limits]).\n"
      "Exit status: 0 installed, 1 could not write or bad course config, 2 usage error.");
  add_course_option(*cmd, options->course);
  kernelspec::add_install_options(*cmd, options->where,
                                  "gradebox-kernel path written into kernel.json (default: next to "
                                  "gradebox, else on PATH)");
  on_run(*cmd, [options] { return run_kernelspec(*options); });
}

}  // namespace gradebox::cli
