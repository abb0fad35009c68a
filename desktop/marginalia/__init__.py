"""Marginalia: read, highlight, annotate, search and export saved articles, offline."""

__version__ = "0.1.0"
