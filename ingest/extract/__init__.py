"""Turning decoded input into clean articles: text dumps (text.py), HTML pages (html.py)."""
