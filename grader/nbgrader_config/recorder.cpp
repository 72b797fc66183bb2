// Runs nbgrader_config.py in the sandbox with a recording get_config() (see recorder.hpp).
#include "grader/nbgrader_config/recorder.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "sandbox/directory_fd.hpp"
#include "sandbox/launcher.hpp"

namespace gradebox::nbgrader_config {
namespace {

// argv[1] = file name (for tracebacks), argv[2] = the config's source. The config's own prints go
// to stderr, so stdout carries only the recorded JSON.
constexpr const char* kRecorderScript = R"PY(
import json, sys
name, source = sys.argv[1], sys.argv[2]
out, sys.stdout = sys.stdout, sys.stderr

class Lazy:
    def __init__(self): self.ops = []
    def append(self, v): self.ops.append(["extend", [v]])
    def add(self, v): self.ops.append(["extend", [v]])
    def extend(self, v): self.ops.append(["extend", list(v)])
    def prepend(self, v): self.ops.append(["prepend", list(v)])
    def insert(self, i, v): self.ops.append(["insert", [i, v]])
    def update(self, v): self.ops.append(["update", dict(v)])

class Section:
    def __init__(self): object.__setattr__(self, "_values", {})
    def __getattr__(self, key):
        if key.startswith("_"): raise AttributeError(key)
        if key not in self._values:
            self._values[key] = Section() if key[:1].isupper() else Lazy()
        return self._values[key]
    def __setattr__(self, key, value): self._values[key] = value
    __getitem__ = __getattr__
    __setitem__ = __setattr__
    def __contains__(self, key): return key in self._values

root = Section()
subconfigs = []
def get_config(): return root
def load_subconfig(fname, path=None): subconfigs.append(str(fname))

def plain(value, depth=0):
    if depth > 32: return {"__unsupported__": "nesting deeper than 32"}
    if isinstance(value, Lazy): return {"__lazy__": [[op, plain(arg, depth + 1)] for op, arg in value.ops]}
    if value is None or isinstance(value, (bool, int, str)): return value
    if isinstance(value, float): return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, (list, tuple, set, frozenset)): return [plain(v, depth + 1) for v in value]
    if isinstance(value, dict): return {str(k): plain(v, depth + 1) for k, v in value.items()}
    return {"__unsupported__": type(value).__name__}

exec(compile(source, name, "exec"), {"get_config": get_config, "load_subconfig": load_subconfig,
                                      "__file__": name, "__name__": "__main__"})
traits = {}
for section, values in root._values.items():
    if isinstance(values, Section):
        traits[section] = {k: plain(v) for k, v in values._values.items()}
    else:
        traits[section] = {"": {"__unsupported__": "a value outside any section"}}
out.write(json.dumps({"traits": traits, "subconfigs": subconfigs}))
out.flush()
)PY";

RecordError error(const std::filesystem::path& file, std::string what, std::string hint) {
  return {file.filename().string() + " " + std::move(what), std::move(hint)};
}

// The last lines of the config's stderr: the exception it raised, on one line.
std::string tail(const std::string& text, std::size_t lines) {
  std::vector<std::string> all;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (end > start) all.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::string joined;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
    joined += (joined.empty() ? "" : " | ") + all[i];
  return joined;
}

std::variant<std::string, RecordError> read_config_file(const std::filesystem::path& file,
                                                        std::uint64_t max_bytes) {
  const auto parent = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  const sandbox::UniqueFd dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  const auto opened = dir ? sandbox::open_regular_file(dir.get(), file.filename().string())
                          : sandbox::RegularFile{{}, {}, std::strerror(errno)};
  if (!opened.fd)
    return error(file, "cannot read: " + opened.problem,
                 "make it a regular file readable by gradebox");
  const auto size = static_cast<std::uint64_t>(opened.info.st_size);
  if (size > max_bytes)
    return error(file,
                 fmt::format("{} bytes, above the {} bytes gradebox evaluates", size, max_bytes),
                 "keep only configuration in nbgrader_config.py");
  std::string text;
  if (const auto why = sandbox::read_at_most(opened.fd.get(), max_bytes, text); !why.empty())
    return error(file, "cannot read: " + why, "make it a regular file readable by gradebox");
  return text;
}

}  // namespace

