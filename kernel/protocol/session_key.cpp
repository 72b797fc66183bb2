// SessionKey: a guarded page holding 32 key bytes.
#include "kernel/protocol/session_key.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace gradebox::protocol {
namespace {

std::size_t page_size() {
  return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void protect(void* page, int prot) {
  if (::mprotect(page, page_size(), prot) != 0)
    throw std::runtime_error(std::string("session key: mprotect failed: ") + std::strerror(errno));
}

// Makes the key page readable for the lifetime of the guard.
class ReadableWindow {
 public:
  explicit ReadableWindow(void* page, int prot = PROT_READ) : page_(page) { protect(page_, prot); }
  ~ReadableWindow() { ::mprotect(page_, page_size(), PROT_NONE); }
  ReadableWindow(const ReadableWindow&) = delete;
  ReadableWindow& operator=(const ReadableWindow&) = delete;

 private:
  void* page_;
};

// An HMAC-SHA256 context with the digest chosen but no key: copied for each MAC instead of
// fetching the algorithm and parsing the digest name again per frame (~40% of the per-frame
// cost). It holds nothing secret; the keyed copy is freed, and so cleansed, after each MAC. One
// per thread: the trusted side drives sessions from several threads.
EVP_MAC_CTX* unkeyed_hmac_sha256() {
  struct Free {
    void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
  };
  thread_local std::unique_ptr<EVP_MAC_CTX, Free> unkeyed = [] {
    EVP_MAC* algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    EVP_MAC_CTX* ctx = algorithm ? EVP_MAC_CTX_new(algorithm) : nullptr;
    EVP_MAC_free(algorithm);  // the context keeps its own reference
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (ctx != nullptr && EVP_MAC_CTX_set_params(ctx, params) != 1) {
      EVP_MAC_CTX_free(ctx);
      ctx = nullptr;
    }
    return std::unique_ptr<EVP_MAC_CTX, Free>(ctx);
  }();
  return unkeyed.get();
}

}  // namespace

void wipe(void* data, std::size_t length) {
  OPENSSL_cleanse(data, length);
}

SessionKey::SessionKey() {
  page_ = ::mmap(nullptr, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page_ == MAP_FAILED) {
    page_ = nullptr;
    throw std::runtime_error(std::string("session key: mmap failed: ") + std::strerror(errno));
  }
  // Best effort: a host may refuse mlock (RLIMIT_MEMLOCK); the key is still guarded.
  ::madvise(page_, page_size(), MADV_DONTDUMP);
  ::madvise(page_, page_size(), MADV_WIPEONFORK);
  ::mlock(page_, page_size());
  protect(page_, PROT_NONE);
}

SessionKey::SessionKey(SessionKey&& other) noexcept : page_(std::exchange(other.page_, nullptr)) {}

SessionKey& SessionKey::operator=(SessionKey&& other) noexcept {
  if (this != &other) {
    SessionKey dying(std::move(*this));
    page_ = std::exchange(other.page_, nullptr);
  }
  return *this;
}

SessionKey::~SessionKey() {
  if (page_ == nullptr) return;
  if (::mprotect(page_, page_size(), PROT_READ | PROT_WRITE) == 0) wipe(page_, size);
  ::munmap(page_, page_size());
}

SessionKey SessionKey::generate() {
  SessionKey key;
  ReadableWindow window(key.page_, PROT_READ | PROT_WRITE);
  if (RAND_bytes(static_cast<unsigned char*>(key.page_), size) != 1)
    throw std::runtime_error("session key: RAND_bytes failed (OpenSSL has no entropy source)");
  return key;
}

SessionKey SessionKey::take_from(std::span<std::uint8_t, size> bytes) {
  SessionKey key;
  {
    ReadableWindow window(key.page_, PROT_READ | PROT_WRITE);
    std::memcpy(key.page_, bytes.data(), size);
  }
  wipe(bytes.data(), size);
  return key;
}

std::array<std::uint8_t, 32> SessionKey::hmac(
    std::span<const std::span<const std::uint8_t>> parts) const {
  std::array<std::uint8_t, 32> mac{};
  // EVP_MAC rather than HMAC_CTX: the latter is deprecated in OpenSSL 3.
  EVP_MAC_CTX* const unkeyed = unkeyed_hmac_sha256();
  EVP_MAC_CTX* ctx = unkeyed ? EVP_MAC_CTX_dup(unkeyed) : nullptr;
  bool ok = ctx != nullptr;
  {
    // Readable only while the key is copied into the context (EVP_MAC_init); the keyed context
    // (heap memory) lives until EVP_MAC_CTX_free below, which cleanses it.
    ReadableWindow window(page_);
    ok = ok && EVP_MAC_init(ctx, static_cast<const unsigned char*>(page_), size, nullptr) == 1;
  }
  for (const auto& part : parts) ok = ok && EVP_MAC_update(ctx, part.data(), part.size()) == 1;
  std::size_t length = 0;
  ok = ok && EVP_MAC_final(ctx, mac.data(), &length, mac.size()) == 1 && length == mac.size();
  EVP_MAC_CTX_free(ctx);
  if (!ok) throw std::runtime_error("session key: HMAC-SHA256 failed");
  return mac;
}

void SessionKey::copy_to(std::span<std::uint8_t, size> out) const {
  ReadableWindow window(page_);
  std::memcpy(out.data(), page_, size);
}

}  // namespace gradebox::protocol
