// gradebox-run: run any command in the sandbox and report its verdict.
// Exit status: 0 ran and exited 0; 1 any other verdict; 2 usage error; 3 sandbox set-up failure.
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "sandbox/landlock.hpp"
#include "sandbox/launcher.hpp"
#include "sandbox/network_namespace_file.hpp"
#include "sandbox/policy.hpp"
#include "sandbox/probe.hpp"
#include "sandbox/scratch_dir.hpp"
#include "sandbox/setup_error.hpp"
#include "sandbox/verdict.hpp"

namespace {

namespace fs = std::filesystem;
namespace sb = gradebox::sandbox;

constexpr int kExitUsage = 2;
constexpr int kExitSetup = 3;

// A scratch directory for runs without --rw, removed with everything in it afterwards.
sb::ScratchDir make_scratch() {
  try {
    return sb::ScratchDir::create("run");
  } catch (const std::system_error& error) {
    throw sb::SetupError(error.what(), "set TMPDIR to a writable directory or pass --rw DIR");
  }
}

// When root drops to another uid, that uid must own the writable directory; the original owner
// is restored afterwards (files the run created stay owned by the run's uid).
class WritableDirOwner {
 public:
  WritableDirOwner(const fs::path& dir, uid_t uid, gid_t gid) : dir_(dir) {
    struct stat st {};
    if (::geteuid() != 0 || ::stat(dir.c_str(), &st) != 0) return;
    if (::chown(dir.c_str(), uid, gid) != 0)
      throw sb::SetupError("cannot hand " + dir.string() + " to uid " + std::to_string(uid),
                           "the --rw directory must be on a filesystem that allows chown");
    original_ = st;
  }
  WritableDirOwner(const WritableDirOwner&) = delete;
  ~WritableDirOwner() {
    if (original_) [[maybe_unused]]
      int rc = ::chown(dir_.c_str(), original_->st_uid, original_->st_gid);
  }

