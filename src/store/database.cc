#include "store/database.h"

#include <sqlite3.h>

#include <cstdio>

namespace jobmatch {

namespace {

// Schema migrations, in order. Never edit a released step: append a new one.
// Version N of the schema is the database after the first N steps.
const char* const kMigrations[] = {
    // 1: openings, API keys and the change log that feeds the search index.
    R"sql(
    CREATE TABLE openings (
      id          INTEGER PRIMARY KEY,
      board       TEXT NOT NULL,
      external_id TEXT NOT NULL,
      deleted     INTEGER NOT NULL DEFAULT 0,
      expires_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      doc         TEXT NOT NULL,             -- the opening as JSON (EncodeOpening)
      UNIQUE (board, external_id)
    );
    CREATE TABLE api_keys (
      id         TEXT PRIMARY KEY,
      role       TEXT NOT NULL,
      owner      TEXT NOT NULL,
      key_hash   TEXT NOT NULL UNIQUE,        -- SHA-256 of the key; the key itself is never stored
      created_at TEXT NOT NULL,
      revoked_at TEXT
    );
    -- One row per write, in the same transaction as the write. The search
    -- index applies them in seq order and records the last one it applied.
    CREATE TABLE changes (
      seq       INTEGER PRIMARY KEY AUTOINCREMENT,
      entity    TEXT NOT NULL,
      entity_id INTEGER NOT NULL,
      at        TEXT NOT NULL
    );
    )sql",
    // 2: the household archive, the course and aid catalogues, the audit log.
    R"sql(
    CREATE TABLE households (
      id              INTEGER PRIMARY KEY,
      archive_no      TEXT NOT NULL UNIQUE,
      region          TEXT NOT NULL,       -- county (or finer) code
      region_city     TEXT NOT NULL,
      region_province TEXT NOT NULL,
      status          TEXT NOT NULL,       -- active | exited
      zero_employment INTEGER NOT NULL,    -- as of the last write
      search_text     TEXT NOT NULL,       -- archive no, address, names, causes; no ID numbers
      doc             TEXT NOT NULL,       -- EncodeHousehold: ID numbers sealed (AES-GCM)
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL
    );
    CREATE INDEX households_region ON households (region_province, region_city, region);
    -- Members get ids here; their data lives in the household's doc.
    CREATE TABLE members (
      id           INTEGER PRIMARY KEY,
      household_id INTEGER NOT NULL REFERENCES households (id),
      id_hash      TEXT NOT NULL,          -- keyed hash (HMAC) of the ID number
      removed      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX members_household ON members (household_id);
    CREATE INDEX members_id_hash ON members (id_hash);
    CREATE TABLE courses (
      id      INTEGER PRIMARY KEY,
      deleted INTEGER NOT NULL DEFAULT 0,
      doc     TEXT NOT NULL
    );
    CREATE TABLE aid_products (
      id      INTEGER PRIMARY KEY,
      deleted INTEGER NOT NULL DEFAULT 0,
      doc     TEXT NOT NULL
    );
    CREATE TABLE audit (
      id           INTEGER PRIMARY KEY,
      at           TEXT NOT NULL,
      actor        TEXT NOT NULL,          -- the key id
      action       TEXT NOT NULL,
      household_id INTEGER,
      fields       TEXT NOT NULL           -- JSON array of field names
    );
    -- Append-only, enforced by the database itself.
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
      BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
      BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    )sql",
    // 3: the employment and entrepreneurship batch: runs, plans,
    // recommendations and their outcomes.
    R"sql(
    CREATE TABLE batches (
      id           INTEGER PRIMARY KEY,
      status       TEXT NOT NULL,          -- queued | running | succeeded | failed
      region       TEXT NOT NULL,
      as_of        TEXT NOT NULL,
      requested_by TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      started_at   TEXT,
      finished_at  TEXT,
      done         INTEGER NOT NULL DEFAULT 0,
      total        INTEGER NOT NULL DEFAULT 0,
      summary      TEXT,                   -- JSON
      error        TEXT
    );
    CREATE TABLE plans (
      batch_id        INTEGER NOT NULL REFERENCES batches (id),
      household_id    INTEGER NOT NULL,
      zero_employment INTEGER NOT NULL,    -- as of the run
      dibao           INTEGER NOT NULL,
      needs_attention INTEGER NOT NULL,
      doc             TEXT NOT NULL,
      PRIMARY KEY (batch_id, household_id)
    );
    CREATE TABLE recommendations (
      id           INTEGER PRIMARY KEY,
      batch_id     INTEGER NOT NULL REFERENCES batches (id),
      household_id INTEGER NOT NULL,
      member_id    INTEGER NOT NULL,
      track        TEXT NOT NULL,
      kind         TEXT NOT NULL,          -- opening | course | aid
      item_id      INTEGER NOT NULL,
      title        TEXT NOT NULL,
      score        REAL NOT NULL,
      explanation  TEXT NOT NULL,
      status       TEXT,                   -- the latest outcome
      status_at    TEXT
    );
    CREATE INDEX recommendations_batch ON recommendations (batch_id, household_id);
    CREATE INDEX recommendations_item ON recommendations (kind, item_id, status);
    CREATE INDEX recommendations_member ON recommendations (member_id);
    CREATE TABLE outcomes (
      id                INTEGER PRIMARY KEY,
      recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
      status            TEXT NOT NULL,
      note              TEXT NOT NULL,
      at                TEXT NOT NULL,
      actor             TEXT NOT NULL
    );
    CREATE INDEX outcomes_recommendation ON outcomes (recommendation_id);
    )sql",
    // 4: a recommendation's explanation is kept once, in its plan's document.
    R"sql(
    ALTER TABLE recommendations DROP COLUMN explanation;
    )sql",
    // 5: each household's latest plan found by index (stats, retention); the
    // row /readyz writes to prove the store takes writes.
    R"sql(
    CREATE INDEX plans_household ON plans (household_id, batch_id);
    CREATE TABLE readiness (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      probes  INTEGER NOT NULL
    );
    )sql",
    // 6: people sign in: accounts, their sessions, the region scope of
    // counsellor keys, and whom an audit entry concerns.
    R"sql(
    CREATE TABLE users (
      id            INTEGER PRIMARY KEY,
      username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name  TEXT NOT NULL,
      role          TEXT NOT NULL,            -- admin | counsellor
      region        TEXT NOT NULL DEFAULT '', -- the scope; '' national
      password_hash TEXT NOT NULL,            -- Argon2id; the password is never stored
      disabled      INTEGER NOT NULL DEFAULT 0,
      created_at    TEXT NOT NULL,
      last_login_at TEXT
    );
    CREATE TABLE sessions (
      id_hash    TEXT PRIMARY KEY,            -- SHA-256 of the session id; the id is never stored
      user_id    INTEGER NOT NULL REFERENCES users (id),
      csrf_token TEXT NOT NULL,
      started    INTEGER NOT NULL,            -- Unix seconds
      last_seen  INTEGER NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    ALTER TABLE api_keys ADD COLUMN region TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit ADD COLUMN user_id INTEGER;
    ALTER TABLE audit ADD COLUMN client TEXT;
    )sql",
    // 7: households read their plan through a link, and answer it.
    R"sql(
    CREATE TABLE household_links (
      id           INTEGER PRIMARY KEY,
      household_id INTEGER NOT NULL,
      token_hash   TEXT NOT NULL UNIQUE,     -- SHA-256 of the token; the token is never stored
      created_at   TEXT NOT NULL,
      expires_at   TEXT NOT NULL,            -- RFC 3339
      revoked_at   TEXT,
      created_by   TEXT NOT NULL
    );
    CREATE INDEX household_links_household ON household_links (household_id);
    CREATE TABLE link_responses (
      recommendation_id INTEGER PRIMARY KEY, -- one answer each: a new one replaces it
      link_id           INTEGER NOT NULL,
      answer            TEXT NOT NULL,       -- interested | not_suitable
      reason            TEXT,                -- too_far | low_wage | health | schedule | other
      at                TEXT NOT NULL
    );
    )sql",
    // 8: the follow-ups read the few recommendations acted on; openings fill
    // and expire (status: open | filled | expired); the change feed reads
    // each opening's latest change; the same job on several boards is one
    // cluster (dup_key: core/duplicates).
    R"sql(
    CREATE INDEX recommendations_acted ON recommendations (household_id, status)
      WHERE status IS NOT NULL;
    ALTER TABLE openings ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
    CREATE INDEX openings_expiry ON openings (expires_at) WHERE status = 'open' AND deleted = 0;
    CREATE INDEX changes_entity ON changes (entity, entity_id, seq);
    ALTER TABLE openings ADD COLUMN dup_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE openings ADD COLUMN cluster INTEGER;  -- the same job on other boards: its first id
    CREATE INDEX openings_dup_key ON openings (dup_key);
    CREATE INDEX openings_cluster ON openings (cluster) WHERE cluster IS NOT NULL;
    )sql",
};

