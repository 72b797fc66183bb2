// Images a markdown cell refers to, made self-contained data: URIs for the feedback page (whose
// CSP allows only data: images):
//   ![](attachment:name.png)   the cell's own attachments (base64 image/png or image/jpeg)
//   ![](jupyter.png)           a file of the assignment's release folder (the course's image)
// A file is read only as a regular file reached without following any link, beneath that folder
// (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), at most kMaxInlineImageBytes, and inlined only
// when its bytes are a PNG or JPEG. Anything else (URLs, absolute paths, "..", SVG) stays out.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::feedback {

inline constexpr std::size_t kMaxInlineImageBytes = 2 << 20;

struct MarkdownImageSources {
  const notebook::Json* attachments = nullptr;  // the cell's "attachments", if any
  std::filesystem::path folder;                 // the notebook's folder in the release; empty: none
};

// The data: URI for an image reference, or nullopt when it cannot be inlined safely.
std::optional<std::string> markdown_image_uri(std::string_view url,
                                              const MarkdownImageSources& sources);

}  // namespace gradebox::feedback
