"""One module per ``driftlight`` subcommand (see :mod:`player.cli`)."""
