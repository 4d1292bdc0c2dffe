#include "core/contact.h"

#include <regex>

#include "core/json_reader.h"

namespace jobmatch {

namespace {

std::string Without(std::string_view s, std::string_view drop) {
  std::string out;
  for (char c : s) {
    if (drop.find(c) == std::string_view::npos) out += c;
  }
  return out;
}

}  // namespace

bool IsChinesePhone(std::string_view s) {
  static const std::regex mobile(R"(^(\+?86|0086)?1[3-9][0-9]{9}$)");
  static const std::regex landline(
      R"(^(\(0[0-9]{2,3}\)|0[0-9]{2,3}-?)[0-9]{7,8}((-|转|ext\.?)[0-9]{1,6})?$)");
  static const std::regex service(R"(^[48]00-?[0-9]{3}-?[0-9]{4}$)");
  if (s.size() > 40) return false;
  const std::string compact = Without(s, " ");
  return std::regex_match(Without(compact, "-"), mobile) || std::regex_match(compact, landline) ||
         std::regex_match(compact, service);
}

bool IsWebUrl(std::string_view s) {
  static const std::regex url(R"(^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\s]*)?$)",
                              std::regex::icase);
  return s.size() <= 500 && std::regex_match(s.begin(), s.end(), url) &&
         s.find("..") == std::string_view::npos;
}

std::optional<ApplyInfo> ReadApply(JsonReader& r, std::vector<FieldError>& errors) {
  const auto* obj = r.Object("apply", false);
  if (!obj) return std::nullopt;
  JsonReader a(*obj, errors, "apply.");
  ApplyInfo out;
  out.contact = a.String("contact", false, 50).value_or("");
  out.phone = a.String("phone", false, 40).value_or("");
  if (!out.phone.empty() && !IsChinesePhone(out.phone)) {
    a.Error("phone",
            "must be a mobile (138 1234 5678), a landline with its area code (0512-65881234) "
            "or a 400/800 number");
  }
  out.url = a.String("url", false, 500).value_or("");
  if (!out.url.empty() && !IsWebUrl(out.url))
    a.Error("url", "must be an http:// or https:// address");
  out.address = a.String("address", false, 200).value_or("");
  out.note = a.String("note", false, 500, true).value_or("");
  if (out.contact.empty() && out.phone.empty() && out.url.empty() && out.address.empty() &&
      out.note.empty()) {
    return std::nullopt;
  }
  return out;
}

nlohmann::json ApplyJson(const std::optional<ApplyInfo>& a) {
  if (!a) return nullptr;
  return {{"contact", a->contact},
          {"phone", a->phone},
          {"url", a->url},
          {"address", a->address},
          {"note", a->note}};
}

std::optional<ApplyInfo> ApplyFrom(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  return ApplyInfo{j.value("contact", ""), j.value("phone", ""), j.value("url", ""),
                   j.value("address", ""), j.value("note", "")};
}

}  // namespace jobmatch
