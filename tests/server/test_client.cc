#include "server/test_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

namespace scry::server::testing {
namespace {

std::string Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  if (code == 0) return "unknown TLS error";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

bool IsChunked(const HttpResponse& head) {
  std::string encoding = head.Header("Transfer-Encoding");
  for (char& c : encoding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return encoding.find("chunked") != std::string::npos;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

TestHttpClient::TestHttpClient(std::string host, uint16_t port, TestClientOptions options)
    : host_(std::move(host)), port_(port), options_(std::move(options)) {}

TestHttpClient::~TestHttpClient() {
  Disconnect();
  if (ssl_ctx_) SSL_CTX_free(ssl_ctx_);
}

Status TestHttpClient::Connect() {
  Disconnect();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host_.c_str(), std::to_string(port_).c_str(), &hints, &found) != 0 || !found) {
    return UnavailableError("cannot resolve " + host_);
  }
  int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  int rc = fd < 0 ? -1 : connect(fd, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (rc != 0) {
    if (fd >= 0) close(fd);
    return UnavailableError("connect to " + host_ + ":" + std::to_string(port_) + ": " +
                            std::strerror(errno));
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  fd_ = fd;
  ++connections_opened_;
  if (!options_.tls) return Status::Ok();

  if (!ssl_ctx_) {
    ssl_ctx_ = SSL_CTX_new(TLS_client_method());
    if (!options_.ca_file.empty() &&
        SSL_CTX_load_verify_locations(ssl_ctx_, options_.ca_file.c_str(), nullptr) != 1) {
      return InvalidArgumentError("cannot load CA file: " + OpenSslError());
    }
    SSL_CTX_set_verify(ssl_ctx_, SSL_VERIFY_PEER, nullptr);
  }
  ssl_ = SSL_new(ssl_ctx_);
  SSL_set_fd(ssl_, fd_);
  // Check that the certificate really names the host we dialled.
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
  if (X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str()) != 1) {
    X509_VERIFY_PARAM_set1_host(param, host_.c_str(), 0);
    SSL_set_tlsext_host_name(ssl_, host_.c_str());
  }
  if (SSL_connect(ssl_) != 1) {
    std::string error = OpenSslError();
    Disconnect();
    return UnavailableError("TLS handshake: " + error);
  }
  return Status::Ok();
}

void TestHttpClient::Disconnect() {
  if (ssl_) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  buffer_.clear();
  sse_buffer_.clear();
  stream_done_ = false;
}

Status TestHttpClient::WriteAll(std::string_view bytes) {
  while (!bytes.empty()) {
    pollfd waiter{fd_, POLLOUT, 0};
    if (poll(&waiter, 1, static_cast<int>(options_.timeout.count())) <= 0) {
      return DeadlineExceededError("write timed out");
    }
    long written = ssl_ ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                        : send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (written <= 0) {
      if (!ssl_ && (errno == EINTR || errno == EAGAIN)) continue;
      return UnavailableError(std::string("write failed: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return Status::Ok();
}

Status TestHttpClient::Fill() {
  if (fd_ < 0) return UnavailableError("not connected");
  char chunk[16384];
  while (true) {
    if (!ssl_ || SSL_pending(ssl_) == 0) {
      pollfd waiter{fd_, POLLIN, 0};
      if (poll(&waiter, 1, static_cast<int>(options_.timeout.count())) <= 0) {
        return DeadlineExceededError("read timed out");
      }
    }
    long got = ssl_ ? SSL_read(ssl_, chunk, sizeof(chunk)) : recv(fd_, chunk, sizeof(chunk), 0);
    if (got > 0) {
      buffer_.append(chunk, static_cast<size_t>(got));
      return Status::Ok();
    }
    if (ssl_ && SSL_get_error(ssl_, static_cast<int>(got)) == SSL_ERROR_WANT_READ) continue;
    if (!ssl_ && got < 0 && errno == EINTR) continue;
    return UnavailableError("connection closed by the server");
  }
}

StatusOr<std::string> TestHttpClient::ReadLine() {
  size_t end;
  while ((end = buffer_.find("\r\n")) == std::string::npos) RETURN_IF_ERROR(Fill());
  std::string line = buffer_.substr(0, end);
  buffer_.erase(0, end + 2);
  return line;
}

StatusOr<std::string> TestHttpClient::ReadExactly(size_t size) {
  while (buffer_.size() < size) RETURN_IF_ERROR(Fill());
  std::string data = buffer_.substr(0, size);
  buffer_.erase(0, size);
  return data;
}

StatusOr<HttpResponse> TestHttpClient::ReadHead() {
  while (true) {
    ASSIGN_OR_RETURN(std::string status_line, ReadLine());
    HttpResponse head;
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
      return Status(StatusCode::kDataLoss, "bad status line: " + status_line);
    }
    head.status = std::atoi(status_line.c_str() + 9);
    while (true) {
      ASSIGN_OR_RETURN(std::string line, ReadLine());
      if (line.empty()) break;
      size_t colon = line.find(':');
      if (colon == std::string::npos)
        return Status(StatusCode::kDataLoss, "bad header line: " + line);
      head.headers[Trim(line.substr(0, colon))] = Trim(line.substr(colon + 1));
    }
    if (head.status != 100) return head;  // Interim responses are skipped.
  }
}

StatusOr<std::string> TestHttpClient::ReadChunkedBody() {
  std::string body;
  while (true) {
    ASSIGN_OR_RETURN(std::string piece, ReadStreamChunk());
    if (piece.empty()) return body;
    body += piece;
  }
}

StatusOr<HttpResponse> TestHttpClient::ReadResponse(bool head_request) {
  ASSIGN_OR_RETURN(HttpResponse response, ReadHead());
  bool bodiless = head_request || response.status == 204 || response.status == 304;
  if (!bodiless) {
    std::string length = response.Header("Content-Length");
    if (IsChunked(response)) {
      stream_done_ = false;
      ASSIGN_OR_RETURN(response.body, ReadChunkedBody());
    } else if (!length.empty()) {
      ASSIGN_OR_RETURN(response.body, ReadExactly(std::stoul(length)));
    } else {
      while (Fill().ok()) {
      }
      response.body = std::move(buffer_);
      buffer_.clear();
    }
  }
  std::string connection = response.Header("Connection");
  for (char& c : connection) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (connection == "close") Disconnect();
  return response;
}

std::string TestHttpClient::BuildRequest(std::string_view method, std::string_view target,
                                         std::string_view body, const Headers& headers) const {
  std::string request = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  Headers all = headers;
  all.emplace("Host", host_ + ":" + std::to_string(port_));
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    all.emplace("Content-Length", std::to_string(body.size()));
  }
  for (const auto& [name, value] : all) request += name + ": " + value + "\r\n";
  request += "\r\n";
  request += body;
  return request;
}

StatusOr<HttpResponse> TestHttpClient::Send(std::string_view method, std::string_view target,
                                            std::string_view body, const Headers& headers) {
  if (!connected()) RETURN_IF_ERROR(Connect());
  RETURN_IF_ERROR(WriteAll(BuildRequest(method, target, body, headers)));
  return ReadResponse(method == "HEAD");
}

StatusOr<HttpResponse> TestHttpClient::Get(std::string_view target, const Headers& headers) {
  return Send("GET", target, {}, headers);
}

StatusOr<HttpResponse> TestHttpClient::Post(std::string_view target, std::string_view body,
                                            const Headers& headers) {
  Headers with_type = headers;
  with_type.emplace("Content-Type", "application/json");
  return Send("POST", target, body, with_type);
}

StatusOr<HttpResponse> TestHttpClient::Delete(std::string_view target, const Headers& headers) {
  return Send("DELETE", target, {}, headers);
}

StatusOr<HttpResponse> TestHttpClient::SendRaw(std::string_view bytes) {
  RETURN_IF_ERROR(WriteRaw(bytes));
  return ReadResponse(false);
}

Status TestHttpClient::WriteRaw(std::string_view bytes) {
  if (!connected()) RETURN_IF_ERROR(Connect());
  return WriteAll(bytes);
}

StatusOr<HttpResponse> TestHttpClient::StartStream(std::string_view method, std::string_view target,
                                                   std::string_view body, const Headers& headers) {
  if (!connected()) RETURN_IF_ERROR(Connect());
  RETURN_IF_ERROR(WriteAll(BuildRequest(method, target, body, headers)));
  stream_done_ = false;
  sse_buffer_.clear();
  return ReadHead();
}

StatusOr<std::string> TestHttpClient::ReadStreamChunk() {
  if (stream_done_) return std::string();
  ASSIGN_OR_RETURN(std::string size_line, ReadLine());
  size_t size = std::strtoul(size_line.c_str(), nullptr, 16);
  if (size == 0) {
    while (true) {  // Trailers end with an empty line.
      ASSIGN_OR_RETURN(std::string trailer, ReadLine());
      if (trailer.empty()) break;
    }
    stream_done_ = true;
    return std::string();
  }
  ASSIGN_OR_RETURN(std::string data, ReadExactly(size));
  ASSIGN_OR_RETURN(std::string crlf, ReadLine());
  if (!crlf.empty()) return Status(StatusCode::kDataLoss, "chunk not followed by CRLF");
  return data;
}

StatusOr<SseEvent> TestHttpClient::ReadSseEvent() {
  size_t end;
  while ((end = sse_buffer_.find("\n\n")) == std::string::npos) {
    ASSIGN_OR_RETURN(std::string piece, ReadStreamChunk());
    if (piece.empty()) return OutOfRangeError("the event stream ended");
    sse_buffer_ += piece;
  }
  std::string block = sse_buffer_.substr(0, end);
  sse_buffer_.erase(0, end + 2);
  SseEvent event;
  bool has_data = false;
  size_t start = 0;
  while (start <= block.size()) {
    size_t newline = block.find('\n', start);
    std::string line =
        block.substr(start, newline == std::string::npos ? std::string::npos : newline - start);
    start = newline == std::string::npos ? block.size() + 1 : newline + 1;
    if (line.starts_with(":")) {
      event.comments.push_back(Trim(line.substr(1)));
      continue;
    }
    size_t colon = line.find(':');
    std::string field = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    if (value.starts_with(" ")) value.erase(0, 1);
    if (field == "event") event.event = value;
    if (field == "id") event.id = value;
    if (field == "data") {
      if (has_data) event.data += "\n";
      event.data += value;
      has_data = true;
    }
  }
  return event;
}

StatusOr<TlsFiles> MakeSelfSignedCertificate(const std::filesystem::path& directory) {
  TlsFiles files{(directory / "cert.pem").string(), (directory / "key.pem").string()};
  std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
      " -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost"
      " -keyout '" +
      files.private_key_file + "' -out '" + files.certificate_file + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {
    return InternalError("openssl could not make a self-signed certificate in " +
                         directory.string());
  }
  return files;
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("scry-server-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace scry::server::testing
