// /proc/<pid>/status fields (sandbox/proc_status.hpp).
#include "sandbox/proc_status.hpp"

#include <catch2/catch.hpp>
#include <future>
#include <thread>

using gradebox::sandbox::proc_status_field;
using gradebox::sandbox::read_proc_status;

TEST_CASE("proc_status_field: a key's value, never a longer key's", "[proc_status]") {
  const std::string status =
      "Name:\tpython3\nSeccomp:\t2\nSeccomp_filters:\t3\nVmPeak:\t  1234 kB\n";
  CHECK(proc_status_field(status, "Seccomp") == "2");
  CHECK(proc_status_field(status, "Seccomp_filters") == "3");
  CHECK(proc_status_field(status, "VmPeak") == "1234 kB");
  CHECK(proc_status_field(status, "Name") == "python3");
  CHECK_FALSE(proc_status_field(status, "Secc"));
  CHECK_FALSE(proc_status_field(status, "NoNewPrivs"));
  CHECK(proc_status_field("Last:\t7", "Last") == "7");  // no newline at the end
}

TEST_CASE("read_proc_status: this process's file, nothing for a process that is not there",
          "[proc_status]") {
  const auto self = read_proc_status("self");
  REQUIRE(self);
  CHECK(proc_status_field(*self, "Pid"));
  CHECK_FALSE(read_proc_status("0"));
}

TEST_CASE("thread_count: this process's threads, one more while a thread runs", "[proc_status]") {
  const int before = gradebox::sandbox::thread_count();
  REQUIRE(before >= 1);
  std::promise<void> release;
  std::promise<int> counted;
  std::thread other([&] {
    counted.set_value(gradebox::sandbox::thread_count());
    release.get_future().wait();
  });
  CHECK(counted.get_future().get() == before + 1);
  release.set_value();
  other.join();
}
