#include "core/job_posting.h"
#include "core/json_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/contact.h"
#include "core/html_text.h"

namespace jobmatch {

namespace {

using nlohmann::json;

// ---- reading values as boards write them

// Text, a number, a thing with a name or a value, or the first of a list.
std::string Text(const json* v) {
  if (v == nullptr) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
  if (v->is_number()) return v->dump();
  if (v->is_array()) return v->empty() ? "" : Text(&v->front());
  if (const json* n = Present(*v, "name")) return Text(n);
  if (const json* n = Present(*v, "value")) return Text(n);
  if (const json* n = Present(*v, "@value")) return Text(n);
  return "";
}

std::optional<double> Number(const json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  if (!v->is_string()) return std::nullopt;
  const std::string s = v->get<std::string>();
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::vector<const json*> Items(const json* v) {
  std::vector<const json*> out;
  if (v == nullptr) return out;
  if (!v->is_array()) return {v};
  for (const auto& e : *v) out.push_back(&e);
  return out;
}

bool IsJobPosting(const json& type) {
  if (type.is_string()) return type == "JobPosting" || type == "https://schema.org/JobPosting";
  if (type.is_array()) {
    return std::any_of(type.begin(), type.end(), [](const json& t) { return IsJobPosting(t); });
  }
  return false;
}

// ---- places

// A place's name ends at one of these (江苏省, 苏州市, 姑苏区, 沛县, 正蓝旗, 甘孜州, 锡林郭勒盟).
constexpr std::string_view kBoundaries[] = {"省", "市", "区", "县", "旗", "州", "盟"};

// The region of the longest name at the start of `text` that is one; a
// longer name that fits several regions wins as an ambiguity (400).
Result<std::string> PlaceRegion(const std::string& text, const Regions& regions) {
  constexpr char kField[] = "jobLocation.address";
  std::string best;
  std::optional<Error> ambiguous;
  std::size_t best_len = 0, ambiguous_len = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::string_view ch(text.data() + i, std::min(len, text.size() - i));
    i += len;
    if (std::find(std::begin(kBoundaries), std::end(kBoundaries), ch) == std::end(kBoundaries)) {
      continue;
    }
    auto r = regions.Resolve(text.substr(0, i), kField);
    if (r) {
      best = (*r)->code;
      best_len = i;
    } else if (r.error().code == "ambiguous_region") {
      ambiguous = r.error();
      ambiguous_len = i;
    }
  }
  if (ambiguous && ambiguous_len > best_len) return std::unexpected(*ambiguous);
  if (!best.empty()) return best;
  return fail(ErrorKind::kUnprocessable, "unknown_region",
              "jobLocation.address names no known region of China (give addressRegion, "
              "addressLocality and streetAddress, e.g. 江苏省 苏州市 姑苏区人民路100号)",
              kField);
}

// addressRegion as the regions name it: 江苏 → 江苏省, 北京 → 北京市.
std::string ProvinceName(const std::string& given, const Regions& regions) {
  for (const char* suffix : {"", "省", "市", "自治区"}) {
    if (regions.Resolve(given + suffix, "addressRegion")) return given + suffix;
  }
  return given;
}

struct Place {
  std::string region, address;
  std::optional<std::pair<double, double>> geo;
};

Result<Place> ReadPlace(const json& location, const Regions& regions) {
  Place place;
  const json* address = Present(location, "address");
  std::string text;
  if (address != nullptr && address->is_object()) {
    const std::string province = Text(Present(*address, "addressRegion"));
    const std::string locality = Text(Present(*address, "addressLocality"));
    const std::string street = Text(Present(*address, "streetAddress"));
    // A six-digit code in either field is taken as is.
    for (const std::string& code : {locality, province}) {
      if (code.size() == 6 && std::all_of(code.begin(), code.end(), ::isdigit)) {
        auto r = regions.Resolve(code, "jobLocation.address");
        if (!r) return std::unexpected(r.error());
        place.region = (*r)->code;
        break;
      }
    }
    text = street;
    if (!locality.empty() && !text.starts_with(locality)) text = locality + text;
    const std::string named = province.empty() ? "" : ProvinceName(province, regions);
    if (!named.empty() && !text.starts_with(named) && !text.starts_with(province)) {
      text = named + text;
    }
    place.address = street.empty() ? text : street;
  } else if (address != nullptr) {
    text = place.address = Text(address);
  }
  if (place.region.empty()) {
    if (text.empty()) {
      return fail(ErrorKind::kUnprocessable, "validation_failed",
                  "jobLocation.address is required: a PostalAddress (addressRegion, "
                  "addressLocality, streetAddress) or text",
                  "jobLocation.address");
    }
    auto region = PlaceRegion(text, regions);
    if (!region) return std::unexpected(region.error());
    place.region = *region;
  }
  const json* geo = Present(location, "geo");
  if (geo == nullptr && address != nullptr) geo = Present(*address, "geo");
  if (geo != nullptr) {
    auto lat = Number(Present(*geo, "latitude")), lon = Number(Present(*geo, "longitude"));
    if (lat && lon) place.geo = {{*lat, *lon}};
  }
  return place;
}

// ---- the rest

constexpr std::pair<std::string_view, double> kUnits[] = {
    {"HOUR", 8 * 21.75}, {"DAY", 21.75}, {"WEEK", 52.0 / 12}, {"MONTH", 1}, {"YEAR", 1.0 / 12}};

std::optional<std::string> EducationFrom(const std::string& said) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"postgraduate", "master"}, {"master", "master"},      {"硕士", "master"},
      {"研究生", "master"},       {"bachelor", "bachelor"},  {"本科", "bachelor"},
      {"associate", "college"},   {"大专", "college"},       {"专科", "college"},
      {"中专", "vocational"},     {"技校", "vocational"},    {"中技", "vocational"},
      {"职高", "vocational"},     {"high school", "senior"}, {"高中", "senior"},
      {"初中", "junior"},         {"不限", "none"},          {"no requirements", "none"}};
  std::string lower = said;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  for (const auto& [word, education] : kWords) {
    if (lower.find(word) != std::string::npos) return std::string(education);
  }
  return std::nullopt;
}

