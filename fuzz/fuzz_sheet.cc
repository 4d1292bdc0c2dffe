// Spreadsheets as counsellors upload them: any bytes read as CSV (every
// encoding guess) or, when they look like a zip, as .xlsx, then turned into
// households. Refusals are 4xx; every cell that comes out is UTF-8, every
// problem names a row that exists.
#include <set>

#include "core/utf8.h"
#include "harness.h"
#include "service/household_sheet.h"
#include "sheet/csv.h"
#include "sheet/xlsx.h"

namespace {

void Check(const jobmatch::Result<jobmatch::Table>& t) {
  using namespace jobmatch;
  fuzz::ExpectClientError(t);
  if (!t) return;
  std::set<int> rows = {1};
  for (const auto& c : t->header) {
    if (!IsValidUtf8(c)) std::abort();
  }
  for (const auto& row : t->rows) {
    rows.insert(row.number);
    for (const auto& c : row.cells) {
      if (!IsValidUtf8(c)) std::abort();
    }
  }
  auto households = HouseholdsFromSheet(*t);
  fuzz::ExpectClientError(households);
  if (!households) return;
  for (const auto& h : households->households) {
    if (h.member_rows.size() != h.body["members"].size()) std::abort();
    for (const auto& p : h.problems) {
      if (!rows.contains(p.row) || !IsValidUtf8(p.message)) std::abort();
    }
    (void)h.body.dump();  // throws on ill-formed UTF-8
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace jobmatch;
  const std::string_view in = fuzz::Bytes(data, size);
  if (LooksLikeZip(in)) {
    Check(ReadXlsx(in));
  } else {
    Check(ReadCsv(in));
    Check(ReadCsv(in, "gbk"));
  }
  return 0;
}
