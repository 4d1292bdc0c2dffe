// The web console's files, compiled into the binary (cmake/embed_assets.cmake
// embeds web/ and the Debian packages' Bootstrap and Chart.js), so that the
// binary alone serves the console with no other origin to reach. Read-only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jobmatch {

struct Asset {
  std::string_view path;          // the URL path: /assets/app.js
  std::string_view content_type;  // with charset for text
  std::string_view etag;          // quoted, from the content's SHA-256
  std::string_view body;
  std::string_view source;  // the file it was embedded from
};

const std::vector<Asset>& EmbeddedAssets();

// The assets to serve: the embedded ones, or with `dir` set (serve
// --web-dir, for working on the console) the files of that folder under
// the same names, read at each request.
class WebAssets {
 public:
  explicit WebAssets(std::string dir = "") : dir_(std::move(dir)) {}

  struct Found {
    std::string content_type, etag, body;
  };
  std::optional<Found> Get(std::string_view path) const;
  // Every URL path there is an asset for.
  std::vector<std::string> Paths() const;

 private:
  std::string dir_;
};

}  // namespace jobmatch
