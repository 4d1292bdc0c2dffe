// The operator's commands that work on a data dir beside (or instead of) a
// serving instance: reindex, backup, restore and prune.
#include <cstdio>

#include "cli/commands.h"

namespace jobmatch {

int Reindex(const Args& a) {
  SystemClock clock;
  auto n = App::Reindex(ConfigFrom(a), clock);
  if (!n) return Fail(n.error());
  std::printf("reindexed %lld openings\n", static_cast<long long>(*n));
  return 0;
}

int Backup(const Args& a) {
  if (!a.Has("--to")) return Usage("backup needs --to FILE");
  auto bytes = App::Backup(ConfigFrom(a), a.Get("--to"));
  if (!bytes) return Fail(bytes.error());
  std::printf("backed up the store to %s (%lld bytes; keep the data key apart from it)\n",
              a.Get("--to").c_str(), static_cast<long long>(*bytes));
  return 0;
}

int Restore(const Args& a) {
  if (!a.Has("--from")) return Usage("restore needs --from FILE");
  SystemClock clock;
  auto n = App::Restore(ConfigFrom(a), clock, a.Get("--from"));
  if (!n) return Fail(n.error());
  std::printf("restored the store from %s and reindexed %lld openings\n", a.Get("--from").c_str(),
              static_cast<long long>(*n));
  return 0;
}

int Prune(const Args& a) {
  auto keep = CountOption(a, "--keep", BatchOptions{}.keep_runs, 1'000'000);
  if (!keep) return Usage(keep.error().message);
  SystemClock clock;
  AppConfig config = ConfigFrom(a);
  config.open_index = false;
  auto app = App::Open(config, clock);
  if (!app) return Fail(app.error());
  auto pruned = (*app)->PruneBatches(static_cast<int>(*keep));
  if (!pruned) return Fail(pruned.error());
  std::printf("pruned %zu batch runs\n", pruned->size());
  return 0;
}

}  // namespace jobmatch
