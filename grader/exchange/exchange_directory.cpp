// Opening and creating the exchange's folders (see exchange_directory.hpp).
#include "grader/exchange/exchange_directory.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "grader/exchange/exchange_layout.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

std::string octal(mode_t mode) {
  std::ostringstream out;
  out << "0" << std::oct << (mode & 07777);
  return out.str();
}

// Sets `mode` on `fd` when it differs, saying so.
void set_mode(int fd, mode_t mode, const fs::path& shown, ExchangeReport& report) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) sandbox::throw_errno("cannot examine", shown, errno);
  if ((st.st_mode & 07777) == mode) return;
  if (::fchmod(fd, mode) != 0)
    sandbox::throw_errno("cannot set the mode " + octal(mode) + " of", shown, errno);
  report.warn(
      shown,
      "mode changed from " + octal(st.st_mode) + " to " + octal(mode) + " (nbgrader's layout)", "");
}

}  // namespace

UniqueFd ensure_exchange_root(const fs::path& root, ExchangeReport& report) {
  std::error_code ec;
  if (!fs::exists(root, ec)) {
    fs::create_directories(root);
    report.warn(root, "created the exchange directory", "");
  }
  UniqueFd fd = sandbox::open_directory(root);
  set_mode(fd.get(), kRootMode, root, report);
  return fd;
}

UniqueFd ensure_owned_directory(int parent, const std::string& name, mode_t mode,
                                const fs::path& shown, ExchangeReport& report) {
  const bool created = ::mkdirat(parent, name.c_str(), 0700) == 0;
  if (!created && errno != EEXIST) sandbox::throw_errno("cannot create", shown, errno);
  UniqueFd fd = sandbox::open_entry(parent, name.c_str(), O_RDONLY | O_DIRECTORY);
  if (!fd) sandbox::throw_errno("cannot open (links are not followed)", shown, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) sandbox::throw_errno("cannot examine", shown, errno);
  if (st.st_uid != ::geteuid())
    sandbox::throw_errno("refusing a folder owned by uid " + std::to_string(st.st_uid) +
                             ", not by you (someone else created it first; remove it):",
                         shown, EPERM);
  if (created) {
    if (::fchmod(fd.get(), mode) != 0) sandbox::throw_errno("cannot set the mode of", shown, errno);
  } else {
    set_mode(fd.get(), mode, shown, report);
  }
  return fd;
}

UniqueFd open_exchange_directory(const fs::path& root, const fs::path& below) {
  return sandbox::open_directory_beneath(sandbox::open_directory(root).get(), below, false,
                                         root / below);
}

UniqueFd open_exchange_path(const fs::path& root, const fs::path& below) {
  const UniqueFd parent = open_exchange_directory(root, below.parent_path());
  UniqueFd fd = sandbox::open_entry(parent.get(), below.filename().c_str(), O_PATH | O_DIRECTORY);
  if (!fd) sandbox::throw_errno("cannot open (links are not followed)", root / below, errno);
  return fd;
}

std::optional<std::string> read_shared_file(int dir, const std::string& name,
                                            std::uint64_t max_bytes, const fs::path& shown) {
  const UniqueFd file = sandbox::open_entry(dir, name.c_str(), O_RDONLY | O_NONBLOCK);
  if (!file && errno == ENOENT) return std::nullopt;
  const auto fail = [&](const std::string& why) {
    return std::runtime_error(shown.string() + ": " + why);
  };
  if (!file) throw fail(errno == ELOOP ? "a symbolic link, not read" : std::strerror(errno));
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) throw fail(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw fail("not a regular file, not read");
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes)
    throw fail(std::to_string(st.st_size) + " bytes, over the " + std::to_string(max_bytes) +
               " allowed");
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::read(file.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail(std::strerror(errno));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

bool entry_exists(int dir, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

}  // namespace gradebox::exchange