constexpr int kLatestVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

}  // namespace

Error StorageError(const std::exception& e) {
  // The message goes to the log, not to the client (it may quote SQL).
  std::fprintf(stderr, "storage error: %s\n", e.what());
  const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
  if (sqlite && sqlite->getErrorCode() == SQLITE_FULL) {
    // Nothing was written; reads go on, and writes resume once space returns.
    return Error{ErrorKind::kInsufficientStorage,
                 "insufficient_storage",
                 "the server's disk is full: nothing was written; try again later",
                 "",
                 {},
                 {}};
  }
  return Error{ErrorKind::kInternal,
               "storage_error",
               "the store could not complete the request",
               "",
               {},
               {}};
}

std::unique_ptr<SQLite::Database> Database::Connect() {
  auto c = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                              10'000);
  // Pages freed by pruning old batch runs go back to the file system
  // (Prune runs incremental_vacuum). Takes effect only on a new database.
  c->exec("PRAGMA auto_vacuum=INCREMENTAL");
  c->exec("PRAGMA journal_mode=WAL");
  // FULL: in WAL mode NORMAL can lose the last commits on power loss, and a
  // write is acknowledged only once durable.
  c->exec("PRAGMA synchronous=FULL");
  c->exec("PRAGMA foreign_keys=ON");
  return c;
}

