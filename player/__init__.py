"""driftlight's host: command line, config, timeline, clock, compositor, session."""

__version__ = "0.1.0"
