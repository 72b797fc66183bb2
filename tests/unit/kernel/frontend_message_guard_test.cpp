// Which frontend messages the kernel keeps from xeus (kernel/xeus/frontend_message_guard.hpp).
#include "kernel/xeus/frontend_message_guard.hpp"

#include <catch2/catch.hpp>
#include <string>

using gradebox::kernel::unsafe_for_xeus;

TEST_CASE("comm messages with ids xeus can hold pass", "[frontend_guard]") {
  for (const char* type : {"comm_open", "comm_msg", "comm_close"}) {
    CHECK(unsafe_for_xeus(type, {{"comm_id", std::string(32, 'a')}, {"data", {}}}).empty());
    CHECK(unsafe_for_xeus(type, {{"comm_id", std::string(55, 'a')}}).empty());
  }
}

TEST_CASE("comm ids longer than xeus' buffer, empty or not strings are refused",
          "[frontend_guard]") {
  for (const char* type : {"comm_open", "comm_msg", "comm_close"}) {
    const std::string too_long = unsafe_for_xeus(type, {{"comm_id", std::string(56, 'a')}});
    CHECK(too_long == std::string(type) + " with a comm_id of 56 characters (1 to 55 accepted)");
    CHECK_FALSE(unsafe_for_xeus(type, {{"comm_id", ""}}).empty());
    CHECK_FALSE(unsafe_for_xeus(type, {{"comm_id", 7}}).empty());
    CHECK_FALSE(unsafe_for_xeus(type, nl::json::object()).empty());
  }
}

TEST_CASE("other requests pass whatever their content", "[frontend_guard]") {
  CHECK(unsafe_for_xeus("execute_request", {{"comm_id", std::string(4000, 'a')}}).empty());
  CHECK(unsafe_for_xeus("comm_info_request", {{"target_name", std::string(4000, 'a')}}).empty());
}
