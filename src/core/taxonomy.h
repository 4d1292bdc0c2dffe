// The skill and occupation taxonomy (index/skills.json, index/occupations.json)
// and the query-expansion synonym groups (index/synonyms.json). Loaded once at
// start-up, read-only afterwards: safe to share between threads.
//
// Postings and queries may name a skill or an occupation by id, name or
// synonym; a name the taxonomy does not know is kept as given (callers turn
// that into a warning, never into a rejection).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"

namespace jobmatch {

// National vocational skill levels: 1 = 五级/初级工 … 5 = 一级/高级技师.
inline constexpr int kMinSkillLevel = 1;
inline constexpr int kMaxSkillLevel = 5;

// A kind of certificate (skills.json "certificates"). A hard one is required
// by law before work and earned by training and an examination.
struct CertificateKind {
  std::string id;
  std::string name;
  bool hard = false;
  std::string source;  // the law that requires it
};

struct Skill {
  std::string id;
  std::string name;
  std::vector<std::string> synonyms;
  std::string certificate;  // its CertificateKind id; empty for a skill
};

struct Occupation {
  std::string id;
  std::string name;
  std::vector<std::string> synonyms;
  std::string group;
  std::vector<std::string> essential_skills;  // skill ids
  std::vector<std::string> optional_skills;   // skill ids
};

// What a name given by a client resolved to. `known` is false for names the
// taxonomy does not hold; then id == name == the text as given.
struct TermRef {
  std::string id;
  std::string name;
  bool known = false;
};

class Taxonomy {
 public:
  // Reads skills.json, occupations.json and synonyms.json from `dir`.
  static Result<Taxonomy> Load(const std::string& dir);

  TermRef ResolveSkill(std::string_view id_or_name) const;
  TermRef ResolveOccupation(std::string_view id_or_name) const;

  const Skill* FindSkill(std::string_view id) const;
  const Occupation* FindOccupation(std::string_view id) const;

  // The words a query term stands for besides itself: the other names of the
  // skill or occupation it names, and its synonyms.json group. Empty if none.
  const std::vector<std::string>& Expansions(std::string_view term) const;

  std::string_view LevelName(int level) const;

  // The kind of certificate `skill_id` is, or null for a skill.
  const CertificateKind* CertificateOf(std::string_view skill_id) const;

  const std::vector<Skill>& skills() const { return skills_; }
  const std::vector<Occupation>& occupations() const { return occupations_; }

 private:
  void AddExpansionGroup(const std::vector<std::string>& words);

  std::vector<Skill> skills_;
  std::vector<Occupation> occupations_;
  std::vector<std::string> level_names_;
  std::map<std::string, CertificateKind, std::less<>> certificates_;
  std::unordered_map<std::string, std::size_t> skill_lookup_;       // id, name, synonym
  std::unordered_map<std::string, std::size_t> occupation_lookup_;  // id, name, synonym
  std::unordered_map<std::string, std::vector<std::string>> expansions_;
};

}  // namespace jobmatch
