// Owns reading files whole and writing them atomically with a chosen mode.
#include "grader/records/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

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

namespace {

// A temp file beside `path` holding `bytes`, fsynced; removed again unless released by a rename.
class SyncedTemp {
 public:
  SyncedTemp(const std::filesystem::path& path, std::string_view bytes, mode_t mode) : path_(path) {
    const std::filesystem::path directory = this->directory();
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
      throw std::runtime_error("cannot create directory " + directory.string() + ": " + ec.message());
    temp_ = (directory / ("." + path.filename().string() + ".XXXXXX")).string();
    FileDescriptor fd(::mkstemp(temp_.data()));
    if (fd.get() < 0) {
      temp_.clear();
      throw std::runtime_error("cannot create a temp file in " + directory.string() + ": " +
                               errno_text());
    }
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
  }
  SyncedTemp(const SyncedTemp&) = delete;
  SyncedTemp& operator=(const SyncedTemp&) = delete;
  SyncedTemp(SyncedTemp&& other) noexcept
      : path_(std::move(other.path_)), temp_(std::exchange(other.temp_, std::string())) {}
  ~SyncedTemp() {
    if (!temp_.empty()) ::unlink(temp_.c_str());
  }

  std::filesystem::path directory() const {
    return path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
  }
  void rename_into_place() {
    if (::rename(temp_.c_str(), path_.c_str()) != 0) fail("cannot rename to " + path_.string() + " from");
    temp_.clear();
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    const std::string message = what + " " + temp_ + ": " + errno_text();
    ::unlink(temp_.c_str());
    temp_.clear();
    throw std::runtime_error(message);
  }

  std::filesystem::path path_;
  std::string temp_;
};

}  // namespace

void fsync_directory(const std::filesystem::path& directory) {
  FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) ::fsync(dir.get());  // best effort: the rename is already visible
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, mode_t mode) {
  const FileContent file{path, bytes};
  write_files_atomically(std::span<const FileContent>(&file, 1), mode);
}

void write_files_atomically(std::span<const FileContent> files, mode_t mode) {
  std::vector<SyncedTemp> temps;
  temps.reserve(files.size());
  for (const auto& file : files) temps.emplace_back(file.path, file.bytes, mode);
  std::vector<std::filesystem::path> directories;
  for (auto& temp : temps) {
    temp.rename_into_place();
    if (std::find(directories.begin(), directories.end(), temp.directory()) == directories.end())
      directories.push_back(temp.directory());
  }
  for (const auto& directory : directories) fsync_directory(directory);
}

}  // namespace gradebox::records
