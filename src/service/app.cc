#include "service/app.h"

#include <charconv>
#include <filesystem>

#include "core/json_reader.h"
#include "core/labour_law.h"
#include "core/secrets.h"
#include "service/accounts.h"
#include "service/app_internals.h"
#include "store/backup.h"

namespace jobmatch {

namespace {

constexpr std::size_t kMaxOwnerChars = 60;  // owners become index terms (≤ 245 bytes)

struct Loaded {
  Taxonomy taxonomy;
  Regions regions;
  IndexSchema schema;
  LabourLaw law;  // index/labour_rules.json
};

Result<Loaded> LoadReference(const AppConfig& config) {
  auto taxonomy = Taxonomy::Load(config.index_dir);
  if (!taxonomy) return std::unexpected(taxonomy.error());
  auto regions = Regions::Load(config.regions_tsv);
  if (!regions) return std::unexpected(regions.error());
  auto schema = IndexSchema::Load(config.index_dir + "/schema.json");
  if (!schema) return std::unexpected(schema.error());
  auto law = LabourLaw::Load(config.index_dir);
  if (!law) return std::unexpected(law.error());
  return Loaded{std::move(*taxonomy), std::move(*regions), std::move(*schema), std::move(*law)};
}

Result<ShardMap> LoadShards(const AppConfig& config, const Regions& regions) {
  if (config.shards_file.empty()) return ShardMap::Single(config.data_dir + "/index");
  return ShardMap::Load(config.shards_file, regions, config.data_dir);
}

std::string StorePath(const AppConfig& config) {
  return config.data_dir + "/jobmatch.db";
}

Result<void> MakePrivate(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::permissions(dir, fs::perms::owner_all, ec);
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const auto type = it->symlink_status(ec).type();
    if (type == fs::file_type::directory) fs::permissions(it->path(), fs::perms::owner_all, ec);
    if (type == fs::file_type::regular) {
      fs::permissions(it->path(), fs::perms::owner_read | fs::perms::owner_write, ec);
    }
  }
  if (ec) {
    return fail(ErrorKind::kInternal, "data_dir",
                "cannot make " + dir + " private to its owner: " + ec.message());
  }
  return {};
}

}  // namespace

void App::OpenStores(const Clock& clock) {
  openings_ = std::make_unique<OpeningStore>(*db_, clock);
  keys_ = std::make_unique<KeyStore>(*db_, clock);
  changes_ = std::make_unique<ChangeLog>(*db_);
  courses_ = std::make_unique<CatalogStore>(*db_, clock, "courses", kEntityCourse);
  aid_ = std::make_unique<CatalogStore>(*db_, clock, "aid_products", kEntityAid);
  audit_ = std::make_unique<AuditStore>(*db_);
  users_ = std::make_unique<UserStore>(*db_, clock);
  links_ = std::make_unique<LinkStore>(*db_, clock);
}

