#include "core/taxonomy.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace jobmatch {

namespace {

Result<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ErrorKind::kInternal, "taxonomy_missing", "cannot read " + path);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::kInternal, "taxonomy_corrupt", path + ": " + e.what());
  }
}

// Registers every name of entry `index` in `lookup`; a name used twice is an error.
template <typename Entry>
Result<void> Register(std::unordered_map<std::string, std::size_t>& lookup, const Entry& entry,
                      std::size_t index, const std::string& what) {
  std::vector<std::string> names{entry.id, entry.name};
  names.insert(names.end(), entry.synonyms.begin(), entry.synonyms.end());
  for (const auto& n : names) {
    auto [it, inserted] = lookup.emplace(n, index);
    if (!inserted && it->second != index) {
      return fail(ErrorKind::kInternal, "taxonomy_corrupt", what + " name used twice: " + n);
    }
  }
  return {};
}

}  // namespace

Result<Taxonomy> Taxonomy::Load(const std::string& dir) {
  Taxonomy t;
  auto skills = ReadJson(dir + "/skills.json");
  if (!skills) return std::unexpected(skills.error());
  auto occupations = ReadJson(dir + "/occupations.json");
  if (!occupations) return std::unexpected(occupations.error());
  auto synonyms = ReadJson(dir + "/synonyms.json");
  if (!synonyms) return std::unexpected(synonyms.error());
  try {
    for (const auto& l : skills->at("levels")) t.level_names_.push_back(l.at("name"));
    const auto certificates = skills->value("certificates", nlohmann::json::object());
    for (const auto& [id, c] : certificates.items()) {
      if (id.starts_with("_")) continue;
      t.certificates_[id] = {id, c.at("name"), c.at("hard"), c.at("source")};
    }
    for (const auto& s : skills->at("skills")) {
      Skill skill{s.at("id"), s.at("name"), s.value("synonyms", std::vector<std::string>{}),
                  s.value("certificate", "")};
      if (!skill.certificate.empty() && !t.certificates_.contains(skill.certificate)) {
        return fail(ErrorKind::kInternal, "taxonomy_corrupt",
                    "skill " + skill.id + " is an unknown kind of certificate");
      }
      if (auto r = Register(t.skill_lookup_, skill, t.skills_.size(), "skill"); !r) {
        return std::unexpected(r.error());
      }
      t.skills_.push_back(std::move(skill));
    }
    for (const auto& o : occupations->at("occupations")) {
      Occupation occ{o.at("id"),
                     o.at("name"),
                     o.value("synonyms", std::vector<std::string>{}),
                     o.value("group", ""),
                     o.at("skills").value("essential", std::vector<std::string>{}),
                     o.at("skills").value("optional", std::vector<std::string>{})};
      for (const auto* list : {&occ.essential_skills, &occ.optional_skills}) {
        for (const auto& id : *list) {
          if (!t.skill_lookup_.contains(id)) {
            return fail(ErrorKind::kInternal, "taxonomy_corrupt",
                        "occupation " + occ.id + " needs unknown skill " + id);
          }
        }
      }
      if (auto r = Register(t.occupation_lookup_, occ, t.occupations_.size(), "occupation"); !r) {
        return std::unexpected(r.error());
      }
      t.occupations_.push_back(std::move(occ));
    }
    for (const auto& s : t.skills_) {
      std::vector<std::string> words{s.name};
      words.insert(words.end(), s.synonyms.begin(), s.synonyms.end());
      t.AddExpansionGroup(words);
    }
    for (const auto& o : t.occupations_) {
      std::vector<std::string> words{o.name};
      words.insert(words.end(), o.synonyms.begin(), o.synonyms.end());
      t.AddExpansionGroup(words);
    }
    for (const auto& g : synonyms->at("groups")) t.AddExpansionGroup(g);
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorKind::kInternal, "taxonomy_corrupt", dir + ": " + e.what());
  }
  if (t.level_names_.size() != kMaxSkillLevel) {
    return fail(ErrorKind::kInternal, "taxonomy_corrupt", "skills.json must name 5 levels");
  }
  return t;
}

void Taxonomy::AddExpansionGroup(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    auto& out = expansions_[w];
    for (const auto& other : words) {
      if (other != w && std::find(out.begin(), out.end(), other) == out.end()) {
        out.push_back(other);
      }
    }
  }
}

TermRef Taxonomy::ResolveSkill(std::string_view id_or_name) const {
  auto it = skill_lookup_.find(std::string(id_or_name));
  if (it == skill_lookup_.end()) return {std::string(id_or_name), std::string(id_or_name), false};
  const Skill& s = skills_[it->second];
  return {s.id, s.name, true};
}

TermRef Taxonomy::ResolveOccupation(std::string_view id_or_name) const {
  auto it = occupation_lookup_.find(std::string(id_or_name));
  if (it == occupation_lookup_.end()) {
    return {std::string(id_or_name), std::string(id_or_name), false};
  }
  const Occupation& o = occupations_[it->second];
  return {o.id, o.name, true};
}

const Skill* Taxonomy::FindSkill(std::string_view id) const {
  auto it = skill_lookup_.find(std::string(id));
  return it == skill_lookup_.end() || skills_[it->second].id != id ? nullptr : &skills_[it->second];
}

const CertificateKind* Taxonomy::CertificateOf(std::string_view skill_id) const {
  const Skill* s = FindSkill(skill_id);
  if (s == nullptr || s->certificate.empty()) return nullptr;
  return &certificates_.find(s->certificate)->second;
}

const Occupation* Taxonomy::FindOccupation(std::string_view id) const {
  auto it = occupation_lookup_.find(std::string(id));
  return it == occupation_lookup_.end() || occupations_[it->second].id != id
             ? nullptr
             : &occupations_[it->second];
}

const std::vector<std::string>& Taxonomy::Expansions(std::string_view term) const {
  static const std::vector<std::string> kNone;
  auto it = expansions_.find(std::string(term));
  return it == expansions_.end() ? kNone : it->second;
}

std::string_view Taxonomy::LevelName(int level) const {
  if (level < kMinSkillLevel || level > kMaxSkillLevel) return {};
  return level_names_[level - 1];
}

}  // namespace jobmatch
