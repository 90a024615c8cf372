// ExchangeCore: what one request shares between its handler, which may answer
// from any thread, and the connection that writes the answer. Internal to the
// server (http_server.cc and tests); free of Asio so it stays testable and
// cheap to compile.
//
// Thread-safety: every method may be called from any thread; one mutex guards
// the state. The connection registers a waker (a function that posts to its
// strand) and clears it before it forgets the exchange, so a late answer from
// a worker never touches a connection or an io_context that is gone.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/http_types.h"

namespace scry::server {

class ExchangeCore {
 public:
  enum class Phase { kPending, kReplied, kStreaming };

  // `max_buffered_bytes`: Write blocks while more than this is queued.
  explicit ExchangeCore(size_t max_buffered_bytes) : max_buffered_bytes_(max_buffered_bytes) {}

  // Handler side. Each returns false when the exchange was already answered.
  bool SetReply(Response response);
  bool StartStream(int status, Headers headers, StreamOptions options);

  // Stream side (what ResponseStream forwards to).
  bool Write(std::string_view chunk);
  void Close();
  bool IsOpen() const;
  void OnClientGone(std::function<void()> callback);

  // Connection side.
  // `wake` is called (under the lock, so it must only post) whenever there is
  // something new for the connection; nullptr detaches the connection.
  void SetWaker(std::function<void()> wake);
  Phase phase() const;
  bool answered() const { return phase() != Phase::kPending; }
  // The reply; call once when phase() is kReplied.
  Response TakeReply();
  // The stream's head; valid once phase() is kStreaming.
  int stream_status() const;
  Headers stream_headers() const;
  StreamOptions stream_options() const;
  // Moves everything queued into `out`. Returns true when the producer has
  // closed the stream and nothing is left to send.
  bool TakeChunks(std::string* out);
  // The client went away or the server closes the stream: Write returns
  // false from now on, and the OnClientGone callback runs.
  void MarkClientGone();

 private:
  // REQUIRES: mu_ held.
  void WakeLocked();

  const size_t max_buffered_bytes_;
  mutable std::mutex mu_;
  std::condition_variable drained_;       // Signalled when the queue shrinks or the stream ends.
  Phase phase_ = Phase::kPending;         // GUARDED_BY(mu_)
  std::optional<Response> reply_;         // GUARDED_BY(mu_)
  int stream_status_ = 200;               // GUARDED_BY(mu_)
  Headers stream_headers_;                // GUARDED_BY(mu_)
  StreamOptions stream_options_;          // GUARDED_BY(mu_)
  std::string queued_;                    // GUARDED_BY(mu_)
  bool producer_closed_ = false;          // GUARDED_BY(mu_)
  bool client_gone_ = false;              // GUARDED_BY(mu_)
  std::function<void()> on_client_gone_;  // GUARDED_BY(mu_)
  std::function<void()> wake_;            // GUARDED_BY(mu_)
  bool wake_pending_ = false;             // GUARDED_BY(mu_)
};

// The Exchange a handler receives. When the handler's last reference goes
// without an answer, it answers 500 (a bug in the handler, logged).
class ServerExchange final : public Exchange {
 public:
  ServerExchange(Request request, std::shared_ptr<ExchangeCore> core)
      : request_(std::move(request)), core_(std::move(core)) {}
  ~ServerExchange() override;

  const Request& request() const override { return request_; }
  void Reply(Response response) override;
  std::shared_ptr<ResponseStream> Stream(int status, Headers headers,
                                         StreamOptions options) override;
  bool answered() const override { return core_->answered(); }

 private:
  Request request_;
  std::shared_ptr<ExchangeCore> core_;
};

}  // namespace scry::server
