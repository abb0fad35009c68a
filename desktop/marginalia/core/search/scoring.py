"""Top hits of a query scored a whole posting list at a time (numpy), instead of doc by doc.

Whoosh walks matchers document by document in Python: about 4 µs for every document a frequent
word matches, so a word found in 15,000 of 20,000 articles cost 60 ms, and five times that at
100,000. Here each posting list of a segment is read block by block straight into arrays (ids
and weights only: see :mod:`.codec`), scored with the same BM25F formula and parameters as
:class:`~marginalia.core.search.schema.FastBM25F` in one vector operation, and the query's
AND / OR / NOT tree is evaluated on dense per-segment arrays (a match mask and a score).
Results are the same documents with the same scores as Whoosh's collector, ties broken by
document number as Whoosh does. Two differences: a ``prefix*`` is an OR of its words scored
by BM25F in every segment (Whoosh gave some segments a constant score), and phrases in the
body are checked on the positions of their candidate documents (:mod:`.phrases`) instead of
Whoosh's span matcher.

:func:`top_docs` answers ``None`` for anything it does not know how to evaluate (the caller
then asks Whoosh); query types it has no vector form for (phrases in small fields such as
``title:``, numeric ranges) are evaluated through Whoosh's own matcher for that node only.
"""

from __future__ import annotations

from math import log
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.query import spans
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F

from marginalia.core.search import phrases
from marginalia.core.search.codec import LengthCachingPerDocReader, MarginaliaCodec, read_postings

__all__ = ["top_docs", "Unsupported"]


class Unsupported(Exception):
    """Internal: the query (or the index) has something this module does not evaluate."""


class _Terms:
    """What one query needs of its terms across all segments, looked up once per term: each
    segment's term info (one hash lookup; Whoosh looked a term up twice per segment to make
    its matcher, and again in every segment for the term's document frequency) and the
    BM25F constants of the whole index (idf, average field length), as Whoosh computes them."""

    def __init__(self, searcher: Any, readers: list[Any]) -> None:
        self.top = searcher
        self.readers = readers
        self.weighting = searcher.weighting
        if not isinstance(self.weighting, BM25F):
            raise Unsupported("not BM25F")
        self._infos: dict[tuple[str, bytes], list[Any]] = {}
        self._idf: dict[tuple[str, bytes], float] = {}
        self._avgfl: dict[str, float] = {}
        self._expanded: dict[tuple[str, bytes], list[list[bytes]]] = {}

    def infos(self, fieldname: str, btext: bytes) -> list[Any]:
        """The term's info in each segment (None where it is absent)."""
        key = (fieldname, btext)
        found = self._infos.get(key)
        if found is None:
            found = self._infos[key] = [_term_info(reader, fieldname, btext) for reader in self.readers]
        return found

    def expand(self, fieldname: str, prefix: bytes, index: int) -> list[bytes]:
        """The terms of a field starting with ``prefix`` that segment ``index`` has. All segments
        are read once per query, in one walk of each terms table that yields each term's info
        with it (the infos are then known for :meth:`idf`: no lookup per term and segment)."""
        key = (fieldname, prefix)
        per_leaf = self._expanded.get(key)
        if per_leaf is None:
            count = len(self.readers)
            per_leaf = [[] for _ in range(count)]
            found: dict[bytes, list[Any]] = {}
            for at, reader in enumerate(self.readers):
                terms = getattr(reader, "_terms", None)
                if terms is None:
                    raise Unsupported("reader without a terms table")
                for (name, btext), info in terms.items_from(fieldname, prefix):
                    if name != fieldname or not btext.startswith(prefix):
                        break
                    found.setdefault(btext, [None] * count)[at] = info
                    per_leaf[at].append(btext)
            for btext, infos in found.items():
                self._infos.setdefault((fieldname, btext), infos)
            self._expanded[key] = per_leaf
        return per_leaf[index]

    def idf(self, fieldname: str, btext: bytes) -> float:
        key = (fieldname, btext)
        idf = self._idf.get(key)
        if idf is None:
            df = sum(info.doc_frequency() for info in self.infos(fieldname, btext) if info is not None)
            idf = self._idf[key] = log(self.top.doc_count_all() / (df + 1)) + 1  # Whoosh's Weighting.idf
        return idf

    def bm25_constants(self, fieldname: str) -> tuple[float, float, float]:
        """(B, K1, average length) of a field, as Whoosh's BM25F scorer takes them."""
        avgfl = self._avgfl.get(fieldname)
        if avgfl is None:
            avgfl = self._avgfl[fieldname] = self.top.avg_field_length(fieldname) or 1
        weighting = self.weighting
        return weighting._field_B.get(fieldname, weighting.B), weighting.K1, avgfl


