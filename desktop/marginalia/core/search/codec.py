"""Whoosh's on-disk format (codec) as this index writes and reads it.

The files are Whoosh's own "W3" format with these changes, each measured with
``tests/bench/bench_search.py``:

- field lengths are read once per segment and field into memory (commits a third faster,
  BM25F scoring with one list lookup);
- short posting lists are stored inside their term's info (Whoosh has this, off and broken);
- each block of postings keeps its document ids and weights apart from its values (positions):
  scoring a word reads only ids and weights, and unpickling every posting's positions was
  two thirds of reading a frequent word's postings (see :mod:`.scoring`);
- ids and weights are raw arrays, the block info a struct, and blocks hold 1,024 postings
  instead of 128: at 100,000 articles reading a block cost about 70 µs of Python whatever its
  size (unpickling the info from the file alone was 12 small reads), for 800 blocks of a
  frequent word in every query;
- a posting's positions are raw uint32s (:class:`CompactPositions`); a block stores them
  uncompressed as uint16 deltas (:func:`_pack_positions`), so a phrase reads a block's
  positions as one numpy array with no zlib (decompressing was a third of a phrase query).

Segments carry the codec class (pickled in the table of contents), so these classes must stay
importable under their names; a change to the format bumps ``schema.SCHEMA_VERSION``.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from typing import Any

import numpy as np
from whoosh import formats

from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.compat import dumps, loads
from whoosh.util.numeric import byte_to_length, length_to_byte

__all__ = ["CompactPositions", "InliningPostingsWriter", "LengthCachingPerDocReader", "MarginaliaCodec", "SplitBlockMatcher"]

_HEAD_SIZE = struct.Struct("!I")

_PACKED, _PICKLED = b"P", b"K"
_DELTAS16, _DELTAS32 = b"D", b"E"
_ARRAYS = b"A"
#: Postings per block. Whoosh's 128 meant about 800 blocks for a frequent word at 100,000
#: articles, and a fixed cost per block to read; bigger blocks only cost Whoosh's own
#: document-by-document path (it decodes a whole block to skip into it).
BLOCK_LIMIT = 1024
_LENGTH = struct.Struct("!i")  # a block's length, as Whoosh writes it (negative: the last block)
#: A block's info: postings, last id, max weight, compression, min and max length (as bytes).
_INFO = struct.Struct("!IIdBBB")
_COUNT_FLAG = struct.Struct("!IB")
_ONES, _SAME, _FLOAT32, _FLOAT64 = range(4)


def _pack_ids_weights(ids: list[int], weights: list[float], byteids: bool) -> bytes:
    """A block's document ids (first absolute, then deltas, as native uint32) and weights
    (nothing when all are 1, one double when all equal, else float32 when that is exact, else
    float64), so that numpy reads them without unpickling."""
    if byteids:
        return _PICKLED + dumps((tuple(ids), tuple(weights)), 2)
    deltas = array("I", ids)
    if len(ids) > 1:
        deltas[1:] = array("I", [b - a for a, b in zip(ids, ids[1:])])
    first = weights[0]
    if all(w == first for w in weights):
        flag, tail = (_ONES, b"") if first == 1.0 else (_SAME, array("d", [first]).tobytes())
    else:
        single = array("f", weights)
        if list(single) == list(weights):
            flag, tail = _FLOAT32, single.tobytes()
        else:
            flag, tail = _FLOAT64, array("d", weights).tobytes()
    return _ARRAYS + _COUNT_FLAG.pack(len(ids), flag) + deltas.tobytes() + tail


def _weights_of(head: bytes, at: int, flag: int, count: int) -> np.ndarray:
    if flag == _ONES:
        return np.ones(count)
    if flag == _SAME:
        return np.full(count, np.frombuffer(head, dtype=np.float64, count=1, offset=at)[0])
    dtype = np.float32 if flag == _FLOAT32 else np.float64
    return np.frombuffer(head, dtype=dtype, count=count, offset=at).astype(np.float64)


def _unpack_arrays(head: bytes, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of a block head as int64 and float64 arrays."""
    if head[:1] != _ARRAYS:
        ids, weights = loads(head[1:])
        w = np.ones(len(ids)) if weights is None else np.asarray(weights, dtype=np.float64)
        return np.asarray(ids, dtype=np.int64), w
    count, flag = _COUNT_FLAG.unpack_from(head, 1)
    at = 1 + _COUNT_FLAG.size
    ids = np.cumsum(np.frombuffer(head, dtype=np.uint32, count=count, offset=at), dtype=np.int64)
    return ids, _weights_of(head, at + 4 * count, flag, count)


