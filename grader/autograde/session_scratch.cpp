// Seeded private scratch dirs for grading sessions (see session_scratch.hpp).
#include "grader/autograde/session_scratch.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "sandbox/directory_fd.hpp"
#include "sandbox/tree_removal.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

SessionScratch::SessionScratch(const std::map<std::string, std::string_view>& files) {
  const fs::path temp = fs::temp_directory_path();
  std::string pattern = temp / ("gradebox-grading-" + std::to_string(::getpid()) + "-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr)
    throw fs::filesystem_error("cannot create a session scratch dir", temp,
                               std::error_code(errno, std::generic_category()));
  path_ = pattern;
  parent_ = sandbox::open_directory(temp);
  try {
    const sandbox::UniqueFd dir =
        sandbox::open_directory_beneath(parent_.get(), path_.filename(), false, path_);
    for (const auto& [relative, bytes] : files)
      sandbox::write_file_beneath(dir.get(), relative, bytes, 0644, path_ / relative, false);
  } catch (...) {
    sandbox::remove_tree_at(parent_.get(), path_.filename());
    throw;
  }
}

SessionScratch::~SessionScratch() {
  sandbox::remove_tree_at(parent_.get(), path_.filename());
}

}  // namespace gradebox::autograde