def _term_info(reader: Any, fieldname: str, btext: bytes) -> Any:
    terms = getattr(reader, "_terms", None)
    if terms is None:
        raise Unsupported("reader without a terms table")
    try:
        return terms.term_info(fieldname, btext)
    except TermNotFound:
        return None


class _Leaf:
    """One segment while a query is evaluated: its searcher, reader and cached arrays."""

    def __init__(self, searcher: Any, terms: _Terms, index: int) -> None:
        self.searcher = searcher
        self.terms = terms
        self.index = index  # in terms.readers
        self.scored = True  # False inside a constant-score query: matches only
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        perdoc = getattr(self.reader, "_perdoc", None)
        if not isinstance(perdoc, LengthCachingPerDocReader):
            raise Unsupported("segment without cached lengths")
        self.perdoc = perdoc
        self._zero = np.zeros(self.size, dtype=np.float64)
        self._none = np.zeros(self.size, dtype=bool)

    def empty(self) -> tuple[np.ndarray, np.ndarray]:
        return self._none.copy(), self._zero.copy()

    def norms(self, fieldname: str, b: float, k1: float, avgfl: float) -> np.ndarray:
        cache: dict = self.perdoc.__dict__.setdefault("_np_norms", {})
        key = (fieldname, b, k1, avgfl)
        norms = cache.get(key)
        if norms is None:
            values = self.perdoc.length_norms(fieldname, b, k1, avgfl)
            norms = cache[key] = np.asarray(values, dtype=np.float64)
        return norms

    def deleted(self) -> np.ndarray | None:
        deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else None
        if not deleted:
            return None
        cache: dict = self.perdoc.__dict__.setdefault("_np_deleted", {})
        key = len(deleted)
        mask = cache.get(key)
        if mask is None:
            mask = np.zeros(self.size, dtype=bool)
            mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = True
            cache.clear()
            cache[key] = mask
        return mask


