#include "server/exchange_core.h"

#include <spdlog/spdlog.h>

#include "server/errors.h"

namespace scry::server {
namespace {

// The body a producer writes to. Dropping the last reference ends the body, so
// a producer that forgets Close cannot hold a connection open forever.
class StreamHandle final : public ResponseStream {
 public:
  explicit StreamHandle(std::shared_ptr<ExchangeCore> core) : core_(std::move(core)) {}
  ~StreamHandle() override { core_->Close(); }

  bool Write(std::string_view chunk) override { return core_->Write(chunk); }
  void Close() override { core_->Close(); }
  bool IsOpen() const override { return core_->IsOpen(); }
  void OnClientGone(std::function<void()> callback) override {
    core_->OnClientGone(std::move(callback));
  }

 private:
  std::shared_ptr<ExchangeCore> core_;
};

}  // namespace

bool ExchangeCore::SetReply(Response response) {
  std::lock_guard lock(mu_);
  if (phase_ != Phase::kPending) return false;
  phase_ = Phase::kReplied;
  reply_ = std::move(response);
  WakeLocked();
  return true;
}

bool ExchangeCore::StartStream(int status, Headers headers, StreamOptions options) {
  std::lock_guard lock(mu_);
  if (phase_ != Phase::kPending) return false;
  phase_ = Phase::kStreaming;
  stream_status_ = status;
  stream_headers_ = std::move(headers);
  stream_options_ = std::move(options);
  WakeLocked();
  return true;
}

bool ExchangeCore::Write(std::string_view chunk) {
  std::unique_lock lock(mu_);
  drained_.wait(lock, [&] {
    return client_gone_ || producer_closed_ || queued_.size() <= max_buffered_bytes_;
  });
  if (client_gone_ || producer_closed_ || phase_ != Phase::kStreaming) return false;
  if (chunk.empty()) return true;  // An empty chunk would end the chunked body.
  queued_.append(chunk);
  WakeLocked();
  return true;
}

void ExchangeCore::Close() {
  std::lock_guard lock(mu_);
  if (producer_closed_) return;
  producer_closed_ = true;
  drained_.notify_all();
  WakeLocked();
}

bool ExchangeCore::IsOpen() const {
  std::lock_guard lock(mu_);
  return !client_gone_ && !producer_closed_;
}

void ExchangeCore::OnClientGone(std::function<void()> callback) {
  std::unique_lock lock(mu_);
  if (!client_gone_) {
    on_client_gone_ = std::move(callback);
    return;
  }
  lock.unlock();
  if (callback) callback();
}

void ExchangeCore::SetWaker(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
  wake_pending_ = false;
}

ExchangeCore::Phase ExchangeCore::phase() const {
  std::lock_guard lock(mu_);
  return phase_;
}

Response ExchangeCore::TakeReply() {
  std::lock_guard lock(mu_);
  wake_pending_ = false;
  Response reply = reply_ ? std::move(*reply_) : Response{};
  reply_.reset();
  return reply;
}

int ExchangeCore::stream_status() const {
  std::lock_guard lock(mu_);
  return stream_status_;
}

Headers ExchangeCore::stream_headers() const {
  std::lock_guard lock(mu_);
  return stream_headers_;
}

StreamOptions ExchangeCore::stream_options() const {
  std::lock_guard lock(mu_);
  return stream_options_;
}

bool ExchangeCore::TakeChunks(std::string* out) {
  std::lock_guard lock(mu_);
  wake_pending_ = false;
  out->clear();
  out->swap(queued_);
  drained_.notify_all();
  return producer_closed_ && out->empty();
}

void ExchangeCore::MarkClientGone() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mu_);
    if (client_gone_) return;
    client_gone_ = true;
    queued_.clear();
    // A stream its producer finished did not lose its client.
    if (!producer_closed_) callback = std::move(on_client_gone_);
    drained_.notify_all();
  }
  if (callback) callback();
}

void ExchangeCore::WakeLocked() {
  if (wake_ && !wake_pending_) {
    wake_pending_ = true;
    wake_();
  }
}

ServerExchange::~ServerExchange() {
  if (core_->answered()) return;
  spdlog::error("bug: handler for {} {} dropped the exchange without answering (request id {})",
                request_.method, request_.path, request_.request_id);
  core_->SetReply(ErrorResponse(InternalError("the handler did not answer"),
                                ErrorStyleForPath(request_.path), request_.request_id));
}

void ServerExchange::Reply(Response response) {
  if (!core_->SetReply(std::move(response))) {
    spdlog::error("bug: second answer to {} {} ignored (request id {})", request_.method,
                  request_.path, request_.request_id);
  }
}

std::shared_ptr<ResponseStream> ServerExchange::Stream(int status, Headers headers,
                                                       StreamOptions options) {
  if (!core_->StartStream(status, std::move(headers), std::move(options))) {
    spdlog::error("bug: stream started on answered {} {} (request id {})", request_.method,
                  request_.path, request_.request_id);
    return nullptr;
  }
  return std::make_shared<StreamHandle>(core_);
}

}  // namespace scry::server
