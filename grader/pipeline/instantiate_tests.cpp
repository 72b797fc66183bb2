// Step: AUTOTEST expansion (see instantiate_tests.hpp for nbgrader's rules followed here).
#include "grader/pipeline/instantiate_tests.hpp"

#include <cctype>
#include <stdexcept>

#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/autotest_templates.hpp"
#include "grader/pipeline/template_render.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::pipeline {
namespace {
using notebook::Json;

constexpr std::string_view kDelimiter = "AUTOTEST";
constexpr std::string_view kHashedDelimiter = "HASHED";

// A problem in one cell: ends the step, reported with the cell.
struct AutotestFailure : std::runtime_error {
  AutotestFailure(const std::string& message, std::string hint_)
      : std::runtime_error(message), hint(std::move(hint_)) {}
  std::string hint;
};

// Python's str.strip(chars) for a set of characters.
std::string strip(std::string_view text, std::string_view chars) {
  const auto first = text.find_first_not_of(chars);
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(chars) - first + 1));
}
std::string strip_space(std::string_view text) {
  return strip(text, " \t\n\r\v\f");
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) text += (i ? "\n" : "") + lines[i];
  return text;
}

std::string render(std::string_view source, const TemplateValues& values, const std::string& what) {
  auto rendered = render_template(source, values);
  if (!rendered.error.empty())
    throw AutotestFailure(what + " template: " + rendered.error,
                          "use only {{ name }} substitutions");
  return rendered.text;
}

// The expressions after the delimiter: split on ';', stripped, the first empty one dropped.
std::vector<std::string> snippets_of(const std::string& line) {
  const std::string rest =
      strip(std::string_view(line).substr(line.find(kDelimiter) + kDelimiter.size()), ";");
  auto snippets = split(rest, ';');
  for (auto& s : snippets) s = strip_space(s);
  for (auto it = snippets.begin(); it != snippets.end(); ++it)
    if (it->empty()) {
      snippets.erase(it);
      break;
    }
  return snippets;
}

struct InstantiatedTest {
  std::string code;     // the test expression with the snippet in
  std::string value;    // what the kernel printed for it, quotes stripped ("None": nothing)
  std::string message;  // the failure message, double quotes escaped
};

class CellExpander {
 public:
  CellExpander(AutotestKernel& kernel, const AutotestTemplates& t) : kernel_(kernel), t_(t) {}

  // nbgrader's _execute_code_snippet: the sanitized text/plain of the last result, if any.
  std::optional<std::string> run(const std::string& code) {
    if (strip_space(code).empty()) return std::nullopt;  // nothing to run, nothing shown
    const KernelRun result = kernel_.run(code);
    if (!result.ok)
      throw AutotestFailure(
          "running this code at release raised " + result.error + ":\n" + code,
          "the notebook must run top to bottom with its solutions (nbgrader runs it too)");
    if (!result.text_plain) return std::nullopt;
    return strip(strip(*result.text_plain, "\""), "'");
  }

  std::vector<InstantiatedTest> instantiate(const std::string& snippet,
                                            const std::optional<std::string>& salt) {
    const auto dispatched = run(render(t_.dispatch, {{"snippet", snippet}}, "dispatch"));
    const auto fallback = t_.by_type.find("default");
    if (fallback == t_.by_type.end())
      throw AutotestFailure(
          t_.file.string() + " has no templates.default (nbgrader requires it)",
          "add a default: list of {test, fail} for types without their own templates");
    const auto typed = dispatched ? t_.by_type.find(*dispatched) : t_.by_type.end();
    const auto& cases = typed != t_.by_type.end() ? typed->second : fallback->second;
    std::vector<InstantiatedTest> tests;
    for (const auto& c : cases) {
      InstantiatedTest test;
      test.message = render(c.fail, {{"snippet", snippet}}, "fail");
      for (std::size_t at = 0; (at = test.message.find('"', at)) != std::string::npos; at += 2)
        test.message.insert(at, "\\");
      std::string templ = render(t_.normalize, {{"snippet", c.test}}, "normalize");
      if (salt) templ = render(*t_.hash, {{"snippet", templ}, {"salt", *salt}}, "hash");
      test.code = render(templ, {{"snippet", snippet}}, "test");
      test.value = run(test.code).value_or("None");
      tests.push_back(std::move(test));
    }
    return tests;
  }

  std::string expand(const std::string& source, std::size_t index, bool is_grade);

 private:
  AutotestKernel& kernel_;
  const AutotestTemplates& t_;
};

