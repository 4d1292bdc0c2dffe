#include "core/secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace jobmatch {

namespace {

std::string Hex(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string RandomHex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  // A failing CSPRNG is not recoverable: refuse to mint a weak key.
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return Hex(buf.data(), buf.size());
}

bool SecretEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  return Hex(digest, len);
}

}  // namespace jobmatch

namespace jobmatch {

namespace {

std::optional<std::string> Unhex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string HmacSha256(const std::string& key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

}  // namespace

std::optional<DataCipher> DataCipher::FromHex(std::string_view key_hex) {
  auto secret = Unhex(key_hex);
  if (!secret || secret->size() != 32) return std::nullopt;
  DataCipher c;
  // Separate keys for encryption and hashing, derived from the one secret.
  c.enc_key_ = HmacSha256(*secret, "jobmatch field encryption v1");
  c.mac_key_ = HmacSha256(*secret, "jobmatch lookup hash v1");
  return c;
}

std::string DataCipher::Encrypt(std::string_view plaintext) const {
  unsigned char nonce[kNonceBytes];
  if (RAND_bytes(nonce, sizeof nonce) != 1) throw std::runtime_error("RAND_bytes failed");
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  std::copy(nonce, nonce + kNonceBytes, p);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int len = 0;
  EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr,
                     reinterpret_cast<const unsigned char*>(enc_key_.data()), nonce);
  EVP_EncryptUpdate(ctx, p + kNonceBytes, &len,
                    reinterpret_cast<const unsigned char*>(plaintext.data()),
                    static_cast<int>(plaintext.size()));
  EVP_EncryptFinal_ex(ctx, p + kNonceBytes + len, &len);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTagBytes, p + kNonceBytes + plaintext.size());
  EVP_CIPHER_CTX_free(ctx);
  return Hex(p, out.size());
}

std::optional<std::string> DataCipher::Decrypt(std::string_view sealed) const {
  auto raw = Unhex(sealed);
  if (!raw || raw->size() < kNonceBytes + kTagBytes) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(raw->data());
  const std::size_t n = raw->size() - kNonceBytes - kTagBytes;
  std::string out(n, '\0');
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int len = 0;
  EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr,
                     reinterpret_cast<const unsigned char*>(enc_key_.data()), p);
  EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &len, p + kNonceBytes,
                    static_cast<int>(n));
  std::string tag(raw->data() + kNonceBytes + n, kTagBytes);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data());
  int ok = EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + len, &len);
  EVP_CIPHER_CTX_free(ctx);
  if (ok != 1) return std::nullopt;  // tampered, or another key
  return out;
}

std::string DataCipher::Hash(std::string_view plaintext) const {
  std::string mac = HmacSha256(mac_key_, plaintext);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

}  // namespace jobmatch
