// ScratchDir and the sweep of abandoned ones (scratch_dir.hpp).
#include "sandbox/scratch_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <utility>
#include <vector>

#include "sandbox/tree_removal.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "gradebox-";

struct Owner {
  pid_t pid = 0;
  unsigned long long start_time = 0;
};

// "gradebox-<kind>-<pid>-<start>-XXXXXX" -> its owner; pid 0 for any other name.
Owner owner_of(std::string_view name) {
  if (name.rfind(kPrefix, 0) != 0) return {};
  name.remove_prefix(kPrefix.size());
  const auto kind_end = name.find('-');
  if (kind_end == std::string_view::npos) return {};
  const std::string rest(name.substr(kind_end + 1));
  char* end = nullptr;
  const long long pid = std::strtoll(rest.c_str(), &end, 10);
  if (end == rest.c_str() || *end != '-' || pid <= 0) return {};
  const char* start_text = end + 1;
  const unsigned long long start = std::strtoull(start_text, &end, 10);
  if (end == start_text || *end != '-' || std::string_view(end + 1).size() != 6) return {};
  return {static_cast<pid_t>(pid), start};
}

// A zombie counts as gone: a SIGKILLed owner stays one until its parent reaps it.
bool owner_alive(const Owner& owner) {
  std::ifstream stat("/proc/" + std::to_string(owner.pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size() || line[close + 2] == 'Z')
    return false;
  return process_start_time(owner.pid) == owner.start_time;
}

}  // namespace

unsigned long long process_start_time(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return 0;
  // After "pid (comm)": field 3 is the state; the start time is field 22.
  std::size_t at = close + 1;
  for (int field = 3; field < 22 && at != std::string::npos; ++field) at = line.find(' ', at + 1);
  return at == std::string::npos ? 0 : std::strtoull(line.c_str() + at + 1, nullptr, 10);
}

ScratchDir ScratchDir::create(std::string_view kind, const fs::path& parent) {
  const pid_t self = ::getpid();
  std::string pattern =
      (parent / (std::string(kPrefix) + std::string(kind) + "-" + std::to_string(self) + "-" +
                 std::to_string(process_start_time(self)) + "-XXXXXX"))
          .string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::system_error(errno, std::generic_category(),
                            "cannot create a scratch directory in " + parent.string());
  return ScratchDir(fs::path(pattern));
}

ScratchDir::ScratchDir(ScratchDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

ScratchDir& ScratchDir::operator=(ScratchDir&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

ScratchDir::~ScratchDir() {
  remove();
}

std::string ScratchDir::remove() {
  if (path_.empty()) return "";
  const sandbox::UniqueFd parent(
      ::open(path_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!parent) return "cannot open " + path_.parent_path().string();
  std::string problem = remove_tree_at(parent.get(), path_.filename().string());
  if (problem.empty()) path_.clear();
  return problem;
}

std::size_t sweep_abandoned_scratch_dirs(uid_t sandbox_uid, const fs::path& parent) {
  const sandbox::UniqueFd parent_dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!parent_dir) return 0;
  const int parent_fd = parent_dir.get();
  std::vector<std::string> abandoned;
  if (DIR* listing = ::fdopendir(::dup(parent_fd))) {
    const uid_t self = ::geteuid();
    while (const dirent* entry = ::readdir(listing)) {
      const Owner owner = owner_of(entry->d_name);
      struct stat st {};
      if (owner.pid == 0 || owner_alive(owner) ||
          ::fstatat(parent_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
          !S_ISDIR(st.st_mode) || !(st.st_uid == self || (self == 0 && st.st_uid == sandbox_uid)))
        continue;
      abandoned.emplace_back(entry->d_name);
    }
    ::closedir(listing);
  }
  std::size_t removed = 0;
  for (const auto& name : abandoned)
    if (remove_tree_at(parent_fd, name).empty()) ++removed;
  return removed;
}

}  // namespace gradebox::sandbox
