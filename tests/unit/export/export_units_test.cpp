// CSV quoting and parsing, milli-point text, late policies, roster reading, argument parsing.
#include <catch2/catch.hpp>

#include "grader/export/csv.hpp"
#include "grader/export/export_arguments.hpp"
#include "grader/export/late_policy.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/export/roster.hpp"

using namespace gradebox::exporting;

TEST_CASE("CSV fields are quoted per RFC 4180 and parse back", "[export]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("Doe, Jane") == "\"Doe, Jane\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_field(" padded") == "\" padded\"");
  CHECK(csv_field("Zoë Ångström 李") == "Zoë Ångström 李");
  const CsvRow row = {"Doe, Jane", "say \"hi\"", "two\r\nlines", "", "Zoë 李", "=1+1"};
  CHECK(csv_row(row).substr(csv_row(row).size() - 2) == "\r\n");
  const auto parsed = parse_csv(csv_row(row) + csv_row({"a", "b"}), "t.csv");
  REQUIRE(parsed.size() == 2);
  auto neutralised = row;
  neutralised.back() = "'=1+1";  // formula neutralisation, see csv.hpp
  CHECK(parsed[0] == neutralised);
  CHECK(parsed[1] == CsvRow{"a", "b"});
  CHECK(parse_csv("\xEF\xBB\xBFid\nx\n", "bom.csv")[0][0] == "id");
  CHECK(parse_csv("a,b\nc,d", "lf.csv").size() == 2);
  CHECK_THROWS_WITH(parse_csv("a,\"open\n", "bad.csv"), Catch::Contains("bad.csv:1: unterminated"));
  CHECK_THROWS_WITH(parse_csv("x\n\"a\"b\n", "bad.csv"), Catch::Contains("bad.csv:2"));
}

TEST_CASE("milli-points print as exact decimals", "[export]") {
  CHECK(format_milli(0) == "0");
  CHECK(format_milli(7000) == "7");
  CHECK(format_milli(1500) == "1.5");
  CHECK(format_milli(125) == "0.125");
  CHECK(format_milli(100) == "0.1");
  CHECK(format_milli(-500) == "-0.5");
  CHECK(format_milli(1000000000001) == "1000000000.001");
  CHECK(parse_milli("1.5") == 1500);
  CHECK(parse_milli("0.125") == 125);
  CHECK(parse_milli("3") == 3000);
  CHECK_FALSE(parse_milli("1.2345"));
  CHECK_FALSE(parse_milli("1."));
  CHECK_FALSE(parse_milli("abc"));
}

TEST_CASE("late policies", "[export]") {
  const auto none = LatePolicy::parse("none");
  const auto zero = LatePolicy::parse("zero");
  const auto ten = LatePolicy::parse("per-day:10%");
  const auto fractional = LatePolicy::parse("per-day:2.5%");
  CHECK(none.penalty_milli(5000, 7000, 100000) == 0);
  CHECK(zero.penalty_milli(5000, 7000, 0) == 0);
  CHECK(zero.penalty_milli(5000, 7000, 1) == 5000);
  CHECK(ten.penalty_milli(5000, 7000, 1) == 700);  // 1 s late is one started day
  CHECK(ten.penalty_milli(5000, 7000, 86400) == 700);
  CHECK(ten.penalty_milli(5000, 7000, 86401) == 1400);
  CHECK(ten.penalty_milli(1000, 7000, 10 * 86400) == 1000);  // never below zero
  CHECK(fractional.penalty_milli(7000, 7000, 86400) == 175);
  CHECK_THROWS_WITH(LatePolicy::parse("per-day:10"), Catch::Contains("per-day:N%"));
  CHECK_THROWS(LatePolicy::parse("per-day:0%"));
  CHECK_THROWS(LatePolicy::parse("sometimes"));
}

TEST_CASE("without --late-policy, the record's course penalty method applies", "[export]") {
  CHECK(late_policy_for(std::nullopt, "zero").kind == LatePolicy::Kind::zero);
  CHECK(late_policy_for(std::nullopt, "none").kind == LatePolicy::Kind::none);
  CHECK(late_policy_for(LatePolicy::parse("none"), "zero").kind == LatePolicy::Kind::none);
  CHECK(late_policy_for(LatePolicy::parse("per-day:2.5%"), "zero").text() == "per-day:2.5%");
  for (const char* text : {"none", "zero", "per-day:10%"})
    CHECK(LatePolicy::parse(text).text() == text);
}

TEST_CASE("roster CSV: columns by name, errors name the file", "[export]") {
  const auto roster = Roster::parse(
      "email,id,last_name,first_name,lms_id\r\n"
      "a@x.org,alice,\"Doe, Jr.\",Alice,101\r\n\r\nb@x.org,bob,Ng,Bob,102\r\n",
      "roster.csv");
  REQUIRE(roster.entries().size() == 2);
  CHECK(roster.find("alice")->last_name == "Doe, Jr.");
  CHECK(roster.find("bob")->lms_id == "102");
  CHECK(roster.find("carol") == nullptr);
  CHECK_THROWS_WITH(Roster::parse("name\nx\n", "r.csv"), Catch::Contains("no student_id column"));
  CHECK_THROWS_WITH(Roster::parse("student_id\nx\nx\n", "r.csv"), Catch::Contains("listed twice"));
}

TEST_CASE("gradebox-export arguments", "[export]") {
  const auto ok =
      parse_export_arguments({"--records", "a", "b", "--trust", "t.json", "--format", "canvas",
                              "--due", "2026-11-20 23:59 UTC", "--late-policy", "per-day:10%",
                              "--per-cell", "-o", "out.csv", "--lms-assignment-id", "ps1=42"});
  REQUIRE(std::holds_alternative<ExportOptions>(ok));
  const auto& options = std::get<ExportOptions>(ok);
  CHECK(options.record_inputs.size() == 2);
  CHECK(options.format == ExportFormat::canvas);
  CHECK(options.format_options.per_cell);
  CHECK(options.format_options.lms_assignment_ids.at("ps1") == "42");
  CHECK(options.late_policy->kind == LatePolicy::Kind::per_day);

  const auto error_of = [](std::vector<std::string> args) {
    const auto parsed = parse_export_arguments(args);
    return std::holds_alternative<ExportUsageError>(parsed)
               ? std::get<ExportUsageError>(parsed).message
               : "";
  };
  CHECK_THAT(error_of({"--trust", "t", "--format", "json"}), Catch::Contains("--records"));
  CHECK_THAT(error_of({"--records", "r", "--trust", "t", "--format", "excel"}),
             Catch::Contains("unknown format"));
  CHECK_THAT(
      error_of({"--records", "r", "--trust", "t", "--format", "json", "--late-policy", "zero"}),
      Catch::Contains("needs --due"));
  CHECK_THAT(error_of({"--records", "r", "--trust", "t", "--format", "json", "--due", "soon"}),
             Catch::Contains("--due"));
  CHECK(std::holds_alternative<ExportHelpRequested>(parse_export_arguments({"--help"})));
}
