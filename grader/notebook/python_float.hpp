// Python's repr() of a float, the text nbgrader hashes for points and Jupyter writes into JSON.
#pragma once

#include <string>

namespace gradebox::notebook {

// Shortest round-tripping digits laid out as CPython's float_repr does: fixed notation with a
// trailing ".0" when the decimal exponent is in [-4, 16), otherwise "1e+16" / "1e-05" style.
// Non-finite values follow Python's json module ("Infinity", "-Infinity", "NaN").
std::string python_float_repr(double value);

}  // namespace gradebox::notebook
