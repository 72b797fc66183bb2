// Student-side validation (see validate_notebook.hpp).
#include "grader/autograde/validate_notebook.hpp"

#include <regex>
#include <sstream>

#include "grader/autograde/execute_cells.hpp"
#include "grader/autograde/score_cells.hpp"
#include "grader/autograde/validate_scratch_copy.hpp"
#include "grader/notebook/checksum.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/steps.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;
using notebook::Json;

namespace {

constexpr std::size_t kWidth = 90;
constexpr const char* kIndent = "    ";

std::string strip(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\n\r\f\v");
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(" \t\n\r\f\v");
  return text.substr(begin, end - begin + 1);
}

std::string strip_ansi(const std::string& text) {
  static const std::regex ansi("\x1b\\[[0-9;]*[A-Za-z]");
  return std::regex_replace(text, ansi, "");
}

std::size_t code_points(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

std::string first_code_points(const std::string& text, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (count == n) return text.substr(0, i);
      ++count;
    }
  }
  return text;
}

// nbgrader's Validator._indent.
std::string indent(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto newline = value.find('\n', pos);
    std::string line =
        kIndent + strip_ansi(value.substr(
                      pos, newline == std::string::npos ? std::string::npos : newline - pos));
    if (code_points(line) > kWidth - 3) line = first_code_points(line, kWidth - 3) + "...";
    out += line;
    if (newline == std::string::npos) break;
    out += '\n';
    pos = newline + 1;
  }
  return out;
}

// Python's textwrap.fill(text, width=90) for the warning texts (plain words, no long words).
std::string fill(const std::string& text) {
  std::istringstream words(text);
  std::string word, line, out;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > kWidth) {
      out += line + '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

std::string rule() {
  return "\n" + std::string(kWidth, '=') + "\n";
}

std::string error_text(const Json& cell) {
  std::string errors;
  if (cell.value("cell_type", "") == "code")
    for (const auto& output : cell.value("outputs", Json::array())) {
      if (output.value("output_type", "") != "error") continue;
      std::string joined;
      for (const auto& line : output.value("traceback", Json::array()))
        joined += (joined.empty() ? "" : "\n") + line.get<std::string>();
      errors += (errors.empty() ? "" : "\n") + joined;
    }
  return errors.empty() ? "You did not provide a response." : errors;
}

}  // namespace

ValidationResult validate_notebook(const fs::path& path, const CourseConfig& config,
                                   const SessionFactory& open_session,
                                   const ValidateOptions& validate_options) {
  ValidationResult result;
  result.notebook = path;
  result.inverted = validate_options.invert;
  std::optional<ValidateScratchCopy> copy;
  std::optional<notebook::Notebook> loaded;
  try {
    copy.emplace(path, ValidateCopyLimits{config.limits.max_bytes});
    result.not_copied = copy->skipped();
    loaded.emplace(notebook::Notebook::from_text(copy->notebook_text(), path));
  } catch (const notebook::NotebookError& e) {
    result.status = "error";
    result.error = (e.location().empty() ? "" : e.location() + ": ") + e.message() +
                   (e.hint().empty() ? "" : " (" + e.hint() + ")");
    return result;
  } catch (const sandbox::UnreadableFile& e) {
    result.status = "error";
    result.error = e.what();
    return result;
  }
  auto& nb = *loaded;

  for (const auto& cell : nb.cells()) {
    if (!(notebook::is_grade(cell) || notebook::is_solution(cell) || notebook::is_locked(cell)))
      continue;
    const std::string recorded = cell["metadata"]["nbgrader"].value("cell_type", "");
    if (!recorded.empty() && recorded != notebook::cell_type(cell))
      result.type_changed.push_back(
          {strip(notebook::cell_source(cell)), notebook::cell_type(cell), recorded, ""});
  }
  if (!result.type_changed.empty()) {
    result.status = "type_changed";
    return result;
  }

  // Changed locked cells are judged on the file as submitted.
  for (const auto& cell : nb.cells()) {
    if (!(notebook::is_grade(cell) || notebook::is_locked(cell))) continue;
    if (!notebook::is_locked(cell) || !cell["metadata"]["nbgrader"].contains("checksum")) continue;
    if (cell["metadata"]["nbgrader"]["checksum"] != notebook::compute_checksum(cell))
      result.changed.push_back({strip(notebook::cell_source(cell)), "", "", ""});
  }
  if (!result.changed.empty()) {
    result.status = "changed";
    return result;
  }

  // Checksums as released: what "unchanged answer" and "changed test" are measured against.
  std::map<std::string, std::string> released;
  for (const auto& cell : nb.cells())
    if (notebook::has_nbgrader_metadata(cell) && cell["metadata"]["nbgrader"].contains("checksum"))
      released[notebook::grade_id(cell)] =
          cell["metadata"]["nbgrader"]["checksum"].get<std::string>();

  Findings ignored;
  std::vector<records::CellResult> scores;
  notebook::Problems problems;
  pipeline::StepContext context{config, problems};
  // The session works in the private copy, never in the caller's folder.
  const runtime::SessionOptions options{
      copy->dir(), {{"NBGRADER_EXECUTION", "validate"}, {"NBGRADER_VALIDATING", "1"}}};
  const pipeline::Pipeline steps = {pipeline::check_cell_metadata(), pipeline::clear_outputs(),
                                    clear_execution_metadata(ignored),
                                    execute_cells([&] { return open_session(options); }),
                                    score_cells(released, scores, ignored, ignored)};
  if (!pipeline::run_pipeline(steps, nb, context)) {
    result.status = "error";
    for (const auto& p : problems)
      if (p.severity == notebook::Severity::error)
        result.error += (result.error.empty() ? "" : "; ") + notebook::format_problem(p);
    return result;
  }

  for (const auto& cell : nb.cells()) {
    if (!notebook::is_grade(cell)) continue;
    const Json score = cell["metadata"]["gradebox"].value("score", Json::object());
    const std::string status = score.value("status", "");
    const bool verdict_ok = cell["metadata"]["gradebox"].value("verdict", "ok") == "ok";
    const double points = score.value("points", 0.0), max = score.value("max_points", 0.0);
    const bool test_failed = status == "auto" && (!verdict_ok || points < max);
    if (test_failed || status == "no_response")
      result.failed.push_back({strip(notebook::cell_source(cell)), "", "", error_text(cell)});
    // nbgrader's _get_passed_cells: an auto-graded cell scoring its maximum.
    if (status == "auto" && verdict_ok && points == max)
      result.passing.push_back({strip(notebook::cell_source(cell)), "", "", ""});
  }
  if (result.inverted)
    result.status = result.passing.empty() ? "success" : "passed";
  else
    result.status = result.failed.empty() ? "success" : "failed";
  return result;
}

