// Atomic replacement of a file through its directory's fd (see atomic_file.hpp).
#include "sandbox/atomic_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "sandbox/directory_fd.hpp"

namespace gradebox::sandbox {
namespace {

std::string random_suffix() {
  unsigned char bytes[6] = {};
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
    for (auto& byte : bytes) byte = static_cast<unsigned char>(std::rand());
  char text[sizeof bytes * 2 + 1];
  for (std::size_t i = 0; i < sizeof bytes; ++i) std::snprintf(text + 2 * i, 3, "%02x", bytes[i]);
  return text;
}

}  // namespace

AtomicFile::AtomicFile(int dir, std::string name, std::string_view bytes, mode_t mode,
                       std::filesystem::path shown)
    : dir_(::fcntl(dir, F_DUPFD_CLOEXEC, 0)), name_(std::move(name)), shown_(std::move(shown)) {
  if (!dir_) throw_errno("cannot duplicate the directory fd of", shown_, errno);
  UniqueFd file;
  for (int attempt = 0; !file && attempt < 100; ++attempt) {
    temp_ = "." + name_ + "." + random_suffix();
    file = open_entry(dir_.get(), temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL);
    if (!file && errno != EEXIST) break;
  }
  if (!file) {
    const int error = errno;
    temp_.clear();
    throw_errno("cannot create a temp file beside", shown_, error);
  }
  const auto fail = [&](const char* what) {
    const int error = errno;
    ::unlinkat(dir_.get(), std::exchange(temp_, std::string()).c_str(), 0);
    throw_errno(what, shown_, error);
  };
  if (::fchmod(file.get(), mode) != 0) fail("cannot set the mode of the temp file of");
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(file.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write the temp file of");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(file.get()) != 0) fail("cannot fsync the temp file of");
  if (file.close() != 0) fail("cannot close the temp file of");
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : dir_(std::move(other.dir_)),
      name_(std::move(other.name_)),
      temp_(std::exchange(other.temp_, std::string())),
      shown_(std::move(other.shown_)) {}

AtomicFile::~AtomicFile() {
  if (!temp_.empty()) ::unlinkat(dir_.get(), temp_.c_str(), 0);
}

void AtomicFile::commit() {
  if (::renameat(dir_.get(), temp_.c_str(), dir_.get(), name_.c_str()) != 0)
    throw_errno("cannot rename the temp file into place:", shown_, errno);
  temp_.clear();
}

void fsync_directory(int dir) {
  ::fsync(dir);  // best effort: the rename is already visible
}

void write_file_atomically(int dir, const std::string& name, std::string_view bytes, mode_t mode,
                           const std::filesystem::path& shown) {
  AtomicFile file(dir, name, bytes, mode, shown);
  file.commit();
  fsync_directory(dir);
}

}  // namespace gradebox::sandbox
