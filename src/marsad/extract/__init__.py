"""Extraction of names, dates and quotes from article text."""
