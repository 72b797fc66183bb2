// Which record files the run manifests of one assignment list. A record whose run never wrote
// its manifest (a pod killed mid-shard) is on disk but listed nowhere; the next run lists it again
// instead of skipping it, so `gradebox verify` and export pass without a --force rerun.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "grader/records/trust_store.hpp"

namespace gradebox::records {

// Hex SHA-256 of every file listed by a validly signed manifest under
// <root>/<assignment>/manifests/; unreadable or forged manifests list nothing.
std::set<std::string> listed_record_digests(const std::filesystem::path& root,
                                            std::string_view assignment, const TrustStore& trust);

}  // namespace gradebox::records
