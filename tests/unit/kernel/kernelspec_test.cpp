// Kernelspec contents, locations and install options.
#include "kernel/kernelspec/kernelspec.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "kernel/kernelspec/install_options.hpp"

namespace fs = std::filesystem;
using namespace gradebox::kernelspec;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gradebox-kernelspec-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("kernel.json carries argv with limits and interrupt_mode signal", "[kernel]") {
  KernelspecRequest request;
  request.kernel_executable = "/opt/gradebox/bin/gradebox-kernel";
  request.extra_argv = {"--memory", "1G"};
  auto spec = kernel_json(request);
  CHECK(spec["argv"] == nlohmann::json({"/opt/gradebox/bin/gradebox-kernel", "-f",
                                        "{connection_file}", "--memory", "1G"}));
  CHECK(spec["interrupt_mode"] == "signal");
  CHECK(spec["language"] == "python");
  CHECK(spec["display_name"] == "Python 3 (gradebox)");
}

TEST_CASE("install writes kernel.json and the logos, replacing an older one", "[kernel]") {
  TempDir dir;
  KernelspecRequest request;
  request.name = "course-101";
  request.kernel_executable = "/usr/bin/gradebox-kernel";
  auto kernels = kernels_directory(InstallScope::prefix, dir.path);
  CHECK(kernels == dir.path / "share/jupyter/kernels");
  install_kernelspec(request, kernels);
  request.display_name = "Course 101";
  auto installed = install_kernelspec(request, kernels);
  CHECK(installed == kernels / "course-101");
  std::ifstream in(installed / "kernel.json");
  auto spec = nlohmann::json::parse(in);
  CHECK(spec["display_name"] == "Course 101");
  for (const char* logo : {"logo-32x32.png", "logo-64x64.png", "logo-svg.svg"}) {
    INFO(logo);
    CHECK(fs::file_size(installed / logo) > 100);
  }
  std::ifstream png(installed / "logo-64x64.png", std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  CHECK(std::string(magic + 1, 3) == "PNG");
}

TEST_CASE("kernel names are checked and --user follows JUPYTER_DATA_DIR", "[kernel]") {
  CHECK_THROWS_WITH(check_kernel_name("../evil"), Catch::Contains("invalid"));
  CHECK_THROWS(check_kernel_name(""));
  CHECK_NOTHROW(check_kernel_name("gradebox-python_3.11"));
  setenv("JUPYTER_DATA_DIR", "/srv/jupyter-data", 1);
  CHECK(kernels_directory(InstallScope::user, {}) == "/srv/jupyter-data/kernels");
  unsetenv("JUPYTER_DATA_DIR");
  CHECK(kernels_directory(InstallScope::system, {}) == "/usr/local/share/jupyter/kernels");
}

TEST_CASE("installed kernelspecs share a warm zygote unless --no-warm-zygote", "[kernel]") {
  const auto parsed = [](std::vector<std::string> args) {
    CLI::App app;
    InstallOptions options;
    add_install_options(app, options, "kernel path");
    std::reverse(args.begin(), args.end());  // CLI11 parses a vector from its back
    app.parse(args);
    return warm_zygote_argv(options);
  };
  CHECK(parsed({}) == std::vector<std::string>{"--warm-zygote", "600"});
  CHECK(parsed({"--warm-zygote", "30"}) == std::vector<std::string>{"--warm-zygote", "30"});
  CHECK(parsed({"--no-warm-zygote"}).empty());
  CHECK(parsed({"--warm-zygote", "0"}).empty());
  CHECK_THROWS_AS(parsed({"--no-warm-zygote", "--warm-zygote", "30"}), CLI::ExcludesError);
}
