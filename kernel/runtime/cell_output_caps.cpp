// CellOutputCaps: the byte, line and traceback caps of one cell (cell_output_caps.hpp).
#include "kernel/runtime/cell_output_caps.hpp"

#include <algorithm>

namespace gradebox::runtime {

std::string CellOutputCaps::within_byte_cap(std::string text) {
  const std::uint64_t cap = limits_.output_bytes;
  const std::uint64_t room = bytes_ < cap ? cap - bytes_ : 0;
  if (text.size() <= room) {
    bytes_ += text.size();
    return text;
  }
  std::size_t end = room;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  bytes_ = cap + 1;
  return text;
}

std::string CellOutputCaps::within_line_cap(const std::string& text) {
  const std::size_t cap = limits_.output_lines;
  if (cap == 0) return text;
  if (lines_ >= cap) {
    lines_cut_ = lines_cut_ || !text.empty();
    return "";
  }
  std::size_t end = 0;
  while (lines_ < cap) {
    const auto newline = text.find('\n', end);
    if (newline == std::string::npos) return text;
    end = newline + 1;
    ++lines_;
  }
  lines_cut_ = lines_cut_ || end < text.size();
  return text.substr(0, end);
}

std::optional<std::string> CellOutputCaps::take_line_notice() {
  if (!lines_cut_ || line_notice_given_) return std::nullopt;
  line_notice_given_ = true;
  return "[gradebox: output truncated after " + std::to_string(limits_.output_lines) + " lines]\n";
}

void CellOutputCaps::cap_traceback(std::vector<std::string>& traceback) {
  const std::size_t cap = limits_.traceback_lines;
  if (cap == 0 || traceback.size() <= cap) return;
  const std::size_t kept = std::max<std::size_t>(cap, 2) - 1;  // one line is the notice
  const std::size_t head = kept / 2, tail = kept - head;
  const std::size_t dropped = traceback.size() - kept;
  std::vector<std::string> capped(traceback.begin(), traceback.begin() + head);
  capped.push_back("... (" + std::to_string(dropped) + " traceback lines not shown) ...");
  capped.insert(capped.end(), traceback.end() - tail, traceback.end());
  traceback = std::move(capped);
  traceback_cut_ = true;
}

}  // namespace gradebox::runtime
