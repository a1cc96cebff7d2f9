"""The .docx vocabulary (ooxml.py) agrees with python-docx: one namespace, typed lengths."""

import random

import docx.shared
from docx.oxml.ns import nsmap

from report_drafter import ooxml
from report_drafter.docx import package


def test_the_word_namespace_is_python_docxs():
    assert (ooxml.W_NS, ooxml.W) == (nsmap["w"], "{" + nsmap["w"] + "}")
    assert package.TEXT_PARTS[0] == ooxml.DOCUMENT_PART == "word/document.xml"


def test_lengths_agree_with_python_docx_in_every_unit():
    rng = random.Random(24)
    for _ in range(2000):
        value = round(rng.uniform(0, 600), rng.choice((0, 1, 2)))
        for ours, theirs in (
            (ooxml.Mm, docx.shared.Mm),
            (ooxml.Cm, docx.shared.Cm),
            (ooxml.Pt, docx.shared.Pt),
            (ooxml.Twips, docx.shared.Twips),
        ):
            assert abs(ours(value) - theirs(value)) <= 1, (ours, value)
        assert abs(ooxml.Mm(value).mm - value) < 1e-4
        assert ooxml.Cm(value / 10).twips == ooxml.Mm(value).twips


def test_a_length_reads_back_in_the_units_word_stores():
    assert ooxml.Mm(165).twips == 9354  # A4 less 30 and 15 mm margins
    assert ooxml.Pt(13).half_points == 26 and ooxml.Pt(10.5).half_points == 21
    assert ooxml.Cm(1.27).mm == 12.7 and ooxml.Twips(1440).inches == 1
