// Owns reading files whole and writing them atomically with a chosen mode.
#include "grader/records/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gradebox::records {
namespace {

std::string errno_text() { return std::strerror(errno); }

// Closes the descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closing can report a deferred write error, so the writer checks it.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw std::runtime_error("cannot open " + path.string() + ": " + errno_text());
  std::string data;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot read " + path.string() + ": " + errno_text());
    if (n == 0) break;
    data.append(buffer, size_t(n));
  }
  return data;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  const std::filesystem::path directory = path.has_parent_path() ? path.parent_path() : ".";
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw std::runtime_error("cannot create directory " + directory.string() + ": " + ec.message());

  std::string temp = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
  FileDescriptor fd(::mkstemp(temp.data()));
  if (fd.get() < 0) throw std::runtime_error("cannot create a temp file in " + directory.string() + ": " + errno_text());
  auto fail = [&](const std::string& what) {
    const std::string message = what + " " + temp + ": " + errno_text();
    ::unlink(temp.c_str());
    throw std::runtime_error(message);
  };
  if (::fchmod(fd.get(), mode) != 0) fail("cannot chmod");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write");
    written += size_t(n);
  }
  if (::fsync(fd.get()) != 0) fail("cannot fsync");
  if (fd.close() != 0) fail("cannot close");
  if (::rename(temp.c_str(), path.c_str()) != 0) fail("cannot rename to " + path.string() + " from");
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());  // best effort: the rename is already visible
}

}  // namespace gradebox::records
