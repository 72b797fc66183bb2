// Inline images for self-contained pages: a notebook's base64 PNG or JPEG output becomes a
// data: URI only after the text is checked to be strict base64 whose bytes start with that
// format's signature, so nothing but an image can reach an <img src>.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gradebox::feedback {

// The MIME types accepted: "image/png" and "image/jpeg".
bool is_inline_image_type(std::string_view mime);

// "data:<mime>;base64,<payload>" or nullopt when the MIME type is not accepted, the text is not
// base64 (line breaks and spaces, as nbformat writers leave them, are ignored) or the decoded
// bytes do not start with the PNG/JPEG signature.
std::optional<std::string> image_data_uri(std::string_view mime, std::string_view base64_text);

}  // namespace gradebox::feedback