// The occupation a title names: the longest occupation name or synonym in it.
std::string OccupationInTitle(const std::string& title, const Taxonomy& taxonomy) {
  std::string best;
  for (const Occupation& o : taxonomy.occupations()) {
    for (const std::string* name : {&o.name}) {
      if (name->size() > best.size() && title.find(*name) != std::string::npos) best = *name;
    }
    for (const std::string& name : o.synonyms) {
      if (name.size() > best.size() && title.find(name) != std::string::npos) best = name;
    }
  }
  return best;
}

void ReadSalary(const json& salary, json& o, std::vector<FieldError>& errors,
                std::vector<std::string>& warnings) {
  const json* value = &salary;
  if (salary.is_object()) {
    const std::string currency = Text(Present(salary, "currency"));
    if (currency.empty()) {
      warnings.push_back("baseSalary.currency is missing: read as CNY");
    } else if (currency != "CNY" && currency != "RMB") {
      errors.push_back({"baseSalary.currency",
                        "must be CNY: wages are kept in yuan a month (got " + currency + ")"});
      return;
    }
    value = Present(salary, "value");
  }
  std::optional<double> low, high;
  std::string unit;
  if (value != nullptr && value->is_object()) {
    low = Number(Present(*value, "minValue"));
    high = Number(Present(*value, "maxValue"));
    if (auto v = Number(Present(*value, "value"))) low = high = v;
    unit = Text(Present(*value, "unitText"));
  } else {
    low = high = Number(value);
  }
  if (!low && !high) {
    errors.push_back({"baseSalary.value", "must hold a number: value, or minValue and maxValue"});
    return;
  }
  if (unit.empty()) {
    warnings.push_back("baseSalary.value.unitText is missing: read as MONTH");
    unit = "MONTH";
  }
  std::transform(unit.begin(), unit.end(), unit.begin(), ::toupper);
  const auto factor = MonthlyFactor(unit);
  if (!factor) {
    errors.push_back({"baseSalary.value.unitText", "must be HOUR, DAY, WEEK, MONTH or YEAR"});
    return;
  }
  if (low) o["wage_min"] = std::llround(*low * *factor);
  if (high) o["wage_max"] = std::llround(*high * *factor);
}

