#include "search/document.h"

#include <algorithm>

#include "core/entity.h"
#include "search/cjk.h"

namespace jobmatch {

namespace {

std::string Padded(int64_t n, int width) {
  std::string digits = std::to_string(std::max<int64_t>(n, 0));
  return std::string(std::max<int>(width - static_cast<int>(digits.size()), 0), '0') + digits;
}

// A sort key no two documents share: the time of the last change, then the
// id. Ties broken by Xapian's docids would order one index and several shards
// differently (a combined database interleaves the shards' docids).
std::string OrderKey(const std::string& updated_at, int64_t id) {
  return updated_at + Padded(id, 12);
}

}  // namespace

std::vector<std::string> EducationTerms(const std::string& prefix, Education minimum) {
  std::vector<std::string> out;
  for (int rank = EducationRank(minimum); rank <= EducationRank(Education::kMaster); ++rank) {
    out.push_back(prefix + std::to_string(rank));
  }
  return out;
}

DocumentBuilder::DocumentBuilder(const IndexSchema& schema, const Taxonomy& taxonomy,
                                 const Regions& regions)
    : schema_(schema), taxonomy_(taxonomy), regions_(regions) {
  tg_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

const TextField* DocumentBuilder::Field(std::string_view name) const {
  for (const auto& f : schema_.text) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

void DocumentBuilder::IndexText(Xapian::Document& doc, const std::string& text,
                                const TextField* field) {
  if (text.empty()) return;
  static const TextField kDefault;
  const TextField& f = field ? *field : kDefault;
  const int weight = f.weight;
  if (f.positions) {
    tg_.index_text(text, weight);  // phrases need every character
  } else if (f.cjk_unigrams) {
    tg_.index_text_without_positions(text, weight);
  } else {
    for (const TextRun& run : SplitIdeographs(text)) {
      if (!run.ideographs) {
        tg_.index_text_without_positions(std::string(run.text), weight);
        continue;
      }
      for (const auto& term : IdeographBigrams(run.text)) doc.add_term(term, weight);
    }
  }
  tg_.increase_termpos();  // no phrase across field boundaries
}

std::string DocumentBuilder::SkillText(const std::vector<SkillRequirement>& skills) const {
  std::string text;
  for (const auto& s : skills) {
    text += s.skill.name + " ";
    if (const Skill* skill = taxonomy_.FindSkill(s.skill.id)) {
      for (const auto& syn : skill->synonyms) text += syn + " ";
    }
  }
  return text;
}

std::string DocumentBuilder::AddRegionTerms(Xapian::Document& doc, const std::string& region) {
  std::string lineage;
  for (const Region* r : regions_.Lineage(region)) {
    doc.add_boolean_term(schema_.prefix.region + r->code);
    lineage += (lineage.empty() ? "" : std::string(1, kListSeparator)) + r->code;
  }
  return lineage;
}

Xapian::Document DocumentBuilder::BuildOpening(const Opening& o, const nlohmann::json& stored) {
  Xapian::Document doc;
  tg_.set_document(doc);
  for (const auto& field : schema_.text) {
    std::string text;
    if (field.field == "title") {
      text = o.title;
    } else if (field.field == "employer") {
      text = o.employer;
    } else if (field.field == "description") {
      text = o.description;
    } else if (field.field == "occupation") {
      text = o.occupation.name;
      if (const Occupation* occ = taxonomy_.FindOccupation(o.occupation.id)) {
        for (const auto& s : occ->synonyms) text += " " + s;
      }
    } else if (field.field == "skills") {
      text = SkillText(o.skills);
    }
    IndexText(doc, text, &field);
  }

  const auto& p = schema_.prefix;
  doc.add_boolean_term(schema_.UniqueTerm(kEntityOpening, o.id));
  doc.add_boolean_term(p.type + kTypeOpening);
  const std::string lineage = AddRegionTerms(doc, o.region);
  doc.add_boolean_term(p.occupation + o.occupation.id);
  std::string skills;
  for (const auto& s : o.skills) {
    doc.add_boolean_term(p.skill + s.skill.id);
    skills += (skills.empty() ? "" : std::string(1, kListSeparator)) + s.skill.id;
  }
  for (const auto& t : EducationTerms(p.education, o.education)) doc.add_boolean_term(t);
  doc.add_boolean_term(p.for_graduates + (o.for_graduates ? "1" : "0"));
  doc.add_boolean_term(p.full_time + (o.full_time ? "1" : "0"));
  const bool flagged = std::any_of(o.compliance_flags.begin(), o.compliance_flags.end(),
                                   [](const nlohmann::json& f) { return !f.contains("cleared"); });
  doc.add_boolean_term(p.flagged + (flagged ? "1" : "0"));
  doc.add_boolean_term(p.board + o.board);
  // The same job on several boards: search and matching see the cluster's
  // first opening only.
  if (auto cluster = stored.find("cluster"); cluster != stored.end() && *cluster != o.id) {
    doc.add_boolean_term(p.duplicate + "1");
  }

  const auto& s = schema_.slot;
  if (o.wage_min) doc.add_value(s.wage_min, Xapian::sortable_serialise(double(*o.wage_min)));
  if (o.wage_max) {
    doc.add_value(s.wage_max, Xapian::sortable_serialise(double(*o.wage_max)));
    doc.add_value(s.wage_order, Padded(*o.wage_max, 7) + OrderKey(o.updated_at, o.id));
  }
  doc.add_value(s.updated_at, OrderKey(o.updated_at, o.id));
  doc.add_value(s.expires_at, o.expires_at);
  doc.add_value(s.facet_region, lineage);
  doc.add_value(s.facet_occupation, o.occupation.id);
  doc.add_value(s.facet_skill, skills);
  // What matching and the batch's plans read, a fraction of the stored bytes
  // (not the description).
  nlohmann::json summary = nlohmann::json::object();
  for (const char* key : {"id", "title", "region", "occupation", "occupation_name", "skills",
                          "location", "wage_min", "wage_max", "for_graduates", "positions",
                          "full_time", "employer", "apply", "compliance_flags"}) {
    if (auto it = stored.find(key); it != stored.end()) summary[key] = *it;
  }
  doc.add_value(s.summary, summary.dump());
  doc.set_data(stored.dump());
  return doc;
}

Xapian::Document DocumentBuilder::BuildCourse(const Course& c, const nlohmann::json& stored) {
  Xapian::Document doc;
  tg_.set_document(doc);
  IndexText(doc, c.title, Field("title"));
  IndexText(doc, SkillText(c.skills_taught), Field("skills"));
  IndexText(doc, c.provider, Field("employer"));
  IndexText(doc, c.description, Field("description"));

  const auto& p = schema_.prefix;
  doc.add_boolean_term(schema_.UniqueTerm(kEntityCourse, c.id));
  doc.add_boolean_term(p.type + kTypeCourse);
  const std::string lineage = AddRegionTerms(doc, c.region);
  std::string skill_list;
  for (const auto& s : c.skills_taught) {
    doc.add_boolean_term(p.skill + s.skill.id);
    skill_list += (skill_list.empty() ? "" : std::string(1, kListSeparator)) + s.skill.id;
  }
  doc.add_boolean_term(p.free + (c.fee == 0 ? "1" : "0"));
  doc.add_boolean_term(p.mode + (c.online ? "online" : "offline"));
  const auto& s = schema_.slot;
  doc.add_value(s.starts_on, c.starts_on);
  doc.add_value(s.expires_at, c.ends_on);
  doc.add_value(s.updated_at, OrderKey(c.updated_at, c.id));
  doc.add_value(s.facet_region, lineage);
  doc.add_value(s.facet_skill, skill_list);
  doc.set_data(stored.dump());
  return doc;
}

Xapian::Document DocumentBuilder::BuildAid(const AidProduct& a, const nlohmann::json& stored) {
  Xapian::Document doc;
  tg_.set_document(doc);
  IndexText(doc, a.title, Field("title"));
  IndexText(doc, a.provider, Field("employer"));
  IndexText(doc, a.description, Field("description"));
  const auto& p = schema_.prefix;
  doc.add_boolean_term(schema_.UniqueTerm(kEntityAid, a.id));
  doc.add_boolean_term(p.type + kTypeAid);
  // An aid product covers everything beneath its region: XA holds the region
  // itself, and a query ORs the lineage of the place asked about.
  doc.add_boolean_term(p.aid_region + a.region);
  doc.add_boolean_term(p.aid_kind + std::string(AidKindName(a.kind)));
  const auto& s = schema_.slot;
  doc.add_value(s.opens_on, a.opens_on);
  doc.add_value(s.closes_on, a.closes_on);
  doc.add_value(s.expires_at, a.closes_on);
  doc.add_value(s.updated_at, OrderKey(a.updated_at, a.id));
  doc.set_data(stored.dump());
  return doc;
}

}  // namespace jobmatch
