// UTC timestamps: RFC 3339 output ("2026-11-20T23:59:00Z", whole seconds) and a lenient parser for
// what humans and nbgrader write: "2026-11-20 23:59 UTC", "2019-05-30 11:44:01.911849 UTC" (the
// timestamp.txt form), "2026-11-20T23:59:00+01:00". Without a zone the time is taken as UTC, as
// nbgrader does; named zones other than UTC/GMT/Z are refused (no tz database dependency).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gradebox::records {

using UtcSeconds = std::chrono::sys_seconds;

std::string format_rfc3339_utc(UtcSeconds time);
UtcSeconds utc_now();

// nullopt when the text is not one of the accepted forms; fractional seconds are truncated.
std::optional<UtcSeconds> parse_timestamp(std::string_view text);

}  // namespace gradebox::records
