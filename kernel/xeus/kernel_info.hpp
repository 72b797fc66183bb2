// The kernel_info_reply content: Python language_info, implementation "gradebox", and a banner
// that states the sandbox's isolation level and the limits in force.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "kernel/xeus/kernel_limits.hpp"

namespace gradebox::kernel {

// `worker_info` is Runtime::worker_info() once the zygote is up ({"python": "3.11.2",
// "ipython": ..., "isolation_level": ..., "layers": [...]}); before that, the Python version the
// worker was built against is reported. `isolation_level` is SessionSlot::isolation_level()
// (known before the zygote is up); empty: taken from worker_info.
nlohmann::json kernel_info_content(const sandbox::Limits& limits,
                                   const std::optional<nlohmann::json>& worker_info,
                                   const std::string& isolation_level);

}  // namespace gradebox::kernel
