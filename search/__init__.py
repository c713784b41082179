"""The published-items index: its backends, the public search page and JSON API.

Knows nothing of concrete page types: pages opt in through a protocol defined here.
Never imports from `cms`.
"""
