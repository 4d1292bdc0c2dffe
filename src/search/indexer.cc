#include "search/indexer.h"

#include <algorithm>
#include <filesystem>

namespace jobmatch {

namespace {

constexpr int kRebuildChunk = 5000;

Result<std::vector<StoredRow>> Scan(IndexSources& s, std::string_view entity, int64_t after,
                                    int limit) {
  if (entity == kEntityCourse) return s.courses.ScanLive(after, limit);
  if (entity == kEntityAid) return s.aid.ScanLive(after, limit);
  return s.openings.ScanLive(after, limit);
}

Result<void> SwapIn(const std::string& fresh, const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string old = path + ".old";
  fs::remove_all(old, ec);
  fs::rename(path, old, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return fail(ErrorKind::kInternal, "index_swap_failed",
                "cannot move " + path + ": " + ec.message());
  }
  fs::rename(fresh, path, ec);
  if (ec) {
    return fail(ErrorKind::kInternal, "index_swap_failed",
                "cannot move " + fresh + ": " + ec.message());
  }
  fs::remove_all(old, ec);
  return {};
}

}  // namespace

Result<std::unique_ptr<Indexer>> Indexer::Open(const ShardMap& map, const IndexSchema& schema,
                                               const Taxonomy& taxonomy, const Regions& regions,
                                               IndexSources sources) {
  std::unique_ptr<Indexer> indexer(new Indexer());
  Indexer* self = indexer.get();
  for (std::size_t i = 0; i < map.size(); ++i) {
    auto shard = std::make_unique<ShardWriter>(map, i, DocumentBuilder(schema, taxonomy, regions),
                                               sources, [self] { self->Committed(); });
    auto opened = shard->Open();
    if (!opened && !IsRemote(map.shard(i).location)) return std::unexpected(opened.error());
    indexer->shards_.push_back(std::move(shard));
  }
  return indexer;
}

Indexer::~Indexer() {
  Stop();
}

void Indexer::Committed() {
  {
    std::lock_guard lock(mu_);
    ++generation_;
  }
  applied_cv_.notify_all();
}

Result<int64_t> Indexer::CatchUp() {
  int64_t total = 0;
  for (auto& shard : shards_) {
    auto n = shard->CatchUp();
    if (!n && !IsRemote(shard->spec().location)) return n;
    if (n) total += *n;
  }
  return total;
}

void Indexer::Start() {
  for (auto& shard : shards_) shard->Start();
}

void Indexer::Stop() {
  for (auto& shard : shards_) shard->Stop();
}

void Indexer::Notify() {
  for (auto& shard : shards_) shard->Notify();
}

bool Indexer::WaitApplied(int64_t seq, std::chrono::milliseconds timeout) {
  Notify();
  std::unique_lock lock(mu_);
  return applied_cv_.wait_for(lock, timeout, [&] { return last_applied() >= seq; });
}

int64_t Indexer::last_applied() const {
  int64_t least = shards_.front()->last_applied();
  for (const auto& shard : shards_) least = std::min(least, shard->last_applied());
  return least;
}

int64_t Indexer::doc_count() const {
  int64_t n = 0;
  for (const auto& shard : shards_) n += shard->doc_count();
  return n;
}

int64_t Indexer::failures() const {
  int64_t n = 0;
  for (const auto& shard : shards_) n += shard->failures();
  return n;
}

std::vector<ShardStatus> Indexer::shards() const {
  std::vector<ShardStatus> out;
  for (const auto& s : shards_) {
    out.push_back({s->spec().name, s->last_applied(), s->available()});
  }
  return out;
}

Result<void> Indexer::EnsureUnlocked(const ShardMap& map) {
  for (std::size_t i = 0; i < map.size(); ++i) {
    const std::string& path = map.shard(i).location;
    if (IsRemote(path)) continue;
    try {
      Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN).close();
    } catch (const Xapian::DatabaseLockError&) {
      return IndexLocked(path);
    } catch (const Xapian::Error& e) {
      return std::unexpected(IndexError("open", e, map.shard(i)));
    }
  }
  return {};
}

Result<int64_t> Indexer::Rebuild(const ShardMap& map, const IndexSchema& schema,
                                 const Taxonomy& taxonomy, const Regions& regions,
                                 IndexSources sources) {
  // Read the change sequence before scanning: changes made during the scan
  // are replayed at the next start (applying a change twice is harmless).
  auto last = sources.changes.Last();
  if (!last) return std::unexpected(last.error());
  std::vector<Xapian::WritableDatabase> live;   // local shards: held so no server starts
  std::vector<Xapian::WritableDatabase> fresh;  // what is written, one per shard
  int64_t count = 0;
  std::size_t at = 0;  // the shard being opened, for errors
  try {
    for (; at < map.size(); ++at) {
      const std::string& location = map.shard(at).location;
      if (IsRemote(location)) {
        fresh.push_back(OpenShardWriter(location, map.timeout_ms()));
        for (const char* type : {kTypeOpening, kTypeCourse, kTypeAid}) {
          fresh.back().delete_document(schema.prefix.type + type);
        }
      } else {
        live.emplace_back(location, Xapian::DB_CREATE_OR_OPEN);
        fresh.emplace_back(location + ".new", Xapian::DB_CREATE_OR_OVERWRITE);
      }
    }
    DocumentBuilder builder(schema, taxonomy, regions);
    for (const char* entity : {kEntityOpening, kEntityCourse, kEntityAid}) {
      for (int64_t after = 0;;) {
        auto rows = Scan(sources, entity, after, kRebuildChunk);
        if (!rows) return std::unexpected(rows.error());
        if (rows->empty()) break;
        BuildAndWrite(
            builder, entity, *rows, [](const StoredRow&) { return true; },
            [&](const StoredRow& row, Xapian::Document& doc) {
              at = ShardOfRow(map, entity, row);
              fresh[at].replace_document(schema.UniqueTerm(entity, row.id), doc);
            });
        if (std::string_view(entity) == kEntityOpening) count += static_cast<int64_t>(rows->size());
        after = rows->back().id;
      }
    }
    for (at = 0; at < map.size(); ++at) {
      fresh[at].set_metadata(kLastChangeKey, std::to_string(*last));
      fresh[at].set_metadata(kFormatKey, kFormat);
      fresh[at].commit();
      fresh[at].close();
    }
    for (auto& db : live) db.close();
  } catch (const Xapian::DatabaseLockError&) {
    return IndexLocked(map.shard(at).location);
  } catch (const Xapian::Error& e) {
    return std::unexpected(IndexError("rebuild", e, map.shard(std::min(at, map.size() - 1))));
  }
  for (std::size_t i = 0; i < map.size(); ++i) {
    const std::string& location = map.shard(i).location;
    if (IsRemote(location)) continue;
    if (auto swapped = SwapIn(location + ".new", location); !swapped) {
      return std::unexpected(swapped.error());
    }
  }
  return count;
}

}  // namespace jobmatch
