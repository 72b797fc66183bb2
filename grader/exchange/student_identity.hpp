// Who the student is and where their nbgrader cache is, as nbgrader decides both:
// - the student id is the login name of the process's uid (get_username), except that "jovyan"
//   (the Jupyter Docker stacks' shared user) is $JUPYTERHUB_USER; an explicit --student wins;
// - the cache (Exchange.cache) is $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else
//   ~/.local/share/jupyter, followed by nbgrader_cache/. submit keeps a copy of each submission
//   there (with its submission_secret.txt), which is how fetch-feedback and list find feedback.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace gradebox::exchange {

// The login name of `uid`; nullopt when it has none.
std::optional<std::string> login_name(uid_t uid);

// The student id to submit as: `explicit_id` when given, else nbgrader's get_username(). Throws
// std::runtime_error when there is none or it is not a valid exchange student id.
std::string student_id(const std::string& explicit_id);

std::filesystem::path nbgrader_cache_dir();

}  // namespace gradebox::exchange
