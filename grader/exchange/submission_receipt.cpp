// Submission receipts (see submission_receipt.hpp).
#include "grader/exchange/submission_receipt.hpp"

#include "grader/autograde/folder_files.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::exchange {

SubmissionReceipt make_receipt(const std::map<std::string, std::string>& files) {
  SubmissionReceipt receipt;
  autograde::FolderFiles folder;
  folder.files = files;
  receipt.submission_sha256 = autograde::folder_digest(folder);
  for (const auto& [relative, bytes] : files)
    receipt.file_sha256[relative] = records::sha256_hex(bytes);
  return receipt;
}

std::string SubmissionReceipt::text() const {
  std::string out = "submission receipt\n";
  out += "  course:            " + course_id + "\n";
  out += "  assignment:        " + assignment + "\n";
  out += "  student:           " + student + "\n";
  out += "  timestamp:         " + timestamp + "\n";
  out += "  submission_sha256: " + submission_sha256 + "\n";
  out += "  files (sha256):\n";
  for (const auto& [relative, digest] : file_sha256)
    out += "    " + digest + "  " + relative + "\n";
  return out;
}

}  // namespace gradebox::exchange