std::unique_ptr<SQLite::Database> Database::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  return Connect();
}

void Database::Release(std::unique_ptr<SQLite::Database> c) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
}

int Database::LatestSchemaVersion() {
  return kLatestVersion;
}

Result<void> Database::Probe() {
  return Write<void>([](SQLite::Database& c) -> Result<void> {
    c.exec(
        "INSERT INTO readiness (id, probes) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET probes = probes + 1");
    return {};
  });
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  std::unique_ptr<Database> db(new Database(path));
  try {
    db->Release(db->Connect());
  } catch (const std::exception& e) {
    return fail(ErrorKind::kInternal, "storage_open_failed",
                "cannot open database " + path + ": " + e.what());
  }
  if (auto r = db->Migrate(); !r) return std::unexpected(r.error());
  return db;
}

Result<void> Database::Migrate() {
  auto r = Write<int>([](SQLite::Database& c) -> Result<int> {
    int version = c.execAndGet("PRAGMA user_version").getInt();
    if (version > kLatestVersion) {
      return fail(ErrorKind::kInternal, "schema_too_new",
                  "database schema version " + std::to_string(version) +
                      " is newer than this build knows (" + std::to_string(kLatestVersion) + ")");
    }
    for (int v = version; v < kLatestVersion; ++v) {
      c.exec(kMigrations[v]);
      c.exec("PRAGMA user_version=" + std::to_string(v + 1));
    }
    return kLatestVersion;
  });
  if (!r) return std::unexpected(r.error());
  schema_version_ = *r;
  return {};
}

}  // namespace jobmatch
