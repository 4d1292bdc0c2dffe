// Random tokens and hashes for API keys (OpenSSL). API keys carry 256 random
// bits, so an unsalted SHA-256 is enough to store them: nobody can brute-force
// the preimage, and equal keys need to hash equally for the lookup. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobmatch {

// `bytes` random bytes from OpenSSL's CSPRNG, hex-encoded.
std::string RandomHex(std::size_t bytes);

std::string Sha256Hex(std::string_view data);

// Whether two secrets are equal, in a time that does not depend on where they
// first differ.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace jobmatch

namespace jobmatch {

// Field-level encryption for personal data at rest (AES-256-GCM, a random
// 96-bit nonce per value) and keyed hashes for looking such data up
// (HMAC-SHA256 under a key derived from the same secret). The 256-bit key
// comes from the environment or a file, never from the data directory.
// Immutable after construction: safe to share between threads.
class DataCipher {
 public:
  // `key_hex` holds 64 hex digits.
  static std::optional<DataCipher> FromHex(std::string_view key_hex);

  // base64-free compact form: hex(nonce | ciphertext | tag).
  std::string Encrypt(std::string_view plaintext) const;
  std::optional<std::string> Decrypt(std::string_view sealed) const;
  // A stable keyed hash, for equality look-ups without the plaintext.
  std::string Hash(std::string_view plaintext) const;

 private:
  std::string enc_key_;  // 32 bytes
  std::string mac_key_;  // 32 bytes
};

}  // namespace jobmatch
