// Where the index lives: one or more shards, each holding the openings of
// some provinces, each a local Xapian database (a path) or a remote one served
// by xapian-tcpsrv (tcp://host:port), each with optional read replicas kept by
// xapian-replicate. One shard, the default, holds every province no other
// shard names, and the courses and aid products. Read-only after Load();
// docs/operations.md shows the file and a deployment.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/regions.h"

namespace jobmatch {

struct ShardSpec {
  std::string name;
  std::string location;                // an absolute path or tcp://host:port
  std::vector<std::string> replicas;   // read copies, as locations
  std::vector<std::string> provinces;  // two-digit prefixes; empty on the default shard
};

// The shards a reader opens, one bit per shard.
using ShardMask = uint32_t;

class ShardMap {
 public:
  // At most this many shards (the bits of a ShardMask).
  static constexpr std::size_t kMaxShards = 32;
  static constexpr int kDefaultTimeoutMs = 5000;

  // One local shard at `path`: the embedded default.
  static ShardMap Single(const std::string& path);
  // A map file (JSON). Relative paths are taken from `data_dir`.
  static Result<ShardMap> Load(const std::string& file, const Regions& regions,
                               const std::string& data_dir);
  static Result<ShardMap> Parse(const std::string& text, const Regions& regions,
                                const std::string& data_dir);

  std::size_t size() const { return shards_.size(); }
  const ShardSpec& shard(std::size_t i) const { return shards_[i]; }
  // How long a remote shard may take to connect or answer.
  int timeout_ms() const { return timeout_ms_; }

  // The shard of an opening in `region` (a region code).
  std::size_t ShardOf(std::string_view region) const;
  // The shard of courses and aid products.
  std::size_t catalogue() const { return default_; }
  // The shards a search within `regions` touches; every shard when empty.
  ShardMask MaskFor(const std::vector<std::string>& regions) const;
  ShardMask all() const;
  // Is any shard of `mask` (or, with `replicas`, a copy of one) remote?
  bool Remote(ShardMask mask, bool replicas) const;

 private:
  std::vector<ShardSpec> shards_;
  std::size_t default_ = 0;
  std::size_t by_province_[100] = {};  // two-digit prefix → shard
  int timeout_ms_ = kDefaultTimeoutMs;
};

// True for tcp://host:port.
bool IsRemote(std::string_view location);
// Opens a location for reading / writing. Throws Xapian errors.
Xapian::Database OpenShardReader(const std::string& location, int timeout_ms);
Xapian::WritableDatabase OpenShardWriter(const std::string& location, int timeout_ms);

}  // namespace jobmatch
