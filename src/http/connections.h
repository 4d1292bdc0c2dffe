// The server's open connections and the deadline of each: a connection that
// does not finish its request in time (slowloris: headers a byte at a time, a
// silent connect, a body trickling below a minimum rate) is shut down, and
// connections beyond a cap are refused as they arrive, so that open sockets
// stay below the file limit. Shared by every reactor thread's handler and the
// watchdog thread; all methods are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace jobmatch {

class ConnectionTable {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConnectionTable(std::size_t max_connections) : max_(max_connections) {}
  ~ConnectionTable() { StopWatchdog(); }

  // Registers a new connection; false (nothing registered) when the table is full.
  bool Admit(const void* conn, int fd, Clock::time_point deadline);
  void SetDeadline(const void* conn, Clock::time_point deadline);
  // Must be called before the connection's socket is closed.
  void Remove(const void* conn);
  // Shuts down the sockets of connections past their deadline (their reactor
  // then sees the end of the stream and closes them); returns how many.
  std::size_t Expire(Clock::time_point now);

  std::size_t size() const;
  std::size_t max() const { return max_; }

  // Calls Expire() every `period` on a thread of its own until stopped.
  void StartWatchdog(std::chrono::milliseconds period);
  void StopWatchdog();

 private:
  struct Entry {
    int fd;
    Clock::time_point deadline;
  };

  const std::size_t max_;
  mutable std::mutex mu_;
  // Guarded by mu_. Remove() takes mu_ before the socket is closed, so Expire()
  // never shuts down a descriptor that has been reused by a newer connection.
  std::unordered_map<const void*, Entry> entries_;
  bool stop_ = false;  // guarded by mu_
  std::condition_variable wake_;
  std::thread watchdog_;
};

}  // namespace jobmatch
