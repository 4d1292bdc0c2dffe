// The links through which a household reads its current plan without
// signing in, and the answers it gives there. A link is found by the SHA-256
// of its token, which is never stored. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace jobmatch {

struct LinkRow {
  int64_t id = 0;
  int64_t household_id = 0;
  std::string created_at, expires_at, revoked_at, created_by;
};

struct LinkResponse {
  std::string answer, reason, at;
};

class LinkStore {
 public:
  LinkStore(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<LinkRow> Create(int64_t household_id, const std::string& token_hash,
                         const std::string& expires_at, const std::string& actor);
  Result<std::vector<LinkRow>> List(int64_t household_id);
  // False when the household has no such live link.
  Result<bool> Revoke(int64_t household_id, int64_t link_id);
  // The link whose token hashes to `token_hash`, revoked or expired included.
  Result<std::optional<LinkRow>> Find(const std::string& token_hash);
  // Records (or replaces) the answer to a recommendation, with `also` in the
  // same transaction.
  Result<void> Answer(int64_t recommendation_id, int64_t link_id, const LinkResponse& r,
                      const WriteStep& also);
  // The answers to these recommendations.
  Result<std::map<int64_t, LinkResponse>> Answers(const std::vector<int64_t>& recommendation_ids);
  // How many of a member's recommendations were answered `answer`.
  Result<int64_t> CountMemberAnswers(int64_t member_id, const std::string& answer);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace jobmatch
