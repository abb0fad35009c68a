"""Exporters of annotated quotes, one module per format."""
