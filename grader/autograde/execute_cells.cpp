// Step: execution (see execute_cells.hpp), and the conversion of runtime events to nbformat
// outputs.
#include "grader/autograde/execute_cells.hpp"

#include "grader/notebook/nbgrader_metadata.hpp"
#include "kernel/runtime/verdict_notice.hpp"

namespace gradebox::autograde {
namespace {
using notebook::Json;
using Clock = std::chrono::steady_clock;

// Bytes `text` takes as a JSON string in the written notebook (escapes included), so the output
// budget bounds the file feedback has to load, not just the raw text.
std::uint64_t json_size(const std::string& text) {
  std::uint64_t size = text.size() + 2;
  for (const unsigned char c : text)
    if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r')
      size += 1;
    else if (c < 0x20)
      size += 5;
  return size;
}

std::string whole_seconds(std::chrono::milliseconds ms) {
  return std::to_string((ms.count() + 999) / 1000) + " s";
}

// Output of one notebook left to write (ExecutionBudget::output_bytes), shared by its cells.
class OutputBudget {
 public:
  explicit OutputBudget(std::uint64_t bytes) : total_(bytes), left_(bytes) {}
  // Whether an output of `size` bytes still fits; counts it when it does.
  bool admit(std::uint64_t size) {
    if (total_ == 0) return true;
    if (size > left_) {
      left_ = 0;
      return false;
    }
    left_ -= size;
    return true;
  }
  Json notice() const {
    return {{"output_type", "stream"},
            {"name", "stderr"},
            {"text", "... (output dropped by gradebox: this notebook's output budget of " +
                         std::to_string(total_ >> 20) +
                         " MiB is used up; gradebox.toml autograde.notebook_output_mib) ...\n"}};
  }

 private:
  std::uint64_t total_;
  std::uint64_t left_;
};

// The earlier of the notebook's wall budget and the submission's deadline, and which one it is.
class WallDeadline {
 public:
  explicit WallDeadline(const ExecutionBudget& budget) {
    if (budget.notebook_wall)
      tighten(Clock::now() + *budget.notebook_wall,
              "the notebook's wall-time budget of " + whole_seconds(*budget.notebook_wall) +
                  " (gradebox.toml autograde.notebook_timeout_seconds)");
    if (budget.submission_deadline)
      tighten(*budget.submission_deadline,
              "the submission's wall-time budget (gradebox.toml "
              "autograde.submission_timeout_seconds)");
  }
  bool passed() const { return deadline_ && Clock::now() >= *deadline_; }
  // The time left, when it is shorter than the cell's own limit (0: none).
  std::optional<std::chrono::milliseconds> shorter_than(std::chrono::milliseconds cell) const {
    if (!deadline_) return std::nullopt;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - Clock::now());
    if (cell.count() > 0 && left >= cell) return std::nullopt;
    return std::max(left, std::chrono::milliseconds(1));
  }
  const std::string& what() const { return what_; }

 private:
  void tighten(Clock::time_point when, std::string what) {
    if (deadline_ && *deadline_ <= when) return;
    deadline_ = when;
    what_ = std::move(what);
  }
  std::optional<Clock::time_point> deadline_;
  std::string what_;
};

Json to_ordered(const nlohmann::json& value) {
  return Json::parse(value.dump());
}

// Builds a code cell's nbformat outputs from the events of one execute, as nbclient does
// (consecutive stream chunks of one name merged, clear_output and display updates applied).
class OutputCollector {
 public:
  explicit OutputCollector(OutputBudget& budget) : budget_(budget) {}
  void operator()(const runtime::Event& event) {
    std::visit([this](const auto& e) { add(e); }, event);
  }
  // Appends an output gradebox made (an error for a verdict), within the budget.
  void append(Json output) {
    if (admit(output.dump().size())) outputs_.push_back(std::move(output));
  }
  Json take() {
    if (dropped_) outputs_.push_back(budget_.notice());
    return std::move(outputs_);
  }
  bool has_error() const { return has_error_; }

