// zip_collect on hostile archives: zip-slip, absolute paths, link entries, a zip bomb, 10^5
// entries, names that are not UTF-8. Nothing is written outside submitted/, each refusal says
// why, and the other students are still collected.
#include <catch2/catch.hpp>

#include "tests/unit/zip_collect/zip_test_support.hpp"

namespace gradebox::test {
namespace fs = std::filesystem;

namespace {

// Bob's good file, first in every hostile archive: he must still be collected.
constexpr const char* kBob = "z.writestr('jonesbob_1002_5002_ps1.ipynb', 'bob')\n";

// Every file under `root` outside course/submitted and the archives and scripts of the test.
std::vector<std::string> unexpected_files(const fs::path& root) {
  std::vector<std::string> found;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string relative = e.path().lexically_relative(root).generic_string();
    if (e.is_directory() || relative.rfind("course/submitted/", 0) == 0) continue;
    if (relative == "course/roster.csv" || relative == "course/release/ps1/ps1.ipynb") continue;
    if (e.path().extension() == ".zip" || e.path().extension() == ".py") continue;
    found.push_back(relative);
  }
  return found;
}

}  // namespace

TEST_CASE("zip-slip and absolute paths are refused, nothing lands outside submitted/", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "slip.zip",
           std::string(kBob) +
               "z.writestr('../../evil.ipynb', 'x')\n"
               "z.writestr('smithalice_1001_5001_../../../evil.ipynb', 'x')\n"
               "z.writestr(zipfile.ZipInfo('/tmp/gradebox-zip-abs.ipynb'), 'x')\n"
               "z.writestr('smithalice_1001_5001_..\\\\..\\\\evil.ipynb', 'x')\n");
  const auto report = collect(course, {tmp.path() / "slip.zip"});
  CHECK(reported(report.refused, "../../evil.ipynb", "'..'"));
  CHECK(reported(report.refused, "smithalice_1001_5001_../../../evil.ipynb", "'..'"));
  // libarchive reads '\' in zip names as '/': refused for its '..' all the same.
  CHECK(reported(report.refused, "smithalice_1001_5001_../../evil.ipynb", "'..'"));
  CHECK(report.refused.size() == 4);
  CHECK_FALSE(fs::exists("/tmp/gradebox-zip-abs.ipynb"));
  CHECK(unexpected_files(tmp.path()).empty());
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");
  CHECK_FALSE(fs::exists(course / "submitted/alice"));
  CHECK_FALSE(report.complete());
}

TEST_CASE("symbolic link entries are refused, never created or followed", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "links.zip", std::string(kBob) +
                                         "i = zipfile.ZipInfo('smithalice_1001_5001_ps1.ipynb')\n"
                                         "i.create_system = 3\n"
                                         "i.external_attr = 0o120777 << 16\n"
                                         "z.writestr(i, '/etc/passwd')\n");
  const auto report = collect(course, {tmp.path() / "links.zip"});
  CHECK(reported(report.refused, "smithalice_1001_5001_ps1.ipynb", "symbolic link"));
  CHECK_FALSE(fs::exists(course / "submitted/alice"));
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");
}

TEST_CASE("a zip bomb stops at the per-entry and total caps while reading", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "bomb.zip",
           std::string(kBob) +
               "with z.open('smithalice_1001_5001_ps1.ipynb', 'w', force_zip64=True) as f:\n"
               "    block = bytes(1 << 20)\n"
               "    for _ in range(64): f.write(block)\n");
  REQUIRE(fs::file_size(tmp.path() / "bomb.zip") < (1u << 20));  // a ratio over 64:1
  zip_collect::ZipCollectOptions options;
  options.limits.max_entry_bytes = 4u << 20;
  auto report = collect(course, {tmp.path() / "bomb.zip"}, options);
  CHECK(reported(report.refused, "smithalice_1001_5001_ps1.ipynb", "more than 4 MiB"));
  CHECK_FALSE(fs::exists(course / "submitted/alice"));
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");

  options.limits.max_entry_bytes = 64u << 20;
  options.limits.max_total_bytes = 8u << 20;
  report = collect(course, {tmp.path() / "bomb.zip"}, options);
  CHECK(reported(report.refused, "smithalice_1001_5001_ps1.ipynb", "in all"));
  REQUIRE(report.problems.size() == 1);
  CHECK_THAT(report.problems[0].message, Catch::Contains("a zip bomb?"));
}

TEST_CASE("10^5 entries: the count cap stops reading, what came before is collected", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "many.zip",
           std::string(kBob) +
               "z.compression = zipfile.ZIP_STORED\n"
               "for i in range(100000): z.writestr('junk/%d.txt' % i, '')\n");
  const auto report = collect(course, {tmp.path() / "many.zip"});
  REQUIRE(report.problems.size() == 1);
  CHECK_THAT(report.problems[0].message, Catch::Contains("more than 20000 entries"));
  CHECK(report.skipped.size() == 19'999);
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");
  CHECK_FALSE(report.complete());
}

TEST_CASE("names that are not UTF-8 are refused and shown escaped", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  const auto zip = tmp.path() / "names.zip";
  make_zip(zip, std::string(kBob) + "z.writestr('smithalice_1001_5001_QQ.ipynb', 'x')\n");
  // Python writes ASCII names without the UTF-8 flag; patch in two bytes no encoding allows.
  std::string bytes = read_text(zip);
  for (auto at = bytes.find("QQ.ipynb"); at != std::string::npos; at = bytes.find("QQ.ipynb", at))
    bytes.replace(at, 2, "\xff\xfe");
  write_text(zip, bytes);
  const auto report = collect(course, {zip});
  for (const auto& e : report.refused) UNSCOPED_INFO(e.entry << ": " << e.reason);
  for (const auto& e : report.unmatched) UNSCOPED_INFO(e.entry << ": " << e.reason);
  CHECK(report.refused.size() == 1);
  CHECK(reported(report.refused, "smithalice_1001_5001_\\xff\\xfe.ipynb", "not valid UTF-8"));
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");
  CHECK_FALSE(fs::exists(course / "submitted/alice"));
}

TEST_CASE("a file that is not a zip is an error for that archive, the others are collected",
          "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  write_text(tmp.path() / "broken.zip", "PK\x03\x04 not really");
  make_zip(tmp.path() / "good.zip", kBob);
  const auto report = collect(course, {tmp.path() / "broken.zip", tmp.path() / "good.zip"});
  REQUIRE_FALSE(report.problems.empty());
  CHECK(report.problems[0].file == tmp.path() / "broken.zip");
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");
}

}  // namespace gradebox::test
