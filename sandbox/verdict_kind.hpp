// The one set of verdicts gradebox decides for a run of student code: a gradebox-run command
// (sandbox::Verdict, decided by decide_verdict) and a notebook cell (runtime::CellVerdict) alike.
// Their names are the words of docs/reference/verdicts.md, the grade records and every --json.
#pragma once

namespace gradebox::sandbox {

enum class VerdictKind {
  ok,
  error,             // exited non-zero; for a cell: it raised (from the execution result)
  timeout,           // wall time exceeded
  cpu_limit,         // CPU time exceeded (SIGXCPU/SIGKILL at the limit, or usage over it)
  memory_limit,      // only with evidence, see decide_verdict and runtime's death_verdict
  output_limit,      // more output than the hard byte cap
  signaled,          // killed by a signal for another reason (segfault, abort, ...)
  policy_violation,  // seccomp killed it (SIGSYS)
  tampered,          // a worker frame failed authentication, was malformed or out of sequence
  internal_error,    // the sandbox or gradebox itself failed
};

// "ok", "error", "timeout", ... exactly as in docs/reference/verdicts.md.
const char* to_string(VerdictKind kind);

}  // namespace gradebox::sandbox
