// Unit tests for suppliers/csv: the CSV reader and writer behind supplier.import/export.
#include "suppliers/csv.hpp"

#include "unit/result_printing.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace csv = arena::suppliers::csv;
using arena::errc;
using rows_t = std::vector<std::vector<std::string>>;
using cells_t = std::vector<std::string>;
using lines_t = std::vector<int>;

namespace {

// The error message of a failed parse ("" when it succeeded, which fails the checks using it).
std::string error_of(arena::result<csv::table> const& r) {
  return r ? std::string() : r.error().message;
}

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

}  // namespace

TEST_CASE("suppliers csv: Norwegian Excel \"CSV UTF-8\" (BOM, semicolons, æøå)") {
  std::string const text =
      "\xEF\xBB\xBF"
      "Navn;Organisasjonsnummer;Land;Kjøper\r\n"
      "Blåbær AS;983974880;NO;Østre Ærø kommune\r\n"
      "Åsgårdstrand Sag, avd. 2;974760673;NO;\r\n";
  auto r = csv::parse(text);
  REQUIRE(r);
  CHECK(r->separator == ';');
  CHECK(r->header == cells_t{"Navn", "Organisasjonsnummer", "Land", "Kjøper"});
  REQUIRE(r->rows.size() == 2);
  CHECK(r->rows[0] == cells_t{"Blåbær AS", "983974880", "NO", "Østre Ærø kommune"});
  // The comma in the name is not a separator, and the empty last cell is kept.
  CHECK(r->rows[1] == cells_t{"Åsgårdstrand Sag, avd. 2", "974760673", "NO", ""});
  CHECK(r->row_lines == lines_t{2, 3});
}

TEST_CASE("suppliers csv: the same file without a BOM reads the same") {
  auto with = csv::parse("\xEF\xBB\xBFnavn;land\r\nBlåbær AS;NO\r\n");
  auto without = csv::parse("navn;land\r\nBlåbær AS;NO\r\n");
  REQUIRE(with);
  REQUIRE(without);
  CHECK(with->header == cells_t{"navn", "land"});
  CHECK(without->header == with->header);
  CHECK(without->rows == with->rows);
}

TEST_CASE("suppliers csv: comma separated with quoted commas and doubled quotes") {
  std::string const text =
      "name,orgnr,products\r\n"
      "\"Acme, Inc.\",983974880,\"12\"\" pipes, \"\"premium\"\"\"\r\n"
      "\"\",,\"\"\"\"\r\n";
  auto r = csv::parse(text);
  REQUIRE(r);
  CHECK(r->separator == ',');
  CHECK(r->header == cells_t{"name", "orgnr", "products"});
  REQUIRE(r->rows.size() == 2);
  CHECK(r->rows[0] == cells_t{"Acme, Inc.", "983974880", "12\" pipes, \"premium\""});
  CHECK(r->rows[1] == cells_t{"", "", "\""});
}

TEST_CASE("suppliers csv: line breaks inside quotes, row_lines point at the row's first line") {
  std::string const text =
      "navn;produkter;land\n"
      "Alfa AS;\"Kontorstoler\nPulter\r\nLamper\";NO\n"  // lines 2-4
      "\"Beta\nBygg AS\";Stein;SE\n"                        // lines 5-6
      "Gamma;\"\";DK\n";                                   // line 7
  auto r = csv::parse(text);
  REQUIRE(r);
  REQUIRE(r->rows.size() == 3);
  // Every line break inside a cell becomes "\n", CRLF included.
  CHECK(r->rows[0] == cells_t{"Alfa AS", "Kontorstoler\nPulter\nLamper", "NO"});
  CHECK(r->rows[1] == cells_t{"Beta\nBygg AS", "Stein", "SE"});
  CHECK(r->rows[2] == cells_t{"Gamma", "", "DK"});
  CHECK(r->row_lines == lines_t{2, 5, 7});
}

