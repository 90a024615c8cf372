#include "server/sse.h"

namespace scry::server {
namespace {

std::string SingleLine(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return line;
}

}  // namespace

std::string FormatSseEvent(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  out.reserve(data.size() + event.size() + id.size() + 32);
  if (!event.empty()) out += "event: " + SingleLine(event) + "\n";
  if (!id.empty()) out += "id: " + SingleLine(id) + "\n";
  size_t start = 0;
  while (true) {
    size_t end = data.find_first_of("\r\n", start);
    out += "data: ";
    out.append(data.substr(start, end == std::string_view::npos ? end : end - start));
    out += '\n';
    if (end == std::string_view::npos) break;
    start = end + ((data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? 2 : 1);
  }
  out += '\n';
  return out;
}

std::string FormatSseComment(std::string_view text) { return ": " + SingleLine(text) + "\n\n"; }

std::string FormatSseRetry(std::chrono::milliseconds delay) {
  return "retry: " + std::to_string(delay.count()) + "\n\n";
}

Headers SseHeaders() {
  return {{"Content-Type", "text/event-stream; charset=utf-8"},
          {"Cache-Control", "no-cache"},
          // nginx buffers responses unless told otherwise; events must flow.
          {"X-Accel-Buffering", "no"}};
}

bool SseWriter::Send(std::string_view event, std::string_view data, std::string_view id) {
  return stream_ && stream_->Write(FormatSseEvent(event, data, id));
}

bool SseWriter::Comment(std::string_view text) {
  return stream_ && stream_->Write(FormatSseComment(text));
}

bool SseWriter::Retry(std::chrono::milliseconds delay) {
  return stream_ && stream_->Write(FormatSseRetry(delay));
}

SseWriter StartSse(Exchange& exchange, std::chrono::milliseconds heartbeat) {
  StreamOptions options;
  if (heartbeat.count() > 0) {
    options.heartbeat_interval = heartbeat;
    options.heartbeat_chunk = FormatSseComment("keep-alive");
  }
  return SseWriter(exchange.Stream(200, SseHeaders(), std::move(options)));
}

}  // namespace scry::server
