"""The ``dojo`` command line. Nothing here imports Textual except the default ``dojo`` (the game)."""
