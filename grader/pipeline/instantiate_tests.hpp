// Step: nbgrader's InstantiateTests (0.9.5). In grade cells, a comment line containing
// `AUTOTEST expr1; expr2` (`HASHED AUTOTEST ...` before it: hashed) becomes the autotests.yml
// tests of each expression, with their expected values computed by running the notebook so far in
// a sandboxed kernel, exactly as nbgrader renders them (same templates, same salts), so released
// tests are byte-identical to nbgrader's:
//   - every non-empty code cell runs in order, its lines up to each directive first;
//   - the first directive of a cell inserts `setup`; each expression is dispatched on the kernel's
//     text/plain of `dispatch` (e.g. `type(x)` -> "list"), falling back to templates.default;
//   - each test template is wrapped in `normalize` (and `hash` with a salt), evaluated, and
//     `check` is rendered with the test, its value (quotes stripped) and the failure message;
//   - salt: sha256(cell source + cell index) mod 10^6, plus one per hashed expression, in hex;
//   - a grade cell with directives ends with `success`.
// Problems (file, cell): a directive outside a grade cell, a non-Python kernel, no or bad
// autotests.yml, HASHED without `hash`, a type without a template and no default, code that raises.
#pragma once

#include <filesystem>

#include "grader/pipeline/autotest_kernel.hpp"
#include "grader/pipeline/step.hpp"

namespace gradebox::pipeline {

struct AutotestSetup {
  std::filesystem::path notebook_dir;  // the notebook's folder under source/ (autotests.yml, cwd)
  std::filesystem::path course_root;   // the fallback autotests.yml
  AutotestKernelFactory open_kernel;   // empty: notebooks with directives are an error
};

Step instantiate_tests(AutotestSetup setup);

// A kernel that runs nothing (every value None, so every type takes templates.default): `check`
// renders every directive with it to find template and metadata problems without executing.
AutotestKernelFactory lint_kernel();

// Whether any code cell holds the AUTOTEST delimiter (nbgrader only then starts a kernel).
bool has_autotest_directives(const notebook::Notebook& nb);

// nbgrader's per-cell salt seed: int(sha256(source + str(index)).hexdigest(), 16) % 10**6.
long autotest_salt_seed(const std::string& source, std::size_t cell_index);

}  // namespace gradebox::pipeline
