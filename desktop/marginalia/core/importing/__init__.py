"""Files -> decoded text -> cleaned article (HTML, plain text, Markdown)."""
