// Owns running AUTOTEST code in a runtime session (see autotest_runtime_kernel.hpp).
#include "grader/autograde/autotest_runtime_kernel.hpp"

#include <cstdlib>
#include <stdexcept>

#include "grader/pipeline/release.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;
namespace {

// A private copy of the notebook's folder, the session's cwd; removed with the kernel.
class ScratchCopy {
 public:
  explicit ScratchCopy(const fs::path& source) {
    std::string pattern = (fs::temp_directory_path() / "gradebox-autotest-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("cannot create a scratch folder in " + pattern);
    path_ = pattern;
    for (auto it = fs::recursive_directory_iterator(source);
         it != fs::recursive_directory_iterator(); ++it) {
      if (pipeline::is_ignored_name(it->path().filename().string())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      const auto status = it->symlink_status();
      const fs::path target = path_ / fs::relative(it->path(), source);
      if (fs::is_directory(status))
        fs::create_directories(target);
      else if (fs::is_regular_file(status))
        fs::copy_file(it->path(), target);
    }
  }
  ~ScratchCopy() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchCopy(const ScratchCopy&) = delete;
  ScratchCopy& operator=(const ScratchCopy&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

class RuntimeAutotestKernel : public pipeline::AutotestKernel {
 public:
  RuntimeAutotestKernel(runtime::Runtime& runtime, const fs::path& notebook_dir)
      : scratch_(notebook_dir) {
    runtime::SessionOptions options;
    options.working_directory = scratch_.path();
    session_ = runtime.open_session(options);
  }
  ~RuntimeAutotestKernel() override { session_->close(); }

  pipeline::KernelRun run(const std::string& code) override {
    runtime::ExecuteRequest request;
    request.code = code;
    std::optional<std::string> text;
    const auto verdict = session_->execute(request, [&text](const runtime::Event& event) {
      text = last_text_plain(event, std::move(text));
    });
    pipeline::KernelRun result;
    result.text_plain = std::move(text);
    if (verdict.verdict != runtime::VerdictKind::ok) {
      result.ok = false;
      result.error = verdict.error
                         ? verdict.error->ename + ": " + verdict.error->evalue
                         : std::string(runtime::to_string(verdict.verdict)) + ": " + verdict.reason;
    }
    return result;
  }

 private:
  ScratchCopy scratch_;  // outlives the session using it
  std::unique_ptr<runtime::Session> session_;
};

}  // namespace

std::optional<std::string> last_text_plain(const runtime::Event& event,
                                           std::optional<std::string> previous) {
  const auto text_of = [&](const nlohmann::json& data) -> std::optional<std::string> {
    const auto it = data.find("text/plain");
    if (it == data.end() || !it->is_string()) return previous;
    return it->get<std::string>();
  };
  if (const auto* result = std::get_if<runtime::ExecuteResultEvent>(&event))
    return text_of(result->data);
  if (const auto* display = std::get_if<runtime::DisplayDataEvent>(&event))
    return text_of(display->data);
  if (const auto* update = std::get_if<runtime::UpdateDisplayDataEvent>(&event))
    return text_of(update->data);
  return previous;
}

pipeline::AutotestKernelFactory autotest_kernel_factory(
    std::function<std::shared_ptr<runtime::Runtime>()> start_runtime) {
  auto runtime = std::make_shared<std::shared_ptr<runtime::Runtime>>();
  return [start_runtime = std::move(start_runtime),
          runtime](const fs::path& notebook_dir) -> std::unique_ptr<pipeline::AutotestKernel> {
    if (!*runtime) *runtime = start_runtime();
    return std::make_unique<RuntimeAutotestKernel>(**runtime, notebook_dir);
  };
}

}  // namespace gradebox::autograde
