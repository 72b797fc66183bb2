// Owns the JSON API's bodies and the grade-saving request (see grading_api.hpp).
#include "grader/formgrader/grading_api.hpp"

#include "grader/course/printable_text.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/feedback/record_grades.hpp"
#include "grader/formgrader/gradebook_pages.hpp"
#include "grader/records/manual_grade_target.hpp"
#include "grader/records/manual_grade_writing.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::formgrader {
namespace {

using exporting::format_milli;
using nlohmann::json;

constexpr std::size_t kMaxCommentBytes = 20000;

json totals_json(const records::GradeTotals& totals) {
  return {{"points", format_milli(totals.points_milli)},
          {"max", format_milli(totals.max_milli)},
          {"manual_pending", totals.manual_pending}};
}

std::string text_member(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string()) throw std::invalid_argument(std::string(name) + " must be a string");
  return it->get<std::string>();
}

// Points as milli-points: a JSON number or a decimal string, 0..max in steps of 0.5.
int64_t parse_points(const json& body) {
  const auto it = body.find("points");
  if (it == body.end() || !(it->is_string() || it->is_number()))
    throw std::invalid_argument("points must be a number, e.g. 2.5");
  const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  const auto milli = exporting::parse_milli(text);
  if (!milli) throw std::invalid_argument("points \"" + text + "\" is not a number (e.g. 2.5)");
  if (*milli < 0) throw std::invalid_argument("points must not be negative");
  if (*milli % 500 != 0)
    throw std::invalid_argument("points must be a multiple of 0.5, not " + text);
  return *milli;
}

json manual_grade_json(const records::ManualGrade& grade) {
  return {{"record_id", grade.record_id},
          {"points", format_milli(grade.points_milli)},
          {"grader", grade.grader},
          {"graded_at", grade.graded_at},
          {"comment", grade.comment}};
}

records::ManualGradeRequest grade_request(const json& body, const StudentNames& names,
                                          const std::string& grader, bool grader_is_fixed) {
  records::ManualGradeRequest request;
  request.assignment = text_member(body, "assignment");
  const std::string shown = text_member(body, "student");
  request.notebook = text_member(body, "notebook");
  request.grade_id = text_member(body, "grade_id");
  if (request.assignment.empty() || shown.empty() || request.grade_id.empty())
    throw std::invalid_argument("assignment, student and grade_id are required");
  const auto student = names.student(shown);
  if (!student) throw std::out_of_range("unknown student " + shown);
  request.student = *student;
  request.points_milli = parse_points(body);
  request.comment = text_member(body, "comment");
  if (body.contains("expected_record_id"))
    request.expected_record_id = text_member(body, "expected_record_id");
  request.grader = grader_is_fixed ? grader : text_member(body, "grader");
  if (request.grader.empty() || request.grader.size() > 64 ||
      course::printable_text(request.grader) != request.grader)
    request.grader = grader;
  return request;
}

ApiReply written_reply(const records::WrittenManualGrade& written,
                       const records::GradeTotals& totals) {
  ApiReply reply;
  reply.body = {{"record_id", written.grade.record_id},
                {"points", format_milli(written.grade.points_milli)},
                {"max", format_milli(written.max_milli)},
                {"graded_at", written.grade.graded_at},
                {"grader", written.grade.grader},
                {"replaced", nullptr},
                {"note", ""},
                {"totals", totals_json(totals)}};
  if (written.replaced) {
    const auto& old = *written.replaced;
    reply.body["replaced"] = manual_grade_json(old);
    if (old.grader != written.grade.grader)
      reply.body["note"] = "replaces " + format_milli(old.points_milli) + " by " +
                           (old.grader.empty() ? "?" : old.grader) + " at " + old.graded_at;
  }
  return reply;
}

// The verified record's cell; no record or no such cell is std::out_of_range (404).
records::ManualGradeTarget find_target(const CourseGradebook& gradebook,
                                       const records::TrustStore& trust,
                                       const records::ManualGradeRequest& request) {
  try {
    return records::find_manual_grade_target(gradebook.root() / "records", trust,
                                             request.assignment, request.student, request.grade_id,
                                             request.notebook);
  } catch (const std::invalid_argument&) {
    throw;  // an unsafe name
  } catch (const std::exception& e) {
    throw std::out_of_range(e.what());
  }
}

}  // namespace

