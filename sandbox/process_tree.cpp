// /proc scan for descendants; SIGKILL in passes until the tree is empty.
#include "sandbox/process_tree.hpp"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace gradebox::sandbox::process_tree {

namespace {

// pid -> parent pid of every live (non-zombie) process.
std::map<pid_t, pid_t> parent_links() {
  std::map<pid_t, pid_t> parent_of;
  DIR* proc = ::opendir("/proc");
  if (!proc) return parent_of;
  while (const dirent* entry = ::readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so find the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    // Zombies are already dead; they only wait for their reaper.
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && state != 'Z')
      parent_of[pid] = ppid;
  }
  ::closedir(proc);
  return parent_of;
}

}  // namespace

std::vector<pid_t> descendants(pid_t root) {
  const auto parent_of = parent_links();
  std::vector<pid_t> out;
  for (const auto& [pid, ppid] : parent_of) {
    for (pid_t up = ppid; up > 1;) {
      if (up == root) {
        out.push_back(pid);
        break;
      }
      const auto it = parent_of.find(up);
      if (it == parent_of.end()) break;
      up = it->second;
    }
  }
  return out;
}

std::uint64_t resident_bytes(pid_t root) {
  static const std::uint64_t page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  std::uint64_t total = 0;
  auto pids = descendants(root);
  pids.push_back(root);
  for (pid_t pid : pids) {
    std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
    std::uint64_t size = 0, resident = 0;
    if (statm >> size >> resident) total += resident * page;
  }
  return total;
}

void kill_all(pid_t root, bool include_root) {
  using namespace std::chrono_literals;
  if (include_root) ::kill(root, SIGKILL);
  const auto deadline = std::chrono::steady_clock::now() + 1s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto pids = descendants(root);
    if (pids.empty()) return;
    // Stop first so a fork bomb cannot outrun the kills, then kill.
    for (pid_t pid : pids) ::kill(pid, SIGSTOP);
    for (pid_t pid : pids) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(1ms);
  }
}

}  // namespace gradebox::sandbox::process_tree
