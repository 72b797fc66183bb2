// The kernelspec logos, embedded at build time from kernel/kernelspec/logo-* so an installed
// gradebox-kernel binary can write a complete kernelspec without data files next to it.
#pragma once

#include <span>
#include <string_view>

namespace gradebox::kernelspec {

struct EmbeddedFile {
  std::string_view name;
  std::span<const unsigned char> bytes;
};

std::span<const EmbeddedFile> kernelspec_logos();

}  // namespace gradebox::kernelspec
