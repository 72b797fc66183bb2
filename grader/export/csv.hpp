// RFC 4180 CSV: writing (a field is quoted when it holds a comma, quote, CR or LF, or starts or
// ends with a space; quotes are doubled; records end with CRLF) and reading (quoted fields may
// span lines; LF or CRLF record ends; a UTF-8 BOM is skipped). Text is passed through as UTF-8.
//
// Formula injection (OWASP "CSV Injection"): every field written that starts with = + - @ TAB or
// CR and is not a plain number gets a leading single quote, so a spreadsheet shows a name like
// "=HYPERLINK(...)" as text instead of running it. Numbers ("-1.5", "+2", "1e3") are written
// unchanged, which is why no format needs this turned off: it is always on, in every CSV format
// (nbgrader, canvas, moodle, blackboard).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gradebox::exporting {

using CsvRow = std::vector<std::string>;

// The neutralised text of a field (see above), before quoting.
std::string neutralise_formula(std::string_view value);
std::string csv_field(std::string_view value);  // neutralised, then quoted as needed
std::string csv_row(const CsvRow& fields);      // with the trailing CRLF

// Throws std::invalid_argument naming `source` and the line of an unterminated quote or a stray
// character after a closing quote.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& source);

}  // namespace gradebox::exporting
