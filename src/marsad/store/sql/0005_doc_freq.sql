-- marsad store, schema version 5: the grouping stage's document frequencies as rows, written as
-- changes (issue 13). One row per hashed column (marsad.stories.features: 2^20 columns) that a
-- stored original has: how many stored originals have it. Each ingest batch adds the counts of its
-- originals (INSERT ... ON CONFLICT(col) DO UPDATE SET n = n + excluded.n) and their number to
-- doc_count, in the batch's transaction, instead of replacing a snapshot of the whole table.
CREATE TABLE doc_freq (col INTEGER PRIMARY KEY, n INTEGER NOT NULL);
-- How many documents the counts of doc_freq are of: one row.
CREATE TABLE doc_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO doc_count(id, n) VALUES (1, 0);
-- A store made before this version keeps the whole table as a compressed snapshot, the row
-- 'doc_freq' of state: the next writer to open it turns it into rows, once, and deletes it
-- (store.sqlite_open.connect_writer).
