#include "search/indexer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <map>

namespace jobmatch {

namespace {

constexpr int kChangesPerCommit = 5000;
constexpr int kRebuildChunk = 5000;
// The loop also polls, so that writes made by another process (jobmatch
// import while the server runs) reach the index.
constexpr auto kPollInterval = std::chrono::seconds(1);

Error IndexError(const char* what, const Xapian::Error& e) {
  std::fprintf(stderr, "index error (%s): %s\n", what, e.get_description().c_str());
  return Error{ErrorKind::kInternal, "index_error", "the search index failed", "", {}, {}};
}

Result<Xapian::WritableDatabase> OpenWritable(const std::string& path, int action) {
  try {
    return Xapian::WritableDatabase(path, action);
  } catch (const Xapian::DatabaseLockError&) {
    return fail(ErrorKind::kUnavailable, "index_locked",
                "the index at " + path + " is in use by another process (is a server running?)");
  } catch (const Xapian::Error& e) {
    return std::unexpected(IndexError("open", e));
  }
}

Result<std::vector<StoredRow>> Load(IndexSources& s, const std::string& entity,
                                    const std::vector<int64_t>& ids) {
  if (entity == kEntityCourse) return s.courses.GetMany(ids);
  if (entity == kEntityAid) return s.aid.GetMany(ids);
  return s.openings.GetMany(ids);
}

Result<std::vector<StoredRow>> Scan(IndexSources& s, std::string_view entity, int64_t after,
                                    int limit) {
  if (entity == kEntityCourse) return s.courses.ScanLive(after, limit);
  if (entity == kEntityAid) return s.aid.ScanLive(after, limit);
  return s.openings.ScanLive(after, limit);
}

Xapian::Document Build(DocumentBuilder& b, std::string_view entity, const StoredRow& row) {
  if (entity == kEntityCourse) return b.BuildCourse(DecodeCourse(row.doc), row.doc);
  if (entity == kEntityAid) return b.BuildAid(DecodeAidProduct(row.doc), row.doc);
  return b.BuildOpening(DecodeOpening(row.doc), row.doc);
}

// Rows go to the writer in chunks of this many.
constexpr std::size_t kBuildChunk = 250;

// Calls write(row, document) for every row in order; the document is empty for
// a deleted row. While one chunk is written, the next chunk's documents are
// built on a second thread: text analysis and JSON on one core, Xapian's
// inverter on the other. `b` is used by one thread at a time.
void BuildAndWrite(DocumentBuilder& b, std::string_view entity, const std::vector<StoredRow>& rows,
                   const std::function<void(const StoredRow&, Xapian::Document&)>& write) {
  auto build = [&](std::size_t begin) {
    return std::async(std::launch::async, [&b, &rows, entity, begin] {
      const std::size_t end = std::min(rows.size(), begin + kBuildChunk);
      std::vector<Xapian::Document> docs(end - begin);
      for (std::size_t i = begin; i < end; ++i) {
        if (!rows[i].deleted) docs[i - begin] = Build(b, entity, rows[i]);
      }
      return docs;
    });
  };
  if (rows.empty()) return;
  auto next = build(0);
  for (std::size_t begin = 0; begin < rows.size(); begin += kBuildChunk) {
    std::vector<Xapian::Document> docs = next.get();
    if (begin + kBuildChunk < rows.size()) next = build(begin + kBuildChunk);
    for (std::size_t i = 0; i < docs.size(); ++i) write(rows[begin + i], docs[i]);
  }
}

int64_t ReadLastChange(const Xapian::Database& db) {
  std::string v = db.get_metadata(kLastChangeKey);
  return v.empty() ? 0 : std::stoll(v);
}

}  // namespace

Indexer::Indexer(std::string path, Xapian::WritableDatabase db, const IndexSchema& schema,
                 const Taxonomy& taxonomy, const Regions& regions, IndexSources sources)
    : path_(std::move(path)),
      db_(std::move(db)),
      builder_(schema, taxonomy, regions),
      sources_(sources) {}

Indexer::~Indexer() {
  Stop();
}

Result<std::unique_ptr<Indexer>> Indexer::Open(const std::string& path, const IndexSchema& schema,
                                               const Taxonomy& taxonomy, const Regions& regions,
                                               IndexSources sources) {
  auto db = OpenWritable(path, Xapian::DB_CREATE_OR_OPEN);
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<Indexer> indexer(
      new Indexer(path, std::move(*db), schema, taxonomy, regions, sources));
  try {
    indexer->last_applied_ = ReadLastChange(indexer->db_);
    indexer->doc_count_ = indexer->db_.get_doccount();
  } catch (const Xapian::Error& e) {
    return std::unexpected(IndexError("open", e));
  } catch (const std::exception&) {  // metadata that is not a number
    return fail(ErrorKind::kInternal, "index_error", "the index at " + path + " is damaged");
  }
  return indexer;
}

Result<int64_t> Indexer::ApplyBatch() {
  auto batch = sources_.changes.After(last_applied_, kChangesPerCommit);
  if (!batch) return std::unexpected(batch.error());
  if (batch->empty()) return 0;
  std::map<std::string, std::vector<int64_t>> ids;  // entity → ids
  for (const auto& c : *batch) ids[c.entity].push_back(c.entity_id);
  try {
    // A flushed transaction: on any failure (a full disk, a bad row) its
    // changes are cancelled as a whole and the batch is retried later.
    db_.begin_transaction();
    for (auto& [entity, list] : ids) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      auto rows = Load(sources_, entity, list);
      if (!rows) {
        Recover();
        return std::unexpected(rows.error());
      }
      BuildAndWrite(builder_, entity, *rows, [&](const StoredRow& row, Xapian::Document& doc) {
        const std::string term = builder_.schema().UniqueTerm(entity, row.id);
        if (row.deleted) {
          db_.delete_document(term);
        } else {
          db_.replace_document(term, doc);
        }
      });
    }
    db_.set_metadata(kLastChangeKey, std::to_string(batch->back().seq));
    db_.commit_transaction();
    doc_count_ = db_.get_doccount();
  } catch (const Xapian::Error& e) {
    Recover();
    return std::unexpected(IndexError("apply", e));
  } catch (const std::exception& e) {
    // A row that does not decode must not kill the indexer thread; it is
    // retried (and logged) until fixed in the store.
    Recover();
    std::fprintf(stderr, "index error (apply): %s\n", e.what());
    return fail(ErrorKind::kInternal, "index_error", "the search index failed");
  }
  {
    std::lock_guard lock(mu_);
    last_applied_ = batch->back().seq;
  }
  applied_cv_.notify_all();
  ++generation_;
  return static_cast<int64_t>(batch->size());
}

