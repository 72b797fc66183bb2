// Ordering the times submissions are stamped with (nbgrader's Exchange.timestamp_format
// "%Y-%m-%d %H:%M:%S.%f %Z" in UTC, records::format_nbgrader_timestamp): the text of
// timestamp.txt and of the submission's name in inbound/.
#pragma once

#include <string>
#include <string_view>

namespace gradebox::exchange {

// Orders two timestamps as nbgrader's collect does (parsed times, microseconds included); a text
// nbgrader cannot parse sorts first, so it is never taken as the latest.
bool timestamp_before(std::string_view a, std::string_view b);

}  // namespace gradebox::exchange