std::string format_validation(const ValidationResult& r) {
  std::string out;
  const auto count = [](std::size_t n) { return std::to_string(n); };
  if (r.status == "error") return r.notebook.string() + ": cannot validate: " + r.error + "\n";
  if (r.status == "type_changed") {
    out += fill("THE TYPES OF " + count(r.type_changed.size()) +
                " CELL(S) HAVE CHANGED! This might mean that even though the tests are passing "
                "now, they won't pass when your assignment is graded.");
    for (const auto& cell : r.type_changed)
      out += rule() + "The following " + cell.old_type + " cell has changed to a " + cell.new_type +
             " cell:\n\n" + indent(cell.source) + "\n\n";
  } else if (r.status == "changed") {
    out += fill("THE CONTENTS OF " + count(r.changed.size()) +
                " TEST CELL(S) HAVE CHANGED! This might mean that even though the tests are "
                "passing now, they won't pass when your assignment is graded.");
    for (const auto& cell : r.changed)
      out += rule() + "The following cell has changed:\n\n" + indent(cell.source) + "\n\n";
  } else if (r.inverted) {
    if (r.passing.empty()) return "Success! The notebook does not pass any tests.\n";
    out += fill("NOTEBOOK PASSED ON " + count(r.passing.size()) + " CELL(S)!");
    for (const auto& cell : r.passing)
      out += rule() + "The following cell passed:\n\n" + indent(cell.source) + "\n\n";
  } else if (r.failed.empty()) {
    out += "Success! Your notebook passes all the tests.\n";
  } else {
    out += fill("VALIDATION FAILED ON " + count(r.failed.size()) +
                " CELL(S)! If you submit your assignment as it is, you WILL NOT receive full "
                "credit.");
    for (const auto& cell : r.failed)
      out += rule() + "The following cell failed:\n\n" + indent(cell.source) +
             "\n\nThe error was:\n\n" + indent(cell.error) + "\n\n";
  }
  return out;
}

Json validation_to_json(const ValidationResult& r) {
  const auto cells = [](const std::vector<ValidatedCell>& list, bool types, bool errors) {
    Json array = Json::array();
    for (const auto& c : list) {
      Json item = {{"source", c.source}};
      if (types) {
        item["old_type"] = c.old_type;
        item["new_type"] = c.new_type;
      }
      if (errors) item["error"] = strip_ansi(c.error);
      array.push_back(std::move(item));
    }
    return array;
  };
  return {{"notebook", r.notebook.string()},
          {"status", r.status},
          {"error", r.error},
          {"type_changed", cells(r.type_changed, true, false)},
          {"changed", cells(r.changed, false, false)},
          {"failed", cells(r.failed, false, true)},
          {"passed", cells(r.passing, false, false)},
          {"inverted", r.inverted},
          {"not_copied", r.not_copied}};
}

}  // namespace gradebox::autograde
