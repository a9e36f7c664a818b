// suppliers/transfer against a real SQLite database: the CSV import (checks every row, all or
// nothing, dry run), a Norwegian Excel file, and the export read back by the import.
#include "suppliers/csv.hpp"
#include "suppliers/transfer.hpp"
#include "unit/suppliers_fixture.hpp"

#include <tuple>

using namespace arena;
using namespace arena::suppliers;
using arena::test::err_of;
using arena::test::reason_of;
using arena::test::suppliers_fixture;

namespace {

using err_row = std::tuple<int, std::string, std::string>;  // line, field, code

std::vector<err_row> errs(import_report const& r) {
  std::vector<err_row> out;
  for (auto const& e : r.errors) out.emplace_back(e.row, e.field, e.code);
  return out;
}

struct import_fixture : suppliers_fixture {
  result<import_report> run(std::int64_t user, std::string const& text, bool dry_run) {
    auto v = as(user);
    return write([&](store::connection& w) { return import_csv(w, v, text, dry_run); });
  }
  void nothing_stored() {
    CHECK(rows("suppliers") == 0);
    CHECK(rows("supplier_contracts") == 0);
    CHECK(rows("supplier_categories") == 0);
    CHECK(rows("supplier_audit") == 0);
  }
};

std::string const header = "navn;organisasjonsnummer;kjøper;kontrakt;produkter;verdi;klausul\n";
std::string const good = "Alfa AS;983974880;Oslo kommune;K-1;\"Arbeidsklær\nog sko\";1m_10m;basic\n";  // lines 2-3

}  // namespace

TEST_CASE("suppliers import: one bad row stores nothing and every error names its line and code") {
  import_fixture f;
  auto text = header + good +
              "Feil AS;983974881;Oslo kommune;K-2;;1m_10m;basic\n"           // line 4
              "Beta AS;974760673;Ukjent kommune;K-3;;1m_10m;basic\n"         // line 5
              "Alfa AS;983 974 880;Oslo kommune;K-1;;10m_50m;advanced\n"     // line 6: K-1 twice
              "Gamma AS;910000047;Bergen kommune;K-4;;1m_10m;basic\n"        // line 7: org B's contract
              "Delta AS;910000055;Oslo kommune;K-5;;enorm;middels\n";        // line 8
  auto r = f.run(f.anne, text, false);
  REQUIRE(r);
  CHECK_FALSE(r->dry_run);
  CHECK(r->rows == 6);
  CHECK(errs(*r) == std::vector<err_row>{{4, "orgnr", "bad_orgnr"},
                                         {5, "buyer_org", "unknown_org"},
                                         {6, "contract_ref", "duplicate"},
                                         {7, "buyer_org", "not_your_org"},
                                         {8, "value_band", "bad_value"},
                                         {8, "clause_level", "bad_value"}});
  for (auto const& e : r->errors) CHECK_FALSE(e.message.empty());
  f.nothing_stored();
}

