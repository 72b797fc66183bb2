// python_float_repr against values printed by CPython 3.11's repr().
#include "grader/notebook/python_float.hpp"

#include <catch2/catch.hpp>
#include <limits>

using gradebox::notebook::python_float_repr;

TEST_CASE("python float repr matches CPython", "[grader][notebook]") {
  CHECK(python_float_repr(1.0) == "1.0");
  CHECK(python_float_repr(0.5) == "0.5");
  CHECK(python_float_repr(1e16) == "1e+16");
  CHECK(python_float_repr(1e15) == "1000000000000000.0");
  CHECK(python_float_repr(1e-05) == "1e-05");
  CHECK(python_float_repr(0.0001) == "0.0001");
  CHECK(python_float_repr(0.0) == "0.0");
  CHECK(python_float_repr(-0.0) == "-0.0");
  CHECK(python_float_repr(2.0) == "2.0");
  CHECK(python_float_repr(10.0) == "10.0");
  CHECK(python_float_repr(0.1) == "0.1");
  CHECK(python_float_repr(1.5) == "1.5");
  CHECK(python_float_repr(123.456) == "123.456");
  CHECK(python_float_repr(1.0 / 3) == "0.3333333333333333");
  CHECK(python_float_repr(1.234e-7) == "1.234e-07");
  CHECK(python_float_repr(1.5e300) == "1.5e+300");
  CHECK(python_float_repr(-2.5e-10) == "-2.5e-10");
  CHECK(python_float_repr(123456789012345678.0) == "1.2345678901234568e+17");
  CHECK(python_float_repr(5e-324) == "5e-324");
  CHECK(python_float_repr(std::numeric_limits<double>::infinity()) == "Infinity");
  CHECK(python_float_repr(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}
