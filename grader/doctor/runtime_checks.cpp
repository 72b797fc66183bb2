// Starts the grading runtime the way autograde does and reads what its zygote reported.
#include "grader/doctor/runtime_checks.hpp"

#include <algorithm>

#include "grader/autograde/grading_runtime.hpp"
#include "grader/doctor/python_stack_check.hpp"

namespace gradebox::doctor {
namespace {

const char* kWorkerFix =
    "install gradebox-worker next to gradebox (or set GRADEBOX_WORKER) and Debian's python3 "
    "(libpython3.11); `gradebox-run --probe` shows what the host allows";

CheckRow session_row(runtime::Runtime& runtime) {
  CheckRow row{"sandboxed session", CheckStatus::pass, "", ""};
  try {
    auto session = runtime.open_session({});
    runtime::ExecuteRequest request;
    request.code = "import sys\nprint(sys.version_info[0] + 1)";
    std::string out;
    const auto verdict = session->execute(request, [&](const runtime::Event& event) {
      if (const auto* stream = std::get_if<runtime::StreamEvent>(&event)) out += stream->text;
    });
    session->close();
    if (verdict.verdict != runtime::VerdictKind::ok || out != "4\n") {
      row.status = CheckStatus::fail;
      row.detail = "a test cell gave " + std::string(runtime::to_string(verdict.verdict)) +
                   (verdict.reason.empty() ? "" : " (" + verdict.reason + ")") + ", output '" +
                   out + "'";
      row.fix = kWorkerFix;
      return row;
    }
    row.detail = "a cell ran at isolation level " + verdict.isolation_level;
  } catch (const std::exception& e) {
    row.status = CheckStatus::fail;
    row.detail = e.what();
    row.fix = kWorkerFix;
  }
  return row;
}

}  // namespace

CheckRows check_python_runtime(const autograde::GradingLimits& limits) {
  std::shared_ptr<runtime::Runtime> runtime;
  try {
    runtime = autograde::start_grading_runtime(limits);
  } catch (const std::exception& e) {
    CheckRows rows = {{"python embedding", CheckStatus::fail, e.what(), kWorkerFix},
                      {"ipython", CheckStatus::skip, "the worker did not start", ""},
                      {"sandboxed session", CheckStatus::skip, "the worker did not start", ""}};
    for (const auto& name : python_stack_modules())
      rows.push_back({name, CheckStatus::skip, "the worker did not start", ""});
    return rows;
  }
  const nlohmann::json info = runtime->worker_info();
  CheckRows rows;
  std::string python = info.value("python", "");
  python = python.substr(0, python.find(' '));
  rows.push_back({"python embedding", CheckStatus::pass, "worker runs Python " + python, ""});
  if (info.contains("ipython") && info["ipython"].is_string())
    rows.push_back({"ipython", CheckStatus::pass,
                    "IPython " + info["ipython"].get<std::string>() + " imported in the worker",
                    ""});
  else
    rows.push_back({"ipython", CheckStatus::fail, "IPython is not importable in the worker",
                    "apt-get install python3-ipython (scripts/install-deps.sh)"});
  rows.push_back(session_row(*runtime));
  // The default list is numpy and pandas or a part of it (autograde/course_preload.hpp); a
  // module outside them was named in gradebox.toml.
  const auto defaults = runtime::RuntimePolicy{}.preload_modules;
  const bool configured = std::any_of(
      limits.preload_modules.begin(), limits.preload_modules.end(), [&](const std::string& name) {
        return std::find(defaults.begin(), defaults.end(), name) == defaults.end();
      });
  for (auto& row : check_python_stack(*runtime, limits.preload_modules, configured))
    rows.push_back(std::move(row));
  return rows;
}

}  // namespace gradebox::doctor
