// The writers of the index: one ShardWriter per shard of the ShardMap, each
// on its own thread with its own last applied change. The index is derived
// from the store (search/shard_writer.h says how each shard follows the
// change log).
//
// Thread-safety: Start() runs the shards' loops; Notify(), WaitApplied(), the
// counters and generation() may be called from any thread. CatchUp() must not
// run concurrently with the loops.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "search/shard_writer.h"

namespace jobmatch {

struct ShardStatus {
  std::string name;
  int64_t last_applied = 0;
  bool available = false;
};

class Indexer {
 public:
  // Opens (creating if needed) every shard. A local shard another process
  // holds fails with "index_locked"; a remote shard that cannot be reached
  // is tried again by its loop.
  static Result<std::unique_ptr<Indexer>> Open(const ShardMap& map, const IndexSchema& schema,
                                               const Taxonomy& taxonomy, const Regions& regions,
                                               IndexSources sources);
  ~Indexer();

  // Applies every change after each shard's last applied one; returns how
  // many changes the shards applied together. A local shard's failure is
  // returned; a remote shard's is logged and left to its loop.
  Result<int64_t> CatchUp();

  void Start();
  void Stop();
  // Wakes the loops: a write has committed.
  void Notify();
  // Waits until every shard has applied change `seq`; false on timeout.
  bool WaitApplied(int64_t seq, std::chrono::milliseconds timeout);

  // The change every shard has applied.
  int64_t last_applied() const;
  int64_t doc_count() const;
  // Batches that failed (and were dropped, to be retried) since start.
  int64_t failures() const;
  std::vector<ShardStatus> shards() const;
  // Bumped after every shard's commit; readers reopen when it moved.
  uint64_t generation() const { return generation_.load(); }

  // kUnavailable "index_locked" while another process (a server) holds a
  // local shard.
  static Result<void> EnsureUnlocked(const ShardMap& map);

  // Rebuilds every shard from the store, then records the change sequence
  // read before the scan. A local shard is built beside the live one and
  // swapped in; a remote one is emptied and rewritten in place. Refuses while
  // another process (a server) holds a local shard.
  static Result<int64_t> Rebuild(const ShardMap& map, const IndexSchema& schema,
                                 const Taxonomy& taxonomy, const Regions& regions,
                                 IndexSources sources);

 private:
  Indexer() = default;
  void Committed();

  std::vector<std::unique_ptr<ShardWriter>> shards_;
  std::atomic<uint64_t> generation_{0};
  mutable std::mutex mu_;
  std::condition_variable applied_cv_;  // signalled after each commit
};

}  // namespace jobmatch
