// Owns the PCRE2 handles of a named-group regex (see named_regex.hpp).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "grader/zip_collect/named_regex.hpp"

#include <pcre2.h>

#include <stdexcept>
#include <vector>

namespace gradebox::zip_collect {
namespace {

constexpr std::uint32_t kMatchLimit = 1'000'000;  // backtracking steps
constexpr std::uint32_t kDepthLimit = 10'000;

struct CodeFree {
  void operator()(pcre2_code* code) const { pcre2_code_free(code); }
};
struct ContextFree {
  void operator()(pcre2_match_context* context) const { pcre2_match_context_free(context); }
};
struct MatchDataFree {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof buffer);
  return reinterpret_cast<const char*>(buffer);
}

}  // namespace

struct NamedRegex::Compiled {
  std::unique_ptr<pcre2_code, CodeFree> code;
  std::unique_ptr<pcre2_match_context, ContextFree> context;
  std::vector<std::pair<std::string, std::uint32_t>> groups;  // name -> group number
};

NamedRegex::NamedRegex(const std::string& pattern)
    : pattern_(pattern), compiled_(std::make_unique<Compiled>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  compiled_->code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                      PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &error,
                                      &offset, nullptr));
  if (!compiled_->code)
    throw std::invalid_argument("regex \"" + pattern + "\" does not compile: " +
                                pcre2_message(error) + " at offset " + std::to_string(offset));
  compiled_->context.reset(pcre2_match_context_create(nullptr));
  pcre2_set_match_limit(compiled_->context.get(), kMatchLimit);
  pcre2_set_depth_limit(compiled_->context.get(), kDepthLimit);
  std::uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(compiled_->code.get(), PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(compiled_->code.get(), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(compiled_->code.get(), PCRE2_INFO_NAMETABLE, &table);
  for (std::uint32_t i = 0; i < count; ++i) {
    const PCRE2_SPTR entry = table + i * entry_size;
    const std::uint32_t number = (std::uint32_t(entry[0]) << 8) | entry[1];
    const std::string name(reinterpret_cast<const char*>(entry + 2));
    compiled_->groups.emplace_back(name, number);
    names_.insert(name);
  }
}

NamedRegex::NamedRegex(NamedRegex&&) noexcept = default;
NamedRegex& NamedRegex::operator=(NamedRegex&&) noexcept = default;
NamedRegex::~NamedRegex() = default;

std::optional<std::map<std::string, std::string>> NamedRegex::match(
    std::string_view subject) const {
  const std::unique_ptr<pcre2_match_data, MatchDataFree> data(
      pcre2_match_data_create_from_pattern(compiled_->code.get(), nullptr));
  const int rc =
      pcre2_match(compiled_->code.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()),
                  subject.size(), 0, PCRE2_ANCHORED, data.get(), compiled_->context.get());
  if (rc < 0) return std::nullopt;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  std::map<std::string, std::string> groups;
  for (const auto& [name, number] : compiled_->groups) {
    if (number >= static_cast<std::uint32_t>(rc) || ovector[2 * number] == PCRE2_UNSET) continue;
    groups[name] = std::string(
        subject.substr(ovector[2 * number], ovector[2 * number + 1] - ovector[2 * number]));
  }
  return groups;
}

}  // namespace gradebox::zip_collect
