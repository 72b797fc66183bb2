// Owns verification of a set of record files: per-file checks in parallel, then manifest
// completeness and duplicate resolution over the verified results.
#include "grader/records/record_set_verification.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/run_manifest.hpp"

namespace gradebox::records {
namespace {

struct VerifiedManifest {
  std::string file;
  RunManifest manifest;
  std::string sha256;
};

// What one file turned out to be; exactly one member is set.
struct FileOutcome {
  std::optional<VerifiedGradeRecord> record;
  std::optional<VerifiedManualGrade> manual;
  std::optional<VerifiedManifest> manifest;
  std::optional<VerificationFailure> failure;
};

FileOutcome check_file(const std::filesystem::path& path, const TrustStore& trust) {
  FileOutcome outcome;
  std::string bytes;
  try {
    bytes = read_file(path);
    VerifiedPayload payload = verify_signed_file(bytes, trust);
    if (payload.payload_type == kGradeRecordPayloadType) {
      outcome.record = VerifiedGradeRecord{path.string(), grade_record_from_json(payload.body),
                                           payload.key_id, payload.file_sha256};
    } else if (payload.payload_type == kManualGradePayloadType) {
      outcome.manual = VerifiedManualGrade{path.string(), manual_grade_from_json(payload.body),
                                           payload.key_id, payload.file_sha256};
    } else {
      outcome.manifest = VerifiedManifest{path.string(), run_manifest_from_json(payload.body),
                                          payload.file_sha256};
    }
  } catch (const VerificationError& e) {
    outcome.failure = VerificationFailure{path.string(), claimed_student(bytes), e.what()};
  } catch (const std::invalid_argument& e) {
    outcome.failure = VerificationFailure{path.string(), claimed_student(bytes),
                                          std::string("signed body is malformed: ") + e.what()};
  } catch (const std::exception& e) {
    outcome.failure = VerificationFailure{path.string(), "", e.what()};
  }
  return outcome;
}

std::vector<FileOutcome> check_files(const std::vector<std::filesystem::path>& files,
                                     const TrustStore& trust, unsigned jobs) {
  std::vector<FileOutcome> outcomes(files.size());
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = unsigned(std::min<size_t>(jobs, std::max<size_t>(files.size(), 1)));
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < files.size(); i = next++) outcomes[i] = check_file(files[i], trust);
  };
  std::vector<std::jthread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  return outcomes;
}

// Identity of what a manifest entry stands for; newer manifests supersede older entries.
using EntryKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

void check_manifests(const std::vector<VerifiedManifest>& manifests, RecordSet& set,
                     const std::vector<VerifiedGradeRecord>& all_records,
                     const std::vector<VerifiedManualGrade>& all_manual) {
  std::set<std::string> present;
  for (const auto& r : all_records) present.insert(r.sha256);
  for (const auto& m : all_manual) present.insert(m.sha256);
  std::set<std::string> manifest_digests;
  for (const auto& m : manifests) manifest_digests.insert(m.sha256);

  std::map<EntryKey, std::pair<const VerifiedManifest*, const ManifestEntry*>> newest;
  std::set<std::pair<std::string, std::string>> listed;  // (assignment, sha256)
  for (const auto& m : manifests) {
    for (const auto& digest : m.manifest.previous_manifests) {
      if (!manifest_digests.count(digest)) {
        set.failures.push_back({m.file, "",
                                "refers to an earlier run manifest (sha256 " + digest +
                                    ") that is missing: a manifest was deleted"});
      }
    }
    for (const auto& entry : m.manifest.entries) {
      listed.insert({m.manifest.assignment, entry.sha256});
      const EntryKey key{m.manifest.assignment, entry.kind, entry.student, entry.notebook,
                         entry.grade_id};
      auto& slot = newest[key];
      const auto order = [](const VerifiedManifest* v) {
        return std::tie(v->manifest.created_at, v->manifest.run_id);
      };
      if (!slot.first || order(slot.first) < order(&m)) slot = {&m, &entry};
    }
  }
  for (const auto& [key, value] : newest) {
    const auto& [manifest, entry] = value;
    if (present.count(entry->sha256)) continue;
    set.failures.push_back(
        {manifest->file, entry->student,
         entry->kind + " " + entry->record_id + " (sha256 " + entry->sha256 +
             ") is listed in this manifest but missing or invalid: deleted or replaced"});
  }
  for (const auto& r : all_records) {
    if (!listed.count({r.record.assignment, r.sha256})) {
      set.failures.push_back({r.file, r.record.student,
                              "not listed in any run manifest of assignment " +
                                  r.record.assignment +
                                  " (its manifest is missing, or the record was copied in)"});
    }
  }
  for (const auto& m : all_manual) {
    if (!listed.count({m.grade.assignment, m.sha256})) {
      set.failures.push_back(
          {m.file, m.grade.student,
           "manual grade not listed in any run manifest of assignment " + m.grade.assignment});
    }
  }
}

