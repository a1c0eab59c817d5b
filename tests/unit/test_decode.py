"""briefs.decode: bytes of an article file to text, or a one-line reason."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefs.decode import MAX_ARTICLE_BYTES, UndecodableError, decode_article, too_large_reason

TEXT = "Élodie Varnell said the Brindle talks would “go on”."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), TEXT),
        (TEXT.encode("utf-16"), TEXT),  # Python writes the BOM of the machine's order
    ],
)
def test_unicode_with_or_without_a_byte_order_mark(data: bytes, expected: str) -> None:
    assert decode_article(data) == (expected, [])


def test_windows_1252_is_read_with_a_warning() -> None:
    text, warnings = decode_article("Café “talks” – day 2".encode("cp1252"))
    assert text == "Café “talks” – day 2"
    assert len(warnings) == 1 and "Windows-1252" in warnings[0]


def test_bytes_undefined_in_windows_1252_do_not_stop_the_import() -> None:
    text, warnings = decode_article(b"Talks \x81resume\xe9")
    assert text == "Talks \ufffdresume\u00e9" and warnings


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t \r\n", "empty file"),
        (codecs.BOM_UTF8, "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"plain words\x00then a NUL", "binary file"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16"),
        (codecs.BOM_UTF8 + b"ok \xff\xfe broken", "not valid UTF-8"),
        (b"x" * (MAX_ARTICLE_BYTES + 1), "file too large (5.0 MB"),
    ],
)
def test_refusals_give_a_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UndecodableError) as caught:
        decode_article(data)
    assert reason in caught.value.reason
    assert "\n" not in caught.value.reason
    assert str(caught.value) == caught.value.reason


def test_too_large_reason_only_above_the_limit() -> None:
    assert too_large_reason(MAX_ARTICLE_BYTES) is None
    assert "too large" in (too_large_reason(MAX_ARTICLE_BYTES + 1) or "")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_text_or_an_undecodable_error(data: bytes) -> None:
    try:
        text, warnings = decode_article(data)
    except UndecodableError as error:
        assert error.reason and "\n" not in error.reason
    else:
        assert text.strip() and isinstance(warnings, list)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               min_size=1).filter(lambda t: t.strip() and not t.startswith("\ufeff")))
def test_any_utf8_text_comes_back_unchanged(text: str) -> None:
    # (A leading U+FEFF is a byte order mark, dropped on purpose.)
    assert decode_article(text.encode("utf-8")) == (text, [])
