// history_request forwarding (see session_history.hpp).
#include "kernel/xeus/session_history.hpp"

#include <spdlog/spdlog.h>

namespace gradebox::kernel {

nl::json SessionHistory::ask(const runtime::HistoryRequest& request) const {
  nl::json history = nl::json::array();
  try {
    for (const auto& entry : sessions_.session()->history(request).history) {
      if (request.output) {
        history.push_back({entry.session, entry.line,
                           {entry.input, entry.output ? nl::json(*entry.output) : nl::json()}});
      } else {
        history.push_back({entry.session, entry.line, entry.input});
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("history_request failed: {}", e.what());
    return {{"status", "error"}, {"ename", "GradeboxUnavailable"}, {"evalue", e.what()},
            {"traceback", nl::json::array()}, {"history", nl::json::array()}};
  }
  return {{"status", "ok"}, {"history", history}};
}

nl::json SessionHistory::get_tail_impl(int n, bool raw, bool output) const {
  runtime::HistoryRequest request;
  request.hist_access_type = "tail";
  request.n = n;
  request.raw = raw;
  request.output = output;
  return ask(request);
}

nl::json SessionHistory::get_range_impl(int /*session*/, int start, int stop, bool raw,
                                        bool output) const {
  runtime::HistoryRequest request;
  request.hist_access_type = "range";
  request.start = start;
  request.stop = stop;
  request.raw = raw;
  request.output = output;
  return ask(request);
}

nl::json SessionHistory::search_impl(const std::string& pattern, bool raw, bool output, int n,
                                     bool unique) const {
  runtime::HistoryRequest request;
  request.hist_access_type = "search";
  request.pattern = pattern;
  request.n = n;
  request.unique = unique;
  request.raw = raw;
  request.output = output;
  return ask(request);
}

}  // namespace gradebox::kernel
