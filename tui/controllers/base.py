"""The base of every controller: a widget that is never drawn."""

from __future__ import annotations

from textual.widget import Widget
from textual.worker import Worker, WorkerState


class Controller(Widget):
    """A hidden widget: it takes no space and never has focus; it runs workers."""

    DEFAULT_CSS = """
    Controller {
        display: none;
    }
    """

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Hand a failed worker to the app's one error handler.

        ``Worker.StateChanged`` does not bubble, so without this a controller's
        failure would go unseen.
        """
        if event.state == WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))
