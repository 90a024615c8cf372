// ServerApp: `scry serve` composed — the store, the spaces, auth, the
// conversation service, the routes (native, Genie, health, metrics, the web
// UI's files) and the HTTP server, from a ServerConfig. The one place that
// picks the implementations the server runs with; tests start it too.
#pragma once

#include <memory>

#include "app/server_config.h"
#include "common/status_or.h"
#include "server/router.h"
#include "store/store.h"

namespace scry::app {

class ServerApp {
 public:
  // Opens everything the configuration names and fails the questions an
  // earlier run left unfinished. Does not listen yet.
  static StatusOr<std::unique_ptr<ServerApp>> Open(const ServerConfig& config);
  ~ServerApp();

  // Listens on the configured address (port 0: one the OS picks).
  Status Start();
  uint16_t port() const;
  // Stops taking requests, finishes in-flight answers and streams (up to the
  // configured grace), then the question workers.
  void Stop();

  store::Store& store();
  // The routes it serves (for the API document's tests).
  const server::Router& router() const;

  struct Parts;  // Defined in the .cc.

 private:
  explicit ServerApp(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// Opens the store the configuration names (for `scry user`/`scry token`).
StatusOr<std::unique_ptr<store::Store>> OpenConfiguredStore(const ServerConfig& config);

}  // namespace scry::app
