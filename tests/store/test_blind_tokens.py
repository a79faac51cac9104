"""The blind index's fast paths give exactly the keyed hashes of plain_tokens, the reference definition."""

from __future__ import annotations

import hashlib
import hmac
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.entities import CATEGORIES, Household
from fieldapp.store.blind import BlindIndex, plain_tokens

KEY = os.urandom(32)
INDEX = BlindIndex(KEY)  # shared by every example: its caches fill up as they would over a pull


def _hmac(token: str) -> str:
    return hmac.new(KEY, token.encode("utf-8"), hashlib.sha256).digest()[:10].hex()


digits = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۱۲१२²", min_size=0, max_size=16)
words = st.sampled_from(["أم", "محمد", "أحمد", "فاطمة", "عبدالله", "Ahmed", "ALI", "نورة", "سلمى", "12", "0555"])
names = st.lists(words | digits, max_size=4).map(" ".join) | st.text(max_size=12)
phones = st.one_of(digits, st.builds(lambda prefix, rest: prefix + rest,
                                     st.sampled_from(["+966", "00966", "966", "+971", "0", "05"]), digits))
households = st.builds(
    lambda name, latin, number, national_id, phone, categories: Household(
        head_name=name, head_name_latin=latin, file_number=number, national_id=national_id, phone=phone,
        categories=categories),
    names, st.sampled_from(["", "Umm Mohammed", "Ali 7"]), st.sampled_from(["", "F-1020", "٣٤٥٦"]),
    digits | st.text(max_size=12), phones,
    st.lists(st.sampled_from(sorted(CATEGORIES) + ["123", "غير معروف"]), max_size=3))


@settings(max_examples=400)
@given(households)
def test_household_tokens_are_the_blinded_plain_tokens(household: Household) -> None:
    expected = sorted({_hmac(token) for token in plain_tokens(household)})
    assert INDEX.household_tokens(household) == expected
    assert INDEX.household_tokens(household) == expected  # again, from the caches


def test_number_prefixes_from_three_digits_to_twelve() -> None:
    household = Household(head_name="", national_id="1234567890123456")
    index = BlindIndex(KEY)
    wanted = {_hmac("w:" + "1234567890123456"[:n]) for n in range(3, 13)} | {_hmac("id=1234567890123456")}
    assert set(index.household_tokens(household)) == wanted