def _unpack_lists(head: bytes, count: int) -> tuple[Any, Any]:
    """A block head in the shapes Whoosh's own matcher keeps: id deltas (or byte ids), and
    None (all 1), a float (all equal) or the weights."""
    if head[:1] != _ARRAYS:
        return loads(head[1:])
    count, flag = _COUNT_FLAG.unpack_from(head, 1)
    at = 1 + _COUNT_FLAG.size
    deltas = array("I")
    deltas.frombytes(head[at:at + 4 * count])
    if flag == _ONES:
        return deltas, None
    weights = _weights_of(head, at + 4 * count, flag, count)
    return deltas, (float(weights[0]) if flag == _SAME else array("d", weights.tobytes()))


def _pack_values(values: Any) -> tuple[bytes, bytes]:
    """A block's values as (kind, payload): variable-size byte strings as their sizes (uint32)
    then the strings joined; anything else pickled. The payload is compressed by the writer."""
    if isinstance(values, tuple) and values and all(type(v) is bytes for v in values):
        sizes = array("I", [len(v) for v in values])
        return _PACKED, _HEAD_SIZE.pack(len(values)) + sizes.tobytes() + b"".join(values)
    return _PICKLED, dumps(values, 2)


def _unpack_values(kind: bytes, raw: bytes) -> Any:
    if kind != _PACKED:
        return loads(raw)
    count = _HEAD_SIZE.unpack_from(raw)[0]
    start = _HEAD_SIZE.size
    sizes = array("I")
    sizes.frombytes(raw[start:start + 4 * count])
    out, pos = [], start + 4 * count
    for size in sizes:
        out.append(raw[pos:pos + size])
        pos += size
    return tuple(out)


def _pack_positions(values: tuple[bytes, ...]) -> bytes | None:
    """A block of :class:`CompactPositions` values, uncompressed: the number of positions of
    each posting, then each posting's positions as deltas (the first one absolute), all uint16
    (uint32 when a number does not fit). Not zlib: decompressing positions was a third of a
    phrase query over frequent words, and uint16 deltas are about as small. None when the
    positions are not in order (then the values are stored the general way)."""
    if len(values) < 40:  # numpy's fixed costs are more than the loop's on a small block
        return _pack_positions_small(values)
    counts = np.fromiter((len(v) >> 2 for v in values), dtype=np.int64, count=len(values))
    positions = np.frombuffer(b"".join(values), dtype=np.uint32).astype(np.int64)
    deltas = np.diff(positions, prepend=0)
    starts = (np.cumsum(counts) - counts)[counts > 0]
    deltas[starts] = positions[starts]
    if len(deltas) and deltas.min() < 0:
        return None
    wide = bool(len(deltas) and deltas.max() > 0xFFFF) or bool(counts.max(initial=0) > 0xFFFF)
    kind, dtype = (_DELTAS32, np.uint32) if wide else (_DELTAS16, np.uint16)
    return kind + _HEAD_SIZE.pack(len(values)) + counts.astype(dtype).tobytes() + deltas.astype(dtype).tobytes()


def _pack_positions_small(values: tuple[bytes, ...]) -> bytes | None:
    counts = [len(v) >> 2 for v in values]
    joined = array("I")
    joined.frombytes(b"".join(values))
    deltas: list[int] = []
    at = 0
    for count in counts:
        previous = 0
        for position in joined[at:at + count]:
            deltas.append(position - previous)
            previous = position
        at += count
    if deltas and min(deltas) < 0:
        return None
    wide = max(deltas, default=0) > 0xFFFF or max(counts, default=0) > 0xFFFF
    kind, code = (_DELTAS32, "I") if wide else (_DELTAS16, "H")
    return kind + _HEAD_SIZE.pack(len(values)) + array(code, counts).tobytes() + array(code, deltas).tobytes()


