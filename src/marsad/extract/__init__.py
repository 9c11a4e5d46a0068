"""Extraction of names, dates and quotes from article text.

`mentions(text)` finds the names (persons, organisations, places, others) in raw Arabic text;
`tag(tokens)` gives the BIO labels of one tokenised sentence, `tag_document(sentences)` those of
the sentences of one document (names found once are tagged where they recur). `find(articles)`
is the per-article part of the extraction stage (names, dates, quotes; linking to entities needs
the index shared by all articles and is done by `linking.link`).
"""

from __future__ import annotations

from marsad.extract.dates import find_dates
from marsad.extract.entities import mentions, tag, tag_document
from marsad.extract.known import complete
from marsad.extract.names import (
    homographs,
    name_key,
    read_homograph,
    skeleton,
    strip_titles,
    table,
)
from marsad.extract.quotes import find_quotes
from marsad.model import Article, EntityType, Findings, Mention

__all__ = ["find", "find_dates", "find_quotes", "findings", "mentions", "name_features", "names",
           "tag", "tag_document"]


def names(text: str) -> list[Mention]:
    """The names in `text`: the tagger's, completed with the names the tables know (Latin
    acronyms, organisation names the tagger cut short)."""
    return complete(text, mentions(text))


def name_features(text: str) -> list[str]:
    """The names of a short text (a title) as grouping features, one token per name, the same
    for the variants of a name without needing the store's index: a table entity's id
    (CSTO = منظمة معاهدة الأمن الجماعي), a person's family name (بوتين = الرئيس فلاديمير بوتين),
    else the name's spelling skeleton (كاراباخ = كاراباغ).

    >>> name_features("كوبيركين يستقبل بوتين في موسكو")
    ['@pers:كوبيركين', '@pers:putin', '@loc:capital-ru']
    """
    out = []
    for m in names(text):
        key = name_key(m.surface)
        if not key:
            continue
        if (canon := table().get(key)) is not None:
            if (readings_of := homographs().get(key)) is not None:
                canon = read_homograph(m.surface, readings_of).canon  # عمّان, not عُمان
            out.append(f"@{canon.id}")
            continue
        words = strip_titles(key.split())
        kind = m.type.value.lower()
        if m.type == EntityType.PERS:
            family = table().get(words[-1])
            if family is not None and family.type == EntityType.PERS:
                out.append(f"@{family.id}")
            else:
                out.append(f"@{kind}:{words[-1]}")
        else:
            out.append(f"@{kind}:{skeleton(' '.join(words)) or ' '.join(words)}")
    return out


def findings(article: Article) -> Findings:
    """Names of the title and the clean text, temporal expressions resolved against the
    article's publication date, and quotes, of one article (not yet linked to entities)."""
    text = article.clean_text
    found = names(text)
    published = article.published.date() if article.published else None
    return Findings(article.id, names(article.title) if article.title else [], found,
                    find_dates(text, published), find_quotes(text, found))


def find(articles: list[Article], _extra: list[None]
         ) -> tuple[list[Findings], list[tuple[str, str]]]:
    """`findings` of each article, in the shape the worker pool runs (pure), and (article id,
    reason) for each article that made extraction fail: it is set aside, the others go on."""
    found, failed = [], []
    for a in articles:
        try:
            found.append(findings(a))
        except Exception as exc:  # deliberate: one article must not block every later run
            failed.append((a.id, f"{type(exc).__name__}: {str(exc)[:200]}"))
    return found, failed