def _inlined(matcher: Any, blocks: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of a term's postings inlined in its info (a Whoosh list matcher). With
    ``blocks``, ("list", ids, values) is appended to it (``phrases.BlockRef``)."""
    if not isinstance(matcher, ListMatcher):
        raise Unsupported(type(matcher).__name__)
    ids = np.asarray(matcher._ids, dtype=np.int64)
    weights = matcher._weights
    w = np.ones(len(ids)) if weights is None else np.asarray(weights, dtype=np.float64)
    if blocks is not None:
        values = matcher._values
        if values is None or len(values) != len(ids):
            raise Unsupported("postings without positions")
        blocks.append(("list", ids, values))
    return ids, w


def _term(leaf: _Leaf, fieldname: str, text: Any, boost: float,
          into: tuple[np.ndarray, np.ndarray] | None = None,
          blocks: list | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mask, score, ids) of one term; with ``into``, its mask and score are added to those
    arrays (an OR) instead of new ones; with ``blocks``, where its positions are is appended
    to it (``phrases.BlockRef``)."""
    schema = leaf.searcher.schema
    mask, score = into if into is not None else leaf.empty()
    nothing = (mask, score, np.zeros(0, dtype=np.int64))
    if fieldname not in schema:
        return nothing
    try:
        btext = schema[fieldname].to_bytes(text)
    except ValueError:
        return nothing
    info = leaf.terms.infos(fieldname, btext)[leaf.index]
    if info is None:
        return nothing
    field = schema[fieldname]
    terms_reader = leaf.reader._terms
    if info.is_inlined():
        matcher = terms_reader._codec.postings_reader(terms_reader._postfile, info, field.format, term=(fieldname, btext))
        ids, weights = _inlined(matcher, blocks)
    elif isinstance(terms_reader._codec, MarginaliaCodec):
        ids, weights = read_postings(terms_reader._postfile, info, blocks)
    else:
        raise Unsupported("segment of another codec")
    mask[ids] = True
    if not leaf.scored:
        return mask, score, ids
    if field.scorable:
        b, k1, avgfl = leaf.terms.bm25_constants(fieldname)
        norms = leaf.norms(fieldname, b, k1, avgfl)
        factor = leaf.terms.idf(fieldname, btext) * (k1 + 1) * boost
        score[ids] += factor * weights / (weights + norms[ids])
    else:  # unscored fields (ids, keywords): Whoosh scores the posting's weight
        score[ids] += weights * boost
    return mask, score, ids


def _phrase(leaf: _Leaf, q: Any) -> tuple[np.ndarray, np.ndarray]:
    """A phrase (span "near" of words in a row, each any of its terms): see :mod:`.phrases`."""
    found = phrases.candidates(leaf, q, _term)
    if found is None:
        return _generic(leaf, q)
    mask, score, words = found
    mask = _verify(words, mask)
    score *= mask
    boost = getattr(q, "boost", 1.0)
    return mask, score * boost if boost != 1.0 else score


def _verify(words: list, wanted: np.ndarray) -> np.ndarray:
    try:
        return phrases.verify(words, wanted)
    except ValueError as exc:  # positions in an older format
        raise Unsupported(str(exc)) from None


def _generic(leaf: _Leaf, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
    """Any other query through Whoosh's matcher for this segment (document by document)."""
    mask, score = leaf.empty()
    matcher = q.matcher(leaf.searcher)
    ids: list[int] = []
    scores: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        scores.append(matcher.score())
        matcher.next()
    if ids:
        index = np.asarray(ids, dtype=np.int64)
        mask[index] = True
        score[index] = scores
    return mask, score


def _evaluate(leaf: _Leaf, q: wq.Query) -> tuple[np.ndarray, np.ndarray]:
    """(match mask, score) of every document of the segment for ``q``."""
    boost = getattr(q, "boost", 1.0)
    if isinstance(q, wq.Term):
        return _term(leaf, q.fieldname, q.text, boost)[:2]
    if isinstance(q, spans.SpanNear2):
        return _phrase(leaf, q)
    if isinstance(q, (wq.And, wq.Or)) and type(q) in (wq.And, wq.Or):
        children = [c for c in q.children()]
        if not children:
            return leaf.empty()
        parts = [_evaluate(leaf, c) for c in children]
        mask = parts[0][0].copy()
        for m, _ in parts[1:]:
            if isinstance(q, wq.And):
                mask &= m
            else:
                mask |= m
        score = parts[0][1].copy()
        for _, s in parts[1:]:
            score += s
        if isinstance(q, wq.And):
            score *= mask  # a score only where it matches (an OR above adds it up)
        if boost != 1.0:
            score *= boost
        return mask, score
    if isinstance(q, wq.Not):
        mask, _ = _evaluate(leaf, q.query)
        mask = ~mask
        return mask, mask * boost  # Whoosh's inverse matcher scores its boost (1.0)
    if type(q) in (wq.Require, wq.AndNot, wq.AndMaybe):
        a_mask, a_score = _evaluate(leaf, q.a)
        b_mask, b_score = _evaluate(leaf, q.b)
        if isinstance(q, wq.Require):
            mask = a_mask & b_mask
        elif isinstance(q, wq.AndNot):
            mask = a_mask & ~b_mask
        else:
            mask = a_mask
            a_score = a_score + np.where(b_mask, b_score, 0.0)
        a_score = a_score * mask
        return mask, a_score * boost if boost != 1.0 else a_score
    if isinstance(q, wq.NumericRange):  # date: ranges, as Whoosh compiles them (term ranges)
        return _evaluate(leaf, q._compile_query(leaf.reader))
    if type(q) is wq.ConstantScoreQuery:
        scored, leaf.scored = leaf.scored, False
        try:
            mask, _ = _evaluate(leaf, q.child)
        finally:
            leaf.scored = scored
        return mask, mask * q.score
    if type(q) in (wq.Prefix, wq.TermRange):
        # An OR of the expanded terms, each scored by BM25F like any word.
        mask, score = leaf.empty()
        if type(q) is wq.Prefix and q.fieldname in leaf.searcher.schema:
            prefix = leaf.reader._text_to_bytes(q.fieldname, q.text)
            expanded = leaf.terms.expand(q.fieldname, prefix, leaf.index)
        else:
            expanded = q._btexts(leaf.reader)
        for btext in expanded:
            _term(leaf, q.fieldname, btext, 1.0, into=(mask, score))
        return mask, score * boost if boost != 1.0 else score
    if q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
        return leaf.empty()
    if isinstance(q, wq.Every) and not q.fieldname:
        mask, score = leaf.empty()
        mask[:] = True
        score[:] = boost
        return mask, score
    return _generic(leaf, q)


def top_docs(searcher: Any, q: wq.Query, limit: int, *, by_date: bool = False) -> list[tuple[float, int]] | None:
    """The best ``limit`` (score, document number) pairs for ``q``, best first.

    ``by_date``: newest first by the ``date`` column instead (scores are then 0). ``None`` when
    the query or the index has something this module cannot evaluate. A query that is one
    phrase is verified best candidate first, until ``limit`` hits (see :mod:`.phrases`).
    """
    try:
        if searcher.is_atomic():
            leaves = [(searcher, 0)]
        else:
            leaves = list(searcher.subsearchers)
        all_scores: list[np.ndarray] = []
        all_docs: list[np.ndarray] = []
        all_dates: list[np.ndarray] = []
        all_leaves: list[np.ndarray] = []
        pending: dict[int, tuple[list, int, int]] = {}  # leaf -> (phrase words, offset, size)
        terms = _Terms(searcher, [sub.reader() for sub, _ in leaves])
        top_phrase = phrases.split_top(q)
        for index, (sub, offset) in enumerate(leaves):
            leaf = _Leaf(sub, terms, index)
            if not leaf.size:
                continue
            found = phrases.candidates(leaf, top_phrase[0], _term) if top_phrase else None
            if found is None:
                mask, score = _evaluate(leaf, q)
            else:  # candidates only: verified below, best first
                mask, score, words = found
                if top_phrase[1] is not None:
                    mask &= _evaluate(leaf, top_phrase[1])[0]
                score = score * mask * top_phrase[2]
                pending[index] = (words, offset, leaf.size)
            deleted = leaf.deleted()
            if deleted is not None:
                mask &= ~deleted
            docs = np.flatnonzero(mask)
            if not len(docs):
                continue
            all_docs.append(docs + offset)
            all_scores.append(score[docs])
            all_leaves.append(np.full(len(docs), index))
            if by_date:
                all_dates.append(_dates(leaf)[docs])
        if not all_docs:
            return []
        docs = np.concatenate(all_docs)
        keys = np.concatenate(all_dates) if by_date else np.concatenate(all_scores)
        scores = np.concatenate(all_scores)
        if pending:
            order = _verified_order(docs, keys, np.concatenate(all_leaves), pending, limit)
        else:
            order = _order(docs, keys, limit)
    except Unsupported:
        return None
    if by_date:
        return [(0.0, int(docs[i])) for i in order]
    return [(float(scores[i]), int(docs[i])) for i in order]


def _order(docs: np.ndarray, keys: np.ndarray, limit: int) -> np.ndarray:
    """Indexes of the best ``limit`` by key (ties: lower document number first)."""
    if len(docs) > limit:
        # Only the documents tied with the limit-th key or better need ordering.
        cut = np.partition(-keys, limit - 1)[limit - 1]
        keep = np.flatnonzero(-keys <= cut)
        return keep[np.lexsort((docs[keep], -keys[keep]))][:limit]
    return np.lexsort((docs, -keys))[:limit]


def _verified_order(docs: np.ndarray, keys: np.ndarray, leaf_of: np.ndarray,
                    pending: dict[int, tuple[list, int, int]], limit: int) -> np.ndarray:
    """Like :func:`_order` for phrase candidates: checked in that order, in growing batches,
    until ``limit`` of them have the words in a row."""
    order = np.lexsort((docs, -keys))
    chosen: list[np.ndarray] = []
    found, at, batch = 0, 0, max(64, 2 * limit)
    while at < len(order) and found < limit:
        chunk = order[at:at + batch]
        ok = np.zeros(len(chunk), dtype=bool)
        chunk_leaves = leaf_of[chunk]
        for index in np.unique(chunk_leaves).tolist():
            here = chunk_leaves == index
            if index not in pending:
                ok[here] = True
                continue
            words, offset, size = pending[index]
            local = docs[chunk[here]] - offset
            wanted = np.zeros(size, dtype=bool)
            wanted[local] = True
            ok[here] = _verify(words, wanted)[local]
        hits = chunk[ok]
        chosen.append(hits)
        found += len(hits)
        at += batch
        # Next, about what the hit rate so far says is still needed (each batch costs a fixed
        # amount per segment, so not too many small ones).
        batch = max(2 * batch, int(1.5 * (limit - found) * at / max(found, 1)))
    return np.concatenate(chosen)[:limit] if chosen else np.zeros(0, dtype=np.int64)


def _dates(leaf: _Leaf) -> np.ndarray:
    """The ``date`` column of a segment as an array (cached with the segment's reader)."""
    cache: dict = leaf.perdoc.__dict__.setdefault("_np_dates", {})
    dates = cache.get("date")
    if dates is None:
        if not leaf.reader.has_column("date"):
            raise Unsupported("no date column")
        column = leaf.reader.column_reader("date")
        dates = cache["date"] = np.fromiter((int(v or 0) for v in column), dtype=np.int64, count=leaf.size)
    return dates
