-- marsad store, schema version 5: the grouping stage's document frequencies written as changes
-- (issue 13), a base snapshot plus an append-only log of what each ingest batch added, so that a
-- batch writes only new pages (store.sqlite_doc_freq). Each row: a number of documents, and sparse
-- counts over the hashed columns (marsad.stories.features: 2^20 columns), `cols` the columns
-- (ascending, gap-coded) and `counts` in how many of those documents each is (both compressed
-- uint32 arrays). The document frequencies are the base plus the sum of the log.
-- The base: at most one row (none until the first fold).
CREATE TABLE doc_freq_base (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n_docs INTEGER NOT NULL,
    cols BLOB NOT NULL,
    counts BLOB NOT NULL
);
-- The log: one row per batch since the base was made; folded into the base, in a batch's
-- transaction, when it would hold more than 32 rows or more bytes than the base.
CREATE TABLE doc_freq_log (
    seq INTEGER PRIMARY KEY,
    n_docs INTEGER NOT NULL,
    cols BLOB NOT NULL,
    counts BLOB NOT NULL
);
-- A store made before this version keeps the whole table as a compressed snapshot, the row
-- 'doc_freq' of state: the next writer to open it makes it the base, once, and deletes it
-- (store.sqlite_open.connect_writer).
