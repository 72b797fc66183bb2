// The caps on one cell's output, kept by the runtime where the output is produced: the one layer
// that caps output (autograde and the kernel show what it reports). From sandbox::Limits:
//  - output_bytes, hard: every frame counts (stream text by its bytes, other frames by their
//    payload); past it the cell is stopped (output_limit), and stream text is cut at it.
//  - output_lines, soft: stream lines beyond it are dropped, later displays too, with one notice.
//  - traceback_lines, soft: a longer traceback keeps its first and last lines (the last ones name
//    the error) around one notice.
// A soft cap that cut something sets CellVerdict::output_truncated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/limits.hpp"

namespace gradebox::runtime {

class CellOutputCaps {
 public:
  explicit CellOutputCaps(const sandbox::Limits& limits) : limits_(limits) {}

  // Counts a frame other than stream text by its payload size.
  void count_frame(std::size_t payload_bytes) { bytes_ += payload_bytes; }
  // The part of stream `text` still within the byte cap, counted; cut on a UTF-8 character
  // boundary, so that one large write cannot carry more than the cap to the client.
  std::string within_byte_cap(std::string text);
  bool over_byte_cap() const { return bytes_ > limits_.output_bytes; }

  // The part of stream `text` still within the line cap (lines of the cell's streams together).
  std::string within_line_cap(const std::string& text);
  // The notice to show where lines were dropped: once per cell, after the first cut.
  std::optional<std::string> take_line_notice();

  // Cuts `traceback` to traceback_lines lines: its first and last lines around one notice (at
  // least the last line is kept, whatever the cap).
  void cap_traceback(std::vector<std::string>& traceback);

  // A soft cap cut something (lines, a traceback).
  bool truncated() const { return lines_cut_ || traceback_cut_; }
  // The line cap cut something: later displays are dropped too.
  bool lines_cut() const { return lines_cut_; }

 private:
  const sandbox::Limits& limits_;
  std::uint64_t bytes_ = 0;
  std::size_t lines_ = 0;
  bool lines_cut_ = false;
  bool traceback_cut_ = false;
  bool line_notice_given_ = false;
};

}  // namespace gradebox::runtime
