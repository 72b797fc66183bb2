// IdleOutputWatch: poll the session, wake the shell thread (see idle_output_watch.hpp).
#include "kernel/xeus/idle_output_watch.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <xeus/xmiddleware.hpp>

namespace gradebox::kernel {
namespace {

constexpr const char* wake_key = "gradebox_idle_output";

// zmq_poll over `items`, retrying on EINTR; false on any other failure (the context ended).
bool poll_items(std::vector<zmq::pollitem_t>& items) {
  while (zmq_poll(items.data(), static_cast<int>(items.size()), -1) < 0)
    if (zmq_errno() != EINTR) return false;
  return true;
}

}  // namespace

IdleOutputWatch::IdleOutputWatch(zmq::context_t& context)
    : context_(context), wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (!wake_) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
  thread_ = std::thread([this] { run(); });
}

IdleOutputWatch::~IdleOutputWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof one);
  thread_.join();
}

void IdleOutputWatch::watch(std::vector<sandbox::UniqueFd> descriptors) {
  {
    std::lock_guard lock(mutex_);
    descriptors_ = std::make_shared<const std::vector<sandbox::UniqueFd>>(std::move(descriptors));
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof one);
}

nlohmann::json IdleOutputWatch::wake_request() {
  return {{wake_key, true}};
}

bool IdleOutputWatch::is_wake_request(const nlohmann::json& message) {
  return message.is_object() && message.contains(wake_key);
}

bool IdleOutputWatch::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void IdleOutputWatch::take_wake_signal() {
  std::uint64_t count;
  (void)!::read(wake_.get(), &count, sizeof count);
}

void IdleOutputWatch::run() {
  zmq::socket_t shell(context_, zmq::socket_type::req);
  shell.set(zmq::sockopt::linger, 0);
  shell.connect(xeus::get_controller_end_point("shell"));
  while (!stopping()) {
    Descriptors descriptors;
    {
      std::lock_guard lock(mutex_);
      descriptors = descriptors_;  // kept open while polled, whatever watch() does meanwhile
    }
    const Wait waited = wait(descriptors);
    if (waited == Wait::failed || (waited == Wait::readable && !wake_shell_thread(shell))) break;
  }
}

IdleOutputWatch::Wait IdleOutputWatch::wait(const Descriptors& descriptors) {
  std::vector<pollfd> fds = {{wake_.get(), POLLIN, 0}};
  for (const auto& fd : *descriptors) fds.push_back({fd.get(), POLLIN, 0});
  while (::poll(fds.data(), fds.size(), -1) < 0) {
    if (errno != EINTR) {
      spdlog::error("output written between requests is no longer watched: poll: {}",
                    std::strerror(errno));
      return Wait::failed;
    }
  }
  if (fds[0].revents == 0) return Wait::readable;
  take_wake_signal();
  return Wait::changed;
}

bool IdleOutputWatch::wake_shell_thread(zmq::socket_t& shell) {
  shell.send(zmq::buffer(wake_request().dump()), zmq::send_flags::none);
  // The answer comes once the shell thread has published, after the request it serves now.
  std::vector<zmq::pollitem_t> items = {{shell.handle(), 0, ZMQ_POLLIN, 0},
                                        {nullptr, wake_.get(), ZMQ_POLLIN, 0}};
  for (;;) {
    if (!poll_items(items)) return false;
    if (items[0].revents & ZMQ_POLLIN) {
      zmq::message_t answer;
      (void)shell.recv(answer);
      return true;
    }
    if (items[1].revents & ZMQ_POLLIN) {
      take_wake_signal();
      if (stopping()) return false;
    }
  }
}

}  // namespace gradebox::kernel
