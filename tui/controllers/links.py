"""The brief's own web page: open it in a browser, or copy its URL.

Links never open by themselves: only ``o`` opens one, and only http(s).
"""

from __future__ import annotations

from tui.controllers.base import Controller
from tui.widgets.brief_view import BriefView


def browser_available() -> bool:
    """True if Python's webbrowser module finds a browser to run (none on a bare server)."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


class Links(Controller):
    """``o`` opens the shown brief's URL, ``c`` copies it."""

    def _url(self) -> str | None:
        view = self.screen.query_one(BriefView)
        url = view.brief.url if view.brief else None
        if not url:
            self.notify("This brief has no URL.")
        return url or None

    def open_url(self) -> None:
        """Open the brief's web page in the browser; say so plainly when none can open it."""
        url = self._url()
        if url is None:
            return
        if not url.startswith(("http://", "https://")):
            self.notify(f"Not opening {url}: only http and https links open.", markup=False,
                        severity="warning")
            return
        if not browser_available():
            self.notify(f"No web browser found to open {url} (c copies the URL).",
                        markup=False, severity="warning", timeout=10)
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", markup=False)

    def copy_url(self) -> None:
        """Copy the brief's URL to the clipboard (OSC 52: works over ssh too)."""
        url = self._url()
        if url is None:
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {url}", markup=False, timeout=3)
