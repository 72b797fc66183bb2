// Owns timestamp formatting and parsing with std::chrono calendar types.
#include "grader/records/rfc3339.hpp"

#include <cctype>
#include <cstdio>

namespace gradebox::records {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> read_number(std::string_view text, size_t& pos, size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Offset east of UTC in seconds, or nullopt for an unknown zone.
std::optional<int> read_zone(std::string_view zone) {
  if (zone.empty() || zone == "Z" || zone == "z" || zone == "UTC" || zone == "GMT") return 0;
  if (zone.size() != 6 && zone.size() != 5) return std::nullopt;
  if (zone[0] != '+' && zone[0] != '-') return std::nullopt;
  size_t pos = 1;
  const auto hours = read_number(zone, pos, 2);
  if (zone.size() == 6 && !expect(zone, pos, ':')) return std::nullopt;
  const auto minutes = read_number(zone, pos, 2);
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  const int offset = *hours * 3600 + *minutes * 60;
  return zone[0] == '+' ? offset : -offset;
}

}  // namespace

std::string format_rfc3339_utc(UtcSeconds time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{time - day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buffer;
}

UtcSeconds utc_now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::optional<UtcSeconds> parse_timestamp(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  size_t pos = 0;
  const auto year = read_number(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = read_number(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day_of_month = read_number(text, pos, 2);
  if (!day_of_month) return std::nullopt;
  if (!expect(text, pos, 'T') && !expect(text, pos, 't') && !expect(text, pos, ' '))
    return std::nullopt;
  const auto hour = read_number(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = read_number(text, pos, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (expect(text, pos, ':')) {
    const auto s = read_number(text, pos, 2);
    if (!s) return std::nullopt;
    second = *s;
    if (expect(text, pos, '.')) {
      const size_t start = pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
      if (pos == start) return std::nullopt;
    }
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
  const auto offset = read_zone(text.substr(pos));
  if (!offset) return std::nullopt;

  const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                        std::chrono::month(unsigned(*month)),
                                        std::chrono::day(unsigned(*day_of_month))};
  if (!ymd.ok() || *hour > 23 || *minute > 59 || second > 60) return std::nullopt;
  return UtcSeconds{std::chrono::sys_days{ymd}} + std::chrono::hours{*hour} +
         std::chrono::minutes{*minute} + std::chrono::seconds{second} -
         std::chrono::seconds{*offset};
}

}  // namespace gradebox::records
