// One export run, as gradebox-export performs it: load trust store and roster, verify every
// record file (nothing is written when anything fails, unless allow_partial), build the grade
// table, report roster mismatches and duplicates on `err`, write the chosen format.
// Exit codes: 0 exported; 1 verification failed, nothing written; 2 usage or input error
// (trust store, roster, output path); 3 partial export written (--allow-partial with failures).
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "grader/export/export_format.hpp"
#include "grader/export/late_policy.hpp"

namespace gradebox::exporting {

inline constexpr int kExportOk = 0;
inline constexpr int kExportVerificationFailed = 1;
inline constexpr int kExportUsageError = 2;
inline constexpr int kExportPartial = 3;

struct ExportOptions {
  std::vector<std::filesystem::path> record_inputs;
  std::filesystem::path trust_store;
  ExportFormat format = ExportFormat::nbgrader;
  std::optional<std::filesystem::path> roster;
  std::optional<std::string> assignment;
  std::optional<LatePolicy> late_policy;  // none given: each record's penalty_method
  bool allow_partial = false;
  std::optional<std::filesystem::path> output;  // stdout when absent (not for gradescope)
  FormatOptions format_options;                 // per_cell, due, LMS ids, Moodle identifier
  unsigned jobs = 0;
};

int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace gradebox::exporting
