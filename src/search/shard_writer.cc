#include "search/shard_writer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>

#include "core/json_reader.h"

namespace jobmatch {

namespace {

constexpr int kChangesPerCommit = 5000;
// The loop also polls, so that writes made by another process (jobmatch
// import while the server runs) reach the index, and a shard whose server was
// away is tried again.
constexpr auto kPollInterval = std::chrono::seconds(1);

Result<std::vector<StoredRow>> Load(IndexSources& s, const std::string& entity,
                                    const std::vector<int64_t>& ids) {
  if (entity == kEntityCourse) return s.courses.GetMany(ids);
  if (entity == kEntityAid) return s.aid.GetMany(ids);
  return s.openings.GetMany(ids);
}

Xapian::Document Build(DocumentBuilder& b, std::string_view entity, const StoredRow& row) {
  if (entity == kEntityCourse) return b.BuildCourse(DecodeCourse(row.doc), row.doc);
  if (entity == kEntityAid) return b.BuildAid(DecodeAidProduct(row.doc), row.doc);
  return b.BuildOpening(DecodeOpening(row.doc), row.doc);
}

int64_t ReadLastChange(const Xapian::Database& db) {
  std::string v = db.get_metadata(kLastChangeKey);
  return v.empty() ? 0 : std::stoll(v);
}

}  // namespace

Error IndexError(const char* what, const Xapian::Error& e, const ShardSpec& shard) {
  // NetworkError or its NetworkTimeoutError (Xapian's errors have no vtable).
  if (std::string_view(e.get_type()).starts_with("Network")) {
    Error out{ErrorKind::kUnavailable,
              "shard_unavailable",
              "the index shard " + shard.name + " cannot be reached; retry later",
              "",
              {},
              {}};
    out.shard = shard.name;
    return out;
  }
  std::fprintf(stderr, "index error (%s, shard %s): %s\n", what, shard.name.c_str(),
               e.get_description().c_str());
  return Error{ErrorKind::kInternal, "index_error", "the search index failed", "", {}, {}};
}

std::size_t ShardOfRow(const ShardMap& map, std::string_view entity, const StoredRow& row) {
  if (entity != kEntityOpening) return map.catalogue();
  const auto* region = Present(row.doc, "region");
  return map.ShardOf(region && region->is_string() ? region->get_ref<const std::string&>()
                                                   : std::string());
}

std::unexpected<Error> IndexLocked(const std::string& location) {
  return fail(ErrorKind::kUnavailable, "index_locked",
              "the index at " + location + " is in use by another process (is a server running?)");
}

void BuildAndWrite(DocumentBuilder& b, std::string_view entity, const std::vector<StoredRow>& rows,
                   const std::function<bool(const StoredRow&)>& build,
                   const std::function<void(const StoredRow&, Xapian::Document&)>& write) {
  auto chunk = [&](std::size_t begin) {
    return std::async(std::launch::async, [&b, &rows, &build, entity, begin] {
      const std::size_t end = std::min(rows.size(), begin + kBuildChunk);
      std::vector<Xapian::Document> docs(end - begin);
      for (std::size_t i = begin; i < end; ++i) {
        if (build(rows[i])) docs[i - begin] = Build(b, entity, rows[i]);
      }
      return docs;
    });
  };
  if (rows.empty()) return;
  auto next = chunk(0);
  for (std::size_t begin = 0; begin < rows.size(); begin += kBuildChunk) {
    std::vector<Xapian::Document> docs = next.get();
    if (begin + kBuildChunk < rows.size()) next = chunk(begin + kBuildChunk);
    for (std::size_t i = 0; i < docs.size(); ++i) write(rows[begin + i], docs[i]);
  }
}

ShardWriter::ShardWriter(const ShardMap& map, std::size_t shard, DocumentBuilder builder,
                         IndexSources sources, std::function<void()> on_commit)
    : map_(map),
      shard_(shard),
      builder_(std::move(builder)),
      sources_(sources),
      on_commit_(std::move(on_commit)) {}

ShardWriter::~ShardWriter() {
  Stop();
}

Result<void> ShardWriter::Open() {
  try {
    db_ = OpenShardWriter(spec().location, map_.timeout_ms());
    last_applied_ = ReadLastChange(*db_);
    doc_count_ = db_->get_doccount();
    if (doc_count_ > 0 && db_->get_metadata(kFormatKey) != kFormat) {
      std::fprintf(stderr, "index shard %s: written by an older build; indexing it again\n",
                   spec().name.c_str());
      last_applied_ = 0;
    }
    available_ = true;
    return {};
  } catch (const Xapian::DatabaseLockError&) {
    db_.reset();
    return IndexLocked(spec().location);
  } catch (const Xapian::Error& e) {
    db_.reset();
    available_ = false;
    return std::unexpected(IndexError("open", e, spec()));
  } catch (const std::exception&) {  // metadata that is not a number
    db_.reset();
    return fail(ErrorKind::kInternal, "index_error",
                "the index at " + spec().location + " is damaged");
  }
}

bool ShardWriter::Owns(std::string_view entity, const StoredRow& row) const {
  return !row.deleted && ShardOfRow(map_, entity, row) == shard_;
}

Result<int64_t> ShardWriter::ApplyBatch() {
  if (!db_) {
    if (auto opened = Open(); !opened) return std::unexpected(opened.error());
  }
  auto batch = sources_.changes.After(last_applied_, kChangesPerCommit);
  if (!batch) return std::unexpected(batch.error());
  if (batch->empty()) return 0;
  std::map<std::string, std::vector<int64_t>> ids;  // entity → ids
  for (const auto& c : *batch) ids[c.entity].push_back(c.entity_id);
  const bool catalogue = shard_ == map_.catalogue();
  try {
    // A flushed transaction: on any failure (a full disk, a bad row, a lost
    // connection) its changes are cancelled as a whole and retried later.
    db_->begin_transaction();
    for (auto& [entity, list] : ids) {
      // Courses and aid products live in the catalogue shard alone.
      if (entity != kEntityOpening && !catalogue) continue;
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      if (entity == kEntityOpening && map_.size() > 1) {
        // Decode only this shard's openings; the others' leave it, if here.
        auto regions = sources_.openings.RegionsOf(list);
        if (!regions) {
          Recover();
          return std::unexpected(regions.error());
        }
        list.clear();
        for (const auto& [id, region] : *regions) {
          if (map_.ShardOf(region) == shard_) {
            list.push_back(id);
          } else {
            db_->delete_document(builder_.schema().UniqueTerm(entity, id));
          }
        }
      }
      auto rows = Load(sources_, entity, list);
      if (!rows) {
        Recover();
        return std::unexpected(rows.error());
      }
      const std::string_view kind = entity;
      BuildAndWrite(
          builder_, kind, *rows, [&](const StoredRow& row) { return Owns(kind, row); },
          [&](const StoredRow& row, Xapian::Document& doc) {
            const std::string term = builder_.schema().UniqueTerm(kind, row.id);
            if (Owns(kind, row)) {
              db_->replace_document(term, doc);
            } else {
              db_->delete_document(term);  // gone, closed, or moved to another shard
            }
          });
    }
    db_->set_metadata(kLastChangeKey, std::to_string(batch->back().seq));
    db_->set_metadata(kFormatKey, kFormat);
    db_->commit_transaction();
    doc_count_ = db_->get_doccount();
  } catch (const Xapian::Error& e) {
    Error error = IndexError("apply", e, spec());
    Recover();
    return std::unexpected(std::move(error));
  } catch (const std::exception& e) {
    // A row that does not decode must not kill the indexer thread; it is
    // retried (and logged) until fixed in the store.
    Recover();
    std::fprintf(stderr, "index error (apply, shard %s): %s\n", spec().name.c_str(), e.what());
    return fail(ErrorKind::kInternal, "index_error", "the search index failed");
  }
  last_applied_ = batch->back().seq;
  on_commit_();
  return static_cast<int64_t>(batch->size());
}

void ShardWriter::Recover() {
  ++failures_;
  // Closing aborts an open transaction; a failed commit has already had its
  // changes dropped (or the database closed) by Xapian. Reopening leaves the
  // writer exactly at the last commit, whichever way it failed; a shard that
  // cannot be reopened is tried again at the next batch.
  try {
    if (db_) db_->close();
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "index error (close, shard %s): %s\n", spec().name.c_str(),
                 e.get_description().c_str());
  }
  db_.reset();
  const bool was_available = available_.exchange(false);
  if (auto opened = Open(); !opened && was_available) {  // logged once, not every retry
    std::fprintf(stderr, "index shard %s: %s\n", spec().name.c_str(),
                 opened.error().message.c_str());
  }
}

Result<int64_t> ShardWriter::CatchUp() {
  int64_t total = 0;
  for (;;) {
    auto n = ApplyBatch();
    if (!n) return n;
    if (*n == 0) return total;
    total += *n;
  }
}

void ShardWriter::Start() {
  std::lock_guard lock(mu_);
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void ShardWriter::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ShardWriter::Notify() {
  {
    std::lock_guard lock(mu_);
    pending_ = true;
  }
  cv_.notify_all();
}

void ShardWriter::Loop() {
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

}  // namespace jobmatch
