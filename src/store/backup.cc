#include "store/backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "store/database.h"

namespace jobmatch {

namespace {

// Copies every page of `src` into a new file `to` in one backup step (one read
// transaction: a consistent snapshot), made durable before it is renamed.
void CopyPages(SQLite::Database& src, const std::string& to) {
  const std::string part = to + ".part";
  std::filesystem::remove(part);
  {
    SQLite::Database dest(part, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(dest, src);
    while (backup.executeStep(-1) != SQLITE_DONE) {
    }
    // A single file: the copy needs no WAL beside it.
    dest.exec("PRAGMA journal_mode=DELETE");
  }
  const int fd = ::open(part.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::filesystem::rename(part, to);
}

}  // namespace

Result<int64_t> BackupStore(const std::string& db_path, const std::string& to) {
  try {
    if (!std::filesystem::exists(db_path)) {
      return fail(ErrorKind::kNotFound, "no_store", "there is no store at " + db_path);
    }
    SQLite::Database src(db_path, SQLite::OPEN_READONLY, 10'000);
    CopyPages(src, to);
    return static_cast<int64_t>(std::filesystem::file_size(to));
  } catch (const std::exception& e) {
    return fail(ErrorKind::kInternal, "backup_failed",
                "cannot back up " + db_path + " to " + to + ": " + e.what());
  }
}

Result<void> InstallStore(const std::string& from, const std::string& db_path) {
  try {
    SQLite::Database src(from, SQLite::OPEN_READONLY, 10'000);
    const std::string check = src.execAndGet("PRAGMA integrity_check").getString();
    if (check != "ok") {
      return fail(ErrorKind::kBadRequest, "bad_backup", from + " is damaged: " + check);
    }
    const int version = src.execAndGet("PRAGMA user_version").getInt();
    if (version < 1 || version > Database::LatestSchemaVersion() || !src.tableExists("openings") ||
        !src.tableExists("changes")) {
      return fail(ErrorKind::kBadRequest, "bad_backup",
                  from + " is not a jobmatch store this build can open (schema version " +
                      std::to_string(version) + ")");
    }
    const std::string fresh = db_path + ".restore";
    CopyPages(src, fresh);
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
    std::filesystem::rename(fresh, db_path);
    return {};
  } catch (const std::exception& e) {
    return fail(ErrorKind::kInternal, "restore_failed",
                "cannot restore " + from + " as " + db_path + ": " + e.what());
  }
}

}  // namespace jobmatch
