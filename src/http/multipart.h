// What an upload brings: Content-Type parameters and the file part of a
// multipart/form-data body (RFC 7578), as a browser's form sends it.
// Pure functions over the request's bytes; views point into `body`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobmatch {

// The media type alone, lower-cased: "text/csv" of "text/csv; charset=GBK".
std::string MediaTypeOf(std::string_view content_type);

// A parameter of a header value ("multipart/form-data; boundary=x",
// "form-data; name=\"file\""), unquoted; "" when absent.
std::string HeaderParam(std::string_view value, std::string_view name);

struct FormPart {
  std::string_view content;
  std::string content_type;  // the part's own Content-Type, "" when not given
  std::string filename;
};

// The part named `name`; nullopt when there is none or the body does not
// follow the boundary.
std::optional<FormPart> FindFormPart(std::string_view body, std::string_view boundary,
                                     std::string_view name);

}  // namespace jobmatch
