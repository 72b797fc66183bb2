// Which comm ids xeus 2.4 can hold: it keeps them in xeus::xguid, a fixed 55-character string
// whose assignment copies any length without a check (a longer id overflows the buffer).
#pragma once

#include <cstddef>
#include <string_view>

namespace gradebox::kernel {

constexpr std::size_t xeus_comm_id_capacity = 55;

inline bool xeus_can_hold_comm_id(std::string_view comm_id) {
  return !comm_id.empty() && comm_id.size() <= xeus_comm_id_capacity;
}

}  // namespace gradebox::kernel
