// bench/runtime_bench: the runtime against its baselines (medians of one run).
//  (a) session open to the first `1+1` result: zygote session (cold: forked on request; and
//      reserved: Runtime::reserve_session opened it during the 200 ms before the open) vs a fresh
//      python3 that imports IPython and runs the cell vs an ipykernel started through
//      jupyter_client;
//  (b) per-cell round trip of `pass`: runtime session vs ipykernel; for the runtime also the CPU
//      time per round trip of each side (the machine is shared and shows steal time: CPU time is
//      the steadier figure): the session child's from its own getrusage (CellVerdict::cpu_ms,
//      whole milliseconds, so over many cells), the caller's from CLOCK_PROCESS_CPUTIME_ID.
// Opens are reported as median and 90th percentile.
// Usage: runtime_bench [--sessions N] [--trips N] [--fresh N] [--ipykernel-starts N]
//                      [--spare-child 1|0]   (RuntimePolicy::spare_session_child, default 1)
//                      [--other-sessions N]  (sessions of the reserved and rlimit runs; default
//                                             --sessions)
//                      [--worker PATH]       (another build's gradebox-worker, for A/B runs of
//                                             copies of two builds; default: this build's)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "kernel/runtime/runtime.hpp"

using namespace gradebox::runtime;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(values.size() * fraction))];
}

double median(std::vector<double> values) {
  return percentile(std::move(values), 0.5);
}

double process_cpu_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

std::string run_command(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

struct SessionFigures {
  double open_to_result_ms;
  double open_to_result_p90_ms;
  double pass_round_trip_ms;
  double child_cpu_per_trip_ms;
  double caller_cpu_per_trip_ms;
};

SessionFigures measure_runtime(const RuntimePolicy& policy, int sessions, int trips,
                               bool reserved) {
  auto runtime = Runtime::start(policy);
  std::vector<double> opens, rounds;
  double child_cpu_ms = 0, caller_cpu_ms = 0;
  if (reserved) runtime->reserve_session({});
  for (int i = 0; i < sessions; ++i) {
    // The reservation gets the time a caller spends between sessions (a grader running the
    // previous notebook's cells), outside the measured span.
    if (reserved) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto started = Clock::now();
    auto session = runtime->open_session({});
    bool got = false;
    ExecuteRequest one_plus_one;
    one_plus_one.code = "1+1";
    session->execute(one_plus_one, [&](const Event& e) {
      got = got || std::holds_alternative<ExecuteResultEvent>(e);
    });
    opens.push_back(ms_since(started));
    if (reserved) runtime->reserve_session({});  // the next one, opening while this one closes
    if (!got) std::cerr << "warning: no execute_result in session " << i << "\n";
    if (i == 0 && trips > 0) {
      ExecuteRequest pass;
      pass.code = "pass";
      // The first trip also reads the child's CPU clock before the others (and is timed too).
      auto began = Clock::now();
      const long long child_before = session->execute(pass, {}).cpu_ms;
      rounds.push_back(ms_since(began));
      const double caller_before = process_cpu_ms();
      long long child_after = child_before;
      for (int t = 1; t < trips; ++t) {
        began = Clock::now();
        child_after = session->execute(pass, {}).cpu_ms;
        rounds.push_back(ms_since(began));
      }
      caller_cpu_ms = (process_cpu_ms() - caller_before) / std::max(1, trips - 1);
      child_cpu_ms = static_cast<double>(child_after - child_before) / std::max(1, trips - 1);
    }
  }
  return {median(opens), percentile(opens, 0.9), median(rounds), child_cpu_ms, caller_cpu_ms};
}

}  // namespace

int main(int argc, char** argv) {
  int sessions = 50, trips = 500, fresh = 5, ipykernel_starts = 3, spare_child = 1,
      other_sessions = -1;
  std::string worker = GRADEBOX_WORKER_PATH;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--worker") worker = argv[i + 1];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--sessions")
      sessions = value;
    else if (flag == "--trips")
      trips = value;
    else if (flag == "--fresh")
      fresh = value;
    else if (flag == "--ipykernel-starts")
      ipykernel_starts = value;
    else if (flag == "--spare-child")
      spare_child = value;
    else if (flag == "--other-sessions")
      other_sessions = value;
  }
  if (other_sessions < 0) other_sessions = sessions;
  RuntimePolicy policy;
  policy.spare_session_child = spare_child != 0;
  policy.worker_path = worker;
  const SessionFigures confined = measure_runtime(policy, sessions, trips, false);
  const SessionFigures pooled = measure_runtime(policy, other_sessions, 0, true);
  RuntimePolicy light = policy;
  light.network = true;
  light.max_isolation_level = "rlimit";
  const SessionFigures lightly = measure_runtime(light, other_sessions, 0, false);

  std::vector<double> fresh_ms;
  for (int i = 0; i < fresh; ++i) {
    const auto started = Clock::now();
    run_command(
        "/usr/bin/python3 -c \"from IPython.core.interactiveshell import "
        "InteractiveShell; InteractiveShell.instance().run_cell('1+1')\" >/dev/null 2>&1");
    fresh_ms.push_back(ms_since(started));
  }

  const std::string baseline = run_command(
      std::string("/usr/bin/python3 ") + GRADEBOX_BENCH_DIR + "/ipykernel_baseline.py " +
      std::to_string(ipykernel_starts) + " " + std::to_string(trips) + " 2>/dev/null");
  const auto figures = nlohmann::json::parse(baseline, nullptr, false);
  double ipykernel_start = 0, ipykernel_trip = 0;
  if (figures.is_object()) {
    ipykernel_start = median(figures["start_to_first_result_ms"].get<std::vector<double>>());
    ipykernel_trip = median(figures["pass_round_trip_ms"].get<std::vector<double>>());
  }

  std::printf("(a) session open -> first 1+1 result, median ms (spare child %s)\n",
              spare_child ? "on" : "off");
  std::printf("    runtime, full sandbox (%d sessions):          %8.2f  (p90 %.2f)\n", sessions,
              confined.open_to_result_ms, confined.open_to_result_p90_ms);
  std::printf("    runtime, full sandbox, reserved session:      %8.2f\n",
              pooled.open_to_result_ms);
  std::printf("    runtime, rlimit + no net ns (%d sessions):    %8.2f\n", other_sessions,
              lightly.open_to_result_ms);
  std::printf("    fresh python3 + IPython (%d runs):             %8.2f  (%.1fx runtime)\n", fresh,
              median(fresh_ms), median(fresh_ms) / confined.open_to_result_ms);
  std::printf("    ipykernel via jupyter_client (%d starts):      %8.2f  (%.1fx runtime)\n",
              ipykernel_starts, ipykernel_start, ipykernel_start / confined.open_to_result_ms);
  std::printf("(b) per-cell round trip of `pass`, median ms (%d cells)\n", trips);
  std::printf(
      "    runtime, full sandbox:                        %8.3f  (CPU per trip: child %.3f, "
      "caller %.3f)\n",
      confined.pass_round_trip_ms, confined.child_cpu_per_trip_ms, confined.caller_cpu_per_trip_ms);
  std::printf("    ipykernel:                                    %8.3f  (%.1fx runtime)\n",
              ipykernel_trip, ipykernel_trip / confined.pass_round_trip_ms);
  return 0;
}
