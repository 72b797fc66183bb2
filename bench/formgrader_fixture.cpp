// bench/formgrader_fixture: makes a large assignment for the formgrader page-load benchmark from
// one really autograded submission. Each of N synthetic students gets a copy of the template's
// autograded notebooks and its grade record (student and record id changed, points varied so the
// charts have a spread), signed with the course's active key in one run with its manifest.
// Usage: formgrader_fixture COURSE ASSIGNMENT TEMPLATE_STUDENT N
#include <cstdlib>
#include <iostream>

#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_run_writer.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace fs = std::filesystem;
using namespace gradebox;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: formgrader_fixture COURSE ASSIGNMENT TEMPLATE_STUDENT N\n";
    return 2;
  }
  const fs::path course = argv[1];
  const std::string assignment = argv[2], template_student = argv[3];
  const int count = std::atoi(argv[4]);
  const fs::path keys = course / ".gradebox" / "keys";
  try {
    const auto trust = records::TrustStore::load(keys / records::kTrustStoreFileName);
    const auto verified =
        records::verify_signed_file(records::read_file(records::grade_record_path(
                                        course / "records", assignment, template_student)),
                                    trust);
    const auto model = records::grade_record_from_json(verified.body);
    records::RecordRunWriter writer(course / "records",
                                    records::load_active_signing_key(keys).private_key,
                                    model.course, assignment);
    for (int i = 0; i < count; ++i) {
      auto record = model;
      record.student = "student" + std::to_string(1000 + i);
      record.record_id = records::new_record_id();
      for (auto& cell : record.cells)
        if (!cell.manual && (i + cell.grade_id.size()) % 3 == 0) cell.points_milli = 0;
      fs::create_directories(course / "autograded" / record.student);
      fs::copy(course / "autograded" / template_student / assignment,
               course / "autograded" / record.student / assignment,
               fs::copy_options::recursive | fs::copy_options::overwrite_existing);
      writer.write(record);
    }
    writer.finish(records::utc_now());
  } catch (const std::exception& e) {
    std::cerr << "formgrader_fixture: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
