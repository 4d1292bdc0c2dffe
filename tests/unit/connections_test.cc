// ConnectionTable: the cap, deadlines and the watchdog, on real sockets.
#include "http/connections.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

namespace jobmatch {
namespace {

using Clock = ConnectionTable::Clock;

struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() { EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0); }
  ~SocketPair() {
    close(fds[0]);
    close(fds[1]);
  }
  // True when the far end sees the end of the stream (the near end was shut down).
  bool ShutDown() const {
    char c;
    return recv(fds[1], &c, 1, MSG_DONTWAIT) == 0;
  }
};

TEST(ConnectionTableTest, AdmitsUpToTheCapAndAgainOnceOneLeaves) {
  ConnectionTable table(2);
  SocketPair a, b, c;
  const auto later = Clock::now() + std::chrono::hours(1);
  EXPECT_TRUE(table.Admit(&a, a.fds[0], later));
  EXPECT_TRUE(table.Admit(&b, b.fds[0], later));
  EXPECT_FALSE(table.Admit(&c, c.fds[0], later));
  EXPECT_EQ(table.size(), 2u);
  table.Remove(&a);
  EXPECT_TRUE(table.Admit(&c, c.fds[0], later));
}

TEST(ConnectionTableTest, ExpireShutsDownOnlyWhatIsPastItsDeadlineAndOnlyOnce) {
  ConnectionTable table(10);
  SocketPair late, fine;
  const auto now = Clock::now();
  table.Admit(&late, late.fds[0], now - std::chrono::seconds(1));
  table.Admit(&fine, fine.fds[0], now + std::chrono::hours(1));
  EXPECT_EQ(table.Expire(now), 1u);
  EXPECT_TRUE(late.ShutDown());
  EXPECT_FALSE(fine.ShutDown());
  EXPECT_EQ(table.Expire(now), 0u);
  table.SetDeadline(&fine, now - std::chrono::seconds(1));
  EXPECT_EQ(table.Expire(now), 1u);
  EXPECT_TRUE(fine.ShutDown());
}

// Reactor threads admit, move and remove connections while the watchdog
// expires them (run under ThreadSanitizer by scripts/sanitize.sh).
TEST(ConnectionTableTest, ReactorsAndTheWatchdogShareTheTable) {
  ConnectionTable table(1000);
  table.StartWatchdog(std::chrono::milliseconds(1));
  std::vector<std::thread> reactors;
  for (int t = 0; t < 4; ++t) {
    reactors.emplace_back([&table] {
      std::vector<SocketPair> socks(50);
      for (int round = 0; round < 20; ++round) {
        for (auto& s : socks) {
          table.Admit(&s, s.fds[0], Clock::now() + std::chrono::milliseconds(round % 3));
        }
        for (auto& s : socks) table.SetDeadline(&s, Clock::now());
        for (auto& s : socks) table.Remove(&s);
      }
    });
  }
  for (auto& r : reactors) r.join();
  table.StopWatchdog();
  EXPECT_EQ(table.size(), 0u);
}

}  // namespace
}  // namespace jobmatch
