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

# Written after the threshold and word lists were chosen, and not tuned on: the fairer
# measure of how the check does on texts it has not seen.
HELD_OUT_EXISTING: dict[str, tuple[str, str]] = {
    "sv-dogs": ("sv", "En inhägnad hundrastgård nära Vättlefjäll så hundarna kan springa fritt"),
    "sv-stairs": ("sv", "Trappuppgången på Fjällnejlikan 5 är mörk, lampan har varit trasig länge"),
    "sv-youth": ("sv", "Fritidsgård för ungdomar på kvällarna, de har ingenstans att vara"),
    "sv-snow": ("sv", "Snöröjningen av gångvägarna kommer för sent på morgonen"),
    "en-toilets": ("en", "Public toilets near the allotment gardens would help the gardeners"),
    "en-bus": ("en", "The bus shelter at the ring road has broken glass everywhere"),
    "ar-women": ("ar", "نشاط رياضي للنساء في صالة الحي مرة في الأسبوع"),
    "so-market": ("so", "Suuq yar oo toddobaadle ah oo ka dhaca bartamaha xaafadda"),
    "fa-garden": ("fa", "باغچه‌های کوچک برای کاشت سبزی برای خانواده‌ها"),
    "bs-cameras": ("bs", "Bolja rasvjeta i čišćenje grafita na podvožnjaku kod tramvaja"),
    "fi-sauna": ("fi", "Yhteinen sauna asukkaille kerhohuoneen yhteyteen"),
}

HELD_OUT_QUERIES: list[tuple[str, str, set[str]]] = [
    ("sv", "Hundrastgård där hundar kan springa lösa", {"sv-dogs"}),
    ("sv", "Lampan i trappuppgången är trasig och det är mörkt", {"sv-stairs"}),
    ("sv", "En fritidsgård för ungdomarna på kvällstid", {"sv-youth"}),
    ("sv", "Snöröjning tidigare på morgonen på gångvägarna", {"sv-snow"}),
    ("sv", "Hundbajspåsar vid gångvägarna", set()),
    ("sv", "Läxhjälp för ungdomar efter skolan", set()),
    ("en", "Toilets by the allotments for the people gardening", {"en-toilets"}),
    ("en", "Broken glass in the bus shelter on the ring road", {"en-bus"}),
    ("en", "More buses on the ring road in the evening", set()),
    ("en", "Water taps at the allotment gardens", set()),
    ("ar", "رياضة للنساء في صالة الحي", {"ar-women"}),
    ("ar", "دروس سباحة للأطفال", set()),
    ("so", "Suuq toddobaadle ah bartamaha", {"so-market"}),
    ("so", "Dukaan cunto bartamaha xaafadda", set()),
    ("fa", "باغچه برای کاشت سبزی", {"fa-garden"}),
    ("fa", "کلاس آشپزی برای خانواده‌ها", set()),
    ("bs", "Očistiti grafite u podvožnjaku kod tramvaja", {"bs-cameras"}),
    ("bs", "Češći tramvaj noću", set()),
    ("fi", "Sauna asukkaille kerhohuoneelle", {"fi-sauna"}),
    ("fi", "Kerhohuoneeseen uudet tuolit", set()),
]
