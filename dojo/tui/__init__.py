"""The Textual game. The only package of the dojo that imports Textual.

Screens live in ``screens/``, reusable widgets in ``widgets/``, styles in ``*.tcss``
files. The engine (``dojo.session``) is driven here and never imports from here.
"""
