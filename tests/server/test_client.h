// A small blocking HTTP/1.1 client for tests: plain sockets, OpenSSL for TLS,
// no Beast (so tests compile fast). One client is one connection at a time,
// reused while the server keeps it alive (keep-alive tests count
// connections_opened()).
//
//   TestHttpClient client("127.0.0.1", server.port());
//   ASSERT_OK_AND_ASSIGN... auto response = client.Get("/api/v1/spaces");
//   EXPECT_EQ(response->status, 200);
//
// Streams: StartStream sends a request and returns the head; ReadStreamChunk
// and ReadSseEvent then read the chunked body as it arrives.
//
// Thread-safety: none; use one client per thread.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/status_or.h"
#include "server/http_types.h"

namespace scry::server::testing {

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  // The header's value, "" when absent.
  std::string Header(std::string_view name) const;
};

struct SseEvent {
  std::string event;  // "" when the block had no event field.
  std::string id;
  std::string data;                   // Data lines joined by "\n".
  std::vector<std::string> comments;  // Lines starting with ':' (heartbeats).
};

struct TestClientOptions {
  bool tls = false;
  // TLS: the certificate to trust (the server's self-signed one).
  std::string ca_file;
  // Every read and write gives up after this long.
  std::chrono::milliseconds timeout{15'000};
};

class TestHttpClient {
 public:
  TestHttpClient(std::string host, uint16_t port, TestClientOptions options = {});
  ~TestHttpClient();
  TestHttpClient(const TestHttpClient&) = delete;
  TestHttpClient& operator=(const TestHttpClient&) = delete;

  StatusOr<HttpResponse> Get(std::string_view target, const Headers& headers = {});
  // Content-Type defaults to application/json.
  StatusOr<HttpResponse> Post(std::string_view target, std::string_view body,
                              const Headers& headers = {});
  StatusOr<HttpResponse> Delete(std::string_view target, const Headers& headers = {});
  // Any method. Adds Host and Content-Length; connects when needed.
  StatusOr<HttpResponse> Send(std::string_view method, std::string_view target,
                              std::string_view body, const Headers& headers);
  // Writes `bytes` as they are (malformed requests) and reads one response.
  StatusOr<HttpResponse> SendRaw(std::string_view bytes);
  // Writes `bytes` without reading anything.
  Status WriteRaw(std::string_view bytes);

  // Sends a request and reads only the response head.
  StatusOr<HttpResponse> StartStream(std::string_view method, std::string_view target,
                                     std::string_view body = {}, const Headers& headers = {});
  // The next piece of the chunked body; "" once the body ended. Unavailable
  // when the connection closed before the last chunk.
  StatusOr<std::string> ReadStreamChunk();
  // The next event block (comments included) of an event stream.
  // OutOfRange once the stream ended.
  StatusOr<SseEvent> ReadSseEvent();

  Status Connect();
  // Closes the connection (a client that goes away).
  void Disconnect();
  bool connected() const { return fd_ >= 0; }
  int connections_opened() const { return connections_opened_; }

 private:
  Status WriteAll(std::string_view bytes);
  // Reads more bytes into buffer_. Unavailable on EOF, DeadlineExceeded on
  // timeout.
  Status Fill();
  StatusOr<std::string> ReadLine();
  StatusOr<std::string> ReadExactly(size_t size);
  StatusOr<HttpResponse> ReadHead();
  StatusOr<HttpResponse> ReadResponse(bool head_request);
  StatusOr<std::string> ReadChunkedBody();
  std::string BuildRequest(std::string_view method, std::string_view target, std::string_view body,
                           const Headers& headers) const;

  std::string host_;
  uint16_t port_;
  TestClientOptions options_;
  int fd_ = -1;
  SSL_CTX* ssl_ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string buffer_;      // Bytes read but not consumed.
  std::string sse_buffer_;  // Decoded stream bytes not yet parsed into events.
  bool stream_done_ = false;
  int connections_opened_ = 0;
};

struct TlsFiles {
  std::string certificate_file;
  std::string private_key_file;
};

// Writes a self-signed certificate for 127.0.0.1 and localhost, and its key,
// into `directory` (with the openssl command).
StatusOr<TlsFiles> MakeSelfSignedCertificate(const std::filesystem::path& directory);

// A fresh directory under the system's temp directory, removed by the
// destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace scry::server::testing
