// Owns the grade record body: its JSON form and strict reading.
#include "grader/records/grade_record.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "grader/records/json_fields.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::records {

GradeTotals GradeRecord::totals() const {
  GradeTotals totals;
  for (const auto& cell : cells) {
    totals.points_milli += cell.points_milli;
    totals.max_milli += cell.max_milli;
    if (cell.needs_manual_grade) ++totals.manual_pending;
  }
  return totals;
}

std::string new_record_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

namespace {

nlohmann::json findings_json(const std::vector<TamperingFinding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : findings)
    out.push_back({{"notebook", t.notebook},
                   {"grade_id", t.grade_id},
                   {"cell_index", t.cell_index},
                   {"kind", t.kind},
                   {"detail", t.detail}});
  return out;
}

std::vector<TamperingFinding> read_findings(const nlohmann::json& body, const char* member) {
  std::vector<TamperingFinding> findings;
  for (const auto& t : require_array(body, member))
    findings.push_back({require_string(t, "notebook"), require_string(t, "grade_id"),
                        require_integer(t, "cell_index"), require_string(t, "kind"),
                        require_string(t, "detail")});
  return findings;
}

}  // namespace

nlohmann::json to_json(const GradeRecord& record) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : record.cells) {
    nlohmann::json cause = nullptr;
    if (c.not_run_cause)
      cause = {{"verdict", c.not_run_cause->verdict},
               {"cell_index", c.not_run_cause->cell_index},
               {"grade_id", c.not_run_cause->grade_id}};
    cells.push_back({{"notebook", c.notebook},
                     {"grade_id", c.grade_id},
                     {"points_milli", c.points_milli},
                     {"max_milli", c.max_milli},
                     {"verdict", c.verdict},
                     {"cpu_ms", c.cpu_ms},
                     {"wall_ms", c.wall_ms},
                     {"peak_memory_bytes", c.peak_memory_bytes},
                     {"manual", c.manual},
                     {"needs_manual_grade", c.needs_manual_grade},
                     {"not_run_cause", std::move(cause)}});
  }
  const GradeTotals totals = record.totals();
  return {{"schema", kGradeRecordSchema},
          {"schema_version", kGradeRecordSchemaVersion},
          {"record_id", record.record_id},
          {"course", record.course},
          {"assignment", record.assignment},
          {"student", record.student},
          {"status", record.status},
          {"error", record.error},
          {"submission_sha256", record.submission_sha256},
          {"release_sha256", record.release_sha256},
          {"master_sha256", record.master_sha256},
          {"cells", std::move(cells)},
          {"totals",
           {{"points_milli", totals.points_milli},
            {"max_milli", totals.max_milli},
            {"manual_pending", totals.manual_pending}}},
          {"tampering", findings_json(record.tampering)},
          {"notes", findings_json(record.notes)},
          {"isolation", {{"level", record.isolation.level}, {"limits", record.isolation.limits}}},
          {"gradebox_version", record.gradebox_version},
          {"graded_at", record.graded_at},
          {"late",
           {{"submitted_at", record.late.submitted_at},
            {"timestamp_txt", record.late.timestamp_txt},
            {"penalty_method", record.late.penalty_method}}}};
}

namespace {

// Version 1 (before not_run_cause) and 2 (before notes and penalty_method) records stay readable.
int64_t require_grade_record_schema(const nlohmann::json& body) {
  const int64_t version = require_integer(body, "schema_version");
  require_schema(body, kGradeRecordSchema,
                 version == 1 || version == 2 ? version : kGradeRecordSchemaVersion);
  return version;
}

std::optional<NotRunCause> read_not_run_cause(const nlohmann::json& cell, int64_t version) {
  if (version < 2) return std::nullopt;
  const auto it = cell.find("not_run_cause");
  if (it == cell.end()) throw std::invalid_argument("missing member \"not_run_cause\"");
  if (it->is_null()) return std::nullopt;
  if (!it->is_object()) throw std::invalid_argument("not_run_cause must be null or an object");
  return NotRunCause{require_string(*it, "verdict"), require_integer(*it, "cell_index"),
                     require_string(*it, "grade_id")};
}

}  // namespace

GradeRecord grade_record_from_json(const nlohmann::json& body) {
  const int64_t version = require_grade_record_schema(body);
  GradeRecord r;
  r.record_id = require_string(body, "record_id");
  r.course = require_string(body, "course");
  r.assignment = require_string(body, "assignment");
  r.student = require_string(body, "student");
  r.status = require_string(body, "status");
  if (r.status != "graded" && r.status != "error")
    throw std::invalid_argument("status must be \"graded\" or \"error\"");
  r.error = require_string(body, "error");
  r.submission_sha256 = require_string(body, "submission_sha256");
  r.release_sha256 = require_string(body, "release_sha256");
  r.master_sha256 = require_string(body, "master_sha256");
  for (const auto& c : require_array(body, "cells")) {
    CellResult cell;
    cell.notebook = require_string(c, "notebook");
    cell.grade_id = require_string(c, "grade_id");
    cell.points_milli = require_integer(c, "points_milli");
    cell.max_milli = require_integer(c, "max_milli");
    cell.verdict = require_string(c, "verdict");
    cell.cpu_ms = require_integer(c, "cpu_ms");
    cell.wall_ms = require_integer(c, "wall_ms");
    cell.peak_memory_bytes = require_integer(c, "peak_memory_bytes");
    cell.manual = require_bool(c, "manual");
    cell.needs_manual_grade = require_bool(c, "needs_manual_grade");
    cell.not_run_cause = read_not_run_cause(c, version);
    r.cells.push_back(std::move(cell));
  }
  r.tampering = read_findings(body, "tampering");
  if (version >= 3) r.notes = read_findings(body, "notes");
  const auto& isolation = require_object(body, "isolation");
  r.isolation.level = require_string(isolation, "level");
  for (const auto& [name, value] : require_object(isolation, "limits").items()) {
    if (!value.is_number_integer())
      throw std::invalid_argument("isolation limit \"" + name + "\" must be an integer");
    r.isolation.limits[name] = value.get<int64_t>();
  }
  r.gradebox_version = require_string(body, "gradebox_version");
  r.graded_at = require_string(body, "graded_at");
  if (!parse_timestamp(r.graded_at))
    throw std::invalid_argument("graded_at is not an RFC 3339 time: " + r.graded_at);
  const auto& late = require_object(body, "late");
  r.late.submitted_at = require_string(late, "submitted_at");
  r.late.timestamp_txt = require_string(late, "timestamp_txt");
  if (version >= 3) {
    r.late.penalty_method = require_string(late, "penalty_method");
    if (r.late.penalty_method != "none" && r.late.penalty_method != "zero")
      throw std::invalid_argument("late.penalty_method must be \"none\" or \"zero\"");
  }
  if (!r.late.submitted_at.empty() && !parse_timestamp(r.late.submitted_at)) {
    throw std::invalid_argument("late.submitted_at is not an RFC 3339 time: " +
                                r.late.submitted_at);
  }

  const auto& totals = require_object(body, "totals");
  const GradeTotals computed = r.totals();
  if (require_integer(totals, "points_milli") != computed.points_milli ||
      require_integer(totals, "max_milli") != computed.max_milli ||
      require_integer(totals, "manual_pending") != computed.manual_pending) {
    throw std::invalid_argument("totals do not match the sum of the cells");
  }
  return r;
}

}  // namespace gradebox::records
