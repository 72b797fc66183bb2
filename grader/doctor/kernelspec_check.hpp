// Doctor check of the Jupyter kernelspec: the first `gradebox-python/kernel.json` on Jupyter's
// data path must start this installation's gradebox-kernel.
#pragma once

#include <filesystem>
#include <vector>

#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

inline constexpr const char* kKernelName = "gradebox-python";

// Jupyter's data directories in jupyter_core's order: $JUPYTER_PATH entries, the user data dir
// ($JUPYTER_DATA_DIR, $XDG_DATA_HOME/jupyter, ~/.local/share/jupyter), then
// /usr/local/share/jupyter and /usr/share/jupyter.
std::vector<std::filesystem::path> jupyter_data_path();

// The gradebox-kernel that belongs with this gradebox: next to it, else the build tree's.
std::filesystem::path this_gradebox_kernel();

// pass: found and argv[0] is `kernel`; fail: found but starts another program, or unreadable;
// warn: not installed (autograde does not need it, Jupyter users do).
CheckRow check_kernelspec(const std::filesystem::path& kernel);

}  // namespace gradebox::doctor
