// The two working-directory rules of a kernel session (session_folder.hpp).
#include "kernel/xeus/session_folder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "kernel/protocol/unique_fd.hpp"

namespace gradebox::kernel {
namespace {

namespace fs = std::filesystem;
using protocol::UniqueFd;

constexpr int max_depth = 4;
constexpr std::size_t max_files = 1000;
constexpr std::uint64_t max_file_bytes = std::uint64_t{64} << 20;
constexpr std::uint64_t max_total_bytes = std::uint64_t{256} << 20;

struct CopyBudget {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
  std::vector<std::string>& left_out;
};

UniqueFd open_directory(int parent, const char* name) {
  return UniqueFd(::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

// Copies one regular file (checked again on the open fd: the name may have changed since the
// listing). Returns a reason when it is left out.
std::string copy_file(int from_dir, int to_dir, const std::string& name, CopyBudget& budget) {
  UniqueFd source(::openat(from_dir, name.c_str(),
                           O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  struct stat info{};
  if (!source || ::fstat(source.get(), &info) != 0) return std::strerror(errno);
  if (!S_ISREG(info.st_mode)) return "not a regular file";
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_file_bytes) return "over 64 MiB";
  if (budget.files >= max_files) return "over 1000 files";
  if (budget.bytes + size > max_total_bytes) return "over 256 MiB in all";
  UniqueFd target(::openat(to_dir, name.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                           (info.st_mode & 0111) != 0 ? 0755 : 0644));
  if (!target) return std::strerror(errno);
  for (std::uint64_t copied = 0; copied < size;) {
    const ssize_t n = ::sendfile(target.get(), source.get(), nullptr, size - copied);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the file shrank: keep what was there
    copied += static_cast<std::uint64_t>(n);
  }
  ++budget.files;
  budget.bytes += size;
  return {};
}

void copy_tree(int from_dir, int to_dir, const std::string& prefix, int depth,
               CopyBudget& budget) {
  UniqueFd listing(::dup(from_dir));
  std::unique_ptr<DIR, int (*)(DIR*)> dir(listing ? ::fdopendir(listing.get()) : nullptr,
                                          ::closedir);
  if (!dir) return;
  listing.release();  // owned by `dir` now
  while (const dirent* entry = ::readdir(dir.get())) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat info{};
    if (::fstatat(from_dir, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISREG(info.st_mode)) {
      if (auto why = copy_file(from_dir, to_dir, name, budget); !why.empty())
        budget.left_out.push_back(prefix + name + ": " + why);
      continue;
    }
    if (!S_ISDIR(info.st_mode) || name.front() == '.') continue;  // links, devices, .git, ...
    if (depth >= max_depth) {
      budget.left_out.push_back(prefix + name + "/: deeper than 4 levels");
      continue;
    }
    UniqueFd from_sub = open_directory(from_dir, name.c_str());
    if (!from_sub || ::mkdirat(to_dir, name.c_str(), 0755) != 0) continue;
    UniqueFd to_sub = open_directory(to_dir, name.c_str());
    if (to_sub) copy_tree(from_sub.get(), to_sub.get(), prefix + name + "/", depth + 1, budget);
  }
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
  UniqueFd from(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  UniqueFd to(::open(session_folder.path_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!from) {
    session_folder.left_out_.push_back(folder.string() + ": " + std::strerror(errno));
    return session_folder;
  }
  CopyBudget budget{0, 0, session_folder.left_out_};
  if (to) copy_tree(from.get(), to.get(), "", 0, budget);
  return session_folder;
}


}  // namespace gradebox::kernel