TEST_CASE("suppliers csv: CRLF, LF, CR and mixed line ends read the same") {
  auto make = [](std::string_view eol1, std::string_view eol2, std::string_view eol3) {
    return "navn;land" + std::string(eol1) + "A;\"x" + std::string(eol2) + "y\"" +
           std::string(eol3) + "B;SE";
  };
  for (auto const& text : {make("\r\n", "\r\n", "\r\n"), make("\n", "\n", "\n"),
                           make("\r", "\r", "\r"), make("\r\n", "\r", "\n"),
                           make("\r", "\n", "\r\n")}) {
    CAPTURE(text);
    auto r = csv::parse(text);
    REQUIRE(r);
    CHECK(r->header == cells_t{"navn", "land"});
    CHECK(r->rows == rows_t{{"A", "x\ny"}, {"B", "SE"}});
    CHECK(r->row_lines == lines_t{2, 4});
  }
}

TEST_CASE("suppliers csv: the final line break is optional and trailing empty lines are skipped") {
  for (std::string text : {"navn;land\r\nA;NO", "navn;land\r\nA;NO\r\n",
                           "navn;land\r\nA;NO\r\n\r\n\r\n", "navn;land\nA;NO\n\n\n",
                           "navn;land\rA;NO\r\r", "navn;land\r\nA;NO\r\n;\r\n;;\r\n \r\n"}) {
    CAPTURE(text);
    auto r = csv::parse(text);
    REQUIRE(r);
    CHECK(r->rows == rows_t{{"A", "NO"}});
    CHECK(r->row_lines == lines_t{2});
  }
  // A final empty cell before the end of input is still a cell.
  auto r = csv::parse("navn;land\r\nA;");
  REQUIRE(r);
  CHECK(r->rows == rows_t{{"A", ""}});
}

TEST_CASE("suppliers csv: blank lines in the middle (and above the header) are skipped") {
  std::string const text =
      "\r\n"
      ";;\r\n"           // Excel's row of empty cells
      "navn;land\r\n"    // line 3: the header
      "A;NO\r\n"
      "\r\n"
      ";\t; \r\n"        // only whitespace: blank
      "B;SE\r\n"         // line 7
      "\"\";\"\"\r\n"    // quoted empty cells: blank
      "C;DK\r\n";        // line 9
  auto r = csv::parse(text);
  REQUIRE(r);
  CHECK(r->header == cells_t{"navn", "land"});
  CHECK(r->rows == rows_t{{"A", "NO"}, {"B", "SE"}, {"C", "DK"}});
  CHECK(r->row_lines == lines_t{4, 7, 9});
}

TEST_CASE("suppliers csv: a header-only file has no rows; header cells are trimmed") {
  auto r = csv::parse("\xEF\xBB\xBF Navn ;\tOrgnr\t; \" Land \" \r\n");
  REQUIRE(r);
  CHECK(r->header == cells_t{"Navn", "Orgnr", "\" Land \""});
  CHECK(r->rows.empty());
  CHECK(r->row_lines.empty());

  auto quoted = csv::parse("\" Navn \";\"Land\"");
  REQUIRE(quoted);
  CHECK(quoted->header == cells_t{"Navn", "Land"});
  CHECK(quoted->rows.empty());
}

TEST_CASE("suppliers csv: data cells are not trimmed and short rows are not padded") {
  auto r = csv::parse("navn;land;verdi\r\n  A AS ;\tNO\r\nB\r\n");
  REQUIRE(r);
  CHECK(r->rows == rows_t{{"  A AS ", "\tNO"}, {"B"}});
}

TEST_CASE("suppliers csv: an empty file has no header") {
  for (std::string text : {"", "\xEF\xBB\xBF", "\r\n\r\n", "\n", "\r", ";;;\r\n;;;\r\n",
                           "   \r\n\t\r\n"}) {
    CAPTURE(text);
    auto r = csv::parse(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_request);
    CHECK(contains(r.error().message, "header"));
  }
}

