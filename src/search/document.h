// Turns stored rows into Xapian documents following the IndexSchema: CJK
// n-gram text, boolean filter terms, value slots, and the stored JSON as the
// document data (so search results need no trip to SQLite). Openings, courses
// and aid products share one database, told apart by a type term. Holds a
// TermGenerator: one DocumentBuilder per thread.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/opening.h"
#include "core/regions.h"
#include "core/taxonomy.h"
#include "search/schema.h"

namespace jobmatch {

// Multi-valued slots (region lineage, skills) hold their values joined by this.
inline constexpr char kListSeparator = '\n';

// Document types (the values of the type filter term).
inline constexpr char kTypeOpening[] = "opening";
inline constexpr char kTypeCourse[] = "course";
inline constexpr char kTypeAid[] = "aid";

class DocumentBuilder {
 public:
  DocumentBuilder(const IndexSchema& schema, const Taxonomy& taxonomy, const Regions& regions);

  Xapian::Document BuildOpening(const Opening& o, const nlohmann::json& stored);
  Xapian::Document BuildCourse(const Course& c, const nlohmann::json& stored);
  Xapian::Document BuildAid(const AidProduct& a, const nlohmann::json& stored);

  const IndexSchema& schema() const { return schema_; }

 private:
  // Indexes `text` as `field` says; a null field (not in the schema) means
  // weight 1, no positions, every character.
  void IndexText(Xapian::Document& doc, const std::string& text, const TextField* field);
  const TextField* Field(std::string_view name) const;
  std::string SkillText(const std::vector<SkillRequirement>& skills) const;
  // Region terms for the region and all its ancestors; returns the lineage list.
  std::string AddRegionTerms(Xapian::Document& doc, const std::string& region);

  const IndexSchema& schema_;
  const Taxonomy& taxonomy_;
  const Regions& regions_;
  Xapian::TermGenerator tg_;
};

// The boolean terms written for an opening's minimum education: one per level
// at or above it, so that a filter "education=senior" (what a job seeker
// holds) matches every opening that asks for senior or less.
std::vector<std::string> EducationTerms(const std::string& prefix, Education minimum);

}  // namespace jobmatch
