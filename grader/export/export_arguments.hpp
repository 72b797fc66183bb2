// gradebox-export's command line, parsed by hand so the tool builds with nothing but OpenSSL and
// nlohmann_json (CLI11 would be one more package on an instructor's laptop). See kExportUsage.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "grader/export/export_run.hpp"

namespace gradebox::exporting {

extern const char* const kExportUsage;

struct ExportHelpRequested {
  std::string text;  // usage or version text for stdout
};
struct ExportUsageError {
  std::string message;
};

std::variant<ExportOptions, ExportHelpRequested, ExportUsageError> parse_export_arguments(
    const std::vector<std::string>& args);

}  // namespace gradebox::exporting
