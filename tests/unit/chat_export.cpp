// Exports and Oslo time.
#include "chat/export.hpp"
#include "chat/oslo_time.hpp"
#include "util/clock.hpp"

#include <doctest/doctest.h>

using namespace arena;

TEST_CASE("Oslo time follows CET and EU summer time") {
  auto at = [](char const* s) { return *util::parse_rfc3339(s); };
  CHECK(chat::format_oslo(at("2026-01-15T12:00:00Z")) == "2026-01-15 13:00");
  CHECK(chat::format_oslo(at("2026-07-01T22:30:00Z")) == "2026-07-02 00:30");
  CHECK(chat::format_oslo(at("2026-03-29T00:59:00Z")) == "2026-03-29 01:59");
  CHECK(chat::format_oslo(at("2026-03-29T01:00:00Z")) == "2026-03-29 03:00");
  CHECK(chat::format_oslo(at("2026-10-25T00:59:00Z")) == "2026-10-25 02:59");
  CHECK(chat::format_oslo(at("2026-10-25T01:00:00Z")) == "2026-10-25 02:00");
  CHECK(chat::oslo_midnight("2026-11-25") == at("2026-11-24T23:00:00Z"));
  CHECK(chat::oslo_midnight("2026-06-01") == at("2026-05-31T22:00:00Z"));
  CHECK_FALSE(chat::oslo_midnight("2026-13-01"));
  CHECK_FALSE(chat::oslo_midnight("26-1-1"));
}

TEST_CASE("a Markdown export names author, organisation, Oslo time, channel and topic; tombstones stay") {
  chat::channel ch;
  ch.id = 1;
  ch.name = "Generelt";
  chat::message a;
  a.seq = 1;
  a.author_name = "Kari";
  a.org_name = "Helse Vest";
  a.topic = "Tekstil";
  a.body = "Første melding";
  a.archive_worthy = true;
  a.created_at = *util::parse_rfc3339("2026-11-25T09:00:00Z");
  chat::message b = a;
  b.seq = 2;
  b.deleted = true;
  b.body = "";
  b.archive_worthy = false;
  auto md = chat::export_markdown("IKT", ch, std::nullopt, {a, b});
  CHECK(md.find("# IKT / Generelt") == 0);
  CHECK(md.find("## #1 Kari (Helse Vest) — 2026-11-25 10:00 — Generelt › Tekstil") != std::string::npos);
  CHECK(md.find("**Arkivverdig**") != std::string::npos);
  CHECK(md.find("Første melding") != std::string::npos);
  CHECK(md.find("## #2 Kari") != std::string::npos);
  CHECK(md.find("*[slettet]*") != std::string::npos);
  CHECK(chat::export_filename(ch, std::string("Risiko / tekstil"), "md") == "Generelt-Risiko---tekstil.md");
}
