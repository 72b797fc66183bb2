// The per-session HMAC key. It lives in its own page that is PROT_NONE except while a frame is
// being sealed or checked, is never dumped, and reads as zeros in processes forked from the
// session child, so Python code that can read arbitrary addresses (numpy's __array_interface__)
// still finds nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace gradebox::protocol {

class SessionKey {
 public:
  static constexpr std::size_t size = 32;

  // Fresh random key (OpenSSL RAND_bytes); the trusted side makes one per session.
  static SessionKey generate();
  // Takes the key over from a buffer, then wipes the buffer.
  static SessionKey take_from(std::span<std::uint8_t, size> bytes);

  SessionKey(SessionKey&& other) noexcept;
  SessionKey& operator=(SessionKey&& other) noexcept;
  SessionKey(const SessionKey&) = delete;
  SessionKey& operator=(const SessionKey&) = delete;
  ~SessionKey();

  // HMAC-SHA256 of the concatenated parts, computed while the key page is readable.
  std::array<std::uint8_t, 32> hmac(std::span<const std::span<const std::uint8_t>> parts) const;
  // Copies the key out (to hand it to the zygote); the caller wipes `out` after use.
  void copy_to(std::span<std::uint8_t, size> out) const;

 private:
  SessionKey();
  void* page_ = nullptr;
};

// Overwrites memory in a way the compiler cannot drop (OPENSSL_cleanse).
void wipe(void* data, std::size_t length);

}  // namespace gradebox::protocol
