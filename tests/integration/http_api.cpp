// POST /api/<op>: first-run setup, server.info, organisations, users and teams over HTTP.
#include "integration/site.hpp"

#include <doctest/doctest.h>

#include <regex>

using namespace arena::itest;

namespace {

bool is_rfc3339_ms(json const& v) {
  static std::regex const re(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)");
  return v.is_string() && std::regex_match(v.get<std::string>(), re);
}

std::size_t count_of(http_client& c, std::string const& op, std::string const& field) {
  auto r = c.post(op);
  REQUIRE(r.status == 200);
  return r.body_json[field].size();
}

}  // namespace

TEST_CASE("setup.complete with the printed token creates the administrator and signs them in") {
  server_process srv;
  REQUIRE_FALSE(srv.setup_token().empty());
  INFO("server log (tail):\n", srv.log_tail());
  http_client anon(srv);

  auto info = anon.post("server.info");
  REQUIRE(info.status == 200);
  CHECK(info.body_json["ok"] == true);
  CHECK(info.body_json["needs_setup"] == true);
  CHECK(info.body_json["version"] == ARENA_VERSION);
  CHECK(info.body_json["languages"] == json::array({"nb", "en"}));
  CHECK(info.header("content-type") == "application/json");

  SUBCASE("refusals write nothing and keep the token usable") {
    auto wrong = anon.post("setup.complete", setup_body("not-the-token"));
    CHECK(wrong.status == 410);
    CHECK(wrong.error_code() == "gone");

    auto weak = anon.post("setup.complete", setup_body(srv.setup_token(), admin_email, "short"));
    CHECK(weak.status == 400);
    CHECK(weak.error_code() == "bad_request");

    auto bad_org = setup_body(srv.setup_token());
    bad_org["organisation"]["orgnr"] = "974760674";
    auto r = anon.post("setup.complete", bad_org);
    CHECK(r.status == 400);
    CHECK(r.error_code() == "bad_request");
    CHECK(r.body_json["error"]["message"].get<std::string>().find("orgnr") != std::string::npos);

    auto no_org = setup_body(srv.setup_token());
    no_org.erase("organisation");
    CHECK(anon.post("setup.complete", no_org).error_code() == "bad_request");

    CHECK(anon.cookies().empty());
    CHECK(anon.post("server.info").body_json["needs_setup"] == true);
  }

  auto done = anon.post("setup.complete", setup_body(srv.setup_token()));
  REQUIRE(done.status == 200);
  CHECK(done.body_json["ok"] == true);
  auto const& user = done.body_json["user"];
  CHECK(user["email"] == admin_email);
  CHECK(user["display_name"] == "Kari Nordmann");
  CHECK(user["is_admin"] == true);
  CHECK(user["disabled"] == false);
  CHECK(user["org_name"] == "Helse Vest RHF");
  CHECK(user["language"] == "nb");
  CHECK(is_rfc3339_ms(user["created_at"]));

  // The plain-HTTP session cookie: arena_session, HttpOnly, SameSite=Strict, Path=/, not Secure.
  auto set = done.all("set-cookie");
  REQUIRE(set.size() == 1);
  auto c = parse_set_cookie(set[0]);
  CHECK(c.name == "arena_session");
  CHECK(c.value.size() >= 32);
  CHECK(c.has_attribute("HttpOnly"));
  CHECK(c.attribute("SameSite") == "Strict");
  CHECK(c.attribute("Path") == "/");
  CHECK_FALSE(c.has_attribute("Secure"));

  auto me = anon.post("auth.me");
  REQUIRE(me.status == 200);
  CHECK(me.body_json["user"]["id"] == user["id"]);
  CHECK(me.body_json["memberships"] == json::array());

  CHECK(anon.post("server.info").body_json["needs_setup"] == false);

  // The token is single use, for anyone.
  http_client other(srv);
  auto again = other.post("setup.complete", setup_body(srv.setup_token(), "someone@else.no"));
  CHECK(again.status == 410);
  CHECK(again.error_code() == "gone");
  CHECK(again.all("set-cookie").empty());
  CHECK(count_of(anon, "user.list", "users") == 1);
}

TEST_CASE("the setup link is not printed again once an administrator exists") {
  temp_dir data("arena-it-data");
  {
    server_process first(server_options{.data_dir = data.path()});
    REQUIRE_FALSE(first.setup_token().empty());
    http_client c(first);
    REQUIRE(c.post("setup.complete", setup_body(first.setup_token())).status == 200);
    CHECK(first.stop() == 0);
  }
  server_process second(server_options{.data_dir = data.path()});
  http_client c(second);
  CHECK(c.post("server.info").body_json["needs_setup"] == false);
  CHECK(second.stop() == 0);
  CHECK(second.stdout_text().find("setup link") == std::string::npos);
}

