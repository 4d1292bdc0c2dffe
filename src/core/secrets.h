// Random tokens and hashes for API keys (OpenSSL). API keys carry 256 random
// bits, so an unsalted SHA-256 is enough to store them: nobody can brute-force
// the preimage, and equal keys need to hash equally for the lookup. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace jobmatch {

// `bytes` random bytes from OpenSSL's CSPRNG, hex-encoded.
std::string RandomHex(std::size_t bytes);

std::string Sha256Hex(std::string_view data);

}  // namespace jobmatch
