// The two working-directory rules of a kernel session (session_folder.hpp).
#include "kernel/xeus/session_folder.hpp"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "sandbox/directory_fd.hpp"
#include "sandbox/folder_files.hpp"

namespace gradebox::kernel {
namespace {

namespace fs = std::filesystem;
using sandbox::UniqueFd;

// The copy's caps (session_folder.hpp).
sandbox::FolderLimits copy_limits() {
  sandbox::FolderLimits limits;
  limits.max_depth = 4;
  limits.max_entries = 1000;
  limits.max_file_bytes = std::uint64_t{64} << 20;
  limits.max_total_bytes = std::uint64_t{256} << 20;
  return limits;
}

// Copies one open regular file to the same relative path under `to` (sendfile: the bytes never
// pass through the kernel's memory). Returns a reason when it is left out.
std::string copy_file(int to, const std::string& relative, int from, const struct stat& info) {
  const fs::path path(relative);
  UniqueFd target;
  try {
    const UniqueFd parent = sandbox::open_directory_beneath(to, path.parent_path(), true, path);
    target =
        sandbox::open_entry(parent.get(), path.filename().c_str(), O_WRONLY | O_CREAT | O_EXCL);
  } catch (const fs::filesystem_error& error) {
    return error.code().message();
  }
  if (!target || ::fchmod(target.get(), (info.st_mode & 0111) != 0 ? 0755 : 0644) != 0)
    return std::strerror(errno);
  const auto size = static_cast<std::uint64_t>(info.st_size);
  for (std::uint64_t copied = 0; copied < size;) {
    const ssize_t n = ::sendfile(target.get(), from, nullptr, size - copied);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the file shrank: keep what was there
    copied += static_cast<std::uint64_t>(n);
  }
  return {};
}

}  // namespace

SessionFolder SessionFolder::for_folder(const fs::path& folder) {
  SessionFolder session_folder;
  if (::geteuid() != 0) {
    session_folder.path_ = fs::absolute(folder);
    return session_folder;
  }
  // A scratch dir named for this kernel, so the next runtime's sweep removes it if the kernel is
  // SIGKILLed (sandbox/scratch_dir.hpp).
  try {
    session_folder.scratch_.emplace(sandbox::ScratchDir::create("session"));
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot create the session's copy of " + folder.string() + ": " +
                             error.what());
  }
  session_folder.path_ = session_folder.scratch_->path();
  const UniqueFd from(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  const UniqueFd to(
      ::open(session_folder.path_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!from) {
    session_folder.left_out_.push_back(folder.string() + ": " + std::strerror(errno));
    return session_folder;
  }
  if (!to) return session_folder;
  sandbox::FolderVisitor copy;
  // Hidden folders (.git, .ipynb_checkpoints) are not the notebook's data; hidden files are.
  copy.leave_out = [](const std::string& name, bool is_folder) -> std::optional<std::string> {
    if (is_folder && name.front() == '.') return "";
    return std::nullopt;
  };
  copy.enter_folder = [&to](const std::string& relative) {
    try {  // empty folders too: a cell may write into them
      sandbox::open_directory_beneath(to.get(), relative, true, relative);
    } catch (const fs::filesystem_error&) {  // its files are then left out, each named
    }
  };
  copy.take_file = [&to](const std::string& relative, int fd, const struct stat& info) {
    return copy_file(to.get(), relative, fd, info);
  };
  for (const auto& entry : sandbox::walk_folder(from.get(), copy_limits(), copy))
    session_folder.left_out_.push_back(entry.relative + ": " + entry.reason);
  return session_folder;
}

}  // namespace gradebox::kernel
