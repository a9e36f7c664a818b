// Identifiers of organisations: Norwegian organisation numbers and ISO 3166-1 country codes.
//
// A Norwegian organisation number (organisasjonsnummer, from Brønnøysundregistrene) is nine
// digits whose last one is a modulus-11 check digit: multiply the first eight digits by the
// weights 3 2 7 6 5 4 3 2, sum, take r = sum mod 11; the check digit is 11 - r, where 11 means 0
// and 10 means no valid number has that prefix. This catches every single wrong digit and most
// swaps of neighbours; it does not prove that the organisation exists.
//
// Thread-safety: pure functions over constant tables; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace arena::util {

// True iff `s` is exactly nine ASCII digits with a correct check digit. No spaces allowed:
// call normalize_orgnr() first on what a person typed.
bool valid_orgnr(std::string_view s) noexcept;

// Removes the spacing people put in numbers ("983 974 880", "983\u00a0974\u00a0880"): ASCII
// space and tab, U+00A0 NO-BREAK SPACE and U+202F NARROW NO-BREAK SPACE. Nothing else is
// changed, so the result still has to pass valid_orgnr().
std::string normalize_orgnr(std::string_view s);

// True iff `s` is an officially assigned ISO 3166-1 alpha-2 code, upper case ("NO", "SE").
// User-assigned codes (XK for Kosovo, AA, QM..QZ, XA..XZ, ZZ), reserved codes (EU, UK) and
// withdrawn ones (AN, CS, YU) are rejected.
bool valid_country_code(std::string_view s) noexcept;

}  // namespace arena::util
