// Users and organisations in the store. Reads take a read-only connection (a pool thread's);
// writes take the writer's connection and run inside a writer job. Stateless; thread-safe in
// the sense that each call is confined to the connection's thread.
#pragma once

#include "accounts/model.hpp"
#include "store/connection.hpp"
#include "util/error.hpp"

#include <vector>

namespace arena::accounts {

struct new_user {
  std::string email;
  std::string display_name;
  std::string password_hash;  // argon2id, encoded
  std::optional<std::int64_t> org_id;
  std::string language = "nb";
  bool is_admin = false;
};

struct user_changes {
  std::optional<std::string> display_name;
  std::optional<std::optional<std::int64_t>> org_id;
  std::optional<std::string> language;
  std::optional<bool> is_admin;
  std::optional<bool> disabled;
};

// Checks what the schema cannot: e-mail shape, name length, language. bad_request on failure.
status validate_email(std::string_view email);
status validate_display_name(std::string_view name);
status validate_language(std::string_view lang);

result<user> find_user(store::connection& db, std::int64_t id);
result<user> find_user_by_email(store::connection& db, std::string_view email);
std::optional<std::string> password_hash_of(store::connection& db, std::int64_t user_id);
std::vector<user> list_users(store::connection& db);
bool any_admin(store::connection& db);

result<user> create_user(store::connection& w, new_user const& u);
result<user> update_user(store::connection& w, std::int64_t id, user_changes const& c);
status set_password_hash(store::connection& w, std::int64_t id, std::string const& hash);

struct org_input {
  std::string name;
  std::optional<std::string> orgnr;
  std::optional<std::string> foreign_id;
  std::optional<std::string> country;
};
// Normalises and validates (mod-11 orgnr, or foreign id with a country). bad_request on failure.
result<org_input> validate_org(org_input in);
std::vector<organisation> list_orgs(store::connection& db);
result<organisation> find_org(store::connection& db, std::int64_t id);
result<organisation> create_org(store::connection& w, org_input const& in);
result<organisation> update_org(store::connection& w, std::int64_t id, org_input const& in);

}  // namespace arena::accounts
