// CSV import and export of suppliers and contracts (docs/PROTOCOL.md, `supplier.import`,
// `supplier.export`). An import checks every row first (a dry run stops there) and stores
// nothing when any row has an error; otherwise everything is stored in the caller's writer
// job, one transaction.
#pragma once

#include "store/connection.hpp"
#include "suppliers/model.hpp"
#include "util/error.hpp"

#include <string>
#include <vector>

namespace arena::suppliers {

struct import_error {
  int row = 0;  // the line in the file where the row starts
  std::string field, code;
  std::string detail;   // which check failed, a code for the client to word (docs/PROTOCOL.md)
  std::string value;    // the cell as written (empty when missing)
  std::string message;  // the same in English, for logs and scripts
};

struct import_report {
  bool dry_run = true;
  int rows = 0;
  int suppliers_new = 0, suppliers_existing = 0, contracts_new = 0;
  std::vector<import_error> errors;
};

// bad_request when the file cannot be read as CSV at all (no header, an unterminated quote,
// invalid UTF-8) or lacks the name column.
result<import_report> import_csv(store::connection& w, viewer const& v, std::string_view text, bool dry_run);

// The register as CSV rows (header first): one row per contract, or per supplier without one.
std::vector<std::vector<std::string>> export_rows(store::connection& db);

}  // namespace arena::suppliers
