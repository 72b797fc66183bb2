// What the AUTOTEST step needs from a kernel: run instructor code, get back the text/plain of the
// last result or display it produced (nbgrader's InstantiateTests output hook). The release
// command implements it over the sandboxed runtime: instructor code never runs in gradebox itself.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace gradebox::pipeline {

struct KernelRun {
  bool ok = true;                         // false: the code raised (or the session died)
  std::optional<std::string> text_plain;  // last execute_result / display_data text/plain
  std::string error;                      // "NameError: name 'x' is not defined", or why it died
};

class AutotestKernel {
 public:
  virtual ~AutotestKernel() = default;
  virtual KernelRun run(const std::string& code) = 0;
};

// Opens a kernel whose working directory holds a copy of the notebook's source folder. Throws
// std::runtime_error when no kernel can be started (the message says why).
using AutotestKernelFactory =
    std::function<std::unique_ptr<AutotestKernel>(const std::filesystem::path& notebook_dir)>;

}  // namespace gradebox::pipeline
