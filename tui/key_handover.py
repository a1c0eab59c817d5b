"""Keys typed in the instant a screen opens go to that screen, never to the one below.

Textual hands each key to the widget focused when the key is *read*. Keys typed
right behind ``e`` or ``t`` (a fast typist, a loaded machine) are read while the
list still has focus: they travel through the main screen and reach the app
after the dialog was pushed (Textual then looks them up in the dialog's
bindings, and they are lost), or they reach the dialog before anything in it
has focus (and are lost too). Either way the note misses its first letters.

:class:`KeyHandover` remembers which screen each key was read on; a key that
comes back from a screen now covered by another is read again for the top
screen; and while a dialog has nothing focused yet its keys wait, in order, and
are read once its first widget has focus.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.screen import Screen

#: Keys remembered with the screen they were read on (keys in flight are few).
REMEMBERED_KEYS = 64


def fresh_copy(event: events.Key) -> events.Key:
    """The same key as a new, unread event (an event is delivered once)."""
    return events.Key(event.key, event.character)


class KeyHandover:
    """Which screen each key was read on, and the keys waiting for a dialog's focus."""

    def __init__(self) -> None:
        self._read_on: deque[tuple[events.Key, Screen]] = deque(maxlen=REMEMBERED_KEYS)
        #: Keys read while the top screen was still opening, in the order typed.
        self.held: list[events.Key] = []

    def read(self, event: events.Key, screen: Screen) -> None:
        """``event`` is being handed to ``screen`` (or a widget on it)."""
        self._read_on.append((event, screen))

    def covered(self, event: events.Key, stack: list[Screen]) -> bool:
        """True if ``event`` was read on a screen that another screen now covers."""
        for key, screen in self._read_on:
            if key is event:
                return screen is not stack[-1] and screen in stack
        return False
