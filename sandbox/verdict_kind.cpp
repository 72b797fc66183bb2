// Verdict names, as written in grade records and --json output.
#include "sandbox/verdict_kind.hpp"

namespace gradebox::sandbox {

const char* to_string(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::ok:
      return "ok";
    case VerdictKind::error:
      return "error";
    case VerdictKind::timeout:
      return "timeout";
    case VerdictKind::cpu_limit:
      return "cpu_limit";
    case VerdictKind::memory_limit:
      return "memory_limit";
    case VerdictKind::output_limit:
      return "output_limit";
    case VerdictKind::signaled:
      return "signaled";
    case VerdictKind::policy_violation:
      return "policy_violation";
    case VerdictKind::tampered:
      return "tampered";
    case VerdictKind::internal_error:
      return "internal_error";
  }
  return "internal_error";
}

}  // namespace gradebox::sandbox
