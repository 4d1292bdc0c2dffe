#include "store/household_store.h"

#include <sqlite3.h>

#include <map>

#include "core/id_number.h"

namespace jobmatch {

namespace {

// The live household, other than ?2, whose live member has ID-number hash ?1.
constexpr char kLiveHolderSql[] =
    "SELECT m.household_id FROM members m JOIN households h ON h.id = m.household_id "
    "WHERE m.id_hash = ? AND m.removed = 0 AND h.id <> ? AND h.status <> 'exited' LIMIT 1";

std::string SearchText(const Household& h) {
  std::string t = h.archive_no + " " + h.address + " " + h.counsellor + " " + h.support_unit;
  for (const auto& c : h.causes) t += " " + c;
  for (const auto& m : h.members) t += " " + m.name;
  return t;
}

// Escapes LIKE wildcards so that a search for "50%" means the characters.
std::string LikePattern(const std::string& s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

Household HouseholdStore::Decode(const std::string& doc) const {
  return DecodeHousehold(nlohmann::json::parse(doc), [this](const std::string& sealed) {
    // A value that does not open (wrong key) stays unreadable rather than leaking.
    return cipher_.Decrypt(sealed).value_or("");
  });
}

namespace {

Result<void> ArchiveNoTaken() {
  return fail(ErrorKind::kConflict, "archive_no_taken", "archive_no is already on file",
              "archive_no");
}

// A new household gets its row (and so its id); an existing one keeps its
// archive number only if no other household holds it.
Result<void> ClaimArchiveNo(SQLite::Database& c, Household& h, bool create,
                            const std::string& now) {
  SQLite::Statement taken(c, "SELECT 1 FROM households WHERE archive_no = ? AND id <> ?");
  taken.bind(1, h.archive_no);
  taken.bind(2, create ? int64_t{0} : h.id);
  if (taken.executeStep()) return ArchiveNoTaken();
  if (!create) return {};
  SQLite::Statement ins(c,
                        "INSERT INTO households (archive_no, region, region_city, "
                        "region_province, status, zero_employment, search_text, doc, created_at, "
                        "updated_at) VALUES (?, '', '', '', 'active', 0, '', '{}', ?, ?)");
  ins.bind(1, h.archive_no);
  ins.bind(2, now);
  ins.bind(3, now);
  ins.exec();
  h.id = c.getLastInsertRowid();
  h.created_at = now;
  return {};
}

// The members' ID-number hashes, in member order. One person, one live
// archive entry: a second plan for the same ID number would count the person
// twice in the batch. Exited households let go.
Result<std::vector<std::string>> HashIdNumbers(SQLite::Database& c, const Household& h,
                                               const DataCipher& cipher) {
  SQLite::Statement holder(c, kLiveHolderSql);
  std::map<std::string, std::size_t> seen;  // hash → first member index
  std::vector<std::string> hashes;
  for (std::size_t i = 0; i < h.members.size(); ++i) {
    const std::string& hash = hashes.emplace_back(cipher.Hash(h.members[i].id_number));
    const std::string field = "members[" + std::to_string(i) + "].id_number";
    const std::string masked = MaskIdNumber(h.members[i].id_number);
    if (auto [it, fresh] = seen.emplace(hash, i); !fresh) {
      return fail(
          ErrorKind::kConflict, "id_number_taken",
          field + " " + masked + " repeats members[" + std::to_string(it->second) + "].id_number",
          field);
    }
    holder.reset();
    holder.bind(1, hash);
    holder.bind(2, h.id);
    if (holder.executeStep()) {
      return fail(ErrorKind::kConflict, "id_number_taken",
                  field + " " + masked + " is already on file in household " +
                      std::to_string(holder.getColumn(0).getInt64()),
                  field);
    }
  }
  return hashes;
}

// Member rows: members given with an id keep it (it must be this household's),
// the others get one, and live members left out are marked removed.
Result<void> SyncMembers(SQLite::Database& c, Household& h,
                         const std::vector<std::string>& hashes) {
  std::map<int64_t, bool> existing;  // id → still present
  SQLite::Statement old(c, "SELECT id FROM members WHERE household_id = ? AND removed = 0");
  old.bind(1, h.id);
  while (old.executeStep()) existing[old.getColumn(0).getInt64()] = false;
  SQLite::Statement add(c, "INSERT INTO members (household_id, id_hash) VALUES (?, ?)");
  SQLite::Statement rehash(c, "UPDATE members SET id_hash = ? WHERE id = ?");
  for (std::size_t i = 0; i < h.members.size(); ++i) {
    Member& m = h.members[i];
    if (m.id == 0) {
      add.reset();
      add.bind(1, h.id);
      add.bind(2, hashes[i]);
      add.exec();
      m.id = c.getLastInsertRowid();
      continue;
    }
    auto it = existing.find(m.id);
    if (it == existing.end() || it->second) {
      std::string field = "members[" + std::to_string(i) + "].id";
      return fail(ErrorKind::kUnprocessable, "validation_failed",
                  field + " is not a member of this household", field);
    }
    it->second = true;
    rehash.reset();
    rehash.bind(1, hashes[i]);
    rehash.bind(2, m.id);
    rehash.exec();
  }
  SQLite::Statement remove(c, "UPDATE members SET removed = 1 WHERE id = ?");
  for (const auto& [id, present] : existing) {
    if (present) continue;
    remove.reset();
    remove.bind(1, id);
    remove.exec();
  }
  return {};
}

}  // namespace

Result<Household> HouseholdStore::Write(Household h, bool create, const WriteStep& also) {
  const std::string now = Timestamp(clock_.Now());
  const std::string today = DateOf(clock_.Now());
  const auto& lineage = regions_.Lineage(h.region);
  const std::string province = lineage.empty() ? "" : lineage.front()->code;
  const std::string city = lineage.size() > 1 ? lineage[1]->code : province;
  return db_.Write<Household>([&](SQLite::Database& c) -> Result<Household> {
    if (auto r = ClaimArchiveNo(c, h, create, now); !r) return std::unexpected(r.error());
    auto hashes = HashIdNumbers(c, h, cipher_);
    if (!hashes) return std::unexpected(hashes.error());
    if (auto r = SyncMembers(c, h, *hashes); !r) return std::unexpected(r.error());
    std::vector<std::string> sealed;
    for (const Member& m : h.members) sealed.push_back(cipher_.Encrypt(m.id_number));
    h.updated_at = now;
    SQLite::Statement up(c,
                         "UPDATE households SET archive_no = ?, region = ?, region_city = ?, "
                         "region_province = ?, status = ?, zero_employment = ?, search_text = ?, "
                         "doc = ?, updated_at = ? WHERE id = ?");
    up.bind(1, h.archive_no);
    up.bind(2, h.region);
    up.bind(3, city);
    up.bind(4, province);
    up.bind(5, h.status);
    up.bind(6, IsZeroEmployment(h, today, age_) ? 1 : 0);
    up.bind(7, SearchText(h));
    up.bind(8, EncodeHousehold(h, sealed).dump());
    up.bind(9, now);
    up.bind(10, h.id);
    up.exec();
    if (auto r = RunStep(c, also); !r) return std::unexpected(r.error());
    return h;
  });
}

Result<Household> HouseholdStore::Create(Household h) {
  return Write(std::move(h), true);
}

Result<Household> HouseholdStore::Replace(int64_t id, Household h, const WriteStep& also) {
  auto current = Get(id);
  if (!current) return std::unexpected(current.error());
  if (!*current) return fail(ErrorKind::kNotFound, "not_found", "no household with that id", "id");
  h.id = id;
  h.created_at = (*current)->created_at;
  h.status = (*current)->status;
  h.exit_reason = (*current)->exit_reason;
  h.exited_at = (*current)->exited_at;
  KeepOutcomeRecords(**current, h);
  return Write(std::move(h), false, also);
}

Result<std::optional<Household>> HouseholdStore::Get(int64_t id) {
  return db_.Read<std::optional<Household>>(
      [&](SQLite::Database& c) -> Result<std::optional<Household>> {
        SQLite::Statement st(c, "SELECT doc FROM households WHERE id = ?");
        st.bind(1, id);
        if (!st.executeStep()) return std::nullopt;
        return Decode(st.getColumn(0).getString());
      });
}

Result<std::optional<Household>> HouseholdStore::GetByMember(int64_t member_id) {
  return db_.Read<std::optional<Household>>(
      [&](SQLite::Database& c) -> Result<std::optional<Household>> {
        SQLite::Statement st(
            c,
            "SELECT h.doc FROM members m JOIN households h ON h.id = m.household_id "
            "WHERE m.id = ? AND m.removed = 0");
        st.bind(1, member_id);
        if (!st.executeStep()) return std::nullopt;
        return Decode(st.getColumn(0).getString());
      });
}

Result<std::optional<Household>> HouseholdStore::GetByArchiveNo(const std::string& archive_no) {
  return db_.Read<std::optional<Household>>(
      [&](SQLite::Database& c) -> Result<std::optional<Household>> {
        SQLite::Statement st(c, "SELECT doc FROM households WHERE archive_no = ?");
        st.bind(1, archive_no);
        if (!st.executeStep()) return std::nullopt;
        return Decode(st.getColumn(0).getString());
      });
}

Result<std::optional<int64_t>> HouseholdStore::HolderOf(const std::string& id_number,
                                                        int64_t except) {
  return db_.Read<std::optional<int64_t>>(
      [&](SQLite::Database& c) -> Result<std::optional<int64_t>> {
        SQLite::Statement st(c, kLiveHolderSql);
        st.bind(1, cipher_.Hash(id_number));
        st.bind(2, except);
        if (!st.executeStep()) return std::nullopt;
        return st.getColumn(0).getInt64();
      });
}

Result<std::pair<int64_t, std::vector<Household>>> HouseholdStore::List(const HouseholdFilter& f) {
  using Page = std::pair<int64_t, std::vector<Household>>;
  return db_.Read<Page>([&](SQLite::Database& c) -> Result<Page> {
    std::string where = " WHERE 1=1";
    std::vector<std::string> binds;
    for (const std::string& region : {f.region, f.scope}) {
      if (region.empty()) continue;
      where += " AND (region = ? OR region_city = ? OR region_province = ?)";
      binds.insert(binds.end(), {region, region, region});
    }
    if (f.zero_employment)
      where += *f.zero_employment ? " AND zero_employment = 1" : " AND zero_employment = 0";
    if (f.dibao)
      where += *f.dibao ? " AND json_extract(doc, '$.dibao') = 1"
                        : " AND json_extract(doc, '$.dibao') = 0";
    if (f.needs_attention) {
      where += *f.needs_attention ? " AND id IN " : " AND id NOT IN ";
      where +=
          "(SELECT p.household_id FROM plans p WHERE p.needs_attention = 1 AND p.batch_id = "
          "(SELECT MAX(q.batch_id) FROM plans q JOIN batches b ON b.id = q.batch_id "
          "WHERE q.household_id = p.household_id AND b.status = 'succeeded'))";
    }
    if (!f.status.empty()) {
      where += " AND status = ?";
      binds.push_back(f.status);
    }
    if (!f.text.empty()) {
      where += " AND search_text LIKE ? ESCAPE '\\'";
      binds.push_back(LikePattern(f.text));
    }
    if (!f.id_number.empty()) {
      where += " AND id IN (SELECT household_id FROM members WHERE id_hash = ? AND removed = 0)";
      binds.push_back(cipher_.Hash(f.id_number));
    }
    SQLite::Statement count(c, "SELECT COUNT(*) FROM households" + where);
    SQLite::Statement page(c,
                           "SELECT doc FROM households" + where + " ORDER BY id LIMIT ? OFFSET ?");
    for (std::size_t i = 0; i < binds.size(); ++i) {
      count.bind(static_cast<int>(i + 1), binds[i]);
      page.bind(static_cast<int>(i + 1), binds[i]);
    }
    page.bind(static_cast<int>(binds.size() + 1), f.limit);
    page.bind(static_cast<int>(binds.size() + 2), f.offset);
    count.executeStep();
    Page out{count.getColumn(0).getInt64(), {}};
    while (page.executeStep()) out.second.push_back(Decode(page.getColumn(0).getString()));
    return out;
  });
}

Result<Household> HouseholdStore::Exit(int64_t id, const std::string& reason) {
  auto current = Get(id);
  if (!current) return std::unexpected(current.error());
  if (!*current) return fail(ErrorKind::kNotFound, "not_found", "no household with that id", "id");
  Household h = std::move(**current);
  h.status = "exited";
  h.exit_reason = reason;
  h.exited_at = Timestamp(clock_.Now());
  return Write(std::move(h), false);
}

}  // namespace jobmatch
