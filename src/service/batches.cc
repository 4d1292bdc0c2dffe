// App operations of the employment and entrepreneurship batch: runs, plans,
// outcomes and the supervision statistics.
#include <algorithm>
#include <array>
#include <map>
#include <sstream>

#include "batch/outcomes.h"
#include "core/id_number.h"
#include "core/json_reader.h"
#include "service/app.h"
#include "service/app_internals.h"

namespace jobmatch {

namespace {

Result<BatchRunner*> Runner(const std::unique_ptr<BatchRunner>& runner) {
  if (!runner) {
    return fail(ErrorKind::kUnavailable, "data_key_missing",
                "the batch needs the household archive: start the server with a data key");
  }
  return runner.get();
}

nlohmann::json BatchJson(const BatchRow& b, std::optional<BatchProgress> live) {
  const BatchProgress p = live.value_or(BatchProgress{b.done, b.total});
  nlohmann::json timings = b.summary.is_object()
                               ? b.summary.value("timings_ms", nlohmann::json::object())
                               : nlohmann::json::object();
  return {
      {"id", b.id},
      {"status", b.status},
      {"region", b.region.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.region)},
      {"as_of", b.as_of},
      {"requested_by", b.requested_by},
      {"created_at", b.created_at},
      {"started_at", b.started_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.started_at)},
      {"finished_at",
       b.finished_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.finished_at)},
      {"progress", {{"done", p.done}, {"total", p.total}}},
      {"timings",
       {{"created_at", b.created_at},
        {"started_at",
         b.started_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.started_at)},
        {"finished_at",
         b.finished_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.finished_at)},
        {"phases_ms", timings}}},
      {"summary", b.summary},
      {"error", b.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.error)}};
}

}  // namespace

Result<int64_t> App::StartBatch(const nlohmann::json& body, const Principal& p) {
  auto runner = Runner(runner_);
  if (!runner) return std::unexpected(runner.error());
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  BatchOptions options;
  options.region = ReadRegion(r, "region", false, regions_, errors);
  if (!r.Has("region") && p.role != Role::kAdmin) options.region = p.region;  // its own
  if (errors.empty() && !InScope(p, regions_, options.region)) {
    return fail(ErrorKind::kForbidden, "out_of_scope",
                "region " + options.region + " lies outside the region this account serves",
                "region");
  }
  options.as_of = Today();
  if (auto as_of = r.String("as_of", false, 10)) {
    if (ParseDate(*as_of)) {
      options.as_of = *as_of;
    } else {
      r.Error("as_of", "must be a date written YYYY-MM-DD");
    }
  }
  options.k = static_cast<int>(r.Integer("k", false, 1, 100).value_or(3));
  if (!errors.empty()) return invalid(std::move(errors));
  return (*runner)->Submit(options, p.actor);
}

Result<int64_t> App::RunBatch(const BatchOptions& options,
                              const std::function<void(const BatchProgress&)>& on_progress) {
  auto runner = Runner(runner_);
  if (!runner) return std::unexpected(runner.error());
  return (*runner)->RunNow(options, "cli", on_progress);
}

Result<nlohmann::json> App::GetBatch(int64_t id) {
  auto b = batches_->Get(id);
  if (!b) return std::unexpected(b.error());
  if (!*b) return fail(ErrorKind::kNotFound, "not_found", "no batch with that id", "id");
  return BatchJson(**b, runner_ ? runner_->Progress(id) : std::nullopt);
}

Result<nlohmann::json> App::ListBatches(int limit, int offset) {
  auto page = batches_->List(limit, offset);
  if (!page) return std::unexpected(page.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& b : page->second)
    items.push_back(BatchJson(b, runner_ ? runner_->Progress(b.id) : std::nullopt));
  return nlohmann::json{{"total", page->first}, {"items", std::move(items)}};
}

Result<int64_t> App::Declines(int64_t member_id) {
  // 不合适 through the household's link counts like a decline.
  auto declined = batches_->CountMemberOutcomes(member_id, "declined");
  if (!declined) return declined;
  auto not_suitable = links_->CountMemberAnswers(member_id, "not_suitable");
  if (!not_suitable) return not_suitable;
  return *declined + *not_suitable;
}

