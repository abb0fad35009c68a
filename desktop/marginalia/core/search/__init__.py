"""Full-text search: analysis (tokens, lemmas), the Whoosh index, the query grammar."""
