// Verified record sets per assignment, kept between requests while nothing they were read from
// changed. Verifying a 200-submission assignment (every signature, the run manifests) costs about
// 90 ms of CPU; its stamp (every file under records/<a>/ and the trust store, by path, inode,
// size, mtime and ctime) costs well under 1 ms. So each request stamps the folder and verifies
// again only when the stamp differs: a grade saved here, by another formgrader or by
// `gradebox grade-manual`, an autograde run, a replaced trust store. Files are replaced by rename
// (a new inode) everywhere in gradebox, so an in-place rewrite within one mtime tick is the only
// change the stamp could miss, and ctime covers that too.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "grader/records/record_set_verification.hpp"

namespace gradebox::formgrader {

// What the files under `folder` (recursively, links not followed) and `extra_file` are now.
std::string files_stamp(const std::filesystem::path& folder,
                        const std::filesystem::path& extra_file);

class VerifiedRecordCache {
 public:
  using Verify = std::function<records::RecordSet()>;

  // The set cached for `assignment` when it was verified at `stamp`, else verify() (outside the
  // lock: two threads may both verify, the later result is kept).
  std::shared_ptr<const records::RecordSet> get(const std::string& assignment,
                                                const std::string& stamp, const Verify& verify);

 private:
  struct Entry {
    std::string stamp;
    std::shared_ptr<const records::RecordSet> set;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace gradebox::formgrader
