// The private key permission rule (private_key_permissions.hpp), `gradebox keygen --key FILE` and
// load_signing_key_file: a Kubernetes Secret's 0440 root-owned key is accepted by another uid that
// cannot write it; anything others can read, or a caller could rewrite, is refused.
#include "grader/records/private_key_permissions.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "grader/records/signing_key_directory.hpp"
#include "synthetic_records.hpp"

using namespace gradebox::records;

namespace {

bool accepted(mode_t mode, uid_t owner, uid_t caller, bool writable) {
  return !private_key_permission_problem({S_IFREG | mode, owner, caller, writable}, "key.pem");
}

}  // namespace

TEST_CASE("a key the caller owns must be private to it", "[records]") {
  CHECK(accepted(0600, 1000, 1000, true));
  CHECK(accepted(0400, 1000, 1000, false));
  CHECK_FALSE(accepted(0640, 1000, 1000, true));
  CHECK_FALSE(accepted(0440, 1000, 1000, false));
  CHECK_FALSE(accepted(0604, 1000, 1000, true));
  CHECK_THAT(*private_key_permission_problem({S_IFREG | 0644, 0, 0, true}, "k.pem"),
             Catch::Contains("mode 0644 lets others use it") && Catch::Contains("chmod 600 k.pem"));
}

TEST_CASE("a Secret's 0400/0440 key owned by another uid is accepted when read-only here",
          "[records]") {
  CHECK(accepted(0440, 0, 1000, false));
  CHECK(accepted(0400, 0, 1000, false));
  CHECK_FALSE(accepted(0444, 0, 1000, false));  // others
  CHECK_FALSE(accepted(0460, 0, 1000, false));  // group may rewrite it
  CHECK_THAT(*private_key_permission_problem({S_IFREG | 0440, 0, 1000, true}, "k.pem"),
             Catch::Contains("owned by uid 0") && Catch::Contains("writable by this process"));
}

TEST_CASE("keygen --key writes the private key outside the key directory", "[records]") {
  gradebox::testing::TempDir dir;
  const auto keys = dir.path() / "course" / ".gradebox" / "keys";
  const auto secret = dir.path() / "secret.pem";
  const auto generated = generate_signing_key(keys, utc_now(), "", secret);
  CHECK(generated.private_key_path == secret);
  for (const auto& entry : std::filesystem::directory_iterator(keys))
    CHECK(entry.path().string().find(".key.pem") == std::string::npos);
  const auto trust_path = keys / kTrustStoreFileName;
  CHECK(load_signing_key_file(secret, TrustStore::load(trust_path), trust_path).key_id ==
        generated.key_id);

  // A key the trust store does not list as active signs nothing.
  const auto other = dir.path() / "other.pem";
  generate_signing_key(dir.path() / "elsewhere", utc_now(), "", other);
  CHECK_THROWS_WITH(load_signing_key_file(other, TrustStore::load(trust_path), trust_path),
                    Catch::Contains("is not an active key of"));
}

TEST_CASE("a root-owned 0440 key is read by a member of its group that cannot write it",
          "[records][root]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to chown the key and drop to another uid");
    return;
  }
  gradebox::testing::TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  const auto keys = dir.path() / "keys";
  const auto secret = dir.path() / "secret.pem";
  const auto generated = generate_signing_key(keys, utc_now(), "", secret);
  ::chmod(keys.c_str(), 0755);
  REQUIRE(::chown(secret.c_str(), 0, 4243) == 0);
  REQUIRE(::chmod(secret.c_str(), 0440) == 0);
  const auto trust_path = keys / kTrustStoreFileName;
  const TrustStore trust = TrustStore::load(trust_path);

  // As root the file is writable, so the shared mode is refused.
  CHECK_THROWS_WITH(load_signing_key_file(secret, trust, trust_path),
                    Catch::Contains("lets group members read it"));
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const gid_t group = 4243;
    if (::setgroups(1, &group) != 0 || ::setgid(4243) != 0 || ::setuid(4242) != 0) ::_exit(3);
    try {
      ::_exit(load_signing_key_file(secret, trust, trust_path).key_id == generated.key_id ? 0 : 4);
    } catch (const std::exception&) {
      ::_exit(5);
    }
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
