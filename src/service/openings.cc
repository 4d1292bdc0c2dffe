// App operations on openings that fill and age, and on those who follow
// them: renewal, expiry, the change feed and a board's own figures.
#include <algorithm>

#include "core/job_posting.h"
#include "core/json_reader.h"
#include "service/app.h"
#include "service/app_internals.h"
#include "store/opening_store.h"

namespace jobmatch {

namespace {

// An error about an opening's fields, told in the JobPosting's terms.
Error InJobPostingTerms(Error e) {
  if (!e.field.empty()) e.field = JobPostingProperty(e.field);
  for (FieldError& f : e.errors) f.field = JobPostingProperty(f.field);
  return e;
}

}  // namespace

Result<std::vector<Result<PostedOpening>>> App::PostJobPostings(
    const std::string& board, const std::vector<nlohmann::json>& postings) {
  std::vector<Result<JobPostingRead>> read;
  std::vector<nlohmann::json> openings;
  for (const nlohmann::json& posting : postings) {
    read.push_back(ReadJobPosting(posting, regions_, taxonomy_));
    if (read.back()) openings.push_back(std::move(read.back()->opening));
  }
  auto posted = PostOpenings(board, openings);
  if (!posted) return std::unexpected(posted.error());
  std::vector<Result<PostedOpening>> out;
  std::size_t k = 0;
  for (auto& r : read) {
    if (!r) {
      out.push_back(std::unexpected(r.error()));
      continue;
    }
    auto& result = (*posted)[k++];
    if (!result) {
      out.push_back(std::unexpected(InJobPostingTerms(result.error())));
      continue;
    }
    result->warnings.insert(result->warnings.begin(), r->warnings.begin(), r->warnings.end());
    out.push_back(std::move(result));
  }
  return out;
}

Result<void> App::NameOtherBoards(std::vector<nlohmann::json>& items) {
  std::vector<int64_t> clusters;
  for (const auto& item : items) {
    if (item.contains("cluster")) clusters.push_back(item["cluster"]);
  }
  auto members = openings_->Clusters(clusters);
  if (!members) return std::unexpected(members.error());
  for (auto& item : items) {
    nlohmann::json also_on = nlohmann::json::array();
    if (item.contains("cluster")) {
      for (const auto& m : (*members)[item["cluster"].get<int64_t>()]) {
        if (m.id == item["id"] || m.board == item["board"]) continue;
        if (std::find(also_on.begin(), also_on.end(), m.board) == also_on.end()) {
          also_on.push_back(m.board);
        }
      }
    }
    item["also_on"] = std::move(also_on);
  }
  return {};
}

Result<nlohmann::json> App::GetJobPosting(int64_t id) {
  auto view = GetOpening(id);
  if (!view) return view;
  return WriteJobPosting(*view, regions_);
}

Result<nlohmann::json> App::RenewOpening(int64_t id, const nlohmann::json& body) {
  const nlohmann::json in = body.is_null() ? nlohmann::json::object() : body;  // no body: {}
  if (auto ok = RequireObject(in); !ok) return std::unexpected(ok.error());
  const std::string today = Today();
  std::vector<FieldError> errors;
  JsonReader r(in, errors);
  std::string expires_at = AddDays(*ParseDate(today), opening_lifetime_days_);
  if (auto asked = r.String("expires_at", false, 10)) {
    if (!ParseDate(*asked)) {
      r.Error("expires_at", "must be a date written YYYY-MM-DD");
    } else if (*asked < today) {
      r.Error("expires_at", "must be today or later");
    } else {
      expires_at = *asked;
    }
  }
  if (!errors.empty()) return invalid(std::move(errors));
  auto doc = openings_->Renew(id, expires_at, today);
  if (!doc) return std::unexpected(doc.error());
  if (!*doc) return fail(ErrorKind::kNotFound, "not_found", "no opening with that id", "id");
  if (indexer_) indexer_->Notify();
  return OpeningView(**doc, today);
}

Result<int64_t> App::ExpireOpenings() {
  auto expired = openings_->ExpireDue(Today());
  if (!expired) return expired;
  if (*expired > 0 && indexer_) indexer_->Notify();
  return expired;
}

Result<nlohmann::json> App::OpeningFeed(int64_t after, int limit) {
  if (auto swept = ExpireOpenings(); !swept) return std::unexpected(swept.error());
  auto page = openings_->Feed(after, limit);
  if (!page) return std::unexpected(page.error());
  const std::string today = Today();
  nlohmann::json items = nlohmann::json::array();
  int64_t last = after;
  for (FeedEntry& e : page->first) {
    items.push_back({{"cursor", std::to_string(e.seq)},
                     {"change", e.opening ? "upsert" : "delete"},
                     {"id", e.id},
                     {"at", e.at},
                     {"opening", e.opening ? OpeningView(*e.opening, today) : nlohmann::json()}});
    last = e.seq;
  }
  return nlohmann::json{{"items", std::move(items)},
                        {"next_cursor", std::to_string(last)},
                        {"has_more", page->second}};
}

Result<nlohmann::json> App::BoardStats(const std::string& board) {
  if (auto swept = ExpireOpenings(); !swept) return std::unexpected(swept.error());
  auto f = openings_->BoardStats(board);
  if (!f) return std::unexpected(f.error());
  return nlohmann::json{{"board", board},
                        {"live", f->live},
                        {"expired", f->expired},
                        {"filled", f->filled},
                        {"recommended", f->recommended},
                        {"interested", f->interested},
                        {"not_suitable", f->not_suitable},
                        {"hires", f->hires}};
}

}  // namespace jobmatch
