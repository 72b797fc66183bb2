// Control messages: JSON + SCM_RIGHTS over SOCK_SEQPACKET.
#include "kernel/protocol/control_message.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace gradebox::protocol {
namespace {
constexpr std::size_t max_fds = 8;
}

void send_control(int socket, const nlohmann::json& body, const std::vector<int>& fds) {
  if (fds.size() > max_fds) throw std::runtime_error("control message: too many fds");
  std::string text = body.dump();
  iovec iov{text.data(), text.size()};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * max_fds)] = {};
  if (!fds.empty()) {
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
    cmsghdr* header = CMSG_FIRSTHDR(&msg);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
    std::memcpy(CMSG_DATA(header), fds.data(), sizeof(int) * fds.size());
  }
  for (;;) {
    if (::sendmsg(socket, &msg, MSG_NOSIGNAL) >= 0) return;
    if (errno != EINTR)
      throw std::runtime_error(std::string("control message: sendmsg failed: ") +
                               std::strerror(errno));
  }
}

std::optional<ControlMessage> receive_control(int socket) {
  // One buffer per thread, allocated once and left uninitialised: a fresh zero-filled 1 MiB per
  // message cost a memset on every open and exit report, and filling it once kept 1 MiB resident
  // in every process that reads control messages (the kernel, each zygote, each session). Only
  // the pages a message is written into become resident.
  thread_local std::unique_ptr<char[]> text(new char[max_control_message]);
  iovec iov{text.get(), max_control_message};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * max_fds)] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    throw std::runtime_error(std::string("control message: recvmsg failed: ") +
                             std::strerror(errno));
  ControlMessage message;
  for (cmsghdr* header = CMSG_FIRSTHDR(&msg); header; header = CMSG_NXTHDR(&msg, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
    const std::size_t count = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (std::size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(header) + i * sizeof(int), sizeof(int));
      message.fds.emplace_back(fd);
    }
  }
  if (n == 0) return std::nullopt;
  if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
    throw std::runtime_error("control message: truncated packet");
  message.body = nlohmann::json::parse(text.get(), text.get() + n);
  return message;
}

}  // namespace gradebox::protocol
