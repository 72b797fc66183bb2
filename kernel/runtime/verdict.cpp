// Verdict names, as written in grade records and --json output.
#include "kernel/runtime/event.hpp"

namespace gradebox::runtime {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::ok:
      return "ok";
    case Verdict::error:
      return "error";
    case Verdict::timeout:
      return "timeout";
    case Verdict::cpu_limit:
      return "cpu_limit";
    case Verdict::memory_limit:
      return "memory_limit";
    case Verdict::output_limit:
      return "output_limit";
    case Verdict::signaled:
      return "signaled";
    case Verdict::policy_violation:
      return "policy_violation";
    case Verdict::tampered:
      return "tampered";
    case Verdict::internal_error:
      return "internal_error";
  }
  return "internal_error";
}

}  // namespace gradebox::runtime
