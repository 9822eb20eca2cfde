"""Documents: decoding, line splitting and the metadata read from the text."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from iijviewer.base.paths import bundled_documents_dir
from iijviewer.ingest.documents import (
    Document,
    DocumentError,
    bundled_documents,
    decode_text,
    load_document,
    read_metadata,
    split_lines,
)

BUNDLED = {
    "2010-11-15_press-release_1H-FY2010-results": (
        "IIJ Announces First Six Months Financial Results for the Fiscal Year Ending March 31, 2011",
        "2010-11-15",
        "press_release",
        "FY2010-H1",
        Decimal("83.53"),
    ),
    "2012-11-08_press-release_1H-FY2012-results": (
        "IIJ Announces First Six Months Financial Results for the Fiscal Year Ending March 31, 2013",
        "2012-11-08",
        "press_release",
        "FY2012-H1",
        Decimal("77.92"),
    ),
    "2011-11-08_presentation_1H-FY2011-results": (
        "1st Half FY2011 Consolidated Financial Results",
        "2011-11-08",
        "presentation",
        "FY2011-H1",
        None,
    ),
    "2009-07-08_presentation_nomura-asia-equity-forum": (
        "2009 Nomura Asia Equity Forum",
        "2009-07-08",
        "presentation",
        "FY2008",
        None,
    ),
    "2013-12_presentation_nomura-investment-forum": (
        "Nomura Investment Forum",
        "2013-12",
        "presentation",
        "FY2013-H1",
        None,
    ),
}


@pytest.fixture(scope="module")
def bundled() -> dict[str, Document]:
    return {d.id: d for d in bundled_documents()}


@pytest.mark.parametrize("doc_id", sorted(BUNDLED))
def test_bundled_metadata(bundled: dict[str, Document], doc_id: str) -> None:
    doc = bundled[doc_id]
    title, date, kind, period, rate = BUNDLED[doc_id]
    assert (doc.title, doc.publication_date, doc.kind, doc.reported_period, doc.exchange_rate) == (
        title,
        date,
        kind,
        period,
        rate,
    )
    assert doc.bundled


def test_bundled_documents_are_sorted_distinct_and_unchanged() -> None:
    files = sorted(bundled_documents_dir().glob("*.txt"))
    before = {p.name: p.read_bytes() for p in files}
    docs = bundled_documents()
    assert [d.id for d in docs] == [
        "2009-07-08_presentation_nomura-asia-equity-forum",
        "2010-11-15_press-release_1H-FY2010-results",
        "2011-11-08_presentation_1H-FY2011-results",
        "2012-11-08_press-release_1H-FY2012-results",
        "2013-12_presentation_nomura-investment-forum",
    ]
    assert len({d.sha256 for d in docs}) == 5
    for doc in docs:
        raw = doc.path.read_bytes()
        assert raw == before[doc.path.name]
        assert doc.sha256 == hashlib.sha256(raw).hexdigest()
        # The lines are the file, byte for byte: line n of an editor is lines[n - 1].
        ending = "\n" if raw.endswith(b"\n") else ""
        assert ("\n".join(doc.lines) + ending).encode("utf-8") == raw


def test_line_numbers_are_one_based(bundled: dict[str, Document]) -> None:
    doc = bundled["2013-12_presentation_nomura-investment-forum"]
    assert doc.lines[180 - 1] == "Source: IIJ's FY2012 consolidated financial results"
    assert doc.lines[7 - 1].startswith("December 2013")


def test_sort_date_pads_month_only_dates(bundled: dict[str, Document]) -> None:
    assert bundled["2013-12_presentation_nomura-investment-forum"].sort_date == "2013-12-00"
    assert bundled["2010-11-15_press-release_1H-FY2010-results"].sort_date == "2010-11-15"


# --- metadata from short snippets ---------------------------------------------


def test_a_first_quarter_title_names_the_quarter_not_the_year() -> None:
    text = (
        "For Immediate Release\n\n"
        "IIJ Announces First Quarter Financial Results for the Fiscal Year Ending March 31, 2014\n\n"
        "Tokyo, August 9, 2013 - IIJ today announced its results.\n"
    )
    meta = read_metadata("x", text)
    assert (meta.kind, meta.publication_date, meta.reported_period) == ("press_release", "2013-08-09", "FY2013-Q1")


def test_wrapped_bold_title_is_joined_and_names_the_period() -> None:
    text = (
        "\n\nFor Immediate Release\n\nURL: <http://example.invalid>\n\n"
        "**IIJ Announces First Nine Months Financial Results\n"
        "for the Fiscal Year Ending March 31, 2015**\n\n"
        "Tokyo, February 6, 2015 - IIJ today announced its results.\n"
        "The rate used was JPY120.55 per US\\$1.00.\n"
    )
    meta = read_metadata("x", text)
    assert meta.title == "IIJ Announces First Nine Months Financial Results for the Fiscal Year Ending March 31, 2015"
    assert meta.publication_date == "2015-02-06"
    assert meta.kind == "press_release"
    assert meta.reported_period == "FY2014-9M"
    assert meta.exchange_rate == Decimal("120.55")


def test_presentation_period_skips_source_notes_and_headings_without_a_period() -> None:
    text = (
        "Internet Initiative Japan Inc.\n\n<u>Investor Day</u>\n\nJune 2014\n\n"
        "Source: IIJ's FY2012 consolidated financial results\n"
        "Consolidated Financial Results**\n"
        "Consolidated Financial Results for FY2013 Announced on May 15, 2014\n"
    )
    meta = read_metadata("x", text)
    assert meta.title == "Investor Day"
    assert meta.publication_date == "2014-06"
    assert meta.kind == "presentation"
    assert meta.reported_period == "FY2013"
    assert meta.exchange_rate is None


def test_metadata_falls_back_when_the_text_states_nothing() -> None:
    meta = read_metadata("my-notes", "\n\n \n")
    assert meta.title == "my-notes"
    assert (meta.publication_date, meta.reported_period, meta.exchange_rate) == ("", "", None)


def test_split_lines_keeps_form_feeds_and_accepts_any_newline() -> None:
    assert split_lines("a\r\nb\rc\x0cd\n\n") == ("a", "b", "c\x0cd", "")
    assert split_lines("a") == ("a",)
    assert split_lines("") == ()


# --- decoding -----------------------------------------------------------------

SAMPLE = "IIJ 決算 1H FY2010 — ¥83.53\n2行目\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM, native order
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le", "utf-16-be"],
)
def test_decode_unicode(data: bytes) -> None:
    assert decode_text(data, "a.txt") == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_a_byte_order_mark(encoding: str) -> None:
    assert decode_text(SAMPLE.encode(encoding), "a.txt") == SAMPLE


def test_decode_shift_jis() -> None:
    text = "ＩＩＪ 2011年3月期 第2四半期 決算短信\n売上高\n"
    data = text.encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(data, "a.txt") == text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.4\n\x00\x01\x02binary", "binary"),
        (b"abc\x85\x40\x81", "cannot be decoded"),
        (b"\xef\xbb\xbfok\xff", "not valid UTF-8"),
        (b"\xff\xfe" + "x".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16"),
        (b"\xff\xfe" + "a\x00b".encode("utf-16-le"), "binary"),
    ],
    ids=["nul", "undecodable", "bad-utf-8-bom", "bad-utf-16", "utf-16-nul"],
)
def test_decode_refuses(data: bytes, problem: str) -> None:
    with pytest.raises(DocumentError) as excinfo:
        decode_text(data, "report.pdf")
    assert str(excinfo.value).startswith("report.pdf: ")
    assert problem in str(excinfo.value)
    assert excinfo.value.name == "report.pdf"


def test_load_document_from_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "2014-05-15_press-release_FY2013-results.txt"
    data = "\r\n".join(
        [
            "For Immediate Release",
            "IIJ Announces Financial Results for the Fiscal Year Ended March 31, 2014",
            "Tokyo, May 15, 2014 - IIJ announced.",
        ]
    ).encode("cp932")
    path.write_bytes(data)
    doc = load_document(path)
    assert doc.id == path.stem
    assert not doc.bundled
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.lines[2] == "Tokyo, May 15, 2014 - IIJ announced."
    assert (doc.kind, doc.publication_date, doc.reported_period) == ("press_release", "2014-05-15", "FY2013")


def test_load_document_refuses_binary_and_missing_files(tmp_path: Path) -> None:
    binary = tmp_path / "slides.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(DocumentError, match=r"^slides\.txt: .*binary"):
        load_document(binary)
    with pytest.raises(DocumentError, match=r"^missing\.txt: cannot be read"):
        load_document(tmp_path / "missing.txt")
