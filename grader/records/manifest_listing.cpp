// Owns reading the record digests the manifests of an assignment list.
#include "grader/records/manifest_listing.hpp"

#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/run_manifest.hpp"

namespace gradebox::records {

std::set<std::string> listed_record_digests(const std::filesystem::path& root,
                                            std::string_view assignment, const TrustStore& trust) {
  std::set<std::string> listed;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(manifest_directory(root, assignment), ec)) {
    if (entry.path().extension() != ".json") continue;
    try {
      const auto verified = verify_signed_file(read_file(entry.path()), trust);
      if (verified.payload_type != kRunManifestPayloadType) continue;
      for (const auto& e : run_manifest_from_json(verified.body).entries) listed.insert(e.sha256);
    } catch (const std::exception&) {
      continue;  // verify reports it; here it just lists nothing
    }
  }
  return listed;
}

}  // namespace gradebox::records
