"""Translation workflow on top of wagtail-localize, and the public face of languages.

Owns: applying translations through wagtail-localize's machinery, the language alternates of
a page (switcher and hreflang); later the localization queues, glossary, QA checks and
translation memory. Works on wagtail-localize's generic models and on any translatable page;
never imports a concrete page type or anything from `cms`.
"""
