#include "cli/args.h"

#include <charconv>

namespace jobmatch {

Result<Args> ParseArgs(const CommandSpec& spec, int argc, char** argv, int first) {
  Args a;
  for (int i = first; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      a.help = true;
    } else if (spec.flags.contains(s)) {
      a.options[s] = "1";
    } else if (spec.values.contains(s)) {
      if (i + 1 >= argc) {
        return fail(ErrorKind::kBadRequest, "usage", s + " needs a value", s);
      }
      a.options[s] = argv[++i];
    } else if (s.starts_with("-")) {
      return fail(ErrorKind::kBadRequest, "usage",
                  "unknown option " + s + " for jobmatch " + spec.name, s);
    } else if (spec.positional) {
      a.positional.push_back(s);
    } else {
      return fail(ErrorKind::kBadRequest, "usage",
                  "jobmatch " + spec.name + " takes no argument " + s, s);
    }
  }
  return a;
}

Result<long long> CountOption(const Args& a, const std::string& name, long long fallback,
                              long long max) {
  if (!a.Has(name)) return fallback;
  const std::string s = a.Get(name);
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > max) {
    return fail(ErrorKind::kBadRequest, "usage",
                name + " must be a whole number from 0 to " + std::to_string(max), name);
  }
  return v;
}

}  // namespace jobmatch
