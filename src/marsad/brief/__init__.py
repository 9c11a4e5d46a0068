"""Briefs: extractive summaries of one article, an event or a storyline."""
