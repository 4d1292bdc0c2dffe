#include "http/assets.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/secrets.h"

namespace jobmatch {

std::optional<WebAssets::Found> WebAssets::Get(std::string_view path) const {
  for (const Asset& a : EmbeddedAssets()) {
    if (a.path != path) continue;
    if (dir_.empty() || a.source.find("/web/") == std::string_view::npos) {
      return Found{std::string(a.content_type), std::string(a.etag), std::string(a.body)};
    }
    // Working on the console: web/'s files as they are now.
    const auto file = std::filesystem::path(dir_) / std::filesystem::path(a.source).filename();
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string body((std::istreambuf_iterator<char>(in)), {});
    return Found{std::string(a.content_type), "\"" + Sha256Hex(body).substr(0, 20) + "\"",
                 std::move(body)};
  }
  return std::nullopt;
}

std::vector<std::string> WebAssets::Paths() const {
  std::vector<std::string> out;
  for (const Asset& a : EmbeddedAssets()) out.emplace_back(a.path);
  return out;
}

}  // namespace jobmatch
