"""Lesson mode: the lesson's steps in a side panel (mode.py), drawn by one widget (panel.py)."""
