#include "util/orgnr.hpp"

#include <algorithm>
#include <array>

namespace arena::util {
namespace {

constexpr std::array<int, 8> weights{3, 2, 7, 6, 5, 4, 3, 2};

// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted, so lookup is a binary search.
constexpr std::array<std::string_view, 249> country_codes{
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
    "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
    "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
    "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
    "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
    "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};
static_assert(std::is_sorted(country_codes.begin(), country_codes.end()));
static_assert(std::adjacent_find(country_codes.begin(), country_codes.end()) ==
              country_codes.end());

}  // namespace

bool valid_orgnr(std::string_view s) noexcept {
  if (s.size() != 9) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  int sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) sum += weights[i] * (s[i] - '0');
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;  // no number is issued with this prefix
  return s[8] - '0' == check;
}

std::string normalize_orgnr(std::string_view s) {
  constexpr std::string_view nbsp = "\xC2\xA0";             // U+00A0
  constexpr std::string_view narrow_nbsp = "\xE2\x80\xAF";  // U+202F
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::string_view rest = s.substr(i);
    if (s[i] == ' ' || s[i] == '\t') {
      i += 1;
    } else if (rest.starts_with(nbsp)) {
      i += nbsp.size();
    } else if (rest.starts_with(narrow_nbsp)) {
      i += narrow_nbsp.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

bool valid_country_code(std::string_view s) noexcept {
  if (s.size() != 2) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return std::binary_search(country_codes.begin(), country_codes.end(), s);
}

}  // namespace arena::util
