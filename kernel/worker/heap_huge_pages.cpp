// The zygote's heap in huge pages (heap_huge_pages.hpp).
#include "kernel/worker/heap_huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25  // Linux 6.1; older headers lack it
#endif

namespace gradebox::worker {
namespace {

constexpr std::uintptr_t huge_page = std::uintptr_t{1} << 21;

// A line of /proc/self/maps: "start-end perms offset dev inode [path]".
struct Mapping {
  std::uintptr_t start = 0;
  std::uintptr_t end = 0;
  std::string permissions;
  std::string path;
};

bool parse_mapping(const std::string& line, Mapping& mapping) {
  std::istringstream fields(line);
  std::string range, offset, device, inode;
  if (!(fields >> range >> mapping.permissions >> offset >> device >> inode)) return false;
  const auto dash = range.find('-');
  if (dash == std::string::npos) return false;
  mapping.start = std::stoull(range.substr(0, dash), nullptr, 16);
  mapping.end = std::stoull(range.substr(dash + 1), nullptr, 16);
  fields >> mapping.path;
  return true;
}

// Private, writable, not backed by a file: what Python and malloc allocate from.
bool is_heap(const Mapping& mapping) {
  return mapping.permissions.rfind("rw-p", 0) == 0 &&
         (mapping.path.empty() || mapping.path == "[heap]");
}

}  // namespace

void collapse_heap_into_huge_pages() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  Mapping mapping;
  while (std::getline(maps, line)) {
    if (!parse_mapping(line, mapping) || !is_heap(mapping)) continue;
    const std::uintptr_t from = (mapping.start + huge_page - 1) & ~(huge_page - 1);
    const std::uintptr_t to = mapping.end & ~(huge_page - 1);
    if (to > from) ::madvise(reinterpret_cast<void*>(from), to - from, MADV_COLLAPSE);
  }
}

}  // namespace gradebox::worker