void resolve_duplicates(std::vector<VerifiedGradeRecord> all, RecordSet& set) {
  std::map<std::pair<std::string, std::string>, std::vector<VerifiedGradeRecord>> groups;
  for (auto& r : all) groups[{r.record.assignment, r.record.student}].push_back(std::move(r));
  for (auto& [key, group] : groups) {
    // Newest graded_at wins; record_id breaks ties so the choice never depends on file order.
    std::sort(group.begin(), group.end(), [](const auto& a, const auto& b) {
      return std::tie(a.record.graded_at, a.record.record_id) >
             std::tie(b.record.graded_at, b.record.record_id);
    });
    if (group.size() > 1) {
      DuplicateRecords duplicate{key.first, key.second, group.front().file, {}, false};
      for (size_t i = 1; i < group.size(); ++i) {
        duplicate.dropped_files.push_back(group[i].file);
        const auto& a = group.front().record;
        const auto& b = group[i].record;
        if (a.submission_sha256 != b.submission_sha256 ||
            a.totals().points_milli != b.totals().points_milli) {
          duplicate.conflicting = true;
        }
      }
      set.duplicates.push_back(std::move(duplicate));
    }
    set.records.push_back(std::move(group.front()));
  }
}

void keep_newest_manual_grades(std::vector<VerifiedManualGrade> all, RecordSet& set) {
  std::map<EntryKey, VerifiedManualGrade> newest;
  for (auto& m : all) {
    const EntryKey key{m.grade.assignment, "", m.grade.student, m.grade.notebook, m.grade.grade_id};
    auto it = newest.find(key);
    if (it == newest.end() || std::tie(it->second.grade.graded_at, it->second.grade.record_id) <
                                  std::tie(m.grade.graded_at, m.grade.record_id)) {
      newest.insert_or_assign(key, std::move(m));
    }
  }
  for (auto& [key, m] : newest) set.manual_grades.push_back(std::move(m));
}

}  // namespace

std::vector<std::filesystem::path> collect_signed_files(
    const std::vector<std::filesystem::path>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::filesystem::path> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(input)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json")
          found.push_back(entry.path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(input, ec)) {
      files.push_back(input);
    } else {
      throw std::runtime_error("records input " + input.string() + " does not exist");
    }
  }
  return files;
}

RecordSet verify_record_set(const std::vector<std::filesystem::path>& inputs,
                            const TrustStore& trust, const RecordSetOptions& options) {
  const auto files = collect_signed_files(inputs);
  RecordSet set;
  set.files_checked = files.size();
  std::vector<VerifiedGradeRecord> records;
  std::vector<VerifiedManualGrade> manual;
  std::vector<VerifiedManifest> manifests;
  const auto wanted = [&](const std::string& assignment) {
    return !options.assignment || *options.assignment == assignment;
  };
  for (auto& outcome : check_files(files, trust, options.jobs)) {
    if (outcome.failure) set.failures.push_back(std::move(*outcome.failure));
    if (outcome.record && wanted(outcome.record->record.assignment))
      records.push_back(std::move(*outcome.record));
    if (outcome.manual && wanted(outcome.manual->grade.assignment))
      manual.push_back(std::move(*outcome.manual));
    if (outcome.manifest && wanted(outcome.manifest->manifest.assignment)) {
      manifests.push_back(std::move(*outcome.manifest));
    }
  }
  set.manifests_checked = manifests.size();
  if (options.check_manifests) check_manifests(manifests, set, records, manual);
  resolve_duplicates(std::move(records), set);
  keep_newest_manual_grades(std::move(manual), set);
  return set;
}

}  // namespace gradebox::records
