// bench/export_bench: verify and export N synthetic signed records (default 100,000) with
// gradebox-export's pipeline, and compare records/s with the raw Ed25519 verify rate that
// `openssl speed -seconds 3 ed25519` measures on the same machine in the same run (the limit:
// every record costs one Ed25519 verify). Target: >= 50% of that rate, single-threaded.
// Usage: export_bench [N]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "grader/export/export_run.hpp"
#include "grader/records/ed25519_key.hpp"
#include "grader/records/jwk_thumbprint.hpp"
#include "grader/records/trust_store.hpp"
#include "synthetic_records.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// The verify/s column of openssl speed's Ed25519 line, or 0 when it cannot be run.
double openssl_verify_rate() {
  FILE* pipe = ::popen("openssl speed -seconds 3 ed25519 2>/dev/null", "r");
  if (!pipe) return 0;
  std::string output;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ::pclose(pipe);
  std::istringstream lines(output);
  double rate = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("Ed25519") == std::string::npos) continue;
    std::istringstream fields(line);
    for (std::string field; fields >> field;) {
      try {
        rate = std::stod(field);  // the last numeric field is verify/s
      } catch (const std::exception&) {
      }
    }
  }
  return rate;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// openssl speed divides by CPU time by default (unless -elapsed), so the fair comparison on a
// shared machine is this process's CPU time (all threads, user + system).
double process_cpu_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  namespace records = gradebox::records;
  namespace exporting = gradebox::exporting;
  const int count = argc > 1 ? std::stoi(argv[1]) : 100000;
  gradebox::testing::TempDir dir;
  const auto key = records::Ed25519PrivateKey::generate();
  records::TrustStore trust;
  trust.add({records::ed25519_key_id(key.public_raw()), key.public_key(),
             records::KeyStatus::active, *records::parse_timestamp("2026-01-01T00:00:00Z"),
             std::nullopt, "bench"});
  trust.save(dir.path() / "trust.json");

  auto start = Clock::now();
  gradebox::testing::SyntheticRecordWriter writer(dir.path() / "records", key);
  for (int i = 0; i < count; ++i) {
    writer.write(
        gradebox::testing::synthetic_record("student" + std::to_string(i), "ps1", (i % 3) * 500));
  }
  writer.finish_run("ps1", "2026-11-21T11:00:00Z");
  std::cout << "generated and signed " << count << " records in " << seconds_since(start) << " s\n";

  const double openssl_rate = openssl_verify_rate();
  std::cout << "openssl speed -seconds 3 ed25519: " << openssl_rate << " verify/s (1 thread)\n";

  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned jobs : {1u, cores}) {
    exporting::ExportOptions options;
    options.record_inputs = {dir.path() / "records"};
    options.trust_store = dir.path() / "trust.json";
    options.format = exporting::ExportFormat::nbgrader;
    options.output = dir.path() / "grades.csv";
    options.jobs = jobs;
    std::ostringstream out;
    std::ostringstream err;
    start = Clock::now();
    const double cpu_start = process_cpu_seconds();
    const int code = exporting::run_export(options, out, err);
    const double seconds = seconds_since(start);
    const double cpu_seconds = process_cpu_seconds() - cpu_start;
    if (code != exporting::kExportOk) {
      std::cerr << "export failed (exit " << code << "):\n" << err.str();
      return 1;
    }
    const double cpu_rate = count / cpu_seconds;
    std::cout << "verify+export (nbgrader CSV), --jobs " << jobs << ": " << count
              << " records, wall " << seconds << " s (" << count / seconds << " records/s), CPU "
              << cpu_seconds << " s (" << cpu_rate << " records per CPU-second)";
    if (openssl_rate > 0) {
      std::cout << " = " << 100.0 * cpu_rate / openssl_rate << "% of openssl's verify rate"
                << (jobs == 1 ? " (target >= 50%)" : "");
    }
    std::cout << "\n";
  }
  return 0;
}
