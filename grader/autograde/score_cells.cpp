// Step: scoring (see score_cells.hpp for the rules).
#include "grader/autograde/score_cells.hpp"

#include <cmath>
#include <cstdlib>

#include "grader/notebook/checksum.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::autograde {
namespace {
using notebook::Json;

int64_t to_milli(double points) {
  return std::llround(points * 1000.0);
}

int64_t int_member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

// execute_cells' ended_by, checked: a missing or malformed one gives no cause.
std::optional<records::NotRunCause> not_run_cause(const Json& execution) {
  const auto it = execution.find("ended_by");
  if (it == execution.end() || !it->is_object()) return std::nullopt;
  const auto verdict = it->find("verdict"), index = it->find("cell_index"),
             id = it->find("grade_id");
  if (verdict == it->end() || !verdict->is_string() || index == it->end() ||
      !index->is_number_integer() || id == it->end() || !id->is_string())
    return std::nullopt;
  return records::NotRunCause{verdict->get<std::string>(), index->get<int64_t>(),
                              id->get<std::string>()};
}

// The session's integrity findings of cell `index` (execute_cells' metadata.gradebox.integrity).
void add_integrity_findings(const Json& cell, const std::string& file, std::size_t index,
                            Findings& findings) {
  const Json execution = cell["metadata"].value("gradebox", Json::object());
  const auto integrity = execution.find("integrity");
  if (integrity == execution.end() || !integrity->is_array()) return;
  for (const auto& finding : *integrity)
    if (finding.is_object())
      findings.push_back({file, notebook::grade_id(cell), static_cast<int64_t>(index),
                          finding.value("kind", std::string()),
                          finding.value("detail", std::string())});
}

}  // namespace

std::map<std::string, std::string> release_checksums(const notebook::Notebook& release) {
  std::map<std::string, std::string> checksums;
  for (const auto& cell : release.cells())
    if (notebook::is_grade(cell) || notebook::is_solution(cell))
      checksums[notebook::grade_id(cell)] = notebook::compute_checksum(cell);
  return checksums;
}

std::optional<double> parse_partial_credit(const std::string& text_plain) {
  std::size_t begin = 0, end = text_plain.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text_plain[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text_plain[end - 1]))) --end;
  if (begin == end) return std::nullopt;
  const std::string number = text_plain.substr(begin, end - begin);
  char* stop = nullptr;
  const double value = std::strtod(number.c_str(), &stop);
  if (stop != number.c_str() + number.size() || std::isnan(value)) return std::nullopt;
  return value;
}

pipeline::Step score_cells(const std::map<std::string, std::string>& checksums,
                           std::vector<records::CellResult>& results, Findings& findings,
                           Notes& notes) {
  return {
      "score cells",
      [&checksums, &results, &findings, &notes](notebook::Notebook& nb, pipeline::StepContext&) {
        const std::string file = nb.origin().filename().string();
        for (std::size_t i = 0; i < nb.cell_count(); ++i) {
          auto& cell = nb.cell(i);
          add_integrity_findings(cell, file, i, findings);
          if (!notebook::carries_points(cell)) continue;
          const std::string id = notebook::grade_id(cell);
          const double max_points = notebook::points(cell).value_or(0);
          const Json execution = cell["metadata"].value("gradebox", Json::object());
          records::CellResult result;
          result.notebook = file;
          result.grade_id = id;
          result.max_milli = to_milli(max_points);
          result.verdict = notebook::cell_type(cell) == "code"
                               ? execution.value("verdict", std::string("not_run"))
                               : std::string("ok");
          result.cpu_ms = int_member(execution, "cpu_ms");
          result.wall_ms = int_member(execution, "wall_ms");
          result.peak_memory_bytes = int_member(execution, "peak_memory_bytes");
          if (result.verdict == "not_run") result.not_run_cause = not_run_cause(execution);
          double score = 0;
          std::string status = "auto";
          const bool manual = notebook::is_solution(cell) || notebook::cell_type(cell) != "code";
          if (notebook::is_task(cell) && !notebook::is_grade(cell)) {
            // nbgrader gives a task cell no auto score: 0 until a grader scores it.
            result.manual = true;
            result.needs_manual_grade = true;
            status = "manual_pending";
          } else if (manual) {
            result.manual = true;
            const auto released = checksums.find(id);
            const bool unchanged =
                released != checksums.end() && released->second == notebook::compute_checksum(cell);
            status = unchanged ? "no_response" : "manual_pending";
            result.needs_manual_grade = !unchanged;
          } else if (result.verdict == "ok") {
            score = max_points;
            const auto value = execution.find("value_text");
            if (value != execution.end() && value->is_string())
              if (const auto partial = parse_partial_credit(value->get<std::string>())) {
                score = *partial;
                if (score > max_points || score < 0) {
                  notes.push_back({file, id, static_cast<int64_t>(i), "partial_credit_out_of_range",
                                   "the test's value " + value->get<std::string>() +
                                       " is outside [0, " + Json(max_points).dump() + "]; capped"});
                  score = std::clamp(score, 0.0, max_points);
                }
              }
          }
          result.points_milli = to_milli(score);
          cell["metadata"]["gradebox"]["score"] = {
              {"points", score}, {"max_points", max_points}, {"status", status}};
          results.push_back(std::move(result));
        }
      }};
}

}  // namespace gradebox::autograde
