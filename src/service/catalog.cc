// App operations on the course and startup-aid catalogues.
#include "service/app.h"
#include "service/app_internals.h"

namespace jobmatch {

Result<nlohmann::json> App::PutCourse(std::optional<int64_t> id, const nlohmann::json& body,
                                      std::vector<std::string>& warnings) {
  auto course = ParseCourse(body, taxonomy_, regions_, warnings);
  if (!course) return std::unexpected(course.error());
  auto encode = [&](int64_t row, const std::string& created, const std::string& updated) {
    course->id = row;
    course->created_at = created;
    course->updated_at = updated;
    return EncodeCourse(*course);
  };
  auto doc = id ? courses_->Replace(*id, encode) : courses_->Create(encode);
  if (!doc) return std::unexpected(doc.error());
  if (indexer_) indexer_->Notify();
  return *doc;
}

Result<nlohmann::json> App::PutAidProduct(std::optional<int64_t> id, const nlohmann::json& body) {
  auto aid = ParseAidProduct(body, regions_);
  if (!aid) return std::unexpected(aid.error());
  auto encode = [&](int64_t row, const std::string& created, const std::string& updated) {
    aid->id = row;
    aid->created_at = created;
    aid->updated_at = updated;
    return EncodeAidProduct(*aid);
  };
  auto doc = id ? aid_->Replace(*id, encode) : aid_->Create(encode);
  if (!doc) return std::unexpected(doc.error());
  if (indexer_) indexer_->Notify();
  return *doc;
}

Result<nlohmann::json> App::GetCatalogItem(Catalog catalog, int64_t id) {
  auto doc = (catalog == Catalog::kCourses ? courses_ : aid_)->Get(id);
  if (!doc) return std::unexpected(doc.error());
  if (!*doc) return fail(ErrorKind::kNotFound, "not_found", "no item with that id", "id");
  return **doc;
}

Result<void> App::DeleteCatalogItem(Catalog catalog, int64_t id) {
  auto deleted = (catalog == Catalog::kCourses ? courses_ : aid_)->Delete(id);
  if (!deleted) return std::unexpected(deleted.error());
  if (!*deleted) return fail(ErrorKind::kNotFound, "not_found", "no item with that id", "id");
  if (indexer_) indexer_->Notify();
  return {};
}

Result<SearchResults> App::SearchCourses(CourseQuery q) {
  q.today = Today();
  return searcher_->SearchCourses(q);
}

Result<SearchResults> App::SearchAid(AidQuery q) {
  q.today = Today();
  return searcher_->SearchAid(q);
}

}  // namespace jobmatch