TEST_CASE("suppliers csv: an unterminated quote is an error naming the line where it starts") {
  auto r = csv::parse("navn;produkter\r\nA;stoler\r\nB;\"pulter\r\nC;lamper\r\nD;bord\r\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == errc::bad_request);
  CHECK(contains(error_of(r), "CSV line 3:"));
  CHECK(contains(error_of(r), "unterminated quote"));

  // In the header, and at the very end of the input.
  auto header = csv::parse("\"navn;land\r\nA;NO\r\n");
  REQUIRE_FALSE(header);
  CHECK(contains(error_of(header), "CSV line 1:"));
  auto last = csv::parse("navn\nA\nB\n\n\"");
  REQUIRE_FALSE(last);
  CHECK(contains(error_of(last), "CSV line 5:"));
}

TEST_CASE("suppliers csv: a quote inside an unquoted cell is literal, as in Excel") {
  auto r = csv::parse("navn;produkter\r\nA;12\" rør\r\nB;\"tre\" ekstra\r\nC; \"x;y\"\r\n");
  REQUIRE(r);
  REQUIRE(r->rows.size() == 3);
  CHECK(r->rows[0] == cells_t{"A", "12\" rør"});
  // Text after a closing quote is kept as written.
  CHECK(r->rows[1] == cells_t{"B", "tre ekstra"});
  // A quote after a space does not open a quoted cell, so the separator splits.
  CHECK(r->rows[2] == cells_t{"C", " \"x", "y\""});
}

TEST_CASE("suppliers csv: invalid UTF-8 is an error naming the line") {
  // Excel's plain "CSV" on Norwegian Windows: Windows-1252, å = E5, æ = E6.
  auto latin = csv::parse("navn;land\r\nBl\xE5\x62\xE6r AS;NO\r\n");
  REQUIRE_FALSE(latin);
  CHECK(latin.error().code == errc::bad_request);
  CHECK(contains(error_of(latin), "CSV line 2:"));
  CHECK(contains(error_of(latin), "UTF-8"));

  struct bad_case {
    std::string bytes;
    char const* what;
  };
  for (auto const& [bytes, what] : std::vector<bad_case>{
           {"\x80", "a lone continuation byte"},
           {"\xC3", "a truncated sequence at the end"},
           {"\xC3(", "a lead byte without continuation"},
           {"\xC0\xAF", "an overlong '/'"},
           {"\xE0\x80\xAF", "an overlong 3-byte form"},
           {"\xED\xA0\x80", "a UTF-16 surrogate"},
           {"\xF4\x90\x80\x80", "above U+10FFFF"},
           {"\xF8\x88\x80\x80\x80", "a 5-byte form"},
           {"\xFF", "0xFF"},
       }) {
    CAPTURE(what);
    auto r = csv::parse("navn;land\nA;NO\r\nB;\r\"x\ny\"" + bytes + ";NO\n");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_request);
    CHECK(contains(error_of(r), "CSV line 5:"));
  }

  // Valid 2-, 3- and 4-byte characters pass.
  auto ok = csv::parse("navn;land\r\nÆØÅ € \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF;NO\r\n");
  REQUIRE(ok);
  CHECK(ok->rows == rows_t{{"ÆØÅ € \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", "NO"}});
}

TEST_CASE("suppliers csv: tab separated") {
  auto r = csv::parse("navn\torgnr\tland\r\nAcme; Inc, Ltd\t983974880\tNO\r\n");
  REQUIRE(r);
  CHECK(r->separator == '\t');
  CHECK(r->header == cells_t{"navn", "orgnr", "land"});
  CHECK(r->rows == rows_t{{"Acme; Inc, Ltd", "983974880", "NO"}});
}

TEST_CASE("suppliers csv: the separator comes from the header line") {
  SUBCASE("the most frequent one wins, even when data rows have more of another") {
    auto r = csv::parse("a,b,c;d\r\n1;2;3;4;5\r\n");
    REQUIRE(r);
    CHECK(r->separator == ',');
    CHECK(r->header == cells_t{"a", "b", "c;d"});
    CHECK(r->rows == rows_t{{"1;2;3;4;5"}});
  }
  SUBCASE("separators inside quotes do not count") {
    auto r = csv::parse("\"a,b,c\";d;e\r\n");
    REQUIRE(r);
    CHECK(r->separator == ';');
    CHECK(r->header == cells_t{"a,b,c", "d", "e"});
  }
  SUBCASE("';' wins a tie") {
    auto r = csv::parse("a;b,c\r\n1;2,3\r\n");
    REQUIRE(r);
    CHECK(r->separator == ';');
    CHECK(r->rows == rows_t{{"1", "2,3"}});
  }
  SUBCASE("',' wins a tie with a tab") {
    auto r = csv::parse("a\tb,c\r\n1\t2,3\r\n");
    REQUIRE(r);
    CHECK(r->separator == ',');
    CHECK(r->rows == rows_t{{"1\t2", "3"}});
  }
  SUBCASE("one column reads as ';'") {
    auto r = csv::parse("navn\r\nA, B og C\r\n");
    REQUIRE(r);
    CHECK(r->separator == ';');
    CHECK(r->rows == rows_t{{"A, B og C"}});
  }
  SUBCASE("blank lines before the header are skipped for detection") {
    auto r = csv::parse("\r\n  \r\na,b\r\n1,2\r\n");
    REQUIRE(r);
    CHECK(r->separator == ',');
    CHECK(r->rows == rows_t{{"1", "2"}});
    CHECK(r->row_lines == lines_t{4});
  }
  SUBCASE("Excel's sep= hint line is honoured and skipped") {
    auto r = csv::parse("sep=,\r\na;b,c\r\n1;2,3\r\n");
    REQUIRE(r);
    CHECK(r->separator == ',');
    CHECK(r->header == cells_t{"a;b", "c"});
    CHECK(r->rows == rows_t{{"1;2", "3"}});
    CHECK(r->row_lines == lines_t{3});
  }
}

