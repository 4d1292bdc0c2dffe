#include "search/document.h"

namespace jobmatch {

std::vector<std::string> EducationTerms(const std::string& prefix, Education minimum) {
  std::vector<std::string> out;
  for (int rank = EducationRank(minimum); rank <= EducationRank(Education::kMaster); ++rank) {
    out.push_back(prefix + std::to_string(rank));
  }
  return out;
}

OpeningDocumentBuilder::OpeningDocumentBuilder(const IndexSchema& schema, const Taxonomy& taxonomy,
                                               const Regions& regions)
    : schema_(schema), taxonomy_(taxonomy), regions_(regions) {
  tg_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

void OpeningDocumentBuilder::IndexText(const std::string& text, const TextField& field) {
  if (text.empty()) return;
  if (field.positions) {
    tg_.index_text(text, field.weight);
  } else {
    tg_.index_text_without_positions(text, field.weight);
  }
  tg_.increase_termpos();  // no phrase across field boundaries
}

Xapian::Document OpeningDocumentBuilder::Build(const Opening& o, const std::string& stored_json) {
  Xapian::Document doc;
  tg_.set_document(doc);
  for (const auto& field : schema_.text) {
    if (field.field == "title") {
      IndexText(o.title, field);
    } else if (field.field == "employer") {
      IndexText(o.employer, field);
    } else if (field.field == "description") {
      IndexText(o.description, field);
    } else if (field.field == "occupation") {
      std::string text = o.occupation.name;
      if (const Occupation* occ = taxonomy_.FindOccupation(o.occupation.id)) {
        for (const auto& s : occ->synonyms) text += " " + s;
      }
      IndexText(text, field);
    } else if (field.field == "skills") {
      std::string text;
      for (const auto& s : o.skills) {
        text += s.skill.name + " ";
        if (const Skill* skill = taxonomy_.FindSkill(s.skill.id)) {
          for (const auto& syn : skill->synonyms) text += syn + " ";
        }
      }
      IndexText(text, field);
    }
  }

  const auto& p = schema_.prefix;
  doc.add_boolean_term(UniqueTerm(o.id));
  std::string lineage;
  for (const Region* r : regions_.Lineage(o.region)) {
    doc.add_boolean_term(p.region + r->code);
    lineage += (lineage.empty() ? "" : std::string(1, kListSeparator)) + r->code;
  }
  doc.add_boolean_term(p.occupation + o.occupation.id);
  std::string skills;
  for (const auto& s : o.skills) {
    doc.add_boolean_term(p.skill + s.skill.id);
    skills += (skills.empty() ? "" : std::string(1, kListSeparator)) + s.skill.id;
  }
  for (const auto& t : EducationTerms(p.education, o.education)) doc.add_boolean_term(t);
  doc.add_boolean_term(p.for_graduates + (o.for_graduates ? "1" : "0"));
  doc.add_boolean_term(p.board + o.board);

  const auto& s = schema_.slot;
  if (o.wage_min) doc.add_value(s.wage_min, Xapian::sortable_serialise(double(*o.wage_min)));
  if (o.wage_max) doc.add_value(s.wage_max, Xapian::sortable_serialise(double(*o.wage_max)));
  doc.add_value(s.updated_at, o.updated_at);
  doc.add_value(s.expires_at, o.expires_at);
  doc.add_value(s.facet_region, lineage);
  doc.add_value(s.facet_occupation, o.occupation.id);
  doc.add_value(s.facet_skill, skills);
  doc.set_data(stored_json);
  return doc;
}

}  // namespace jobmatch
