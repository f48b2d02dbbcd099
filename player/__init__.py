"""driftlight's host: command line, config, timeline, clock, compositor, session."""

import time

__version__ = "0.1.0"
STARTED = time.perf_counter()   # when driftlight began loading (start-up is timed from it)
