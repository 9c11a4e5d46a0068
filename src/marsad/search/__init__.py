"""Arabic full-text search: the keys words are indexed under, the query language, snippets.

A word is indexed and searched under one key: normalised (`marsad.arabic.normalize`), its
leading clitics and article off (و ف ب ك ل ال, see `keys.strip_clitics`), then stemmed as
matching stems (Snowball Arabic). «السعودية», «سعودية», «بالسعودية» and «والسعوديه» have one
key. The SQL lives in `marsad.store.sqlite_search` (SQLite FTS5); this package imports neither
numpy nor the pipeline, so `marsad search` starts fast.
"""

from marsad.search.keys import index_keys, query_keys, word_key
from marsad.search.query import Query, count_query, parse_query
from marsad.search.results import Hit, SearchPage, Snippet

__all__ = ["Hit", "Query", "SearchPage", "Snippet", "count_query", "index_keys", "parse_query",
           "query_keys", "word_key"]
