// Step: execution (see execute_cells.hpp), and the conversion of runtime events to nbformat outputs.
#include "grader/autograde/execute_cells.hpp"

#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::autograde {
namespace {
using notebook::Json;

Json to_ordered(const nlohmann::json& value) { return Json::parse(value.dump()); }

// Builds a code cell's nbformat outputs from the events of one execute, as nbclient does
// (consecutive stream chunks of one name merged, clear_output and display updates applied).
class OutputCollector {
 public:
  void operator()(const runtime::Event& event) {
    std::visit([this](const auto& e) { add(e); }, event);
  }
  Json take() { return std::move(outputs_); }
  bool has_error() const { return has_error_; }

 private:
  void flush_pending_clear() {
    if (clear_pending_) outputs_ = Json::array();
    clear_pending_ = false;
  }
  void add(const runtime::StreamEvent& e) {
    flush_pending_clear();
    const char* name = e.name == runtime::StreamEvent::Name::stdout_stream ? "stdout" : "stderr";
    if (!outputs_.empty() && outputs_.back().value("output_type", "") == "stream" &&
        outputs_.back().value("name", "") == name) {
      outputs_.back()["text"] = outputs_.back()["text"].get<std::string>() + e.text;
      return;
    }
    outputs_.push_back({{"output_type", "stream"}, {"name", name}, {"text", e.text}});
  }
  void add(const runtime::DisplayDataEvent& e) {
    flush_pending_clear();
    outputs_.push_back({{"output_type", "display_data"},
                        {"data", to_ordered(e.data)},
                        {"metadata", to_ordered(e.metadata)}});
    if (e.transient.contains("display_id"))
      display_ids_.emplace_back(outputs_.size() - 1, e.transient["display_id"].dump());
  }
  void add(const runtime::UpdateDisplayDataEvent& e) {
    if (!e.transient.contains("display_id")) return;
    const std::string id = e.transient["display_id"].dump();
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
    outputs_.push_back({{"output_type", "execute_result"},
                        {"execution_count", e.execution_count},
                        {"data", to_ordered(e.data)},
                        {"metadata", to_ordered(e.metadata)}});
  }
  void add(const runtime::ErrorEvent& e) {
    flush_pending_clear();
    has_error_ = true;
    outputs_.push_back(error_output(e.ename, e.evalue, e.traceback));
  }
  void add(const runtime::InputRequestEvent&) {}

 public:
  static Json error_output(const std::string& ename, const std::string& evalue,
                           const std::vector<std::string>& traceback) {
    Json tb = Json::array();
    for (const auto& line : traceback) tb.push_back(line);
    return {{"output_type", "error"}, {"ename", ename}, {"evalue", evalue}, {"traceback", tb}};
  }

 private:
  Json outputs_ = Json::array();
  std::vector<std::pair<std::size_t, std::string>> display_ids_;
  bool clear_pending_ = false;
  bool has_error_ = false;
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

}  // namespace

std::string error_name_for(runtime::Verdict verdict) {
  switch (verdict) {
    case runtime::Verdict::timeout: return "CellTimeoutError";
    case runtime::Verdict::cpu_limit: return "CpuLimitError";
    case runtime::Verdict::memory_limit: return "MemoryLimitError";
    case runtime::Verdict::output_limit: return "OutputLimitError";
    case runtime::Verdict::signaled: return "WorkerKilledError";
    case runtime::Verdict::policy_violation: return "PolicyViolationError";
    case runtime::Verdict::tampered: return "TamperedError";
    case runtime::Verdict::internal_error: return "GradeboxInternalError";
    case runtime::Verdict::error:
    case runtime::Verdict::ok: break;
  }
  return "Error";
}

pipeline::Step execute_cells(SessionOpener open_session, SessionCloser close_session) {
  return {"execute", [open_session, close_session](notebook::Notebook& nb,
                                                   pipeline::StepContext&) {
            std::unique_ptr<runtime::Session> session;
            std::optional<std::string> ended;  // why later cells are not run
            for (std::size_t i = 0; i < nb.cell_count(); ++i) {
              auto& cell = nb.cell(i);
              if (cell.value("cell_type", "") != "code") continue;
              auto& meta = cell["metadata"];
              if (ended) {
                cell["outputs"] = Json::array();
                cell["execution_count"] = nullptr;
                meta["gradebox"] = {{"verdict", "not_run"}, {"reason", *ended}};
                continue;
              }
              if (!session) session = open_session();
              runtime::ExecuteRequest request;
              request.code = notebook::cell_source(cell);
              request.cell_id = notebook::grade_id(cell).empty() ? cell.value("id", "")
                                                                 : notebook::grade_id(cell);
              request.locked = notebook::is_locked(cell);
              OutputCollector collect;
              const runtime::CellVerdict verdict =
                  session->execute(request, [&collect](const runtime::Event& e) { collect(e); });
              Json outputs = collect.take();
              // An exception the student hid still shows; any other verdict always says itself
              // (a timeout's KeyboardInterrupt is followed by CellTimeoutError, as in nbgrader).
              if (verdict.verdict == runtime::Verdict::error && !collect.has_error() &&
                  verdict.error) {
                outputs.push_back(OutputCollector::error_output(
                    verdict.error->ename, verdict.error->evalue, verdict.error->traceback));
              } else if (verdict.verdict != runtime::Verdict::ok &&
                         verdict.verdict != runtime::Verdict::error) {
                outputs.push_back(OutputCollector::error_output(
                    error_name_for(verdict.verdict), verdict.reason,
                    {error_name_for(verdict.verdict) + ": " + verdict.reason}));
              }
              cell["outputs"] = std::move(outputs);
              cell["execution_count"] = verdict.execution_count > 0
                                            ? Json(verdict.execution_count)
                                            : Json(nullptr);
              meta["gradebox"] = execution_metadata(verdict);
              if (!verdict.session_alive)
                ended = "not run: the session ended in cell " + std::to_string(i) + " (" +
                        runtime::to_string(verdict.verdict) + ": " + verdict.reason + ")";
            }
            if (session && close_session) close_session(std::move(session));
            else if (session) session->close();
          }};
}

}  // namespace gradebox::autograde
