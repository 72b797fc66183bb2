// The session's Jupyter comms (ipywidgets) as xeus sees them. Every comm the session's Python code
// opens gets an xeus comm with the same id, so that comm_info_request lists it and the frontend's
// messages to it arrive here; every target the session registers gets an xeus target, so that the
// frontend can open comms to it. What the frontend sends to these comms is handed, unread, to
// `deliver`, which runs it in the session; nothing on the trusted side acts on it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>
#include <xeus/xcomm.hpp>
#include <xeus/xinterpreter.hpp>

#include "kernel/runtime/event.hpp"
#include "kernel/runtime/request.hpp"

namespace gradebox::kernel {

class SessionComms {
 public:
  using Deliver = std::function<void(const runtime::CommDelivery&)>;
  // `interpreter` must have its comm manager registered (xeus does that when the kernel is built)
  // by the time the first event or frontend message arrives.
  SessionComms(xeus::xinterpreter& interpreter, Deliver deliver);

  // The session's comm_open, comm_msg or comm_close, published to the frontend. Messages for
  // comms that are not open, and ids xeus cannot hold, are dropped.
  void publish(const runtime::CommEvent& event);
  // The session registered `target_name`.
  void add_target(const std::string& target_name);
  // The session is gone: its comms are closed at the frontend.
  void close_all();
  // Destroys the comms closed since the last call; call it outside every comm's own handler.
  void release_closed() { closed_.clear(); }

 private:
  xeus::xtarget* target(const std::string& target_name);
  // Keeps `comm` among the open comms, its frontend messages going to `deliver_`.
  xeus::xcomm& adopt(std::unique_ptr<xeus::xcomm> comm);
  // Forgets an open comm without destroying it (its handler may be running).
  void retire(const std::string& comm_id);
  void on_frontend_open(xeus::xcomm&& comm, const xeus::xmessage& request);

  xeus::xinterpreter& interpreter_;
  Deliver deliver_;
  std::map<std::string, std::unique_ptr<xeus::xcomm>> open_;
  std::vector<std::unique_ptr<xeus::xcomm>> closed_;
  std::set<std::string> targets_;  // registered with xeus
};

}  // namespace gradebox::kernel
