// /proc/<pid>/status and its fields (proc_status.hpp).
#include "sandbox/proc_status.hpp"

#include <fcntl.h>

#include <cstdlib>

#include "sandbox/directory_fd.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

std::optional<std::string> read_proc_status(const std::string& pid) {
  const UniqueFd fd(::open(("/proc/" + pid + "/status").c_str(), O_RDONLY | O_CLOEXEC));
  std::string text;
  if (!fd || !read_at_most(fd.get(), 64 * 1024, text).empty()) return std::nullopt;
  return text;
}

std::optional<std::string> proc_status_field(std::string_view status, std::string_view key) {
  for (std::size_t line = 0; line < status.size();) {
    const std::size_t end = std::min(status.find('\n', line), status.size());
    const std::string_view text = status.substr(line, end - line);
    if (text.size() > key.size() && text.substr(0, key.size()) == key && text[key.size()] == ':') {
      const std::size_t value = text.find_first_not_of(" \t", key.size() + 1);
      return std::string(value == std::string_view::npos ? "" : text.substr(value));
    }
    line = end + 1;
  }
  return std::nullopt;
}

int thread_count() {
  const auto status = read_proc_status("self");
  const auto threads = status ? proc_status_field(*status, "Threads") : std::nullopt;
  return threads ? std::atoi(threads->c_str()) : 0;
}

}  // namespace gradebox::sandbox
