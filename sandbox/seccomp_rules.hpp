// The seccomp filter's rules (see seccomp.hpp for what they deny) compiled to BPF with libseccomp.
// This takes ~0.3 ms of rule building and code generation, so it runs at build time:
// gradebox-seccomp-gen writes both programs into the library (seccomp_programs.inc), and every
// run only loads one.
#pragma once

#include <linux/filter.h>

#include <vector>

namespace gradebox::sandbox::seccomp {

using Program = std::vector<sock_filter>;

// The filter for this network setting, for the native architecture. Throws std::runtime_error
// naming the failing step.
Program compile_with_libseccomp(bool network);

}  // namespace gradebox::sandbox::seccomp
