"""Every built-in theme keeps the list readable (issue 15.5): contrast of each list colour."""

from __future__ import annotations

from textual.color import Color

from tests.functional.conftest import settle
from tui.app import BriefsApp
from tui.contrast import SYMBOL_CONTRAST, TEXT_CONTRAST, contrast_ratio, readable
from tui.widgets.brief_list import BriefList


def test_readable_pushes_a_pale_colour_until_it_reads() -> None:
    white = Color(255, 255, 255)
    pale = Color(250, 240, 200)
    assert contrast_ratio(pale, white) < 1.5
    fixed = readable(pale, white, TEXT_CONTRAST)
    assert contrast_ratio(fixed, white) >= TEXT_CONTRAST
    dark_on_dark = Color(30, 30, 40)
    assert contrast_ratio(readable(dark_on_dark, Color(0, 0, 0), 3.0), Color(0, 0, 0)) >= 3.0
    assert readable(Color(0, 0, 0), white, TEXT_CONTRAST) == Color(0, 0, 0)


async def test_every_theme_draws_list_text_readably(app: BriefsApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        brief_list = app.screen.query_one(BriefList)
        failures = []
        for name in sorted(app.available_themes):
            if name.startswith("ansi"):
                continue  # the terminal's own palette decides
            app.theme = name
            await settle(pilot, app)
            background = Color.from_rich_color(brief_list.rich_style.bgcolor)
            for part, style in brief_list.component_styles().items():
                if part == "cursor" or style.color is None:
                    continue
                minimum = TEXT_CONTRAST if part == "muted" else SYMBOL_CONTRAST
                ratio = contrast_ratio(Color.from_rich_color(style.color), background)
                if ratio < minimum - 0.05:
                    failures.append(f"{name} {part} {ratio:.1f}")
        assert failures == []
