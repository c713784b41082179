"""Date formats of the site, one per language (FORMAT_MODULE_PATH): `<language code>/formats.py`.

Only what differs from Django's own locale formats is set here; everything else (input formats,
number separators) falls through to Django's module. Templates write dates with
``date:"DATE_FORMAT"`` (long, in running text, headers and cards) or ``date:"SHORT_DATE_FORMAT"``
(tables such as the register); never with a literal pattern.
"""