def _unpack_positions(tail: bytes, chosen: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(positions per posting, their positions) of a block tail of :func:`_pack_positions`: of
    every posting, or only of the ``chosen`` ones (indexes in the block, ascending), whose
    deltas alone are then decoded."""
    dtype = np.uint16 if tail[:1] == _DELTAS16 else np.uint32
    count = _HEAD_SIZE.unpack_from(tail, 1)[0]
    at = 1 + _HEAD_SIZE.size
    counts = np.frombuffer(tail, dtype=dtype, count=count, offset=at).astype(np.int64)
    deltas = np.frombuffer(tail, dtype=dtype, offset=at + count * np.dtype(dtype).itemsize)
    if chosen is None:
        picked, values = counts, deltas.astype(np.int64)
    else:
        firsts_in_block = np.cumsum(counts) - counts
        picked = counts[chosen]
        firsts = np.cumsum(picked) - picked  # where each chosen posting starts in the result
        index = np.arange(int(picked.sum())) + np.repeat(firsts_in_block[chosen] - firsts, picked)
        values = deltas[index].astype(np.int64)
    running = np.cumsum(values)
    firsts = np.cumsum(picked) - picked
    nonempty = picked > 0
    before = np.zeros(len(picked), dtype=np.int64)  # the running sum before each posting's first delta
    before[nonempty] = running[firsts[nonempty]] - values[firsts[nonempty]]
    return picked, running - np.repeat(before, picked)


def read_postings(postfile: Any, terminfo: Any, blocks: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of a term's postings stored in blocks (not inlined), read straight from the
    postings file: no matcher object, one struct and one head per block. With ``blocks``, each
    block's ("blocks", ids, postfile, data offset, next offset) is appended to it."""
    offset, _length = terminfo.extent()
    position = offset + len(WHOOSH3_HEADER_MAGIC)
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    fixed = _LENGTH.size + _INFO.size + _HEAD_SIZE.size
    while True:
        raw = postfile.get(position, fixed)
        length = _LENGTH.unpack_from(raw)[0]
        count, _maxid, _maxweight, compression, _mn, _mx = _INFO.unpack_from(raw, _LENGTH.size)
        head_size = _HEAD_SIZE.unpack_from(raw, _LENGTH.size + _INFO.size)[0]
        head = postfile.get(position + fixed, head_size)
        ids, weights = _unpack_arrays(zlib.decompress(head) if compression else head, count)
        id_parts.append(ids)
        weight_parts.append(weights)
        next_block = position + _LENGTH.size + abs(length)
        if blocks is not None:
            blocks.append(("blocks", ids, postfile, position + _LENGTH.size + _INFO.size, next_block))
        if length < 0:
            break
        position = next_block
    if len(id_parts) == 1:
        return id_parts[0], weight_parts[0]
    return np.concatenate(id_parts), np.concatenate(weight_parts)


def selected_positions(postfile: Any, start: int, end: int, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions per posting, their positions) of the ``chosen`` postings (indexes in the block,
    ascending) of the block whose data is at ``start:end``: only those postings' deltas are
    decoded. Raises ValueError when the block's positions are not stored by
    :func:`_pack_positions` (an index from before; rebuilt by its schema version)."""
    data = postfile.get(start, end - start)
    tail = data[_HEAD_SIZE.size + _HEAD_SIZE.unpack_from(data)[0]:]
    if tail[:1] not in (_DELTAS16, _DELTAS32):
        raise ValueError("block without position deltas")
    return _unpack_positions(tail, chosen)


class CompactPositions(formats.Positions):
    """Whoosh's ``Positions`` posting format, each posting's positions stored as raw uint32s
    (native byte order) instead of a pickle: a fifth of the cost to write, and a whole block's
    positions are one numpy array to read (see :func:`scoring._phrase`)."""

    def encode(self, poslist) -> bytes:
        return array("I", poslist).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return memoryview(valuestring).cast("I").tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


_BYTE_LENGTHS = [byte_to_length(i) for i in range(256)]


class LengthCachingPerDocReader(W3PerDocReader):
    """Whoosh's per-document reader, with each field's length column read once into memory.

    Whoosh looks a document's field length up (seek + read in the column file) for every
    posting it writes and every document BM25F scores; one byte per document per field is
    cheap to keep, and this made commits about a third faster (see bench_search.py).
    """

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        cache: dict[str, bytes] = self.__dict__.setdefault("_length_bytes", {})
        lengths = cache.get(fieldname)
        if lengths is None:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = b"" if reader is None else reader._dbfile.get(reader._basepos, reader._count)
            cache[fieldname] = lengths
        if docnum < len(lengths):
            code = lengths[docnum]
            if code:
                return _BYTE_LENGTHS[code]
        return default

    def length_norms(self, fieldname: str, b: float, k1: float, avgfl: float) -> list[float]:
        """BM25's length norm of every document of the segment for one field (cached)."""
        cache: dict = self.__dict__.setdefault("_norms", {})
        key = (fieldname, b, k1, avgfl)
        norms = cache.get(key)
        if norms is None:
            self.doc_field_length(0, fieldname)  # loads the length bytes
            codes = self.__dict__["_length_bytes"][fieldname]
            table = [k1 * ((1 - b) + b * (_BYTE_LENGTHS[c] if c else 1) / avgfl) for c in range(256)]
            norms = [table[c] for c in codes]
            norms += [table[0]] * (self._doccount + 1 - len(norms))
            cache[key] = norms
        return norms


class InliningPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, with short posting lists stored inside their term's info.

    Whoosh 2.7.5 has this feature but it is off (``inlinelimit=1``) and broken (it calls a
    misspelled method). Without it every rare term costs a compressed block of its own: most
    terms of a small commit are rare, and commits of 100 new articles ran at half the speed of
    a rebuild.
    """

    def finish_postings(self):
        if not self.written() and len(self) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            # Fields without payloads have no values; give Whoosh's list matcher empty bytes
            # (it would answer "", which breaks merging segments).
            values = self._values if len(self._values) == len(self._ids) else [b""] * len(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's block, with ids and weights as raw arrays apart from the values, and the
        block's info as a fixed-size struct instead of a pickle (see :class:`SplitBlockMatcher`)."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        head = _pack_ids_weights(self._ids, self._weights, self._byteids)
        values = self._mini_values()
        comp = self._compression
        tail = None
        if isinstance(self._format, CompactPositions) and isinstance(values, tuple) and values:
            tail = _pack_positions(values)
        if tail is None:
            kind, payload = _pack_values(values)
            tail = kind + (zlib.compress(payload, comp) if comp else payload)
        if comp:
            head = zlib.compress(head, comp)
        databytes = _HEAD_SIZE.pack(len(head)) + head + tail
        ids = self._ids
        infobytes = _INFO.pack(len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                               length_to_byte(self._maxlength))
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class SplitBlockMatcher(W3LeafMatcher):
    """Reads the blocks :class:`InliningPostingsWriter` writes: the length (negative for the
    last block), the block info (:data:`_INFO`), ``len(head)``, then head = compressed ids and
    weights (:func:`_pack_ids_weights`), then tail = positions (:func:`_pack_positions`) or a
    kind byte and the compressed values (:func:`_pack_values`)."""

    def _goto(self, position: int) -> None:
        # Whoosh's _goto, with the info read from one slice (Whoosh unpickles it from the
        # file, a dozen tiny reads per block).
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        raw = self._postfile.get(position, _LENGTH.size + _INFO.size)
        length = _LENGTH.unpack_from(raw)[0]
        if length < 0:
            self._lastblock = True
            length = -length
        self._nextoffset = position + _LENGTH.size + length
        self._dataoffset = position + _LENGTH.size + _INFO.size
        (self._blocklength, self._maxid, self._maxweight, self._compression, mnlen,
         mxlen) = _INFO.unpack_from(raw, _LENGTH.size)
        self._minlength = byte_to_length(mnlen)
        self._maxlength = byte_to_length(mxlen)

    def _split(self) -> tuple[bytes, int]:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        return data, _HEAD_SIZE.unpack_from(data)[0]

    def _head(self, data: bytes, size: int) -> bytes:
        raw = data[_HEAD_SIZE.size:_HEAD_SIZE.size + size]
        return zlib.decompress(raw) if self._compression else raw

    def _read_data(self) -> None:
        # Whoosh's document-by-document path: the block in the shapes Whoosh's own reader
        # expects (id deltas, then None / a float / weights, then the values).
        data, size = self._split()
        ids, weights = _unpack_lists(self._head(data, size), self._blocklength)
        tail = data[_HEAD_SIZE.size + size:]
        kind = tail[:1]
        if kind in (_DELTAS16, _DELTAS32):
            counts, positions = _unpack_positions(tail)
            ends = np.cumsum(counts)
            flat = positions.astype(np.uint32)
            values = tuple(flat[e - c:e].tobytes() for c, e in zip(counts.tolist(), ends.tolist()))
        else:
            body = tail[1:]
            values = _unpack_values(kind, zlib.decompress(body) if self._compression else body)
        self._data = (ids, weights, values)


class MarginaliaCodec(W3Codec):
    """Whoosh's default codec with cached field lengths and inlined short posting lists.

    The files are Whoosh's own; only segments written by it carry this class (pickled in the
    table of contents), so it must stay importable under this name (see SCHEMA_VERSION).
    """

    def __init__(self, blocklimit: int | None = None, compression: int = 3, inlinelimit: int = 16) -> None:
        super().__init__(blocklimit=blocklimit or BLOCK_LIMIT, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        return InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                      compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return SplitBlockMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)

    def per_document_reader(self, storage, segment):
        return LengthCachingPerDocReader(storage, segment)


