// Owns the cmark-gfm parser set-up and rendering.
#include "grader/feedback/markdown_render.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "grader/feedback/markdown_math.hpp"

namespace gradebox::feedback {
namespace {

// CMARK_OPT_UNSAFE is deliberately absent: without it cmark-gfm omits raw HTML and unsafe URLs.
constexpr int kOptions =
    CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES | CMARK_OPT_GITHUB_PRE_LANG;
constexpr const char* kExtensions[] = {"table", "strikethrough", "autolink", "tagfilter",
                                       "tasklist"};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct CStringDeleter {
  void operator()(char* s) const { std::free(s); }
};

struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

void inline_images(cmark_node* document, const MarkdownImageSources& images) {
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document));
  for (cmark_event_type event; (event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (event != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_IMAGE) continue;
    const char* url = cmark_node_get_url(node);
    if (!url) continue;
    if (const auto uri = markdown_image_uri(url, images)) cmark_node_set_url(node, uri->c_str());
  }
}

}  // namespace

std::string render_markdown(std::string_view text, const MarkdownImageSources* images) {
  const ProtectedMarkdown protected_text = protect_math(text);
  const std::string& markdown = protected_text.markdown;
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
  if (!parser) throw std::bad_alloc();
  for (const char* name : kExtensions) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
  if (!document) throw std::bad_alloc();
  if (images) inline_images(document.get(), *images);
  std::unique_ptr<char, CStringDeleter> html(cmark_render_html(
      document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get())));
  if (!html) throw std::bad_alloc();
  return restore_math(html.get(), protected_text.spans);
}

}  // namespace gradebox::feedback
