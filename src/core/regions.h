// China's administrative divisions (GB/T 2260 six-digit codes, NBS 2023), loaded
// once from fixtures/regions.tsv and then read-only: safe to share between
// threads. Resolves a code or a (possibly qualified) Chinese name to a region,
// and answers the hierarchy questions filters and proximity need.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace jobmatch {

enum class RegionLevel { kProvince = 0, kCity = 1, kCounty = 2 };

struct Region {
  std::string code;
  std::string name;
  RegionLevel level;
  std::string parent;  // empty for provinces
};

class Regions {
 public:
  static Result<Regions> Load(const std::string& tsv_path);
  // Movable, not copyable: lineages point into the regions.
  Regions() = default;
  Regions(Regions&&) = default;
  Regions& operator=(Regions&&) = default;

  const Region* Find(std::string_view code) const;

  // A six-digit code, a name (苏州市) or a qualified name (北京市朝阳区,
  // 江苏省苏州市姑苏区). A name several regions carry is a kBadRequest error
  // with code "ambiguous_region" listing the candidates ("110105 北京市朝阳区").
  Result<const Region*> Resolve(std::string_view code_or_name, std::string_view field) const;

  // The region and its ancestors, province first: {320000, 320500, 320508};
  // empty for an unknown code. Computed once at load: matching asks for it
  // for every opening it scores.
  const std::vector<const Region*>& Lineage(std::string_view code) const;

  // The full name, e.g. 江苏省苏州市姑苏区 (groupings such as 市辖区 left out).
  std::string FullName(std::string_view code) const;

  // The regions one level beneath `code` (the provinces for ""), looking
  // through groupings such as 市辖区: 北京市's are its districts. By code.
  std::vector<const Region*> Children(std::string_view code) const;

  // True when `code` is `ancestor` or lies beneath it.
  bool Contains(std::string_view ancestor, std::string_view code) const;

  std::size_t size() const { return by_code_.size(); }
  const std::vector<Region>& all() const { return regions_; }

 private:
  // Entries such as 市辖区 or 省直辖县级行政区划 that group counties but are
  // not part of how people write a place name.
  static bool IsGrouping(const Region& r);

  // Lookups by std::string_view without building a string.
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };

  std::vector<Region> regions_;
  std::vector<std::vector<const Region*>> lineages_;  // by index in regions_
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> by_code_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_name_;  // all name variants
};

class JsonReader;

// Reads the field `key` (a code or a name) as a region code; "" when absent
// or wrong, with the error (and the candidates of an ambiguous name) added.
std::string ReadRegion(JsonReader& r, const char* key, bool required, const Regions& regions,
                       std::vector<FieldError>& errors);

}  // namespace jobmatch
