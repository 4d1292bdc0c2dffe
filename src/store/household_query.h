// How the household archive is listed (a filter and a page) and what an
// audit entry holds: plain values, free of SQLite.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jobmatch {

struct HouseholdFilter {
  std::string region;  // a code; province or city covers everything beneath
  std::string scope;   // the caller's region scope, likewise; '' national
  std::optional<bool> zero_employment;
  std::optional<bool> dibao;
  std::optional<bool> needs_attention;  // by the household's latest successful plan
  std::string status;
  std::string text;       // matched against archive no, address, names, causes
  std::string id_number;  // exact, through the keyed hash
  int limit = 20;
  int offset = 0;
};

struct AuditEntry {
  std::string at;
  std::string actor;
  std::string action;
  std::optional<int64_t> household_id;
  std::vector<std::string> fields;  // names only, never values
  std::optional<int64_t> user_id;   // the user acted on (accounts, sessions)
  std::string client;               // the client's address (sign-ins)
};

}  // namespace jobmatch
