// A notebook session's private working directory (docs/architecture.md, "Data paths": sessions
// write only into their own scratch, seeded with copies): a fresh directory under the temp dir,
// outside the course, written from memory before the session exists, then handed by the runtime to
// the sandbox uid. Nothing in it is ever read back; dropping the object removes it with whatever
// the session wrote (after the session is closed).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "sandbox/unique_fd.hpp"

namespace gradebox::autograde {

class SessionScratch {
 public:
  // Creates `<temp dir>/gradebox-grading-<pid>-XXXXXX` (mode 0700) holding `files` (relative
  // path -> bytes, mode 0644). Throws std::filesystem::filesystem_error.
  explicit SessionScratch(const std::map<std::string, std::string_view>& files);
  SessionScratch(const SessionScratch&) = delete;
  SessionScratch& operator=(const SessionScratch&) = delete;
  ~SessionScratch();

  const std::filesystem::path& path() const { return path_; }

 private:
  sandbox::UniqueFd parent_;
  std::filesystem::path path_;
};

}  // namespace gradebox::autograde
