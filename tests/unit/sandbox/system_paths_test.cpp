// The computed read list (sandbox/system_paths.hpp). What it lets a run read and not:
// launcher_test.cpp (a planted course, the scientific stack).
#include "sandbox/system_paths.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

bool listed(const fs::path& path) {
  const auto& paths = system_readable_paths();
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace

TEST_CASE("system paths: distribution trees and named /etc files, no site-local tree",
          "[sandbox]") {
  for (const char* present : {"/usr/bin", "/usr/lib", "/usr/share", "/etc/ld.so.cache"})
    CHECK(listed(present));
  for (const char* absent :
       {"/usr", "/etc", "/opt", "/srv", "/home", "/usr/local", "/usr/local/lib", "/etc/passwd"})
    CHECK_FALSE(listed(absent));
  for (const auto& path : system_readable_paths()) {
    INFO(path);
    CHECK(path.is_absolute());
    const auto text = path.string();
    CHECK((text.rfind("/usr/local/", 0) != 0 || text.find("/dist-packages") != std::string::npos));
  }
}