Result<std::unique_ptr<App>> App::Open(const AppConfig& config, const Clock& clock) {
  auto ref = LoadReference(config);
  if (!ref) return std::unexpected(ref.error());
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return fail(ErrorKind::kInternal, "data_dir",
                "cannot create " + config.data_dir + ": " + ec.message());
  }
  // The store holds names and addresses: owner only, also for a data dir made
  // by an older build (the binary's umask covers files made from now on).
  if (auto r = MakePrivate(config.data_dir); !r) return std::unexpected(r.error());
  std::unique_ptr<App> app(
      new App(clock, std::move(ref->taxonomy), std::move(ref->regions), std::move(ref->schema)));
  if (!config.admin_key.empty()) app->admin_key_hash_ = Sha256Hex(config.admin_key);
  auto db = Database::Open(StorePath(config));
  if (!db) return std::unexpected(db.error());
  app->db_ = std::move(*db);
  app->OpenStores(clock);
  auto rules = PasswordRules::Load(config.index_dir + "/common_passwords.txt");
  if (!rules) return std::unexpected(rules.error());
  app->accounts_ = std::make_unique<Accounts>(*app->users_, *app->audit_, app->regions_, clock,
                                              std::move(*rules), config.sessions);
  app->law_ = std::move(ref->law);
  app->data_dir_ = config.data_dir;
  app->readiness_ = config.readiness;
  app->opening_lifetime_days_ = config.opening_lifetime_days;
  if (!config.data_key.empty()) {
    app->cipher_ = DataCipher::FromHex(config.data_key);
    if (!app->cipher_) {
      return fail(ErrorKind::kInternal, "bad_data_key",
                  "the data key must be 64 hex digits (256 bits)");
    }
    app->households_ = std::make_unique<HouseholdStore>(*app->db_, clock, *app->cipher_,
                                                        app->regions_, app->law_.working_age());
  }
  if (config.open_index) {
    // Openings stored by a build before clusters get their keys, once.
    if (auto keyed = app->openings_->BackfillDuplicateKeys(); !keyed) {
      return std::unexpected(keyed.error());
    }
    auto shards = LoadShards(config, app->regions_);
    if (!shards) return std::unexpected(shards.error());
    app->shards_ = std::make_unique<ShardMap>(std::move(*shards));
    auto indexer =
        Indexer::Open(*app->shards_, app->schema_, app->taxonomy_, app->regions_, app->Sources());
    if (!indexer) return std::unexpected(indexer.error());
    app->indexer_ = std::move(*indexer);
    app->searcher_ =
        std::make_unique<Searcher>(*app->shards_, app->schema_, app->taxonomy_, app->regions_,
                                   *app->indexer_, config.search_caches);
    auto match_config = MatchConfig::Load(config.index_dir, app->law_);
    if (!match_config) return std::unexpected(match_config.error());
    if (config.match_candidates != 0) match_config->candidates = config.match_candidates;
    if (config.match_scored != 0) match_config->scored = config.match_scored;
    match_config->facts_cache = config.search_caches.summaries;
    match_config->retrieved_cache = config.search_caches.retrievals;
    app->matcher_ = std::make_unique<Matcher>(*app->searcher_, app->taxonomy_, app->regions_,
                                              std::move(*match_config));
  }
  app->batches_ = std::make_unique<BatchStore>(*app->db_, clock);
  if (app->households_ && app->matcher_) {
    App* self = app.get();
    auto catch_up = [self]() -> Result<void> {
      auto last = self->changes_->Last();
      if (!last) return std::unexpected(last.error());
      if (!self->indexer_->WaitApplied(*last, std::chrono::seconds(60))) {
        return fail(ErrorKind::kUnavailable, "index_lagging",
                    "the search index did not catch up within 60 s");
      }
      return {};
    };
    app->runner_ = std::make_unique<BatchRunner>(*app->households_, *app->batches_, *app->matcher_,
                                                 clock, app->law_.working_age(), catch_up);
    // Holding the index lock, this is the only process that can run a batch:
    // one left queued or running was interrupted.
    if (auto r = app->batches_->FailInterrupted(); !r) return std::unexpected(r.error());
  }
  return app;
}

App::App(const Clock& clock, Taxonomy taxonomy, Regions regions, IndexSchema schema)
    : clock_(clock),
      taxonomy_(std::move(taxonomy)),
      regions_(std::move(regions)),
      schema_(std::move(schema)) {}

App::~App() {
  Stop();
}

Result<int64_t> App::StartIndexing() {
  auto n = indexer_->CatchUp();
  if (!n) return n;
  indexer_->Start();
  return n;
}

void App::Stop() {
  if (runner_) runner_->Join();
  if (indexer_) indexer_->Stop();
}

Result<std::optional<Principal>> App::Authenticate(std::string_view key) {
  if (!admin_key_hash_.empty()) {
    const std::string h = Sha256Hex(key);
    if (SecretEquals(h, admin_key_hash_)) {
      return Principal{"env-admin", Role::kAdmin, "", "", 0};
    }
  }
  return keys_->Authenticate(key);
}

