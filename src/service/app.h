// The application: owns the store, the search index and the reference data,
// and offers the operations the HTTP handlers and the CLI call (validate →
// store → index). Nothing here knows HTTP. Thread-safe: every operation may be
// called from any server thread; Open/Start/Stop from the owning thread only.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "batch/options.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/household.h"
#include "core/labour_law.h"
#include "core/opening.h"
#include "core/policy.h"
#include "core/regions.h"
#include "core/secrets.h"
#include "core/taxonomy.h"
#include "match/kind.h"
#include "search/query.h"
#include "search/schema.h"
#include "service/accounts.h"
#include "sheet/table.h"
#include "store/household_query.h"

namespace jobmatch {

// What App owns, declared only: callers of App (the HTTP handlers, the CLI)
// need not compile Xapian's or SQLiteCpp's headers.
class AuditStore;
class BatchRunner;
class BatchStore;
class CatalogStore;
class ChangeLog;
class Database;
class HouseholdStore;
class Indexer;
class KeyStore;
class LinkStore;
struct LinkRow;
struct RecommendationRow;
struct SheetHousehold;
class Matcher;
class OpeningStore;
class Searcher;
class ShardMap;
class UserStore;
struct IndexSources;

// When the service is ready for traffic (GET /readyz).
struct ReadinessLimits {
  int64_t max_index_lag = 1000;         // changes committed to the store, not yet searchable
  int64_t min_free_bytes = 64LL << 20;  // on the data dir's file system
};

struct AppConfig {
  std::string data_dir;     // holds jobmatch.db and index/
  std::string index_dir;    // index/: schema.json, skills.json, occupations.json, synonyms.json
  std::string regions_tsv;  // fixtures/regions.tsv
  std::string admin_key;    // JOBMATCH_ADMIN_KEY; empty: no bootstrap admin
  std::string data_key;     // 64 hex digits (JOBMATCH_DATA_KEY or a file); empty: no households
  bool open_index = true;   // false for CLI commands that only touch the store
  // Openings retrieved per member (MatchConfig::candidates); 0: the default,
  // -1: every opening that passes the hard filters, each scored exactly
  // (bench/recall measures against it).
  int match_candidates = 0;
  // Of those, scored exactly (MatchConfig::scored); 0: the default.
  int match_scored = 0;
  // What the searcher remembers per index generation. A batch over a million
  // openings wants every summary; a server need not.
  SearchCaches search_caches;
  ReadinessLimits readiness;
  SessionLimits sessions;
  int opening_lifetime_days = kDefaultLifetimeDays;  // expires_at when a posting gives none
  // The index's shards (search/shard_map.h); empty: one local shard, index/.
  std::string shards_file;
};

// The outcome of posting one opening.
struct PostedOpening {
  UpsertKind kind;
  nlohmann::json opening;  // the API view
  std::vector<std::string> warnings;
};

class App {
 public:
  static Result<std::unique_ptr<App>> Open(const AppConfig& config, const Clock& clock);
  ~App();

  // Replays the change log into the index, then keeps applying it in the background.
  Result<int64_t> StartIndexing();
  void Stop();

  Result<std::optional<Principal>> Authenticate(std::string_view key);
  // People's accounts and sessions (service/accounts.h).
  Accounts& accounts() { return *accounts_; }
  Result<NewKey> CreateKey(const nlohmann::json& body);
  Result<void> RevokeKey(const std::string& id);
  // GET /v1/keys: {total, items: [{id, role, owner, region, created_at, revoked_at}]}.
  Result<nlohmann::json> ListKeys(int limit, int offset);

