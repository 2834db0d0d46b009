// The engine's unit tests: one doctest binary, run natively and as WebAssembly
// under node (ctest runs both; see tests/tests.cmake).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest.h>