Result<nlohmann::json> App::GetPlan(int64_t household_id, const Principal& p) {
  if (auto h = VisibleHousehold(household_id, p); !h) return std::unexpected(h.error());
  auto plan = batches_->LatestPlan(household_id);
  if (!plan) return std::unexpected(plan.error());
  if (!*plan) {
    return fail(ErrorKind::kNotFound, "no_plan",
                "no successful batch has planned for this household yet", "id");
  }
  nlohmann::json doc = std::move(**plan);
  auto recs = batches_->Recommendations(doc.at("batch_id"), household_id);
  if (!recs) return std::unexpected(recs.error());
  std::vector<int64_t> rec_ids;
  for (const auto& [id, row] : *recs) rec_ids.push_back(id);
  auto answers = links_->Answers(rec_ids);  // what the household said through its link
  if (!answers) return std::unexpected(answers.error());
  auto pending = PendingFollowUps(household_id, p);
  if (!pending) return std::unexpected(pending.error());
  // Overlay what has happened since the run: statuses, follow-ups, declines.
  for (auto& m : doc["members"]) {
    nlohmann::json follow_ups = nlohmann::json::array();
    for (const auto& f : *pending) {
      if (f.at("member_id") != m.at("member_id")) continue;
      follow_ups.push_back({{"recommendation_id", f.at("recommendation_id")},
                            {"kind", f.at("kind")},
                            {"title", f.at("title")},
                            {"follow_up", f.at("follow_up")},
                            {"due_on", f.at("due_on")},
                            {"due", f.at("due")}});
    }
    for (const char* list : {"jobs", "courses", "aid"}) {
      for (auto& item : m[list]) {
        const auto it = recs->find(item.at("recommendation_id").get<int64_t>());
        const std::string status = it == recs->end() ? "" : it->second.status;
        item["status"] = status.empty() ? nlohmann::json(nullptr) : nlohmann::json(status);
        const auto said = answers->find(item.at("recommendation_id").get<int64_t>());
        item["household_answer"] =
            said == answers->end()
                ? nlohmann::json()
                : nlohmann::json{
                      {"answer", said->second.answer},
                      {"reason", said->second.reason.empty() ? nlohmann::json()
                                                             : nlohmann::json(said->second.reason)},
                      {"at", said->second.at}};
      }
    }
    auto declines = Declines(m.at("member_id"));
    if (!declines) return std::unexpected(declines.error());
    m["follow_ups"] = std::move(follow_ups);
    m["declines"] = *declines;
    m["review"] = *declines >= kDeclinesForReview;  // a counsellor looks before more offers
  }
  return doc;
}

