// Writing in-memory files as one new folder of the exchange (a release in outbound/, a submission
// in inbound/): built under a hidden temporary name (".<name>.gradebox-<random>", which nbgrader's
// globs never match), with the exchange's folder and file modes, then renamed into place, so a
// reader sees all of it or none.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace gradebox::exchange {

enum class ExistingFolder { refuse, replace };

// Throws std::filesystem::filesystem_error (EEXIST when the folder exists and `existing` is
// refuse); nothing is left behind on failure.
void publish_folder(int parent, const std::string& name,
                    const std::map<std::string, std::string>& files, mode_t top_mode,
                    ExistingFolder existing, const std::filesystem::path& shown);

// Writes the files into the existing folder `dir` (a student's own), creating sub-folders, with
// 0644 files; an existing file is kept (returns the relative paths written).
std::vector<std::string> write_missing_files(int dir,
                                             const std::map<std::string, std::string>& files,
                                             const std::filesystem::path& shown);

}  // namespace gradebox::exchange
