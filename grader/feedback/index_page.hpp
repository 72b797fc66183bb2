// The instructor's overview of one assignment's feedback: one row per student with a link and
// score per notebook, the assignment total, late penalty, tampering findings and pending manual
// grades. Written to <course>/feedback/index.<assignment>.html, beside (not inside) the
// per-student folders that are handed to students.
#pragma once

#include <string>
#include <vector>

namespace gradebox::feedback {

struct IndexNotebook {
  std::string name;  // "problem1.ipynb"
  std::string link;  // relative to the index file
  int64_t points_milli = 0;
  int64_t max_milli = 0;
};

struct IndexRow {
  std::string student;
  std::vector<IndexNotebook> notebooks;
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  int64_t penalty_milli = 0;
  std::size_t tampering = 0;
  std::size_t manual_pending = 0;
  std::vector<std::string> problems;  // notebooks not rendered, records not verified
};

std::string render_index_page(const std::string& assignment, const std::vector<IndexRow>& rows,
                              bool show_hidden);

}  // namespace gradebox::feedback
