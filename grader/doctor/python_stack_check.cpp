// Imports and uses each module of the stack in one sandboxed session.
#include "grader/doctor/python_stack_check.hpp"

#include <algorithm>
#include <map>

namespace gradebox::doctor {
namespace {

struct StackModule {
  std::string name;
  std::string use;             // a statement that exercises it (after `import <name>`)
  std::string debian_package;  // what installs it
};

const std::vector<StackModule> kStack = {
    {"numpy", "numpy.linalg.inv(numpy.eye(3))", "python3-numpy"},
    {"pandas", "pandas.DataFrame({'a': [1, 2, 3]}).describe()", "python3-pandas"},
    {"scipy",
     "import scipy.linalg, scipy.optimize; scipy.linalg.inv([[2.0, 0], [0, 2.0]]); "
     "scipy.optimize.minimize_scalar(lambda x: (x - 1) ** 2)",
     "python3-scipy"},
    {"sklearn",
     "import sklearn.linear_model; "
     "sklearn.linear_model.LinearRegression().fit([[0], [1], [2]], [0, 1, 2])",
     "python3-sklearn"},
    {"statsmodels",
     "import statsmodels.api; statsmodels.api.OLS([1.0, 2.0, 3.1], "
     "statsmodels.api.add_constant([1.0, 2.0, 3.0])).fit()",
     "python3-statsmodels"},
    {"sympy", "sympy.integrate(sympy.Symbol('x') ** 2)", "python3-sympy"},
    {"numba", "assert numba.njit(lambda x: x + 1)(1) == 2", "python3-numba"},
    {"matplotlib",
     "import io, matplotlib.pyplot as plt; plt.plot([1, 2]); "
     "plt.savefig(io.BytesIO(), format='png'); plt.close('all')",
     "python3-matplotlib"},
    {"ipywidgets", "ipywidgets.IntSlider(value=1)", "python3-ipywidgets"},
};

// The cell: prints "missing" when the module is not installed, raises when it fails.
std::string check_cell(const StackModule& module) {
  return "import importlib.util\n"
         "if importlib.util.find_spec('" +
         module.name +
         "') is None:\n"
         "    print('missing', end='')\n"
         "else:\n"
         "    import " +
         module.name +
         "\n"
         "    " +
         module.use + "\n";
}

struct Outcome {
  bool missing = false;
  std::string failure;  // "" when it worked
};

Outcome run_check(runtime::Session& session, const StackModule& module) {
  runtime::ExecuteRequest request;
  request.code = check_cell(module);
  std::string out;
  const auto verdict = session.execute(request, [&](const runtime::Event& event) {
    if (const auto* stream = std::get_if<runtime::StreamEvent>(&event)) out += stream->text;
  });
  if (verdict.verdict == runtime::VerdictKind::ok) return {out == "missing", ""};
  return {false, std::string(runtime::to_string(verdict.verdict)) + ": " + verdict.reason};
}

CheckRow row_for(const StackModule& module, const Outcome& outcome, bool preloaded,
                 bool configured) {
  const std::string install =
      "apt-get install " + module.debian_package + " (scripts/install-deps.sh)";
  if (!outcome.failure.empty())
    return {module.name, CheckStatus::fail, "fails in a sandboxed session: " + outcome.failure,
            "the sandbox (seccomp, Landlock, limits) or the package breaks it: see the error; "
            "`gradebox-run --probe` lists the host's layers"};
  if (!outcome.missing)
    return {
        module.name, CheckStatus::pass,
        std::string(preloaded ? "preloaded; " : "") + "imports and works in a sandboxed session",
        ""};
  if (!preloaded) return {module.name, CheckStatus::skip, "not installed", ""};
  return {module.name, configured ? CheckStatus::fail : CheckStatus::warn,
          "in the preload list but not installed: `import " + module.name + "` fails in cells",
          install};
}

}  // namespace

std::vector<std::string> python_stack_modules() {
  std::vector<std::string> names;
  for (const auto& module : kStack) names.push_back(module.name);
  return names;
}

CheckRows check_python_stack(runtime::Runtime& runtime, const std::vector<std::string>& preload,
                             bool configured) {
  std::vector<StackModule> modules = kStack;
  for (const auto& name : preload)
    if (std::none_of(modules.begin(), modules.end(), [&](const auto& m) { return m.name == name; }))
      modules.push_back({name, "pass", "the Debian package providing " + name});
  CheckRows rows;
  std::unique_ptr<runtime::Session> session;
  try {
    session = runtime.open_session({});
  } catch (const std::exception& e) {
    for (const auto& module : modules)
      rows.push_back({module.name, CheckStatus::skip, std::string("no session: ") + e.what(), ""});
    return rows;
  }
  for (const auto& module : modules) {
    const bool preloaded = std::find(preload.begin(), preload.end(), module.name) != preload.end();
    rows.push_back(row_for(module, run_check(*session, module), preloaded, configured));
    if (!session->alive()) session = runtime.open_session({});
  }
  session->close();
  return rows;
}

}  // namespace gradebox::doctor
