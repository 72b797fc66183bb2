// Kernelspec paths and writing (see kernelspec.hpp).
#include "kernel/kernelspec/kernelspec.hpp"

#include "kernel/kernelspec/kernelspec_logos.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace gradebox::kernelspec {
namespace {

namespace fs = std::filesystem;

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

fs::path user_data_directory() {
  if (auto dir = env_or_empty("JUPYTER_DATA_DIR"); !dir.empty()) return dir;
  if (auto dir = env_or_empty("XDG_DATA_HOME"); !dir.empty()) return fs::path(dir) / "jupyter";
  auto home = env_or_empty("HOME");
  if (home.empty()) {
    throw std::runtime_error(
        "--user: HOME is not set; set JUPYTER_DATA_DIR or use --prefix DIR instead");
  }
  return fs::path(home) / ".local" / "share" / "jupyter";
}

fs::path sys_prefix() {
  if (auto dir = env_or_empty("CONDA_PREFIX"); !dir.empty()) return dir;
  if (auto dir = env_or_empty("VIRTUAL_ENV"); !dir.empty()) return dir;
  return "/usr";
}

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::error_code ec(errno, std::generic_category());
    throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), ec.message()));
  }
}

}  // namespace

fs::path kernels_directory(InstallScope scope, const fs::path& prefix) {
  switch (scope) {
    case InstallScope::system:
      return "/usr/local/share/jupyter/kernels";
    case InstallScope::user:
      return user_data_directory() / "kernels";
    case InstallScope::prefix:
      return prefix / "share" / "jupyter" / "kernels";
    case InstallScope::sys_prefix:
      return sys_prefix() / "share" / "jupyter" / "kernels";
  }
  throw std::logic_error("unknown install scope");
}

void check_kernel_name(const std::string& name) {
  bool valid = !name.empty();
  for (char c : name) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == '-';
    valid = valid && allowed;
  }
  if (!valid) {
    throw std::invalid_argument(fmt::format(
        "kernel name '{}' is invalid: use letters, digits, '.', '_' and '-' only", name));
  }
}

nlohmann::ordered_json kernel_json(const KernelspecRequest& request) {
  std::vector<std::string> argv = {request.kernel_executable.string(), "-f", "{connection_file}"};
  argv.insert(argv.end(), request.extra_argv.begin(), request.extra_argv.end());
  nlohmann::ordered_json spec;
  spec["argv"] = argv;
  spec["display_name"] = request.display_name;
  spec["language"] = "python";
  // SIGINT reaches the kernel even while it is blocked forwarding a cell; see interrupt_watcher.
  spec["interrupt_mode"] = "signal";
  spec["env"] = nlohmann::ordered_json::object();
  spec["metadata"] = {{"gradebox", {{"limits", request.limits_metadata}}}};
  return spec;
}

fs::path install_kernelspec(const KernelspecRequest& request, const fs::path& kernels_dir) {
  check_kernel_name(request.name);
  fs::path dir = kernels_dir / request.name;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error(fmt::format("cannot create {}: {} (need root for the system "
                                         "location? try --user or --prefix DIR)",
                                         dir.string(), ec.message()));
  }
  write_file(dir / "kernel.json", kernel_json(request).dump(2) + "\n");
  for (const auto& logo : kernelspec_logos()) {
    write_file(dir / logo.name,
               std::string_view(reinterpret_cast<const char*>(logo.bytes.data()),
                                logo.bytes.size()));
  }
  return dir;
}

}  // namespace gradebox::kernelspec
