// Whether a process is still running, for tests that kill trees: a zombie counts as gone, and a
// process just sent SIGKILL gets up to a second to die (delivery is asynchronous).
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace gradebox::testing {

inline bool process_alive(pid_t pid) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    if (line.substr(line.rfind(')') + 2, 1) == "Z") return false;
    ::usleep(5000);
  }
  return true;
}

}  // namespace gradebox::testing
