// Owns reading files whole and writing them atomically with a chosen mode (over
// sandbox/atomic_file.hpp).
#include "grader/records/file_io.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sandbox/atomic_file.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::records {
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  const sandbox::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  std::string data;
  if (auto problem = sandbox::read_at_most(fd.get(), UINT64_MAX, data); !problem.empty())
    throw std::runtime_error("cannot read " + path.string() + ": " + problem);
  return data;
}

void write_file_atomically(const fs::path& path, std::string_view bytes, mode_t mode) {
  const FileContent file{path, bytes};
  write_files_atomically(std::span<const FileContent>(&file, 1), mode);
}

void write_files_atomically(std::span<const FileContent> files, mode_t mode) {
  // Every temp file written and fsynced before the first rename: a failure replaces nothing.
  std::vector<sandbox::AtomicFile> temps;
  std::vector<fs::path> directories;
  temps.reserve(files.size());
  try {
    for (const auto& file : files) {
      const fs::path directory = file.path.has_parent_path() ? file.path.parent_path() : ".";
      fs::create_directories(directory);
      temps.emplace_back(sandbox::open_directory(directory).get(), file.path.filename().string(),
                         file.bytes, mode, file.path);
      if (std::find(directories.begin(), directories.end(), directory) == directories.end())
        directories.push_back(directory);
    }
    for (auto& temp : temps) temp.commit();
  } catch (const fs::filesystem_error& e) {
    throw std::runtime_error(e.what());
  }
  for (const auto& directory : directories) {
    const sandbox::UniqueFd dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir) sandbox::fsync_directory(dir.get());
  }
}

}  // namespace gradebox::records
