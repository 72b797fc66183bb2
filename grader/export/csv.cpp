// Owns RFC 4180 CSV quoting and parsing.
#include "grader/export/csv.hpp"

#include <stdexcept>

namespace gradebox::exporting {

namespace {

// A decimal number as spreadsheets read one: [+-] digits [. digits] [e [+-] digits].
bool is_plain_number(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

}  // namespace

std::string neutralise_formula(std::string_view value) {
  if (value.empty() || std::string_view("=+-@\t\r").find(value.front()) == std::string_view::npos ||
      is_plain_number(value))
    return std::string(value);
  return "'" + std::string(value);
}

std::string csv_field(std::string_view raw) {
  const std::string neutral = neutralise_formula(raw);
  const std::string_view value = neutral;
  const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!needs_quotes) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_row(const CsvRow& fields) {
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) row += ',';
    row += csv_field(fields[i]);
  }
  row += "\r\n";
  return row;
}

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  const auto error = [&](const std::string& what) {
    return std::invalid_argument(source + ":" + std::to_string(line) + ": " + what);
  };
  const auto end_record = [&] {
    row.push_back(std::move(field));
    field.clear();
    rows.push_back(std::move(row));
    row.clear();
  };
  while (i < text.size()) {
    if (text[i] == '"' && field.empty()) {
      const size_t start_line = line;
      ++i;
      for (;;) {
        if (i >= text.size())
          throw std::invalid_argument(source + ":" + std::to_string(start_line) +
                                      ": unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        throw error("unexpected character after a closing quote");
      }
      continue;
    }
    const char c = text[i];
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      ++i;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      end_record();
      i += 2;
      ++line;
    } else if (c == '\n') {
      end_record();
      ++i;
      ++line;
    } else {
      field += c;
      ++i;
    }
  }
  if (!field.empty() || !row.empty()) end_record();
  return rows;
}

}  // namespace gradebox::exporting