 private:
  bool admit(std::uint64_t size) {
    if (budget_.admit(size)) return true;
    dropped_ = true;
    return false;
  }
  void flush_pending_clear() {
    if (clear_pending_) outputs_ = Json::array();
    clear_pending_ = false;
  }
  void add(const runtime::StreamEvent& e) {
    flush_pending_clear();
    const char* name = e.name == runtime::StreamEvent::Name::stdout_stream ? "stdout" : "stderr";
    if (!admit(json_size(e.text))) return;
    if (!outputs_.empty() && outputs_.back().value("output_type", "") == "stream" &&
        outputs_.back().value("name", "") == name) {
      outputs_.back()["text"] = outputs_.back()["text"].get<std::string>() + e.text;
      return;
    }
    outputs_.push_back({{"output_type", "stream"}, {"name", name}, {"text", e.text}});
  }
  void add(const runtime::DisplayDataEvent& e) {
    flush_pending_clear();
    if (!admit(e.data.dump().size() + e.metadata.dump().size())) return;
    outputs_.push_back({{"output_type", "display_data"},
                        {"data", to_ordered(e.data)},
                        {"metadata", to_ordered(e.metadata)}});
    if (e.transient.contains("display_id"))
      display_ids_.emplace_back(outputs_.size() - 1, e.transient["display_id"].dump());
  }
  void add(const runtime::UpdateDisplayDataEvent& e) {
    if (!e.transient.contains("display_id")) return;
    const std::string id = e.transient["display_id"].dump();
    if (!admit(e.data.dump().size() + e.metadata.dump().size())) return;
    for (const auto& [index, display_id] : display_ids_)
      if (display_id == id && index < outputs_.size()) {
        outputs_[index]["data"] = to_ordered(e.data);
        outputs_[index]["metadata"] = to_ordered(e.metadata);
      }
  }
  void add(const runtime::ClearOutputEvent& e) {
    if (e.wait) {
      clear_pending_ = true;
      return;
    }
    outputs_ = Json::array();
    display_ids_.clear();
  }
  void add(const runtime::ExecuteResultEvent& e) {
    flush_pending_clear();
    if (!admit(e.data.dump().size() + e.metadata.dump().size())) return;
    outputs_.push_back({{"output_type", "execute_result"},
                        {"execution_count", e.execution_count},
                        {"data", to_ordered(e.data)},
                        {"metadata", to_ordered(e.metadata)}});
  }
  void add(const runtime::ErrorEvent& e) {
    flush_pending_clear();
    has_error_ = true;
    append(error_output(e.ename, e.evalue, e.traceback));
  }
  void add(const runtime::InputRequestEvent&) {}
  // Comms (widgets) leave no notebook output, as with nbclient.
  void add(const runtime::CommEvent&) {}
  void add(const runtime::CommTargetEvent&) {}

 public:
  static Json error_output(const std::string& ename, const std::string& evalue,
                           const std::vector<std::string>& traceback) {
    Json tb = Json::array();
    for (const auto& line : traceback) tb.push_back(line);
    return {{"output_type", "error"}, {"ename", ename}, {"evalue", evalue}, {"traceback", tb}};
  }