TEST_CASE("the API answers only POST, and every answer carries ok") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto get = site.admin.get("/api/server.info");
  CHECK(get.status == 405);
  CHECK(get.header("allow") == "POST");
  CHECK(get.error_code() == "bad_request");

  auto empty_body = site.admin.request("POST", "/api/server.info", "", {{"Content-Type", "application/json"}});
  CHECK(empty_body.status == 200);
  CHECK(empty_body.body_json["ok"] == true);

  auto unknown = site.admin.post("no.such_op");
  CHECK(unknown.status == 404);
  CHECK(unknown.error_code() == "unknown_op");
  CHECK(unknown.body_json["ok"] == false);

  http_client anon(site.srv);
  auto who = anon.post("auth.me");
  CHECK(who.status == 401);
  CHECK(who.error_code() == "unauthorized");
  CHECK(anon.post("team.list").status == 401);
}

TEST_CASE("org.create validates Norwegian organisation numbers and foreign identifiers") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto& a = site.admin;
  auto const before = count_of(a, "org.list", "organisations");
  REQUIRE(before == 1);  // the administrator's, from setup

  auto ok = a.post("org.create", {{"name", "Sykehuset Innlandet HF"}, {"orgnr", "974760673"}});
  REQUIRE(ok.status == 200);
  auto const& org = ok.body_json["organisation"];
  CHECK(org["orgnr"] == "974760673");
  CHECK(org["country"] == "NO");
  CHECK(org["foreign_id"].is_null());
  CHECK(org["name"] == "Sykehuset Innlandet HF");
  CHECK(org["id"].is_number_integer());

  auto bad = a.post("org.create", {{"name", "Feil nummer AS"}, {"orgnr", "974760674"}});
  CHECK(bad.status == 400);
  CHECK(bad.error_code() == "bad_request");
  CHECK(bad.body_json["error"]["message"].get<std::string>().find("orgnr") != std::string::npos);

  auto dup = a.post("org.create", {{"name", "Same number"}, {"orgnr", "974 760 673"}});
  CHECK(dup.status == 409);
  CHECK(dup.error_code() == "conflict");

  auto foreign = a.post("org.create", {{"name", "Region Stockholm"}, {"foreign_id", "SE5560000001"}, {"country", "SE"}});
  REQUIRE(foreign.status == 200);
  CHECK(foreign.body_json["organisation"]["orgnr"].is_null());
  CHECK(foreign.body_json["organisation"]["foreign_id"] == "SE5560000001");
  CHECK(foreign.body_json["organisation"]["country"] == "SE");

  CHECK(a.post("org.create", {{"name", "No country"}, {"foreign_id", "X1"}}).error_code() == "bad_request");
  CHECK(a.post("org.create", {{"name", "Both"}, {"orgnr", "974760673"}, {"foreign_id", "X"}, {"country", "SE"}})
            .error_code() == "bad_request");
  CHECK(a.post("org.create", {{"name", "Neither"}}).error_code() == "bad_request");
  CHECK(a.post("org.create", {{"orgnr", "974760673"}}).error_code() == "bad_request");

  CHECK(count_of(a, "org.list", "organisations") == before + 2);

  // Only administrators create organisations; any user lists them.
  auto p = site.add_person("ola@example.no", "Ola");
  CHECK(p.http->post("org.create", {{"name", "Mine AS"}, {"orgnr", "983974880"}}).status == 403);
  CHECK(count_of(*p.http, "org.list", "organisations") == before + 2);
}

