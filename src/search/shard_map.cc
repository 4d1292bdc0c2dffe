#include "search/shard_map.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "core/json_reader.h"

namespace jobmatch {

namespace {

constexpr std::string_view kTcp = "tcp://";

std::size_t Province(std::string_view region) {
  if (region.size() < 2 || region[0] < '0' || region[0] > '9' || region[1] < '0' ||
      region[1] > '9') {
    return 0;
  }
  return static_cast<std::size_t>((region[0] - '0') * 10 + (region[1] - '0'));
}

// host and port of tcp://host:port; port 0 when malformed.
std::pair<std::string, unsigned> HostPort(std::string_view location) {
  location.remove_prefix(kTcp.size());
  const auto colon = location.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return {"", 0};
  unsigned port = 0;
  const auto digits = location.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) {
    return {"", 0};
  }
  return {std::string(location.substr(0, colon)), port};
}

std::unexpected<Error> BadMap(const std::string& field, const std::string& message) {
  return fail(ErrorKind::kBadRequest, "bad_shard_map", "shard map: " + field + ": " + message,
              field);
}

// A location as opened: tcp:// as given, a relative path under data_dir.
Result<std::string> Location(const std::string& field, const std::string& text,
                             const std::string& data_dir) {
  if (IsRemote(text)) {
    if (HostPort(text).second == 0) return BadMap(field, "expected tcp://host:port");
    return text;
  }
  if (text.empty()) return BadMap(field, "a path or tcp://host:port is required");
  return text.front() == '/' ? text : data_dir + "/" + text;
}

}  // namespace

bool IsRemote(std::string_view location) {
  return location.starts_with(kTcp);
}

Xapian::Database OpenShardReader(const std::string& location, int timeout_ms) {
  if (!IsRemote(location)) return Xapian::Database(location);
  auto [host, port] = HostPort(location);
  return Xapian::Remote::open(host, port, timeout_ms, timeout_ms);
}

Xapian::WritableDatabase OpenShardWriter(const std::string& location, int timeout_ms) {
  if (!IsRemote(location)) return Xapian::WritableDatabase(location, Xapian::DB_CREATE_OR_OPEN);
  auto [host, port] = HostPort(location);
  return Xapian::Remote::open_writable(host, port, timeout_ms, timeout_ms,
                                       Xapian::DB_CREATE_OR_OPEN);
}

ShardMap ShardMap::Single(const std::string& path) {
  ShardMap map;
  map.shards_.push_back({"index", path, {}, {}});
  return map;
}

Result<ShardMap> ShardMap::Load(const std::string& file, const Regions& regions,
                                const std::string& data_dir) {
  std::ifstream in(file);
  if (!in) return fail(ErrorKind::kBadRequest, "bad_shard_map", "cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), regions, data_dir);
}

Result<ShardMap> ShardMap::Parse(const std::string& text, const Regions& regions,
                                 const std::string& data_dir) {
  auto json = ParseUntrustedJson(text);
  if (!json) return BadMap("body", "not JSON");
  const nlohmann::json* list = Present(*json, "shards");
  if (!list || !list->is_array() || list->empty() || list->size() > kMaxShards) {
    return BadMap("shards", "an array of 1 to 32 shards is required");
  }
  ShardMap map;
  if (const nlohmann::json* t = Present(*json, "timeout_ms")) {
    if (!t->is_number_integer() || *t < 1 || *t > 600000) {
      return BadMap("timeout_ms", "milliseconds from 1 to 600000");
    }
    map.timeout_ms_ = t->get<int>();
  }
  std::set<std::string> names;
  std::set<std::size_t> taken;
  bool has_default = false;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& s = (*list)[i];
    const std::string at = "shards[" + std::to_string(i) + "]";
    const nlohmann::json* name = Present(s, "name");
    const nlohmann::json* location = Present(s, "location");
    if (!name || !name->is_string() || name->get<std::string>().empty()) {
      return BadMap(at + ".name", "a name is required");
    }
    if (!names.insert(name->get<std::string>()).second) {
      return BadMap(at + ".name", "two shards are named " + name->get<std::string>());
    }
    if (!location || !location->is_string()) return BadMap(at + ".location", "required");
    ShardSpec spec{name->get<std::string>(), "", {}, {}};
    auto where = Location(at + ".location", location->get<std::string>(), data_dir);
    if (!where) return std::unexpected(where.error());
    spec.location = *where;
    if (const nlohmann::json* replicas = Present(s, "replicas")) {
      if (!replicas->is_array()) return BadMap(at + ".replicas", "an array of locations");
      for (std::size_t r = 0; r < replicas->size(); ++r) {
        const std::string field = at + ".replicas[" + std::to_string(r) + "]";
        if (!(*replicas)[r].is_string()) return BadMap(field, "a location");
        auto copy = Location(field, (*replicas)[r].get<std::string>(), data_dir);
        if (!copy) return std::unexpected(copy.error());
        spec.replicas.push_back(*copy);
      }
    }
    const nlohmann::json* provinces = Present(s, "provinces");
    if (!provinces) {
      if (has_default) return BadMap(at + ".provinces", "only one shard may leave them out");
      has_default = true;
      map.default_ = i;
    } else {
      if (!provinces->is_array() || provinces->empty()) {
        return BadMap(at + ".provinces", "a list of province codes such as \"320000\"");
      }
      for (std::size_t p = 0; p < provinces->size(); ++p) {
        const std::string field = at + ".provinces[" + std::to_string(p) + "]";
        const nlohmann::json& code = (*provinces)[p];
        const Region* region = code.is_string() ? regions.Find(code.get<std::string>()) : nullptr;
        if (!region || region->level != RegionLevel::kProvince) {
          return BadMap(field, "not a province code");
        }
        const std::size_t prefix = Province(region->code);
        if (!taken.insert(prefix).second) return BadMap(field, "already in another shard");
        map.by_province_[prefix] = i;
        spec.provinces.push_back(region->code.substr(0, 2));
      }
    }
    map.shards_.push_back(std::move(spec));
  }
  if (!has_default) return BadMap("shards", "one shard without provinces takes the rest");
  for (std::size_t p = 0; p < 100; ++p) {
    if (!taken.contains(p)) map.by_province_[p] = map.default_;
  }
  return map;
}

std::size_t ShardMap::ShardOf(std::string_view region) const {
  return shards_.size() == 1 ? 0 : by_province_[Province(region)];
}

ShardMask ShardMap::all() const {
  return shards_.size() >= kMaxShards ? ~ShardMask{0} : (ShardMask{1} << shards_.size()) - 1;
}

bool ShardMap::Remote(ShardMask mask, bool replicas) const {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if ((mask & (ShardMask{1} << i)) == 0) continue;
    if (IsRemote(shards_[i].location)) return true;
    if (replicas && std::ranges::any_of(shards_[i].replicas, IsRemote)) return true;
  }
  return false;
}

ShardMask ShardMap::MaskFor(const std::vector<std::string>& regions) const {
  if (regions.empty()) return all();
  ShardMask mask = 0;
  for (const auto& r : regions) mask |= ShardMask{1} << ShardOf(r);
  return mask;
}

}  // namespace jobmatch