Result<nlohmann::json> App::RecordOutcome(int64_t recommendation_id, const nlohmann::json& body,
                                          const Principal& p) {
  auto store = Households();
  if (!store) return std::unexpected(store.error());
  if (auto ok = RequireObject(body); !ok) return std::unexpected(ok.error());
  std::vector<FieldError> errors;
  JsonReader r(body, errors);
  auto status = r.OneOf("status", true, kOutcomes);
  const std::string note = r.String("note", false, 2000, true).value_or("");
  const auto amount = r.Integer("amount", false, 0, 100'000'000);
  if (!errors.empty()) return invalid(std::move(errors));
  auto rec = batches_->GetRecommendation(recommendation_id);
  if (!rec) return std::unexpected(rec.error());
  if (!*rec) return fail(ErrorKind::kNotFound, "not_found", "no recommendation with that id", "id");
  const RecommendationRow& row = **rec;
  auto h = VisibleHousehold(row.household_id, p);
  if (!h && h.error().kind != ErrorKind::kNotFound) return std::unexpected(h.error());
  if (!h) return fail(ErrorKind::kNotFound, "not_found", "no recommendation with that id", "id");
  const std::string& s = *status;
  if (auto ok = CheckOutcome(s, row.kind, row.status); !ok) return std::unexpected(ok.error());
  // What the outcome changes about the member commits with it: a hire or a
  // business ends zero employment, a course its skills, aid its records.
  Household household = std::move(*h);
  auto changed = MoveMemberAlong(household, row, s, amount);
  if (!changed) return std::unexpected(changed.error());
  // A hire fills a position of its opening (once), a member who left frees it.
  const bool was_hired = row.status == "hired" || row.status.starts_with("retained_");
  const int fill = row.kind != "opening"        ? 0
                   : s == "hired" && !was_hired ? 1
                   : s == "left" && was_hired   ? -1
                                                : 0;
  WriteStep step = [outcome = batches_->OutcomeStep(recommendation_id, s, note, p.actor),
                    positions = fill ? openings_->FillStep(row.item_id, fill, Today())
                                     : WriteStep()](SQLite::Database& c) -> Result<void> {
    if (auto ok = outcome(c); !ok) return ok;
    return RunStep(c, positions);
  };
  if (!changed->empty()) {
    const int64_t id = household.id;
    auto written = (*store)->Replace(id, std::move(household), step);
    if (!written) return std::unexpected(written.error());
    household = std::move(*written);
    auto logged = audit_->Append({Timestamp(clock_.Now()), p.actor, "outcome_applied", id,
                                  std::move(*changed), std::nullopt, ""});
    if (!logged) return std::unexpected(logged.error());
  } else if (auto w = db_->Write<void>(step); !w) {
    return std::unexpected(w.error());
  }
  if (fill && indexer_) indexer_->Notify();  // filled: out of search and matches
  auto declines = Declines(row.member_id);
  if (!declines) return std::unexpected(declines.error());
  return nlohmann::json{
      {"recommendation_id", recommendation_id},
      {"status", s},
      {"note", note},
      {"member_id", row.member_id},
      {"household_id", row.household_id},
      {"zero_employment", IsZeroEmployment(household, Today(), law_.working_age())},
      {"declines", *declines},
      {"review", *declines >= kDeclinesForReview}};
}

Result<std::vector<std::string>> App::MoveMemberAlong(Household& household,
                                                      const RecommendationRow& row,
                                                      const std::string& status,
                                                      std::optional<int64_t> amount) {
  auto member = std::find_if(household.members.begin(), household.members.end(),
                             [&](const Member& m) { return m.id == row.member_id; });
  if (member == household.members.end()) return std::vector<std::string>{};
  std::vector<std::string> changed;  // field names, for the audit
  if (auto employment = EmploymentAfter(status)) {
    member->employment = *employment;
    changed.push_back("employment");
  }
  const bool course = row.kind == "course";
  if ((course || row.kind == "aid") && (status == "completed" || status == "granted")) {
    auto doc = (course ? courses_ : aid_)->Get(row.item_id);
    if (!doc) return std::unexpected(doc.error());
    if (!*doc) return changed;  // the item is gone: only the outcome is recorded
    const std::string today = Today();
    if (course && status == "completed") {
      LearnFromCourse(*member, DecodeCourse(**doc), today);
      changed.push_back("skills");
    } else if (!course) {
      const AidProduct aid = DecodeAidProduct(**doc);
      if (status == "completed" && aid.kind == AidKind::kStartupTraining) {
        member->startup_training_completed_on = today;
        changed.push_back("startup_training_completed_on");
      } else if (status == "granted") {
        member->aid_granted.push_back({aid.id, amount.value_or(aid.max_amount), today});
        changed.push_back("aid_granted");
      }
    }
  }
  return changed;
}

