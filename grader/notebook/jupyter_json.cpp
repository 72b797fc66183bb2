// Emits JSON text identical to Python's json.dumps(indent=1, sort_keys=True, ensure_ascii=False).
#include "grader/notebook/jupyter_json.hpp"

#include <algorithm>
#include <vector>

#include "grader/notebook/python_float.hpp"

namespace gradebox::notebook {
namespace {

void write_string(std::string& out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the current run of bytes copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(s, run, s.size() - run);
  out.push_back('"');
}

void newline_indent(std::string& out, int depth) {
  out.push_back('\n');
  out.append(static_cast<std::size_t>(depth), ' ');
}

void write_value(std::string& out, const Json& v, KeyOrder order, int depth) {
  switch (v.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += std::to_string(v.get<std::int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(v.get<std::uint64_t>());
      return;
    case Json::value_t::number_float:
      out += python_float_repr(v.get<double>());
      return;
    case Json::value_t::string:
      write_string(out, v.get_ref<const std::string&>());
      return;
    case Json::value_t::array: {
      if (v.empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      bool first = true;
      for (const auto& item : v) {
        if (!first) out.push_back(',');
        first = false;
        newline_indent(out, depth + 1);
        write_value(out, item, order, depth + 1);
      }
      newline_indent(out, depth);
      out.push_back(']');
      return;
    }
    case Json::value_t::object: {
      if (v.empty()) {
        out += "{}";
        return;
      }
      std::vector<Json::const_iterator> items;
      items.reserve(v.size());
      for (auto it = v.begin(); it != v.end(); ++it) items.push_back(it);
      if (order == KeyOrder::sorted) {
        // std::string compares as unsigned bytes: UTF-8 byte order equals code point order.
        std::sort(items.begin(), items.end(),
                  [](const auto& a, const auto& b) { return a.key() < b.key(); });
      }
      out.push_back('{');
      bool first = true;
      for (const auto& it : items) {
        if (!first) out.push_back(',');
        first = false;
        newline_indent(out, depth + 1);
        write_string(out, it.key());
        out += ": ";
        write_value(out, it.value(), order, depth + 1);
      }
      newline_indent(out, depth);
      out.push_back('}');
      return;
    }
    case Json::value_t::binary:
    case Json::value_t::discarded:
      out += "null";
      return;
  }
}

}  // namespace

std::string to_jupyter_json(const Json& value, KeyOrder order) {
  std::string out;
  out.reserve(1 << 16);
  write_value(out, value, order, 0);
  out.push_back('\n');
  return out;
}

}  // namespace gradebox::notebook
