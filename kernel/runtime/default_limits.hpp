// The one set of default limits for a session, shared by the kernel (students' interactive runs)
// and the grader (autograde, validate), so what a student runs is what gets graded. A course
// overrides them in gradebox.toml [limits]; `gradebox kernelspec` writes the course's values into
// its kernelspec.
#pragma once

#include <chrono>
#include <cstdint>

namespace gradebox::runtime::default_limits {

inline constexpr std::uint64_t kMemoryBytes = std::uint64_t{1} << 30;  // 1 GiB
inline constexpr std::uint32_t kPids = 256;
inline constexpr std::uint64_t kOutputBytes = std::uint64_t{16} << 20;  // per cell
inline constexpr std::uint32_t kOutputLines = 1000;                     // nbgrader's cap
inline constexpr std::uint32_t kTracebackLines = 100;                   // nbgrader's cap
// nbgrader's Execute.timeout. Interactive kernels have no cell timeout unless one is given:
// a student's exploratory cell may run long, a grading run may not.
inline constexpr std::chrono::milliseconds kGradingCellTimeout{30'000};

}  // namespace gradebox::runtime::default_limits
