// How a student finds their feedback in the exchange without being able to list it: nbgrader's
// notebook_hash, the MD5 hex of submission_secret.txt's text followed by the notebook id (its
// file name without .ipynb); the feedback is published as feedback/<hash>.html. The secret is
// nbgrader's secrets.token_hex(64), written by submit and known only to the student (their cache)
// and the instructor (the collected submission).
#pragma once

#include <string>
#include <string_view>

namespace gradebox::exchange {

std::string feedback_hash(std::string_view submission_secret, std::string_view notebook_id);

// 64 random bytes as 128 hex digits.
std::string new_submission_secret();

}  // namespace gradebox::exchange
