// `gradebox keygen`: a new Ed25519 signing key (PKCS#8 PEM, mode 0600), its public JWK and a
// trust-store entry keyed by the RFC 7638 thumbprint. Earlier active keys are retired at the same
// instant (rotation), so records they signed stay valid.
#include <iostream>
#include <memory>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::cli {
namespace {

struct KeygenOptions {
  std::string course = ".";
  std::string dir;  // default <course>/.gradebox/keys
  std::string comment;
  std::string key;  // the private key's file when it lives outside the key directory
};

int run_keygen(const KeygenOptions& options) {
  const std::filesystem::path dir =
      options.dir.empty() ? std::filesystem::path(options.course) / ".gradebox" / "keys"
                          : std::filesystem::path(options.dir);
  try {
    const auto now = records::utc_now();
    const auto generated = records::generate_signing_key(dir, now, options.comment, options.key);
    std::cout << "key id:      " << generated.key_id << "\n"
              << "private key: " << generated.private_key_path.string()
              << " (mode 0600; keep it secret)\n"
              << "public key:  " << generated.public_key_path.string() << "\n"
              << "trust store: " << generated.trust_store_path.string() << "\n";
    const auto trust = records::TrustStore::load(generated.trust_store_path);
    for (const auto& key : trust.keys()) {
      if (key.key_id != generated.key_id && key.status == records::KeyStatus::retired &&
          key.not_after == now) {
        std::cout << "retired:     " << key.key_id
                  << " (records it signed before now stay valid)\n";
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "gradebox keygen: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_keygen_command(CLI::App& app) {
  auto options = std::make_shared<KeygenOptions>();
  auto* cmd = app.add_subcommand(
      "keygen", "Create an Ed25519 signing key for grade records (rotates the old one)");
  cmd->footer(
      "Writes <dir>/<key id>.key.pem (0600; --key FILE: FILE instead), <key id>.pub.jwk and\n"
      "updates <dir>/trust.json.\n"
      "Exit status: 0 created, 1 error.");
  add_course_option(*cmd, options->course);
  cmd->add_option("--dir", options->dir, "key directory (default <course>/.gradebox/keys)");
  cmd->add_option("--comment", options->comment, "note stored with the trust-store entry");
  cmd->add_option("--key", options->key,
                  "write the private key to this file instead of <dir> (e.g. the source of a "
                  "Kubernetes Secret, outside the course; `gradebox autograde --key` reads it)");
  on_run(*cmd, [options] { return run_keygen(*options); });
}

}  // namespace gradebox::cli
