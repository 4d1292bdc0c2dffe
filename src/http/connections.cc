#include "http/connections.h"

#include <sys/socket.h>

namespace jobmatch {

bool ConnectionTable::Admit(const void* conn, int fd, Clock::time_point deadline) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_) return false;
  entries_[conn] = {fd, deadline};
  return true;
}

void ConnectionTable::SetDeadline(const void* conn, Clock::time_point deadline) {
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(conn); it != entries_.end()) it->second.deadline = deadline;
}

void ConnectionTable::Remove(const void* conn) {
  std::lock_guard lock(mu_);
  entries_.erase(conn);
}

std::size_t ConnectionTable::Expire(Clock::time_point now) {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (auto& [conn, e] : entries_) {
    if (e.deadline > now) continue;
    ::shutdown(e.fd, SHUT_RDWR);
    e.deadline = Clock::time_point::max();  // once; the reactor removes it
    ++n;
  }
  return n;
}

std::size_t ConnectionTable::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void ConnectionTable::StartWatchdog(std::chrono::milliseconds period) {
  {
    std::lock_guard lock(mu_);
    stop_ = false;
  }
  watchdog_ = std::thread([this, period] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, period, [this] { return stop_; })) {
      lock.unlock();
      Expire(Clock::now());
      lock.lock();
    }
  });
}

void ConnectionTable::StopWatchdog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

}  // namespace jobmatch
