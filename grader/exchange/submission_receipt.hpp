// What a student keeps after `gradebox submit`: the course, assignment, student, the timestamp and
// the SHA-256 of exactly what was submitted. The digest is the grade record's submission_sha256
// (autograde::folder_digest: SHA-256 over "path NUL sha256(bytes) LF" lines sorted by path)
// over the submitted files with timestamp.txt and submission_secret.txt, which is what collect
// writes to submitted/<student>/<a>/ and autograde reads, so the record of the graded submission
// carries the same value: a student can show that what they submitted is what was graded.
#pragma once

#include <map>
#include <string>

namespace gradebox::exchange {

struct SubmissionReceipt {
  std::string course_id;
  std::string assignment;
  std::string student;
  std::string timestamp;
  std::string submission_sha256;
  std::map<std::string, std::string> file_sha256;  // relative path -> hex SHA-256

  // The text printed and kept in the cache (receipts/<student>+<a>+<timestamp>.txt).
  std::string text() const;
};

// The receipt of `files` (relative path -> bytes, timestamp.txt and submission_secret.txt
// included).
SubmissionReceipt make_receipt(const std::map<std::string, std::string>& files);

}  // namespace gradebox::exchange
