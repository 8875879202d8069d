"""Markup: the visible text of raw HTML with a map back to raw offsets, and rendering."""
