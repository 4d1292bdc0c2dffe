// An open-loop HTTP load: requests are due at a fixed rate whatever the
// server does, and each latency is counted from when its request was due,
// not from when a connection was free to send it, so that queueing shows
// (a closed loop such as wrk's waits for answers and hides it).
//
//   bench_open_loop --port P --rate R --seconds S --paths FILE
//                   [--connections C] [--key KEY]
//
// Request i is due at start + i/R and takes the next path of FILE (one a
// line) in turn. C keep-alive connections (default 32) each take the next
// due request when free. Prints one line:
//   rate R sent N errors E p50 MS p90 MS p99 MS max MS
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Sends one request and reads its response; the status, or -1 when the
// connection failed (the caller reconnects).
int Exchange(int fd, const std::string& request, std::string& buffer) {
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return -1;
    sent += static_cast<std::size_t>(n);
  }
  buffer.clear();
  std::size_t header_end = std::string::npos;
  std::size_t length = 0;
  char chunk[65536];
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = buffer.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string lower = buffer.substr(0, header_end);
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        const auto at = lower.find("content-length:");
        length = at == std::string::npos ? 0 : std::strtoul(lower.c_str() + at + 15, nullptr, 10);
      }
    }
    if (header_end != std::string::npos && buffer.size() >= header_end + 4 + length) {
      return std::atoi(buffer.c_str() + 9);  // "HTTP/1.1 200"
    }
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

const char* Arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == name) return argv[i + 1];
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const int port = std::atoi(Arg(argc, argv, "--port", "0"));
  const double rate = std::atof(Arg(argc, argv, "--rate", "0"));
  const double seconds = std::atof(Arg(argc, argv, "--seconds", "10"));
  const int connections = std::atoi(Arg(argc, argv, "--connections", "32"));
  const std::string key = Arg(argc, argv, "--key", "");
  std::vector<std::string> requests;
  std::ifstream in(Arg(argc, argv, "--paths", ""));
  for (std::string path; std::getline(in, path);) {
    if (path.empty()) continue;
    requests.push_back("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                       key + "\r\n\r\n");
  }
  if (port == 0 || rate <= 0 || requests.empty()) {
    std::fprintf(stderr,
                 "usage: bench_open_loop --port P --rate R --seconds S --paths FILE "
                 "[--connections C] [--key KEY]\n");
    return 64;
  }
  const auto total = static_cast<uint64_t>(rate * seconds);
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> errors{0};
  std::mutex mu;
  std::vector<double> latencies;  // ms, guarded by mu
  latencies.reserve(total);

  std::vector<std::thread> workers;
  for (int c = 0; c < connections; ++c) {
    workers.emplace_back([&] {
      int fd = Connect(port);
      std::string buffer;
      std::vector<double> mine;
      for (uint64_t i; (i = next++) < total;) {
        const auto due = start + std::chrono::nanoseconds(static_cast<int64_t>(i * 1e9 / rate));
        std::this_thread::sleep_until(due);
        int status = fd < 0 ? -1 : Exchange(fd, requests[i % requests.size()], buffer);
        if (status < 0) {  // the connection broke: count it, open another
          if (fd >= 0) close(fd);
          fd = Connect(port);
        }
        if (status != 200) ++errors;
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
      if (fd >= 0) close(fd);
      std::lock_guard lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  for (auto& w : workers) w.join();
  std::sort(latencies.begin(), latencies.end());
  auto at = [&](double q) {
    return latencies.empty() ? 0.0
                             : latencies[std::min(latencies.size() - 1,
                                                  static_cast<std::size_t>(q * latencies.size()))];
  };
  std::printf("rate %.1f sent %zu errors %llu p50 %.2f p90 %.2f p99 %.2f max %.2f\n", rate,
              latencies.size(), static_cast<unsigned long long>(errors.load()), at(0.50), at(0.90),
              at(0.99), latencies.empty() ? 0.0 : latencies.back());
  return 0;
}