void ReadApplication(const json& p, json& o, std::vector<std::string>& warnings) {
  json apply = json::object();
  std::vector<std::string> notes;
  if (const json* c = Present(p, "applicationContact")) {
    const std::string name = Text(Present(*c, "name"));
    const std::string type = Text(Present(*c, "contactType"));
    if (!name.empty() || !type.empty()) apply["contact"] = name.empty() ? type : name;
    const std::string phone = Text(Present(*c, "telephone"));
    if (IsChinesePhone(phone)) {
      apply["phone"] = phone;
    } else if (!phone.empty()) {
      notes.push_back("电话：" + phone);
      warnings.push_back(
          "applicationContact.telephone is not a phone number of China: kept as a note");
    }
    if (const std::string email = Text(Present(*c, "email")); !email.empty()) {
      notes.push_back("邮箱：" + email);
    }
    if (const std::string url = Text(Present(*c, "url")); IsWebUrl(url)) apply["url"] = url;
  }
  if (const std::string url = Text(Present(p, "url")); IsWebUrl(url) && !apply.contains("url")) {
    apply["url"] = url;
  }
  if (const json* direct = Present(p, "directApply"); direct && direct->is_boolean() && *direct) {
    notes.push_back("可在招聘网站直接申请");
  }
  if (!notes.empty()) {
    std::string note;
    for (const auto& n : notes) note += (note.empty() ? "" : "；") + n;
    apply["note"] = note;
  }
  if (!apply.empty()) o["apply"] = std::move(apply);
}

void ReadSkills(const json* skills, json& o) {
  json list = json::array();
  auto add = [&](std::string name) {
    name = TidyText(name);
    if (!name.empty()) list.push_back({{"skill", name}});
  };
  for (const json* s : Items(skills)) {
    if (!s->is_string()) {
      add(Text(s));
      continue;
    }
    // One text listing several: 焊条电弧焊、识图, 叉车; 电工
    std::string text = s->get<std::string>(), name;
    for (std::string_view sep : {"，", "、", "；"}) {
      for (std::size_t at; (at = text.find(sep)) != std::string::npos;)
        text.replace(at, sep.size(), ",");
    }
    for (char c : text) {
      if (c == ',' || c == ';' || c == '\n') {
        add(name);
        name.clear();
      } else {
        name += c;
      }
    }
    add(name);
  }
  if (!list.empty()) o["skills"] = std::move(list);
}

// title, identifier, hiringOrganization, description (and @type).
void ReadIdentity(const json& p, json& o, std::vector<FieldError>& errors,
                  std::vector<std::string>& warnings) {
  if (const json* type = Present(p, "@type"); type != nullptr && !IsJobPosting(*type)) {
    errors.push_back({"@type", "must be JobPosting"});
  }
  const std::string title = HtmlToText(Text(Present(p, "title")));
  if (title.empty()) errors.push_back({"title", "is required"});
  o["title"] = title;

  const json* identifier = Present(p, "identifier");
  if (identifier != nullptr && identifier->is_object() && Present(*identifier, "value")) {
    identifier = Present(*identifier, "value");  // a PropertyValue: its name is the scheme
  }
  std::string id = Text(identifier);
  if (id.empty() && IsWebUrl(Text(Present(p, "url")))) {
    id = Text(Present(p, "url"));
    warnings.push_back("identifier is missing: the posting's url is its external_id");
  }
  if (id.empty()) {
    errors.push_back({"identifier", "is required: the board's own id (PropertyValue or text)"});
  }
  o["external_id"] = id;

  const std::string employer = HtmlToText(Text(Present(p, "hiringOrganization")));
  if (employer.empty()) errors.push_back({"hiringOrganization", "is required: its name"});
  o["employer"] = employer;
  o["description"] = HtmlToText(Text(Present(p, "description")));
}

