#include "server_process.h"

#include "http/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace jobmatch::testing {

ServerProcess::ServerProcess(const std::string& data_dir, std::vector<std::string> extra_args) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    setenv("JOBMATCH_ADMIN_KEY", kAdminKey, 1);
    setenv("JOBMATCH_DATA_KEY", kDataKey, 1);
    std::vector<std::string> args = {JOBMATCH_BINARY, "serve",    "--data-dir",
                                     data_dir,        "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  // The server prints "jobmatch listening on http://127.0.0.1:PORT …" once ready.
  std::string seen;
  const std::string marker = "listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, n);
    auto at = seen.find(marker);
    if (at != std::string::npos && seen.find(' ', at + marker.size()) != std::string::npos) {
      port_ = static_cast<uint16_t>(std::atoi(seen.c_str() + at + marker.size()));
      break;
    }
  }
  close(out[0]);
  if (port_ == 0) {
    Kill9();
    throw std::runtime_error("server did not start; it printed: " + seen);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Terminate();
}

void ServerProcess::Kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

int Connect(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

void SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the peer closed: the caller checks what it read
    sent += static_cast<std::size_t>(n);
  }
}

std::string ReadUntil(int fd, const std::string& needle, int timeout_ms) {
  std::string got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (!needle.empty() && got.find(needle) != std::string::npos) return got;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return got;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return got;
    char buf[65536];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return got;
    got.append(buf, n);
  }
}

HttpResult ParseResponse(const std::string& raw) {
  HttpResult r;
  auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos) return r;
  r.status = std::atoi(raw.c_str() + 9);
  std::size_t line = raw.find("\r\n") + 2;
  while (line < head_end) {
    auto end = raw.find("\r\n", line);
    auto colon = raw.find(':', line);
    if (colon != std::string::npos && colon < end) {
      std::string name = raw.substr(line, colon - line);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = raw.substr(colon + 1, end - colon - 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    line = end + 2;
  }
  r.body = raw.substr(head_end + 4);
  if (auto it = r.headers.find("content-length"); it != r.headers.end()) {
    r.body.resize(std::min<std::size_t>(r.body.size(), std::stoul(it->second)));
  }
  return r;
}

HttpResult ServerProcess::RequestWith(const std::string& method, const std::string& target,
                                      const std::map<std::string, std::string>& headers,
                                      const std::string& body) const {
  int fd = Connect(port_);
  std::string req = method + " " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                    "\r\nConnection: close\r\n";
  for (const auto& [name, value] : headers) req += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    if (!headers.contains("Content-Type")) req += "Content-Type: application/json\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  SendAll(fd, req);
  std::string raw = ReadUntil(fd, "", 30000);
  close(fd);
  return ParseResponse(raw);
}

HttpResult ServerProcess::Request(const std::string& method, const std::string& target,
                                  const std::string& key, const std::string& body,
                                  const std::string& content_type) const {
  std::map<std::string, std::string> headers = {{"Content-Type", content_type}};
  if (!key.empty()) headers["Authorization"] = "Bearer " + key;
  return RequestWith(method, target, headers, body);
}

std::string ServerProcess::CreateKey(const std::string& role, const std::string& owner) const {
  auto r = Post("/v1/keys", {{"role", role}, {"owner", owner}}, kAdminKey);
  if (r.status != 201) throw std::runtime_error("key creation failed: " + r.body);
  return r.Json().at("key");
}

std::string Encode(const std::string& s) {
  return PercentEncode(s);
}

nlohmann::json SampleOpening(const std::string& external_id, nlohmann::json overrides) {
  nlohmann::json o = {
      {"external_id", external_id},
      {"title", "招聘电焊工"},
      {"employer", "苏州精工机械制造有限公司"},
      {"description", "负责钢结构件焊接，要求持有焊工证，能看懂简单图纸。五险一金，包住宿。"},
      {"occupation", "焊工"},
      {"skills", {{{"skill", "焊条电弧焊"}, {"level", 3}}}},
      {"region", "320505"},
      {"address", "苏州市虎丘区长江路88号"},
      {"wage_min", 6500},
      {"wage_max", 9000},
      {"positions", 5},
      {"education", "junior"},
      {"for_graduates", false},
      {"full_time", true},
      {"expires_at", "2099-12-31"},
      {"apply",
       {{"contact", "人事部 王女士"},
        {"phone", "0512-6588 1234"},
        {"url", "https://jobs.example.cn/weld/1"},
        {"address", "苏州市虎丘区长江路88号 门卫处"},
        {"note", "请携带身份证和焊工证"}}},
  };
  for (auto& [k, v] : overrides.items()) {
    if (v.is_null()) {
      o.erase(k);
    } else {
      o[k] = v;
    }
  }
  return o;
}

}  // namespace jobmatch::testing