TEST_CASE("suppliers import: each kind of bad row alone blocks the whole file") {
  import_fixture f;
  std::string long_name;
  for (int i = 0; i < 201; ++i) long_name += "Å";  // 201 characters, 402 bytes
  std::string const long_ref(101, 'k');
  std::string const long_products(1001, 'p');
  struct one_bad {
    std::string row, field, code, detail, value;
  };
  std::vector<one_bad> const cases = {
      {"Feil AS;983974881;Oslo kommune;K-2;;1m_10m;basic\n", "orgnr", "bad_orgnr", "orgnr_invalid", "983974881"},
      {"Beta AS;974760673;Trondheim kommune;K-3;;1m_10m;basic\n", "buyer_org", "unknown_org", "no_such_org", "Trondheim kommune"},
      {"Alfa AS;983974880;Oslo kommune;K-1;;1m_10m;basic\n", "contract_ref", "duplicate", "contract_twice_in_file", "K-1"},
      {"Gamma AS;910000047;910000012;K-4;;1m_10m;basic\n", "buyer_org", "not_your_org", "not_your_org", "910000012"},  // org B by its orgnr
      {";910000047;Oslo kommune;K-4;;1m_10m;basic\n", "name", "missing", "name_missing", ""},
      {"Gamma AS;;Oslo kommune;K-4;;1m_10m;basic\n", "orgnr", "missing", "orgnr_or_foreign_id", ""},
      {"Gamma AS;910000047;Oslo kommune;K-4;;;basic\n", "value_band", "missing", "value_band_values", ""},
      {"Gamma AS;910000047;Oslo kommune;K-4;;1m_10m;sterk\n", "clause_level", "bad_value", "clause_level_values", "sterk"},
      // Lengths the register refuses are found by the check, not first when importing.
      {long_name + ";910000047;Oslo kommune;K-4;;1m_10m;basic\n", "name", "bad_value", "name_too_long", long_name},
      {"Gamma AS;910000047;Oslo kommune;" + long_ref + ";;1m_10m;basic\n", "contract_ref", "bad_value", "contract_ref_too_long", long_ref},
      {"Gamma AS;910000047;Oslo kommune;K-4;" + long_products + ";1m_10m;basic\n", "products", "bad_value", "products_too_long", long_products},
  };
  for (auto const& c : cases) {
    CAPTURE(c.row);
    for (bool dry : {false, true}) {
      auto r = f.run(f.anne, header + good + c.row, dry);
      REQUIRE(r);
      CHECK(r->rows == 2);
      CHECK(errs(*r) == std::vector<err_row>{{4, c.field, c.code}});
      // Which check failed, and the cell as written, for the client to word.
      REQUIRE(r->errors.size() == 1);
      CHECK(r->errors[0].detail == c.detail);
      CHECK(r->errors[0].value == c.value);
      f.nothing_stored();
    }
  }
  // A period that ends before it starts.
  auto period = f.run(f.anne, "navn;orgnr;kjøper;kontrakt;verdi;klausul;fra;til\nGamma AS;910000047;Oslo kommune;K-4;1m_10m;basic;01.02.2026;31.01.2026\n", true);
  REQUIRE(period);
  REQUIRE(period->errors.size() == 1);
  CHECK(period->errors[0].detail == "period_end_before_start");
  CHECK(period->errors[0].value == "31.01.2026");
  // 200 characters is still a name.
  std::string name200;
  for (int i = 0; i < 200; ++i) name200 += "Å";
  auto edge = f.run(f.anne, header + name200 + ";910000047;Oslo kommune;K-4;;1m_10m;basic\n", true);
  REQUIRE(edge);
  CHECK(edge->errors.empty());
  // The good row alone is fine (so the rows above were the cause).
  auto r = f.run(f.anne, header + good, false);
  REQUIRE(r);
  CHECK(r->errors.empty());
  CHECK(f.rows("supplier_contracts") == 1);
}

TEST_CASE("suppliers import: a dry run stores nothing even when the file is valid") {
  import_fixture f;
  auto text = header + good + "Beta AS;974760673;Oslo kommune;K-2;;over_50m;advanced\nBeta AS;974760673;Oslo kommune;K-3;;under_1m;basic\n";
  auto r = f.run(f.anne, text, true);
  REQUIRE(r);
  CHECK(r->dry_run);
  CHECK(r->errors.empty());
  CHECK(r->rows == 3);
  CHECK(r->suppliers_new == 2);
  CHECK(r->suppliers_existing == 0);
  CHECK(r->contracts_new == 3);
  f.nothing_stored();

  auto stored = f.run(f.anne, text, false);
  REQUIRE(stored);
  CHECK(stored->errors.empty());
  CHECK(stored->suppliers_new == 2);
  CHECK(stored->contracts_new == 3);
  CHECK(f.rows("suppliers") == 2);
  CHECK(f.rows("supplier_contracts", "org_id = " + std::to_string(f.org_a)) == 3);
  CHECK(f.rows("supplier_contracts", "contract_ref = 'K-2' AND required_method = 'factory_audit'") == 1);
}

