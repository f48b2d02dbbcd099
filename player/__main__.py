"""``python -m player`` is the same program as ``driftlight``."""

import sys

from player.cli import main

sys.exit(main())
