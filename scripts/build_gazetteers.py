"""Build `src/marsad/extract/data/countries.json` from CLDR (through babel) plus hand-kept variants.

CLDR gives the Arabic name of every territory and the Arabic names of time-zone cities, which
cover most capitals; what CLDR lacks (common short names, spelling variants, demonyms, capitals
that name no time zone) is kept in the tables below. babel is needed only here, not at run time:

    .venv/bin/pip install -e '.[dev]' && .venv/bin/python scripts/build_gazetteers.py
"""

from __future__ import annotations

import json
from pathlib import Path

import babel
from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "src" / "marsad" / "extract" / "data" / "countries.json"

# CLDR territory codes that are not countries or territories (regions, groupings, unknown).
_SKIP = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

# Capitals as CLDR time-zone ids: the zone's Arabic exemplar city is the capital's name.
CAPITAL_ZONES = {
    "AM": "Asia/Yerevan", "RU": "Europe/Moscow", "SA": "Asia/Riyadh", "AZ": "Asia/Baku",
    "IR": "Asia/Tehran", "IQ": "Asia/Baghdad", "EG": "Africa/Cairo", "SY": "Asia/Damascus",
    "LB": "Asia/Beirut", "JO": "Asia/Amman", "OM": "Asia/Muscat", "SD": "Africa/Khartoum",
    "LY": "Africa/Tripoli", "MR": "Africa/Nouakchott", "UA": "Europe/Kiev", "FR": "Europe/Paris",
    "GB": "Europe/London", "DE": "Europe/Berlin", "JP": "Asia/Tokyo", "AF": "Asia/Kabul",
    "GE": "Asia/Tbilisi", "BY": "Europe/Minsk", "UZ": "Asia/Tashkent", "TJ": "Asia/Dushanbe",
    "KG": "Asia/Bishkek", "IT": "Europe/Rome", "ES": "Europe/Madrid", "PL": "Europe/Warsaw",
    "KR": "Asia/Seoul", "KP": "Asia/Pyongyang", "ET": "Africa/Addis_Ababa",
    "SO": "Africa/Mogadishu", "GR": "Europe/Athens", "KE": "Africa/Nairobi", "ID": "Asia/Jakarta",
    "AT": "Europe/Vienna", "BD": "Asia/Dhaka", "PH": "Asia/Manila", "TH": "Asia/Bangkok",
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "MD": "Europe/Chisinau",
    "RO": "Europe/Bucharest", "RS": "Europe/Belgrade", "HU": "Europe/Budapest",
    "CZ": "Europe/Prague", "BE": "Europe/Brussels", "NL": "Europe/Amsterdam",
    "PT": "Europe/Lisbon", "IE": "Europe/Dublin", "FI": "Europe/Helsinki",
    "DK": "Europe/Copenhagen", "BG": "Europe/Sofia", "TM": "Asia/Ashgabat", "CY": "Asia/Nicosia",
    "SN": "Africa/Dakar", "ML": "Africa/Bamako", "NE": "Africa/Niamey", "TD": "Africa/Ndjamena",
    "SS": "Africa/Juba", "CU": "America/Havana", "VE": "America/Caracas",
    "MX": "America/Mexico_City", "CO": "America/Bogota", "PE": "America/Lima",
    "CL": "America/Santiago", "YE": "Asia/Aden",
}

# Capitals whose city names no time zone (or whose zone city is not the capital).
CAPITALS = {
    "US": ["واشنطن"], "AE": ["أبوظبي", "أبو ظبي"], "TR": ["أنقرة"], "IN": ["نيودلهي", "نيو دلهي"],
    "CN": ["بكين", "بيجين"], "PK": ["إسلام آباد", "إسلام أباد"], "QA": ["الدوحة"],
    "KZ": ["أستانا", "آستانا"], "MA": ["الرباط"], "VN": ["هانوي"], "BH": ["المنامة"],
    "CA": ["أوتاوا"], "AU": ["كانبيرا"], "BR": ["برازيليا"], "NG": ["أبوجا"],
    "AR": ["بوينس آيرس"], "CH": ["برن"], "NP": ["كاتماندو"], "DZ": ["مدينة الجزائر"],
    "TN": ["مدينة تونس"], "KW": ["مدينة الكويت"], "LB": ["بيروت"], "UA": ["كييف", "كيف"],
}

