// The nbformat v4 notebook model: load with precise errors, edit cells, save as Jupyter does.
//
// The whole document is kept as an ordered JSON tree, so fields gradebox does not know (cell ids,
// attachments, widget state, extension metadata) survive untouched. Unchanged cells keep their
// source exactly as read (a string or a list of lines); a cell whose source is set is written as
// nbformat writes it (a list of lines split like Python's str.splitlines(keepends=True)).
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::notebook {

// A notebook that cannot be read: says which file, where (line/column when the text itself is
// at fault, otherwise the JSON location), what is wrong and how to fix it.
class NotebookError : public std::runtime_error {
 public:
  NotebookError(std::filesystem::path file, std::string location, std::string message,
                std::string hint);
  const std::filesystem::path& file() const { return file_; }
  const std::string& location() const { return location_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

 private:
  std::filesystem::path file_;
  std::string location_;
  std::string message_;
  std::string hint_;
};

struct LoadLimits {
  // Larger notebooks are refused before being read (a runaway output cell, a pasted data set).
  std::uintmax_t max_bytes = 32u * 1024u * 1024u;
};

class Notebook {
 public:
  // Parses notebook text; `origin` is only used to name the file in errors.
  static Notebook from_text(std::string_view text, const std::filesystem::path& origin);
  static Notebook load(const std::filesystem::path& path, const LoadLimits& limits = {});

  // Jupyter's bytes for this notebook (1-space indent, sorted keys, trailing newline).
  std::string to_text(KeyOrder order = KeyOrder::sorted) const;
  // Writes to a temporary file next to `path`, then renames it over `path`.
  void save(const std::filesystem::path& path) const;

  Json& json() { return doc_; }
  const Json& json() const { return doc_; }
  Json& cells() { return doc_["cells"]; }
  const Json& cells() const { return doc_.at("cells"); }
  Json& metadata() { return doc_["metadata"]; }
  const Json& metadata() const { return doc_.at("metadata"); }
  std::size_t cell_count() const { return cells().size(); }
  Json& cell(std::size_t index) { return cells()[index]; }
  const Json& cell(std::size_t index) const { return cells()[index]; }

  // metadata.kernelspec.language, "python" when absent (as nbgrader decides the stub language).
  std::string kernel_language() const;
  const std::filesystem::path& origin() const { return origin_; }

 private:
  Notebook(Json doc, std::filesystem::path origin);
  Json doc_;
  std::filesystem::path origin_;
};

// A cell's source as one string, whether stored as a string or a list of lines.
std::string cell_source(const Json& cell);
// Stores `source` as nbformat writes it: a list of lines keeping their line endings.
void set_cell_source(Json& cell, std::string_view source);
std::string cell_type(const Json& cell);

// Python's str.splitlines(keepends=True): splits after \n, \r, \r\n, \v, \f, \x1c-\x1e, U+0085,
// U+2028 and U+2029, exactly the boundaries nbformat uses when it writes a multiline string.
std::vector<std::string> split_lines_keepends(std::string_view text);

// Byte offset of the first byte that is not valid UTF-8, or npos when the text is valid.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace gradebox::notebook
