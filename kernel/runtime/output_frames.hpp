// The session's output frames as events, under one cell's output caps (cell_output_caps.hpp):
// stream, display_data, update_display_data, clear_output, execute_result, error and the comm
// frames. Shared by a cell (cell_execution.cpp) and by what the session writes between requests
// (idle_output.cpp), so that both are checked and capped alike.
#pragma once

#include <nlohmann/json.hpp>

#include "kernel/protocol/frame.hpp"
#include "kernel/runtime/cell_output_caps.hpp"
#include "kernel/runtime/runtime.hpp"

namespace gradebox::runtime {

// Counts `frame` (its JSON `body`) against the byte cap: stream text by its bytes, cut at the cap,
// any other frame by its payload. An output frame is then reported through `on_event` (which may
// be empty) within the line cap; malformed comm frames are dropped. Returns false when `frame` is
// not an output frame, for the caller to handle. Past the cap, caps.over_byte_cap() says so.
bool emit_output_frame(const protocol::Frame& frame, const nlohmann::json& body,
                       CellOutputCaps& caps, const EventCallback& on_event);

}  // namespace gradebox::runtime
