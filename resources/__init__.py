"""Files Marginalia ships with (icons, desktop entry, styles, translations, sample articles).

Installed as the package ``marginalia.resources``; code finds them with
``importlib.resources.files("marginalia.resources")``, never by paths into the source tree.
"""
