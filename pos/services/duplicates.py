"""Likely duplicates in the customer book, for the owner to merge or leave.

Two kinds: a customer whose other number (kept in the notes by an import, or typed
there) is another customer's number, and near-identical names in the same village
("Bu Sari" and "Sari", "Wati" and "Watie", "Soekarno" and "Sukarno") when at most one
of the two has a number: two people with a number each are two people. Names are
compared after the way people write them is taken away: titles, old spellings,
doubled letters, punctuation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from pos.models import Customer
from pos.services.errors import InvalidInput
from pos.services.phones import normalize_phone
from pos.services.access import READ, allowed

SAME_NUMBER, SIMILAR_NAME = "same_number", "similar_name"
TITLES = {"bu", "ibu", "pak", "bapak", "bpk", "mbak", "mba", "mas", "kak", "kakak", "bang", "abang", "dik", "adik",
          "mbok", "teh", "aa", "om", "tante", "ko", "koh", "ci", "cik", "haji", "hj", "h", "hajjah", "bude", "pakde",
          "budhe", "pakdhe", "mr", "mrs", "ms", "miss"}
OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"))
NEAR = 0.85  # similarity of two names, 0..1
WINDOW = 6  # neighbours compared in name order, inside a village
MAX_SHARED = 40  # a name word shared by more people in one village says nothing


@dataclass(frozen=True)
class Side:
    id: int
    member_code: str
    name: str
    phone: str | None
    village: str


@dataclass(frozen=True)
class LikelyDuplicate:
    first: Side
    second: Side
    reason: str  # same_number | similar_name


@allowed(READ)
def name_key(name: str) -> tuple[str, ...]:
    """'Bu Sarii W.' → ('sari', 'w'); 'Soekarno' → ('sukarno',)."""
    text = name.lower()
    for old, new in OLD_SPELLINGS:
        text = text.replace(old, new)
    words = [re.sub(r"(.)\1+", r"\1", w) for w in re.findall(r"[a-z]+", text)]
    kept = [w for w in words if w not in TITLES]
    return tuple(kept or words)


@allowed(READ)
def similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if set(short) <= set(long_) and len(short[0]) >= 3:  # "Sari" and "Sari Wulandari"
        return True
    return SequenceMatcher(None, " ".join(a), " ".join(b)).ratio() >= NEAR


def _numbers_in(text: str, region: str) -> set[str]:
    found = set()
    for raw in re.findall(r"\+?\d[\d\s.\-]{7,16}\d", text or ""):
        try:
            number = normalize_phone(raw, region)
        except InvalidInput:
            continue
        if number:
            found.add(number)
    return found


@allowed(READ)
def likely_duplicates(limit: int = 500) -> list[LikelyDuplicate]:
    from pos.services.phones import phone_region

    rows = list(Customer.select(Customer.id, Customer.member_code, Customer.name, Customer.phone, Customer.village,
                                Customer.notes).where(Customer.active == True).tuples())  # noqa: E712
    sides = {r[0]: Side(r[0], r[1], r[2], r[3], r[4]) for r in rows}
    pairs: dict[tuple[int, int], str] = {}

    by_phone = {r[3]: r[0] for r in rows if r[3]}
    region = phone_region()
    for cid, _code, _name, phone, _village, notes in rows:
        if not notes or not any(ch.isdigit() for ch in notes):
            continue
        for number in _numbers_in(notes, region):
            other = by_phone.get(number)
            if other is not None and other != cid:
                pairs[tuple(sorted((cid, other)))] = SAME_NUMBER

    villages: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for cid, _code, name, _phone, village, _notes in rows:
        place = " ".join(village.lower().split())
        if place:
            villages[place].append((name_key(name), cid))
    for people in villages.values():
        people.sort()
        candidates: set[tuple[int, int]] = set()
        for i, (_key, cid) in enumerate(people):  # neighbours in name order catch typos
            for _other_key, other in people[i + 1:i + 1 + WINDOW]:
                candidates.add((cid, other))
        by_word: dict[str, list[int]] = defaultdict(list)
        for i, (key, _cid) in enumerate(people):
            for word in set(key):
                if len(word) >= 3:
                    by_word[word].append(i)
        for members in by_word.values():  # a shared word catches "Sari" and "Sari Wulandari"
            if len(members) <= MAX_SHARED:
                candidates.update((people[i][1], people[j][1]) for n, i in enumerate(members) for j in members[n + 1:])
        keys = {cid: key for key, cid in people}
        for a, b in candidates:
            pair = tuple(sorted((a, b)))
            if sides[a].phone and sides[b].phone:  # two numbers of their own: two people ("Tini" and "Tini")
                continue
            if pair not in pairs and similar(keys[a], keys[b]):
                pairs[pair] = SIMILAR_NAME

    found = [LikelyDuplicate(sides[a], sides[b], reason) for (a, b), reason in pairs.items()]
    found.sort(key=lambda d: (d.reason != SAME_NUMBER, d.first.village.lower(), d.first.name.lower(), d.first.id))
    return found[:limit]
