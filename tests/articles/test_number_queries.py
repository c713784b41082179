"""Directive numbers inside search queries, in the loose forms visitors type."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.number_queries import keys_in_query

ALL_ISSUERS_57 = ("57-nq-tw", "57-nq-du", "57-nq-duk", "57-nq-bcdtw", "57-nq-cp")


@pytest.mark.parametrize(
    ("query", "keys", "exact", "remaining"),
    [
        ("380-CV/ĐU", ("380-cv-du",), True, ""),
        ("Số 380 -CV/ĐU", ("380-cv-du",), True, ""),
        ("380 cv du", ("380-cv-du",), True, ""),
        ("380-CV/DU", ("380-cv-du",), True, ""),
        ("57NQ-TW", ("57-nq-tw",), True, ""),
        ("Резолюція 57-NQ/TW", ("57-nq-tw",), True, ""),
        ("Резолюція 57-NQ/TW цифрова", ("57-nq-tw",), True, "цифрова"),
        ("03/CTr-ĐU", ("3-ctr-du",), True, ""),
        ("Công văn 380", tuple(f"380-cv-{i}" for i in ("tw", "du", "duk", "bcdtw", "cp")), False, ""),
        ("NQ 57", ALL_ISSUERS_57, False, ""),
        ("nghị quyết số 57", ALL_ISSUERS_57, False, ""),
        ("Số 380 -CV/ĐU tuyên truyền", ("380-cv-du",), True, "tuyên truyền"),
        ("chuyển đổi số", (), False, "chuyển đổi số"),
        ("62.569 người tham gia", (), False, "62.569 người tham gia"),
    ],
)
def test_numbers_in_queries(query, keys, exact, remaining):
    found = keys_in_query(query)

    assert (found.keys, found.exact, found.remaining_text) == (keys, exact, remaining)


@given(st.text(max_size=2000))
def test_any_query_is_handled(text):
    found = keys_in_query(text)

    assert isinstance(found.keys, tuple)
    assert all(key == key.lower() for key in found.keys)
