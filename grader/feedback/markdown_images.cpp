// Owns resolving markdown image references to data: URIs (see markdown_images.hpp).
#include "grader/feedback/markdown_images.hpp"

#include "grader/feedback/image_data_uri.hpp"
#include "grader/records/base64.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::feedback {
namespace {
using notebook::Json;

// The file's bytes, read beneath `folder` without following links; nullopt if anything is off.
std::optional<std::string> read_beneath(const std::filesystem::path& folder,
                                        const std::string& relative) {
  try {
    return sandbox::read_file_beneath(folder, relative, kMaxInlineImageBytes);
  } catch (const sandbox::UnreadableFile&) {
    return std::nullopt;
  }
}

// A percent-decoded relative path with no scheme, query, absolute start or "..".
std::optional<std::string> relative_file(std::string_view url) {
  if (url.empty() || url.front() == '/' || url.find(':') != std::string_view::npos ||
      url.find_first_of("?#\\") != std::string_view::npos)
    return std::nullopt;
  std::string path;
  for (std::size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%' && i + 2 < url.size() &&
        std::isxdigit(static_cast<unsigned char>(url[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(url[i + 2]))) {
      path += static_cast<char>(std::stoi(std::string(url.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      path += url[i];
    }
  }
  if (path.find('\0') != std::string::npos) return std::nullopt;
  for (const auto& part : std::filesystem::path(path))
    if (part == "..") return std::nullopt;
  return path;
}

std::optional<std::string> attachment_uri(std::string_view name, const Json* attachments) {
  if (!attachments || !attachments->is_object()) return std::nullopt;
  const auto entry = attachments->find(std::string(name));
  if (entry == attachments->end() || !entry->is_object()) return std::nullopt;
  for (const char* mime : {"image/png", "image/jpeg"}) {
    const auto data = entry->find(mime);
    if (data == entry->end()) continue;
    std::string text;
    if (data->is_string())
      text = data->get<std::string>();
    else if (data->is_array())
      for (const auto& part : *data)
        if (part.is_string()) text += part.get<std::string>();
    if (auto uri = image_data_uri(mime, text)) return uri;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> markdown_image_uri(std::string_view url,
                                              const MarkdownImageSources& sources) {
  constexpr std::string_view kAttachment = "attachment:";
  if (url.substr(0, kAttachment.size()) == kAttachment)
    return attachment_uri(url.substr(kAttachment.size()), sources.attachments);
  if (sources.folder.empty()) return std::nullopt;
  const auto relative = relative_file(url);
  if (!relative) return std::nullopt;
  const auto bytes = read_beneath(sources.folder, *relative);
  if (!bytes) return std::nullopt;
  const std::string encoded = records::base64_encode(*bytes);
  for (const char* mime : {"image/png", "image/jpeg"})
    if (auto uri = image_data_uri(mime, encoded)) return uri;
  return std::nullopt;
}

}  // namespace gradebox::feedback