  // Upserts openings for `board` in one transaction; per item either the
  // posted opening or the validation error. Acknowledged once durable.
  Result<std::vector<Result<PostedOpening>>> PostOpenings(const std::string& board,
                                                          const std::vector<nlohmann::json>& items);
  Result<nlohmann::json> GetOpening(int64_t id);
  // The same from schema.org JobPostings (service/openings.cc): each read
  // into an opening (core/job_posting), errors naming JobPosting properties,
  // what was assumed added to the warnings.
  Result<std::vector<Result<PostedOpening>>> PostJobPostings(
      const std::string& board, const std::vector<nlohmann::json>& postings);
  // Search results of a job posted on several boards: `also_on`, the
  // other boards (service/openings.cc).
  Result<void> NameOtherBoards(std::vector<nlohmann::json>& items);
  // An opening as a schema.org JobPosting (JSON-LD).
  Result<nlohmann::json> GetJobPosting(int64_t id);
  // An admin's review of a compliance flag: {code, reason}. The flag stays
  // on the opening with `cleared: {by, at, reason}`, no longer counts for
  // ?flagged=true, and the clearing is in the audit log. A re-post with the
  // same wording is flagged again.
  Result<nlohmann::json> ClearComplianceFlag(int64_t id, const nlohmann::json& body,
                                             const Principal& p);
  // The stored opening's board (for authorization), or kNotFound.
  Result<std::string> OpeningBoard(int64_t id);
  Result<void> DeleteOpening(int64_t id);
  // Openings that fill and age, and those who mirror them (service/openings.cc).
  // POST /v1/openings/{id}/renew {expires_at?}: a later expiry for a live
  // opening (an expired one reopens); by default today plus the lifetime.
  Result<nlohmann::json> RenewOpening(int64_t id, const nlohmann::json& body);
  // Marks the openings past their day expired, each a change (a delete in
  // the feed). Run at start and before the feed and board figures are read;
  // search and matching never show them meanwhile (they filter on the day).
  Result<int64_t> ExpireOpenings();
  // GET /v1/openings/feed: {items: [{cursor, change, id, at, opening}],
  // next_cursor, has_more}; `after` is a cursor ("" the beginning).
  Result<nlohmann::json> OpeningFeed(int64_t after, int limit);
  // GET /v1/boards/me/stats: what a board's openings came to, counts only.
  Result<nlohmann::json> BoardStats(const std::string& board);
  Result<SearchResults> SearchOpenings(OpeningQuery q);

  // Households (service/households.cc), as the caller `p` may see them: one
  // outside its region scope is not found; filing or moving one there is
  // forbidden (field region). `p.actor` goes to the audit log.
  Result<nlohmann::json> CreateHousehold(const nlohmann::json& body,
                                         std::vector<std::string>& warnings, const Principal& p);
  Result<nlohmann::json> GetHousehold(int64_t id, bool reveal, const Principal& p);
  Result<nlohmann::json> ReplaceHousehold(int64_t id, const nlohmann::json& body,
                                          std::vector<std::string>& warnings, const Principal& p);
  Result<nlohmann::json> ListHouseholds(HouseholdFilter filter, bool reveal, const Principal& p);
  Result<nlohmann::json> ExitHousehold(int64_t id, const nlohmann::json& body, const Principal& p);
  // The id of the household a member belongs to (kNotFound if none, or out of scope).
  Result<int64_t> HouseholdOfMember(int64_t member_id, const Principal& p);
  Result<nlohmann::json> Matches(int64_t member_id, MatchKind kind, int limit);
  Result<nlohmann::json> ListAudit(int limit, int offset);

