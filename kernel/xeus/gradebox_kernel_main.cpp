// gradebox-kernel: the Jupyter kernel (`gradebox-kernel -f CONNECTION_FILE [limits]`) and its
// kernelspec installer (`gradebox-kernel install ...`). Logs go to stderr, never student output.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>
#include <xeus/xkernel.hpp>
#include <xeus/xkernel_configuration.hpp>

#include "gradebox/version.hpp"
#include "kernel/kernelspec/install_options.hpp"
#include "kernel/kernelspec/kernelspec.hpp"
#include "kernel/xeus/frontend_message_guard.hpp"
#include "kernel/xeus/interrupt_request_server.hpp"
#include "kernel/xeus/kernel_limits.hpp"
#include "kernel/xeus/sandboxed_python_interpreter.hpp"
#include "kernel/xeus/session_history.hpp"
#include "kernel/xeus/session_slot.hpp"
#include "kernel/xeus/signal_forwarder.hpp"

namespace {

namespace fs = std::filesystem;
using namespace gradebox;

struct KernelArguments {
  std::string connection_file;
  std::string worker;
  std::string log_level = "info";
  kernel::LimitArguments limits;
  bool require_landlock = false;
  int warm_zygote_idle_seconds = 0;  // 0: no per-user zygote service
  std::vector<std::string> preload;  // empty or "none": IPython only
};

struct InstallArguments {
  kernelspec::InstallOptions where;
  kernel::LimitArguments limits;
  bool require_landlock = false;  // written into kernel.json's argv
};

constexpr const char* kRequireLandlockHelp =
    "refuse to start when Landlock is unavailable on this host (no sandboxed Python without it)";

// xeus' server builder (a plain function): the interrupt-aware server behind the guard that keeps
// unsafe frontend messages from xeus.
std::unique_ptr<xeus::xserver> make_server(xeus::xcontext& context,
                                           const xeus::xconfiguration& config,
                                           nl::json::error_handler_t eh) {
  return std::make_unique<kernel::FrontendMessageGuard>(
      kernel::make_interrupt_request_server(context, config, eh));
}

runtime::RuntimePolicy runtime_policy(const sandbox::Limits& limits,
                                      const KernelArguments& arguments) {
  runtime::RuntimePolicy policy;
  policy.worker_path = arguments.worker;
  if (arguments.require_landlock) policy.required_layers.push_back("landlock");
  policy.limits = limits;
  policy.user_zygote_idle_exit = std::chrono::seconds(arguments.warm_zygote_idle_seconds);
  // A student's kernel costs what ipykernel costs (bench/RESULTS.md, "Kernel memory"): IPython
  // only, as ipykernel imports, unless the deployment asks for more; and no spare child, which
  // saves ~7 ms per session open (nothing next to a Jupyter client's round trips) but holds
  // ~3.5 MiB of pages copied ahead for a session that may never come.
  policy.preload_modules.clear();
  for (const auto& module : arguments.preload)
    if (!module.empty() && module != "none") policy.preload_modules.push_back(module);
  policy.spare_session_child = false;
  return policy;
}

xeus::xconfiguration read_connection_file(const std::string& path) {
  if (!std::ifstream(path)) {
    throw std::runtime_error(fmt::format(
        "cannot read connection file {}: {}; Jupyter passes it as -f {{connection_file}}", path,
        std::strerror(errno)));
  }
  try {
    return xeus::load_configuration(path);
  } catch (const std::exception& e) {
    throw std::runtime_error(
        fmt::format("connection file {} is not a Jupyter connection file: {}", path, e.what()));
  }
}

int run_kernel(const KernelArguments& arguments) {
  const auto limits = kernel::limits_from_arguments(arguments.limits);
  const auto config = read_connection_file(arguments.connection_file);
  spdlog::info("gradebox-kernel {} starting; limits: {}", kVersion,
               kernel::describe_limits(limits));

  kernel::SessionSlot sessions(runtime_policy(limits, arguments));
  kernel::InterruptibleInput input;
  kernel::InterruptibleInput::install_cancel_signal();
  const auto interrupt = [&sessions, &input] {
    sessions.interrupt();  // first: the worker raises KeyboardInterrupt rather than EOFError
    input.cancel();
  };
  kernel::SignalForwarder signals(interrupt, [&sessions](int) {
    sessions.shutdown();
    std::_Exit(0);
  });
  kernel::set_interrupt_request_handler(interrupt);

  auto context = xeus::make_context<zmq::context_t>();
  auto interpreter = std::make_unique<kernel::SandboxedPythonInterpreter>(limits, sessions, input,
                                                                          context->m_context);
  xeus::xkernel kernel(config, xeus::get_user_name(), std::move(context), std::move(interpreter),
                       make_server, std::make_unique<kernel::SessionHistory>(sessions));
  kernel.start();  // returns only through std::exit after shutdown_request
  return 0;
}

fs::path own_executable() {
  std::error_code ec;
  auto path = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw std::runtime_error("cannot resolve /proc/self/exe: " + ec.message() +
                             "; pass --kernel-path");
  return path;
}

int run_install(const InstallArguments& arguments) {
  const auto limits = kernel::limits_from_arguments(arguments.limits);
  const auto& where = arguments.where;
  kernelspec::KernelspecRequest request;
  request.name = where.name;
  request.display_name = where.display_name;
  request.kernel_executable =
      where.kernel_path.empty() ? own_executable() : fs::path(where.kernel_path);
  request.extra_argv = kernel::limit_argv(arguments.limits);
  if (arguments.require_landlock) request.extra_argv.push_back("--require-landlock");
  for (auto& word : kernelspec::warm_zygote_argv(where)) request.extra_argv.push_back(word);
  request.limits_metadata = kernel::limits_metadata(limits);

  auto dir = kernelspec::install_kernelspec(
      request, kernelspec::kernels_directory(kernelspec::install_scope(where), where.prefix));
  std::cout << "Installed kernelspec " << request.name << " in " << dir.string() << "\n";
  return 0;
}

void configure_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("gradebox-kernel");
  logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
  spdlog::set_default_logger(logger);
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    throw std::invalid_argument("--log-level: unknown level '" + level +
                                "'; use trace, debug, info, warn, error or off");
  }
  spdlog::set_level(parsed);
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so that only the forwarder thread ever takes SIGINT/SIGTERM.
  kernel::SignalForwarder::block_forwarded_signals();

  CLI::App app{"gradebox-kernel: Jupyter kernel running Python in the gradebox sandbox"};
  app.set_version_flag("--version", std::string("gradebox-kernel ") + kVersion);
  KernelArguments kernel_arguments;
  app.add_option("-f,--connection-file", kernel_arguments.connection_file,
                 "Jupyter connection file (kernel.json passes {connection_file})");
  app.add_option("--worker", kernel_arguments.worker,
                 "gradebox-worker executable (default: next to gradebox-kernel, then $PATH)")
      ->envname("GRADEBOX_WORKER");
  app.add_option("--log-level", kernel_arguments.log_level,
                 "trace, debug, info, warn, error or off (default info)")
      ->envname("GRADEBOX_LOG_LEVEL");
  kernel::add_limit_options(app, kernel_arguments.limits, /*with_env=*/true);
  app.add_flag("--require-landlock", kernel_arguments.require_landlock, kRequireLandlockHelp)
      ->envname("GRADEBOX_REQUIRE_LANDLOCK");
  app.add_option("--warm-zygote", kernel_arguments.warm_zygote_idle_seconds,
                 "share one warm zygote among this user's kernels, ending after this many "
                 "seconds without a kernel; 0 (the default): each kernel starts its own")
      ->envname("GRADEBOX_WARM_ZYGOTE")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--preload", kernel_arguments.preload,
                 "modules the zygote imports before any session, comma-separated (default "
                 "none: IPython only, as ipykernel), e.g. numpy,pandas: each costs its memory "
                 "once, and saves its import time in every session")
      ->envname("GRADEBOX_PRELOAD")
      ->delimiter(',');

  InstallArguments install_arguments;
  auto* install =
      app.add_subcommand("install", "Write the gradebox kernelspec (kernel.json, logos)");
  kernelspec::add_install_options(
      *install, install_arguments.where,
      "gradebox-kernel path written into kernel.json (default: this executable)");
  kernel::add_limit_options(*install, install_arguments.limits, /*with_env=*/false);
  install->add_flag("--require-landlock", install_arguments.require_landlock, kRequireLandlockHelp);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help/--version print and succeed
  }

  try {
    if (*install) return run_install(install_arguments);
    configure_logging(kernel_arguments.log_level);
    if (kernel_arguments.connection_file.empty()) {
      std::cerr << "gradebox-kernel: -f CONNECTION_FILE is required (or use `install`)\n";
      return 2;
    }
    return run_kernel(kernel_arguments);
  } catch (const std::invalid_argument& e) {
    std::cerr << "gradebox-kernel: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "gradebox-kernel: " << e.what() << "\n";
    return 1;
  }
}
