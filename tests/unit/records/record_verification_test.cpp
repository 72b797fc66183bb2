// Verification of signed files and record sets: tampering, keys (wrong, revoked, expired,
// retired), manifests (deleted record, deleted manifest, regrade), duplicates.
#include <catch2/catch.hpp>

#include "grader/records/base64.hpp"
#include "grader/records/dsse_envelope.hpp"
#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/jwk_thumbprint.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/record_signing.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "synthetic_records.hpp"

using namespace gradebox::records;
using gradebox::testing::synthetic_record;
using gradebox::testing::SyntheticRecordWriter;
using gradebox::testing::TempDir;

namespace {

UtcSeconds at(const char* text) {
  return *parse_timestamp(text);
}

TrustStore trust_with(const Ed25519PrivateKey& key, KeyStatus status = KeyStatus::active,
                      const char* not_before = "2026-01-01T00:00:00Z",
                      const char* not_after = nullptr) {
  TrustStore trust;
  trust.add({ed25519_key_id(key.public_raw()), key.public_key(), status, at(not_before),
             not_after ? std::optional(at(not_after)) : std::nullopt, ""});
  return trust;
}

std::string reason_of(const std::string& file_bytes, const TrustStore& trust) {
  try {
    verify_signed_file(file_bytes, trust);
    return "";
  } catch (const VerificationError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("a signed record verifies and reads back", "[records]") {
  const auto key = Ed25519PrivateKey::generate();
  const auto record = synthetic_record("alice");
  const std::string bytes = sign_grade_record(record, key);
  const VerifiedPayload payload = verify_signed_file(bytes, trust_with(key));
  CHECK(payload.payload_type == kGradeRecordPayloadType);
  CHECK(payload.key_id == ed25519_key_id(key.public_raw()));
  CHECK(grade_record_from_json(payload.body).totals().points_milli == 2500);
}

TEST_CASE("one changed byte anywhere fails verification", "[records]") {
  const auto key = Ed25519PrivateKey::generate();
  const auto trust = trust_with(key);
  const std::string bytes = sign_grade_record(synthetic_record("alice"), key);
  // Every byte of the file, changed: nothing may verify (a changed base64 padding or JSON
  // character is malformed; a changed payload or signature character fails the signature).
  for (size_t i = 0; i < bytes.size() - 1; ++i) {
    std::string altered = bytes;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    if (altered == bytes) continue;
    INFO("byte " << i);
    CHECK_FALSE(reason_of(altered, trust).empty());
  }
  // A one-byte change in the decoded payload, re-encoded: the signature must catch it.
  DsseEnvelope envelope = parse_envelope(bytes);
  const auto pos = envelope.payload.find("1500");
  envelope.payload[pos] = '2';
  CHECK_THAT(reason_of(serialize_envelope(envelope), trust),
             Catch::Contains("signature does not verify"));
}

TEST_CASE("a wrong key fails verification", "[records]") {
  const auto key = Ed25519PrivateKey::generate();
  const auto other = Ed25519PrivateKey::generate();
  const std::string bytes = sign_grade_record(synthetic_record("alice"), other);
  CHECK_THAT(reason_of(bytes, trust_with(key)), Catch::Contains("not in the trust store"));
  // A forger who claims the trusted key id still cannot produce its signature.
  DsseEnvelope envelope = parse_envelope(bytes);
  envelope.signatures[0].key_id = ed25519_key_id(key.public_raw());
  CHECK_THAT(reason_of(serialize_envelope(envelope), trust_with(key)),
             Catch::Contains("signature does not verify"));
}

TEST_CASE("revoked and expired keys fail, retired keys keep their old records valid", "[records]") {
  const auto key = Ed25519PrivateKey::generate();
  const std::string bytes =
      sign_grade_record(synthetic_record("alice", "ps1", 1500, "2026-06-01T00:00:00Z"), key);
  CHECK(reason_of(bytes, trust_with(key)).empty());
  CHECK_THAT(reason_of(bytes, trust_with(key, KeyStatus::revoked)), Catch::Contains("revoked key"));
  CHECK_THAT(reason_of(bytes, trust_with(key, KeyStatus::active, "2026-01-01T00:00:00Z",
                                         "2026-05-01T00:00:00Z")),
             Catch::Contains("outside the validity window"));
  CHECK_THAT(reason_of(bytes, trust_with(key, KeyStatus::active, "2026-07-01T00:00:00Z")),
             Catch::Contains("outside the validity window"));
  // Retired after the record was signed: still valid. Signing after retirement: refused.
  CHECK(reason_of(bytes, trust_with(key, KeyStatus::retired, "2026-01-01T00:00:00Z",
                                    "2026-07-01T00:00:00Z"))
            .empty());
  const std::string late =
      sign_grade_record(synthetic_record("bob", "ps1", 1500, "2026-08-01T00:00:00Z"), key);
  CHECK_THAT(reason_of(late, trust_with(key, KeyStatus::retired, "2026-01-01T00:00:00Z",
                                        "2026-07-01T00:00:00Z")),
             Catch::Contains("outside the validity window"));
}

TEST_CASE("key rotation with keygen keeps old records valid", "[records]") {
  TempDir dir;
  const auto keys = dir.path() / "keys";
  const auto first = generate_signing_key(keys, at("2026-01-01T00:00:00Z"));
  const auto old_key = load_active_signing_key(keys);
  const std::string old_record = sign_grade_record(
      synthetic_record("alice", "ps1", 1500, "2026-03-01T00:00:00Z"), old_key.private_key);
  const auto second = generate_signing_key(keys, at("2026-04-01T00:00:00Z"));
  CHECK(load_active_signing_key(keys).key_id == second.key_id);
  const auto trust = TrustStore::load(keys / kTrustStoreFileName);
  REQUIRE(trust.find(first.key_id));
  CHECK(trust.find(first.key_id)->status == KeyStatus::retired);
  CHECK(reason_of(old_record, trust).empty());
  const std::string after = sign_grade_record(
      synthetic_record("bob", "ps1", 1500, "2026-05-01T00:00:00Z"), old_key.private_key);
  CHECK_FALSE(reason_of(after, trust).empty());
}

TEST_CASE("a trust store whose key id is not the thumbprint is refused", "[records]") {
  const auto key = Ed25519PrivateKey::generate();
  std::string text = trust_with(key).to_json_text();
  const std::string id = ed25519_key_id(key.public_raw());
  text.replace(text.find(id), id.size(), std::string(id.size(), 'A'));
  CHECK_THROWS_WITH(TrustStore::parse(text, "t.json"),
                    Catch::Contains("not the RFC 7638 thumbprint"));
}

TEST_CASE("record sets: manifests make deletion evident", "[records]") {
  TempDir dir;
  const auto key = Ed25519PrivateKey::generate();
  const auto trust = trust_with(key);
  SyntheticRecordWriter writer(dir.path(), key);
  for (const char* s : {"alice", "bob", "carol"}) writer.write(synthetic_record(s));
  writer.finish_run("ps1", "2026-11-21T10:05:00Z");

  auto set = verify_record_set({dir.path()}, trust, {});
  CHECK(set.failures.empty());
  CHECK(set.records.size() == 3);
  CHECK(set.manifests_checked == 1);

  SECTION("a deleted record is found through the manifest") {
    std::filesystem::remove(dir.path() / "ps1" / "bob.json");
    set = verify_record_set({dir.path()}, trust, {});
    REQUIRE(set.failures.size() == 1);
    CHECK(set.failures[0].student == "bob");
    CHECK_THAT(set.failures[0].reason, Catch::Contains("missing or invalid"));
  }
  SECTION("a record outside every manifest is reported") {
    writer.write(synthetic_record("mallory"));  // written, but its run never signed a manifest
    set = verify_record_set({dir.path()}, trust, {});
    REQUIRE(set.failures.size() == 1);
    CHECK(set.failures[0].student == "mallory");
    CHECK_THAT(set.failures[0].reason, Catch::Contains("not listed in any run manifest"));
  }
  SECTION("a regrade supersedes, and deleting the earlier manifest is evident") {
    writer.write(synthetic_record("bob", "ps1", 2000, "2026-11-22T09:00:00Z"));
    const auto second = writer.finish_run("ps1", "2026-11-22T09:05:00Z");
    set = verify_record_set({dir.path()}, trust, {});
    CHECK(set.failures.empty());
    CHECK(set.manifests_checked == 2);
    for (const auto& entry :
         std::filesystem::directory_iterator(dir.path() / "ps1" / "manifests")) {
      if (entry.path() != second) std::filesystem::remove(entry.path());
    }
    set = verify_record_set({dir.path()}, trust, {});
    REQUIRE_FALSE(set.failures.empty());
    CHECK_THAT(set.failures[0].reason, Catch::Contains("earlier run manifest"));
  }
  SECTION("an altered file is listed with its student") {
    const auto path = dir.path() / "ps1" / "carol.json";
    std::string bytes = read_file(path);
    DsseEnvelope envelope = parse_envelope(bytes);
    envelope.payload.replace(envelope.payload.find("1500"), 4, "2000");
    write_file_atomically(path, serialize_envelope(envelope));
    set = verify_record_set({dir.path()}, trust, {});
    REQUIRE(set.failures.size() ==
            2);  // the file itself, and the manifest entry it no longer matches
    CHECK(set.failures[0].student == "carol");
    CHECK(set.records.size() == 2);
  }
}

TEST_CASE("record sets: duplicates keep the newest valid record and are reported", "[records]") {
  TempDir a;
  TempDir b;
  const auto key = Ed25519PrivateKey::generate();
  SyntheticRecordWriter first(a.path(), key);
  first.write(synthetic_record("alice", "ps1", 1000, "2026-11-21T10:00:00Z"));
  first.finish_run("ps1", "2026-11-21T10:05:00Z");
  SyntheticRecordWriter second(b.path(), key);
  second.write(synthetic_record("alice", "ps1", 2000, "2026-11-22T10:00:00Z"));
  second.finish_run("ps1", "2026-11-22T10:05:00Z");
  const auto set = verify_record_set({a.path(), b.path()}, trust_with(key), {});
  CHECK(set.failures.empty());
  REQUIRE(set.records.size() == 1);
  CHECK(set.records[0].record.graded_at == "2026-11-22T10:00:00Z");
  REQUIRE(set.duplicates.size() == 1);
  CHECK(set.duplicates[0].conflicting);
  CHECK(set.duplicates[0].dropped_files.size() == 1);
}

TEST_CASE("grade record bodies are read strictly", "[records]") {
  auto body = to_json(synthetic_record("alice"));
  CHECK_NOTHROW(grade_record_from_json(body));
  auto wrong_totals = body;
  wrong_totals["totals"]["points_milli"] = 7000;
  CHECK_THROWS_WITH(grade_record_from_json(wrong_totals), Catch::Contains("totals"));
  auto newer = body;
  newer["schema_version"] = 4;
  CHECK_THROWS_WITH(grade_record_from_json(newer), Catch::Contains("upgrade gradebox"));
  auto without_notes = body;  // version 3 requires notes and late.penalty_method
  without_notes.erase("notes");
  CHECK_THROWS_WITH(grade_record_from_json(without_notes), Catch::Contains("notes"));
  auto bad_method = body;
  bad_method["late"]["penalty_method"] = "half";
  CHECK_THROWS_WITH(grade_record_from_json(bad_method), Catch::Contains("penalty_method"));
  auto version2 = body;  // version 2 records, written before them, stay readable
  version2["schema_version"] = 2;
  version2.erase("notes");
  version2["late"].erase("penalty_method");
  const auto read2 = grade_record_from_json(version2);
  CHECK(read2.notes.empty());
  CHECK(read2.late.penalty_method == "none");
  auto without_cause = version2;  // version 2 requires not_run_cause on every cell
  without_cause["cells"][0].erase("not_run_cause");
  CHECK_THROWS_WITH(grade_record_from_json(without_cause), Catch::Contains("not_run_cause"));
  auto version1 = without_cause;  // version 1 records, written before it, stay readable
  version1["schema_version"] = 1;
  for (auto& cell : version1["cells"]) cell.erase("not_run_cause");
  CHECK_NOTHROW(grade_record_from_json(version1));
  auto missing = body;
  missing.erase("student");
  CHECK_THROWS_WITH(grade_record_from_json(missing), Catch::Contains("\"student\""));
}

TEST_CASE("a not_run cell names the verdict and cell that ended the session", "[records]") {
  auto record = synthetic_record("alice");
  REQUIRE_FALSE(record.cells.empty());
  record.cells[0].verdict = "not_run";
  record.cells[0].not_run_cause = NotRunCause{"memory_limit", 2, "answer"};
  const auto body = to_json(record);
  CHECK(body["schema_version"] == 3);
  CHECK(body["cells"][0]["not_run_cause"] ==
        nlohmann::json({{"verdict", "memory_limit"}, {"cell_index", 2}, {"grade_id", "answer"}}));
  const auto read = grade_record_from_json(body);
  REQUIRE(read.cells[0].not_run_cause);
  CHECK(read.cells[0].not_run_cause->verdict == "memory_limit");
  CHECK(read.cells[0].not_run_cause->cell_index == 2);
  CHECK(read.cells[0].not_run_cause->grade_id == "answer");
  if (body["cells"].size() > 1) CHECK(body["cells"][1]["not_run_cause"].is_null());
}

TEST_CASE("notes and the course's late penalty method round-trip", "[records]") {
  auto record = synthetic_record("alice");
  record.notes = {{"problem1.ipynb", "answer", 2, "duplicate_grade_id", "pasted twice"}};
  record.late.penalty_method = "zero";
  const auto body = to_json(record);
  CHECK(body["notes"][0]["kind"] == "duplicate_grade_id");
  CHECK(body["late"]["penalty_method"] == "zero");
  const auto read = grade_record_from_json(body);
  REQUIRE(read.notes.size() == 1);
  CHECK(read.notes[0].detail == "pasted twice");
  CHECK(read.late.penalty_method == "zero");
  CHECK(read.tampering.empty());
}

TEST_CASE("timestamps: RFC 3339 out, nbgrader and human forms in", "[records]") {
  CHECK(format_rfc3339_utc(at("2019-05-30 11:44:01.911849 UTC")) == "2019-05-30T11:44:01Z");
  CHECK(format_rfc3339_utc(at("2026-11-20 23:59 UTC")) == "2026-11-20T23:59:00Z");
  CHECK(format_rfc3339_utc(at("2026-11-20T23:59:00+01:00")) == "2026-11-20T22:59:00Z");
  CHECK(format_rfc3339_utc(at("2026-11-20 23:59:00")) == "2026-11-20T23:59:00Z");
  CHECK_FALSE(parse_timestamp("2026-11-20 23:59 America/Los_Angeles"));
  CHECK_FALSE(parse_timestamp("2026-02-30T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("yesterday"));
}
