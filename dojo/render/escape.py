"""Player text made safe for a page: the one place where text becomes HTML or Markdown text.

Every piece of text a player (or a scenario file, or an imported file) wrote goes through
here before any renderer writes it: :func:`html_escape` for HTML and SVG, :func:`md_escape`
for Markdown, :func:`fence` for a fenced code block. Text is always text, never markup.
"""

from __future__ import annotations

import html
import re

from dojo.terminal import clean

#: Characters that mean something inline in CommonMark/GFM wherever they stand (text here never starts
#: a line, so line-start markers such as ``#``, ``-``, ``1.`` and ``>`` cannot act).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~$@^])")
#: Bare-URL autolinks (GFM): ``http://``, ``www.`` and ``mailto:`` are broken with a backslash.
_MD_AUTOLINK = re.compile(r"(?i)(://|(?<![a-z0-9])www\.|mailto:)")


def html_escape(text: str) -> str:
    """Text as HTML text: markup escaped, and no control, bidi-override or lone-surrogate character left raw."""
    return html.escape(clean(text.replace("\r\n", "\n").replace("\r", "\n"), newlines=True))


def md_escape(text: str) -> str:
    """Player text as literal Markdown inline text: no emphasis, links, images, HTML, tables or autolinks.

    ``&`` and ``<`` become entities (no raw HTML, no entity tricks); every punctuation
    character that Markdown (CommonMark, GFM) gives a meaning to is backslash-escaped,
    which also breaks bare-URL autolinks (``http\\://``, ``www\\.``); newlines become spaces.
    """
    text = clean(text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " "))
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_AUTOLINK.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1] if m.group(1) != "://" else "\\://", text)


def fence(text: str) -> str:
    """Text for a fenced code block: no fence can be closed from inside."""
    return clean(text, newlines=True).replace("```", "ʼʼʼ").replace("~~~", "∼∼∼")
