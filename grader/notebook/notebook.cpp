// Notebook loading (size, UTF-8, JSON and nbformat checks with positions), saving and cell access.
#include "grader/notebook/notebook.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include "grader/notebook/json_reader.hpp"
#include "sandbox/atomic_file.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::notebook {
namespace {

// Line and column (1-based, column in characters) of a byte offset.
std::string line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

std::string read_all(const std::filesystem::path& path, const LoadLimits& limits) {
  const sandbox::UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file)
    throw NotebookError(path, "", "cannot open: " + errno_text(errno),
                        "check that the path exists and is readable");
  struct stat st {};
  if (::fstat(file.get(), &st) != 0)
    throw NotebookError(path, "", "cannot stat: " + errno_text(errno), "");
  if (!S_ISREG(st.st_mode))
    throw NotebookError(path, "", "not a regular file", "pass a .ipynb file");
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > limits.max_bytes)
    throw NotebookError(path, "",
                        "notebook is " + std::to_string(size) + " bytes, more than the limit of " +
                            std::to_string(limits.max_bytes),
                        "clear large outputs (Cell > All Output > Clear) or raise "
                        "[limits] max_notebook_bytes in gradebox.toml");
  std::string text;
  text.reserve(size);
  if (auto problem = sandbox::read_at_most(file.get(), size, text); !problem.empty())
    throw NotebookError(path, "", "read failed: " + problem, "");
  return text;
}

void require_structure(const Json& doc, const std::filesystem::path& origin) {
  if (!doc.is_object())
    throw NotebookError(origin, "top level", "not a notebook: the JSON value is not an object",
                        "a .ipynb file is a JSON object with \"cells\" and \"metadata\"");
  const auto nbformat = doc.find("nbformat");
  if (nbformat == doc.end() || !nbformat->is_number_integer())
    throw NotebookError(origin, "/nbformat", "missing or non-integer \"nbformat\" field",
                        "save the notebook again from Jupyter");
  const auto version = nbformat->get<std::int64_t>();
  if (version < 4)
    throw NotebookError(origin, "/nbformat",
                        "nbformat " + std::to_string(version) + " is not supported (need 4)",
                        "convert it: jupyter nbconvert --to notebook --nbformat 4 --inplace FILE");
  if (version > 4)
    throw NotebookError(origin, "/nbformat",
                        "nbformat " + std::to_string(version) + " is newer than supported (4)",
                        "save it as nbformat 4 or upgrade gradebox");
  const auto cells = doc.find("cells");
  if (cells == doc.end() || !cells->is_array())
    throw NotebookError(origin, "/cells", "missing or non-array \"cells\" field", "");
  const auto metadata = doc.find("metadata");
  if (metadata == doc.end() || !metadata->is_object())
    throw NotebookError(origin, "/metadata", "missing or non-object \"metadata\" field", "");
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const Json& cell = (*cells)[i];
    const std::string where = "/cells/" + std::to_string(i);
    if (!cell.is_object()) throw NotebookError(origin, where, "cell is not an object", "");
    const auto type = cell.find("cell_type");
    if (type == cell.end() || !type->is_string())
      throw NotebookError(origin, where, "cell has no \"cell_type\" string", "");
    const auto meta = cell.find("metadata");
    if (meta == cell.end() || !meta->is_object())
      throw NotebookError(origin, where, "cell has no \"metadata\" object", "");
    const auto source = cell.find("source");
    bool source_ok = source != cell.end() && (source->is_string() || source->is_array());
    if (source_ok && source->is_array())
      for (const auto& line : *source) source_ok = source_ok && line.is_string();
    if (!source_ok)
      throw NotebookError(origin, where + "/source",
                          "cell source must be a string or a list of strings", "");
  }
}

std::string describe(const std::filesystem::path& file, const std::string& location,
                     const std::string& message, const std::string& hint) {
  std::string text = file.string();
  if (!location.empty()) text += " (" + location + ")";
  text += ": " + message;
  if (!hint.empty()) text += " [fix: " + hint + "]";
  return text;
}

}  // namespace

