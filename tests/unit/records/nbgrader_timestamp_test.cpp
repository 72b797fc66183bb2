// nbgrader's timestamp semantics. Expected times are what nbgrader 0.9.5's utils.parse_utc (with
// python3-dateutil 2.8.2, host zone UTC) returned for the same text.
#include "grader/records/nbgrader_timestamp.hpp"

#include <catch2/catch.hpp>

namespace records = gradebox::records;

namespace {
std::string utc(std::string_view text) {
  const auto parsed = records::parse_nbgrader_timestamp(text);
  INFO(text << ": " << parsed.error);
  REQUIRE(parsed.utc);
  return records::format_rfc3339_utc(*parsed.utc);
}
}  // namespace

TEST_CASE("named IANA zones use the system tz database, with daylight saving", "[records]") {
  CHECK(utc("2015-02-02 15:58:23.948203 America/Los_Angeles") == "2015-02-02T23:58:23Z");
  CHECK(utc("2015-07-02 15:58:23 America/New_York") == "2015-07-02T19:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 EST") == "2015-02-02T20:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 CET") == "2015-02-02T14:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 EST5EDT") == "2015-02-02T20:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 UTC") == "2015-02-02T15:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 GMT") == "2015-02-02T15:58:23Z");
}

TEST_CASE("abbreviations dateutil does not know stay naive, which nbgrader takes as UTC",
          "[records]") {
  CHECK(utc("2015-02-02 15:58:23 PST") == "2015-02-02T15:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 PDT") == "2015-02-02T15:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 BST") == "2015-02-02T15:58:23Z");
  CHECK(utc("2015-02-02 15:58:23 +01:00") == "2015-02-02T15:58:23Z");
}

TEST_CASE("an integer third part is an offset in seconds, as dateutil's tzinfos", "[records]") {
  CHECK(utc("2015-02-02 15:58:23 -0800") == "2015-02-02T16:11:43Z");
  CHECK(utc("2015-02-02 15:58:23 1") == "2015-02-02T15:58:22Z");
}

TEST_CASE("ISO 8601 forms, a date alone and surrounding whitespace", "[records]") {
  CHECK(utc("2015-02-02T15:58:23-08:00") == "2015-02-02T23:58:23Z");
  CHECK(utc("2015-02-02T15:58:23Z") == "2015-02-02T15:58:23Z");
  CHECK(utc("2015-02-02T15:58:23.5+0530") == "2015-02-02T10:28:23Z");
  CHECK(utc("2015-02-02 15:58:23") == "2015-02-02T15:58:23Z");
  CHECK(utc("2015-02-02 15:58 UTC") == "2015-02-02T15:58:00Z");
  CHECK(utc("2015-02-02") == "2015-02-02T00:00:00Z");
  CHECK(utc("  2015-02-02 15:58:23 UTC\n") == "2015-02-02T15:58:23Z");
}

TEST_CASE("text nbgrader refuses is an error quoting it", "[records]") {
  for (const char* bad : {"garbage", "", "2015-02-02 25:58:23 UTC", "2015-02-30 10:00:00 UTC"}) {
    const auto parsed = records::parse_nbgrader_timestamp(bad);
    INFO(bad);
    CHECK_FALSE(parsed.utc);
    CHECK_THAT(parsed.error, Catch::Contains(std::string("\"") + bad + "\""));
  }
  // dateutil builds a POSIX rule from these; gradebox says so rather than guess.
  const auto posix = records::parse_nbgrader_timestamp("2015-02-02 15:58:23 UTC+3");
  CHECK_FALSE(posix.utc);
  CHECK_THAT(posix.error, Catch::Contains("POSIX TZ string"));
}
