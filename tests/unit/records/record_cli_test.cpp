// `gradebox keygen`, `gradebox verify` and `gradebox grade-manual` driven through their CLI11
// registration, over records written by RecordRunWriter as autograde will write them.
#include <catch2/catch.hpp>
#include <fstream>

#include "grader/cli/commands.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_run_writer.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "grader/records/submission_timestamp.hpp"
#include "synthetic_records.hpp"

namespace records = gradebox::records;

namespace {

// Runs one gradebox command line as the gradebox executable does; returns its exit status.
int run_gradebox(std::vector<std::string> args) {
  CLI::App app{"gradebox", "gradebox"};
  app.require_subcommand(1);
  gradebox::cli::add_all_commands(app);
  return gradebox::cli::run_gradebox(app, std::move(args));
}

std::string now_text() {
  return records::format_rfc3339_utc(records::utc_now());
}

}  // namespace

TEST_CASE("keygen, autograde-style run, grade-manual and verify over a course", "[records]") {
  gradebox::testing::TempDir dir;
  const std::string course = dir.path().string();
  REQUIRE(run_gradebox({"keygen", "--course", course}) == 0);
  const auto keys = dir.path() / ".gradebox" / "keys";
  {
    records::RecordRunWriter run(dir.path() / "records",
                                 records::load_active_signing_key(keys).private_key, "demo-course",
                                 "ps1");
    run.write(gradebox::testing::synthetic_record("alice", "ps1", 1500, now_text(), true));
    run.write(gradebox::testing::synthetic_record("bob", "ps1", 1500, now_text()));
    run.finish(records::utc_now());
  }
  const std::string records_dir = (dir.path() / "records").string();
  CHECK(run_gradebox({"verify", records_dir, "--course", course}) == 0);
  CHECK(run_gradebox({"verify", records_dir + "/ps1/bob.json", "--course", course}) == 0);

  CHECK(run_gradebox({"grade-manual", "ps1", "alice", "manual_answer", "2.5", "--comment", "Good",
                      "--course", course}) == 0);
  CHECK(run_gradebox({"grade-manual", "ps1", "alice", "manual_answer", "3.5", "--course",
                      course}) == 1);  // > max
  CHECK(run_gradebox({"grade-manual", "ps1", "alice", "no_such_cell", "1", "--course", course}) ==
        1);
  CHECK(run_gradebox({"grade-manual", "ps1", "zed", "manual_answer", "1", "--course", course}) ==
        1);
  CHECK(run_gradebox({"grade-manual", "ps1", "alice", "manual_answer", "x", "--course", course}) ==
        2);

  const auto trust = records::TrustStore::load(keys / records::kTrustStoreFileName);
  const auto set = records::verify_record_set({dir.path() / "records"}, trust, {});
  CHECK(set.failures.empty());
  REQUIRE(set.manual_grades.size() == 1);
  CHECK(set.manual_grades[0].grade.points_milli == 2500);
  CHECK(set.manual_grades[0].grade.comment == "Good");
  CHECK(set.manifests_checked == 2);

  std::filesystem::remove(dir.path() / "records" / "ps1" / "bob.json");
  CHECK(run_gradebox({"verify", records_dir, "--course", course}) == 1);
  CHECK(run_gradebox({"verify", records_dir, "--trust", course + "/absent.json"}) == 2);
}

TEST_CASE("late info comes from nbgrader's timestamp.txt", "[records]") {
  const auto fixture =
      std::filesystem::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader/apps/timestamp.txt";
  const auto late = records::submission_timestamp_from_text(records::read_file(fixture), fixture);
  CHECK(late.submitted_at == "2019-05-30T11:44:01Z");
  CHECK(late.timestamp_txt == "2019-05-30 11:44:01.911849 UTC");
  CHECK_THROWS_WITH(records::submission_timestamp_from_text("last tuesday\n", "eve/timestamp.txt"),
                    Catch::Contains("last tuesday") && Catch::Contains("eve/timestamp.txt"));
  const std::string oversized(records::max_timestamp_txt_bytes + 1, ' ');
  CHECK_THROWS_WITH(records::submission_timestamp_from_text(oversized, "eve/timestamp.txt"),
                    Catch::Contains("larger than"));
}
