-- marsad store, schema version 3: the time zone a source gave a publication time, the
-- articles a reader saw cut short, and the articles the extraction stage could not read.
ALTER TABLE articles ADD COLUMN utc_offset INTEGER;        -- minutes east of UTC; NULL: not given
ALTER TABLE articles ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;

CREATE TABLE extraction_failures (            -- set aside, with the reason, not retried
    article_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at TEXT
);
