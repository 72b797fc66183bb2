// The one exception type for "the sandbox could not be set up": carries what failed (with path
// and errno text) and a hint for fixing the host. gradebox-run maps it to exit status 3.
#pragma once

#include <stdexcept>
#include <string>

namespace gradebox::sandbox {

class SetupError : public std::runtime_error {
 public:
  SetupError(const std::string& what, std::string hint = {})
      : std::runtime_error(what), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

// "<what> <path>: <strerror(errno)>" as a SetupError.
[[noreturn]] void throw_errno(const std::string& what, const std::string& path, int error,
                              std::string hint = {});

}  // namespace gradebox::sandbox
