// Course layout and key files, checked without running anything.
#include "grader/doctor/course_checks.hpp"

#include <unistd.h>

#include "grader/records/signing_key_directory.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::doctor {
namespace fs = std::filesystem;

namespace {

std::size_t subdirectories(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    n += entry.is_directory() && entry.path().filename().string().front() != '.';
  return n;
}

CheckRow toml_row(const fs::path& root, const LoadedCourseConfig& loaded) {
  const fs::path file = root / "gradebox.toml";
  if (!fs::exists(file)) return {"gradebox.toml", CheckStatus::pass, "absent: defaults apply", ""};
  for (const auto& problem : loaded.problems)
    if (problem.severity == notebook::Severity::error)
      return {"gradebox.toml", CheckStatus::fail, notebook::format_problem(problem),
              problem.hint.empty() ? "fix " + file.string() : problem.hint};
  if (!loaded.problems.empty())
    return {"gradebox.toml", CheckStatus::warn, notebook::format_problem(loaded.problems.front()),
            loaded.problems.front().hint};
  return {"gradebox.toml", CheckStatus::pass, file.string() + " parses", ""};
}

// Student code runs as an unprivileged uid when gradebox runs as root: it must traverse every
// directory down to the course.
CheckRow reachable_row(const fs::path& root) {
  if (geteuid() != 0)
    return {"course reachable", CheckStatus::skip, "not root: sessions run as this user", ""};
  std::error_code ec;
  for (fs::path dir = fs::weakly_canonical(root, ec);; dir = dir.parent_path()) {
    const auto perms = fs::status(dir, ec).permissions();
    if (!ec && (perms & fs::perms::others_exec) == fs::perms::none)
      return {"course reachable", CheckStatus::fail,
              dir.string() + " is not traversable by others (the sandbox's unprivileged uid)",
              "chmod o+x " + dir.string()};
    if (dir == dir.parent_path()) break;
  }
  return {"course reachable", CheckStatus::pass, "every parent is traversable by the sandbox uid",
          ""};
}

}  // namespace

CheckRows check_course_layout(const fs::path& root, const LoadedCourseConfig& loaded) {
  CheckRows rows;
  rows.push_back(toml_row(root, loaded));
  if (fs::is_directory(root / "source") && subdirectories(root / "source") > 0)
    rows.push_back({"source/", CheckStatus::pass,
                    std::to_string(subdirectories(root / "source")) + " assignment(s)", ""});
  else
    rows.push_back({"source/", CheckStatus::fail,
                    (root / "source").string() + " is missing or holds no assignment folder",
                    "put the instructor notebooks in source/<assignment>/ (or pass --course)"});
  if (fs::is_directory(root / "release"))
    rows.push_back({"release/", CheckStatus::pass,
                    std::to_string(subdirectories(root / "release")) + " released", ""});
  else
    rows.push_back({"release/", CheckStatus::warn, "nothing released yet",
                    "gradebox release --all --course " + root.string()});
  if (fs::is_directory(root / "submitted"))
    rows.push_back({"submitted/", CheckStatus::pass,
                    std::to_string(subdirectories(root / "submitted")) + " student(s)", ""});
  else
    rows.push_back({"submitted/", CheckStatus::warn, "no submissions yet",
                    "collect submissions into submitted/<student>/<assignment>/"});
  rows.push_back(reachable_row(root));
  return rows;
}

CheckRows check_signing_keys(const fs::path& key_dir) {
  CheckRows rows;
  CheckRow key{"signing key", CheckStatus::pass, "", ""};
  std::size_t keys = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(key_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".key.pem")) continue;
    ++keys;
    const auto perms = fs::status(entry.path(), ec).permissions();
    if ((perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none) {
      key.status = CheckStatus::fail;
      key.detail = entry.path().string() + " is readable or writable by group or others";
      key.fix = "chmod 600 " + entry.path().string() +
                ", then consider it leaked: gradebox keygen "
                "makes a new one";
    }
  }
  if (keys == 0) {
    key = {"signing key", CheckStatus::fail, "no *.key.pem in " + key_dir.string(),
           "gradebox keygen --dir " + key_dir.string()};
  } else if (key.status == CheckStatus::pass) {
    try {
      const auto active = records::load_active_signing_key(key_dir);
      key.detail = "active key " + active.key_id + " (mode 0600)";
    } catch (const std::exception& e) {
      key = {"signing key", CheckStatus::fail, e.what(),
             "gradebox keygen --dir " + key_dir.string()};
    }
  }
  rows.push_back(key);

  const fs::path trust_path = key_dir / records::kTrustStoreFileName;
  if (!fs::exists(trust_path)) {
    rows.push_back({"trust store", CheckStatus::fail, trust_path.string() + " is missing",
                    "gradebox keygen --dir " + key_dir.string() + " writes it"});
  } else {
    try {
      const auto trust = records::TrustStore::load(trust_path);
      rows.push_back({"trust store", CheckStatus::pass,
                      trust_path.string() + ": " + std::to_string(trust.keys().size()) + " key(s)",
                      ""});
    } catch (const std::exception& e) {
      rows.push_back({"trust store", CheckStatus::fail, e.what(),
                      "restore trust.json from a backup or run gradebox keygen"});
    }
  }
  return rows;
}

}  // namespace gradebox::doctor
