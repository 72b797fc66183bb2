// Reads nbgrader's gradebook.db through libsqlite3 (see gradebook_db.hpp).
#include "grader/nbgrader_import/gradebook_db.hpp"

#include <sqlite3.h>

#include <map>
#include <memory>
#include <stdexcept>
#include <tuple>

namespace gradebox::nbgrader_import {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

std::string text_column(sqlite3_stmt* statement, int column) {
  const auto* text = sqlite3_column_text(statement, column);
  return text ? reinterpret_cast<const char*>(text) : "";
}

// Runs `sql`, calling `row` for each result row.
template <typename Row>
void each_row(sqlite3* db, const std::filesystem::path& file, const char* sql, Row row) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(file.string() + ": not an nbgrader gradebook (" + sqlite3_errmsg(db) +
                             ")");
  Statement statement(raw);
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) row(statement.get());
  if (step != SQLITE_DONE) throw std::runtime_error(file.string() + ": " + sqlite3_errmsg(db));
}

// From a submitted notebook's grade or comment row to its student, assignment, notebook and cell.
constexpr const char* kSubmissionJoins =
    " JOIN base_cell bc ON x.cell_id = bc.id"
    " JOIN submitted_notebook sn ON x.notebook_id = sn.id"
    " JOIN notebook n ON sn.notebook_id = n.id"
    " JOIN submitted_assignment sa ON sn.assignment_id = sa.id"
    " JOIN assignment a ON sa.assignment_id = a.id";

}  // namespace

Gradebook read_gradebook(const std::filesystem::path& db_file) {
  if (!std::filesystem::is_regular_file(db_file))
    throw std::runtime_error(db_file.string() + ": no such file (nbgrader's gradebook)");
  sqlite3* raw = nullptr;
  const std::string uri = "file:" + db_file.string() + "?immutable=1";
  const int opened =
      sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  Database db(raw);
  if (opened != SQLITE_OK)
    throw std::runtime_error(db_file.string() + ": " + (raw ? sqlite3_errmsg(raw) : "cannot open"));

  Gradebook book;
  each_row(db.get(), db_file,
           "SELECT id, first_name, last_name, email, lms_user_id FROM student ORDER BY id",
           [&](sqlite3_stmt* s) {
             book.students.push_back({text_column(s, 0), text_column(s, 1), text_column(s, 2),
                                      text_column(s, 3), text_column(s, 4)});
           });

  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, GradebookManualEntry> entries;
  const auto entry = [&](sqlite3_stmt* s) -> GradebookManualEntry& {
    Key key{text_column(s, 0), text_column(s, 1), text_column(s, 2) + ".ipynb", text_column(s, 3)};
    auto& e = entries[key];
    std::tie(e.student, e.assignment, e.notebook, e.grade_id) = key;
    return e;
  };
  each_row(
      db.get(), db_file,
      (std::string("SELECT sa.student_id, a.name, n.name, bc.name, x.manual_score FROM grade x") +
       kSubmissionJoins + " WHERE x.manual_score IS NOT NULL")
          .c_str(),
      [&](sqlite3_stmt* s) { entry(s).manual_score = sqlite3_column_double(s, 4); });
  each_row(db.get(), db_file,
           (std::string(
                "SELECT sa.student_id, a.name, n.name, bc.name, x.manual_comment FROM comment x") +
            kSubmissionJoins + " WHERE x.manual_comment IS NOT NULL AND x.manual_comment != ''")
               .c_str(),
           [&](sqlite3_stmt* s) { entry(s).comment = text_column(s, 4); });
  for (auto& [key, e] : entries) book.manual_entries.push_back(std::move(e));
  return book;
}

}  // namespace gradebox::nbgrader_import
