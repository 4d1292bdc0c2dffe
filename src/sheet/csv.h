// CSV files as spreadsheets save them: UTF-8 with or without a byte-order
// mark, GBK (GB18030) as Excel saves "CSV" on Chinese Windows, or UTF-16 with
// its mark ("Unicode text", tab-separated). Fields are split by libcsv;
// characters are converted by iconv.
#pragma once

#include <string_view>

#include "core/error.h"
#include "sheet/table.h"

namespace jobmatch {

// `charset`: the Content-Type's charset parameter, or "" to detect it: a
// byte-order mark decides, else well-formed UTF-8 is UTF-8, else GB18030.
// 400 "unreadable_file" (message in Chinese) when the text cannot be decoded.
Result<Table> ReadCsv(std::string_view bytes, std::string_view charset = "");

}  // namespace jobmatch
