// Owns nbgrader's timestamp semantics; the tz database is Howard Hinnant's date library over the
// system's /usr/share/zoneinfo (libstdc++ 12 has no chrono tzdb).
#include "grader/records/nbgrader_timestamp.hpp"

#include <date/tz.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <variant>
#include <vector>

namespace gradebox::records {
namespace {

struct NoZone {};  // dateutil found no zone: the time stays naive, which nbgrader takes as UTC
using ZoneRule = std::variant<NoZone, std::chrono::seconds, const date::time_zone*>;

std::string_view strip(std::string_view text) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_on_spaces(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(' ', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Python's int() on the zone part: an optional sign, then digits.
std::optional<long> python_int(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// POSIX TZ strings ("UTC+3", "EST5"): dateutil builds a tzstr from them; gradebox does not.
bool looks_like_tz_string(std::string_view name) {
  std::size_t letters = 0;
  while (letters < name.size() && std::isalpha(static_cast<unsigned char>(name[letters])))
    ++letters;
  return letters >= 3 && letters < name.size() &&
         (name[letters] == '+' || name[letters] == '-' ||
          std::isdigit(static_cast<unsigned char>(name[letters])));
}

// dateutil.tz.gettz: the tz database, then UTC/GMT, then the host's own abbreviations.
std::variant<ZoneRule, std::string> resolve_zone_name(std::string_view name) {
  if (!name.empty() && name.front() == ':') name.remove_prefix(1);
  const std::string zone(name);
  if (!zone.empty() && zone.front() != '/' && zone.find("..") == std::string::npos) {
    try {
      return ZoneRule{date::locate_zone(zone)};
    } catch (const std::runtime_error&) {
      // not in the database: dateutil goes on with the names below
    }
  }
  if (zone == "UTC" || zone == "GMT") return ZoneRule{std::chrono::seconds{0}};
  ::tzset();
  if (zone == ::tzname[0] || zone == ::tzname[1]) return ZoneRule{date::current_zone()};
  if (looks_like_tz_string(zone))
    return "zone \"" + zone + "\" is a POSIX TZ string, which gradebox does not read";
  return ZoneRule{NoZone{}};
}

UtcSeconds apply_zone(UtcSeconds wall_as_utc, const ZoneRule& rule) {
  if (const auto* offset = std::get_if<std::chrono::seconds>(&rule)) return wall_as_utc - *offset;
  if (const auto* zone = std::get_if<const date::time_zone*>(&rule)) {
    const date::local_seconds local{wall_as_utc.time_since_epoch()};
    // dateutil takes the first of two equal wall times (fold=0): the earliest.
    return (*zone)->to_sys(local, date::choose::earliest);
  }
  return wall_as_utc;
}

NbgraderTimestamp failure(std::string_view text, std::string why) {
  return {std::nullopt, "\"" + std::string(text) + "\" is not a timestamp" +
                            (why.empty() ? "" : " (" + why + ")") +
                            "; expected e.g. \"2015-02-02 15:58:23.948203 America/Los_Angeles\" "
                            "or \"2019-05-30T11:44:01Z\""};
}

}  // namespace

NbgraderTimestamp parse_nbgrader_timestamp(std::string_view text) {
  text = strip(text);
  const auto parts = split_on_spaces(text);
  if (parts.size() == 3) {
    const std::string wall = std::string(parts[0]) + " " + std::string(parts[1]);
    const auto wall_as_utc = parse_timestamp(wall);
    if (!wall_as_utc) return failure(text, "");
    if (const auto seconds = python_int(parts[2]))
      return {apply_zone(*wall_as_utc, ZoneRule{std::chrono::seconds{*seconds}}), ""};
    auto rule = resolve_zone_name(parts[2]);
    if (const auto* why = std::get_if<std::string>(&rule)) return failure(text, *why);
    return {apply_zone(*wall_as_utc, std::get<ZoneRule>(rule)), ""};
  }
  if (const auto time = parse_timestamp(text)) return {time, ""};
  // A date alone is midnight (dateutil's default time).
  if (text.size() == 10)
    if (const auto midnight = parse_timestamp(std::string(text) + " 00:00")) return {midnight, ""};
  return failure(text, "");
}

std::string format_nbgrader_timestamp(std::chrono::system_clock::time_point time) {
  const auto micros = std::chrono::floor<std::chrono::microseconds>(time);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(micros);
  const std::string rfc3339 = format_rfc3339_utc(seconds);  // "2026-11-20T23:59:00Z"
  char fraction[24];
  std::snprintf(fraction, sizeof fraction, ".%06lld",
                static_cast<long long>((micros - seconds).count()));
  return rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 8) + fraction + " UTC";
}

}  // namespace gradebox::records
