// NetworkNamespaceFile: checks on a given file, and the kept namespace made once as root.
#include "sandbox/network_namespace_file.hpp"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

struct RootDir {
  fs::path dir;
  RootDir() {
    std::string pattern = (fs::temp_directory_path() / "gradebox-netns-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    dir = pattern;
  }
  ~RootDir() {
    ::umount2((dir / "netns").c_str(), MNT_DETACH);
    fs::remove_all(dir);
  }
};

ino_t inode(int fd) {
  struct stat st {};
  REQUIRE(::fstat(fd, &st) == 0);
  return st.st_ino;
}

}  // namespace

TEST_CASE("netns file: refuses what is no network namespace, or the host's own", "[sandbox]") {
  RootDir scratch;
  std::ofstream(scratch.dir / "plain") << "x";
  CHECK_THROWS_WITH(NetworkNamespaceFile::open(scratch.dir / "plain"),
                    Catch::Contains("not a network namespace"));
  CHECK_THROWS_WITH(NetworkNamespaceFile::open(scratch.dir / "missing"),
                    Catch::Contains("No such file"));
  CHECK_THROWS_WITH(NetworkNamespaceFile::open("/proc/self/ns/net"), Catch::Contains("host's own"));
}

TEST_CASE("netns file: made once as root, then the same namespace for every caller", "[sandbox]") {
  if (::geteuid() != 0) {
    CHECK_FALSE(NetworkNamespaceFile::open_or_create("/run/gradebox-test/netns"));
    WARN("skipped: creating a kept network namespace needs root");
    return;
  }
  RootDir scratch;
  const fs::path path = scratch.dir / "netns";
  auto first = NetworkNamespaceFile::open_or_create(path);
  if (!first) {
    WARN("skipped: this host refuses a new network namespace or the bind mount");
    return;
  }
  CHECK(::ioctl(first->fd(), NS_GET_NSTYPE) == CLONE_NEWNET);
  auto second = NetworkNamespaceFile::open_or_create(path);
  REQUIRE(second);
  CHECK(inode(second->fd()) == inode(first->fd()));

  // A directory others may write to is not trusted.
  REQUIRE(::chmod(scratch.dir.c_str(), 0777) == 0);
  CHECK_FALSE(NetworkNamespaceFile::open_or_create(path));
}

TEST_CASE("netns file: the placeholder of a creation that died is replaced", "[sandbox]") {
  if (::geteuid() != 0) {
    WARN("skipped: creating a kept network namespace needs root");
    return;
  }
  RootDir scratch;
  const fs::path path = scratch.dir / "netns";
  std::ofstream{path};
  const timespec old[2] = {{0, UTIME_OMIT}, {::time(nullptr) - 60, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), old, 0) == 0);
  const auto kept = NetworkNamespaceFile::open_or_create(path);
  if (!kept) {
    WARN("skipped: this host refuses a new network namespace or the bind mount");
    return;
  }
  CHECK(::ioctl(kept->fd(), NS_GET_NSTYPE) == CLONE_NEWNET);
}
