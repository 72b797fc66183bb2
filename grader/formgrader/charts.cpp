// Owns the SVG charts (see charts.hpp).
#include "grader/formgrader/charts.hpp"

#include <algorithm>
#include <array>

#include "grader/feedback/html_escape.hpp"

namespace gradebox::formgrader {
namespace {

std::string num(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

std::string svg_open(int width, int height, const std::string& label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(height) + "\" aria-label=\"" + feedback::escape_html(label) +
         "\" font-family=\"system-ui,sans-serif\" font-size=\"11\">";
}

}  // namespace

std::string score_distribution_svg(const std::vector<Score>& scores) {
  std::array<int, 10> bins{};
  for (const auto& s : scores) {
    if (s.max_milli <= 0) continue;
    const auto bin = std::clamp<int64_t>(s.points_milli * 10 / s.max_milli, 0, 9);
    ++bins[static_cast<std::size_t>(bin)];
  }
  const int tallest = std::max(1, *std::max_element(bins.begin(), bins.end()));
  constexpr int kWidth = 420, kHeight = 170, kBase = 140, kBar = 36, kLeft = 20;
  std::string svg = svg_open(kWidth, kHeight, "score distribution");
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const double height = 110.0 * bins[i] / tallest;
    const double x = kLeft + static_cast<double>(i) * (kBar + 3);
    svg += "<rect x=\"" + num(x) + "\" y=\"" + num(kBase - height) + "\" width=\"" +
           std::to_string(kBar) + "\" height=\"" + num(height) + "\" fill=\"#0969da\"><title>" +
           std::to_string(i * 10) + "-" + std::to_string(i * 10 + 10) +
           " %: " + std::to_string(bins[i]) + "</title></rect>";
    if (bins[i] > 0)
      svg += "<text x=\"" + num(x + kBar / 2.0) + "\" y=\"" + num(kBase - height - 3) +
             "\" text-anchor=\"middle\">" + std::to_string(bins[i]) + "</text>";
    svg += "<text x=\"" + num(x + kBar / 2.0) + "\" y=\"" + std::to_string(kBase + 14) +
           "\" text-anchor=\"middle\">" + std::to_string(i * 10) + "%</text>";
  }
  svg += "<line x1=\"" + std::to_string(kLeft) + "\" y1=\"" + std::to_string(kBase) + "\" x2=\"" +
         std::to_string(kWidth - 10) + "\" y2=\"" + std::to_string(kBase) +
         "\" stroke=\"#59636e\"/>";
  return svg + "</svg>";
}

std::string pass_rate_svg(std::vector<TestCellRate> rates) {
  const auto rate = [](const TestCellRate& r) {
    return r.graded ? double(r.passed) / r.graded : 0.0;
  };
  std::stable_sort(rates.begin(), rates.end(),
                   [&](const auto& a, const auto& b) { return rate(a) < rate(b); });
  constexpr int kWidth = 560, kRow = 20, kLabel = 260, kBarMax = 220;
  const int height = 10 + kRow * static_cast<int>(std::max<std::size_t>(rates.size(), 1));
  std::string svg = svg_open(kWidth, height, "pass rate per test cell");
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const double y = 5 + static_cast<double>(i) * kRow;
    const double share = rate(rates[i]);
    const char* colour = share < 0.5 ? "#cf222e" : share < 0.8 ? "#d4a72c" : "#1a7f37";
    svg += "<text x=\"" + std::to_string(kLabel - 6) + "\" y=\"" + num(y + 13) +
           "\" text-anchor=\"end\">" + feedback::escape_html(rates[i].label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + num(y + 3) + "\" width=\"" +
           num(kBarMax * share) + "\" height=\"14\" fill=\"" + colour + "\"/>";
    svg += "<text x=\"" + num(kLabel + kBarMax * share + 4) + "\" y=\"" + num(y + 13) + "\">" +
           std::to_string(rates[i].passed) + "/" + std::to_string(rates[i].graded) + " (" +
           std::to_string(static_cast<int>(share * 100 + 0.5)) + "%)</text>";
  }
  return svg + "</svg>";
}

}  // namespace gradebox::formgrader
