// gradebox-export: verified grades out to an LMS. Links only the record and export libraries.
#include <iostream>

#include "grader/export/export_arguments.hpp"

int main(int argc, char** argv) {
  using namespace gradebox::exporting;
  const auto parsed = parse_export_arguments(std::vector<std::string>(argv + 1, argv + argc));
  if (const auto* help = std::get_if<ExportHelpRequested>(&parsed)) {
    std::cout << help->text;
    return kExportOk;
  }
  if (const auto* error = std::get_if<ExportUsageError>(&parsed)) {
    std::cerr << "gradebox-export: " << error->message << "\n" << kExportUsage;
    return kExportUsageError;
  }
  return run_export(std::get<ExportOptions>(parsed), std::cout, std::cerr);
}
