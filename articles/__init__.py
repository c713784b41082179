"""Editorial content: page types, taxonomy, directive numbers, feeds and their templates.

Depends on the interfaces of `search` and `locales`; never imports from `cms`.
"""
