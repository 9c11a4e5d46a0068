-- marsad store, schema version 1.
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,    -- ingestion order
    id TEXT NOT NULL UNIQUE,
    outlet TEXT,
    url TEXT,
    title TEXT,
    author TEXT,
    published TEXT,                           -- ISO 8601, naive (as the source gives it)
    published_source TEXT,
    origin TEXT NOT NULL,
    format TEXT NOT NULL,
    text TEXT NOT NULL,                       -- the original, for display
    clean_text TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]',       -- JSON [[reason, line], ...]
    exact_key INTEGER NOT NULL,
    n_shingles INTEGER NOT NULL,
    signature BLOB,                           -- MinHash, uint32 x 128
    duplicate_of TEXT,                        -- the earliest copy, NULL for originals
    duplicate_kind TEXT,                      -- exact | near
    duplicate_similarity REAL,
    event_id TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_exact ON articles(exact_key);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX articles_event ON articles(event_id);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE lsh (
    key INTEGER NOT NULL,                     -- one MinHash LSH band of an article
    article_seq INTEGER NOT NULL,
    PRIMARY KEY (key, article_seq)
) WITHOUT ROWID;

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    level TEXT NOT NULL,                      -- event | storyline
    parent_id TEXT,                           -- an event's storyline
    founder_id TEXT,
    title TEXT,
    start TEXT,
    end TEXT,
    size INTEGER NOT NULL,
    n_vectors INTEGER NOT NULL,
    centroid_idx BLOB NOT NULL,
    centroid_val BLOB NOT NULL,
    updated_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX groups_level_end ON groups(level, end, updated_seq);
CREATE INDEX groups_parent ON groups(parent_id);
CREATE INDEX groups_level_updated ON groups(level, updated_seq);

CREATE TABLE outlet_lines (
    outlet TEXT NOT NULL,
    key INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (outlet, key)
) WITHOUT ROWID;

CREATE TABLE state (name TEXT PRIMARY KEY, value BLOB);

CREATE TABLE rejections (
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,                         -- the last time it was rejected
    PRIMARY KEY (origin, reason)
) WITHOUT ROWID;