 private:
  OutputBudget& budget_;
  Json outputs_ = Json::array();
  std::vector<std::pair<std::size_t, std::string>> display_ids_;
  bool clear_pending_ = false;
  bool has_error_ = false;
  bool dropped_ = false;
};

Json execution_metadata(const runtime::CellVerdict& verdict) {
  Json meta = {{"verdict", runtime::to_string(verdict.verdict)},
               {"reason", verdict.reason},
               {"wall_ms", verdict.wall_ms},
               {"cpu_ms", verdict.cpu_ms},
               {"peak_memory_bytes", verdict.peak_memory_bytes},
               {"output_truncated", verdict.output_truncated},
               {"isolation_level", verdict.isolation_level}};
  if (verdict.value_text) meta["value_text"] = *verdict.value_text;
  if (!verdict.integrity.empty()) {
    Json findings = Json::array();
    for (const auto& finding : verdict.integrity)
      findings.push_back({{"kind", finding.kind}, {"detail", finding.detail}});
    meta["integrity"] = std::move(findings);
  }
  return meta;
}

// A code cell that is not run: no outputs, and why.
void mark_not_run(Json& cell, const std::string& verdict, const std::string& reason,
                  const Json& ended_by) {
  cell["outputs"] = Json::array();
  cell["execution_count"] = nullptr;
  cell["metadata"]["gradebox"] = {{"verdict", verdict}, {"reason", reason}, {"ended_by", ended_by}};
  const std::string ename = runtime::error_name(runtime::VerdictKind::timeout);
  if (verdict == "timeout")
    cell["outputs"].push_back(
        OutputCollector::error_output(ename, reason, {ename + ": " + reason}));
}

// Runs one cell; returns why later cells must not run (the session died), if so, and sets
// `ended_by` to this cell and its verdict then.
std::optional<std::string> run_cell(runtime::Session& session, Json& cell, std::size_t index,
                                    const WallDeadline& deadline, const ExecutionBudget& budget,
                                    OutputBudget& output_budget, Json& ended_by) {
  runtime::ExecuteRequest request;
  request.code = notebook::cell_source(cell);
  request.cell_id =
      notebook::grade_id(cell).empty() ? cell.value("id", "") : notebook::grade_id(cell);
  request.locked = notebook::is_locked(cell);
  request.timeout = deadline.shorter_than(budget.cell_timeout);
  OutputCollector collect(output_budget);
  runtime::CellVerdict verdict =
      session.execute(request, [&collect](const runtime::Event& e) { collect(e); });
  // A cell cut short by the notebook's or submission's budget, not by the cell time limit.
  const bool budget_cut = request.timeout && verdict.verdict == runtime::VerdictKind::timeout;
  if (budget_cut) verdict.reason = "stopped: " + deadline.what() + " ran out during this cell";
  // An exception the student hid still shows; any other verdict always says itself (a
  // timeout's KeyboardInterrupt is followed by CellTimeoutError, as in nbgrader).
  if (verdict.verdict == runtime::VerdictKind::error && !collect.has_error() && verdict.error) {
    collect.append(OutputCollector::error_output(verdict.error->ename, verdict.error->evalue,
                                                 verdict.error->traceback));
  } else if (auto notice = runtime::verdict_notice(verdict, session.policy())) {
    if (budget_cut) notice->evalue = "The cell was " + verdict.reason + ".";
    collect.append(OutputCollector::error_output(notice->ename, notice->evalue,
                                                 {notice->ename + ": " + notice->evalue}));
  }
  cell["outputs"] = collect.take();
  cell["execution_count"] =
      verdict.execution_count > 0 ? Json(verdict.execution_count) : Json(nullptr);
  cell["metadata"]["gradebox"] = execution_metadata(verdict);
  if (verdict.session_alive) return std::nullopt;
  ended_by = {{"verdict", runtime::to_string(verdict.verdict)},
              {"cell_index", index},
              {"grade_id", notebook::grade_id(cell)}};
  return "not run: the session ended in cell " + std::to_string(index) + " (" +
         runtime::to_string(verdict.verdict) + ": " + verdict.reason + ")";
}

}  // namespace

pipeline::Step execute_cells(SessionOpener open_session, SessionCloser close_session,
                             ExecutionBudget budget) {
  return {"execute",
          [open_session, close_session, budget](notebook::Notebook& nb, pipeline::StepContext&) {
            const WallDeadline deadline(budget);
            OutputBudget output_budget(budget.output_bytes);
            std::unique_ptr<runtime::Session> session;
            std::optional<std::string> ended;  // why later cells are not run
            std::string ended_verdict = "not_run";
            Json ended_by;  // the verdict and cell that ended the session (or used up the budget)
            for (std::size_t i = 0; i < nb.cell_count(); ++i) {
              auto& cell = nb.cell(i);
              if (cell.value("cell_type", "") != "code") continue;
              if (!ended && deadline.passed()) {
                ended = "not run: " + deadline.what() + " was used up";
                ended_verdict = "timeout";
                ended_by = {{"verdict", "timeout"},
                            {"cell_index", i},
                            {"grade_id", notebook::grade_id(cell)}};
              }
              if (ended) {
                mark_not_run(cell, ended_verdict, *ended, ended_by);
                continue;
              }
              if (!session) session = open_session();
              ended = run_cell(*session, cell, i, deadline, budget, output_budget, ended_by);
            }
            if (session && close_session)
              close_session(std::move(session));
            else if (session)
              session->close();
          }};
}

}  // namespace gradebox::autograde
