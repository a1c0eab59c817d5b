"""The main screen's parts that are not drawn: each owns one concern and its store workers.

Each controller is a hidden widget composed into the main screen. It runs its
store calls in ``@work(thread=True, exit_on_error=False)`` workers and posts
the results as ``@dataclass`` messages, which bubble to the screen (see
:mod:`tui.store_access` for the rule). Mounted in a bare test app, each can be
tested alone.
"""
