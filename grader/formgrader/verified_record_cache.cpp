// Owns the per-assignment cache of verified record sets (see verified_record_cache.hpp).
#include "grader/formgrader/verified_record_cache.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <vector>

namespace gradebox::formgrader {
namespace fs = std::filesystem;
namespace {

void add_stamp(std::string& stamp, const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    stamp += path.native() + " -\n";
    return;
  }
  stamp += path.native() + ' ' + std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino) + ' ' +
           std::to_string(st.st_size) + ' ' + std::to_string(st.st_mtim.tv_sec) + '.' +
           std::to_string(st.st_mtim.tv_nsec) + ' ' + std::to_string(st.st_ctim.tv_sec) + '.' +
           std::to_string(st.st_ctim.tv_nsec) + '\n';
}

}  // namespace

std::string files_stamp(const fs::path& folder, const fs::path& extra_file) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    paths.push_back(it->path());
  std::sort(paths.begin(), paths.end());
  std::string stamp;
  stamp.reserve(paths.size() * 120);
  for (const auto& path : paths) add_stamp(stamp, path);
  add_stamp(stamp, extra_file);
  return stamp;
}

std::shared_ptr<const records::RecordSet> VerifiedRecordCache::get(const std::string& assignment,
                                                                   const std::string& stamp,
                                                                   const Verify& verify) {
  {
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(assignment);
    if (found != entries_.end() && found->second.stamp == stamp) return found->second.set;
  }
  auto set = std::make_shared<const records::RecordSet>(verify());
  const std::lock_guard lock(mutex_);
  entries_[assignment] = {stamp, set};
  return set;
}

}  // namespace gradebox::formgrader
