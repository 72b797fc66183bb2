// Nothing left behind: session and zygote scratch dirs go on every path out, constructor failures
// included (issue #14 item 15). The SIGKILL path: tests/unit/sandbox/scratch_dir_test.cpp and
// kernel.integration.kernel_resilience.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;
namespace fs = std::filesystem;

namespace {

// This process's scratch dirs of `kind` in the temp dir.
std::set<fs::path> own_scratch_dirs(const std::string& kind) {
  const std::string prefix = "gradebox-" + kind + "-" + std::to_string(::getpid()) + "-";
  std::set<fs::path> found;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path()))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) found.insert(entry.path());
  return found;
}

}  // namespace

TEST_CASE("a session that fails to open leaves no scratch dir", "[runtime][scratch]") {
  const auto before = own_scratch_dirs("session");
  SessionOptions options;
  options.environment = {{"NOT_UTF8", "\xff\xfe"}};  // cannot be sent to the zygote
  CHECK_THROWS_AS(shared_runtime().open_session(options), SessionError);
  CHECK(own_scratch_dirs("session") == before);
  auto session = shared_runtime().open_session({});
  CHECK(own_scratch_dirs("session").size() == before.size() + 1);
  session->close();
  CHECK(own_scratch_dirs("session") == before);
}

TEST_CASE("a zygote that fails to start leaves no scratch dir", "[runtime][scratch]") {
  const auto before = own_scratch_dirs("zygote");
  for (const char* worker : {"/nonexistent/gradebox-worker", "/bin/false"}) {
    RuntimePolicy policy = test_policy();
    policy.worker_path = worker;
    INFO(worker);
    CHECK_THROWS_AS(Runtime::start(policy), RuntimeStartError);
    CHECK(own_scratch_dirs("zygote") == before);
  }
}