# Common names and spellings that CLDR does not give.
VARIANTS = {
    "RU": ["روسيا الاتحادية", "الاتحاد الروسي"],
    "US": ["الولايات المتحدة الأمريكية", "الولايات المتحدة الأميركية", "أمريكا", "أميركا"],
    "SA": ["السعودية", "المملكة السعودية"], "AE": ["الإمارات", "دولة الإمارات"],
    "GB": ["بريطانيا", "المملكة المتحدة", "بريطانيا العظمى"], "PS": ["فلسطين", "دولة فلسطين"],
    "IR": ["الجمهورية الإسلامية الإيرانية"], "SY": ["سوريا", "سورية"],
    "CN": ["الصين الشعبية", "جمهورية الصين الشعبية"], "AM": ["أرمينية", "جمهورية أرمينيا"],
    "AZ": ["جمهورية أذربيجان"], "KZ": ["قازاقستان"], "KG": ["قرغيزستان", "قيرقيزستان"],
    "TJ": ["تاجيكستان"], "OM": ["سلطنة عمان"], "BY": ["روسيا البيضاء"], "MD": ["مولدافيا"],
    "KP": ["كوريا الشمالية"], "KR": ["كوريا الجنوبية"], "UA": ["أوكرانيا"], "TR": ["تركيا"],
    "CZ": ["التشيك"], "NL": ["هولندا"], "EG": ["جمهورية مصر العربية"], "MA": ["المملكة المغربية"],
    "JO": ["المملكة الأردنية الهاشمية"], "QA": ["دولة قطر"], "KW": ["دولة الكويت"],
    "IQ": ["جمهورية العراق"], "LY": ["دولة ليبيا"], "YE": ["الجمهورية اليمنية"],
    "VA": ["الفاتيكان"], "CD": ["الكونغو الديمقراطية"], "MM": ["ميانمار", "بورما"],
}

# Masculine adjective of nationality (without the article); feminine and definite forms follow.
DEMONYMS = {
    "RU": ["روسي"], "AM": ["أرميني", "أرمني"], "AZ": ["أذربيجاني", "أذري"], "US": ["أمريكي", "أميركي"],
    "UA": ["أوكراني"], "TR": ["تركي"], "IR": ["إيراني"], "CN": ["صيني"], "FR": ["فرنسي"],
    "GB": ["بريطاني"], "DE": ["ألماني"], "SA": ["سعودي"], "AE": ["إماراتي"], "EG": ["مصري"],
    "SY": ["سوري"], "IQ": ["عراقي"], "LB": ["لبناني"], "JO": ["أردني"], "QA": ["قطري"],
    "KW": ["كويتي"], "BH": ["بحريني"], "OM": ["عماني"], "YE": ["يمني"], "PS": ["فلسطيني"],
    "IL": ["إسرائيلي"], "SD": ["سوداني"], "LY": ["ليبي"], "TN": ["تونسي"], "DZ": ["جزائري"],
    "MA": ["مغربي"], "MR": ["موريتاني"], "GE": ["جورجي"], "KZ": ["كازاخستاني", "كازاخي"],
    "BY": ["بيلاروسي"], "IN": ["هندي"], "PK": ["باكستاني"], "AF": ["أفغاني"], "JP": ["ياباني"],
    "IT": ["إيطالي"], "ES": ["إسباني"], "PL": ["بولندي"], "KP": ["كوري شمالي"],
    "KR": ["كوري جنوبي"], "SO": ["صومالي"], "ET": ["إثيوبي"], "CA": ["كندي"],
}


def demonym_forms(base: str) -> list[str]:
    """روسي -> روسي, روسية, الروسي, الروسية (both words of a two-word adjective take them)."""
    parts = base.split()
    fem = " ".join(p + "ة" for p in parts)
    definite = " ".join("ال" + p for p in parts)
    definite_fem = " ".join("ال" + p + "ة" for p in parts)
    return [base, fem, definite, definite_fem]


def capitals(locale: Locale, code: str) -> list[str]:
    """The capital's Arabic names: the CLDR zone city first, then the hand-kept ones."""
    names: list[str] = []
    zone = CAPITAL_ZONES.get(code)
    if zone and (city := locale.time_zones.get(zone, {}).get("city")):
        names.append(city)
    for name in CAPITALS.get(code, []):
        if name not in names:
            names.append(name)
    return names


def build() -> dict[str, object]:
    """The gazetteer: one record per CLDR territory with a two-letter code."""
    ar = Locale("ar")
    records = []
    for code, name in sorted(ar.territories.items()):
        if not (len(code) == 2 and code.isalpha()) or code in _SKIP:
            continue
        variants = [v for v in VARIANTS.get(code, []) if v != name]
        demonyms = [f for base in DEMONYMS.get(code, []) for f in demonym_forms(base)]
        records.append({"code": code, "name": name, "variants": variants,
                        "capitals": capitals(ar, code), "demonyms": demonyms})
    return {
        "_doc": "Arabic names of countries and territories (CLDR via babel, plus hand-kept variants), "
                "their capitals and nationality adjectives. Built by scripts/build_gazetteers.py; "
                "do not edit by hand. Names, capitals and demonyms are separate entities.",
        "_source": f"CLDR via babel {babel.__version__}",
        "countries": records,
    }


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
