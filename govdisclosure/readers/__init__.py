"""Readers: each turns one kind of source into layout-neutral grids.

Readers know layouts, never templates: which table a grid is, and which cell is
which, is decided after them.
"""
