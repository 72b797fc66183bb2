// tar.gz writer over libarchive.
#include "grader/pipeline/release_archive.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

namespace gradebox::pipeline {
namespace fs = std::filesystem;

void write_tar_gz(const fs::path& dir, const std::string& prefix, const fs::path& archive_path) {
  std::unique_ptr<archive, decltype(&archive_write_free)> ar(archive_write_new(),
                                                             archive_write_free);
  const auto fail = [&](const std::string& what) {
    throw std::runtime_error(
        archive_path.string() + ": " + what + ": " +
        (archive_error_string(ar.get()) ? archive_error_string(ar.get()) : "unknown error"));
  };
  if (archive_write_add_filter_gzip(ar.get()) != ARCHIVE_OK ||
      archive_write_set_format_pax_restricted(ar.get()) != ARCHIVE_OK)
    fail("cannot set up tar.gz");
  if (archive_write_open_filename(ar.get(), archive_path.c_str()) != ARCHIVE_OK)
    fail("cannot create");

  std::vector<fs::path> entries;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() || entry.is_directory()) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());

  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                  archive_entry_free);
  for (const auto& path : entries) {
    archive_entry_clear(e.get());
    const std::string name = prefix + "/" + fs::relative(path, dir).string();
    archive_entry_set_pathname(e.get(), name.c_str());
    const bool is_dir = fs::is_directory(path);
    archive_entry_set_filetype(e.get(), is_dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e.get(), is_dir ? 0755 : 0644);
    std::string data;
    if (!is_dir) {
      std::ifstream in(path, std::ios::binary);
      data.assign(std::istreambuf_iterator<char>(in), {});
      archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    }
    if (archive_write_header(ar.get(), e.get()) != ARCHIVE_OK) fail("cannot add " + name);
    if (!data.empty() && archive_write_data(ar.get(), data.data(), data.size()) !=
                             static_cast<la_ssize_t>(data.size()))
      fail("cannot write " + name);
  }
  if (archive_write_close(ar.get()) != ARCHIVE_OK) fail("cannot finish");
}

}  // namespace gradebox::pipeline
