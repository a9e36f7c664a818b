// Draft export: Markdown header, safe HTML, and docx through pandoc (skipped without it).
#include "drafts/export.hpp"

#include "result_printing.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

using namespace arena::drafts;

namespace {

export_meta sample() {
  export_meta m;
  m.title = "Krav til pålogging";
  m.identifier = "BA-012";
  m.kind = "kravspesifikasjon";
  m.status = "godkjent";
  m.team = "Team Ærlig";
  m.version = 7;
  m.at_ms = 1'719'784'800'000;  // 2024-06-30T22:00:00Z: already 1 July in Oslo (UTC+2)
  return m;
}

bool contains(std::string const& s, std::string_view what) { return s.find(what) != std::string::npos; }

bool has_program(char const* name) {
  std::string const cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// word/document.xml from a .docx, through python3's zipfile (empty if that fails).
std::string document_xml(std::string const& docx) {
  auto const path = std::filesystem::temp_directory_path() /
                    ("arena-test-" + std::to_string(::getpid()) + ".docx");
  {
    std::ofstream f(path, std::ios::binary);
    f.write(docx.data(), static_cast<std::streamsize>(docx.size()));
  }
  std::string const cmd =
      "python3 -c \"import sys, zipfile; "
      "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read('word/document.xml'))\" '" +
      path.string() + "'";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    if (::pclose(p) != 0) out.clear();
  }
  std::filesystem::remove(path);
  return out;
}

}  // namespace

TEST_CASE("export: Oslo dates as dd.mm.yyyy") {
  CHECK(oslo_date(1'719'784'800'000) == "01.07.2024");  // 00:00 in summer time
  CHECK(oslo_date(1'704'063'600'000) == "01.01.2024");  // 2023-12-31T23:00Z, UTC+1
  CHECK(oslo_date(1'704'063'599'000) == "31.12.2023");
}

TEST_CASE("export: markdown has the header block, then the body") {
  auto const md = export_markdown(sample(), "## Formål\n\nBrukeren skal kunne logge inn.");
  CHECK(md ==
        "# Krav til pålogging\n\n"
        "*Dokument: BA-012 · Type: kravspesifikasjon · Versjon: 7 · Status: godkjent · "
        "Team: Team Ærlig · Eksportert: 01.07.2024*\n\n"
        "## Formål\n\nBrukeren skal kunne logge inn.\n");
}

TEST_CASE("export: markdown escapes metadata so it stays plain text") {
  export_meta m;
  m.title = "C# *viktig*\n<b>x</b>";
  m.identifier = "[lenke](javascript:x)";
  auto const md = export_markdown(m, "");
  CHECK(md == "# C\\# \\*viktig\\* \\<b\\>x\\</b\\>\n\n*Dokument: \\[lenke\\](javascript:x)*\n\n");
  CHECK(export_markdown(export_meta{}, "x").starts_with("# Uten tittel\n\nx"));
}

TEST_CASE("export: html is a complete, escaped and safe document") {
  export_meta m = sample();
  m.title = "<script>alert('t')</script> & co";
  std::string const body =
      "Æøå og ÆØÅ.\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
      "<img src=x onerror=alert(2)>\n\n**fet**";
  auto const html = export_html(m, body);
  CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"nb\">"));
  CHECK(contains(html, "<meta charset=\"utf-8\">"));
  CHECK(contains(html, "<title>&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; co</title>"));
  CHECK(contains(html, "<dt>Dokument</dt><dd>BA-012</dd>"));
  CHECK(contains(html, "<dd>01.07.2024</dd>"));
  CHECK(contains(html, "Æøå og ÆØÅ."));
  CHECK(contains(html, "<strong>fet</strong>"));
  // Nothing executable survives: no script element, no javascript: URL, no event handler.
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "javascript:"));
  CHECK_FALSE(contains(html, "onerror"));
  CHECK(contains(html, "</html>\n"));
}

TEST_CASE("export: docx through pandoc") {
  if (!has_program("pandoc")) {
    MESSAGE("pandoc not installed: skipping the docx export test (apt-get install pandoc)");
    return;
  }
  auto const r = export_docx(sample(), "## Formål\n\nBrukeren skal kunne logge inn. ![bildetekst](/etc/passwd)\n");
  REQUIRE(r);
  std::string const& docx = *r;
  REQUIRE(docx.size() > 4);
  CHECK(docx.compare(0, 4, "PK\x03\x04") == 0);
  CHECK(contains(docx, "word/document.xml"));  // the entry's name, in the zip directory
  CHECK_FALSE(contains(docx, "word/media/"));   // the image was not read and embedded
  if (!has_program("python3")) {
    MESSAGE("python3 not installed: not unpacking word/document.xml");
    return;
  }
  auto const xml = document_xml(docx);
  REQUIRE_FALSE(xml.empty());
  CHECK(contains(xml, "Krav til pålogging"));
  CHECK(contains(xml, "BA-012"));
  CHECK(contains(xml, "Formål"));
  CHECK(contains(xml, "bildetekst"));  // the image became its description
}

TEST_CASE("export: the docx opens in LibreOffice") {
  if (!has_program("pandoc") || !has_program("soffice")) {
    MESSAGE("pandoc or LibreOffice (soffice) not installed: skipping (scripts/bootstrap installs both)");
    return;
  }
  auto const r = export_docx(sample(), "## Formål\n\nLeverandøren skal dokumentere **sporbarhet** i hele kjeden.\n");
  REQUIRE(r);
  auto const dir = std::filesystem::temp_directory_path() / ("arena-lo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "krav.docx", std::ios::binary);
    f.write(r->data(), static_cast<std::streamsize>(r->size()));
  }
  // A private profile, so a LibreOffice the user has open (or a crashed one) does not interfere.
  std::string const cmd = "cd '" + dir.string() + "' && timeout 120 soffice -env:UserInstallation=file://" + (dir / "profile").string() +
                          " --headless --norestore --convert-to txt:Text --outdir '" + dir.string() + "' krav.docx >/dev/null 2>&1";
  int const rc = std::system(cmd.c_str());
  std::string text;
  {
    std::ifstream in(dir / "krav.txt", std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::filesystem::remove_all(dir);
  CHECK(rc == 0);
  CHECK(contains(text, "Krav til pålogging"));
  CHECK(contains(text, "BA-012"));
  CHECK(contains(text, "Leverandøren skal dokumentere sporbarhet i hele kjeden."));
}

TEST_CASE("export: docx without pandoc is errc::unavailable and leaves nothing behind") {
  char const* old = std::getenv("PATH");
  std::string const saved = old != nullptr ? old : "";
  auto const empty = std::filesystem::temp_directory_path() / "arena-no-pandoc-here";
  std::filesystem::create_directories(empty);
  auto count_ours = [] {
    int n = 0;
    for (auto const& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
      if (e.path().filename().string().starts_with("arena-export-")) ++n;
    }
    return n;
  };
  int const before = count_ours();
  ::setenv("PATH", empty.c_str(), 1);
  auto const r = export_docx(sample(), "x");
  ::setenv("PATH", saved.c_str(), 1);
  std::filesystem::remove(empty);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == arena::errc::unavailable);
  CHECK(contains(r.error().message, "pandoc"));
  CHECK(count_ours() == before);
}
