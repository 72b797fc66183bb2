// A process's /proc/<pid>/status and its fields: what the kernel says about a process (its
// confinement, capabilities, address-space peak), read through one fd, never past 64 KiB.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gradebox::sandbox {

// The file of `pid` ("self" or a number); nullopt when it cannot be read (the process is gone, or
// /proc hides it).
std::optional<std::string> read_proc_status(const std::string& pid);

// The text after "<key>:" on the key's line, leading blanks skipped ("VmPeak" -> "12345 kB");
// nullopt when the key is absent.
std::optional<std::string> proc_status_field(std::string_view status, std::string_view key);

// Threads of this process (its "Threads" field); 0 when it cannot be read.
int thread_count();

}  // namespace gradebox::sandbox
