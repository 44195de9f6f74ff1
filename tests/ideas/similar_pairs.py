"""Ideas residents might write, in several languages, and which of them mean the same.

EXISTING are ideas already shared; each of QUERIES is a new text with the keys of the
existing ideas a resident would call the same idea (an empty set: none). Many queries
share places and everyday words with an idea that asks for something else ("more lights
at the playground" is not "more benches at the playground"): offering those is the
false offer the check must avoid. tests/ideas/test_similar_pairs.py measures on these.
"""

from __future__ import annotations

EXISTING: dict[str, tuple[str, str]] = {
    # key: (language, text)
    "sv-benches": (
        "sv",
        "Fler bänkar vid lekplatsen i parken, föräldrarna har ingenstans att sitta",
    ),
    "sv-light": ("sv", "Bättre belysning på gångvägen mellan Fjällkåpan och busshållplatsen"),
    "sv-bins": ("sv", "Fler papperskorgar runt fotbollsplanen, det ligger skräp överallt"),
    "sv-grill": ("sv", "En grillplats i parken där grannar kan träffas på sommaren"),
    "sv-laundry": ("sv", "Längre öppettider i tvättstugan på helgerna"),
    "sv-bikes": ("sv", "Låsbara cykelställ vid porten på Fjällsippan"),
    "sv-garden": ("sv", "Odlingslådor för barnfamiljer bredvid odlingslotterna"),
    "en-benches": ("en", "More benches around the playground in the central park please"),
    "en-light": ("en", "The footpath to the tram is very dark at night, it needs street lights"),
    "en-football": ("en", "A football pitch with goals for the teenagers"),
    "en-market": ("en", "A small weekend market in the centre so it is not so empty"),
    "ar-benches": ("ar", "نريد مقاعد أكثر بالقرب من ملعب الأطفال في الحديقة"),
    "ar-light": ("ar", "الطريق إلى موقف الحافلات مظلم جدا في الليل ويحتاج إلى إضاءة"),
    "ar-club": ("ar", "نادي للشباب في المساء مع أنشطة رياضية"),
    "so-benches": ("so", "Kuraas badan oo la dhigo garoonka carruurta ee beerta"),
    "so-light": ("so", "Waddada basaska waa mugdi habeenkii, iftiin ayaa loo baahan yahay"),
    "so-homework": ("so", "Caawimaad casharrada guriga ee carruurta dugsiga"),
    "fa-benches": ("fa", "نیمکت بیشتر در کنار زمین بازی کودکان در پارک"),
    "fa-light": ("fa", "مسیر پیاده‌روی به ایستگاه اتوبوس در شب تاریک است و چراغ لازم دارد"),
    "bs-benches": ("bs", "Više klupa pored igrališta za djecu u parku"),
    "bs-light": ("bs", "Staza do autobuske stanice je mračna noću, treba rasvjeta"),
    "fi-benches": ("fi", "Lisää penkkejä leikkipuiston lähelle puistoon"),
    "fi-light": ("fi", "Kävelytie bussipysäkille on pimeä illalla, tarvitaan valaistusta"),
}

QUERIES: list[tuple[str, str, set[str]]] = [
    # Swedish: other word forms, other words for the same thing.
    ("sv", "Vi behöver fler bänkar vid lekplatsen", {"sv-benches"}),
    ("sv", "Sittplatser vid lekplatserna i parken", {"sv-benches"}),
    ("sv", "Parksoffor nära lekplatsen tack", {"sv-benches"}),
    ("sv", "Mer ljus på gångvägen till busshållplatsen", {"sv-light"}),
    ("sv", "Lampor längs gångvägen vid busshållplatsen, det är mörkt", {"sv-light"}),
    ("sv", "Soptunnor vid fotbollsplanen, så mycket skräp", {"sv-bins"}),
    ("sv", "Grillplatser i parken för grannarna", {"sv-grill"}),
    ("sv", "Tvättstugan borde vara öppen längre på helgen", {"sv-laundry"}),
    ("sv", "Cykelställ med lås vid portarna", {"sv-bikes"}),
    # Swedish: the same places, another wish.
    ("sv", "Bättre belysning vid lekplatsen i parken", set()),
    ("sv", "En fotbollsplan för ungdomar", set()),
    ("sv", "Städdag i parken med grannarna", set()),
    ("sv", "Fler träd och blommor vid busshållplatsen", set()),
    ("sv", "Hundrastgård bredvid odlingslotterna", set()),
    ("sv", "Snöröjning av gångvägen på vintern", set()),
    # English.
    ("en", "We need more benches at the playground in the park", {"en-benches"}),
    ("en", "Seating near the playgrounds, please", {"en-benches"}),
    ("en", "Streetlights on the dark footpath to the tram", {"en-light"}),
    ("en", "Lamps along the path to the tram stop, it is so dark at night", {"en-light"}),
    ("en", "Goals and a football pitch for teenagers", {"en-football"}),
    ("en", "A weekend market in the empty centre", {"en-market"}),
    ("en", "More lights at the playground in the park", set()),
    ("en", "A basketball court for the teenagers", set()),
    ("en", "Flowers and trees in the central park", set()),
    ("en", "A café in the centre for older residents", set()),
    ("en", "The tram should run more often at night", set()),
    # Arabic.
    ("ar", "المزيد من المقاعد في ملعب الأطفال", {"ar-benches"}),
    ("ar", "كراسي بالقرب من ملعب الأطفال في الحديقة", {"ar-benches"}),
    ("ar", "نحتاج إنارة في الطريق إلى موقف الحافلات في الليل", {"ar-light"}),
    ("ar", "نادي رياضي للشباب في المساء", {"ar-club"}),
    ("ar", "إضاءة أفضل في ملعب الأطفال", set()),
    ("ar", "تنظيف الحديقة من القمامة", set()),
    # Somali.
    ("so", "Kuraas garoonka carruurta", {"so-benches"}),
    ("so", "Iftiin waddada basaska habeenkii", {"so-light"}),
    ("so", "Caawimaad casharrada guriga", {"so-homework"}),
    ("so", "Iftiin garoonka carruurta", set()),
    ("so", "Nadiifinta beerta", set()),
    # Persian.
    ("fa", "نیمکت‌ها کنار زمین بازی کودکان", {"fa-benches"}),
    ("fa", "چراغ برای مسیر ایستگاه اتوبوس در شب", {"fa-light"}),
    ("fa", "چراغ بیشتر در زمین بازی کودکان", set()),
    # Bosnian.
    ("bs", "Klupe kod dječijeg igrališta u parku", {"bs-benches"}),
    ("bs", "Rasvjeta na stazi do autobuske stanice", {"bs-light"}),
    ("bs", "Rasvjeta kod igrališta za djecu", set()),
    # Finnish.
    ("fi", "Penkit leikkipuistoon", {"fi-benches"}),
    ("fi", "Valoja kävelytielle bussipysäkille", {"fi-light"}),
    ("fi", "Valaistusta leikkipuistoon", set()),
]
