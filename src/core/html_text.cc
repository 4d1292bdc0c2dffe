// HTML as the text a person reads: what JobPosting descriptions arrive as.
#include "core/html_text.h"

#include <libxml/HTMLparser.h>

#include <mutex>
#include <set>

namespace jobmatch {

namespace {

bool IsSkipped(std::string_view tag) {
  static const std::set<std::string_view> kSkipped = {"script", "style", "noscript", "template",
                                                      "head"};
  return kSkipped.contains(tag);
}

bool IsBlock(std::string_view tag) {
  static const std::set<std::string_view> kBlocks = {
      "p",  "div",     "br",     "li",     "ul",         "ol",  "h1",    "h2",
      "h3", "h4",      "h5",     "h6",     "tr",         "hr",  "dd",    "dt",
      "dl", "section", "header", "footer", "blockquote", "pre", "table", "article"};
  return kBlocks.contains(tag);
}

void Walk(const xmlNode* n, std::string& out) {
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) out += reinterpret_cast<const char*>(n->content);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    const std::string_view tag(reinterpret_cast<const char*>(n->name));
    if (IsSkipped(tag)) continue;
    const bool block = IsBlock(tag);
    if (block) out += '\n';
    Walk(n->children, out);
    if (block) out += '\n';
  }
}

// Whitespace runs (no-break spaces included) become one space; lines are
// trimmed; empty lines go.
}  // namespace

std::string TidyText(const std::string& raw) {
  std::string text;
  std::string line;
  bool space = false;
  auto end_line = [&] {
    if (!line.empty()) text += (text.empty() ? "" : "\n") + line;
    line.clear();
    space = false;
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    const bool nbsp = c == '\xC2' && i + 1 < raw.size() && raw[i + 1] == '\xA0';
    if (c == '\n') {
      end_line();
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || nbsp) {
      space = !line.empty();
      if (nbsp) ++i;
    } else {
      if (space) line += ' ';
      space = false;
      line += c;
    }
  }
  end_line();
  return text;
}

std::string HtmlToText(std::string_view html) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    return TidyText(std::string(html));  // plain text: nothing to parse
  }
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == nullptr) return "";
  std::string raw;
  Walk(xmlDocGetRootElement(doc), raw);
  xmlFreeDoc(doc);
  return TidyText(raw);
}

}  // namespace jobmatch