  // The batch (service/batches.cc). A scoped caller runs batches and reads
  // statistics within its scope (its own region by default) and exports the
  // plans of its households only.
  Result<int64_t> StartBatch(const nlohmann::json& body, const Principal& p);
  // The CLI's synchronous run.
  Result<int64_t> RunBatch(const BatchOptions& options,
                           const std::function<void(const BatchProgress&)>& on_progress);
  Result<nlohmann::json> GetBatch(int64_t id);
  Result<nlohmann::json> ListBatches(int limit, int offset);
  Result<nlohmann::json> GetPlan(int64_t household_id, const Principal& p);
  // The plans of a batch as files (service/exports.cc): CSV with English
  // headers, .xlsx with Chinese ones; ID numbers masked.
  Result<std::string> PlansCsv(int64_t batch_id, const Principal& p);
  Result<std::string> PlansXlsx(int64_t batch_id, const Principal& p);
  // The household's current plan as a short Chinese text (≤ 500 characters)
  // for SMS or WeChat, ending with a new link (made here, listed with the
  // household's links); `origin` (https://host) goes before the link's path.
  Result<std::string> PlanText(int64_t household_id, const std::string& origin, const Principal& p);
  // Households from a spreadsheet (service/imports.cc): each household
  // written whole or not at all. {imported, updated, failed: [{row, column,
  // message}], warnings: [...]}, messages in Chinese; `dry_run` writes nothing.
  Result<nlohmann::json> ImportHouseholds(const Table& sheet, bool dry_run, const Principal& p);
  // GET /v1/households/import/template.xlsx.
  Result<std::string> ImportTemplate();
  Result<nlohmann::json> RecordOutcome(int64_t recommendation_id, const nlohmann::json& body,
                                       const Principal& p);
  Result<nlohmann::json> Stats(const std::string& region, const Principal& p);
  // GET /v1/members/{id}/timeline: {member_id, items: [{at, kind, …}]} in time
  // order — recommendations, outcomes, household answers, employment
  // changes, skills gained, aid granted (一人一档). 404 outside the scope.
  Result<nlohmann::json> Timeline(int64_t member_id, const Principal& p);
  // What is due next for members in the caller's scope, the soonest first
  // (service/follow_ups.cc): stable-employment checks after a hire and the
  // next pathway step after an enrolment, a completion or a grant.
  // {items: [{household_id, archive_no, member_id, member_name,
  // recommendation_id, kind, title, follow_up, due_on, due}]}.
  Result<nlohmann::json> FollowUps(const Principal& p);
  // Households' links (service/links.cc). A link shows the household's
  // current plan without signing in; `url` (/p/<token>) is shown once.
  Result<nlohmann::json> CreateLink(int64_t household_id, const nlohmann::json& body,
                                    const Principal& p);
  Result<nlohmann::json> ListLinks(int64_t household_id, const Principal& p);
  Result<void> RevokeLink(int64_t household_id, int64_t link_id, const Principal& p);
  // The plan through a link: names and nothing else personal. kNotFound for
  // an unknown, expired or revoked token alike; kTooManyRequests past 60 a
  // minute per link.
  Result<nlohmann::json> LinkPlan(std::string_view token);
  // Whether the link is live (the page's first answer), counted like a view.
  Result<void> CheckLink(std::string_view token);
  // {recommendation_id, answer: interested|not_suitable, reason?}; a new
  // answer replaces the last.
  Result<nlohmann::json> AnswerThroughLink(std::string_view token, const nlohmann::json& body);

  // Waits for a background batch (tests and shutdown).
  void JoinBatch();

  // Courses and aid products (service/catalog.cc).
  Result<nlohmann::json> PutCourse(std::optional<int64_t> id, const nlohmann::json& body,
                                   std::vector<std::string>& warnings);
  Result<nlohmann::json> PutAidProduct(std::optional<int64_t> id, const nlohmann::json& body);
  Result<nlohmann::json> GetCatalogItem(Catalog catalog, int64_t id);
  Result<void> DeleteCatalogItem(Catalog catalog, int64_t id);
  Result<SearchResults> SearchCourses(CourseQuery q);
  Result<SearchResults> SearchAid(AidQuery q);

  // Whether this instance can take traffic (service/health.cc): the checks
  // {store, disk, index}, each with "ok" and its figures. Writes one probe row.
  nlohmann::json Readiness();

  // Figures for /metrics.
  int64_t IndexLastApplied() const;
  int64_t IndexDocuments() const;
  int64_t IndexFailures() const;
  Result<int64_t> StoreLastChange();
  Result<int64_t> CountOpenings();

