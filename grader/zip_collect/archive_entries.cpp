// Owns reading hostile zip archives into memory (see archive_entries.hpp).
#include "grader/zip_collect/archive_entries.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <memory>

#include "grader/course/printable_text.hpp"
#include "grader/course/utf8_text.hpp"

namespace gradebox::zip_collect {
namespace {

struct ArchiveFree {
  void operator()(archive* reader) const { archive_read_free(reader); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveFree>;

std::string mib_text(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// The entry's name as stored: UTF-8 when libarchive can give it so, else the raw bytes.
std::string entry_name(archive_entry* entry) {
  if (const char* utf8 = archive_entry_pathname_utf8(entry)) return utf8;
  if (const char* raw = archive_entry_pathname(entry)) return raw;
  return "";
}

// Why `path` is not a plain relative path; empty when it is. `normalized` gets it without "."
// components and repeated '/'.
std::string path_why_not(const std::string& path, std::string& normalized) {
  if (path.empty()) return "the entry has no readable name";
  if (!course::is_valid_utf8(path)) return "its name is not valid UTF-8";
  if (path.front() == '/') return "an absolute path (entries are extracted below submitted/ only)";
  if (path.find('\\') != std::string::npos) return "its name holds '\\' (a Windows path separator)";
  for (const char c : path)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return "its name holds a control character";
  normalized.clear();
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string component = path.substr(start, end - start);
    if (component == "..") return "a '..' component (it would leave the extraction folder)";
    if (!component.empty() && component != ".")
      normalized += (normalized.empty() ? "" : "/") + component;
    start = end + 1;
  }
  if (normalized.empty()) return "the entry has no readable name";
  return "";
}

std::string type_why_not(archive_entry* entry) {
  if (archive_entry_hardlink(entry)) return "a hard link entry (links are never extracted)";
  const auto type = archive_entry_filetype(entry);
  if (type == AE_IFLNK || archive_entry_symlink(entry))
    return "a symbolic link entry (links are never extracted)";
  if (type != AE_IFREG) return "not a regular file (a device, FIFO or socket entry)";
  return "";
}

// libarchive converts entry names through the thread's locale: a UTF-8 one for the read keeps
// UTF-8 names (Moodle's "Zoë Müller_...") whole instead of unconvertible in the "C" locale.
class Utf8LocaleScope {
 public:
  Utf8LocaleScope() : utf8_(::newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{})) {
    if (utf8_) previous_ = ::uselocale(utf8_);
  }
  ~Utf8LocaleScope() {
    if (!utf8_) return;
    ::uselocale(previous_);
    ::freelocale(utf8_);
  }
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t utf8_;
  locale_t previous_ = LC_GLOBAL_LOCALE;
};

class ArchiveRead {
 public:
  ArchiveRead(const ArchiveLimits& limits, ArchiveContents& out) : limits_(limits), out_(out) {}

  void run(const std::filesystem::path& path,
           const std::function<bool(const std::string&)>& wanted) {
    reader_.reset(archive_read_new());
    archive_read_support_format_zip(reader_.get());
    if (archive_read_open_filename(reader_.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK)
      return fail("cannot be opened as a zip archive: " + libarchive_error());
    for (std::size_t index = 1;; ++index) {
      archive_entry* entry = nullptr;
      const int rc = archive_read_next_header(reader_.get(), &entry);
      if (rc == ARCHIVE_EOF) return;
      if (rc < ARCHIVE_WARN)
        return fail("is damaged after entry " + std::to_string(index - 1) + ": " +
                    libarchive_error());
      if (index > limits_.max_entries)
        return fail("has more than " + std::to_string(limits_.max_entries) +
                    " entries; the rest is not read (split the download)");
      if (!take(entry, index, wanted)) return;
    }
  }

 private:
  // false when reading has to stop (the total cap, a damaged entry).
  bool take(archive_entry* entry, std::size_t index,
            const std::function<bool(const std::string&)>& wanted) {
    const std::string raw = entry_name(entry);
    const std::string shown =
        raw.empty() ? "entry " + std::to_string(index) : course::printable_text(raw);
    if (archive_entry_filetype(entry) == AE_IFDIR && !archive_entry_hardlink(entry)) return true;
    std::string normalized;
    std::string why = type_why_not(entry);
    if (why.empty()) why = path_why_not(raw, normalized);
    if (!why.empty()) {
      out_.refused.push_back({shown, why});
      return true;
    }
    ArchiveFile file{normalized, "", false};
    if (wanted(normalized)) {
      if (!read_data(file, shown)) return !stopped_;
      file.bytes_read = true;
    }
    out_.files.push_back(std::move(file));
    return true;
  }

  // Reads the entry's data under both caps; false (entry refused) when one is passed.
  bool read_data(ArchiveFile& file, const std::string& shown) {
    char buffer[64 * 1024];
    for (;;) {
      const la_ssize_t n = archive_read_data(reader_.get(), buffer, sizeof buffer);
      if (n == 0) return true;
      if (n < 0) {
        out_.refused.push_back({shown, "its data cannot be read: " + libarchive_error()});
        stopped_ = n == ARCHIVE_FATAL;
        return false;
      }
      if (file.bytes.size() + std::size_t(n) > limits_.max_entry_bytes) {
        out_.refused.push_back({shown, "it unpacks to more than " +
                                           mib_text(limits_.max_entry_bytes) +
                                           " (the per-file cap; a zip bomb?)"});
        return false;
      }
      if (out_.bytes_read + std::size_t(n) > limits_.max_total_bytes) {
        out_.refused.push_back({shown, "the archive unpacks to more than " +
                                           mib_text(limits_.max_total_bytes) + " in all"});
        fail("passes the cap of " + mib_text(limits_.max_total_bytes) +
             " unpacked; the rest is not read (a zip bomb?)");
        stopped_ = true;
        return false;
      }
      file.bytes.append(buffer, std::size_t(n));
      out_.bytes_read += std::size_t(n);
    }
  }

  void fail(const std::string& why) { out_.error = why; }
  std::string libarchive_error() {
    const char* text = archive_error_string(reader_.get());
    return text ? course::printable_text(text) : "unknown error";
  }

  const ArchiveLimits& limits_;
  ArchiveContents& out_;
  ArchiveReader reader_;
  bool stopped_ = false;
};

}  // namespace

ArchiveContents read_archive(const std::filesystem::path& archive, const ArchiveLimits& limits,
                             const std::function<bool(const std::string&)>& wanted) {
  ArchiveContents contents;
  const Utf8LocaleScope utf8;
  ArchiveRead(limits, contents).run(archive, wanted);
  return contents;
}

}  // namespace gradebox::zip_collect
