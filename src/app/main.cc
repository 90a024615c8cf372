// The scry program: every subcommand is defined in cli.h.
#include "app/cli.h"

int main(int argc, char** argv) { return scry::app::RunCli(argc, argv); }
