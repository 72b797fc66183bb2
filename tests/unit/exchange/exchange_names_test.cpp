// The exchange's names as nbgrader makes and reads them, and its settings in gradebox.toml.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_timestamp.hpp"
#include "grader/exchange/feedback_hash.hpp"

namespace ex = gradebox::exchange;

TEST_CASE("inbound names split from the right as nbgrader's collect", "[exchange]") {
  const auto full = ex::parse_inbound_name("alice+ps1+2026-12-05 01:34:17.123456 UTC+AbCdEfGh-_12");
  REQUIRE(full);
  CHECK(full->student == "alice");
  CHECK(full->assignment == "ps1");
  CHECK(full->timestamp == "2026-12-05 01:34:17.123456 UTC");
  CHECK(full->random == "AbCdEfGh-_12");
  CHECK(full->str() == "alice+ps1+2026-12-05 01:34:17.123456 UTC+AbCdEfGh-_12");

  const auto cached = ex::parse_inbound_name("bob+ps1+2026-12-05 01:34:17.123456 UTC");
  REQUIRE(cached);
  CHECK(cached->student == "bob");
  CHECK(cached->random.empty());

  const auto plus_in_id = ex::parse_inbound_name("a+b+ps1+ts+rnd");  // rsplit('+', 3)
  REQUIRE(plus_in_id);
  CHECK(plus_in_id->student == "a+b");
  CHECK_FALSE(ex::parse_inbound_name("alice+ps1"));
}

TEST_CASE("the feedback name is md5(secret + notebook id), as nbgrader's notebook_hash",
          "[exchange]") {
  // python3 -c "import hashlib; print(hashlib.md5(b'abc123problem1').hexdigest())"
  CHECK(ex::feedback_hash("abc123", "problem1") == "00754ef3f16f735674006a1b67ba69da");
  const auto secret = ex::new_submission_secret();
  CHECK(secret.size() == 128);
  CHECK(secret.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(secret != ex::new_submission_secret());
}

TEST_CASE("the random part is 12 characters of urlsafe base64", "[exchange]") {
  const auto random = ex::random_suffix();
  CHECK(random.size() == 12);
  CHECK(random.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
}

TEST_CASE("timestamps order by time, microseconds included; unreadable ones first", "[exchange]") {
  CHECK(ex::timestamp_before("2026-12-05 01:34:17.000001 UTC", "2026-12-05 01:34:17.000002 UTC"));
  CHECK_FALSE(ex::timestamp_before("2026-12-05 01:34:17.5 UTC", "2026-12-05 01:34:17.4 UTC"));
  CHECK(ex::timestamp_before("2026-12-05 01:34:18.000000 UTC", "2026-12-06 00:00:00.000000 UTC"));
  CHECK(ex::timestamp_before("not a time", "2026-12-05 01:34:17.000000 UTC"));
  CHECK_FALSE(ex::timestamp_before("2026-12-05 01:34:17.000000 UTC", "not a time"));
}

TEST_CASE("course ids and assignment names are one plain path component", "[exchange]") {
  CHECK_FALSE(ex::exchange_name_problem("course id", "cs101"));
  CHECK(ex::exchange_name_problem("course id", ""));
  CHECK(ex::exchange_name_problem("course id", "../etc"));
  CHECK(ex::exchange_name_problem("assignment", ".hidden"));
  CHECK(ex::exchange_name_problem("assignment", "ps1+x"));
  CHECK(ex::exchange_name_problem("assignment", "ps*"));
  CHECK(ex::exchange_name_problem("assignment", "a\nb"));
}

TEST_CASE("gradebox.toml's [exchange] settings reach CourseConfig", "[exchange]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("gradebox-exchange-toml-" + ex::random_suffix());
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "gradebox.toml")
      << "[exchange]\nroot = \"/srv/exchange\"\npath_includes_course = true\n"
         "check_owner = false\nmax_dir_kb = 7\n";
  const auto loaded = gradebox::load_course_config(dir);
  std::filesystem::remove_all(dir);
  CHECK(loaded.problems.empty());
  CHECK(loaded.config.exchange.root == "/srv/exchange");
  CHECK(loaded.config.exchange.path_includes_course);
  CHECK_FALSE(loaded.config.exchange.check_owner);
  CHECK(loaded.config.exchange.max_dir_bytes == 7000);
}
