// Release of one assignment: check, run the release steps, stage release and master copy aside,
// then rename both into place.
#include "grader/pipeline/release.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>
#include <memory>

#include "gradebox/version.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/notebook/python_float.hpp"
#include "grader/pipeline/check.hpp"
#include "grader/pipeline/release_archive.hpp"
#include "grader/pipeline/staging_dir.hpp"
#include "grader/pipeline/steps.hpp"
#include "grader/records/sha256.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::pipeline {
namespace fs = std::filesystem;
using notebook::Json;
using notebook::Severity;

namespace {

// Creates `path` with `mode` (less the umask) in a staging folder that nobody else writes to.
void write_file(const fs::path& path, std::string_view bytes, mode_t mode) {
  fs::create_directories(path.parent_path());
  const auto fail = [&](const char* what) {
    throw fs::filesystem_error(what, path, std::error_code(errno, std::generic_category()));
  };
  // Closed on every path; the explicit close below reports write-back errors.
  sandbox::UniqueFd file(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
  if (!file) fail("cannot create");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(file.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (file.close() != 0) fail("cannot write");
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), {});
  if (in.bad()) throw std::runtime_error(path.string() + ": read failed");
  return data;
}

bool valid_assignment_name(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.find('/') == std::string::npos;
}

struct SourceFiles {
  std::vector<fs::path> notebooks;  // relative to the assignment folder, sorted
  std::vector<fs::path> others;
};

bool matches_any(const std::string& name, const std::vector<std::string>& globs) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  });
}

// A file other than a notebook that CourseDirectory.include or max_file_size leaves out.
std::optional<std::string> left_out_file(const fs::directory_entry& entry, const CopyRules& rules) {
  const auto name = entry.path().filename().string();
  if (!matches_any(name, rules.include))
    return "not matched by CourseDirectory.include; not copied into the release";
  std::error_code ec;
  if (rules.max_file_bytes > 0 && entry.file_size(ec) > rules.max_file_bytes)
    return "larger than CourseDirectory.max_file_size; not copied into the release";
  return std::nullopt;
}

SourceFiles scan_source(const fs::path& dir, const CopyRules& rules, notebook::Problems& problems) {
  SourceFiles files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    const auto name = it->path().filename().string();
    if (is_ignored_name(name) || matches_any(name, rules.ignore)) {  // CourseDirectory.ignore
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const auto relative = fs::relative(it->path(), dir);
    if (it->is_symlink()) {
      problems.push_back({Severity::warning, it->path(), std::nullopt, "",
                          "symbolic link not copied into the release",
                          "replace it with a copy of the file if students need it"});
      continue;
    }
    if (!it->is_regular_file()) continue;
    if (relative.extension() == ".ipynb") {
      files.notebooks.push_back(relative);
    } else if (auto why = left_out_file(*it, rules)) {
      problems.push_back({Severity::warning, it->path(), std::nullopt, "", *why,
                          "change the setting in nbgrader_config.py if students need it"});
    } else {
      files.others.push_back(relative);
    }
  }
  std::sort(files.notebooks.begin(), files.notebooks.end());
  std::sort(files.others.begin(), files.others.end());
  return files;
}

}  // namespace

Pipeline release_pipeline(std::string& master, AutotestSetup autotests) {
  // nbgrader validates the metadata once more at the end; nothing after step 5 can break it
  // (only sources, checksums and cell_type change), so gradebox validates once.
  return {include_header_footer(),
          instantiate_tests(std::move(autotests)),
          lock_cells(),
          clear_solutions(),
          clear_outputs(),
          check_cell_metadata(),
          compute_checksums(),
          save_master_copy(master),
          clear_hidden_tests(),
          clear_mark_schemes(),
          compute_checksums()};
}

bool is_ignored_name(const std::string& name) {
  static const char* const kIgnored[] = {".ipynb_checkpoints", "__pycache__", ".git",
                                         ".DS_Store",          ".gradebox",   ".mypy_cache",
                                         ".pytest_cache",      "Thumbs.db"};
  if (std::find(std::begin(kIgnored), std::end(kIgnored), name) != std::end(kIgnored)) return true;
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".pyc") || ends_with("~") || ends_with(".swp");
}

fs::path master_copy_dir(const fs::path& course_root, const std::string& assignment) {
  return course_root / ".gradebox" / "master" / assignment;
}

std::string summary_line(std::size_t notebooks, std::size_t graded_cells, double points) {
  std::string p = notebook::python_float_repr(points);
  if (p.size() > 2 && p.compare(p.size() - 2, 2, ".0") == 0) p.resize(p.size() - 2);
  const auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  return plural(notebooks, "notebook") + ", " + plural(graded_cells, "graded cell") + ", " + p +
         (points == 1 ? " point" : " points");
}

std::vector<std::string> source_assignments(const fs::path& course_root) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(course_root / "source", ec))
    if (entry.is_directory() && valid_assignment_name(entry.path().filename().string()) &&
        !is_ignored_name(entry.path().filename().string()))
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

