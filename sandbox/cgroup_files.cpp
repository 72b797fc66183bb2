// cgroupfs file helpers shared by cgroup1 and cgroup2.
#include "sandbox/cgroup_files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "sandbox/setup_error.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

void throw_errno(const std::string& what, const std::string& path, int error, std::string hint) {
  throw SetupError(what + " " + path + ": " + std::strerror(error), std::move(hint));
}

namespace cgroup_files {

namespace {

int write_errno(const std::filesystem::path& file, const std::string& text) {
  // O_CREAT|O_TRUNC is what a shell's `echo > file` does: harmless on cgroupfs, and it lets unit
  // tests point the code at a plain directory.
  const UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) return errno;
  return ::write(fd.get(), text.data(), text.size()) < 0 ? errno : 0;
}

}  // namespace

void write(const std::filesystem::path& file, const std::string& text) {
  if (const int error = write_errno(file, text))
    throw_errno("cannot write '" + text + "' to", file.string(), error,
                "the cgroup must be writable by this user (delegated subtree or root)");
}

bool try_write(const std::filesystem::path& file, const std::string& text) {
  return write_errno(file, text) == 0;
}

std::optional<std::string> read(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::optional<std::uint64_t> read_number(const std::filesystem::path& file) {
  const auto text = read(file);
  if (!text) return std::nullopt;
  try {
    return std::stoull(*text);
  } catch (const std::exception&) {
    return std::nullopt;  // "max" or garbage
  }
}

std::optional<std::uint64_t> read_keyed(const std::filesystem::path& file, const std::string& key) {
  std::ifstream in(file);
  std::string name;
  std::uint64_t value = 0;
  while (in >> name >> value)
    if (name == key) return value;
  return std::nullopt;
}

std::vector<pid_t> read_pids(const std::filesystem::path& procs_file) {
  std::ifstream in(procs_file);
  std::vector<pid_t> pids;
  pid_t pid = 0;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

namespace {

// /proc/self/cgroup and /proc/self/mounts are read once per burst of lookups (a probe asks for
// five controllers, and reading /proc/self/mounts walks every mount), and read again a second
// later, so a long-lived process still sees a move to another cgroup or a new mount.
std::string recent_contents(const char* proc_file) {
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::string text;
    Clock::time_point read_at;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> entries;
  const std::lock_guard lock(mutex);
  Entry& entry = entries[proc_file];
  const auto now = Clock::now();
  if (entry.read_at == Clock::time_point() || now - entry.read_at > std::chrono::seconds(1)) {
    std::ifstream in(proc_file);
    entry.text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    entry.read_at = now;
  }
  return entry.text;
}

}  // namespace

std::optional<std::string> own_cgroup_path(const std::string& controller) {
  // Lines look like "4:memory:/a/b" (v1) or "0::/a/b" (v2).
  std::istringstream in(recent_contents("/proc/self/cgroup"));
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controller.empty() && controllers.empty() && line.substr(0, first) == "0") return path;
    if (controller.empty()) continue;
    std::stringstream list(controllers);
    std::string name;
    while (std::getline(list, name, ','))
      if (name == controller) return path;
  }
  return std::nullopt;
}

std::optional<std::filesystem::path> mount_point(const std::string& controller) {
  // /proc/self/mounts: "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0".
  std::istringstream in(recent_contents("/proc/self/mounts"));
  std::string device, dir, type, options, rest;
  while (in >> device >> dir >> type >> options) {
    std::getline(in, rest);
    if (controller.empty() && type == "cgroup2") return dir;
    if (controller.empty() || type != "cgroup") continue;
    std::stringstream list(options);
    std::string option;
    while (std::getline(list, option, ','))
      if (option == controller) return dir;
  }
  return std::nullopt;
}

bool remove_dir(const std::filesystem::path& dir, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (true) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return true;
    if (errno != EBUSY || std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string unique_group_name() {
  static std::atomic<unsigned> counter{0};
  return "gradebox-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void remove_stale_groups(const std::filesystem::path& parent) {
  std::error_code error;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& entry : std::filesystem::directory_iterator(parent, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("gradebox-", 0) != 0 || !entry.is_directory(error)) continue;
    const pid_t owner = static_cast<pid_t>(std::atoi(name.c_str() + 9));
    if (owner <= 0 || ::kill(owner, 0) == 0 || errno != ESRCH) continue;
    const auto modified = std::filesystem::last_write_time(entry.path(), error);
    if (error || now - modified < std::chrono::minutes(1)) continue;
    ::rmdir(entry.path().c_str());
  }
}

}  // namespace cgroup_files
}  // namespace gradebox::sandbox