NotebookError::NotebookError(std::filesystem::path file, std::string location, std::string message,
                             std::string hint)
    : std::runtime_error(describe(file, location, message, hint)),
      file_(std::move(file)),
      location_(std::move(location)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

Notebook::Notebook(Json doc, std::filesystem::path origin)
    : doc_(std::move(doc)), origin_(std::move(origin)) {}

Notebook Notebook::from_text(std::string_view text, const std::filesystem::path& origin) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw NotebookError(origin, "", "file is empty",
                        "the notebook was probably truncated; restore it from a backup");
  if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos)
    throw NotebookError(origin, line_column(text, bad) + ", byte " + std::to_string(bad),
                        "text is not valid UTF-8",
                        "re-save the file as UTF-8 (notebooks are always UTF-8)");
  Json doc;
  try {
    doc = read_json(text);
  } catch (const JsonSyntaxError& e) {
    const std::size_t at = e.byte_offset();
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos)
      what = what.substr(colon + 2);
    throw NotebookError(origin, line_column(text, at), "malformed JSON: " + what,
                        "fix the JSON syntax there, or restore the notebook from a checkpoint");
  }
  require_structure(doc, origin);
  return Notebook(std::move(doc), origin);
}

Notebook Notebook::load(const std::filesystem::path& path, const LoadLimits& limits) {
  return from_text(read_all(path, limits), path);
}

std::string Notebook::to_text(KeyOrder order) const {
  return to_jupyter_json(doc_, order);
}

void Notebook::save(const std::filesystem::path& path) const {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  try {
    sandbox::write_file_atomically(sandbox::open_directory(folder).get(), path.filename().string(),
                                   to_text(), 0644, path);
  } catch (const std::filesystem::filesystem_error& e) {
    throw NotebookError(path, "", std::string("cannot write: ") + e.code().message(),
                        "check free space and permissions of the folder");
  }
}

std::string Notebook::kernel_language() const {
  const auto& meta = metadata();
  const auto spec = meta.find("kernelspec");
  if (spec == meta.end() || !spec->is_object()) return "python";
  const auto language = spec->find("language");
  if (language == spec->end() || !language->is_string()) return "python";
  return language->get<std::string>();
}

std::string cell_source(const Json& cell) {
  const Json& source = cell.at("source");
  if (source.is_string()) return source.get<std::string>();
  std::string joined;
  for (const auto& line : source) joined += line.get_ref<const std::string&>();
  return joined;
}

void set_cell_source(Json& cell, std::string_view source) {
  Json lines = Json::array();
  for (auto& line : split_lines_keepends(source)) lines.push_back(std::move(line));
  cell["source"] = std::move(lines);
}

std::string cell_type(const Json& cell) {
  return cell.at("cell_type").get<std::string>();
}

std::vector<std::string> split_lines_keepends(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0, i = 0;
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    std::size_t end = 0;  // one past the line break, 0 when text[i] is not a break
    const unsigned char c = at(i);
    if (c == '\r') {
      end = (i + 1 < text.size() && text[i + 1] == '\n') ? i + 2 : i + 1;
    } else if (c == '\n' || c == 0x0b || c == 0x0c || (c >= 0x1c && c <= 0x1e)) {
      end = i + 1;
    } else if (c == 0xC2 && i + 1 < text.size() && at(i + 1) == 0x85) {
      end = i + 2;
    } else if (c == 0xE2 && i + 2 < text.size() && at(i + 1) == 0x80 &&
               (at(i + 2) == 0xA8 || at(i + 2) == 0xA9)) {
      end = i + 3;
    }
    if (end == 0) {
      ++i;
      continue;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = i = end;
  }
  if (start < text.size()) lines.emplace_back(text.substr(start));
  return lines;
}

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace gradebox::notebook
