// Namespaces the zygote enters once at start, so that session children inherit them instead of
// each creating its own (creating a network namespace costs several milliseconds per session).
// The trusted side (kernel/runtime/runtime.cpp) asks for them only when sharing is safe; see the
// argument there.
#pragma once

#include <string>
#include <vector>

namespace gradebox::worker {

// Enters each of `names` ("net", "uts") it can; returns those entered. A "uts" namespace gets the
// hostname "gradebox". A namespace the host refuses is left out (the trusted side then has the
// session create its own). "pid" is not entered: it asks for one pid namespace per session
// (ZygoteOptions::session_pid_namespace) and is kept when the zygote may create them.
std::vector<std::string> enter_zygote_namespaces(const std::vector<std::string>& names);

}  // namespace gradebox::worker
