// The reliability suites' runner (doctest): the real server under crashes, faults, load and abuse.
// See docs/RELIABILITY.md for the guarantee each case proves.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
