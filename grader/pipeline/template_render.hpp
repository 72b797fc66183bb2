// The subset of Jinja2 that nbgrader's autotests.yml templates use: `{{ name }}` substitution,
// rendered as jinja2.Environment(loader=BaseLoader).from_string(t).render(...) renders it:
// newlines normalised to "\n", one trailing newline of the template dropped, values inserted
// verbatim (no autoescape, never re-evaluated), an unknown name renders as "".
// Anything else Jinja would interpret ({% ... %}, {# ... #}, filters, expressions) is refused with
// a message, never rendered differently from Jinja.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace gradebox::pipeline {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

struct RenderedTemplate {
  std::string text;
  std::string error;  // non-empty: the template uses syntax gradebox does not render
};

RenderedTemplate render_template(std::string_view source, const TemplateValues& values);

}  // namespace gradebox::pipeline