TEST_CASE("suppliers csv: write then parse returns the tricky cells unchanged") {
  rows_t const rows{
      {"navn", "orgnr", "produkter", "kjøper"},
      {"Acme; Inc, Ltd", "983974880", "12\" rør, \"premium\"", "Østre Ærø kommune"},
      {"  leading", "trailing  ", "\tboth\t", ""},
      {"line1\nline2\n\nline4", "", "\"", "\"\""},
      {"", "x", "", ""},
      {"Blåbær AS", "a\tb", "ends with quote\"", "; starts with separator"},
  };
  for (char sep : {';', ',', '\t'}) {
    for (bool bom : {true, false}) {
      CAPTURE(sep);
      CAPTURE(bom);
      std::string const text = csv::write(rows, sep, bom);
      auto r = csv::parse(text);
      REQUIRE(r);
      CHECK(r->separator == sep);
      CHECK(r->header == rows[0]);
      CHECK(r->rows == rows_t(rows.begin() + 1, rows.end()));
      CHECK(r->row_lines == lines_t{2, 3, 4, 8, 9});
    }
  }
}

TEST_CASE("suppliers csv: random cells survive write then parse") {
  // Cells built from the characters that matter; a line break inside a cell reads back as
  // "\n" (CRLF and a lone CR included), so the expectation normalises them the same way.
  std::vector<std::string> const pieces{"a", "Ø", "å", " ", "\t", ";", ",", "\"", "\"\"",
                                        "\r", "\n", "\r\n", "sep=", "ID", "\xEF\xBB\xBF"};
  auto normalise = [](std::string const& c) {
    std::string out;
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (c[i] == '\r') {
        if (i + 1 < c.size() && c[i + 1] == '\n') ++i;
        out += '\n';
      } else {
        out += c[i];
      }
    }
    return out;
  };
  std::mt19937 rng(20240611);
  for (int round = 0; round < 300; ++round) {
    rows_t rows{{"navn", "orgnr", "land"}};
    rows_t expected;
    int const n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      std::vector<std::string> row;
      std::vector<std::string> want;
      int const cells = 1 + static_cast<int>(rng() % 4);
      for (int j = 0; j < cells; ++j) {
        std::string cell = j == 0 ? "x" : "";  // never a blank row
        int const len = static_cast<int>(rng() % 6);
        for (int k = 0; k < len; ++k) cell += pieces[rng() % pieces.size()];
        want.push_back(normalise(cell));
        row.push_back(std::move(cell));
      }
      rows.push_back(std::move(row));
      expected.push_back(std::move(want));
    }
    char const sep = ";,\t"[rng() % 3];
    bool const bom = rng() % 2 == 0;
    std::string const text = csv::write(rows, sep, bom);
    CAPTURE(text);
    auto r = csv::parse(text);
    REQUIRE(r);
    CHECK(r->separator == sep);
    CHECK(r->header == rows[0]);
    CHECK(r->rows == expected);
  }
}

TEST_CASE("suppliers csv: write quotes only what needs it, with CRLF line ends") {
  CHECK(csv::write({{"a", "b c", ""}, {"x;y", "1,5"}}, ';', false) ==
        "a;b c;\r\n\"x;y\";1,5\r\n");
  CHECK(csv::write({{"x;y", "1,5"}}, ',', false) == "x;y,\"1,5\"\r\n");
  CHECK(csv::write({{"he said \"hi\"", " lead", "trail ", "a\nb", "a\rb"}}, ';', false) ==
        "\"he said \"\"hi\"\"\";\" lead\";\"trail \";\"a\nb\";\"a\rb\"\r\n");
  CHECK(csv::write({}, ';', false).empty());
}

