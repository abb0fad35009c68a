"""Error types whose message is meant for the user: one clear line, never a traceback."""

from __future__ import annotations


class MarginaliaError(Exception):
    """Base of every error a user may see. ``str(err)`` is a complete, one-line reason."""


class BadInput(MarginaliaError):
    """An input file or text that cannot become an article (empty, binary, malformed...)."""


class NotFound(MarginaliaError):
    """An article, highlight or tag id that does not exist."""


class UsageError(MarginaliaError):
    """A request that does not make sense (bad arguments, bad query)."""


class QueryError(UsageError):
    """A search query that cannot be parsed; the message says where and why."""


class LibraryLocked(MarginaliaError):
    """Another Marginalia process is writing to this library."""
