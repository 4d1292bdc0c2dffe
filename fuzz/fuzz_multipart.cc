// multipart/form-data bodies and header parameters: a part found lies inside
// the body, and a form built around any bytes gives those bytes back.
#include "harness.h"
#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  const std::string_view in = fuzz::Bytes(data, size);
  const std::string_view boundary = in.substr(0, std::min<std::size_t>(in.size(), 16));
  if (auto part = FindFormPart(in, boundary, "file")) {
    if (part->content.data() < in.data() ||
        part->content.data() + part->content.size() > in.data() + in.size()) {
      std::abort();
    }
  }
  (void)HeaderParam(in, "boundary");
  (void)MediaTypeOf(in);
  const std::string b = "b0undary-7f3a";
  if (in.find("\r\n--" + b) == std::string_view::npos) {
    const std::string form = "--" + b +
                             "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n" +
                             std::string(in) + "\r\n--" + b + "--\r\n";
    auto part = FindFormPart(form, b, "file");
    if (!part || part->content != in) std::abort();
  }
  return 0;
}
