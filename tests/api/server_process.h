// Test support: runs the real jobmatch binary as a child process on an
// ephemeral port with its own temporary data directory, and a minimal HTTP/1.1
// client over raw sockets (so that tests control the bytes on the wire).
#pragma once

#include <sys/types.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../support/temp_dir.h"

namespace jobmatch::testing {

inline constexpr char kAdminKey[] = "test-admin-key-0123456789abcdef";
inline constexpr char kDataKey[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json Json() const { return nlohmann::json::parse(body); }
};

class ServerProcess {
 public:
  // Starts `jobmatch serve` on 127.0.0.1:0 over `data_dir` and waits until it
  // prints the port it listens on.
  explicit ServerProcess(const std::string& data_dir, std::vector<std::string> extra_args = {});
  ~ServerProcess();

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  void Kill9();
  // SIGTERM and wait; returns the exit status.
  int Terminate();

  // One request on a fresh connection (Connection: close), with these
  // headers besides Host and Connection (and Content-Type/Length for a body).
  HttpResult RequestWith(const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers,
                         const std::string& body = "") const;
  // One request on a fresh connection (Connection: close).
  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& key = "", const std::string& body = "",
                     const std::string& content_type = "application/json") const;
  HttpResult Get(const std::string& target, const std::string& key = kAdminKey) const {
    return Request("GET", target, key);
  }
  HttpResult Post(const std::string& target, const nlohmann::json& body,
                  const std::string& key) const {
    return Request("POST", target, key, body.dump());
  }

  // Creates a key through the API with the admin key; returns the secret.
  std::string CreateKey(const std::string& role, const std::string& owner) const;

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// Raw connection helpers for protocol tests.
int Connect(uint16_t port);
void SendAll(int fd, const std::string& data);
// Reads until `needle` has arrived, EOF, or `timeout_ms`; returns what was read.
std::string ReadUntil(int fd, const std::string& needle, int timeout_ms);
// Parses one response out of raw bytes.
HttpResult ParseResponse(const std::string& raw);

// Percent-encodes a query value.
std::string Encode(const std::string& s);

// A believable opening for tests; override fields as needed.
nlohmann::json SampleOpening(const std::string& external_id, nlohmann::json overrides = {});

}  // namespace jobmatch::testing