void Indexer::Recover() {
  ++failures_;
  // Closing aborts an open transaction; a failed commit has already had its
  // changes dropped (or the database closed) by Xapian. Reopening leaves the
  // writer exactly at the last commit, whichever way it failed.
  try {
    db_.close();
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "index error (close): %s\n", e.get_description().c_str());
  }
  auto db = OpenWritable(path_, Xapian::DB_CREATE_OR_OPEN);
  if (!db) return;  // logged; the next batch tries again on the closed writer
  try {
    db_ = std::move(*db);
    last_applied_ = ReadLastChange(db_);
    doc_count_ = db_.get_doccount();
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "index error (reopen): %s\n", e.get_description().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "index error (reopen): %s\n", e.what());
  }
}

Result<int64_t> Indexer::CatchUp() {
  int64_t total = 0;
  for (;;) {
    auto n = ApplyBatch();
    if (!n) return n;
    if (*n == 0) return total;
    total += *n;
  }
}

void Indexer::Start() {
  std::lock_guard lock(mu_);
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Indexer::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Indexer::Notify() {
  {
    std::lock_guard lock(mu_);
    pending_ = true;
  }
  cv_.notify_all();
}

bool Indexer::WaitApplied(int64_t seq, std::chrono::milliseconds timeout) {
  Notify();
  std::unique_lock lock(mu_);
  return applied_cv_.wait_for(lock, timeout, [&] { return last_applied_.load() >= seq; });
}

void Indexer::Loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, kPollInterval, [this] { return pending_ || stop_; });
      if (stop_) return;
      pending_ = false;
    }
    // Errors are logged by IndexError/StorageError; the next wake-up retries.
    (void)CatchUp();
  }
}

Result<void> Indexer::EnsureUnlocked(const std::string& path) {
  auto db = OpenWritable(path, Xapian::DB_CREATE_OR_OPEN);
  if (!db) return std::unexpected(db.error());
  try {
    db->close();
  } catch (const Xapian::Error& e) {
    return std::unexpected(IndexError("close", e));
  }
  return {};
}

Result<int64_t> Indexer::Rebuild(const std::string& path, const IndexSchema& schema,
                                 const Taxonomy& taxonomy, const Regions& regions,
                                 IndexSources sources) {
  namespace fs = std::filesystem;
  // Holding the live index's lock keeps a server from starting mid-rebuild.
  auto live = OpenWritable(path, Xapian::DB_CREATE_OR_OPEN);
  if (!live) return std::unexpected(live.error());
  // Read the change sequence before scanning: changes made during the scan
  // are replayed at the next start (applying a change twice is harmless).
  auto last = sources.changes.Last();
  if (!last) return std::unexpected(last.error());
  const std::string fresh = path + ".new";
  int64_t count = 0;
  try {
    Xapian::WritableDatabase db(fresh, Xapian::DB_CREATE_OR_OVERWRITE);
    DocumentBuilder builder(schema, taxonomy, regions);
    for (const char* entity : {kEntityOpening, kEntityCourse, kEntityAid}) {
      for (int64_t after = 0;;) {
        auto rows = Scan(sources, entity, after, kRebuildChunk);
        if (!rows) return std::unexpected(rows.error());
        if (rows->empty()) break;
        BuildAndWrite(builder, entity, *rows, [&](const StoredRow& row, Xapian::Document& doc) {
          db.replace_document(schema.UniqueTerm(entity, row.id), doc);
        });
        if (std::string_view(entity) == kEntityOpening) count += static_cast<int64_t>(rows->size());
        after = rows->back().id;
      }
    }
    db.set_metadata(kLastChangeKey, std::to_string(*last));
    db.commit();
    db.close();
    live->close();
  } catch (const Xapian::Error& e) {
    return std::unexpected(IndexError("rebuild", e));
  }
  std::error_code ec;
  const std::string old = path + ".old";
  fs::remove_all(old, ec);
  fs::rename(path, old, ec);
  if (ec)
    return fail(ErrorKind::kInternal, "index_swap_failed",
                "cannot move " + path + ": " + ec.message());
  fs::rename(fresh, path, ec);
  if (ec)
    return fail(ErrorKind::kInternal, "index_swap_failed",
                "cannot move " + fresh + ": " + ec.message());
  fs::remove_all(old, ec);
  return count;
}

}  // namespace jobmatch
