#include "search/schema.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/entity.h"

namespace jobmatch {

Result<IndexSchema> IndexSchema::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorKind::kInternal, "schema_missing", "cannot read " + path);
  try {
    auto j = nlohmann::json::parse(in);
    IndexSchema s;
    s.unique_prefix = j.at("unique_prefix");
    for (const auto& t : j.at("text")) {
      s.text.push_back({t.at("field"), t.value("weight", 1), t.value("positions", false),
                        t.value("cjk_unigrams", true)});
    }
    const auto& f = j.at("filters");
    s.prefix = {f.at("region"),        f.at("occupation"), f.at("skill"),      f.at("education"),
                f.at("for_graduates"), f.at("board"),      f.at("type"),       f.at("full_time"),
                f.at("free"),          f.at("mode"),       f.at("aid_region"), f.at("aid_kind"),
                f.at("flagged"),       f.at("duplicate")};
    const auto& v = j.at("values");
    s.slot = {v.at("wage_min"),    v.at("wage_max"),     v.at("updated_at"),
              v.at("expires_at"),  v.at("facet_region"), v.at("facet_occupation"),
              v.at("facet_skill"), v.at("starts_on"),    v.at("opens_on"),
              v.at("closes_on"),   v.at("summary"),      v.at("wage_order")};
    return s;
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::kInternal, "schema_corrupt", path + ": " + e.what());
  }
}

std::string IndexSchema::UniqueTerm(std::string_view entity, int64_t id) const {
  std::string kind = entity == kEntityCourse ? "c" : entity == kEntityAid ? "a" : "";
  return unique_prefix + kind + std::to_string(id);
}

}  // namespace jobmatch