std::variant<RecordedConfig, RecordError> parse_recorded(const std::string& output,
                                                         const std::filesystem::path& file) {
  const auto bad = [&](std::string why) {
    return error(
        file, "the recorded configuration is malformed: " + why,
        "make nbgrader_config.py assign c.Section.trait = value and print nothing to fd 1");
  };
  nlohmann::json doc = nlohmann::json::parse(output, nullptr, false);
  if (doc.is_discarded()) return bad("not JSON");
  if (!doc.is_object() || !doc.contains("traits") || !doc["traits"].is_object())
    return bad("no \"traits\" object");
  RecordedConfig recorded;
  for (const auto& [section, values] : doc["traits"].items())
    if (!values.is_object()) return bad("section " + section + " is not an object");
  recorded.traits = std::move(doc["traits"]);
  if (doc.contains("subconfigs")) {
    if (!doc["subconfigs"].is_array()) return bad("\"subconfigs\" is not a list");
    for (const auto& name : doc["subconfigs"]) {
      if (!name.is_string()) return bad("a subconfig name is not a string");
      recorded.subconfigs.push_back(name.get<std::string>());
    }
  }
  return recorded;
}

std::variant<RecordedConfig, RecordError> record_nbgrader_source(const std::string& source,
                                                                 const std::filesystem::path& file,
                                                                 const RecorderLimits& limits) {
  if (source.size() > limits.max_source_bytes || source.find('\0') != std::string::npos)
    return error(file, "too large or holds NUL bytes", "keep only configuration in it");
  sandbox::Policy policy;
  policy.limits = limits.run;
  policy.environment = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "PYTHONDONTWRITEBYTECODE=1"};
  sandbox::ProbeOptions probe_options;
  probe_options.detect_namespaces = false;
  sandbox::Verdict verdict;
  try {
    verdict = sandbox::launch(
        policy, {"/usr/bin/python3", "-I", "-c", kRecorderScript, file.filename().string(), source},
        sandbox::probe_host(probe_options));
  } catch (const std::exception& e) {
    return error(file, std::string("cannot start the sandbox to evaluate it: ") + e.what(),
                 "run `gradebox doctor` to see what the host allows");
  }
  using sandbox::VerdictKind;
  switch (verdict.kind) {
    case VerdictKind::ok:
      return parse_recorded(verdict.stdout_capture.captured, file);
    case VerdictKind::timeout:
      return error(file,
                   fmt::format("did not finish within {} ms (an endless loop?)",
                               limits.run.wall_time ? limits.run.wall_time->count() : 0),
                   "nbgrader_config.py should only assign configuration values");
    case VerdictKind::output_limit:
      return error(file, fmt::format("printed more than {} bytes", limits.run.output_bytes),
                   "remove the prints from nbgrader_config.py");
    case VerdictKind::error:
      return error(file, "raised an error: " + tail(verdict.stderr_capture.captured, 3),
                   "run it with `python3 nbgrader_config.py` under nbgrader to see the error");
    default:
      return error(file,
                   std::string("was stopped: ") + std::string(sandbox::to_string(verdict.kind)) +
                       " (" + verdict.detail + ")",
                   "nbgrader_config.py should only assign configuration values");
  }
}

std::variant<RecordedConfig, RecordError> record_nbgrader_config(const std::filesystem::path& file,
                                                                 const RecorderLimits& limits) {
  auto text = read_config_file(file, limits.max_source_bytes);
  if (auto* failed = std::get_if<RecordError>(&text)) return *failed;
  return record_nbgrader_source(std::get<std::string>(text), file, limits);
}

}  // namespace gradebox::nbgrader_config
