"""Prepare mode (``driftlight preview``): scrub a playlist before the session.

``model`` holds the time and the schedule (pure, tested on a fake clock), ``watch``
notices the config being saved, ``thumbs`` renders the storyboard strip in a background
process, ``view`` draws the console with the widgets of :mod:`player.console`, ``app``
runs the windows, and ``keys`` declares the keys once.
"""
