// An opening as a schema.org JobPosting (core/job_posting.h).
#include <map>

#include "core/job_posting.h"
#include "core/json_reader.h"

namespace jobmatch {

using nlohmann::json;

json WriteJobPosting(const json& view, const Regions& regions) {
  std::vector<std::string> names;  // province, city, county, as they apply
  for (const Region* r : regions.Lineage(view.at("region").get<std::string>())) {
    if (!r->name.empty() && r->name != "市辖区" && r->name != "县") names.push_back(r->name);
  }
  json address = {{"@type", "PostalAddress"}, {"addressCountry", "CN"}};
  if (!names.empty()) address["addressRegion"] = names.front();
  address["addressLocality"] = names.size() > 1 ? names[1] : names.empty() ? "" : names.front();
  std::string street = names.size() > 2 ? names[2] : "";
  street += view.value("address", "");
  if (!street.empty()) address["streetAddress"] = street;
  json place = {{"@type", "Place"}, {"address", std::move(address)}};
  if (const json* loc = Present(view, "location")) {
    place["geo"] = {
        {"@type", "GeoCoordinates"}, {"latitude", loc->at("lat")}, {"longitude", loc->at("lon")}};
  }
  json posting = {
      {"@context", "https://schema.org/"},
      {"@type", "JobPosting"},
      {"title", view.at("title")},
      {"description", view.at("description").get<std::string>().empty() ? view.at("title")
                                                                        : view.at("description")},
      {"identifier",
       {{"@type", "PropertyValue"}, {"name", view.at("board")}, {"value", view.at("external_id")}}},
      {"datePosted", view.at("created_at")},
      {"validThrough", view.at("expires_at").get<std::string>() + "T23:59:59Z"},
      {"hiringOrganization", {{"@type", "Organization"}, {"name", view.at("employer")}}},
      {"jobLocation", std::move(place)},
      {"employmentType", view.value("full_time", true) ? "FULL_TIME" : "PART_TIME"},
      {"totalJobOpenings", view.at("positions")},
      {"occupationalCategory", view.at("occupation_name")},
      {"directApply", false}};
  const json* low = Present(view, "wage_min");
  const json* high = Present(view, "wage_max");
  if (low || high) {
    json value = {{"@type", "QuantitativeValue"}, {"unitText", "MONTH"}};
    if (low) value["minValue"] = *low;
    if (high) value["maxValue"] = *high;
    posting["baseSalary"] = {
        {"@type", "MonetaryAmount"}, {"currency", "CNY"}, {"value", std::move(value)}};
  }
  // schema.org's credential categories start at high school; below it, text.
  static const std::map<std::string, std::string> kCredential = {{"senior", "high school"},
                                                                 {"vocational", "high school"},
                                                                 {"college", "associate degree"},
                                                                 {"bachelor", "bachelor degree"},
                                                                 {"master", "postgraduate degree"}};
  const std::string education = view.value("education", "none");
  if (auto it = kCredential.find(education); it != kCredential.end()) {
    posting["educationRequirements"] = {{"@type", "EducationalOccupationalCredential"},
                                        {"credentialCategory", it->second}};
  } else if (education == "junior") {
    posting["educationRequirements"] = "初中及以上";
  }
  std::string skills;
  for (const auto& s : view.value("skills", json::array())) {
    skills += (skills.empty() ? "" : "、") + s.at("name").get<std::string>();
  }
  if (!skills.empty()) posting["skills"] = skills;
  if (const json* apply = Present(view, "apply")) {
    json contact = {{"@type", "ContactPoint"}};
    if (const json* c = Present(*apply, "contact")) contact["name"] = *c;
    if (const json* t = Present(*apply, "phone")) contact["telephone"] = *t;
    if (const json* u = Present(*apply, "url")) contact["url"] = *u;
    if (const json* n = Present(*apply, "note")) contact["description"] = *n;
    if (contact.size() > 1) posting["applicationContact"] = std::move(contact);
    if (const json* u = Present(*apply, "url")) posting["url"] = *u;
  }
  return posting;
}

}  // namespace jobmatch
