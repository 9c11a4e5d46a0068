-- marsad store, schema version 4: the search index (SQLite FTS5, contentless). One row per
-- article, its rowid the article's seq, holding the search keys of the title and of the cleaned
-- text (marsad.search.keys: normalised, clitics off, stemmed), not the text: the articles table
-- keeps that for display. Written with the article rows, in the same transaction.
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, content='', tokenize='unicode61 remove_diacritics 0'
);
-- A store made before this version holds articles the index does not: the next writer to open
-- it (or `marsad reindex`) indexes them, from the article after `value` (a seq) on.
INSERT INTO state(name, value) SELECT 'search_backfill', 0 WHERE EXISTS (SELECT 1 FROM articles);