Result<NewKey> App::CreateKey(const nlohmann::json& body) {
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  auto role_name = r.String("role", true, 20);
  auto owner = r.String("owner", false, kMaxOwnerChars).value_or("");
  const std::string region = ReadRegion(r, "region", false, regions_, errors);
  std::optional<Role> role;
  if (role_name) {
    role = ParseRole(*role_name);
    if (!role) r.Error("role", "must be one of admin, counsellor, board, household, reader");
  }
  if (role && *role != Role::kAdmin && *role != Role::kCounsellor && owner.empty()) {
    r.Error("owner", "is required for board, household and reader keys");
  }
  if (role && *role != Role::kCounsellor && r.Has("region")) {
    r.Error("region", "scopes counsellor keys only");
  }
  if (errors.empty() && role == Role::kHousehold) {
    // A household key reads one household: it must exist now, named by its
    // id as the API writes it (ids are sequential: a future one would open).
    int64_t id = 0;
    auto [end, ec] = std::from_chars(owner.data(), owner.data() + owner.size(), id);
    bool exists = ec == std::errc() && end == owner.data() + owner.size() && id > 0 &&
                  owner == std::to_string(id);
    if (exists) {
      auto store = Households();
      if (!store) return std::unexpected(store.error());
      auto found = (*store)->Get(id);
      if (!found) return std::unexpected(found.error());
      exists = found->has_value();
    }
    if (!exists) r.Error("owner", "must be the id of a household on file");
  }
  if (!errors.empty()) return invalid(std::move(errors));
  return keys_->Create(*role, owner, region);
}

Result<nlohmann::json> App::ListKeys(int limit, int offset) {
  auto page = keys_->List(limit, offset);
  if (!page) return std::unexpected(page.error());
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  nlohmann::json items = nlohmann::json::array();
  for (const auto& k : page->second) {
    items.push_back({{"id", k.id},
                     {"role", RoleName(k.role)},
                     {"owner", k.owner},
                     {"region", opt(k.region)},
                     {"created_at", k.created_at},
                     {"revoked_at", opt(k.revoked_at)}});
  }
  return nlohmann::json{{"total", page->first}, {"items", std::move(items)}};
}

Result<void> App::RevokeKey(const std::string& id) {
  auto found = keys_->Revoke(id);
  if (!found) return std::unexpected(found.error());
  if (!*found) return fail(ErrorKind::kNotFound, "not_found", "no live key with that id", "id");
  return {};
}

Result<std::vector<Result<PostedOpening>>> App::PostOpenings(
    const std::string& board, const std::vector<nlohmann::json>& items) {
  const std::string today = Today();
  std::vector<Result<PostedOpening>> results;
  std::vector<Opening> valid;
  std::vector<std::size_t> positions;  // index in `items` of each valid opening
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto parsed = ParseOpening(items[i], taxonomy_, regions_, today, opening_lifetime_days_);
    if (!parsed) {
      results.push_back(std::unexpected(parsed.error()));
      continue;
    }
    parsed->opening.board = board;
    // Discriminatory requirements are flagged and reported, never refused:
    // the posting stays visible to counsellors, who see the flags.
    parsed->opening.compliance_flags = law_.Discrimination(parsed->opening);
    for (const auto& flag : parsed->opening.compliance_flags) {
      parsed->warnings.push_back(LabourLaw::Warning(flag));
    }
    results.push_back(PostedOpening{UpsertKind::kCreated, {}, std::move(parsed->warnings)});
    valid.push_back(std::move(parsed->opening));
    positions.push_back(i);
  }
  if (valid.empty()) return results;
  auto outcomes = openings_->Upsert(valid, today);
  if (!outcomes) return std::unexpected(outcomes.error());
  for (std::size_t k = 0; k < valid.size(); ++k) {
    auto& posted = *results[positions[k]];
    posted.kind = (*outcomes)[k].kind;
    posted.opening = OpeningView(EncodeOpening(valid[k]), today);
  }
  if (indexer_) indexer_->Notify();
  return results;
}

Result<nlohmann::json> App::GetOpening(int64_t id) {
  auto doc = openings_->Get(id);
  if (!doc) return std::unexpected(doc.error());
  if (!*doc) return fail(ErrorKind::kNotFound, "not_found", "no opening with that id", "id");
  nlohmann::json view = OpeningView(**doc, Today());
  view["duplicate_of"] = nullptr;
  view["duplicates"] = nlohmann::json::array();
  if (auto it = (**doc).find("cluster"); it != (**doc).end()) {
    const int64_t cluster = *it;
    auto members = openings_->Clusters({cluster});
    if (!members) return std::unexpected(members.error());
    if (cluster != id) view["duplicate_of"] = cluster;
    for (const auto& m : (*members)[cluster]) {
      if (m.id != id) view["duplicates"].push_back(m.id);
    }
  }
  return view;
}

