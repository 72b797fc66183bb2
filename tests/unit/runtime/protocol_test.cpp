// Frame protocol: authentication, sequencing, truncation, replay, wrong key, reflection.
#include <sys/socket.h>

#include <array>
#include <catch2/catch.hpp>

#include "kernel/protocol/frame.hpp"
#include "kernel/protocol/frame_channel.hpp"

using namespace gradebox::protocol;
using gradebox::sandbox::UniqueFd;

namespace {

SessionKey copy_of(const SessionKey& key) {
  std::array<std::uint8_t, SessionKey::size> bytes{};
  key.copy_to(bytes);
  return SessionKey::take_from(bytes);
}

struct ChannelPair {
  FrameChannel client;  // trusted side
  FrameChannel worker;  // session child
  int worker_raw_fd;    // to inject bytes as a hostile child would
};

ChannelPair make_pair(const SessionKey& key) {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  return ChannelPair{FrameChannel(UniqueFd(fds[0]), copy_of(key), Direction::to_worker),
                     FrameChannel(UniqueFd(fds[1]), copy_of(key), Direction::to_client), fds[1]};
}

void write_raw(int fd, const std::string& bytes) {
  REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(bytes.size()));
}

}  // namespace

TEST_CASE("frames round-trip in order in both directions", "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  ChannelPair pair = make_pair(key);
  pair.client.send(FrameType::execute, R"({"code":"1+1"})");
  pair.worker.send(FrameType::stream, R"({"name":"stdout","text":"a"})");
  pair.worker.send(FrameType::cell_done, R"({"status":"ok"})");

  const Received request = pair.worker.receive(std::chrono::milliseconds(1000));
  REQUIRE(request.status == Received::Status::frame);
  CHECK(request.frame.type == FrameType::execute);
  CHECK(request.frame.payload == R"({"code":"1+1"})");
  const Received first = pair.client.receive(std::chrono::milliseconds(1000));
  const Received second = pair.client.receive(std::chrono::milliseconds(1000));
  REQUIRE(first.status == Received::Status::frame);
  REQUIRE(second.status == Received::Status::frame);
  CHECK(first.frame.sequence == 0);
  CHECK(second.frame.sequence == 1);
  CHECK(second.frame.type == FrameType::cell_done);
}

TEST_CASE("a flipped bit anywhere in a frame is tampering", "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  const std::string sealed =
      seal_frame(key, Direction::to_client, Frame{FrameType::cell_done, 0, R"({"status":"ok"})"});
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    std::string forged = sealed;
    forged[i] = static_cast<char>(forged[i] ^ 0x01);
    const OpenedFrame opened = open_frame(key, Direction::to_client, forged, 0);
    INFO("byte " << i);
    CHECK(opened.status != OpenedFrame::Status::frame);
  }
  CHECK(open_frame(key, Direction::to_client, sealed, 0).status == OpenedFrame::Status::frame);
}

TEST_CASE("a frame sealed with another key is tampering", "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  const SessionKey other = SessionKey::generate();
  ChannelPair pair = make_pair(key);
  write_raw(pair.worker_raw_fd, seal_frame(other, Direction::to_client,
                                           Frame{FrameType::cell_done, 0, R"({"status":"ok"})"}));
  const Received received = pair.client.receive(std::chrono::milliseconds(1000));
  CHECK(received.status == Received::Status::tampered);
  CHECK(received.problem.find("HMAC") != std::string::npos);
  // The channel stays broken, even for a genuine frame afterwards.
  pair.worker.send(FrameType::cell_done, R"({"status":"ok"})");
  CHECK(pair.client.receive(std::chrono::milliseconds(200)).status == Received::Status::tampered);
}

TEST_CASE("a replayed frame is out of sequence", "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  ChannelPair pair = make_pair(key);
  const std::string sealed =
      seal_frame(key, Direction::to_client, Frame{FrameType::cell_done, 0, R"({"status":"ok"})"});
  write_raw(pair.worker_raw_fd, sealed);
  write_raw(pair.worker_raw_fd, sealed);
  CHECK(pair.client.receive(std::chrono::milliseconds(1000)).status == Received::Status::frame);
  const Received replay = pair.client.receive(std::chrono::milliseconds(1000));
  CHECK(replay.status == Received::Status::tampered);
  CHECK(replay.problem.find("out of sequence") != std::string::npos);
}

TEST_CASE("a frame reflected back in the other direction is tampering", "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  const std::string to_worker =
      seal_frame(key, Direction::to_worker, Frame{FrameType::cell_done, 0, R"({"status":"ok"})"});
  CHECK(open_frame(key, Direction::to_client, to_worker, 0).status ==
        OpenedFrame::Status::tampered);
}

TEST_CASE("truncated frames wait for more bytes, then count as truncated at EOF",
          "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  ChannelPair pair = make_pair(key);
  const std::string sealed =
      seal_frame(key, Direction::to_client, Frame{FrameType::stream, 0, R"({"text":"x"})"});
  write_raw(pair.worker_raw_fd, sealed.substr(0, sealed.size() - 5));
  CHECK(pair.client.receive(std::chrono::milliseconds(100)).status == Received::Status::timed_out);
  ::shutdown(pair.worker_raw_fd, SHUT_WR);
  const Received closed = pair.client.receive(std::chrono::milliseconds(1000));
  CHECK(closed.status == Received::Status::closed);
  CHECK(closed.problem.find("mid-frame") != std::string::npos);
}

TEST_CASE("oversized or unknown frames are tampering", "[runtime][protocol]") {
  const SessionKey key = SessionKey::generate();
  std::string huge(frame_header_size, '\0');
  huge[0] = huge[1] = huge[2] = huge[3] = static_cast<char>(0xff);  // 4 GiB payload announced
  CHECK(open_frame(key, Direction::to_client, huge, 0).status == OpenedFrame::Status::tampered);
  const std::string unknown =
      seal_frame(key, Direction::to_client, Frame{static_cast<FrameType>(999), 0, "{}"});
  const OpenedFrame opened = open_frame(key, Direction::to_client, unknown, 0);
  CHECK(opened.status == OpenedFrame::Status::tampered);
  CHECK(opened.problem.find("unknown frame type") != std::string::npos);
}
