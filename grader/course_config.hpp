// The optional course configuration file, `<course>/gradebox.toml` (toml++).
//
// Keys (all optional; an unknown key is a warning naming it and its line, a wrong type an error):
//
// | key                              | type    | default                          | used by  |
// |----------------------------------|---------|----------------------------------|----------|
// | release.header                   | string  | none (path from the course root) | release  |
// | release.footer                   | string  | none (path from the course root) | release  |
// | stubs.text                       | string  | "YOUR ANSWER HERE"               | release  |
// | stubs.code.<language>            | string  | nbgrader's stubs (python, R, ...) | release |
// | limits.max_notebook_bytes        | integer | 33554432 (32 MiB)                | all      |
// | limits.memory_mib                | integer | 1024                             | autograde, validate |
// | limits.cpu_seconds               | integer | none                             | autograde, validate |
// | limits.pids                      | integer | 256                              | autograde, validate |
// | limits.output_lines              | integer | 1000                             | autograde, validate |
// | limits.traceback_lines           | integer | 100                              | autograde, validate |
// | autograde.cell_timeout_seconds   | number  | 30                               | autograde, validate |
// | autograde.jobs                   | integer | the core count                   | autograde |
// | isolation.level                  | string  | the host's best                  | autograde |
// | isolation.require_level          | string  | none                             | autograde |
// | runtime.zygote_socket            | string  | none (path from the course root) | autograde, runtime-serve |
// | runtime.preload                  | strings | ["numpy", "pandas"] if installed | autograde, validate |
//
// Each command reads its keys from CourseConfig::table; kKnownKeys lists them all.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <toml++/toml.h>

#include "grader/notebook/notebook.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox {

struct CourseConfig {
  std::filesystem::path root;
  std::optional<std::filesystem::path> header;  // absolute (resolved against root)
  std::optional<std::filesystem::path> footer;
  std::map<std::string, std::string> code_stubs;  // kernelspec language -> stub
  std::string text_stub = "YOUR ANSWER HERE";
  notebook::LoadLimits limits;
  toml::table table;  // the whole file, for keys other areas own
};

struct LoadedCourseConfig {
  CourseConfig config;
  notebook::Problems problems;  // warnings (unknown keys) and errors (bad types, bad TOML)
};

// Defaults when `<root>/gradebox.toml` is absent.
CourseConfig default_course_config(const std::filesystem::path& root);
LoadedCourseConfig load_course_config(const std::filesystem::path& root);

}  // namespace gradebox
