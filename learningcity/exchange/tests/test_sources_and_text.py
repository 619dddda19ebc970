"""Reading sources (size limit, encodings, binary files) and turning HTML into plain text."""

import pytest

from learningcity.exchange.sources import Fetched, SourceError, decode_text, read_bytes
from learningcity.exchange.text import plain_text


def test_decodes_utf8_with_bom_cp949_and_utf16():
    text = "강좌명,교육장소\n서예,일원평생학습센터\n"
    assert decode_text(Fetched("a.csv", "\ufeff".encode() + text.encode())) == text
    assert decode_text(Fetched("a.csv", text.encode("cp949"))) == text
    assert decode_text(Fetched("a.csv", text.encode("utf-16"))) == text


def test_refuses_excel_and_binary_files_with_advice():
    with pytest.raises(SourceError, match="Save it as CSV"):
        decode_text(Fetched("a.xlsx", b"PK\x03\x04rest"))
    with pytest.raises(SourceError, match="binary"):
        decode_text(Fetched("a.bin", b"abc\x00def"))
    with pytest.raises(SourceError, match="neither UTF-8 nor CP949"):
        decode_text(Fetched("a.csv", b"\xff\xff\xff\xff"))


def test_size_limit_and_missing_file(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(SourceError, match="over the 0.0 MB limit"):
        read_bytes(str(big), max_bytes=1024)
    assert read_bytes(str(big), max_bytes=4096).data == b"x" * 2048
    with pytest.raises(SourceError, match="no such file"):
        read_bytes(str(tmp_path / "nope.csv"))


@pytest.mark.parametrize("raw, expected", [
    ("<p>Värejä!</p><p>Tanssia</p>", "Värejä!\n\nTanssia"),
    ("Hello <script>alert('x')</script>world", "Hello world"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;Hi", "Hi"),
    ('<img src=x onerror="alert(1)">Title', "Title"),
    ("a < b and c > d", "a < b and c > d"),
    ("Tom &amp; Jerry", "Tom & Jerry"),
    ("plain  text", "plain text"),
])
def test_plain_text(raw, expected):
    assert plain_text(raw) == expected