Result<nlohmann::json> App::Stats(const std::string& asked, const Principal& p) {
  if (auto store = Households(); !store) return std::unexpected(store.error());
  const std::string region = asked.empty() && p.role != Role::kAdmin ? p.region : asked;
  if (!InScope(p, regions_, region)) {
    return fail(ErrorKind::kForbidden, "out_of_scope",
                "region " + region + " lies outside the region this account serves", "region");
  }
  auto f = batches_->Stats(region);
  if (!f) return std::unexpected(f.error());
  return nlohmann::json{
      {"region", region.empty() ? nlohmann::json(nullptr) : nlohmann::json(region)},
      {"batch_id", f->batch_id ? nlohmann::json(*f->batch_id) : nlohmann::json(nullptr)},
      {"households", f->households},
      {"zero_employment_households", f->zero_employment_households},
      {"zero_employment_resolved", f->zero_employment_resolved},
      {"dibao_households", f->dibao_households},
      {"members_placed", f->members_placed},
      {"startups", f->startups},
      {"members_retained_6m", f->members_retained_6m},
      {"graduates_placed", f->graduates_placed},
      {"courses_enrolled", f->courses_enrolled},
      {"courses_completed", f->courses_completed},
      {"aid_granted", f->aid_granted},
      {"interested", f->interested},
      {"not_suitable", f->not_suitable},
      {"needs_attention", f->needs_attention}};
}

Result<nlohmann::json> App::Timeline(int64_t member_id, const Principal& p) {
  auto h = MemberHousehold(member_id, p);
  if (!h) return std::unexpected(h.error());
  auto events = batches_->MemberEvents(member_id);
  if (!events) return std::unexpected(events.error());
  auto member = std::find_if(h->members.begin(), h->members.end(),
                             [&](const Member& m) { return m.id == member_id; });
  if (member == h->members.end()) return fail(ErrorKind::kNotFound, "not_found", "no member", "id");
  // What outcomes recorded on the member, each told once: right after the
  // outcome that recorded it, else (no such outcome) by its date.
  std::vector<nlohmann::json> gained;
  for (const MemberSkill& s : member->skills) {
    if (!s.source) continue;
    gained.push_back({{"at", s.source->completed_on},
                      {"kind", "skill_gained"},
                      {"skill", s.skill.id},
                      {"name", s.skill.name},
                      {"level", s.level},
                      {"certified", s.certified},
                      {"course_id", s.source->course_id}});
  }
  for (const AidGrant& g : member->aid_granted) {
    gained.push_back({{"at", g.granted_on},
                      {"kind", "aid_granted"},
                      {"aid_product_id", g.aid_product_id},
                      {"amount", g.amount}});
  }
  std::vector<bool> told(gained.size());
  nlohmann::json items = nlohmann::json::array();
  for (const MemberEvent& e : *events) {
    nlohmann::json item = {{"at", e.at},
                           {"kind", e.kind == "answer" ? "household_answer" : e.kind},
                           {"recommendation_id", e.recommendation_id},
                           {"item_kind", e.item_kind},
                           {"item_id", e.item_id},
                           {"title", e.title}};
    if (e.kind == "recommended") item["track"] = e.track;
    if (e.kind == "outcome") item.update({{"status", e.status}, {"note", e.note}});
    if (e.kind == "answer") {
      item.update({{"answer", e.status},
                   {"reason", e.note.empty() ? nlohmann::json() : nlohmann::json(e.note)}});
    }
    items.push_back(std::move(item));
    if (e.kind != "outcome") continue;
    if (auto employment = EmploymentAfter(e.status)) {
      items.push_back({{"at", e.at},
                       {"kind", "employment_changed"},
                       {"recommendation_id", e.recommendation_id},
                       {"employment", EmploymentName(*employment)}});
    }
    const char* id_field = e.status == "completed" && e.item_kind == "course" ? "course_id"
                           : e.status == "granted"                            ? "aid_product_id"
                                                                              : nullptr;
    for (std::size_t i = 0; id_field && i < gained.size(); ++i) {
      if (told[i] || !gained[i].contains(id_field) || gained[i][id_field] != e.item_id ||
          gained[i]["at"] != e.at.substr(0, 10))
        continue;
      told[i] = true;
      gained[i]["at"] = e.at;
      items.push_back(gained[i]);
    }
  }
  for (std::size_t i = 0; i < gained.size(); ++i) {
    if (!told[i]) items.push_back(gained[i]);
  }
  // Stable: what an outcome brought follows it.
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.at("at").template get<std::string>() < b.at("at").template get<std::string>();
  });
  return nlohmann::json{{"member_id", member_id}, {"items", std::move(items)}};
}

}  // namespace jobmatch
