// Reading an LMS's bulk download (a zip) into memory with libarchive, treating it as hostile:
//   - only regular file entries are read; a symbolic or hard link entry, a device or a FIFO is
//     refused (never created, never followed); directory entries are skipped;
//   - an entry's path must be relative and plain: no leading '/', no '..' component, no '\',
//     no NUL or control character, valid UTF-8 (a name that is not is refused, shown escaped);
//   - at most max_entries entries are looked at (the rest of the archive is refused as a whole);
//   - each entry's data is read in chunks and refused as soon as it passes max_entry_bytes, and
//     the archive's data together may not pass max_total_bytes (a zip bomb stops at the cap,
//     whatever sizes its headers claim).
// Nothing is written anywhere; problems are returned as data.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace gradebox::zip_collect {

struct ArchiveLimits {
  std::size_t max_entries = 20'000;
  std::uint64_t max_entry_bytes = 64ull << 20;
  std::uint64_t max_total_bytes = 2ull << 30;
};

struct ArchiveFile {
  std::string path;   // as stored, "./" components and repeated '/' dropped
  std::string bytes;  // empty unless the caller wanted them
  bool bytes_read = false;
};

struct RefusedEntry {
  std::string path;    // printable (course::printable_text), or "entry N" when unreadable
  std::string reason;  // e.g. "a symbolic link entry (links are never extracted)"
};

struct ArchiveContents {
  std::vector<ArchiveFile> files;  // archive order
  std::vector<RefusedEntry> refused;
  std::string error;  // the archive as a whole could not be (fully) read: why
  std::uint64_t bytes_read = 0;
};

// Reads `archive`; `wanted(path)` says whose bytes to read (the others are listed, not read).
ArchiveContents read_archive(const std::filesystem::path& archive, const ArchiveLimits& limits,
                             const std::function<bool(const std::string&)>& wanted);

}  // namespace gradebox::zip_collect
