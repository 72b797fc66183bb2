// Step: nbgrader's OverwriteCells, extended: flags and points are restored too, and deleted cells
// come back, so no edit of the submitted file can change what is graded or how.
#include <algorithm>
#include <map>
#include <optional>

#include "grader/autograde/autograde_steps.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::autograde {
namespace {
using notebook::Json;

bool is_graded_kind(const Json& cell) {
  return notebook::is_grade(cell) || notebook::is_solution(cell) || notebook::is_locked(cell) ||
         notebook::is_task(cell);
}

// grade_id -> cell index, for the cells whose grade_id matters.
std::map<std::string, std::size_t> graded_cells_by_id(const Json& cells) {
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < cells.size(); ++i)
    if (is_graded_kind(cells[i]) && !notebook::grade_id(cells[i]).empty())
      ids.emplace(notebook::grade_id(cells[i]), i);
  return ids;
}

void set_cell_type(Json& cell, const std::string& type) {
  cell["cell_type"] = type;
  if (type == "code") {
    if (!cell.contains("outputs")) cell["outputs"] = Json::array();
    if (!cell.contains("execution_count")) cell["execution_count"] = nullptr;
  } else {
    cell.erase("outputs");
    cell.erase("execution_count");
  }
}

std::string flags_text(const Json& cell) {
  auto flag = [](bool value) { return value ? "true" : "false"; };
  return std::string("grade=") + flag(notebook::is_grade(cell)) +
         " solution=" + flag(notebook::is_solution(cell)) +
         " locked=" + flag(notebook::is_locked(cell)) + " task=" + flag(notebook::is_task(cell));
}

std::string points_text(const Json& cell) {
  const auto p = notebook::points(cell);
  return p ? Json(*p).dump() : std::string("(none)");
}

class Overwriter {
 public:
  Overwriter(notebook::Notebook& nb, const notebook::Notebook& master,
             const notebook::Notebook& release, Findings& findings)
      : nb_(nb),
        master_(master),
        release_(release),
        findings_(findings),
        file_(nb.origin().filename().string()),
        release_ids_(graded_cells_by_id(release.cells())) {}

  void run() {
    const auto master_ids = graded_cells_by_id(master_.cells());
    for (std::size_t i = 0; i < nb_.cell_count(); ++i) {
      auto& cell = nb_.cell(i);
      if (!notebook::has_nbgrader_metadata(cell)) continue;
      const std::string id = notebook::grade_id(cell);
      const auto found = master_ids.find(id);
      if (found != master_ids.end()) {
        restore(cell, i, master_.cell(found->second));
      } else if (is_graded_kind(cell)) {
        report(id, i, "unknown_grade_id",
               "grade_id '" + id + "' is not in the master copy; the cell is not graded");
        cell["metadata"].erase("nbgrader");
      }
    }
    reinsert_deleted(master_ids);
  }

 private:
  void report(const std::string& id, std::size_t index, std::string kind, std::string detail) {
    findings_.push_back(
        {file_, id, static_cast<int64_t>(index), std::move(kind), std::move(detail)});
  }

  void restore(Json& cell, std::size_t index, const Json& master_cell) {
    const std::string id = notebook::grade_id(master_cell);
    if (flags_text(cell) != flags_text(master_cell))
      report(id, index, "flipped_flags",
             "nbgrader flags " + flags_text(cell) + " restored to " + flags_text(master_cell));
    if (notebook::is_grade(master_cell) && points_text(cell) != points_text(master_cell))
      report(id, index, "changed_points",
             "points " + points_text(cell) + " restored to " + points_text(master_cell));
    const std::string master_type = notebook::cell_type(master_cell);
    if (notebook::cell_type(cell) != master_type) {
      report(id, index, "changed_cell_type",
             "cell type " + notebook::cell_type(cell) + " restored to " + master_type);
      set_cell_type(cell, master_type);
    }
    cell["metadata"]["nbgrader"] = master_cell.at("metadata").at("nbgrader");
    for (const char* key : {"editable", "deletable"}) {
      if (master_cell.at("metadata").contains(key))
        cell["metadata"][key] = master_cell.at("metadata").at(key);
      else
        cell["metadata"].erase(key);
    }
    if (!notebook::is_locked(master_cell)) return;
    // Edits are judged against what the student was given (the release has no hidden tests).
    const auto released = release_ids_.find(id);
    const Json& given =
        released != release_ids_.end() ? release_.cell(released->second) : master_cell;
    if (notebook::cell_source(cell) != notebook::cell_source(given))
      report(id, index, notebook::is_grade(master_cell) ? "edited_test" : "edited_locked_cell",
             "source of locked cell restored from the master copy");
    cell["source"] = master_cell.at("source");
    if (master_cell.contains("attachments"))
      cell["attachments"] = master_cell.at("attachments");
    else
      cell.erase("attachments");
  }

  // The cell to put back for a deleted master cell: a locked one as in the master, an answer cell
  // as released (the master's holds the solution).
  Json replacement_for(const Json& master_cell) const {
    Json cell = master_cell;
    if (!notebook::is_locked(master_cell)) {
      const auto found = release_ids_.find(notebook::grade_id(master_cell));
      if (found != release_ids_.end()) {
        cell = release_.cell(found->second);
        cell["metadata"]["nbgrader"] = master_cell.at("metadata").at("nbgrader");
      } else {
        notebook::set_cell_source(cell, "");
      }
    }
    if (notebook::cell_type(cell) == "code") {
      cell["outputs"] = Json::array();
      cell["execution_count"] = nullptr;
    }
    return cell;
  }

  void reinsert_deleted(const std::map<std::string, std::size_t>& master_ids) {
    std::vector<std::pair<std::size_t, std::string>> master_order;  // master index, grade_id
    for (const auto& [id, index] : master_ids) master_order.emplace_back(index, id);
    std::sort(master_order.begin(), master_order.end());
    for (std::size_t m = 0; m < master_order.size(); ++m) {
      const auto present = graded_cells_by_id(nb_.cells());
      if (present.count(master_order[m].second)) continue;
      std::optional<std::size_t> position;
      for (std::size_t before = m; before-- > 0 && !position;) {
        const auto it = present.find(master_order[before].second);
        if (it != present.end()) position = it->second + 1;
      }
      for (std::size_t after = m + 1; after < master_order.size() && !position; ++after) {
        const auto it = present.find(master_order[after].second);
        if (it != present.end()) position = it->second;
      }
      const std::size_t at = position.value_or(nb_.cell_count());
      const Json& master_cell = master_.cell(master_order[m].first);
      nb_.cells().insert(nb_.cells().begin() + static_cast<std::ptrdiff_t>(at),
                         replacement_for(master_cell));
      report(master_order[m].second, at, "deleted_cell",
             std::string(notebook::is_locked(master_cell) ? "locked" : "answer") +
                 " cell was deleted; re-inserted from the " +
                 (notebook::is_locked(master_cell) ? "master copy" : "release"));
    }
  }

  notebook::Notebook& nb_;
  const notebook::Notebook& master_;
  const notebook::Notebook& release_;
  Findings& findings_;
  std::string file_;
  std::map<std::string, std::size_t> release_ids_;
};

}  // namespace

pipeline::Step overwrite_locked_cells(const notebook::Notebook& master,
                                      const notebook::Notebook& release, Findings& findings) {
  return {"overwrite locked cells",
          [&master, &release, &findings](notebook::Notebook& nb, pipeline::StepContext&) {
            Overwriter(nb, master, release, findings).run();
          }};
}

}  // namespace gradebox::autograde
