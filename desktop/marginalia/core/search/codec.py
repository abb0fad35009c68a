"""Whoosh's on-disk format (codec) as this index writes and reads it.

The files are Whoosh's own "W3" format with three changes, each measured with
``tests/bench/bench_search.py``:

- field lengths are read once per segment and field into memory (commits a third faster,
  BM25F scoring with one list lookup);
- short posting lists are stored inside their term's info (Whoosh has this, off and broken);
- each block of postings keeps its document ids and weights apart from its values (positions):
  scoring a word reads only ids and weights, and unpickling every posting's positions was
  two thirds of reading a frequent word's postings (see :mod:`.scoring`);
- positions are raw uint32s (:class:`CompactPositions`), a block's values stored as their sizes
  then their bytes joined, so a phrase reads a block's positions as one numpy array.

Segments carry the codec class (pickled in the table of contents), so these classes must stay
importable under their names; a change to the format bumps ``schema.SCHEMA_VERSION``.
"""

from __future__ import annotations

import struct
import zlib
from array import array
from typing import Any

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


def _pack_values(values: Any) -> bytes:
    """A block's values: variable-size byte strings as their sizes (uint32) then the strings
    joined (numpy reads positions straight from that); anything else pickled."""
    if isinstance(values, tuple) and values and all(type(v) is bytes for v in values):
        sizes = array("I", [len(v) for v in values])
        return _PACKED + _HEAD_SIZE.pack(len(values)) + sizes.tobytes() + b"".join(values)
    return _PICKLED + dumps(values, 2)


def _unpack_values(raw: bytes) -> Any:
    if raw[:1] != _PACKED:
        return loads(raw[1:])
    count = _HEAD_SIZE.unpack_from(raw, 1)[0]
    start = 1 + _HEAD_SIZE.size
    sizes = array("I")
    sizes.frombytes(raw[start:start + 4 * count])
    out, pos = [], start + 4 * count
    for size in sizes:
        out.append(raw[pos:pos + size])
        pos += size
    return tuple(out)


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
        """Whoosh's block, with ids and weights compressed apart from the values."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        head = dumps((self._mini_ids(), self._mini_weights()), 2)
        tail = _pack_values(self._mini_values())
        comp = self._compression
        if comp:
            head, tail = zlib.compress(head, comp), zlib.compress(tail, comp)
        databytes = _HEAD_SIZE.pack(len(head)) + head + tail
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                           length_to_byte(self._maxlength)), 2)
        length = len(infobytes) + len(databytes)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class SplitBlockMatcher(W3LeafMatcher):
    """Reads the blocks :class:`InliningPostingsWriter` writes: ``len(head)``, then head =
    compressed pickle of (id deltas, weights), then tail = compressed pickle of the values."""

    def _split(self) -> tuple[bytes, int]:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        return data, _HEAD_SIZE.unpack_from(data)[0]

    def _unpack(self, raw: bytes) -> Any:
        return loads(zlib.decompress(raw) if self._compression else raw)

    def read_ids_weights(self) -> tuple[Any, Any]:
        """(id deltas, weights) of the current block, without its values."""
        if self._data is not None:
            return self._data[0], self._data[1]
        data, size = self._split()
        return self._unpack(data[_HEAD_SIZE.size:_HEAD_SIZE.size + size])

    def block_extent(self) -> tuple[int, int, int]:
        """Where the current block's data is: for :meth:`read_block_values` later."""
        return self._dataoffset, self._nextoffset, self._compression

    def read_block_positions(self) -> tuple[bytes, bytes] | None:
        """The current block's values as (sizes, joined) bytes: ``sizes`` holds each posting's
        value size (native uint32), ``joined`` the values one after the other; with
        :class:`CompactPositions` values, ``joined`` is every position of the block as uint32.
        None when the block's values are not stored that way."""
        data, size = self._split()
        tail = data[_HEAD_SIZE.size + size:]
        tail = zlib.decompress(tail) if self._compression else tail
        if tail[:1] != _PACKED:
            return None
        count = _HEAD_SIZE.unpack_from(tail, 1)[0]
        start = 1 + _HEAD_SIZE.size
        return tail[start:start + 4 * count], tail[start + 4 * count:]

    def _read_data(self) -> None:
        data, size = self._split()
        start = _HEAD_SIZE.size
        ids, weights = self._unpack(data[start:start + size])
        tail = data[start + size:]
        self._data = (ids, weights, _unpack_values(zlib.decompress(tail) if self._compression else tail))


class MarginaliaCodec(W3Codec):
    """Whoosh's default codec with cached field lengths and inlined short posting lists.

    The files are Whoosh's own; only segments written by it carry this class (pickled in the
    table of contents), so it must stay importable under this name (see SCHEMA_VERSION).
    """

    def __init__(self, blocklimit: int = 128, compression: int = 3, inlinelimit: int = 16) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

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


