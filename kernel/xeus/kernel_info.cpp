// kernel_info_reply content (see kernel_info.hpp).
#include "kernel/xeus/kernel_info.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gradebox/version.hpp"

namespace gradebox::kernel {
namespace {

std::string string_field(const std::optional<nlohmann::json>& info, const char* key,
                         const std::string& fallback) {
  if (!info || !info->contains(key) || !(*info)[key].is_string()) return fallback;
  return (*info)[key].get<std::string>();
}

}  // namespace

nlohmann::json kernel_info_content(const sandbox::Limits& limits,
                                   const std::optional<nlohmann::json>& worker_info,
                                   const std::string& isolation_level) {
  // The worker reports sys.version ("3.11.2 (main, ...) [GCC ...]"); Jupyter wants "3.11.2".
  std::string python = string_field(worker_info, "python", GRADEBOX_BUILD_PYTHON_VERSION);
  python = python.substr(0, python.find(' '));
  const std::string ipython = string_field(worker_info, "ipython", "");
  const std::string level =
      !isolation_level.empty()
          ? isolation_level
          : string_field(worker_info, "isolation_level", "reported once the sandbox is up");
  std::vector<std::string> layers;
  if (worker_info && worker_info->contains("layers") && (*worker_info)["layers"].is_array())
    for (const auto& layer : (*worker_info)["layers"])
      if (layer.is_string()) layers.push_back(layer.get<std::string>());

  std::string banner = fmt::format("gradebox {} - Python {}{} in a sandbox\n", kVersion, python,
                                   ipython.empty() ? "" : " with IPython " + ipython);
  banner += fmt::format("Isolation level: {}\n", level);
  if (!layers.empty()) banner += fmt::format("Sandbox layers: {}\n", fmt::join(layers, ", "));
  banner += fmt::format("Limits: {}\n", describe_limits(limits));

  const std::string major = python.substr(0, python.find('.'));
  return {
      {"status", "ok"},
      {"implementation", "gradebox"},
      {"implementation_version", kVersion},
      {"banner", banner},
      {"debugger", false},
      {"language_info",
       {{"name", "python"},
        {"version", python},
        {"mimetype", "text/x-python"},
        {"file_extension", ".py"},
        {"pygments_lexer", "ipython" + major},
        {"codemirror_mode", {{"name", "ipython"}, {"version", std::stoi(major)}}},
        {"nbconvert_exporter", "python"}}},
      {"help_links",
       nlohmann::json::array({{{"text", "Python Reference"},
                               {"url", fmt::format("https://docs.python.org/{}/",
                                                   python.substr(0, python.rfind('.')))}}})},
  };
}

}  // namespace gradebox::kernel
