// The single writer of the Xapian index. The index is derived from the store:
// the indexer applies the change log in sequence order, and records the last
// applied sequence number in the index's metadata in the same commit, so that
// after a crash CatchUp() replays exactly what is missing. Many changes go into
// one commit; never one commit per document.
//
// Thread-safety: Start() runs the apply loop on a background thread; Notify(),
// the counters and generation() may be called from any thread. CatchUp() must
// not run concurrently with the background loop.
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "search/document.h"
#include "store/catalog_store.h"
#include "store/change_log.h"
#include "store/opening_store.h"

namespace jobmatch {

inline constexpr char kLastChangeKey[] = "last_change";

// Where the indexed rows come from.
struct IndexSources {
  OpeningStore& openings;
  CatalogStore& courses;
  CatalogStore& aid;
  ChangeLog& changes;
};

class Indexer {
 public:
  // Opens (creating if needed) the index at `path`; fails if another process
  // holds it (error code "index_locked").
  static Result<std::unique_ptr<Indexer>> Open(const std::string& path, const IndexSchema& schema,
                                               const Taxonomy& taxonomy, const Regions& regions,
                                               IndexSources sources);
  ~Indexer();

  // Applies every change after the last applied one; returns how many.
  Result<int64_t> CatchUp();

  // Starts / stops the background loop that applies changes as they arrive.
  void Start();
  void Stop();
  // Wakes the loop: a write has committed.
  void Notify();
  // Waits until change `seq` has been applied (searchable); false on timeout.
  bool WaitApplied(int64_t seq, std::chrono::milliseconds timeout);

  int64_t last_applied() const { return last_applied_.load(); }
  int64_t doc_count() const { return doc_count_.load(); }
  // Batches that failed (and were dropped, to be retried) since start.
  int64_t failures() const { return failures_.load(); }
  // Bumped after every commit; readers reopen when it moved.
  uint64_t generation() const { return generation_.load(); }

  // kUnavailable "index_locked" while another process (a server) holds the
  // index at `path`.
  static Result<void> EnsureUnlocked(const std::string& path);

  // Rebuilds the index at `path` from the store into a fresh database, then
  // swaps it in. Refuses while another process (a server) holds the index.
  static Result<int64_t> Rebuild(const std::string& path, const IndexSchema& schema,
                                 const Taxonomy& taxonomy, const Regions& regions,
                                 IndexSources sources);

 private:
  Indexer(std::string path, Xapian::WritableDatabase db, const IndexSchema& schema,
          const Taxonomy& taxonomy, const Regions& regions, IndexSources sources);
  Result<int64_t> ApplyBatch();  // one commit; returns changes applied (0: up to date)
  // After a failed batch: the writer back at its last commit, never fatal.
  void Recover();
  void Loop();

  const std::string path_;
  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  IndexSources sources_;

  std::atomic<int64_t> last_applied_{0};
  std::atomic<int64_t> doc_count_{0};
  std::atomic<int64_t> failures_{0};
  std::atomic<uint64_t> generation_{0};

  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;                // guarded by mu_
  std::condition_variable applied_cv_;  // signalled after each commit
  bool stop_ = false;                   // guarded by mu_
  std::thread thread_;
};

}  // namespace jobmatch
