// Base64, canonical JSON, JWK thumbprints (RFC 8037 vectors), DSSE PAE, signing and key files.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "grader/records/base64.hpp"
#include "grader/records/canonical_json.hpp"
#include "grader/records/dsse_envelope.hpp"
#include "grader/records/ed25519_key.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/jwk_thumbprint.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "synthetic_records.hpp"

using namespace gradebox::records;

namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2)
    out += char(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

// RFC 8037 Appendix A.1 (= RFC 8032 test 1) private key seed.
const std::string kRfc8037Seed =
    from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

}  // namespace

TEST_CASE("base64 and base64url round trip and decode strictly", "[records]") {
  for (const std::string& text : std::vector<std::string>{
           "", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00", 3)}) {
    CHECK(base64_decode(base64_encode(text)) == text);
    CHECK(base64url_decode(base64url_encode(text)) == text);
  }
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64url_encode(std::string("\xfb\xff", 2)) == "-_8");
  CHECK_FALSE(base64_decode("Zm8"));               // padding missing
  CHECK_FALSE(base64_decode("Zm9=").has_value());  // non-zero leftover bits
  CHECK_FALSE(base64_decode("Zm 8="));             // whitespace
  CHECK_FALSE(base64url_decode("Zm8="));           // url form is unpadded
}

TEST_CASE("canonical JSON sorts keys, drops whitespace and refuses floats", "[records]") {
  nlohmann::json a = nlohmann::json::object();
  a["zeta"] = 1;
  a["alpha"] = {{"y", "é\n\"q\""}, {"b", nlohmann::json::array({3, -2})}};
  nlohmann::json b =
      nlohmann::json::parse(R"({ "alpha" : { "b" : [3, -2], "y" : "é\n\"q\"" }, "zeta" : 1 })");
  CHECK(canonical_json(a) == canonical_json(b));
  CHECK(canonical_json(a) == "{\"alpha\":{\"b\":[3,-2],\"y\":\"é\\n\\\"q\\\"\"},\"zeta\":1}");
  CHECK(canonical_json(nlohmann::json{{"ctl", std::string("\x01", 1)}}) == "{\"ctl\":\"\\u0001\"}");
  CHECK_THROWS_WITH(canonical_json(nlohmann::json{{"score", {{"points", 1.5}}}}),
                    Catch::Contains("/score/points"));
  CHECK_THROWS_AS(canonical_json(nlohmann::json("\xff")), std::invalid_argument);
  CHECK(is_canonical_json("{\"a\":1}", nlohmann::json::parse("{\"a\":1}")));
  CHECK_FALSE(is_canonical_json("{\"a\": 1}", nlohmann::json::parse("{\"a\":1}")));
}

TEST_CASE("grade record bodies are deterministic", "[records]") {
  const GradeRecord record = gradebox::testing::synthetic_record("alice");
  const std::string first = canonical_json(to_json(record));
  const GradeRecord reread = grade_record_from_json(nlohmann::json::parse(first));
  CHECK(canonical_json(to_json(reread)) == first);
  CHECK(first.rfind("{\"assignment\":\"ps1\",\"cells\":[{\"cpu_ms\":12,", 0) ==
        0);  // sorted, compact
  CHECK(first.find("\"points_milli\":1500") != std::string::npos);
}

TEST_CASE("JWK thumbprint matches RFC 8037 Appendix A.3", "[records]") {
  const Ed25519PrivateKey key = Ed25519PrivateKey::from_seed(kRfc8037Seed);
  CHECK(base64url_encode(key.public_raw()) == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  CHECK(ed25519_key_id(key.public_raw()) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  const nlohmann::json jwk = {{"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
                              {"kty", "OKP"},
                              {"crv", "Ed25519"},
                              {"kid", "ignored"}};
  CHECK(jwk_thumbprint(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST_CASE("Ed25519 signature matches RFC 8037 Appendix A.4", "[records]") {
  const Ed25519PrivateKey key = Ed25519PrivateKey::from_seed(kRfc8037Seed);
  const std::string input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  const std::string signature = key.sign(input);
  CHECK(base64url_encode(signature) ==
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  CHECK(key.public_key().verify(input, signature));
  const Ed25519PublicKey public_key = key.public_key();
  for (int round = 0; round < 3; ++round) {  // one cached context: failures must not stick
    CHECK_FALSE(public_key.verify(input + ".", signature));
    CHECK(public_key.verify(input, signature));
  }
}

TEST_CASE("DSSE PAE is the spec's encoding", "[records]") {
  CHECK(pre_authentication_encoding("http://example.com/HelloWorld", "hello world") ==
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  const auto key = Ed25519PrivateKey::generate();
  const DsseEnvelope envelope = sign_envelope("t", "body", key);
  const DsseEnvelope parsed = parse_envelope(serialize_envelope(envelope));
  CHECK(parsed.payload == "body");
  CHECK(parsed.payload_type == "t");
  REQUIRE(parsed.signatures.size() == 1);
  CHECK(parsed.signatures[0].key_id == ed25519_key_id(key.public_raw()));
  CHECK(key.public_key().verify(pre_authentication_encoding("t", "body"),
                                parsed.signatures[0].signature));
  CHECK_THROWS_AS(parse_envelope("{\"payload\":\"!!\",\"payloadType\":\"t\",\"signatures\":[]}"),
                  std::invalid_argument);
}

TEST_CASE("private keys are PKCS#8 PEM with mode 0600 and refused when others can read them",
          "[records]") {
  gradebox::testing::TempDir dir;
  const auto generated = generate_signing_key(dir.path() / "keys", utc_now());
  struct stat info {};
  REQUIRE(::stat(generated.private_key_path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const auto pem = gradebox::records::Ed25519PrivateKey::load_pem_file(generated.private_key_path)
                       .to_pkcs8_pem();
  CHECK(pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  CHECK(load_active_signing_key(dir.path() / "keys").key_id == generated.key_id);

  for (mode_t mode : {0640, 0604, 0644}) {
    REQUIRE(::chmod(generated.private_key_path.c_str(), mode) == 0);
    CHECK_THROWS_WITH(Ed25519PrivateKey::load_pem_file(generated.private_key_path),
                      Catch::Contains("chmod 600"));
    CHECK_THROWS_WITH(load_active_signing_key(dir.path() / "keys"),
                      Catch::Contains("refusing private key"));
  }
}
