// `gradebox keygen` and `gradebox verify` driven through their CLI11 registration.
#include <catch2/catch.hpp>

#include "grader/cli/commands.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "synthetic_records.hpp"

namespace {

// Runs one gradebox subcommand line; returns its exit code as gradebox_main would.
int run_gradebox(std::vector<std::string> args) {
  CLI::App app{"gradebox"};
  app.require_subcommand(1);
  gradebox::cli::add_keygen_command(app);
  gradebox::cli::add_verify_command(app);
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    return 2;
  }
  return 0;
}

}  // namespace

TEST_CASE("gradebox keygen then gradebox verify over a records directory", "[records]") {
  gradebox::testing::TempDir dir;
  const std::string keys = (dir.path() / "keys").string();
  REQUIRE(run_gradebox({"keygen", "--dir", keys}) == 0);
  const auto key = gradebox::records::load_active_signing_key(keys);
  gradebox::testing::SyntheticRecordWriter writer(dir.path() / "records", key.private_key);
  writer.write(gradebox::testing::synthetic_record("alice", "ps1", 1500, gradebox::records::format_rfc3339_utc(gradebox::records::utc_now())));
  const auto bob = writer.write(gradebox::testing::synthetic_record("bob", "ps1", 1500, gradebox::records::format_rfc3339_utc(gradebox::records::utc_now())));
  writer.finish_run("ps1", gradebox::records::format_rfc3339_utc(gradebox::records::utc_now()));

  const std::string trust = keys + "/trust.json";
  CHECK(run_gradebox({"verify", (dir.path() / "records").string(), "--trust", trust}) == 0);
  CHECK(run_gradebox({"verify", bob.string(), "--trust", trust}) == 0);
  std::filesystem::remove(bob);
  CHECK(run_gradebox({"verify", (dir.path() / "records").string(), "--trust", trust}) == 1);
  CHECK(run_gradebox({"verify", (dir.path() / "records").string(), "--trust", keys + "/absent.json"}) == 2);
}
