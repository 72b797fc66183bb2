// bench/release_bench: `gradebox release` throughput on a synthetic assignment of 200 notebooks
// x 50 cells (solutions with regions, tests with hidden parts, read-only and markdown cells,
// plain code cells with outputs), pinned to one core. Prints notebooks/s against the target of
// 500 notebooks/s. Usage: release_bench [notebooks] [cells] [rounds]
#include <sched.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "grader/course_config.hpp"
#include "grader/pipeline/release.hpp"

namespace fs = std::filesystem;
using gradebox::notebook::Json;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Json cell(const std::string& type, const std::string& source, Json nbgrader) {
  Json c = Json::object();
  c["cell_type"] = type;
  c["metadata"] = Json::object();
  if (!nbgrader.is_null()) c["metadata"]["nbgrader"] = std::move(nbgrader);
  Json lines = Json::array();
  std::size_t start = 0;
  while (start < source.size()) {
    const auto nl = source.find('\n', start);
    const auto end = nl == std::string::npos ? source.size() : nl + 1;
    lines.push_back(source.substr(start, end - start));
    start = end;
  }
  c["source"] = lines;
  if (type == "code") {
    c["execution_count"] = 1;
    c["outputs"] = Json::array({Json{{"name", "stdout"},
                                     {"output_type", "stream"},
                                     {"text", Json::array({"some output line\n", "another\n"})}}});
  }
  return c;
}

Json flags(bool grade, bool solution, bool locked, const std::string& id, double points) {
  Json m = {{"schema_version", 3},
            {"grade", grade},
            {"solution", solution},
            {"locked", locked},
            {"grade_id", id}};
  if (grade) m["points"] = points;
  return m;
}

std::string synthetic_notebook(int index, int cells) {
  Json nb = Json::object();
  nb["cells"] = Json::array();
  for (int i = 0; i < cells; ++i) {
    const std::string id = "c" + std::to_string(index) + "_" + std::to_string(i);
    switch (i % 10) {
      case 0:
      case 5:
        nb["cells"].push_back(
            cell("code",
                 "def f" + std::to_string(i) +
                     "(n):\n    \"\"\"Doc.\"\"\"\n"
                     "    ### BEGIN SOLUTION\n    return [k * k for k in range(n)]\n"
                     "    ### END SOLUTION\n",
                 flags(false, true, false, id, 0)));
        break;
      case 1:
      case 6:
        nb["cells"].push_back(cell("code",
                                   "assert f(1) == [0]\nassert f(2) == [0, 1]\n"
                                   "### BEGIN HIDDEN TESTS\nassert f(3) == [0, 1, 4]\n"
                                   "### END HIDDEN TESTS\n",
                                   flags(true, false, false, id, 1.5)));
        break;
      case 2:
        nb["cells"].push_back(
            cell("markdown",
                 "## Part " + std::to_string(i) + "\n\nExplain, with $x_i = i^2$ and é ü 漢.\n",
                 Json()));
        break;
      case 3:
        nb["cells"].push_back(
            cell("markdown", "Read-only instructions.\n", flags(false, false, true, id, 0)));
        break;
      default:
        nb["cells"].push_back(cell(
            "code", "import math\nx = math.sqrt(" + std::to_string(i) + ")\nprint(x)\n", Json()));
    }
  }
  nb["metadata"] = {
      {"kernelspec", {{"display_name", "Python 3"}, {"language", "python"}, {"name", "python3"}}},
      {"language_info", {{"name", "python"}, {"version", "3.11.2"}}}};
  nb["nbformat"] = 4;
  nb["nbformat_minor"] = 5;
  return gradebox::notebook::to_jupyter_json(nb);
}

}  // namespace

int main(int argc, char** argv) {
  const int notebooks = argc > 1 ? std::atoi(argv[1]) : 200;
  const int cells = argc > 2 ? std::atoi(argv[2]) : 50;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 5;

  cpu_set_t one_core;
  CPU_ZERO(&one_core);
  CPU_SET(0, &one_core);
  const bool pinned = sched_setaffinity(0, sizeof one_core, &one_core) == 0;

  std::string pattern = (fs::temp_directory_path() / "gradebox-release-bench-XXXXXX").string();
  const fs::path root = ::mkdtemp(pattern.data());
  const fs::path source = root / "source" / "synthetic";
  fs::create_directories(source);
  std::size_t bytes = 0;
  for (int i = 0; i < notebooks; ++i) {
    const std::string text = synthetic_notebook(i, cells);
    bytes += text.size();
    char name[32];
    std::snprintf(name, sizeof name, "nb%03d.ipynb", i);
    std::ofstream(source / name, std::ios::binary) << text;
  }

  const auto config = gradebox::default_course_config(root);
  gradebox::pipeline::ReleaseOptions options;
  std::vector<double> rates, cpu_rates;
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    const auto outcome = gradebox::pipeline::release_assignment(config, "synthetic", options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!outcome.summary) {
      std::fprintf(stderr, "release failed (%zu problems)\n", outcome.problems.size());
      fs::remove_all(root);
      return 1;
    }
    rates.push_back(notebooks / seconds);
    cpu_rates.push_back(notebooks / (cpu_seconds() - cpu_start));
    // A first release each round (no --force): clearing the last one is not part of the measure.
    fs::remove_all(root / "release");
    fs::remove_all(root / ".gradebox");
  }
  fs::remove_all(root);
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  const double median = rates[rates.size() / 2];
  const double cpu_median = cpu_rates[cpu_rates.size() / 2];
  std::printf("release of %d notebooks x %d cells (%.1f MB source), %d rounds, %s\n", notebooks,
              cells, bytes / 1e6, rounds, pinned ? "pinned to CPU 0" : "not pinned");
  std::printf("wall: median %.0f notebooks/s (best %.0f, worst %.0f); target 500/s: %.2fx\n",
              median, rates.back(), rates.front(), median / 500.0);
  // CPU time excludes waiting for a core the machine's other jobs hold.
  std::printf("cpu:  median %.0f notebooks/s per CPU-second (best %.0f); target 500/s: %.2fx\n",
              cpu_median, cpu_rates.back(), cpu_median / 500.0);
  return 0;
}
