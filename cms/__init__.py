"""The Django project that runs the site: settings, URL routing, site-wide templates and static files.

Apps (`home`, `articles`, `locales`, `search`) never import from here.
"""
