// Turns a stored opening into a Xapian document following the IndexSchema:
// CJK n-gram text, boolean filter terms, value slots, and the stored JSON as
// the document data (so search results need no trip to SQLite). Holds a
// TermGenerator: one OpeningDocumentBuilder per thread.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "core/opening.h"
#include "core/regions.h"
#include "core/taxonomy.h"
#include "search/schema.h"

namespace jobmatch {

// Multi-valued slots (region lineage, skills) hold their values joined by this.
inline constexpr char kListSeparator = '\n';

class OpeningDocumentBuilder {
 public:
  OpeningDocumentBuilder(const IndexSchema& schema, const Taxonomy& taxonomy,
                         const Regions& regions);

  Xapian::Document Build(const Opening& o, const std::string& stored_json);

  std::string UniqueTerm(int64_t id) const { return schema_.unique_prefix + std::to_string(id); }

 private:
  void IndexText(const std::string& text, const TextField& field);

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
