// What the in-process benchmarks share: required environment variables and
// the App over the data dir a bench/run.sh run left (server stopped).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "service/app.h"

namespace jobmatch::bench {

// The variable's value; exits with a message when it is unset or empty.
inline const char* Env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) {
    std::fprintf(stderr, "bench: set %s\n", name);
    std::exit(2);
  }
  return v;
}

// Opens JOBMATCH_BENCH_DATA with the source tree's index/ and regions, and
// catches the index up; exits on failure. `candidates` as AppConfig::match_candidates.
inline std::unique_ptr<App> OpenBenchApp(const Clock& clock, int candidates = 0, int scored = 0) {
  AppConfig config;
  config.data_dir = Env("JOBMATCH_BENCH_DATA");
  config.index_dir = JOBMATCH_SOURCE_DIR "/index";
  config.regions_tsv = JOBMATCH_SOURCE_DIR "/fixtures/regions.tsv";
  config.admin_key = Env("JOBMATCH_ADMIN_KEY");
  config.data_key = Env("JOBMATCH_DATA_KEY");
  config.match_candidates = candidates;
  config.match_scored = scored;
  auto app = App::Open(config, clock);
  if (!app) {
    std::fprintf(stderr, "bench: %s\n", app.error().message.c_str());
    std::exit(1);
  }
  if (auto r = (*app)->StartIndexing(); !r) {
    std::fprintf(stderr, "bench: %s\n", r.error().message.c_str());
    std::exit(1);
  }
  return std::move(*app);
}

}  // namespace jobmatch::bench
