"""Arabic text handling shared by every stage: normalisation, tokens, stems, resources."""

from marsad.arabic.normalize import normalize, normalize_small, normalize_word
from marsad.arabic.tokens import stem_tokens, stems, stopwords, text_tokens, words

__all__ = ["normalize", "normalize_small", "normalize_word", "stem_tokens", "stems", "stopwords",
           "text_tokens", "words"]
