// RecordingExchange: an Exchange without a server, for testing handlers
// directly (the API routes): call the handler with it, then wait for what it
// answered. Thread-safe like the real one: handlers may answer from workers.
//
//   auto exchange = std::make_shared<RecordingExchange>(request);
//   handler(exchange);
//   std::optional<Response> response = exchange->WaitForReply();
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/http_types.h"

namespace scry::server::testing {

class RecordingExchange final : public Exchange,
                                public std::enable_shared_from_this<RecordingExchange> {
 public:
  explicit RecordingExchange(Request request) : request_(std::move(request)) {}

  const Request& request() const override { return request_; }

  void Reply(Response response) override {
    std::lock_guard lock(mu_);
    if (answered_) return;
    answered_ = true;
    reply_ = std::move(response);
    changed_.notify_all();
  }

  std::shared_ptr<ResponseStream> Stream(int status, Headers headers,
                                         StreamOptions options = {}) override {
    std::lock_guard lock(mu_);
    if (answered_) return nullptr;
    answered_ = true;
    reply_ = Response{status, std::move(headers), ""};
    streaming_ = true;
    return std::make_shared<Body>(shared_from_this());
  }

  bool answered() const override {
    std::lock_guard lock(mu_);
    return answered_;
  }

  // The reply, or the head of a stream with everything written so far as its
  // body once the stream is closed; nullopt if nothing came within `timeout`.
  std::optional<Response> WaitForReply(
      std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    std::unique_lock lock(mu_);
    bool done = changed_.wait_for(lock, timeout,
                                  [&] { return answered_ && (!streaming_ || stream_closed_); });
    if (!done) return std::nullopt;
    return reply_;
  }

  // Makes the stream's Write return false, as if the client hung up.
  void HangUp() {
    std::lock_guard lock(mu_);
    client_gone_ = true;
    changed_.notify_all();
  }

 private:
  class Body final : public ResponseStream {
   public:
    explicit Body(std::shared_ptr<RecordingExchange> owner) : owner_(std::move(owner)) {}
    ~Body() override { Close(); }
    bool Write(std::string_view chunk) override {
      std::lock_guard lock(owner_->mu_);
      if (owner_->client_gone_ || owner_->stream_closed_) return false;
      owner_->reply_->body.append(chunk);
      return true;
    }
    void Close() override {
      std::lock_guard lock(owner_->mu_);
      owner_->stream_closed_ = true;
      owner_->changed_.notify_all();
    }
    bool IsOpen() const override {
      std::lock_guard lock(owner_->mu_);
      return !owner_->client_gone_ && !owner_->stream_closed_;
    }
    void OnClientGone(std::function<void()>) override {}

   private:
    std::shared_ptr<RecordingExchange> owner_;
  };

  Request request_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  bool answered_ = false;          // GUARDED_BY(mu_)
  bool streaming_ = false;         // GUARDED_BY(mu_)
  bool stream_closed_ = false;     // GUARDED_BY(mu_)
  bool client_gone_ = false;       // GUARDED_BY(mu_)
  std::optional<Response> reply_;  // GUARDED_BY(mu_)
};

}  // namespace scry::server::testing
