// The scry command line: parses arguments, composes the components the
// subcommand needs (the only place that picks implementations) and runs it.
#pragma once

namespace scry::app {

// Runs the command line; returns the process exit code (0 on success). Errors
// are written to stderr.
int RunCli(int argc, char** argv);

}  // namespace scry::app
