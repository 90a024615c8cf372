// Server-Sent Events (text/event-stream) on top of a ResponseStream.
//
// FormatSseEvent and FormatSseComment are pure; SseWriter sends them.
// Thread-safety: SseWriter is as thread-safe as its stream (each Send writes
// one whole event in a single chunk, so concurrent senders never interleave
// lines of different events).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "server/http_types.h"

namespace scry::server {

// "event: <event>\nid: <id>\ndata: <line>\n...\n\n". Empty `event` or `id` are
// left out; `data` is split on "\n", "\r\n" and "\r" into data lines, so
// multi-line payloads survive. CR/LF in `event` and `id` become spaces (they
// would end the field).
std::string FormatSseEvent(std::string_view event, std::string_view data, std::string_view id = {});
// ": <text>\n\n", which clients ignore: heartbeats and padding.
std::string FormatSseComment(std::string_view text);
// "retry: <ms>\n\n": how long the browser waits before reconnecting.
std::string FormatSseRetry(std::chrono::milliseconds delay);

// The headers an event stream needs (Content-Type, no caching, no proxy
// buffering).
Headers SseHeaders();

class SseWriter {
 public:
  explicit SseWriter(std::shared_ptr<ResponseStream> stream) : stream_(std::move(stream)) {}

  // Each returns false once the client is gone (stop producing then).
  bool Send(std::string_view event, std::string_view data, std::string_view id = {});
  bool Comment(std::string_view text);
  bool Retry(std::chrono::milliseconds delay);
  bool IsOpen() const { return stream_ && stream_->IsOpen(); }
  void Close() {
    if (stream_) stream_->Close();
  }
  ResponseStream* stream() const { return stream_.get(); }

 private:
  std::shared_ptr<ResponseStream> stream_;
};

// Answers `exchange` with 200 and an event stream that sends a heartbeat
// comment after `heartbeat` without events (0: none). Returns a writer on a
// null stream when the exchange was already answered.
SseWriter StartSse(Exchange& exchange,
                   std::chrono::milliseconds heartbeat = std::chrono::seconds(15));

}  // namespace scry::server