 private:
  fs::path dir_;
  std::optional<struct stat> original_;
};

template <typename Parse>
auto unit_check(Parse parse) {
  return [parse](const std::string& text) -> std::string {
    try {
      parse(text);
      return {};
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
  };
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Run a command in the gradebox sandbox and report its verdict.\n"
      "Exit status: 0 ran and exited 0; 1 any other verdict; 2 usage error; "
      "3 sandbox set-up failure."};
  sb::Policy policy;
  std::string wall = "10s", cpu = "10s", mem = "512M", fsize = "64M", output = "1M";
  std::string level, require_level, rw, netns;
  std::vector<std::string> ro, env, command;
  unsigned pids = policy.limits.pids, nofile = policy.limits.open_files;
  bool json = false, probe = false, private_netns = false;
  app.add_option("--wall", wall, "wall-clock limit (e.g. 1.5s, 300ms)")
      ->capture_default_str()
      ->check(unit_check(sb::parse_duration));
  app.add_option("--cpu", cpu, "CPU time limit of the whole tree")
      ->capture_default_str()
      ->check(unit_check(sb::parse_duration));
  app.add_option("--mem", mem, "memory limit (e.g. 512M, 2G)")
      ->capture_default_str()
      ->check(unit_check(sb::parse_size));
  app.add_option("--pids", pids, "maximum number of processes and threads")->capture_default_str();
  app.add_option("--fsize", fsize, "largest file the command may write")
      ->capture_default_str()
      ->check(unit_check(sb::parse_size));
  app.add_option("--nofile", nofile, "maximum open file descriptors")->capture_default_str();
  app.add_option("--output", output,
                 "bytes of stdout and of stderr captured; more is an output_limit")
      ->capture_default_str()
      ->check(unit_check(sb::parse_size));
  app.add_option(
      "--rw", rw,
      "the only writable directory, also the cwd (default: a fresh temp dir, removed afterwards)");
  // One value per occurrence, so `--ro DIR CMD` does not swallow CMD.
  app.add_option("--ro", ro,
                 "extra readable path (repeatable); the system dirs are always readable")
      ->allow_extra_args(false);
  app.add_option("--env", env,
                 "environment entry K=V (repeatable); nothing is inherited, the base is PATH, "
                 "LANG, LC_ALL, HOME and TMPDIR (= the --rw dir), PYTHONUNBUFFERED, "
                 "PYTHONDONTWRITEBYTECODE, OPENBLAS_NUM_THREADS=1, MPLBACKEND=Agg")
      ->allow_extra_args(false);
  app.add_flag("--net", policy.network, "allow network access (off by default)");
  app.add_option("--netns", netns,
                 "join this empty network namespace (e.g. /run/netns/NAME from `ip netns add`) "
                 "instead of the kept one; used when root and Landlock ABI >= 6");
  app.add_flag("--private-netns", private_netns,
               "create a network namespace for this run instead of joining the one kept at " +
                   std::string(sb::NetworkNamespaceFile::kDefaultPath) +
                   " (made by the first run as root; used when root and Landlock ABI >= 6)")
      ->excludes("--netns");
  app.add_option("--level", level, "use at most this isolation level")
      ->check(CLI::IsMember({"cgroup2", "cgroup1", "rlimit"}));
  app.add_option("--require-level", require_level, "refuse to run below this level")
      ->check(CLI::IsMember({"cgroup2", "cgroup1", "rlimit"}));
  app.add_flag("--json", json,
               "print the full verdict (schema gradebox.verdict v1) or probe on stdout");
  app.add_flag("--probe", probe, "print what this host allows and exit");
  app.add_option("command", command, "the command and its arguments (after --)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }

  try {
    if (probe) {
      const auto host = sb::probe_host();
      if (json)
        std::cout << sb::to_json(host).dump(2) << "\n";
      else
        std::cout << sb::to_text(host);
      return 0;
    }
    if (command.empty()) {
      std::cerr << "gradebox-run: no command given\nRun with --help for more information.\n";
      return kExitUsage;
    }
    policy.limits.wall_time = sb::parse_duration(wall);
    policy.limits.cpu_time = sb::parse_duration(cpu);
    policy.limits.memory_bytes = sb::parse_size(mem);
    policy.limits.file_size_bytes = sb::parse_size(fsize);
    policy.limits.output_bytes = sb::parse_size(output);
    policy.limits.pids = pids;
    policy.limits.open_files = nofile;
    if (!level.empty()) policy.max_level = sb::parse_isolation_level(level);
    if (!require_level.empty()) policy.required_level = sb::parse_isolation_level(require_level);
    for (const auto& path : ro) policy.readable_paths.push_back(fs::absolute(path));

    std::optional<sb::ScratchDir> scratch;
    if (rw.empty()) scratch.emplace(make_scratch());
    policy.writable_dir = rw.empty() ? scratch->path() : fs::absolute(rw);
    if (!fs::is_directory(policy.writable_dir)) {
      std::cerr << "gradebox-run: --rw " << rw << ": not a directory\n";
      return kExitUsage;
    }
    policy.environment = sb::default_environment(policy);
    for (const auto& entry : env) {
      if (entry.find('=') == std::string::npos || entry.front() == '=') {
        std::cerr << "gradebox-run: --env " << entry << ": expected KEY=VALUE\n";
        return kExitUsage;
      }
      policy.environment.push_back(entry);
    }
    WritableDirOwner owner(policy.writable_dir, policy.drop_uid, policy.drop_gid);
    const bool rlimit_only = policy.max_level == sb::IsolationLevel::rlimit;
    sb::ProbeOptions probe_options;
    probe_options.detect_namespaces = false;
    probe_options.detect_cgroups = !rlimit_only;
    probe_options.thorough_cgroups = false;  // Confinement::prepare reports a cgroup it cannot make
    probe_options.confirm_with_session = false;  // the run's verdict says what it got
    const auto host = sb::probe_host(probe_options);

    // The network namespace to join (see network_namespace_file.hpp for why runs may share one).
    std::optional<sb::NetworkNamespaceFile> shared_netns;
    if (!netns.empty() && !policy.network) {
      try {
        shared_netns.emplace(sb::NetworkNamespaceFile::open(netns));
      } catch (const std::invalid_argument& e) {
        std::cerr << "gradebox-run: --netns " << e.what() << "\n";
        return kExitUsage;
      }
    } else if (!private_netns && !policy.network &&
               sb::landlock::scopes_sockets_and_signals(host.landlock_abi)) {
      shared_netns =
          sb::NetworkNamespaceFile::open_or_create(sb::NetworkNamespaceFile::kDefaultPath);
    }
    const sb::Verdict verdict =
        sb::launch(policy, command, host, shared_netns ? shared_netns->fd() : -1);
    if (json) {
      std::cout << sb::to_json(verdict, policy).dump(2) << "\n";
    } else {
      std::cout << verdict.stdout_capture.captured << std::flush;
      std::cerr << verdict.stderr_capture.captured;
    }
    std::cerr << sb::summary_line(verdict) << "\n";
    if (verdict.kind == sb::VerdictKind::internal_error) return kExitSetup;
    return verdict.kind == sb::VerdictKind::ok ? 0 : 1;
  } catch (const sb::SetupError& e) {
    std::cerr << "gradebox-run: sandbox set-up failed: " << e.what() << "\n";
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << "\n";
    return kExitSetup;
  } catch (const std::exception& e) {
    std::cerr << "gradebox-run: sandbox set-up failed: " << e.what() << "\n";
    return kExitSetup;
  }
}