// employmentType, validThrough, totalJobOpenings, educationRequirements.
void ReadTerms(const json& p, json& o, std::vector<FieldError>& errors,
               std::vector<std::string>& warnings) {
  bool full = false, part = false;
  for (const json* t : Items(Present(p, "employmentType"))) {
    const std::string type = Text(t);
    static const std::set<std::string> kKnown = {"FULL_TIME", "PART_TIME", "CONTRACTOR",
                                                 "TEMPORARY", "INTERN",    "VOLUNTEER",
                                                 "PER_DIEM",  "OTHER"};
    if (!kKnown.contains(type)) warnings.push_back("employmentType " + type + " is not known");
    full = full || type == "FULL_TIME";
    part = part || type == "PART_TIME" || type == "PER_DIEM";
  }
  o["full_time"] = full || !part;

  if (const json* until = Present(p, "validThrough")) {
    const std::string date = Text(until).substr(0, 10);
    if (ParseDate(date)) {
      o["expires_at"] = date;
    } else {
      errors.push_back({"validThrough", "must be an ISO 8601 date or date-time"});
    }
  }
  if (const json* n = Present(p, "totalJobOpenings")) {
    auto v = Number(n);
    if (v && *v >= 1 && std::floor(*v) == *v) {
      o["positions"] = static_cast<int64_t>(*v);
    } else {
      errors.push_back({"totalJobOpenings", "must be a whole number, at least 1"});
    }
  }
  if (const json* e = Present(p, "educationRequirements")) {
    std::string said = Text(Present(*e, "credentialCategory"));
    if (said.empty()) said = Text(e);
    if (auto education = EducationFrom(said)) {
      o["education"] = *education;
    } else {
      warnings.push_back("educationRequirements " + said + " is not known: read as none");
    }
  }
}

}  // namespace

std::optional<double> MonthlyFactor(std::string_view unit_text) {
  for (const auto& [unit, factor] : kUnits) {
    if (unit == unit_text) return factor;
  }
  return std::nullopt;
}

Result<JobPostingRead> ReadJobPosting(const json& p, const Regions& regions,
                                      const Taxonomy& taxonomy) {
  if (!p.is_object()) {
    return fail(ErrorKind::kUnprocessable, "validation_failed",
                "a JobPosting must be a JSON object", "body");
  }
  JobPostingRead out;
  json& o = out.opening = json::object();
  std::vector<std::string>& warnings = out.warnings;
  std::vector<FieldError> errors;
  ReadIdentity(p, o, errors, warnings);
  const auto locations = Items(Present(p, "jobLocation"));
  if (locations.empty()) {
    errors.push_back({"jobLocation", "is required: a Place with a PostalAddress"});
  } else {
    if (locations.size() > 1) warnings.push_back("jobLocation: only the first place is used");
    auto place = ReadPlace(*locations.front(), regions);
    if (!place && place.error().kind == ErrorKind::kBadRequest) {
      return std::unexpected(place.error());  // ambiguous: the candidates to choose from
    }
    if (!place) {
      errors.push_back({place.error().field, place.error().message});
    } else {
      o["region"] = place->region;
      o["address"] = place->address;
      if (place->geo) o["location"] = {{"lat", place->geo->first}, {"lon", place->geo->second}};
    }
  }

  if (const json* salary = Present(p, "baseSalary")) ReadSalary(*salary, o, errors, warnings);

  ReadTerms(p, o, errors, warnings);
  ReadSkills(Present(p, "skills"), o);
  std::string occupation = Text(Present(p, "occupationalCategory"));
  // A code before the name (6-18-02-04 焊工, 47-2111.00 Electricians) is left out.
  occupation.erase(0, occupation.find_first_not_of("0123456789.- "));
  const std::string title = o.value("title", "");
  if (occupation.empty()) occupation = OccupationInTitle(title, taxonomy);
  if (occupation.empty()) {
    occupation = title;
    warnings.push_back("occupationalCategory is missing and the title names no known occupation");
  }
  o["occupation"] = occupation;
  ReadApplication(p, o, warnings);
  if (!errors.empty()) return invalid(std::move(errors));
  return out;
}

std::string JobPostingProperty(std::string_view field) {
  static const std::map<std::string_view, std::string_view> kFrom = {
      {"external_id", "identifier"},
      {"employer", "hiringOrganization.name"},
      {"occupation", "occupationalCategory"},
      {"region", "jobLocation.address"},
      {"address", "jobLocation.address.streetAddress"},
      {"location", "jobLocation.geo"},
      {"wage_min", "baseSalary.value"},
      {"wage_max", "baseSalary.value"},
      {"positions", "totalJobOpenings"},
      {"education", "educationRequirements"},
      {"full_time", "employmentType"},
      {"expires_at", "validThrough"},
      {"apply", "applicationContact"}};
  const std::string_view head = field.substr(0, field.find_first_of(".["));
  auto it = kFrom.find(head);
  return std::string(it == kFrom.end() ? field : it->second);
}

}  // namespace jobmatch
