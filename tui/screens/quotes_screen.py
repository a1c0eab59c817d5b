"""The quotes view: every quoted statement in the collection, filterable by speaker."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input

from briefs.people import SpeakerCount, count_speakers
from briefs.text import clean_line, fold
from store import BriefStore, QuoteRow
from tui.store_access import run_store_job
from tui.widgets.quote_list import QuoteList
from tui.widgets.speaker_list import SpeakerList
from tui.widgets.status_line import StatusLine


def quote_citation(row: QuoteRow) -> str:
    """``“words” — speaker, “title”, 2026-01-05``: a quote as one pasteable line."""
    speaker = row.speaker or "unattributed"
    date = f", {row.date.isoformat()}" if row.date else ""
    return f"“{row.text}” — {speaker}, “{row.title}”{date}"


def quotes_of(quotes: list[QuoteRow], speaker: str) -> list[QuoteRow]:
    """The quotes whose speaker's name holds ``speaker`` (folded); all of them when empty.

    The rule of ``BriefStore.quotes(speaker=...)``, applied to quotes in memory.
    """
    wanted = fold(clean_line(speaker.strip())) if speaker.strip() else ""
    if not wanted:
        return quotes
    matches: dict[str, bool] = {}  # a few thousand names for 170,000 quotes: fold each once
    chosen = []
    for quote in quotes:
        name = quote.speaker
        if name:
            hit = matches.get(name)
            if hit is None:
                hit = matches[name] = wanted in fold(name)
            if hit:
                chosen.append(quote)
    return chosen


class QuotesScreen(Screen[QuoteRow | None]):
    """Who said what: speaker, date and words of every quote; enter opens the brief.

    Dismisses with the quote whose brief to show (scrolled to it), or None.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,Q", "close", "Back"),
        Binding("slash", "filter", "Speaker filter"),
        Binding("c", "copy_quote", "Copy", show=False),
        Binding("p", "by_speaker", "By speaker"),
    ]

    DEFAULT_CSS = """
    QuotesScreen #speaker {
        border: tall $accent;
    }
    """

    def __init__(self, speaker: str = "") -> None:
        super().__init__()
        self.initial_speaker = speaker
        self.total = 0  # every quote in the collection, counted on the first load
        self._all_quotes: list[QuoteRow] = []
        self._loaded_all = False

    def compose(self) -> ComposeResult:
        """Status line, speaker filter, the quotes, the footer."""
        yield StatusLine(id="status")
        yield Input(value=self.initial_speaker, placeholder="filter by speaker", id="speaker")
        yield QuoteList(id="quotes")
        yield SpeakerList(id="speakers")
        yield Footer()

    def on_mount(self) -> None:
        """Load the quotes in a worker."""
        self.query_one(SpeakerList).display = False
        self.query_one(QuoteList).focus()
        self._load(self.initial_speaker)

    def _load(self, speaker: str) -> None:
        """Show the quotes of ``speaker`` (every quote when empty).

        Every quote is read from the store once; the filter then picks from
        those in memory (the same rule as ``BriefStore.quotes(speaker=...)``),
        so that typing a name neither reads 170,000 quotes again per keystroke
        nor holds a second copy of them (70 MB at 100,000 briefs).
        """
        if self._loaded_all:
            self._show(speaker)
            return

        def loaded(rows: list[QuoteRow]) -> None:
            self._all_quotes, self.total, self._loaded_all = rows, len(rows), True
            self._show(self.query_one("#speaker", Input).value)

        pacer = getattr(self.app, "gc_pacer", None)

        def read_quotes(store: BriefStore) -> list[QuoteRow]:
            if pacer is not None:  # a quotes view closed before may still hold its copy
                pacer.collect_due()
            return store.quotes()

        run_store_job(self, read_quotes, loaded, group="quotes", exclusive=True,
                      description="load quotes")

    def _show(self, speaker: str) -> None:
        rows, total = quotes_of(self._all_quotes, speaker), self.total
        self.query_one(QuoteList).set_rows(rows)
        speaker = self.query_one("#speaker", Input).value.strip()
        self.query_one(StatusLine).show(
            shown=len(rows), total=total, query=f"speaker: {speaker}" if speaker else "",
            note="" if rows else "no quotes", title="Quotes",
        )

    @on(Input.Changed, "#speaker")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._load(event.value)

    @on(Input.Submitted, "#speaker")
    def _on_filter_submitted(self) -> None:
        self.query_one(QuoteList).focus()

    @on(QuoteList.Selected, "#quotes")
    def _on_selected(self) -> None:
        row = self.query_one(QuoteList).highlighted_row
        if row is not None:
            self.dismiss(row)

    def action_copy_quote(self) -> None:
        """Copy the quote with its speaker and the brief's title and date (OSC 52)."""
        row = self.query_one(QuoteList).highlighted_row
        if row is None:
            return
        self.app.copy_to_clipboard(quote_citation(row))
        self.notify("Copied the quote.", timeout=3)

    def action_by_speaker(self) -> None:
        """Every person quoted, with their names merged and a count; p again: the quotes."""
        speakers = self.query_one(SpeakerList)
        if speakers.display:
            speakers.display = False
            self.query_one(QuoteList).display = True
            self.query_one(QuoteList).focus()
            self._load(self.query_one("#speaker", Input).value)
            return

        # Every quote is in memory once loaded: count those (never a second copy).
        loaded = self._all_quotes if self._loaded_all else None

        def job(store: BriefStore) -> tuple[list[QuoteRow], list[SpeakerCount]]:
            rows = loaded if loaded is not None else store.quotes()
            return rows, count_speakers(row.speaker for row in rows)

        run_store_job(self, job, self._speakers_loaded, group="quotes", exclusive=True,
                      description="count the speakers")

    def _speakers_loaded(self, outcome: tuple[list[QuoteRow], list[SpeakerCount]]) -> None:
        rows, counts = outcome
        self._all_quotes, self.total, self._loaded_all = rows, len(rows), True
        speakers = self.query_one(SpeakerList)
        speakers.set_rows(counts)
        self.query_one(QuoteList).display = False
        speakers.display = True
        speakers.focus()
        self.query_one(StatusLine).show(shown=len(counts), total=len(counts),
                                        note=f"{len(rows):,} quotes", title="Speakers")

    @on(SpeakerList.Selected, "#speakers")
    def _on_speaker_chosen(self) -> None:
        person = self.query_one(SpeakerList).highlighted_row
        if person is None:
            return
        names = set(person.aliases)
        rows = [row for row in self._all_quotes if row.speaker in names]
        self.query_one(SpeakerList).display = False
        quotes = self.query_one(QuoteList)
        quotes.display = True
        quotes.set_rows(rows)
        quotes.focus()
        self.query_one(StatusLine).show(shown=len(rows), total=self.total or len(rows),
                                        query=f"speaker: {person.name}", title="Quotes")

    def action_filter(self) -> None:
        """Focus the speaker filter."""
        self.set_focus(self.query_one("#speaker", Input))  # now: keys may already be queued

    def action_close(self) -> None:
        """Back to the briefs."""
        self.dismiss(None)

    def on_unmount(self) -> None:
        """Let go of the quotes now (170,000 at 100,000 briefs).

        A closed screen sits in reference cycles (its widgets point back at it)
        that only the collector's rare full pass frees; the quotes need not wait
        for it, and opening the view again would hold two copies meanwhile.
        """
        self._all_quotes = []  # the lists let go of theirs as they unmount
