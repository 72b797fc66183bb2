// The computed read list (system_paths.hpp).
#include "sandbox/system_paths.hpp"

#include <string_view>

namespace gradebox::sandbox {

namespace fs = std::filesystem;

namespace {

// "python3" and "python3.N" entries of `dir` (versions installed on this host).
std::vector<fs::path> python_entries(const fs::path& dir) {
  std::vector<fs::path> found;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name == "python3" || std::string_view(name).rfind("python3.", 0) == 0)
      found.push_back(it->path());
  }
  return found;
}

std::vector<fs::path> compute() {
  std::vector<fs::path> paths = {"/usr/bin",      "/usr/sbin",        "/bin",
                                 "/sbin",         "/usr/lib",         "/usr/lib32",
                                 "/usr/lib64",    "/usr/libx32",      "/lib",
                                 "/lib32",        "/lib64",           "/libx32",
                                 "/usr/share",    "/etc/ld.so.cache", "/etc/localtime",
                                 "/etc/timezone", "/etc/mime.types",  "/etc/matplotlibrc",
                                 "/etc/fonts",    "/dev/null",        "/dev/zero",
                                 "/dev/urandom",  "/dev/random",      "/sys/devices/system/cpu"};
  for (const auto& version : python_entries("/usr/local/lib"))
    paths.push_back(version / "dist-packages");
  for (const auto& config : python_entries("/etc")) paths.push_back(config);
  return paths;
}

}  // namespace

const std::vector<fs::path>& system_readable_paths() {
  static const std::vector<fs::path> paths = compute();
  return paths;
}

}  // namespace gradebox::sandbox