TEST_CASE("suppliers import: who may import, and files that cannot be read") {
  import_fixture f;
  CHECK(err_of(f.run(f.olga, header + good, false)) == errc::forbidden);
  CHECK(err_of(f.run(f.ute, header + good, false)) == errc::forbidden);
  CHECK(err_of(f.run(f.anne, "orgnr;kjøper\n983974880;Oslo kommune\n", false)) == errc::bad_request);  // no name column
  CHECK(reason_of(f.run(f.anne, "orgnr;kjøper\n983974880;Oslo kommune\n", false)) == "csv_no_name_column");
  CHECK(err_of(f.run(f.anne, "navn;kjøper\nAlfa;Oslo kommune\n", false)) == errc::bad_request);        // no orgnr column
  CHECK(reason_of(f.run(f.anne, "navn;kjøper\nAlfa;Oslo kommune\n", false)) == "csv_no_id_column");
  CHECK(err_of(f.run(f.anne, "navn;orgnr\n\"Alfa;983974880\n", false)) == errc::bad_request);          // unterminated quote
  CHECK(reason_of(f.run(f.anne, "navn;orgnr\n\"Alfa;983974880\n", false)) == "csv_unterminated_quote");
  CHECK(err_of(f.run(f.anne, "", false)) == errc::bad_request);
  CHECK(reason_of(f.run(f.anne, "", false)) == "csv_empty");
  CHECK(reason_of(f.run(f.anne, "navn;orgnr\nA\xff;983974880\n", false)) == "csv_not_utf8");
  f.nothing_stored();
  // A user without an organisation imports suppliers, not contracts.
  auto r = f.run(f.nils, header + good, false);
  REQUIRE(r);
  CHECK(errs(*r) == std::vector<err_row>{{2, "buyer_org", "not_your_org"}});
  f.nothing_stored();
  r = f.run(f.nils, "navn;orgnr\nAlfa AS;983974880\n", false);
  REQUIRE(r);
  CHECK(r->errors.empty());
  CHECK(f.rows("suppliers") == 1);
}

TEST_CASE("suppliers import: a file saved by Norwegian Excel") {
  import_fixture f;
  std::string text =
      "\xEF\xBB\xBF"
      "Navn;Organisasjonsnummer;Utenlandsk id;Land;Åpenhetsloven;Kategorier;Risiko;Kjøper;Kontrakt;Produkter;Fra;Til;Verdi;Klausul\r\n"
      "Økologiske Klær AS;983 974 880;;NO;ja;tekstil|ikt;høy;Oslo kommune;OSL-2026-1;Arbeidsklær, vernesko;01.01.2026;31.12.2027;10m_50m;avansert\r\n"
      "Økologiske Klær AS;983974880;;;Ja;tekstil;Høy;910000004;OSL-2026-2;Sokker;;;under_1m;grunnleggende\r\n"
      ";;;;;;;;;;;;;\r\n"
      "Fabrikk Ltd;;91440300MA5;cn;nei;;lav;;;;;;;\r\n";
  auto r = f.run(f.anne, text, false);
  REQUIRE(r);
  CHECK(errs(*r).empty());
  CHECK(r->rows == 3);
  CHECK(r->suppliers_new == 2);
  CHECK(r->contracts_new == 2);

  auto all = list_suppliers(f.rd, {});
  REQUIRE(all.size() == 2);
  auto const& fab = all[0];  // by name: Fabrikk before Økologiske
  auto const& oko = all[1];
  CHECK(fab.name == "Fabrikk Ltd");
  CHECK(fab.country == "CN");
  CHECK(fab.foreign_id == std::optional<std::string>("91440300MA5"));
  CHECK(fab.transparency_act == "no");
  CHECK(fab.risk_level == "low");
  CHECK(fab.sharing.empty());
  CHECK(oko.name == "Økologiske Klær AS");
  CHECK(oko.orgnr == std::optional<std::string>("983974880"));
  CHECK(oko.country == "NO");
  CHECK(oko.transparency_act == "yes");
  CHECK(oko.risk_level == "high");
  CHECK(oko.categories == std::vector<std::string>{"ikt", "tekstil"});
  auto k = contracts_of(f.rd, oko.id);
  REQUIRE(k.size() == 2);
  CHECK(k[0].contract_ref == "OSL-2026-1");
  CHECK(k[0].products == "Arbeidsklær, vernesko");
  CHECK(k[0].period_start == std::optional<std::string>("2026-01-01"));
  CHECK(k[0].period_end == std::optional<std::string>("2027-12-31"));
  CHECK(k[0].value_band == "10m_50m");
  CHECK(k[0].clause_level == "advanced");
  CHECK(k[0].required_method == "factory_audit");
  CHECK(k[0].org.org_id == f.org_a);
  CHECK(k[1].contract_ref == "OSL-2026-2");
  CHECK_FALSE(k[1].period_start);
  CHECK(k[1].clause_level == "basic");
  CHECK(k[1].required_method == "self_assessment_simplified");

  // Bad Norwegian dates and a foreign identifier in Norway are row errors.
  auto bad = f.run(f.anne,
                   "Navn;Organisasjonsnummer;Utenlandsk id;Land;Kjøper;Kontrakt;Fra;Verdi;Klausul\r\n"
                   "Ny AS;910000047;;;Oslo kommune;X;31.02.2026;1m_10m;basic\r\n"
                   "Norsk uten nr;;ABC123;NO;;;;;\r\n",
                   false);
  REQUIRE(bad);
  CHECK(errs(*bad) == std::vector<err_row>{{2, "period_start", "bad_value"}, {3, "country", "bad_value"}});
  CHECK(f.rows("suppliers") == 2);
}

