// The course's default preload list (grader/autograde/course_preload.hpp): pandas only for a
// course whose source imports it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "grader/autograde/course_preload.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

namespace {
struct Course {
  CourseConfig config;
  Course() {
    std::string pattern = (fs::temp_directory_path() / "gradebox-preload-test-XXXXXX").string();
    config.root = ::mkdtemp(pattern.data());
  }
  ~Course() { fs::remove_all(config.root); }
  void notebook(const std::string& relative, const std::string& code) {
    const fs::path path = config.root / "source" / relative;
    fs::create_directories(path.parent_path());
    const nlohmann::json cell = {{"cell_type", "code"},
                                 {"metadata", {}},
                                 {"source", code},
                                 {"outputs", {}},
                                 {"execution_count", nullptr}};
    std::ofstream(path) << nlohmann::json{
        {"cells", {cell}},
        {"metadata", {}},
        {"nbformat", 4},
        {"nbformat_minor", 5}}.dump();
  }
};
}  // namespace

TEST_CASE("course_preload: numpy alone for a course that never imports pandas", "[preload]") {
  Course course;
  course.notebook("ps1/problem1.ipynb", "import numpy as np\nx = np.arange(3)\n# import pandas");
  course.notebook("ps1/data.txt.ipynb.bak", "import pandas");
  CHECK(course_preload(course.config) == std::vector<std::string>{"numpy"});
}

TEST_CASE("course_preload: pandas too when any source notebook imports it", "[preload]") {
  Course course;
  course.notebook("ps1/problem1.ipynb", "x = 1");
  course.notebook("ps2/part/a.ipynb", "import numpy as np, pandas as pd\n");
  CHECK(course_preload(course.config) == std::vector<std::string>{"numpy", "pandas"});
}

TEST_CASE("course_preload: data files are not read, so they cannot crowd out a notebook",
          "[preload]") {
  Course course;
  course.config.budgets.max_submission_bytes = 4096;
  course.notebook("ps1/b.ipynb", "import pandas as pd\n");
  std::ofstream(course.config.root / "source" / "ps1" / "a_data.csv")
      << std::string(4000, 'x');  // fits; the notebook after it would not
  CHECK(course_preload(course.config) == std::vector<std::string>{"numpy", "pandas"});
}

TEST_CASE("course_preload: a course without source/ gets numpy", "[preload]") {
  Course course;
  CHECK(course_preload(course.config) == std::vector<std::string>{"numpy"});
}

TEST_CASE("cell_imports: the import statements of a module, not its mentions", "[preload]") {
  for (const char* code : {"import pandas", "import pandas as pd", "  import os, pandas",
                           "from pandas import DataFrame", "from pandas.io import json",
                           "import pandas.plotting", "x = 1\nimport pandas  # data"})
    CHECK(cell_imports(code, "pandas"));
  for (const char* code :
       {"# import pandas", "import pandasql", "from pandasql import x", "print('import pandas')",
        "import numpy as pandas_like", "from geopandas import x"})
    CHECK_FALSE(cell_imports(code, "pandas"));
}
}  // namespace gradebox::autograde
