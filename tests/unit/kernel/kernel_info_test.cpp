// kernel_info_reply content.
#include "kernel/xeus/kernel_info.hpp"

#include <catch2/catch.hpp>

using namespace gradebox::kernel;

TEST_CASE("kernel_info reports Python, gradebox and the limits", "[kernel]") {
  gradebox::sandbox::Limits limits;
  limits.memory_bytes = 1ull << 30;
  auto info = kernel_info_content(
      limits, nlohmann::json{{"python", "3.11.2 (main, Apr 28 2025) [GCC 12.2.0]"}}, "cgroup1");
  CHECK(info["implementation"] == "gradebox");
  CHECK(info["language_info"]["name"] == "python");
  CHECK(info["language_info"]["version"] == "3.11.2");
  CHECK(info["language_info"]["file_extension"] == ".py");
  CHECK(info["language_info"]["pygments_lexer"] == "ipython3");
  CHECK(info["language_info"]["codemirror_mode"]["version"] == 3);
  auto banner = info["banner"].get<std::string>();
  CHECK_THAT(banner,
             Catch::Contains("Isolation level: cgroup1") && Catch::Contains("memory 1 GiB"));
}

TEST_CASE("kernel_info answers before the sandbox is up", "[kernel]") {
  auto info = kernel_info_content({}, std::nullopt, "rlimit");
  CHECK(info["language_info"]["version"].get<std::string>().rfind("3.", 0) == 0);
  const auto banner = info["banner"].get<std::string>();
  CHECK_THAT(banner, Catch::Contains("Isolation level: rlimit"));
  CHECK_THAT(banner, !Catch::Contains("Sandbox layers"));
}

TEST_CASE("kernel_info lists the sandbox layers the worker reported", "[kernel]") {
  const nlohmann::json worker = {{"python", "3.11.2"},
                                 {"isolation_level", "cgroup2"},
                                 {"layers", {"namespaces:user", "landlock", "seccomp"}}};
  const auto banner = kernel_info_content({}, worker, "")["banner"].get<std::string>();
  CHECK_THAT(banner, Catch::Contains("Isolation level: cgroup2"));
  CHECK_THAT(banner, Catch::Contains("Sandbox layers: namespaces:user, landlock, seccomp"));
}
