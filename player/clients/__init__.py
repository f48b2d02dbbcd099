"""Following a client across sessions: profiles, a course of sessions, and a history.

A *client* is known only by a pseudonymous code (``K-017``), never by a name. Their
*profile* (``clients/K-017.yaml``) personalises every session played with
``--client K-017``: scenes or scene families to avoid, favourites, brightness, volume,
breathing pace, binaural beats allowed or not, a default playlist and length, free
notes, and optionally a *course* of planned sessions. The session logs stay the record
of what happened; an SQLite *index* of them answers ``driftlight history`` and
``driftlight plan`` quickly, and can always be rebuilt from the logs.

One module per responsibility:

- :mod:`~player.clients.families`   the scene families and moods (which scene may stand in)
- :mod:`~player.clients.fields`     the profile format, declared once (checks, schema, docs)
- :mod:`~player.clients.profile`    finding and validating ``clients/CODE.yaml``
- :mod:`~player.clients.personalise` a playlist and settings made to fit one profile
- :mod:`~player.clients.course`     which planned session is next, which were held
- :mod:`~player.clients.session`    the seam with the session commands (play, check, …)
- :mod:`~player.clients.log_summary` one session log → one row of the history
- :mod:`~player.clients.history_index` the SQLite index of a folder of logs
- :mod:`~player.clients.history_text` the history as a table, JSON or CSV
- :mod:`~player.clients.history_page` the self-contained HTML page with SVG charts
- :mod:`~player.clients.record`     the end of ``play``: its log joins the index
- :mod:`~player.clients.schema`     the profile's JSON Schema and docs tables
- :mod:`~player.clients.privacy`    owner-only files and folders, best effort everywhere
"""
