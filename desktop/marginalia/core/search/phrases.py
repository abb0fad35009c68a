"""Phrases ("words in a row") on whole arrays, reading positions only where they can matter.

A phrase is evaluated in two steps. :func:`candidates` finds the documents that have every
word of it, with their scores, from ids and weights alone (a phrase scores the sum of its
words' BM25F scores, as in :mod:`.scoring`), and keeps where each term's blocks are.
:func:`verify` then reads the positions of chosen documents only (a block stores each
posting's positions apart, see ``codec.selected_positions``) and keeps the documents whose
words stand in a row: each word's positions minus its place in the phrase, as (document,
start) keys, must share a start.

For a phrase that is the whole query (perhaps restricted to a kind), ``scoring.top_docs``
verifies candidates best first and stops once it has enough hits: two frequent words in a row
no longer mean reading every position of both words in the library (at 100,000 articles,
several million positions per query).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.query import spans

from marginalia.core.search.codec import CompactPositions, selected_positions

__all__ = ["candidates", "split_top", "verify"]

#: A term's blocks: ("list", ids, values) for postings inlined in the term's info, else
#: ("blocks", ids, postfile, data offset, next offset) per block.
BlockRef = tuple


def groups_of(q: Any, schema: Any) -> list[list[wq.Term]] | None:
    """The phrase's words, each a list of alternative terms of one field with stored positions;
    None when the phrase is not of that simple kind (then Whoosh's matcher evaluates it)."""
    if not isinstance(q, spans.SpanNear2) or not q.qs:
        return None
    if not (q.ordered and q.slop == 1 and q.mindist == 1):
        return None
    groups: list[list[wq.Term]] = []
    for sub in q.qs:
        terms = [sub] if isinstance(sub, wq.Term) else list(getattr(sub, "subqs", None) or [None])
        if not all(type(t) is wq.Term and t.fieldname == terms[0].fieldname for t in terms):
            return None
        groups.append(terms)
    fieldname = groups[0][0].fieldname
    if any(t.fieldname != fieldname for terms in groups for t in terms):
        return None
    if fieldname not in schema or not isinstance(schema[fieldname].format, CompactPositions):
        return None
    return groups


def split_top(q: Any) -> tuple[Any, Any, float] | None:
    """``(phrase, filter or None, boost)`` when the whole query is one phrase, perhaps required
    together with a filter (``Require(phrase, kind:article)``); else None."""
    if isinstance(q, spans.SpanNear2):
        return q, None, getattr(q, "boost", 1.0)
    if type(q) is wq.Require and isinstance(q.a, spans.SpanNear2):
        return q.a, q.b, getattr(q.a, "boost", 1.0) * getattr(q, "boost", 1.0)
    return None


def candidates(leaf: Any, q: Any, term_fn: Any) -> tuple[np.ndarray, np.ndarray, list] | None:
    """``(mask, score, words)`` of the segment's documents that have every word of the phrase
    (not yet checked for order), ``words`` being per word, per term, its :data:`BlockRef`\\ s;
    None when the phrase is not one :func:`groups_of` accepts. ``term_fn`` is ``scoring._term``."""
    groups = groups_of(q, leaf.searcher.schema)
    if groups is None:
        return None
    mask = score = None
    words: list[list[list[BlockRef]]] = []
    for terms in groups:
        into = leaf.empty()
        refs: list[list[BlockRef]] = []
        for term in terms:
            blocks: list[BlockRef] = []
            term_fn(leaf, term.fieldname, term.text, 1.0, into=into, blocks=blocks)
            if blocks:
                refs.append(blocks)
        words.append(refs)
        if mask is None:
            mask, score = into
        else:
            mask &= into[0]
            score += into[1]
    return mask, score, words


def _word_keys(refs: list[list[BlockRef]], wanted: np.ndarray, offset: int) -> np.ndarray:
    """Sorted (document << 32 | position - offset) keys of one word in the wanted documents."""
    parts: list[np.ndarray] = []
    for blocks in refs:
        for ref in blocks:
            if ref[0] == "list":
                _, ids, values = ref
                chosen = np.flatnonzero(wanted[ids])
                if not len(chosen):
                    continue
                picked = [values[i] for i in chosen.tolist()]
                counts = np.fromiter((len(v) >> 2 for v in picked), dtype=np.int64, count=len(picked))
                docs = np.repeat(ids[chosen], counts)
                where = np.frombuffer(b"".join(picked), dtype=np.uint32).astype(np.int64)
            else:
                _, ids, postfile, start, end = ref
                chosen = np.flatnonzero(wanted[ids])
                if not len(chosen):
                    continue
                counts, where = selected_positions(postfile, start, end, chosen)
                docs = np.repeat(ids[chosen], counts)
            keep = where >= offset
            parts.append((docs[keep] << 32) | (where[keep] - offset))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    keys = parts[0] if len(parts) == 1 else np.concatenate(parts)
    if len(refs) > 1:  # one term's keys are in order already (blocks, documents, positions)
        keys.sort()
    return keys


def verify(words: list[list[list[BlockRef]]], wanted: np.ndarray) -> np.ndarray:
    """Which of the ``wanted`` documents (a mask over the segment) have the words in a row."""
    found = np.zeros(len(wanted), dtype=bool)
    starts: np.ndarray | None = None
    for offset, refs in enumerate(words):
        keys = _word_keys(refs, wanted, offset)
        if not len(keys):
            return found
        if starts is None:
            starts = keys
        else:
            at = np.searchsorted(keys, starts)
            at[at == len(keys)] = 0
            starts = starts[keys[at] == starts]
        if not len(starts):
            return found
    if starts is not None:
        found[starts >> 32] = True
    return found
