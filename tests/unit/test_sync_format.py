"""The exchange format of sync: stable names, the same bytes for the same brief."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefs import Brief
from store.sync import exchange
from tests.strategies import briefs_from

_briefs = briefs_from(st.text(max_size=12), st.text(max_size=40))


def test_a_file_name_depends_on_the_id_alone() -> None:
    one = Brief(id="4ce23b86cf1bdcde", title="Talks")
    assert exchange.path_of(one.id) == "briefs/4ce23b86cf1bdcde.md"
    odd = exchange.path_of("News/2025 ü")
    assert odd.startswith("briefs/news-2025-") and odd.endswith(".md") and " " not in odd


@settings(max_examples=60)
@given(_briefs)
def test_the_same_brief_gives_the_same_bytes_and_reads_back(brief: Brief) -> None:
    data = exchange.render(brief, read=brief.read)
    assert data == exchange.render(Brief.from_dict(brief.to_dict()), read=brief.read)
    back = exchange.parse(data, exchange.path_of(brief.id))
    assert back == brief
    assert exchange.render(back, read=back.read) == data



def test_the_merge_is_pure_domain_code() -> None:
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "briefs" / "merge.py"
    imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source.read_text()))
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(ast.parse(source.read_text()))
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "dataclasses", "briefs"}
