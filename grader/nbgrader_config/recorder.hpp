// Evaluating a course's nbgrader_config.py as nbgrader would (it is Python), but inside the
// sandbox: the trusted side reads the file into memory (regular file, no symlink, size-capped),
// hands its text to /usr/bin/python3 under sandbox::launch (no writable directory, no network,
// wall/CPU/memory/output caps), where a recording get_config() (a small stand-in for traitlets'
// Config: `c.Section.trait = value`, `c['Section']['trait']`, and lazy `append`/`extend`/
// `prepend`/`insert`/`update`/`add` on unset traits) captures every assignment. The recorder
// prints the recorded traits as one JSON document, parsed here as untrusted data.
//
// Recorded document (schema checked by record_nbgrader_config):
//   {"traits": {"<Section>": {"<trait>": <value>}}, "subconfigs": ["<name>", ...]}
// where a value is plain JSON, {"__lazy__": [[op, arg], ...]} for lazy list/dict edits, or
// {"__unsupported__": "<python type>"} for values JSON cannot carry. load_subconfig() is recorded
// (its name) and not followed: gradebox reads only the course's own nbgrader_config.py.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "sandbox/limits.hpp"

namespace gradebox::nbgrader_config {

struct RecordedConfig {
  nlohmann::json traits;  // object: section -> object: trait -> value
  std::vector<std::string> subconfigs;
};

// Why a config could not be recorded, ready to print ("nbgrader_config.py did not finish ...");
// the caller's problem names the file's path.
struct RecordError {
  std::string message;
  std::string hint;
};

// The sandboxed run that evaluates nbgrader_config.py, and the largest source it is given.
struct RecorderLimits {
  sandbox::Limits run = config_run_limits();
  std::uint64_t max_source_bytes = 100 * 1024;  // passed in argv (one argument <= 128 KiB)

  // 10 s of wall and CPU time, 256 MiB, 8 processes, 1 MiB of output: configuration only.
  static sandbox::Limits config_run_limits() {
    sandbox::Limits limits;
    limits.wall_time = limits.cpu_time = std::chrono::seconds(10);
    limits.memory_bytes = std::uint64_t{256} << 20;
    limits.pids = 8;
    limits.output_bytes = std::uint64_t{1} << 20;
    return limits;
  }
};

// Reads `file` (the caller knows it exists) and records it. Never throws for the file's content.
std::variant<RecordedConfig, RecordError> record_nbgrader_config(const std::filesystem::path& file,
                                                                 const RecorderLimits& limits = {});

// The same over a source text already in memory (`file` names it in messages).
std::variant<RecordedConfig, RecordError> record_nbgrader_source(const std::string& source,
                                                                 const std::filesystem::path& file,
                                                                 const RecorderLimits& limits = {});

// Checks the recorder's stdout against the schema above.
std::variant<RecordedConfig, RecordError> parse_recorded(const std::string& output,
                                                         const std::filesystem::path& file);

}  // namespace gradebox::nbgrader_config
