// Publishing a folder into the exchange (see shared_folder.hpp).
#include "grader/exchange/shared_folder.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <set>

#include "grader/exchange/exchange_directory.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "sandbox/tree_removal.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

// Writes the files below `dir`, then gives every sub-folder the shared mode (mkdir's follows
// umask).
void write_tree(int dir, const std::map<std::string, std::string>& files, const fs::path& shown) {
  std::set<fs::path> folders;
  for (const auto& [relative, bytes] : files) {
    sandbox::write_file_beneath(dir, relative, bytes, kSharedFileMode, shown / relative, false);
    for (fs::path p = fs::path(relative).parent_path(); !p.empty(); p = p.parent_path())
      folders.insert(p);
  }
  for (const auto& folder : folders) {
    const UniqueFd fd = sandbox::open_directory_beneath(dir, folder, false, shown / folder);
    if (::fchmod(fd.get(), kSharedFolderMode) != 0)
      sandbox::throw_errno("cannot set the mode of", shown / folder, errno);
  }
}

}  // namespace

void publish_folder(int parent, const std::string& name,
                    const std::map<std::string, std::string>& files, mode_t top_mode,
                    ExistingFolder existing, const fs::path& shown) {
  const std::string temporary = "." + name + ".gradebox-" + random_suffix();
  if (::mkdirat(parent, temporary.c_str(), 0700) != 0)
    sandbox::throw_errno("cannot create a folder next to", shown, errno);
  try {
    const UniqueFd dir = sandbox::open_entry(parent, temporary.c_str(), O_RDONLY | O_DIRECTORY);
    if (!dir) sandbox::throw_errno("cannot open the folder being written for", shown, errno);
    write_tree(dir.get(), files, shown);
    if (::fchmod(dir.get(), top_mode) != 0)
      sandbox::throw_errno("cannot set the mode of", shown, errno);
    const bool swap = existing == ExistingFolder::replace && entry_exists(parent, name);
    const unsigned flags = swap ? RENAME_EXCHANGE : RENAME_NOREPLACE;
    if (::renameat2(parent, temporary.c_str(), parent, name.c_str(), flags) != 0)
      sandbox::throw_errno("cannot rename into place", shown, errno);
  } catch (...) {
    sandbox::remove_tree_at(parent, temporary);
    throw;
  }
  sandbox::remove_tree_at(parent, temporary);  // the replaced folder, after a swap
}

std::vector<std::string> write_missing_files(int dir,
                                             const std::map<std::string, std::string>& files,
                                             const fs::path& shown) {
  std::vector<std::string> written;
  for (const auto& [relative, bytes] : files) {
    const fs::path path(relative);
    const UniqueFd parent =
        sandbox::open_directory_beneath(dir, path.parent_path(), true, shown / path.parent_path());
    if (entry_exists(parent.get(), path.filename().string())) continue;
    sandbox::write_file_beneath(parent.get(), path.filename(), bytes, kSharedFileMode,
                                shown / relative, false);
    written.push_back(relative);
  }
  return written;
}

}  // namespace gradebox::exchange
