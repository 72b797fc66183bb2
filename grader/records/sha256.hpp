// SHA-256 digests (OpenSSL EVP) as lowercase hex, of byte strings and of files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace gradebox::records {

std::string sha256_raw(std::string_view bytes);  // 32 raw bytes
std::string sha256_hex(std::string_view bytes);  // 64 lowercase hex chars

// Throws std::runtime_error naming the path when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace gradebox::records
