// nbgrader's student name and cache folder (see student_identity.hpp).
#include "grader/exchange/student_identity.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "grader/course/student_id.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::optional<std::string> login_name(uid_t uid) {
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
    return std::nullopt;
  return std::string(found->pw_name);
}

std::string student_id(const std::string& explicit_id) {
  std::string id = explicit_id;
  if (id.empty()) {
    const auto name = login_name(::getuid());
    if (!name)
      throw std::runtime_error("uid " + std::to_string(::getuid()) +
                               " has no login name to submit as; pass --student");
    id = *name == "jovyan" && !environment("JUPYTERHUB_USER").empty()
             ? environment("JUPYTERHUB_USER")
             : *name;
  }
  if (id.find_first_of("*+") != std::string::npos)
    throw std::runtime_error("the student id should contain no '*' nor '+'; got " + id);
  if (auto problem = course::student_id_problem(id)) throw std::runtime_error(*problem);
  return id;
}

fs::path nbgrader_cache_dir() {
  if (const auto dir = environment("JUPYTER_DATA_DIR"); !dir.empty())
    return fs::path(dir) / "nbgrader_cache";
  if (const auto xdg = environment("XDG_DATA_HOME"); !xdg.empty())
    return fs::path(xdg) / "jupyter" / "nbgrader_cache";
  std::string home = environment("HOME");
  if (home.empty())
    if (passwd* entry = ::getpwuid(::getuid())) home = entry->pw_dir;
  return fs::path(home) / ".local" / "share" / "jupyter" / "nbgrader_cache";
}

}  // namespace gradebox::exchange
