// nbgrader's cell checksum (nbgrader/utils.py compute_checksum), bit-for-bit.
#pragma once

#include <string>

#include "grader/notebook/notebook.hpp"

namespace gradebox::notebook {

// MD5 hex of source + cell_type + str(is_grade) + str(is_solution) + str(is_locked) + grade_id
// (+ str(float(points)) for grade cells), no separators, booleans as "True"/"False".
std::string compute_checksum(const Json& cell);

// Lowercase hex MD5 of arbitrary bytes (OpenSSL EVP).
std::string md5_hex(std::string_view bytes);

}  // namespace gradebox::notebook