TEST_CASE("suppliers csv: write with a BOM, as Excel needs for UTF-8") {
  std::string const with = csv::write({{"navn"}, {"Blåbær"}}, ';', true);
  std::string const without = csv::write({{"navn"}, {"Blåbær"}}, ';', false);
  CHECK(with == "\xEF\xBB\xBFnavn\r\nBlåbær\r\n");
  CHECK(without == "navn\r\nBlåbær\r\n");
  // The BOM does not end up in the first header cell.
  auto r = csv::parse(with);
  REQUIRE(r);
  CHECK(r->header == cells_t{"navn"});
}

TEST_CASE("suppliers csv: without a BOM a leading \"ID\" is quoted (Excel's SYLK check)") {
  CHECK(csv::write({{"ID", "navn"}, {"ID", "x"}}, ';', false) == "\"ID\";navn\r\nID;x\r\n");
  CHECK(csv::write({{"ID", "navn"}}, ';', true) == "\xEF\xBB\xBFID;navn\r\n");
  CHECK(csv::write({{"id", "navn"}}, ';', false) == "id;navn\r\n");
  auto r = csv::parse(csv::write({{"IDnr", "navn"}, {"1", "2"}}, ';', false));
  REQUIRE(r);
  CHECK(r->header == cells_t{"IDnr", "navn"});
}

TEST_CASE("suppliers csv: header_key") {
  CHECK(csv::header_key("Organisasjonsnummer") == "organisasjonsnummer");
  CHECK(csv::header_key("Åpenhetsloven") == "apenhetsloven");
  CHECK(csv::header_key("åpenhetsloven") == "apenhetsloven");
  CHECK(csv::header_key("Kjøper") == "kjoper");
  CHECK(csv::header_key("KJØPER") == "kjoper");
  CHECK(csv::header_key("Kjæreste Ærlig") == "kjaereste_aerlig");
  CHECK(csv::header_key("  NAVN\t") == "navn");
  CHECK(csv::header_key("Risk level") == "risk_level");
  CHECK(csv::header_key("Period-End") == "period_end");
  CHECK(csv::header_key("foreign_id") == "foreign_id");
  CHECK(csv::header_key("Utenlandsk  -  ID") == "utenlandsk_id");
  CHECK(csv::header_key("\xC2\xA0Land\xC2\xA0") == "land");           // no-break spaces
  CHECK(csv::header_key("Kontrakt\xC2\xA0ref") == "kontrakt_ref");
  CHECK(csv::header_key("Catégories") == "categories");
  CHECK(csv::header_key("Größe") == "grosse");
  CHECK(csv::header_key("A\xCC\x8Apenhetsloven") == "apenhetsloven");  // decomposed Å
  CHECK(csv::header_key("verdi (NOK)") == "verdi_(nok)");
  CHECK(csv::header_key("") == "");
  CHECK(csv::header_key("   ") == "");
}

TEST_CASE("suppliers csv: more than max_rows data rows is too_large") {
  std::string const three = "navn\r\nA\r\n\r\nB\r\n;\r\nC\r\n";
  auto ok = csv::parse(three, 3);
  REQUIRE(ok);
  CHECK(ok->rows.size() == 3);  // blank rows do not count

  auto over = csv::parse(three, 2);
  REQUIRE_FALSE(over);
  CHECK(over.error().code == errc::too_large);
  CHECK(contains(error_of(over), "CSV line 6:"));
  CHECK(contains(error_of(over), "more than 2 rows"));

  auto none = csv::parse("navn\r\nA\r\n", 0);
  REQUIRE_FALSE(none);
  CHECK(none.error().code == errc::too_large);
  CHECK(csv::parse("navn\r\n", 0));  // the header alone is fine

  // The default limit is 20000 rows.
  std::string big = "navn\n";
  for (int i = 0; i < 20000; ++i) big += "x\n";
  CHECK(csv::parse(big));
  big += "y\n";
  auto too_big = csv::parse(big);
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().code == errc::too_large);
}
