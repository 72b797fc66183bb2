// history_request, answered from the current session's own history (the worker records what it
// ran, with outputs), instead of xeus' in-memory store, which numbers every line 1 in xeus 2.4.
#pragma once

#include "kernel/xeus/session_slot.hpp"

#include <xeus/xhistory_manager.hpp>

namespace gradebox::kernel {

class SessionHistory : public xeus::xhistory_manager {
 public:
  explicit SessionHistory(SessionSlot& sessions) : sessions_(sessions) {}

 private:
  void configure_impl() override {}
  // The worker stores its inputs itself; the kernel keeps no copy.
  void store_inputs_impl(int, int, const std::string&, const std::string&) override {}
  nl::json get_tail_impl(int n, bool raw, bool output) const override;
  nl::json get_range_impl(int session, int start, int stop, bool raw,
                          bool output) const override;
  nl::json search_impl(const std::string& pattern, bool raw, bool output, int n,
                       bool unique) const override;

  nl::json ask(const runtime::HistoryRequest& request) const;

  SessionSlot& sessions_;
};

}  // namespace gradebox::kernel