std::string CellExpander::expand(const std::string& source, std::size_t index, bool is_grade) {
  long salt = autotest_salt_seed(source, index);
  bool setup_inserted = false;
  std::vector<std::string> pending, lines;
  for (const auto& line : split(source, '\n')) {
    if (line.find(kDelimiter) == std::string::npos || strip_space(line).rfind('#', 0) != 0) {
      lines.push_back(line);
      pending.push_back(line);
      continue;
    }
    run(join(pending));
    pending.clear();
    if (!is_grade)
      throw AutotestFailure(
          "AUTOTEST directive in a cell that is not a grade cell",
          "make the cell an \"Autograder tests\" cell (grade: true, with points)");
    if (t_.setup && !setup_inserted) {
      lines.push_back(*t_.setup);
      setup_inserted = true;
      run(*t_.setup);
    }
    const bool hashed =
        line.substr(0, line.find(kDelimiter)).find(kHashedDelimiter) != std::string::npos;
    if (hashed && !t_.hash)
      throw AutotestFailure("HASHED AUTOTEST, but " + t_.file.string() + " has no hash template",
                            "add a hash: template (e.g. "
                            "sha1({{snippet}}.encode(\"utf-8\")+b\"{{salt}}\").hexdigest())");
    for (const auto& snippet : snippets_of(line)) {
      std::optional<std::string> salt_text;
      if (hashed) {
        char hex[32];
        std::snprintf(hex, sizeof hex, "%lx", ++salt);
        salt_text = hex;
      }
      for (const auto& test : instantiate(snippet, salt_text))
        lines.push_back(render(
            t_.check, {{"snippet", test.code}, {"value", test.value}, {"message", test.message}},
            "check"));
      lines.emplace_back();
    }
  }
  if (is_grade && source.find(kDelimiter) != std::string::npos && t_.success) {
    lines.push_back(*t_.success);
    pending.push_back(*t_.success);
  }
  run(join(pending));
  return join(lines);
}

// The kernel name nbgrader looks up (comment string "#" and quote-stripping sanitizer).
std::string python_kernel_name(const notebook::Notebook& nb) {
  const Json& metadata = nb.metadata();
  const auto spec = metadata.find("kernelspec");
  const std::string name =
      spec != metadata.end() && spec->is_object() ? spec->value("name", std::string()) : "";
  if (name != "python3" && name != "python")
    throw AutotestFailure(
        "AUTOTEST needs a Python kernel, the notebook's kernelspec is \"" + name + "\"",
        "gradebox runs python3 notebooks (nbgrader's comment_strs/sanitizers)");
  return name;
}

}  // namespace

bool has_autotest_directives(const notebook::Notebook& nb) {
  for (const auto& cell : nb.cells())
    if (notebook::cell_type(cell) == "code" &&
        notebook::cell_source(cell).find(kDelimiter) != std::string::npos)
      return true;
  return false;
}

long autotest_salt_seed(const std::string& source, std::size_t cell_index) {
  long remainder = 0;
  for (const char digit : records::sha256_hex(source + std::to_string(cell_index)))
    remainder =
        (remainder * 16 +
         (std::isdigit(static_cast<unsigned char>(digit)) ? digit - '0' : digit - 'a' + 10)) %
        1000000;
  return remainder;
}

AutotestKernelFactory lint_kernel() {
  struct LintKernel : AutotestKernel {
    KernelRun run(const std::string&) override { return {}; }
  };
  return [](const std::filesystem::path&) { return std::make_unique<LintKernel>(); };
}

Step instantiate_tests(AutotestSetup setup) {
  return {
      "instantiate autotests",
      [setup = std::move(setup)](notebook::Notebook& nb, StepContext& context) {
        if (!has_autotest_directives(nb)) return;
        std::optional<std::size_t> at;  // the cell being expanded
        try {
          const std::string kernel_name = python_kernel_name(nb);
          auto loaded = load_autotests(setup.notebook_dir, setup.course_root, kernel_name);
          for (auto& p : loaded.problems) context.problems.push_back(std::move(p));
          if (!loaded.templates) return;
          if (!setup.open_kernel)
            throw AutotestFailure("AUTOTEST needs a sandboxed kernel to compute expected values",
                                  "run `gradebox release` (check cannot evaluate them)");
          const auto kernel = setup.open_kernel(setup.notebook_dir);
          CellExpander expander(*kernel, *loaded.templates);
          for (std::size_t index = 0; index < nb.cell_count(); ++index) {
            at = index;
            auto& cell = nb.cell(index);
            const std::string source = notebook::cell_source(cell);
            if (notebook::cell_type(cell) != "code" || source.empty()) continue;
            const std::string expanded = expander.expand(source, index, notebook::is_grade(cell));
            if (expanded != source) notebook::set_cell_source(cell, expanded);
          }
        } catch (const AutotestFailure& e) {
          if (at)
            report_cell(context, nb, *at, notebook::Severity::error, e.what(), e.hint);
          else
            context.problems.push_back(
                {notebook::Severity::error, nb.origin(), std::nullopt, "", e.what(), e.hint});
        } catch (const std::runtime_error& e) {
          context.problems.push_back(
              {notebook::Severity::error, nb.origin(), std::nullopt, "",
               std::string("cannot start a kernel for AUTOTEST: ") + e.what(),
               "see `gradebox doctor`"});
        }
      }};
}

}  // namespace gradebox::pipeline