  const Taxonomy& taxonomy() const { return taxonomy_; }
  const Regions& regions() const { return regions_; }
  const Clock& clock() const { return clock_; }
  std::string Today() const { return DateOf(clock_.Now()); }

  // Deletes old batch runs (BatchStore::Prune); returns the ids deleted.
  Result<std::vector<int64_t>> PruneBatches(int keep);

  // Rebuilds the search index from the store (CLI `reindex`).
  static Result<int64_t> Reindex(const AppConfig& config, const Clock& clock);
  // Copies the store of a serving or stopped instance to `to` (CLI `backup`);
  // returns the bytes written.
  static Result<int64_t> Backup(const AppConfig& config, const std::string& to);
  // Replaces the store with the backup `from` and rebuilds the index (CLI
  // `restore`; refused while a server runs). Returns the openings indexed.
  static Result<int64_t> Restore(const AppConfig& config, const Clock& clock,
                                 const std::string& from);

 private:
  App(const Clock& clock, Taxonomy taxonomy, Regions regions, IndexSchema schema);

  // The stores over db_ that need nothing but the clock.
  void OpenStores(const Clock& clock);
  Result<HouseholdStore*> Households();
  Result<Household> VisibleHousehold(int64_t id, const Principal& p);
  // The household of a current member, if in the caller's scope (404 otherwise).
  Result<Household> MemberHousehold(int64_t member_id, const Principal& p);
  Result<void> MayFileIn(const std::string& region, const Principal& p) const;
  // The items of FollowUps, of one household or of all in the caller's scope.
  Result<std::vector<nlohmann::json>> PendingFollowUps(std::optional<int64_t> household_id,
                                                       const Principal& p);
  Result<LinkRow> LiveLink(std::string_view token);
  // The rows of the plans export, with English headers and values.
  Result<Table> PlanRows(int64_t batch_id, const Principal& p);
  // One household of an import: true created, false updated, nullopt when
  // its problems went to `failed`.
  Result<std::optional<bool>> ImportOne(const SheetHousehold& h, bool dry_run, const Principal& p,
                                        nlohmann::json& failed, nlohmann::json& warnings);
  // A member's declines, 不合适 answers included (kDeclinesForReview).
  Result<int64_t> Declines(int64_t member_id);
  // What outcome `status` of `row` changes about its member in `household`
  // (employment, skills, startup training, aid granted): the names of the
  // fields it changed, for the audit.
  Result<std::vector<std::string>> MoveMemberAlong(Household& household,
                                                   const RecommendationRow& row,
                                                   const std::string& status,
                                                   std::optional<int64_t> amount);
  IndexSources Sources();

  const Clock& clock_;
  Taxonomy taxonomy_;
  Regions regions_;
  IndexSchema schema_;
  LabourLaw law_;
  std::string data_dir_;
  ReadinessLimits readiness_;
  int opening_lifetime_days_ = kDefaultLifetimeDays;
  std::string admin_key_hash_;
  std::optional<DataCipher> cipher_;  // none: household routes answer 503
  // Declared in dependency order: each is destroyed before what it uses.
  std::unique_ptr<Database> db_;
  std::unique_ptr<OpeningStore> openings_;
  std::unique_ptr<KeyStore> keys_;
  std::unique_ptr<ChangeLog> changes_;
  std::unique_ptr<CatalogStore> courses_;
  std::unique_ptr<CatalogStore> aid_;
  std::unique_ptr<HouseholdStore> households_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<UserStore> users_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<LinkStore> links_;
  LoginThrottle link_rate_{{60, 0, 60}};  // 60 requests a minute per link (Admit)
  std::unique_ptr<ShardMap> shards_;      // null when config.open_index is false
  std::unique_ptr<Indexer> indexer_;      // likewise
  std::unique_ptr<Searcher> searcher_;    // likewise
  std::unique_ptr<Matcher> matcher_;      // likewise
  std::unique_ptr<BatchStore> batches_;
  std::unique_ptr<BatchRunner> runner_;  // needs the index and the data key
};

}  // namespace jobmatch
