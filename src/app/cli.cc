namespace scry::app { int RunCli(int, char**) { return 0; } }
