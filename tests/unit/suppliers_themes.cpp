// Risk themes are data: the seeded list, an administrator's new theme used in a finding, a
// rename that keeps the code, and bad codes and labels refused with nothing written.
#include "suppliers/cases.hpp"
#include "suppliers/register.hpp"
#include "unit/suppliers_fixture.hpp"

using namespace arena;
using namespace arena::suppliers;
using arena::test::suppliers_fixture;

TEST_CASE("suppliers themes: seeded, added, renamed, used in findings; bad input writes nothing") {
  suppliers_fixture f;
  auto seeded = risk_themes(f.rd);
  REQUIRE(seeded.size() == 10);
  CHECK(seeded.front().code == "forced_labour");
  CHECK(seeded.back().code == "other");  // "Annet" stays last
  CHECK(seeded.front().nb == "Tvangsarbeid");

  auto const s = f.supplier("Alfa AS", "983974880");
  f.contract(f.anne, f.org_a, s);
  case_input in;
  in.method = "self_assessment_full";
  auto k = f.make_case(f.anne, f.org_a, s, in);
  auto findings = [&](std::string const& theme) {
    return f.write([&](store::connection& w) {
      return set_findings(w, f.as(f.anne), k.id, {finding_input{"2.2", "no", "", {theme}, std::string("high")}});
    });
  };
  // Not a theme yet: refused.
  auto refused = findings("living_wage");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("living_wage") != std::string::npos);

  auto added = f.write([&](store::connection& w) { return save_theme(w, "living_wage", "Levelønn", "Living wage"); });
  REQUIRE(added);
  REQUIRE(added->size() == 11);
  CHECK((*added)[added->size() - 2].code == "living_wage");  // before "other"
  CHECK(added->back().code == "other");
  auto used = findings("living_wage");
  REQUIRE(used);
  REQUIRE(used->findings.size() == 1);
  CHECK(used->findings[0].themes == std::vector<std::string>{"living_wage"});

  // A rename keeps the code, so the finding keeps its theme.
  auto renamed = f.write([&](store::connection& w) { return save_theme(w, "living_wage", "Lønn det går an å leve av", "Living wage"); });
  REQUIRE(renamed);
  CHECK(renamed->size() == 11);
  CHECK(f.rows("risk_themes", "nb = 'Lønn det går an å leve av'") == 1);

  auto const before = f.rows("risk_themes");
  for (auto const& [code, nb] : std::vector<std::pair<std::string, std::string>>{{"Bad Code", "x"}, {"a", "x"}, {"ok_code", ""}, {"9lives", "x"}}) {
    auto r = f.write([&](store::connection& w) { return save_theme(w, code, nb, "x"); });
    CAPTURE(code);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::bad_request);
  }
  CHECK(f.rows("risk_themes") == before);
}
