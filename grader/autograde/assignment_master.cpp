// Loading the master copy and release of an assignment.
#include "grader/autograde/assignment_master.hpp"

#include <stdexcept>

#include "grader/autograde/score_cells.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

AssignmentMaster load_assignment_master(const CourseConfig& config, const std::string& assignment) {
  const fs::path master_dir = pipeline::master_copy_dir(config.root, assignment);
  const fs::path release_dir = config.root / "release" / assignment;
  const fs::path digest_path = master_dir / "digest.json";
  if (!fs::exists(digest_path))
    throw std::runtime_error(digest_path.string() + ": no master copy of '" + assignment +
                             "'; run `gradebox release " + assignment + "` first");
  const auto digest = notebook::Json::parse(records::read_file(digest_path));
  AssignmentMaster loaded;
  loaded.assignment = assignment;
  loaded.source_dir = config.root / "source" / assignment;
  loaded.data_files =
      read_folder(config.root, fs::path("source") / assignment, folder_limits(config));
  std::erase_if(loaded.data_files.files,
                [](const auto& file) { return fs::path(file.first).extension() == ".ipynb"; });
  loaded.release_sha256 = digest.value("release_sha256", "");
  std::string master_digests;
  for (const auto& [relative, entry] : digest.at("notebooks").items()) {
    master_digests += relative + '\0' + entry.value("master_sha256", "") + '\n';
    auto master = notebook::Notebook::load(master_dir / relative, config.limits);
    auto release = notebook::Notebook::load(release_dir / relative, config.limits);
    auto checksums = release_checksums(release);
    loaded.notebooks.push_back(
        {fs::path(relative), std::move(master), std::move(release), std::move(checksums)});
  }
  loaded.master_sha256 = records::sha256_hex(master_digests);
  return loaded;
}

}  // namespace gradebox::autograde
