// Owns validate's private copy of a notebook's folder (see validate_scratch_copy.hpp).
#include "grader/autograde/validate_scratch_copy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "grader/notebook/nofollow_file_reader.hpp"
#include "kernel/protocol/unique_fd.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;
using protocol::UniqueFd;

namespace {

fs::path make_private_dir() {
  std::string pattern = (fs::temp_directory_path() / "gradebox-validate-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot create a private folder under " +
                             fs::temp_directory_path().string() + ": " + std::strerror(errno));
  return pattern;
}

void write_new_file(int dir_fd, const fs::path& dir, const std::string& name,
                    const std::string& bytes) {
  UniqueFd fd(
      ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  std::size_t done = 0;
  while (fd && done < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (!fd || done < bytes.size())
    throw std::runtime_error((dir / name).string() +
                             ": cannot write the private copy: " + std::strerror(errno));
}

// A session may leave folders without permissions; as a non-root caller they would not go.
void remove_private_dir(const fs::path& dir) {
  std::error_code error;
  if (fs::remove_all(dir, error) != static_cast<std::uintmax_t>(-1) && !error) return;
  for (auto it = fs::recursive_directory_iterator(dir, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error))
    if (it->symlink_status(error).type() == fs::file_type::directory)
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
  fs::remove_all(dir, error);
}

}  // namespace

ValidateScratchCopy::ValidateScratchCopy(const fs::path& notebook,
                                         const ValidateCopyLimits& limits) {
  const fs::path folder = fs::absolute(notebook).parent_path();
  const fs::path name = notebook.filename();
  notebook_text_ = notebook::read_regular_file_beneath(folder, name, limits.max_notebook_bytes);
  auto siblings =
      notebook::read_regular_files_in(folder, limits.max_file_bytes, limits.max_total_bytes);
  skipped_ = std::move(siblings.skipped);
  dir_ = make_private_dir();
  try {
    UniqueFd dir_fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir_fd) throw std::runtime_error(dir_.string() + ": " + std::strerror(errno));
    for (const auto& file : siblings.files)
      if (file.name != name.string()) write_new_file(dir_fd.get(), dir_, file.name, file.bytes);
    write_new_file(dir_fd.get(), dir_, name.string(), notebook_text_);
  } catch (...) {
    remove_private_dir(dir_);
    throw;
  }
}

ValidateScratchCopy::~ValidateScratchCopy() {
  remove_private_dir(dir_);
}

}  // namespace gradebox::autograde
