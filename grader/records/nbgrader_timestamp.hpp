// nbgrader's reading of a submission time (utils.parse_utc over dateutil), for timestamp.txt:
//   - the text is stripped; split on single spaces into exactly three parts it is
//     "<date> <time> <zone>": an integer zone is an offset in SECONDS (dateutil's tzinfos rule, so
//     "-0800" is -800 s, as nbgrader computes it); a name is looked up as dateutil.tz.gettz does:
//     the system tz database (/usr/share/zoneinfo: "America/Los_Angeles", "EST", "CET"), then
//     UTC/GMT, then the host's own zone abbreviations; any other name ("PST", "BST", "+01:00")
//     gives dateutil no zone, so the time is taken as UTC, exactly as nbgrader does.
//   - otherwise an ISO 8601 date, optionally with a time and "Z", "UTC", "GMT" or a numeric offset.
// Fractional seconds are truncated. Deliberately narrower than dateutil's fuzzy parser: forms
// such as "Feb 2 2015" or POSIX TZ strings ("UTC+3") are errors here (clear, never a silent
// wrong time); docs/instructors.md lists them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "grader/records/rfc3339.hpp"

namespace gradebox::records {

struct NbgraderTimestamp {
  std::optional<UtcSeconds> utc;  // set when the text parsed
  std::string error;              // why not, when it did not
};

NbgraderTimestamp parse_nbgrader_timestamp(std::string_view text);

// nbgrader's exchange writes timestamp.txt as "%Y-%m-%d %H:%M:%S.%f %Z" of a UTC time:
// "2026-11-20 23:59:00.123456 UTC".
std::string format_nbgrader_timestamp(std::chrono::system_clock::time_point time);

}  // namespace gradebox::records
