"""Benchmarks. Run them all with ``python -m bench`` (see ``bench/__main__.py``)."""
