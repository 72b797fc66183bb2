// Finds the gradebox-python kernelspec the way Jupyter would and compares its argv[0].
#include "grader/doctor/kernelspec_check.hpp"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace gradebox::doctor {
namespace fs = std::filesystem;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

}  // namespace

std::vector<fs::path> jupyter_data_path() {
  std::vector<fs::path> dirs;
  std::stringstream entries(env("JUPYTER_PATH"));
  for (std::string entry; std::getline(entries, entry, ':');)
    if (!entry.empty()) dirs.emplace_back(entry);
  if (!env("JUPYTER_DATA_DIR").empty())
    dirs.emplace_back(env("JUPYTER_DATA_DIR"));
  else if (!env("XDG_DATA_HOME").empty())
    dirs.push_back(fs::path(env("XDG_DATA_HOME")) / "jupyter");
  else if (!env("HOME").empty())
    dirs.push_back(fs::path(env("HOME")) / ".local" / "share" / "jupyter");
  dirs.emplace_back("/usr/local/share/jupyter");
  dirs.emplace_back("/usr/share/jupyter");
  return dirs;
}

fs::path this_gradebox_kernel() {
  std::error_code ec;
  const auto self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(self.parent_path() / "gradebox-kernel"))
    return self.parent_path() / "gradebox-kernel";
  return GRADEBOX_BUILD_KERNEL_PATH;
}

CheckRow check_kernelspec(const fs::path& kernel) {
  CheckRow row{"kernelspec", CheckStatus::pass, "", ""};
  const std::string install = kernel.string() + " install --user  (or --prefix DIR, or as root)";
  for (const auto& dir : jupyter_data_path()) {
    const fs::path spec = dir / "kernels" / kKernelName / "kernel.json";
    if (!fs::exists(spec)) continue;
    try {
      std::ifstream in(spec);
      const auto json = nlohmann::json::parse(in);
      const std::string argv0 = json.at("argv").at(0).get<std::string>();
      if (!fs::exists(kernel)) {
        row.status = CheckStatus::fail;
        row.detail = spec.string() + " starts " + argv0 + ", but there is no gradebox-kernel at " +
                     kernel.string();
        row.fix = "install gradebox-kernel next to gradebox, then " + install;
      } else if (!same_file(argv0, kernel)) {
        row.status = CheckStatus::fail;
        row.detail = spec.string() + " starts " + argv0 + ", not " + kernel.string();
        row.fix = "reinstall it: " + kernel.string() +
                  " install with the same scope (it replaces " + spec.parent_path().string() + ")";
      } else {
        row.detail = spec.string() + " starts this gradebox-kernel";
      }
    } catch (const std::exception& e) {
      row.status = CheckStatus::fail;
      row.detail = spec.string() + " is not a valid kernelspec: " + e.what();
      row.fix = "reinstall it: " + install;
    }
    return row;
  }
  row.status = CheckStatus::warn;
  row.detail = std::string(kKernelName) +
               " is not installed on Jupyter's path (autograde does not "
               "need it; notebook users do)";
  if (!fs::exists(kernel)) row.detail += "; no gradebox-kernel at " + kernel.string() + " either";
  row.fix = install;
  return row;
}

}  // namespace gradebox::doctor
