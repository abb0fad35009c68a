"""The UI-free core of Marginalia. Nothing below this package imports Qt."""
