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

struct ProcessLinks {
  pid_t parent = 0;
  pid_t session = 0;
};

// pid -> parent pid and session id of every live (non-zombie) process.
std::map<pid_t, ProcessLinks> process_links() {
  std::map<pid_t, ProcessLinks> parent_of;
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
    int ppid = 0, pgrp = 0, session = 0;
    // Zombies are already dead; they only wait for their reaper.
    if (std::sscanf(line.c_str() + close + 1, " %c %d %d %d", &state, &ppid, &pgrp, &session) ==
            4 &&
        state != 'Z')
      parent_of[pid] = {ppid, session};
  }
  ::closedir(proc);
  return parent_of;
}

}  // namespace

std::vector<pid_t> descendants(pid_t root) {
  const auto links = process_links();
  std::vector<pid_t> out;
  for (const auto& [pid, link] : links) {
    // The sandboxed root made its own session (setsid): an orphan that re-parented to a
    // subreaper after its parent exited is still in it.
    if (link.session == root && pid != root) {
      out.push_back(pid);
      continue;
    }
    for (pid_t up = link.parent; up > 1;) {
      if (up == root) {
        out.push_back(pid);
        break;
      }
      const auto it = links.find(up);
      if (it == links.end()) break;
      up = it->second.parent;
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
  // Freeze the tree top-down before killing anything: a killed parent's children re-parent away
  // (to init or a subreaper) and would no longer be found as descendants of root.
  if (include_root) ::kill(root, SIGSTOP);
  std::vector<pid_t> stopped;
  const auto deadline = std::chrono::steady_clock::now() + 1s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto pids = descendants(root);
    for (pid_t pid : pids) ::kill(pid, SIGSTOP);
    if (pids == stopped) break;  // two identical passes: nothing forked in between
    stopped = pids;
    std::this_thread::sleep_for(200us);
  }
  for (pid_t pid : stopped) ::kill(pid, SIGKILL);
  if (include_root) ::kill(root, SIGKILL);
}

}  // namespace gradebox::sandbox::process_tree
