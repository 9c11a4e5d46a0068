-- marsad store, schema version 2: what the extraction stage finds in each original article.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,                      -- stable: derived from the canonical key
    type TEXT NOT NULL,                       -- PERS | ORG | LOC | MISC
    name TEXT NOT NULL,                       -- the form shown to readers
    aliases TEXT NOT NULL DEFAULT '[]',       -- JSON: known other names (tables)
    mentions INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    last_seen TEXT
);
CREATE INDEX entities_type ON entities(type, mentions);

CREATE TABLE entity_keys (                    -- how the linker finds an entity again
    type TEXT NOT NULL,
    key TEXT NOT NULL,                        -- normalised, clitics and titles off
    entity_id TEXT NOT NULL,
    PRIMARY KEY (type, key)                   -- rowid order = the order the linker met them
);

CREATE TABLE entity_forms (
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (entity_id, surface)
) WITHOUT ROWID;

CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    part TEXT NOT NULL,                       -- title | text (offsets into clean_text)
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    surface TEXT NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT,
    PRIMARY KEY (article_id, part, start)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE quotes (
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,                   -- the quoted content, offsets into clean_text
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    entity_id TEXT,
    direct INTEGER NOT NULL,
    verb TEXT,
    implicit INTEGER NOT NULL,                -- the speaker named earlier, not in the sentence
    attribution INTEGER NOT NULL,             -- بحسب / وفقا لـ: attributed, not spoken
    PRIMARY KEY (article_id, start)
) WITHOUT ROWID;
CREATE INDEX quotes_entity ON quotes(entity_id);

CREATE TABLE time_expressions (
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,                   -- offsets into clean_text
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,                               -- YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www; NULL if unknown
    granularity TEXT NOT NULL,
    resolved INTEGER NOT NULL,
    partial TEXT,                             -- what is known when unresolved (e.g. --11-28)
    range_end TEXT,
    kind TEXT NOT NULL,
    PRIMARY KEY (article_id, start)
) WITHOUT ROWID;

CREATE TABLE extracted (                      -- articles the extraction stage has done
    article_id TEXT PRIMARY KEY,
    at TEXT NOT NULL
) WITHOUT ROWID;