ReleaseOutcome release_assignment(const CourseConfig& config, const std::string& assignment,
                                  const ReleaseOptions& options) {
  ReleaseOutcome outcome;
  auto& problems = outcome.problems;
  const fs::path source_dir = config.root / "source" / assignment;
  const fs::path release_dir = config.root / "release" / assignment;
  const fs::path archive_path = config.root / "release" / (assignment + ".tar.gz");
  const auto refuse = [&](fs::path file, std::string message, std::string hint) {
    problems.push_back(
        {Severity::error, std::move(file), std::nullopt, "", std::move(message), std::move(hint)});
    return outcome;
  };

  if (!valid_assignment_name(assignment))
    return refuse(assignment, "not a valid assignment name",
                  "name a folder directly under <course>/source/");
  if (!fs::is_directory(source_dir))
    return refuse(source_dir, "assignment source folder does not exist",
                  "create it, or pass --course with the course root (it holds source/)");
  if (fs::exists(release_dir) && !options.force)
    return refuse(release_dir, "release already exists; kept unchanged",
                  "pass --force to replace it");

  const SourceFiles files = scan_source(source_dir, config.copy, problems);
  if (files.notebooks.empty())
    return refuse(source_dir, "no notebooks in the assignment", "add the .ipynb files to release");

  // Nothing reaches release/ or the master folder unless every notebook passes: the release
  // steps include all of `check`'s rules, and output is staged aside until the end.
  std::vector<notebook::Notebook> notebooks;
  for (const auto& relative : files.notebooks) {
    try {
      notebooks.push_back(notebook::Notebook::load(source_dir / relative, config.limits));
    } catch (const notebook::NotebookError& e) {
      problems.push_back(
          {Severity::error, e.file(), std::nullopt, "", e.message(), e.hint(), e.location()});
    }
  }
  if (notebook::has_errors(problems)) return outcome;

  ReleaseSummary summary;
  summary.assignment = assignment;
  summary.release_dir = release_dir;
  summary.master_dir = master_copy_dir(config.root, assignment);

  // Run every notebook through the release steps in memory first.
  struct NotebookTexts {
    std::string release;
    std::string master;
  };
  std::vector<NotebookTexts> texts;
  Json digest_notebooks = Json::object();
  std::map<std::string, std::string> release_hashes;  // relative path -> sha256, sorted
  for (std::size_t n = 0; n < notebooks.size(); ++n) {
    auto& nb = notebooks[n];
    const auto& relative = files.notebooks[n];
    std::string master;
    notebook::Problems found;
    StepContext context{config, found};
    const AutotestSetup autotests{(source_dir / relative).parent_path(), config.root,
                                  options.autotest_kernel};
    if (!run_pipeline(release_pipeline(master, autotests), nb, context)) {
      // The pipeline stops at the first failing step; `check` lists every problem of the file.
      auto all =
          check_notebook(notebook::Notebook::load(source_dir / relative, config.limits), config);
      for (auto& p : notebook::has_errors(all) ? all : found) problems.push_back(std::move(p));
      continue;
    }
    for (auto& p : found) problems.push_back(std::move(p));

    ReleasedNotebook released{relative, 0, 0};
    for (const auto& cell : nb.cells())
      if (notebook::carries_points(cell)) {
        ++released.graded_cells;
        released.points += notebook::points(cell).value_or(0);
      }
    NotebookTexts text{nb.to_text(), std::move(master)};
    release_hashes[relative.string()] = records::sha256_hex(text.release);
    Json entry = Json::object();
    entry["master_sha256"] = records::sha256_hex(text.master);
    entry["release_sha256"] = release_hashes[relative.string()];
    entry["kernelspec"] = nb.metadata().value("kernelspec", Json::object());
    entry["graded_cells"] = released.graded_cells;
    entry["points"] = released.points;
    digest_notebooks[relative.string()] = std::move(entry);
    summary.graded_cells += released.graded_cells;
    summary.points += released.points;
    summary.notebooks.push_back(std::move(released));
    texts.push_back(std::move(text));
  }
  if (notebook::has_errors(problems)) return outcome;

  // All notebooks passed: stage release and master copy aside.
  const fs::path gradebox_dir = config.root / ".gradebox";
  fs::create_directories(gradebox_dir / "master");
  fs::permissions(gradebox_dir, fs::perms::owner_all);
  fs::permissions(gradebox_dir / "master", fs::perms::owner_all);
  StagingDir staged_release(config.root / "release", assignment);
  StagingDir staged_master(gradebox_dir / "master", assignment, fs::perms::owner_all);
  constexpr mode_t public_file = 0644, private_file = 0600;
  for (std::size_t n = 0; n < texts.size(); ++n) {
    write_file(staged_release.path() / files.notebooks[n], texts[n].release, public_file);
    write_file(staged_master.path() / files.notebooks[n], texts[n].master, private_file);
  }
  Json digest_files = Json::object();
  for (const auto& relative : files.others) {
    const std::string data = read_file(source_dir / relative);
    write_file(staged_release.path() / relative, data, public_file);
    release_hashes[relative.string()] = records::sha256_hex(data);
    digest_files[relative.string()] = release_hashes[relative.string()];
  }
  summary.other_files = files.others.size();
  std::string manifest;
  for (const auto& [path, hash] : release_hashes) manifest += path + '\0' + hash + '\n';
  Json digest = Json::object();
  digest["format"] = "gradebox-master-digest/1";
  digest["assignment"] = assignment;
  digest["gradebox_version"] = kVersion;
  digest["notebooks"] = std::move(digest_notebooks);
  digest["files"] = std::move(digest_files);
  digest["release_sha256"] = records::sha256_hex(manifest);
  write_file(staged_master.path() / "digest.json", notebook::to_jupyter_json(digest), private_file);

  std::optional<fs::path> staged_archive;
  if (options.archive) {
    staged_archive = config.root / "release" / ("." + assignment + ".tar.gz.partial");
    try {
      write_tar_gz(staged_release.path(), assignment, *staged_archive);
    } catch (const std::exception& e) {
      fs::remove(*staged_archive);
      return refuse(archive_path, e.what(), "check free space and permissions");
    }
  }

  // Everything is built: move it into place.
  staged_master.commit();
  staged_release.commit();
  if (staged_archive) {
    fs::rename(*staged_archive, archive_path);
    summary.archive = archive_path;
  }
  outcome.summary = std::move(summary);
  return outcome;
}

}  // namespace gradebox::pipeline