TEST_CASE("suppliers import: the export read back finds the suppliers and the contracts already there") {
  import_fixture f;
  auto a = f.supplier("Alfa AS", "983974880", "high");
  f.contract(f.anne, f.org_a, a, "advanced", "over_50m", std::nullopt, "A-1");
  f.contract(f.bjorn, f.org_b, a, "basic", "under_1m", std::nullopt, "B-1");
  auto b = f.supplier("Beta; \"Bygg\" AS", "974760673");
  f.contract(f.anne, f.org_a, b, "basic", "1m_10m", std::nullopt, "A-2");
  {
    supplier_input in;
    in.name = "Fabrikk Ltd";
    in.foreign_id = "CN-778";
    in.country = "CN";
    auto v = f.as(f.anne);
    REQUIRE(f.write([&](store::connection& w) { return create_supplier(w, v, in); }));
  }
  auto rows = export_rows(f.rd);
  REQUIRE(rows.size() == 5);  // header, Alfa x2, Beta, Fabrikk (no contract)
  CHECK(rows[0][0] == "navn");
  auto text = csv::write(rows, ';', true);
  auto suppliers_before = f.rows("suppliers"), contracts_before = f.rows("supplier_contracts"), audit_before = f.rows("supplier_audit");

  auto r = f.run(f.admin, text, false);
  REQUIRE(r);
  CHECK(r->rows == 4);
  CHECK(errs(*r) == std::vector<err_row>{{2, "contract_ref", "duplicate"}, {3, "contract_ref", "duplicate"}, {4, "contract_ref", "duplicate"}});
  CHECK(r->suppliers_new == 0);
  CHECK(r->suppliers_existing == 1);  // the row without a contract
  CHECK(f.rows("suppliers") == suppliers_before);
  CHECK(f.rows("supplier_contracts") == contracts_before);
  CHECK(f.rows("supplier_audit") == audit_before);

  // With new contract references the same suppliers are found existing and nothing is doubled.
  for (auto& row : rows)
    if (row.size() > 8 && !row[8].empty() && row[8] != "kontrakt") row[8] += "-ny";
  r = f.run(f.admin, csv::write(rows, ';', true), false);
  REQUIRE(r);
  CHECK(r->errors.empty());
  CHECK(r->suppliers_existing == 4);
  CHECK(r->suppliers_new == 0);
  CHECK(r->contracts_new == 3);
  CHECK(f.rows("suppliers") == suppliers_before);
  CHECK(f.rows("supplier_contracts") == contracts_before + 3);
  CHECK(f.rows("supplier_contracts", "contract_ref = 'A-1-ny' AND clause_level = 'advanced' AND value_band = 'over_50m'") == 1);
  CHECK(f.rows("suppliers", "name = 'Beta; \"Bygg\" AS'") == 1);
}
