#include "core/regions.h"

#include "core/json_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace jobmatch {

namespace {

bool IsCode(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool Regions::IsGrouping(const Region& r) {
  return r.name == "市辖区" || r.name == "县" ||
         r.name.find("直辖县级行政区划") != std::string::npos;
}

Result<Regions> Regions::Load(const std::string& tsv_path) {
  std::ifstream in(tsv_path);
  if (!in) return fail(ErrorKind::kInternal, "regions_missing", "cannot read " + tsv_path);
  Regions r;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    Region region;
    std::string level;
    std::getline(fields, region.code, '\t');
    std::getline(fields, region.name, '\t');
    std::getline(fields, level, '\t');
    std::getline(fields, region.parent, '\t');
    if (!IsCode(region.code)) {
      return fail(ErrorKind::kInternal, "regions_corrupt", "bad region line: " + line);
    }
    region.level = level == "province" ? RegionLevel::kProvince
                   : level == "city"   ? RegionLevel::kCity
                                       : RegionLevel::kCounty;
    r.by_code_[region.code] = r.regions_.size();
    r.regions_.push_back(std::move(region));
  }
  for (const Region& region : r.regions_) {
    std::vector<const Region*> lineage;
    for (const Region* a = &region; a != nullptr;
         a = a->parent.empty() ? nullptr : r.Find(a->parent))
      lineage.push_back(a);
    std::reverse(lineage.begin(), lineage.end());
    r.lineages_.push_back(std::move(lineage));
  }
  // Every way a person may name a region: its own name, and its name qualified
  // by any of its non-grouping ancestors (苏州市姑苏区, 江苏省姑苏区, 江苏省苏州市姑苏区).
  for (std::size_t i = 0; i < r.regions_.size(); ++i) {
    const Region& region = r.regions_[i];
    if (IsGrouping(region)) continue;
    std::vector<std::string> prefixes{""};
    for (const Region* a : r.Lineage(region.code)) {
      if (a == &region || IsGrouping(*a)) continue;
      std::vector<std::string> more;
      for (const auto& p : prefixes) more.push_back(p + a->name);
      prefixes.insert(prefixes.end(), more.begin(), more.end());
    }
    for (const auto& p : prefixes) {
      auto& v = r.by_name_[p + region.name];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    }
  }
  return r;
}

const Region* Regions::Find(std::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &regions_[it->second];
}

Result<const Region*> Regions::Resolve(std::string_view code_or_name,
                                       std::string_view field) const {
  if (IsCode(code_or_name)) {
    if (const Region* r = Find(code_or_name)) return r;
    return fail(ErrorKind::kUnprocessable, "unknown_region",
                std::string(field) + " is not a known region code", std::string(field));
  }
  auto it = by_name_.find(std::string(code_or_name));
  if (it == by_name_.end()) {
    return fail(ErrorKind::kUnprocessable, "unknown_region",
                std::string(field) + " names no known region", std::string(field));
  }
  if (it->second.size() == 1) return &regions_[it->second.front()];
  Error e{
      ErrorKind::kBadRequest,
      "ambiguous_region",
      std::string(field) + " fits several regions; qualify it (e.g. 北京市朝阳区) or use a code",
      std::string(field),
      {},
      {}};
  for (std::size_t i : it->second) {
    e.candidates.push_back(regions_[i].code + " " + FullName(regions_[i].code));
  }
  std::sort(e.candidates.begin(), e.candidates.end());
  return std::unexpected(std::move(e));
}

const std::vector<const Region*>& Regions::Lineage(std::string_view code) const {
  static const std::vector<const Region*> kNone;
  auto it = by_code_.find(code);
  return it == by_code_.end() ? kNone : lineages_[it->second];
}

std::string Regions::FullName(std::string_view code) const {
  std::string name;
  for (const Region* r : Lineage(code)) {
    if (!IsGrouping(*r) || r->code == code) name += r->name;
  }
  return name;
}

bool Regions::Contains(std::string_view ancestor, std::string_view code) const {
  for (const Region* r : Lineage(code)) {
    if (r->code == ancestor) return true;
  }
  return false;
}

std::vector<const Region*> Regions::Children(std::string_view code) const {
  std::vector<const Region*> out;
  for (const Region& r : regions_) {
    if (r.parent != code) continue;
    if (IsGrouping(r)) {
      auto beneath = Children(r.code);
      out.insert(out.end(), beneath.begin(), beneath.end());
    } else {
      out.push_back(&r);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Region* a, const Region* b) { return a->code < b->code; });
  return out;
}

std::string ReadRegion(JsonReader& r, const char* key, bool required, const Regions& regions,
                       std::vector<FieldError>& errors) {
  auto region = r.String(key, required, 60);
  if (!region) return "";
  auto resolved = regions.Resolve(*region, r.Path(key));
  if (resolved) return (*resolved)->code;
  std::string message = resolved.error().message;
  if (!resolved.error().candidates.empty()) {
    message += ": ";
    for (const auto& c : resolved.error().candidates) message += c + "; ";
  }
  errors.push_back({r.Path(key), message});
  return "";
}

}  // namespace jobmatch
