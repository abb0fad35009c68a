"""Importing files into a library: read, deduplicate, clean in worker processes, store.

Each file is cleaned in a worker process with time and memory limits (see
``importing.workers``) and stored in its own transaction by the calling thread — the one writer.
The same bytes or the same text already in the library are reported as duplicates.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from marginalia.core import articles, db
from marginalia.core.errors import BadInput
from marginalia.core.importing import files
from marginalia.core.importing.article import CleanedArticle
from marginalia.core.progress import NullProgress, Progress
from marginalia.core.records import ImportReport, ImportResult

SETTLE_EVERY = 200


def import_paths(lib, paths: Sequence[str | os.PathLike], *, progress: Progress | None = None,
                 workers: int | None = None) -> ImportReport:
    """Import files and folders (recursively). Each file is cleaned in a worker process with
    time and memory limits and stored in its own transaction; a bad file gets a one-line
    reason and the rest goes on. Files already in the library are reported as duplicates."""
    from marginalia.core.importing.pipeline import prepare
    from marginalia.core.importing.workers import CleaningPool

    progress = progress or NullProgress()
    candidates = files.collect(list(paths))
    total = len(candidates)
    results: dict[int, ImportResult] = {}
    first_of_hash: dict[str, int] = {}
    waiting_on: dict[int, int] = {}  # index of a same-bytes copy -> index of the first one
    payload: dict[int, tuple[bytes, str]] = {}
    jobs = []
    for i, cand in enumerate(candidates):
        if cand.reason:
            results[i] = ImportResult(str(cand.path), "failed", reason=cand.reason)
            continue
        try:
            data = files.read_limited(cand.path)
        except BadInput as exc:
            results[i] = ImportResult(str(cand.path), "failed", reason=str(exc))
            continue
        digest = articles.raw_hash(data)
        with db.read_session(lib.engine) as s:
            existing = articles.find_by_raw_hash(s, digest)
        if existing is not None:
            results[i] = ImportResult(str(cand.path), "duplicate", existing, "already in the library (same file)")
        elif digest in first_of_hash:
            waiting_on[i] = first_of_hash[digest]
        else:
            first_of_hash[digest] = i
            payload[i] = (data, digest)
            jobs.append((i, (data, cand.path.name)))
    done = len(results)
    progress.update(done, total, "")
    report = ImportReport()
    if jobs:
        with CleaningPool(workers) as pool:
            for i, outcome in pool.run(prepare, jobs, cancelled=lambda: progress.cancelled):
                cand = candidates[i]
                data, digest = payload.pop(i)
                if isinstance(outcome, BadInput):
                    results[i] = ImportResult(str(cand.path), "failed", reason=str(outcome))
                else:
                    results[i] = _store(lib, cand.path, data, digest, outcome)
                done += 1
                progress.update(done, total, cand.path.name)
                if done % SETTLE_EVERY == 0:
                    lib.settle_index()
                if progress.cancelled:
                    report.cancelled = True
                    break
    for i, first in waiting_on.items():
        src = results.get(first)
        if src is not None and src.article_id is not None:
            results[i] = ImportResult(str(candidates[i].path), "duplicate", src.article_id,
                                      f"same file as {candidates[first].path.name}")
        elif src is not None:
            results[i] = ImportResult(str(candidates[i].path), "failed", reason=src.reason)
    report.results = [results[i] for i in sorted(results)]
    lib.settle_index()
    return report

def _store(lib, path: Path, data: bytes, digest: str, cleaned: CleanedArticle) -> ImportResult:
    with lib.writing(), db.write_session(lib.engine) as s:
        existing = articles.find_by_content_hash(s, cleaned.content_hash)
        if existing is not None:
            return ImportResult(str(path), "duplicate", existing, "already in the library (same text)", cleaned.title)
        article_id = articles.insert_article(s, cleaned, data=data, digest=digest, filename=path.name,
                                             source_path=str(path.absolute()))
    return ImportResult(str(path), "imported", article_id, None, cleaned.title)
