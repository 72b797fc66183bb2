// Policy helpers: level names, unit parsing, default paths and environment.
#include "sandbox/policy.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace gradebox::sandbox {

std::string_view to_string(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::cgroup2:
      return "cgroup2";
    case IsolationLevel::cgroup1:
      return "cgroup1";
    case IsolationLevel::rlimit:
      return "rlimit";
  }
  return "rlimit";
}

std::optional<IsolationLevel> parse_isolation_level(std::string_view text) {
  if (text == "cgroup2") return IsolationLevel::cgroup2;
  if (text == "cgroup1") return IsolationLevel::cgroup1;
  if (text == "rlimit") return IsolationLevel::rlimit;
  return std::nullopt;
}

std::vector<std::string> default_environment(const Policy& policy) {
  const std::string home =
      policy.writable_dir.empty() ? "/nonexistent" : policy.writable_dir.string();
  std::vector<std::string> env = {"PATH=/usr/local/bin:/usr/bin:/bin",
                                  "LANG=C.UTF-8",
                                  "LC_ALL=C.UTF-8",
                                  "HOME=" + home,
                                  "PYTHONDONTWRITEBYTECODE=1",
                                  "PYTHONUNBUFFERED=1",
                                  "OPENBLAS_NUM_THREADS=1",
                                  "MPLBACKEND=Agg"};
  if (!policy.writable_dir.empty()) env.push_back("TMPDIR=" + home);
  return env;
}

namespace {

// Splits "1.5G" into 1.5 and "G"; throws when the number part is missing or malformed.
std::pair<double, std::string_view> split_number(std::string_view text, std::string_view what,
                                                 std::string_view forms) {
  std::size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.'))
    ++end;
  const std::string number(text.substr(0, end));
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(number, &used);
    if (used != number.size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw std::invalid_argument("invalid " + std::string(what) + " '" + std::string(text) +
                                "': expected " + std::string(forms));
  }
  if (!std::isfinite(value) || value < 0)
    throw std::invalid_argument("invalid " + std::string(what) + " '" + std::string(text) + "'");
  return {value, text.substr(end)};
}

}  // namespace

std::uint64_t parse_size(std::string_view text) {
  constexpr std::string_view forms = "a number with an optional unit K, M, G or T (e.g. 512M, 2G)";
  auto [value, unit] = split_number(text, "size", forms);
  double scale = 1;
  if (unit.size() == 2 && (unit[1] == 'B' || unit[1] == 'b' || unit[1] == 'i'))
    unit.remove_suffix(1);
  if (unit.size() == 3 && unit.substr(1) == "iB") unit.remove_suffix(2);
  if (unit.empty() || unit == "B" || unit == "b")
    scale = 1;
  else if (unit == "K" || unit == "k")
    scale = 1024.0;
  else if (unit == "M" || unit == "m")
    scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g")
    scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t")
    scale = 1024.0 * 1024 * 1024 * 1024;
  else
    throw std::invalid_argument("invalid size '" + std::string(text) + "': expected " +
                                std::string(forms));
  const double bytes = value * scale;
  if (bytes > 1.8e19) throw std::invalid_argument("size '" + std::string(text) + "' is too large");
  return static_cast<std::uint64_t>(std::llround(bytes));
}

std::chrono::milliseconds parse_duration(std::string_view text) {
  constexpr std::string_view forms =
      "a number with an optional unit ms, s, m or h (e.g. 1.5s, 300ms)";
  auto [value, unit] = split_number(text, "duration", forms);
  double ms = 0;
  if (unit.empty() || unit == "s")
    ms = value * 1000;
  else if (unit == "ms")
    ms = value;
  else if (unit == "m" || unit == "min")
    ms = value * 60'000;
  else if (unit == "h")
    ms = value * 3'600'000;
  else
    throw std::invalid_argument("invalid duration '" + std::string(text) + "': expected " +
                                std::string(forms));
  if (ms > 1e15) throw std::invalid_argument("duration '" + std::string(text) + "' is too large");
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

}  // namespace gradebox::sandbox