TEST_CASE("user.create, user.list and user.update; failures write nothing") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto& a = site.admin;
  auto created = a.post("user.create", {{"email", "per@example.no"}, {"display_name", "Per"}, {"password", default_password},
                                       {"language", "en"}});
  REQUIRE(created.status == 200);
  auto const& u = created.body_json["user"];
  CHECK(u["email"] == "per@example.no");
  CHECK(u["is_admin"] == false);
  CHECK(u["language"] == "en");
  CHECK(u["org_id"].is_null());
  auto const per_id = u["id"].get<std::int64_t>();

  auto list = a.post("user.list");
  REQUIRE(list.status == 200);
  REQUIRE(list.body_json["users"].size() == 2);
  auto const before = list.body_json["users"];

  SUBCASE("refused creations") {
    auto dup = a.post("user.create", {{"email", "per@example.no"}, {"display_name", "Per 2"}, {"password", default_password}});
    CHECK(dup.status == 409);
    CHECK(dup.error_code() == "conflict");
    auto dup_case = a.post("user.create", {{"email", "PER@example.no"}, {"display_name", "Per 3"}, {"password", default_password}});
    CHECK(dup_case.status == 409);
    auto weak = a.post("user.create", {{"email", "new@example.no"}, {"display_name", "New"}, {"password", "short"}});
    CHECK(weak.status == 400);
    CHECK(weak.error_code() == "bad_request");
    auto bad_mail = a.post("user.create", {{"email", "not-an-address"}, {"display_name", "New"}, {"password", default_password}});
    CHECK(bad_mail.error_code() == "bad_request");
    auto bad_org = a.post("user.create", {{"email", "new@example.no"}, {"display_name", "New"}, {"password", default_password},
                                          {"org_id", 999}});
    CHECK(bad_org.error_code() == "bad_request");
    auto bad_lang = a.post("user.create", {{"email", "new@example.no"}, {"display_name", "New"}, {"password", default_password},
                                           {"language", "de"}});
    CHECK(bad_lang.error_code() == "bad_request");
    // The minimum is 10 characters (code points), not bytes: nine letters of two bytes each fail.
    auto nine = a.post("user.create", {{"email", "new@example.no"}, {"display_name", "New"}, {"password", "æøåæøåæøå"}});
    CHECK(nine.error_code() == "bad_request");
    auto no_name = a.post("user.create", {{"email", "new@example.no"}, {"password", default_password}});
    CHECK(no_name.error_code() == "bad_request");
    CHECK(no_name.body_json["error"]["message"].get<std::string>().find("display_name") != std::string::npos);
    CHECK(a.post("user.list").body_json["users"] == before);
  }

  SUBCASE("a password of exactly ten characters is enough") {
    auto ten = a.post("user.create", {{"email", "ten@example.no"}, {"display_name", "Ten"}, {"password", "æøåæøåæøåæ"}});
    CHECK(ten.status == 200);
    auto ten_login = site.login("ten@example.no", "æøåæøåæøåæ");
    CHECK(ten_login->post("auth.me").body_json["user"]["email"] == "ten@example.no");
  }

  SUBCASE("updates") {
    auto upd = a.post("user.update", {{"id", per_id}, {"display_name", "Per Persen"}, {"language", "nb"}});
    REQUIRE(upd.status == 200);
    CHECK(upd.body_json["user"]["display_name"] == "Per Persen");
    CHECK(upd.body_json["user"]["language"] == "nb");
    CHECK(a.post("user.update", {{"id", 9999}, {"display_name", "Nobody"}}).error_code() == "not_found");
    CHECK(a.post("user.update", {{"id", per_id}, {"language", "xx"}}).error_code() == "bad_request");
    // A failed update changes nothing, not even the fields that were valid.
    auto mixed = a.post("user.update", {{"id", per_id}, {"display_name", "Changed"}, {"org_id", 4242}});
    CHECK(mixed.error_code() == "bad_request");
    auto after = a.post("user.list").body_json["users"];
    bool found = false;
    for (auto const& x : after)
      if (x["id"] == per_id) {
        found = true;
        CHECK(x["display_name"] == "Per Persen");
      }
    CHECK(found);
    // The last administrator can be neither demoted nor disabled.
    auto admin_id = site.admin_user["id"];
    CHECK(a.post("user.update", {{"id", admin_id}, {"is_admin", false}}).error_code() == "conflict");
    CHECK(a.post("user.update", {{"id", admin_id}, {"disabled", true}}).error_code() == "conflict");
    CHECK(a.post("auth.me").status == 200);  // and the refused disable ended no session
  }

  SUBCASE("non-administrators are refused") {
    auto per = site.login("per@example.no", default_password);
    CHECK(per->post("user.list").status == 403);
    CHECK(per->post("user.list").error_code() == "forbidden");
    CHECK(per->post("user.create", {{"email", "x@example.no"}, {"display_name", "X"}, {"password", default_password}})
              .status == 403);
    CHECK(per->post("user.update", {{"id", per_id}, {"is_admin", true}}).status == 403);
    CHECK(a.post("user.list").body_json["users"] == before);
  }
}

TEST_CASE("team.list shows the four seed teams") {
  arena_site site;
  ARENA_LOG_ON_FAILURE(site);
  auto r = site.admin.post("team.list");
  REQUIRE(r.status == 200);
  auto const& teams = r.body_json["teams"];
  std::vector<std::string> names;
  for (auto const& t : teams) {
    names.push_back(t["name"]);
    CHECK(t["archived"] == false);
    CHECK(t["my_role"].is_null());
    CHECK(t["member_count"] == 0);
    CHECK(t["id"].is_number_integer());
    CHECK(t["slug"].is_string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"Bygg og anlegg", "IKT", "Medisinsk materiell", "Tekstil"});

  auto ikt = site.team_id("IKT");
  auto one = site.admin.post("team.get", {{"team_id", ikt}});
  REQUIRE(one.status == 200);
  CHECK(one.body_json["team"]["slug"] == "ikt");
  CHECK(site.admin.post("team.get", {{"team_id", 999}}).error_code() == "not_found");

  auto made = site.admin.post("team.create", {{"name", "Mat og drikke"}, {"slug", "mat"}});
  REQUIRE(made.status == 200);
  CHECK(site.admin.post("team.create", {{"name", "Mat og drikke"}, {"slug", "mat2"}}).error_code() == "conflict");
  CHECK(site.admin.post("team.list").body_json["teams"].size() == 5);
}
