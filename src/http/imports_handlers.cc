// Handlers for spreadsheets: POST /v1/households/import and its template.
#include "http/api.h"
#include "http/multipart.h"
#include "http/params.h"
#include "http/url.h"
#include "sheet/csv.h"
#include "sheet/xlsx.h"

namespace jobmatch {

namespace {

constexpr char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::unexpected<Error> BadFile(ErrorKind kind, std::string code, std::string message) {
  return fail(kind, std::move(code), std::move(message), "file");
}

// The spreadsheet a request brings: the raw body, or the `file` part of a
// form. The bytes decide between .xlsx (a zip) and CSV; the declared type
// only refuses what is neither.
Result<Table> UploadedSheet(const HttpRequest& req) {
  std::string type = MediaTypeOf(req.content_type);
  std::string charset = HeaderParam(req.content_type, "charset");
  std::string_view bytes = req.body;
  if (type == "multipart/form-data") {
    auto part = FindFormPart(req.body, HeaderParam(req.content_type, "boundary"), "file");
    if (!part) {
      return BadFile(ErrorKind::kBadRequest, "missing_file", "表单中没有名为 file 的文件");
    }
    bytes = part->content;
    type = MediaTypeOf(part->content_type);
    charset = HeaderParam(part->content_type, "charset");
    if (type.empty() || type == "application/octet-stream") type = "text/csv";  // not said
  }
  if (bytes.empty()) return BadFile(ErrorKind::kBadRequest, "empty_file", "上传的文件是空的");
  if (LooksLikeZip(bytes)) return ReadXlsx(bytes);
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return BadFile(ErrorKind::kUnsupportedMediaType, "xls_not_supported",
                   "这是旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入");
  }
  if (type == kXlsxType) return ReadXlsx(bytes);  // says why it is not a workbook
  // Browsers label CSV files text/csv, application/vnd.ms-excel or text/plain.
  if (type == "text/csv" || type == "application/vnd.ms-excel" || type == "text/plain") {
    return ReadCsv(bytes, charset);
  }
  return fail(ErrorKind::kUnsupportedMediaType, "unsupported_media_type",
              "Content-Type must be " + std::string(kXlsxType) +
                  ", text/csv or multipart/form-data with a file part",
              "Content-Type");
}

}  // namespace

HttpResponse XlsxResponse(std::string bytes, std::string_view ascii_name,
                          std::string_view utf8_name) {
  HttpResponse r{200, std::move(bytes), kXlsxType};
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + std::string(ascii_name) +
                             "\"; filename*=UTF-8''" + PercentEncode(utf8_name));
  return r;
}

HttpResponse PostHouseholdImport(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may import households");
  }
  auto dry_run = BoolParam(req, "dry_run");
  if (!dry_run) return ErrorResponse(dry_run.error());
  auto sheet = UploadedSheet(req);
  if (!sheet) return ErrorResponse(sheet.error());
  auto result = app.ImportHouseholds(*sheet, dry_run->value_or(false), *req.principal);
  if (!result) return ErrorResponse(result.error());
  return JsonResponse(200, *result);
}

HttpResponse GetImportTemplate(App& app, HttpRequest& req) {
  if (Authorize(*req.principal, Action::kWriteHousehold) != Decision::kAllow) {
    return Forbidden("only counsellors and admins may import households");
  }
  auto xlsx = app.ImportTemplate();
  if (!xlsx) return ErrorResponse(xlsx.error());
  return XlsxResponse(std::move(*xlsx), "household-import-template.xlsx", "家庭成员导入模板.xlsx");
}

}  // namespace jobmatch
