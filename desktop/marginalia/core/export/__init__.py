"""Exporters of annotated quotes, one module per format, all pure functions of
:class:`~marginalia.core.export.model.ExportArticle` lists returning text; files are written
with :func:`~marginalia.core.export.writer.write_atomic`. The use cases (scope, format choice)
live in :mod:`marginalia.core.exporting`."""
