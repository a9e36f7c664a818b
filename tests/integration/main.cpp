// The integration test runner (doctest). Each test file covers one concern; see harness.hpp.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
