// HTML as the text a person reads (libxml2's HTML parser, which copes with
// the broken markup boards send). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace jobmatch {

// The text of an HTML fragment: tags dropped, character references resolved,
// script and style left out, block elements and <br> as line breaks.
std::string HtmlToText(std::string_view html);

// Runs of white space (no-break spaces too) as one space, each line trimmed,
// empty lines gone.
std::string TidyText(const std::string& raw);

}  // namespace jobmatch
