// Finds the verified cell a manual grade is for (see manual_grade_target.hpp).
#include "grader/records/manual_grade_target.hpp"

#include <stdexcept>

#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"

namespace gradebox::records {

ManualGradeTarget find_manual_grade_target(const std::filesystem::path& records_root,
                                           const TrustStore& trust, const std::string& assignment,
                                           const std::string& student, const std::string& grade_id,
                                           const std::string& notebook) {
  const auto record_path = grade_record_path(records_root, assignment, student);
  const auto verified = verify_signed_file(read_file(record_path), trust);
  if (verified.payload_type != kGradeRecordPayloadType)
    throw std::runtime_error(record_path.string() + " is not a grade record");
  ManualGradeTarget target{grade_record_from_json(verified.body), {}};
  const CellResult* found = nullptr;
  for (const auto& cell : target.record.cells) {
    if (cell.grade_id != grade_id || (!notebook.empty() && cell.notebook != notebook)) continue;
    if (found)
      throw std::runtime_error("grade_id " + grade_id + " exists in " + found->notebook + " and " +
                               cell.notebook + " (hint: pass --notebook)");
    found = &cell;
  }
  if (!found)
    throw std::runtime_error("the grade record of " + student + " has no cell with grade_id " +
                             grade_id);
  target.cell = *found;
  return target;
}

}  // namespace gradebox::records
