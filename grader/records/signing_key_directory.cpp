// Owns key generation into a key directory and finding the active signing key.
#include "grader/records/signing_key_directory.hpp"

#include <sys/stat.h>

#include <stdexcept>

#include "grader/records/file_io.hpp"
#include "grader/records/jwk_thumbprint.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::records {
namespace {

std::filesystem::path private_key_file(const std::filesystem::path& directory,
                                       const std::string& key_id) {
  return directory / (key_id + ".key.pem");
}

}  // namespace

GeneratedKey generate_signing_key(const std::filesystem::path& directory, UtcSeconds now,
                                  const std::string& comment,
                                  const std::filesystem::path& private_key_path) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    throw std::runtime_error("cannot create key directory " + directory.string() + ": " +
                             ec.message());
  ::chmod(directory.c_str(), 0700);  // best effort: the key file itself is 0600 regardless

  const auto trust_path = directory / kTrustStoreFileName;
  TrustStore trust =
      std::filesystem::exists(trust_path) ? TrustStore::load(trust_path) : TrustStore{};

  const Ed25519PrivateKey key = Ed25519PrivateKey::generate();
  const std::string key_id = ed25519_key_id(key.public_raw());
  GeneratedKey generated{
      key_id, private_key_path.empty() ? private_key_file(directory, key_id) : private_key_path,
      directory / (key_id + ".pub.jwk"), trust_path};
  key.save_pem_file(generated.private_key_path);
  write_file_atomically(generated.public_key_path,
                        ed25519_public_jwk(key.public_raw()).dump(2) + "\n", 0644);

  trust.retire_active_keys(now);
  trust.add({key_id, key.public_key(), KeyStatus::active, now, std::nullopt, comment});
  trust.save(trust_path);
  return generated;
}

SigningKey load_active_signing_key(const std::filesystem::path& directory) {
  const auto trust_path = directory / kTrustStoreFileName;
  if (!std::filesystem::exists(trust_path)) {
    throw std::runtime_error("no trust store at " + trust_path.string() +
                             " (hint: run `gradebox keygen --dir " + directory.string() + "`)");
  }
  const TrustStore trust = TrustStore::load(trust_path);
  for (const auto& key : trust.keys()) {
    if (key.status != KeyStatus::active) continue;
    const auto path = private_key_file(directory, key.key_id);
    if (!std::filesystem::exists(path)) continue;
    SigningKey signing{key.key_id, Ed25519PrivateKey::load_pem_file(path)};
    if (signing.private_key.public_raw() != key.public_key.raw()) {
      throw std::runtime_error("private key " + path.string() + " does not match key " +
                               key.key_id + " in " + trust_path.string());
    }
    return signing;
  }
  throw std::runtime_error("no active key with a private key file in " + directory.string() +
                           " (hint: run `gradebox keygen --dir " + directory.string() + "`)");
}

SigningKey load_signing_key_file(const std::filesystem::path& file, const TrustStore& trust,
                                 const std::filesystem::path& trust_path) {
  SigningKey signing{"", Ed25519PrivateKey::load_pem_file(file)};
  signing.key_id = ed25519_key_id(signing.private_key.public_raw());
  for (const auto& key : trust.keys())
    if (key.key_id == signing.key_id && key.status == KeyStatus::active) return signing;
  throw std::runtime_error("the private key " + file.string() + " (key id " + signing.key_id +
                           ") is not an active key of " + trust_path.string() +
                           ": records it signed would not verify (hint: `gradebox keygen --key " +
                           file.string() +
                           "` writes a new key there and its public half into "
                           "the course's trust store)");
}

}  // namespace gradebox::records
