// Unit tests for util/orgnr: Norwegian organisation numbers and ISO 3166-1 alpha-2 codes.
#include "util/orgnr.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

using arena::util::normalize_orgnr;
using arena::util::valid_country_code;
using arena::util::valid_orgnr;

TEST_CASE("orgnr: valid numbers") {
  // 9 8 3 9 7 4 8 8 . weights 3 2 7 6 5 4 3 2:
  // 27+16+21+54+35+16+24+16 = 209 = 19*11, r = 0, check 11 -> 0.
  CHECK(valid_orgnr("983974880"));
  // 9 7 4 7 6 0 6 7: 27+14+28+42+30+0+18+14 = 173, r = 8, check 11-8 = 3.
  CHECK(valid_orgnr("974760673"));
  // 0 0 0 0 0 0 0 0: sum 0, r = 0, check 0.
  CHECK(valid_orgnr("000000000"));
}

TEST_CASE("orgnr: a wrong check digit is rejected") {
  CHECK_FALSE(valid_orgnr("983974881"));
  CHECK_FALSE(valid_orgnr("974760672"));
  CHECK_FALSE(valid_orgnr("974760674"));
  // Every single-digit change of a valid number is caught (weights are all non-zero mod 11).
  std::string good = "974760673";
  for (std::size_t pos = 0; pos < good.size(); ++pos) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == good[pos]) continue;
      std::string changed = good;
      changed[pos] = d;
      CAPTURE(changed);
      CHECK_FALSE(valid_orgnr(changed));
    }
  }
}

TEST_CASE("orgnr: a prefix whose check digit would be 10 has no valid number") {
  // Prefix 97476069 (974760673's prefix with the last 7 raised to 9, adding 2*2 = 4):
  // 9*3 + 7*2 + 4*7 + 7*6 + 6*5 + 0*4 + 6*3 + 9*2 = 27+14+28+42+30+0+18+18 = 177
  // 177 = 16*11 + 1, so r = 1 and the check digit would be 11 - 1 = 10: invalid for all ten.
  for (char d = '0'; d <= '9'; ++d) {
    std::string number = std::string("97476069") + d;
    CAPTURE(number);
    CHECK_FALSE(valid_orgnr(number));
  }
}

TEST_CASE("orgnr: shape") {
  CHECK_FALSE(valid_orgnr(""));
  CHECK_FALSE(valid_orgnr("98397488"));     // 8 digits
  CHECK_FALSE(valid_orgnr("9839748800"));   // 10 digits
  CHECK_FALSE(valid_orgnr("983 974 880"));  // spaces: normalise first
  CHECK_FALSE(valid_orgnr("98397488O"));    // letter O
  CHECK_FALSE(valid_orgnr("-83974880"));
  CHECK_FALSE(valid_orgnr("+83974880"));
  CHECK_FALSE(valid_orgnr("983974880MVA"));
  CHECK_FALSE(valid_orgnr(std::string_view("98397488\0", 9)));
  CHECK_FALSE(valid_orgnr("\xD9\xA9\xD9\xA8\xD9\xA3\xD9\xA9\xD9"));  // Arabic-Indic digits, 9 bytes
}

TEST_CASE("orgnr: normalize strips the spaces people type") {
  CHECK(normalize_orgnr("983 974 880") == "983974880");
  CHECK(normalize_orgnr(" 983974880\t") == "983974880");
  CHECK(normalize_orgnr("983\xC2\xA0" "974\xC2\xA0" "880") == "983974880");  // NBSP
  CHECK(normalize_orgnr("983\xE2\x80\xAF" "974\xE2\x80\xAF" "880") == "983974880");  // NNBSP
  CHECK(normalize_orgnr("983974880") == "983974880");
  CHECK(normalize_orgnr("") == "");
  CHECK(normalize_orgnr("   ") == "");
  // Other characters stay, so validation still rejects them.
  CHECK(normalize_orgnr("983-974-880") == "983-974-880");
  CHECK(normalize_orgnr("983\xC2") == "983\xC2");  // a lone lead byte is kept, not misread
  CHECK(valid_orgnr(normalize_orgnr("983 974 880")));
  CHECK(valid_orgnr(normalize_orgnr("974 760 673")));
  CHECK_FALSE(valid_orgnr(normalize_orgnr("974 760 674")));
}

TEST_CASE("country codes") {
  for (char const* c : {"NO", "SE", "DK", "FI", "IS", "DE", "GB", "US", "AX", "SJ", "BV", "AD",
                        "ZW", "SS", "BQ", "CW", "SX"}) {
    CAPTURE(c);
    CHECK(valid_country_code(c));
  }
  for (char const* c : {"", "N", "NOR", "no", "No", "nO", "XK", "UK", "EU", "AN", "YU", "CS",
                        "ZZ", "AA", "QZ", "XA", "N1", "1N", " NO"}) {
    CAPTURE(c);
    CHECK_FALSE(valid_country_code(c));
  }
  CHECK_FALSE(valid_country_code(std::string_view("N\0", 2)));
  int assigned = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) assigned += valid_country_code(std::string{a, b}) ? 1 : 0;
  }
  CHECK(assigned == 249);
}