ApiReply api_error(int status, const std::string& message) {
  return {status, {{"error", message}}};
}

json assignment_summary_json(const AssignmentGradebook& book) {
  const auto counts = book.counts();
  return {{"name", book.name},
          {"submissions", counts.submissions},
          {"errored", counts.errored},
          {"manual_pending", counts.manual_pending},
          {"tampering", counts.tampering},
          {"problems", counts.problems}};
}

ApiReply list_submissions(AssignmentGradebook book, const StudentNames& names,
                          const std::string& sort) {
  sort_submissions(book.submissions, sort, names);
  json rows = json::array();
  for (const auto& row : book.submissions)
    rows.push_back({{"student", names.shown(row.student)},
                    {"status", row.status},
                    {"error", row.error},
                    {"points", format_milli(row.points_milli)},
                    {"max", format_milli(row.max_milli)},
                    {"manual_pending", row.manual_pending},
                    {"tampering", row.tampering},
                    {"verdicts", row.verdicts},
                    {"problems", row.problems}});
  json cells = json::array();
  for (const auto& rate : book.test_cells())
    cells.push_back({{"cell", rate.label}, {"passed", rate.passed}, {"graded", rate.graded}});
  return {200, {{"submissions", rows}, {"problems", book.problems}, {"test_cells", cells}}};
}

ApiReply show_submission(const SubmissionView& view, const std::string& shown_student) {
  json notebooks = json::array();
  for (const auto& nb : view.notebooks) {
    json cells = json::array();
    for (const auto& [grade_id, grade] : nb.grades.cells) {
      const auto state = view.manual_state.find(cell_key(nb.name, grade_id));
      cells.push_back(
          {{"grade_id", grade_id},
           {"manual", grade.manual},
           {"verdict", grade.verdict},
           {"points", format_milli(grade.points_milli)},
           {"max", format_milli(grade.max_milli)},
           {"needs_manual_grade", grade.needs_manual_grade},
           {"manually_graded", grade.manually_graded},
           {"comment", grade.comment},
           {"record_id", state == view.manual_state.end() ? "" : state->second.record_id}});
    }
    notebooks.push_back({{"name", nb.name}, {"cells", cells}});
  }
  return {200,
          {{"student", shown_student},
           {"status", view.record.status},
           {"totals", totals_json(view.totals)},
           {"notebooks", notebooks},
           {"problems", view.problems}}};
}

ApiReply save_grade(const CourseGradebook& gradebook, const StudentNames& names,
                    const std::string& request_body, const std::string& grader,
                    bool grader_is_fixed) {
  const json body = json::parse(request_body, nullptr, false);
  if (!body.is_object()) return api_error(400, "the request body must be a JSON object");
  records::ManualGradeRequest request;
  try {
    request = grade_request(body, names, grader, grader_is_fixed);
    if (request.comment.size() > kMaxCommentBytes) return api_error(400, "comment too long");
    const auto trust = records::TrustStore::load(gradebook.keys() / records::kTrustStoreFileName);
    const auto target = find_target(gradebook, trust, request);
    if (!target.cell.manual) {
      const std::string reason = text_member(body, "reason");
      if (reason.empty())
        return api_error(
            400, "overriding the autograde result of " + request.grade_id + " needs a reason");
      request.comment = reason;
    }
    const auto written = records::write_manual_grade(gradebook.root(), gradebook.keys(), request);
    const auto manual = records::current_manual_grades(gradebook.root() / "records", trust,
                                                       request.assignment, request.student);
    return written_reply(written, feedback::record_totals(target.record, &manual));
  } catch (const records::ManualGradeConflict& e) {
    ApiReply reply = api_error(409, e.what());
    reply.body["current"] = e.current() ? manual_grade_json(*e.current()) : json(nullptr);
    return reply;
  } catch (const records::PointsOutOfRange& e) {
    return api_error(400, "points must be between 0 and " + format_milli(e.max_milli()) + " for " +
                              request.grade_id);
  } catch (const std::invalid_argument& e) {
    return api_error(400, e.what());
  } catch (const std::out_of_range& e) {
    return api_error(404, e.what());
  } catch (const std::exception& e) {
    return api_error(500, e.what());  // e.g. no signing key: the fix is on the server
  }
}

}  // namespace gradebox::formgrader
