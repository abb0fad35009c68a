"""Allow ``python -m marginalia``."""

from marginalia.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
