// The single writer of one shard of the index (search/shard_map.h). The index
// is derived from the store: each shard's writer reads the whole change log in
// sequence order, writes the documents that belong to its shard, deletes those
// that do not (an opening that moved to another province), and records the
// last applied sequence number in the shard's metadata in the same commit, so
// that after a crash, or while its remote server was away, each shard catches
// up on its own. Many changes go into one commit; never one per document.
//
// Thread-safety: Start() runs the apply loop on a background thread; Notify()
// and the counters may be called from any thread. CatchUp() must not run
// concurrently with the background loop.
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "search/document.h"
#include "search/shard_map.h"
#include "store/catalog_store.h"
#include "store/change_log.h"
#include "store/opening_store.h"

namespace jobmatch {

inline constexpr char kLastChangeKey[] = "last_change";
// What the documents hold, by version: 2 added sort keys ending in the id. A
// shard written by an older build replays the change log from the start.
inline constexpr char kFormatKey[] = "format";
inline constexpr char kFormat[] = "3";

// Where the indexed rows come from.
struct IndexSources {
  OpeningStore& openings;
  CatalogStore& courses;
  CatalogStore& aid;
  ChangeLog& changes;
};

class ShardWriter {
 public:
  // `on_commit` runs on the writer's thread after each commit.
  ShardWriter(const ShardMap& map, std::size_t shard, DocumentBuilder builder, IndexSources sources,
              std::function<void()> on_commit);
  ~ShardWriter();

  // Opens the shard's database, creating it if needed. A local shard that
  // another process holds fails with "index_locked".
  Result<void> Open();

  // Applies every change after the last applied one; returns how many.
  Result<int64_t> CatchUp();

  void Start();
  void Stop();
  void Notify();

  const ShardSpec& spec() const { return map_.shard(shard_); }
  int64_t last_applied() const { return last_applied_.load(); }
  int64_t doc_count() const { return doc_count_.load(); }
  int64_t failures() const { return failures_.load(); }
  // False while the shard's database cannot be opened or written.
  bool available() const { return available_.load(); }

  // Does `row` of `entity` belong in this shard?
  bool Owns(std::string_view entity, const StoredRow& row) const;

 private:
  Result<int64_t> ApplyBatch();  // one commit; returns changes applied (0: up to date)
  // After a failed batch: the writer back at its last commit, never fatal.
  void Recover();
  void Loop();

  const ShardMap& map_;
  const std::size_t shard_;
  std::optional<Xapian::WritableDatabase> db_;  // empty until opened
  DocumentBuilder builder_;
  IndexSources sources_;
  std::function<void()> on_commit_;

  std::atomic<int64_t> last_applied_{0};
  std::atomic<int64_t> doc_count_{0};
  std::atomic<int64_t> failures_{0};
  std::atomic<bool> available_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;  // guarded by mu_
  bool stop_ = false;     // guarded by mu_
  std::thread thread_;
};

// Xapian's errors as the service's: a remote shard that cannot be reached is
// kUnavailable "shard_unavailable" naming it; anything else is logged and
// becomes a 500 "index_error".
Error IndexError(const char* what, const Xapian::Error& e, const ShardSpec& shard);

// The shard a stored row belongs in: an opening's province's, else the
// catalogue shard (deleted or not).
std::size_t ShardOfRow(const ShardMap& map, std::string_view entity, const StoredRow& row);

// kUnavailable "index_locked": another process holds the shard at `location`.
std::unexpected<Error> IndexLocked(const std::string& location);

// Rows go to the writers in chunks of this many.
inline constexpr std::size_t kBuildChunk = 250;

// Calls write(row, document) for every row in order; the document is empty
// for a row `build` refuses (deleted, or not this shard's). While one chunk is
// written, the next chunk's documents are built on a second thread: text
// analysis and JSON on one core, Xapian's inverter on the other. `b` is used
// by one thread at a time.
void BuildAndWrite(DocumentBuilder& b, std::string_view entity, const std::vector<StoredRow>& rows,
                   const std::function<bool(const StoredRow&)>& build,
                   const std::function<void(const StoredRow&, Xapian::Document&)>& write);

}  // namespace jobmatch
