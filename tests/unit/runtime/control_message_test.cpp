// Control messages: JSON and fds over SOCK_SEQPACKET, and what reading them keeps resident.
#include "kernel/protocol/control_message.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

using namespace gradebox::protocol;
using gradebox::sandbox::UniqueFd;

namespace {

struct SocketPair {
  UniqueFd a, b;
};

SocketPair seqpacket_pair() {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) == 0);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

TEST_CASE("a control message carries its JSON and its fds", "[runtime][protocol]") {
  auto sockets = seqpacket_pair();
  int pipe_fds[2];
  REQUIRE(::pipe2(pipe_fds, O_CLOEXEC) == 0);
  UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  send_control(sockets.a.get(), {{"op", "open"}, {"session", 7}}, {write_end.get()});

  const auto message = receive_control(sockets.b.get());
  REQUIRE(message);
  CHECK(message->body.at("op") == "open");
  CHECK(message->body.at("session") == 7);
  REQUIRE(message->fds.size() == 1);
  REQUIRE(::write(message->fds[0].get(), "x", 1) == 1);  // the received fd is the pipe's end
  char byte = 0;
  REQUIRE(::read(read_end.get(), &byte, 1) == 1);
  CHECK(byte == 'x');

  sockets.a.reset();
  CHECK_FALSE(receive_control(sockets.b.get()));  // EOF
}

// Every kernel, zygote and session thread that reads control messages holds the receive buffer
// (room for the largest message, 1 MiB) for its life. Filled with zeros, it cost 1 MiB resident
// in each of them (1-2 MiB of a warm kernel's PSS); only the pages a message lands in count.
TEST_CASE("reading a small control message keeps only its pages resident", "[runtime][protocol]") {
  auto sockets = seqpacket_pair();
  send_control(sockets.a.get(), {{"op", "ready"}});
  std::size_t before = 0, after = 0;
  bool received = false;
  std::thread reader([&] {
    before = resident_bytes();
    received = receive_control(sockets.b.get()).has_value();
    after = resident_bytes();
  });
  reader.join();
  REQUIRE(received);
  INFO("resident before " << before << " bytes, after " << after);
  CHECK(after < before + max_control_message / 4);
}