Result<nlohmann::json> App::ClearComplianceFlag(int64_t id, const nlohmann::json& body,
                                                const Principal& p) {
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  const std::string code = r.String("code", true, 30).value_or("");
  const std::string reason = r.String("reason", true, 500).value_or("");
  if (!errors.empty()) return invalid(std::move(errors));
  auto doc = openings_->Get(id);
  if (!doc) return std::unexpected(doc.error());
  if (!*doc) return fail(ErrorKind::kNotFound, "not_found", "no opening with that id", "id");
  Opening o = DecodeOpening(**doc);
  const std::string now = Timestamp(clock_.Now());
  bool found = false;
  for (auto& flag : o.compliance_flags) {
    if (flag.value("code", "") != code || flag.contains("cleared")) continue;
    flag["cleared"] = {{"by", p.actor}, {"at", now}, {"reason", reason}};
    found = true;
  }
  if (!found) {
    return fail(ErrorKind::kNotFound, "no_such_flag",
                "the opening has no uncleared compliance flag " + code, "code");
  }
  // Audited before the write: no record, no clearing.
  auto logged = audit_->Append({now,
                                p.actor,
                                "compliance_flag_cleared",
                                std::nullopt,
                                {"opening:" + std::to_string(id), "compliance_flags." + code},
                                std::nullopt,
                                ""});
  if (!logged) return std::unexpected(logged.error());
  o.updated_at = now;
  if (auto written = openings_->Update(o); !written) return std::unexpected(written.error());
  if (indexer_) indexer_->Notify();
  return GetOpening(id);
}

Result<std::string> App::OpeningBoard(int64_t id) {
  auto doc = openings_->Get(id);
  if (!doc) return std::unexpected(doc.error());
  if (!*doc) return fail(ErrorKind::kNotFound, "not_found", "no opening with that id", "id");
  return (**doc).at("board").get<std::string>();
}

Result<void> App::DeleteOpening(int64_t id) {
  auto deleted = openings_->Delete(id);
  if (!deleted) return std::unexpected(deleted.error());
  if (!*deleted) return fail(ErrorKind::kNotFound, "not_found", "no opening with that id", "id");
  if (indexer_) indexer_->Notify();
  return {};
}

Result<SearchResults> App::SearchOpenings(OpeningQuery q) {
  q.today = Today();
  auto results = searcher_->Search(q);
  if (!results) return results;
  if (auto named = NameOtherBoards(results->items); !named) return std::unexpected(named.error());
  return results;
}

void App::JoinBatch() {
  if (runner_) runner_->Join();
}

Result<int64_t> App::CountOpenings() {
  return openings_->CountLive();
}

IndexSources App::Sources() {
  return {*openings_, *courses_, *aid_, *changes_};
}

int64_t App::IndexLastApplied() const {
  return indexer_ ? indexer_->last_applied() : 0;
}
int64_t App::IndexDocuments() const {
  return indexer_ ? indexer_->doc_count() : 0;
}
int64_t App::IndexFailures() const {
  return indexer_ ? indexer_->failures() : 0;
}
Result<int64_t> App::StoreLastChange() {
  return changes_->Last();
}

Result<std::vector<int64_t>> App::PruneBatches(int keep) {
  return batches_->Prune(keep);
}

Result<int64_t> App::Backup(const AppConfig& config, const std::string& to) {
  return BackupStore(StorePath(config), to);
}

Result<int64_t> App::Restore(const AppConfig& config, const Clock& clock, const std::string& from) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (auto r = MakePrivate(config.data_dir); !r) return std::unexpected(r.error());
  {
    // A server holds the index for as long as it runs: never swap its store.
    auto regions = Regions::Load(config.regions_tsv);
    if (!regions) return std::unexpected(regions.error());
    auto shards = LoadShards(config, *regions);
    if (!shards) return std::unexpected(shards.error());
    if (auto free = Indexer::EnsureUnlocked(*shards); !free) return std::unexpected(free.error());
  }
  if (auto r = InstallStore(from, StorePath(config)); !r) return std::unexpected(r.error());
  return Reindex(config, clock);
}

Result<int64_t> App::Reindex(const AppConfig& config, const Clock& clock) {
  AppConfig store_only = config;
  store_only.open_index = false;
  auto app = Open(store_only, clock);
  if (!app) return std::unexpected(app.error());
  App& a = **app;
  auto shards = LoadShards(config, a.regions_);
  if (!shards) return std::unexpected(shards.error());
  return Indexer::Rebuild(*shards, a.schema_, a.taxonomy_, a.regions_, a.Sources());
}

}  // namespace jobmatch
