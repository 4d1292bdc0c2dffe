// Backing up and restoring the store: the one file that is the source of
// truth (the search index is derived and is rebuilt after a restore, never
// backed up). Backups use SQLite's online backup API, so a serving store can
// be copied while writes go on: the copy is one consistent snapshot. Plain
// functions; safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace jobmatch {

// Copies the store at `db_path` to `to` (replaced atomically if it exists);
// returns the bytes written.
Result<int64_t> BackupStore(const std::string& db_path, const std::string& to);

// Checks that `from` is a sound jobmatch store this build can open (integrity
// and schema version), then installs a copy of it as `db_path`, replacing
// what was there. The caller makes sure no server uses `db_path`.
Result<void> InstallStore(const std::string& from, const std::string& db_path);

}  // namespace jobmatch
