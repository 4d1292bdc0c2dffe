// The command line's grammar: each command names the options it takes, and
// anything else is refused before the command runs (a mistyped flag must not
// silently fall back to a default, e.g. write generated data into the working
// directory). Plain values; used only by cli/main.cc.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace jobmatch {

struct CommandSpec {
  std::string name;
  std::set<std::string> values;  // options that take a value: --data-dir DIR
  std::set<std::string> flags;   // options that stand alone: --access-log
  bool positional = false;       // whether FILE... or sub-commands may follow
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  bool help = false;  // --help or -h was given

  bool Has(const std::string& k) const { return options.contains(k); }
  std::string Get(const std::string& k, std::string fallback = "") const {
    auto it = options.find(k);
    return it == options.end() ? fallback : it->second;
  }
};

// Parses argv[first..] against `spec`. Errors (kBadRequest, field = the
// option) name an unknown option, a missing value or an unexpected argument.
Result<Args> ParseArgs(const CommandSpec& spec, int argc, char** argv, int first);

// A whole non-negative number for an option, or an error naming it.
Result<long long> CountOption(const Args& a, const std::string& name, long long fallback,
                              long long max);

}  // namespace jobmatch
