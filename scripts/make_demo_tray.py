#!/usr/bin/env python3
"""Generate the bundled demo tray ``offline_cache/demo-tray.json`` (example data for Kainuu).

Deterministic: a seeded ``random.Random`` and a fixed ``generated`` timestamp, no clock — running it twice
gives byte-identical output. All organisations, addresses, phone numbers and links are fictional and
visibly marked as example data ("(esimerkki)", "Esimerkkitieto.", ``esimerkki.example``); nationwide
services (helplines) carry no phone numbers at all, so that nobody calls a made-up number from a demo screen.

    python scripts/make_demo_tray.py [--out PATH] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kiosk.model import Location, OpeningRule, Organisation, Phone, TrayItem, WebLink  # noqa: E402
from kiosk.serialize import to_dict  # noqa: E402

DEFAULT_OUT = ROOT / "offline_cache" / "demo-tray.json"
SEED = 2026
GENERATED = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
MARK = {"fi": "Esimerkkitieto.", "sv": "Exempeldata.", "en": "Example data."}
EXAMPLE = {"fi": "(esimerkki)", "sv": "(exempel)", "en": "(example)"}


@dataclass(frozen=True)
class Muni:
    code: str
    fi: str
    sv: str
    gen: str  # Finnish genitive: "Kajaanin"
    kind: str  # "kaupunki" | "kunta"
    postal: str
    easting: float
    northing: float


# Town centres in EPSG:3067 (converted from WGS84 town-centre coordinates, rounded to 100 m).
MUNICIPALITIES: tuple[Muni, ...] = (
    Muni("205", "Kajaani", "Kajana", "Kajaanin", "kaupunki", "87100", 535_300, 7_122_500),
    Muni("765", "Sotkamo", "Sotkamo", "Sotkamon", "kunta", "88600", 567_700, 7_112_400),
    Muni("290", "Kuhmo", "Kuhmo", "Kuhmon", "kaupunki", "88900", 622_600, 7_113_400),
    Muni("777", "Suomussalmi", "Suomussalmi", "Suomussalmen", "kunta", "89600", 590_400, 7_197_200),
    Muni("105", "Hyrynsalmi", "Hyrynsalmi", "Hyrynsalmen", "kunta", "89400", 571_200, 7_173_200),
    Muni("620", "Puolanka", "Puolanka", "Puolangan", "kunta", "89200", 531_800, 7_194_000),
    Muni("578", "Paltamo", "Paltamo", "Paltamon", "kunta", "88300", 540_200, 7_142_700),
    Muni("697", "Ristijärvi", "Ristijärvi", "Ristijärven", "kunta", "88400", 558_400, 7_153_900),
)

STREETS = (
    "Kirkkotie",
    "Koulutie",
    "Urheilutie",
    "Terveystie",
    "Kirjastontie",
    "Rantatie",
    "Asematie",
    "Torikatu",
    "Myllytie",
    "Puistotie",
    "Keskustie",
    "Opintie",
    "Kalliotie",
    "Pohjolantie",
    "Harjutie",
    "Kotikatu",
)

# Venues: key → names (fi, sv, en). Each municipality gets each venue once, at a fixed fictional address.
VENUES: dict[str, tuple[str, str, str]] = {
    "library": ("Kirjasto", "Biblioteket", "Library"),
    "sportshall": ("Liikuntahalli", "Idrottshallen", "Sports hall"),
    "pool": ("Uimahalli", "Simhallen", "Swimming hall"),
    "health": ("Terveysasema", "Hälsostationen", "Health centre"),
    "ngo": ("Järjestötalo", "Föreningshuset", "NGO house"),
    "school": ("Kansalaisopisto", "Medborgarinstitutet", "Adult education centre"),
    "senior": ("Palvelukeskus", "Servicecentralen", "Service centre"),
    "outdoor": ("Kuntorata ja laavu", "Motionsbanan och vindskyddet", "Fitness trail and lean-to"),
    "social": ("Sosiaalipalvelut", "Socialtjänsten", "Social services"),
    "work": ("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
    "church": ("Seurakuntatalo", "Församlingshemmet", "Parish hall"),
    "beach": ("Uimaranta ja sauna", "Badstranden och bastun", "Beach and sauna"),
}

ACCESS_NOTES = (
    (
        "Esteetön sisäänkäynti, hissi ja invapysäköinti.",
        "Tillgänglig ingång, hiss och parkering för rörelsehindrade.",
        "Step-free entrance, lift and accessible parking.",
    ),
    (
        "Sisäänkäynnillä luiska. Induktiosilmukka salissa.",
        "Ramp vid ingången. Hörslinga i salen.",
        "Ramp at the entrance. Hearing loop in the hall.",
    ),
    (
        "Sisäänkäynnillä kolme porrasta, ei hissiä.",
        "Tre trappsteg vid ingången, ingen hiss.",
        "Three steps at the entrance, no lift.",
    ),
    (
        "Esteetön wc. Avustajakoira tervetullut.",
        "Tillgänglig toalett. Assistanshund välkommen.",
        "Accessible toilet. Assistance dogs welcome.",
    ),
)

# fmt: off
# Content area → (default PTV service classes, NGO name pattern fi/sv/en with {muni} / {gen}).
AREAS: dict[str, tuple[tuple[str, ...], tuple[str, str, str]]] = {
    "sports": (("P27.1",), ("{gen} Liikuntaseura ry", "{sv} idrottsförening rf", "{en} Sports Club")),
    "culture": (("P25.1", "P25.2", "P25.3", "P25.5"), ("{gen} Kulttuuriyhdistys ry", "{sv} kulturförening rf", "{en} Culture Society")),
    "nature": (("P27.2",), ("{gen} Retkeilijät ry", "{sv} friluftsförening rf", "{en} Hiking Club")),
    "lifestyle": (("P5.17",), ("{gen} Sydänyhdistys ry", "{sv} hjärtförening rf", "{en} Heart Association")),
    "nutrition": (("P5.20",), ("{gen} Ruoka-apu ry", "{sv} mathjälp rf", "{en} Food Aid")),
    "mental": (("P5.7",), ("{gen} Mielenterveysseura ry", "{sv} förening för psykisk hälsa rf", "{en} Mental Health Society")),
    "substances": (("P5.7",), ("{gen} A-kilta ry", "{sv} A-gille rf", "{en} A-Guild")),
    "contact": (("P5.1", "P4.13"), ("{gen} Potilasyhdistys ry", "{sv} patientförening rf", "{en} Patients' Association")),
    "income": (("P15.1", "P4.10"), ("{gen} Talousapu ry", "{sv} ekonomihjälp rf", "{en} Money Help")),
    "participation": (("P8.4", "P4.12"), ("{gen} Kyläyhdistys ry", "{sv} byaförening rf", "{en} Village Association")),
    "work": (("P10.4", "P10.7"), ("{gen} Työttömät ry", "{sv} arbetslösa rf", "{en} Unemployed Association")),
    "integration": (("P4.11", "P22.3"), ("{gen} Monikulttuurinen yhdistys ry", "{sv} mångkulturella förening rf", "{en} Multicultural Society")),
    "selfcare": (("P5.11",), ("{gen} Diabetesyhdistys ry", "{sv} diabetesförening rf", "{en} Diabetes Association")),
    "everyday": (("P9.4", "P4.2"), ("{gen} Vapaaehtoiset ry", "{sv} frivilliga rf", "{en} Volunteers")),
}
# fmt: on


@dataclass(frozen=True)
class T:
    """One kind of service or activity, instantiated in a few municipalities."""

    area: str
    fi: str
    sv: str
    en: str
    sfi: str
    ssv: str
    sen: str
    org: str = "ngo"  # county | municipality | ngo
    venue: str = "ngo"
    n: int = 3  # how many municipalities offer it
    cost: str = "free"  # free | charged | mixed | unknown
    hours: str = "group"  # group | office | open | none
    extra: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ("KR1",)
    programmes: tuple[str, ...] = ()
    online: bool = False
    event: bool = False
    langs: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    charge: int = -1  # index into CHARGE_INFO; -1 = by programme


# fmt: off
SENIORS = ("KR1", "KR1.1")
TEMPLATES: tuple[T, ...] = (
    # --- sports
    T("sports", "Ikäihmisten kuntosali", "Gym för seniorer", "Gym for older adults",
      "Ohjattu kuntosalivuoro ikäihmisille. Ohjaaja neuvoo laitteiden käytössä.",
      "Handledd gymtur för seniorer. Handledaren visar hur apparaterna används.",
      "A guided gym session for older adults. The instructor shows how to use the machines.",
      org="municipality", venue="sportshall", n=6, cost="mixed", groups=SENIORS, programmes=("liikuntalahete",),
      keywords=("kuntosali", "voimaharjoittelu")),
    T("sports", "Tuolijumppa", "Stolgymnastik", "Chair exercise",
      "Kevyttä jumppaa tuolilla istuen. Sopii myös, jos liikkuminen on vaikeaa.",
      "Lätt gymnastik sittande på en stol. Passar också om det är svårt att röra sig.",
      "Light exercise sitting on a chair. Suits you even if moving is difficult.",
      venue="senior", n=5, groups=SENIORS),
    T("sports", "Vesijumppa", "Vattengymnastik", "Water exercise",
      "Vesijumppaa lämpimässä vedessä. Vesi kannattelee ja liikkuminen on helppoa.",
      "Vattengymnastik i varmt vatten. Vattnet bär och det är lätt att röra sig.",
      "Exercise in warm water. The water supports you and moving is easy.",
      org="municipality", venue="pool", n=3, cost="charged", programmes=("kaikukortti", "liikuntalahete")),
    T("sports", "Liikuntaneuvonta", "Motionsrådgivning", "Exercise counselling",
      "Liikuntaneuvoja auttaa löytämään sinulle sopivan tavan liikkua.",
      "Motionsrådgivaren hjälper dig att hitta ett sätt att röra på dig som passar dig.",
      "An exercise adviser helps you find a way to be active that suits you.",
      org="municipality", venue="sportshall", n=5, hours="office", classes=("P27.1", "P5.17"),
      extra=("lifestyle",), programmes=("liikuntalahete",)),
    T("sports", "Sauvakävelyryhmä", "Stavgångsgrupp", "Nordic walking group",
      "Kävellään yhdessä sauvojen kanssa noin tunnin lenkki. Sauvoja voi lainata.",
      "Vi går en runda på cirka en timme med stavar. Du kan låna stavar.",
      "We walk together with poles for about an hour. You can borrow poles.",
      venue="outdoor", n=4, extra=("nature",)),
    T("sports", "Miesten kuntopiiri", "Konditionscirkel för män", "Circuit training for men",
      "Rento kuntopiiri miehille. Ei tarvitse olla hyvässä kunnossa.",
      "Avslappnad konditionscirkel för män. Du behöver inte vara i god form.",
      "Relaxed circuit training for men. You don't need to be fit.",
      venue="sportshall", n=3, cost="mixed"),
    T("sports", "Tasapainoryhmä", "Balansgrupp", "Balance group",
      "Harjoitellaan tasapainoa ja ehkäistään kaatumisia.",
      "Vi tränar balans och förebygger fall.",
      "Practise balance and prevent falls.",
      org="county", venue="health", n=3, groups=SENIORS, programmes=("liikuntalahete",)),
    # --- culture
    T("culture", "{gen} kirjaston lukupiiri", "Läsecirkel på {sv} bibliotek", "{en} library reading circle",
      "Luetaan sama kirja ja jutellaan siitä yhdessä kerran kuussa.",
      "Vi läser samma bok och pratar om den tillsammans en gång i månaden.",
      "We read the same book and talk about it together once a month.",
      org="municipality", venue="library", n=6, classes=("P25.2",), extra=("participation",)),
    T("culture", "Yhteislaulutilaisuus", "Allsång", "Community singing",
      "Lauletaan tuttuja lauluja yhdessä. Sanat näkyvät valkokankaalla.",
      "Vi sjunger kända sånger tillsammans. Orden visas på duken.",
      "We sing familiar songs together. The words are shown on screen.",
      venue="church", n=4, classes=("P25.3",), programmes=("kulttuurilahete",)),
    T("culture", "Kuvataidepiiri aikuisille", "Bildkonstcirkel för vuxna", "Art circle for adults",
      "Maalataan ja piirretään omaan tahtiin. Välineet saa lainaksi.",
      "Vi målar och tecknar i egen takt. Du får låna material.",
      "Paint and draw at your own pace. Materials can be borrowed.",
      venue="school", n=4, cost="charged", classes=("P25.5",), programmes=("kaikukortti", "kulttuurilahete")),
    T("culture", "Museon maksuton tiistai", "Avgiftsfri tisdag på museet", "Free Tuesday at the museum",
      "Museoon on vapaa pääsy tiistaisin. Opastus kello 14.",
      "Fritt inträde till museet på tisdagar. Guidning klockan 14.",
      "Free entry to the museum on Tuesdays. Guided tour at 2 pm.",
      org="municipality", venue="library", n=2, hours="open", classes=("P25.1",), programmes=("kaikukortti",)),
    T("culture", "Kirjaston runoilta", "Poesikväll på biblioteket", "Poetry evening at the library",
      "Kuunnellaan runoja ja luetaan omia tekstejä, jos haluaa.",
      "Vi lyssnar på dikter och läser egna texter om man vill.",
      "Listen to poems and read your own texts if you like.",
      org="municipality", venue="library", n=3, event=True, classes=("P25.2",)),
    T("culture", "Ikäihmisten tanssiaiset", "Dans för seniorer", "Dance afternoon for older adults",
      "Elävää musiikkia ja tanssia iltapäivällä. Kahvio on auki.",
      "Levande musik och dans på eftermiddagen. Kaféet är öppet.",
      "Live music and dancing in the afternoon. The café is open.",
      venue="ngo", n=3, event=True, cost="charged", groups=SENIORS, classes=("P25.3",), programmes=("kaikukortti",)),
    T("culture", "Käsityökahvila", "Handarbetskafé", "Crafts café",
      "Neulotaan, virkataan ja jutellaan. Ota oma työ mukaan.",
      "Vi stickar, virkar och pratar. Ta med ditt eget handarbete.",
      "Knit, crochet and chat. Bring your own work.",
      venue="library", n=4, classes=("P25.5",), extra=("participation",)),
    # --- nature
    T("nature", "Avanto-uinti", "Vinterbad", "Ice swimming",
      "Avanto ja lämmin pukuhuone talvikaudella. Uimaan vain toisen kanssa.",
      "Vak och varmt omklädningsrum under vintern. Bada aldrig ensam.",
      "An ice hole and a warm changing room in winter. Never swim alone.",
      venue="beach", n=4, cost="mixed", hours="open", extra=("sports",)),
    T("nature", "Opastettu luontoretki", "Guidad naturutflykt", "Guided nature walk",
      "Retkeillään lähimetsässä oppaan kanssa. Matka on helppokulkuinen.",
      "Vi gör en utflykt i skogen med en guide. Vägen är lättframkomlig.",
      "A guided walk in the nearby forest. The path is easy to walk.",
      venue="outdoor", n=4, event=True),
    T("nature", "Marjaretki ikäihmisille", "Bärutflykt för seniorer", "Berry-picking trip for older adults",
      "Lähdetään yhdessä marjaan. Kyyti järjestetään.",
      "Vi åker och plockar bär tillsammans. Skjuts ordnas.",
      "We go berry picking together. Transport is arranged.",
      venue="senior", n=3, groups=SENIORS, extra=("participation",)),
    T("nature", "Laavuretki ja makkaranpaisto", "Utflykt till vindskyddet", "Lean-to trip and campfire",
      "Kävellään laavulle, paistetaan makkaraa ja jutellaan.",
      "Vi går till vindskyddet, grillar korv och pratar.",
      "Walk to the lean-to, grill sausages and chat.",
      venue="outdoor", n=4),
    T("nature", "Luontoliikuntaa mielelle", "Naturmotion för sinnet", "Nature walks for the mind",
      "Rauhallisia kävelyjä metsässä. Hengitetään ja pysähdytään.",
      "Lugna promenader i skogen. Vi andas och stannar upp.",
      "Calm walks in the forest. We breathe and pause.",
      venue="outdoor", n=3, extra=("mental",), programmes=("hyvinvointilahete",)),
    # --- lifestyle
    T("lifestyle", "Terveystarkastus ja elintapaneuvonta", "Hälsokontroll och rådgivning om levnadsvanor", "Health check and lifestyle advice",
      "Terveydenhoitaja mittaa verenpaineen ja juttelee kanssasi elintavoista.",
      "Hälsovårdaren mäter blodtrycket och pratar med dig om levnadsvanor.",
      "A public health nurse checks your blood pressure and talks about your habits.",
      org="county", venue="health", n=6, hours="office"),
    T("lifestyle", "Uniryhmä", "Sömngrupp", "Sleep group",
      "Opitaan keinoja parempaan uneen. Kuusi tapaamista.",
      "Vi lär oss sätt att sova bättre. Sex träffar.",
      "Learn ways to sleep better. Six meetings.",
      org="county", venue="health", n=3),
    T("lifestyle", "Tupakasta vieroituksen ryhmä", "Grupp för att sluta röka", "Stop-smoking group",
      "Tukea tupakoinnin tai nuuskan lopettamiseen ryhmässä.",
      "Stöd i grupp för att sluta röka eller snusa.",
      "Group support for quitting smoking or snus.",
      org="county", venue="health", n=3, extra=("substances",)),
    T("lifestyle", "Sydänyhdistyksen terveysilta", "Hälsokväll med hjärtföreningen", "Heart health evening",
      "Asiantuntija kertoo sydämen terveydestä. Kysy rohkeasti.",
      "En sakkunnig berättar om hjärthälsa. Ställ gärna frågor.",
      "An expert talks about heart health. Feel free to ask.",
      venue="ngo", n=4, event=True),
    T("lifestyle", "Hyvinvointineuvola työikäisille", "Välmåenderådgivning för personer i arbetsför ålder", "Wellbeing clinic for working-age adults",
      "Maksuton käynti terveydenhoitajalla, jos et ole työterveyshuollon piirissä.",
      "Avgiftsfritt besök hos hälsovårdaren om du inte har företagshälsovård.",
      "A free visit to a nurse if you have no occupational health care.",
      org="county", venue="health", n=3, hours="office", extra=("work",)),
    # --- nutrition
    T("nutrition", "Ruokakassi-jako", "Utdelning av matkassar", "Food bag distribution",
      "Ruoka-apua kerran viikossa. Ota oma kassi mukaan.",
      "Mathjälp en gång i veckan. Ta med en egen kasse.",
      "Food aid once a week. Bring your own bag.",
      venue="church", n=6, extra=("income",), programmes=("kaikukortti",)),
    T("nutrition", "Yhteisruokailu", "Gemensam måltid", "Community meal",
      "Edullinen lounas yhdessä muiden kanssa arkipäivisin.",
      "Förmånlig lunch tillsammans med andra på vardagar.",
      "An affordable lunch with others on weekdays.",
      venue="ngo", n=4, cost="charged", hours="open", extra=("participation",), charge=2),
    T("nutrition", "Ravitsemusneuvonta", "Näringsrådgivning", "Nutrition counselling",
      "Ravitsemusterapeutti neuvoo ruokavaliossa. Varaa aika puhelimella.",
      "Näringsterapeuten ger råd om kosten. Boka tid per telefon.",
      "A dietitian advises on your diet. Book a time by phone.",
      org="county", venue="health", n=3, hours="office", extra=("lifestyle",)),
    T("nutrition", "Miesten kokkikerho", "Matlagningsklubb för män", "Cooking club for men",
      "Opetellaan tekemään arkiruokaa yhdessä ja syödään yhdessä.",
      "Vi lär oss laga vardagsmat och äter tillsammans.",
      "Learn to cook everyday meals together, then eat together.",
      venue="school", n=3, cost="charged", extra=("everyday",)),
    T("nutrition", "Kaupan hävikkiruoan jako", "Utdelning av överbliven mat", "Surplus food sharing",
      "Kauppojen ylijäämäruokaa jaetaan ilmaiseksi.",
      "Butikernas överblivna mat delas ut gratis.",
      "Surplus food from shops is given out for free.",
      venue="ngo", n=3),
    # --- mental
    T("mental", "Mielenterveysseuran keskusteluryhmä", "Samtalsgrupp", "Conversation group",
      "Vertaisryhmä, jossa voi puhua omista asioista luottamuksellisesti.",
      "En kamratgrupp där du kan prata om dina egna saker i förtroende.",
      "A peer group where you can talk about your own things in confidence.",
      venue="ngo", n=5, programmes=("hyvinvointilahete",)),
    T("mental", "Mielenterveyden vastaanotto ilman ajanvarausta", "Mottagning utan tidsbokning för psykisk hälsa", "Walk-in mental health clinic",
      "Voit tulla juttelemaan ilman ajanvarausta ja ilman lähetettä.",
      "Du kan komma och prata utan tidsbokning och utan remiss.",
      "Come and talk without an appointment or referral.",
      org="county", venue="health", n=5, hours="office", extra=("contact",)),
    T("mental", "Vertaistukiryhmä omaishoitajille", "Kamratstöd för närståendevårdare", "Peer support for family carers",
      "Omaishoitajat jakavat kokemuksia ja saavat tukea toisiltaan.",
      "Närståendevårdare delar erfarenheter och stöder varandra.",
      "Family carers share experiences and support each other.",
      venue="ngo", n=4, extra=("everyday",)),
    T("mental", "Surutyön ryhmä", "Sorgegrupp", "Grief support group",
      "Ryhmä läheisensä menettäneille. Ohjaajana koulutettu vapaaehtoinen.",
      "En grupp för dig som har mist en närstående. Ledare är en utbildad frivillig.",
      "A group for people who have lost someone close. Led by a trained volunteer.",
      venue="church", n=3),
    T("mental", "Yksinäisyyden tukiryhmä", "Stödgrupp mot ensamhet", "Loneliness support group",
      "Tutustu uusiin ihmisiin pienessä ryhmässä. Ei tarvitse osata mitään.",
      "Lär känna nya människor i en liten grupp. Du behöver inte kunna något.",
      "Meet new people in a small group. No skills needed.",
      venue="ngo", n=3, extra=("participation",), programmes=("hyvinvointilahete",)),
    # --- substances
    T("substances", "Päihdetyön vastaanotto ilman ajanvarausta", "Mottagning utan tidsbokning för missbruksvård", "Walk-in substance use clinic",
      "Apua alkoholin, lääkkeiden tai huumeiden käyttöön. Ilman ajanvarausta.",
      "Hjälp med alkohol, läkemedel eller droger. Utan tidsbokning.",
      "Help with alcohol, medicines or drugs. No appointment needed.",
      org="county", venue="health", n=5, hours="office", extra=("contact",)),
    T("substances", "A-killan kohtaamispaikka", "A-gillets mötesplats", "A-Guild drop-in",
      "Päihteetön olohuone, kahvia ja seuraa. Tule sellaisena kuin olet.",
      "Ett drogfritt vardagsrum med kaffe och sällskap. Kom som du är.",
      "A substance-free living room with coffee and company. Come as you are.",
      venue="ngo", n=4, hours="open", extra=("participation",)),
    T("substances", "Peliongelmaisten vertaisryhmä", "Kamratgrupp för spelproblem", "Peer group for gambling problems",
      "Ryhmä, jossa puhutaan rahapelaamisesta ja sen hallinnasta.",
      "En grupp där vi pratar om penningspel och hur man hanterar det.",
      "A group to talk about gambling and keeping it under control.",
      venue="ngo", n=3, extra=("income",)),
    T("substances", "Läheisten ryhmä", "Grupp för anhöriga", "Group for family members",
      "Tukea, kun läheisesi käyttää liikaa päihteitä.",
      "Stöd när en närstående använder för mycket rusmedel.",
      "Support when someone close to you uses too much alcohol or drugs.",
      venue="church", n=3, extra=("mental",)),
    T("substances", "Terveysneuvontapiste", "Hälsorådgivningspunkt", "Health advice point",
      "Nimetöntä neuvontaa ja välineiden vaihtoa. Ei tarvitse kertoa nimeä.",
      "Anonym rådgivning och byte av utrustning. Du behöver inte säga ditt namn.",
      "Anonymous advice and needle exchange. You don't have to give your name.",
      org="county", venue="health", n=2, hours="office"),
    # --- contact
    T("contact", "Terveysaseman ajanvaraus", "Tidsbokning vid hälsostationen", "Health centre appointments",
      "Soita tai tule paikan päälle, niin hoitaja arvioi avun tarpeesi.",
      "Ring eller kom på plats, så bedömer en skötare vilken hjälp du behöver.",
      "Call or visit, and a nurse will assess what help you need.",
      org="county", venue="health", n=8, hours="office", classes=("P5.1",)),
    T("contact", "Sosiaalipalvelujen neuvonta", "Rådgivning inom socialtjänsten", "Social services advice",
      "Sosiaaliohjaaja neuvoo, mistä saat apua arjen pulmiin.",
      "En socialhandledare berättar var du får hjälp med vardagens problem.",
      "A social counsellor tells you where to get help with everyday problems.",
      org="county", venue="social", n=6, hours="office", classes=("P4.13",), extra=("everyday",)),
    T("contact", "Hyvinvointipiste", "Välmåendepunkt", "Wellbeing point",
      "Neuvontaa sosiaali- ja terveyspalveluista yhdestä paikasta.",
      "Rådgivning om social- och hälsovård på ett ställe.",
      "Advice on social and health services in one place.",
      org="county", venue="library", n=4, hours="open", classes=("P5.1", "P4.13")),
    T("contact", "Digituki sähköisiin terveyspalveluihin", "Digistöd för e-hälsotjänster", "Digital help for e-health services",
      "Apua Omakantaan ja sähköiseen asiointiin. Ota puhelin mukaan.",
      "Hjälp med Mina Kanta-sidor och e-tjänster. Ta med din telefon.",
      "Help with My Kanta and online services. Bring your phone.",
      venue="library", n=4, classes=("P5.1",), extra=("everyday",)),
    # --- income
    T("income", "Velkaneuvonta", "Skuldrådgivning", "Debt advice",
      "Maksutonta neuvontaa, kun velat tai laskut painavat.",
      "Avgiftsfri rådgivning när skulder eller räkningar tynger.",
      "Free advice when debts or bills weigh on you.",
      org="municipality", venue="social", n=4, hours="office", classes=("P15.1",), online=True),
    T("income", "Talousneuvonta", "Ekonomisk rådgivning", "Budget advice",
      "Apua oman talouden suunnitteluun ja etuuksien hakemiseen.",
      "Hjälp att planera din ekonomi och ansöka om förmåner.",
      "Help with planning your money and applying for benefits.",
      venue="ngo", n=4, hours="office", classes=("P15.1",)),
    T("income", "Toimeentulotuen neuvonta", "Rådgivning om utkomststöd", "Social assistance advice",
      "Sosiaalityöntekijä neuvoo toimeentulotuen hakemisessa.",
      "En socialarbetare ger råd om hur man söker utkomststöd.",
      "A social worker advises on applying for social assistance.",
      org="county", venue="social", n=4, hours="office", classes=("P4.10",)),
    T("income", "Lomakeapu", "Hjälp med blanketter", "Help with forms",
      "Vapaaehtoinen auttaa täyttämään hakemuksia ja lomakkeita.",
      "En frivillig hjälper dig att fylla i ansökningar och blanketter.",
      "A volunteer helps you fill in applications and forms.",
      venue="library", n=4, classes=("P4.10",), extra=("everyday",)),
    # --- participation
    T("participation", "Olohuonetoiminta", "Vardagsrumsverksamhet", "Drop-in living room",
      "Avoin paikka, jossa voi juoda kahvia, lukea lehtiä ja jutella.",
      "En öppen plats där du kan dricka kaffe, läsa tidningar och prata.",
      "An open space for coffee, newspapers and a chat.",
      venue="ngo", n=5, hours="open", classes=("P8.4",), programmes=("hyvinvointilahete",)),
    T("participation", "Vapaaehtoiseksi ryhtyminen", "Bli frivillig", "Become a volunteer",
      "Tule mukaan auttamaan. Kerromme, millaisia tehtäviä on tarjolla.",
      "Kom med och hjälp till. Vi berättar vilka uppgifter som finns.",
      "Join in and help. We tell you what tasks are on offer.",
      venue="ngo", n=4, hours="office", classes=("P4.12",)),
    T("participation", "Kyläillat", "Bykvällar", "Village evenings",
      "Kylän yhteinen ilta: kahvia, ohjelmaa ja tuttuja.",
      "Byns gemensamma kväll: kaffe, program och bekanta.",
      "A shared village evening: coffee, a programme and friendly faces.",
      venue="ngo", n=4, event=True, classes=("P8.4",)),
    T("participation", "Ystävätoiminta", "Vänverksamhet", "Befriending",
      "Vapaaehtoinen ystävä tulee kylään tai lähtee kanssasi ulos.",
      "En frivillig vän kommer på besök eller följer med dig ut.",
      "A volunteer friend visits you or goes out with you.",
      venue="ngo", n=4, hours="office", classes=("P4.12",), groups=SENIORS, extra=("everyday",)),
    T("participation", "Eläkeläisten kerho", "Pensionärsklubben", "Pensioners' club",
      "Viikoittainen kerho: kahvia, esitelmiä, retkiä ja pelejä.",
      "En klubb varje vecka: kaffe, föredrag, utflykter och spel.",
      "A weekly club: coffee, talks, outings and games.",
      venue="senior", n=4, groups=SENIORS, classes=("P8.4",)),
    # --- work
    T("work", "Työkykykoordinaattorin vastaanotto", "Arbetsförmågekoordinatorns mottagning", "Work ability coordinator",
      "Tukea, kun sairaus tai vamma vaikeuttaa työntekoa.",
      "Stöd när en sjukdom eller skada gör det svårt att arbeta.",
      "Support when illness or disability makes working hard.",
      org="county", venue="health", n=3, hours="office", classes=("P10.7",)),
    T("work", "Työpaja aikuisille", "Verkstad för vuxna", "Work workshop for adults",
      "Harjoittele työntekoa puu-, tekstiili- tai kahvilatyössä.",
      "Öva att arbeta med trä, textil eller i ett kafé.",
      "Practise working in wood, textiles or a café.",
      org="municipality", venue="work", n=4, hours="office", classes=("P10.4",)),
    T("work", "Työllisyyspalveluiden neuvonta", "Rådgivning inom sysselsättningstjänsterna", "Employment services advice",
      "Apua työnhakuun, koulutukseen ja oman osaamisen selvittämiseen.",
      "Hjälp med att söka jobb, utbildning och kartlägga dina kunskaper.",
      "Help with finding work or training and mapping your skills.",
      org="municipality", venue="work", n=5, hours="office", classes=("P10.4",), online=True),
    T("work", "Kuntouttava työtoiminta", "Arbetsverksamhet i rehabiliteringssyfte", "Rehabilitative work activity",
      "Arjen rytmiä ja työtehtäviä omaan tahtiin. Sovitaan sosiaaliohjaajan kanssa.",
      "Rytm i vardagen och arbetsuppgifter i egen takt. Avtalas med socialhandledaren.",
      "Daily rhythm and work tasks at your own pace, agreed with a social counsellor.",
      org="county", venue="work", n=3, hours="office", classes=("P10.7",)),
    T("work", "Työnhakukahvila", "Jobbsökarkafé", "Job-seekers' café",
      "Apua CV:n tekemiseen ja työpaikkojen etsimiseen.",
      "Hjälp med cv och att hitta lediga jobb.",
      "Help with your CV and finding job openings.",
      venue="library", n=3, classes=("P10.4",)),
    # --- integration
    T("integration", "Suomen kielen kahvila", "Språkkafé på finska", "Finnish language café",
      "Harjoitellaan suomea kahvin äärellä. Kaikki tasot tervetulleita.",
      "Vi övar finska över en kopp kaffe. Alla nivåer välkomna.",
      "Practise Finnish over coffee. All levels welcome.",
      venue="library", n=6, classes=("P22.3",), langs=("fi", "en", "ru", "ar"), extra=("participation",)),
    T("integration", "Maahanmuuttajien neuvonta", "Rådgivning för invandrare", "Advice for immigrants",
      "Neuvontaa asumisesta, palveluista ja asioinnista eri kielillä.",
      "Rådgivning om boende, tjänster och ärenden på olika språk.",
      "Advice on housing, services and paperwork in several languages.",
      org="municipality", venue="social", n=4, hours="office", classes=("P4.11",), langs=("fi", "en", "ar", "so", "ru")),
    T("integration", "Kotoutumisen ohjaus", "Integrationshandledning", "Integration guidance",
      "Ohjaaja auttaa alkuun uudessa kotikunnassa.",
      "En handledare hjälper dig att komma i gång i din nya hemkommun.",
      "A guide helps you get started in your new home municipality.",
      org="municipality", venue="social", n=4, hours="office", classes=("P4.11",), langs=("fi", "en", "ru")),
    T("integration", "Naisten kansainvälinen kerho", "Internationell klubb för kvinnor", "International women's club",
      "Naisten kohtaamispaikka: käsitöitä, ruokaa ja suomen kieltä.",
      "En mötesplats för kvinnor: handarbete, mat och finska.",
      "A meeting place for women: crafts, food and Finnish.",
      venue="ngo", n=4, classes=("P22.3",), langs=("fi", "en", "ar", "so"), extra=("participation",)),
    # --- selfcare
    T("selfcare", "Verenpaineen mittauspiste", "Blodtrycksmätning", "Blood pressure point",
      "Mittaa verenpaineesi itse. Hoitaja neuvoo tarvittaessa.",
      "Mät ditt blodtryck själv. En skötare hjälper vid behov.",
      "Measure your own blood pressure. A nurse helps if needed.",
      org="county", venue="health", n=5, hours="open"),
    T("selfcare", "Diabeteksen omahoitoryhmä", "Egenvårdsgrupp för diabetes", "Diabetes self-care group",
      "Opitaan hoitamaan diabetesta arjessa yhdessä muiden kanssa.",
      "Vi lär oss sköta diabetes i vardagen tillsammans med andra.",
      "Learn to manage diabetes in daily life together with others.",
      org="county", venue="health", n=3),
    T("selfcare", "Omahoitopiste kirjastossa", "Egenvårdspunkt på biblioteket", "Self-care point at the library",
      "Vaaka, verenpainemittari ja esitteitä terveydestä vapaasti käytössä.",
      "Våg, blodtrycksmätare och broschyrer om hälsa fritt tillgängliga.",
      "Scales, a blood pressure monitor and health leaflets free to use.",
      org="municipality", venue="library", n=4, hours="open"),
    T("selfcare", "Muistiyhdistyksen muistikahvila", "Minneskafé", "Memory café",
      "Tietoa muistista ja vinkkejä arkeen. Myös läheiset tervetulleita.",
      "Information om minnet och tips för vardagen. Även anhöriga välkomna.",
      "Information about memory and tips for daily life. Family welcome too.",
      venue="ngo", n=4, groups=SENIORS, extra=("mental",)),
    T("selfcare", "Kipukoulu", "Smärtskola", "Pain school",
      "Keinoja pitkäaikaisen kivun kanssa elämiseen. Neljä tapaamista.",
      "Sätt att leva med långvarig smärta. Fyra träffar.",
      "Ways to live with long-term pain. Four meetings.",
      org="county", venue="health", n=2),
    # --- everyday
    T("everyday", "Asiointiapu", "Hjälp med ärenden", "Help with errands",
      "Vapaaehtoinen lähtee mukaan kauppaan, pankkiin tai lääkäriin.",
      "En frivillig följer med till butiken, banken eller läkaren.",
      "A volunteer comes with you to the shop, bank or doctor.",
      venue="ngo", n=4, hours="office", groups=SENIORS, classes=("P4.2",)),
    T("everyday", "Digituki", "Digistöd", "Digital support",
      "Apua puhelimen, tabletin ja tietokoneen käyttöön. Ota laite mukaan.",
      "Hjälp med telefon, surfplatta och dator. Ta med din apparat.",
      "Help with your phone, tablet or computer. Bring your device.",
      org="municipality", venue="library", n=6, classes=("P9.4",)),
    T("everyday", "Kotona asumisen tuki", "Stöd för boende hemma", "Support for living at home",
      "Neuvontaa apuvälineistä, kodin muutostöistä ja kotiin saatavista palveluista.",
      "Rådgivning om hjälpmedel, ändringar i hemmet och tjänster i hemmet.",
      "Advice on aids, home alterations and services at home.",
      org="county", venue="senior", n=4, hours="office", classes=("P4.2",), groups=SENIORS),
    T("everyday", "Kimppakyyti asiointiin", "Samåkning för ärenden", "Shared rides for errands",
      "Sovi kyyti kauppaan tai terveysasemalle. Soita edellisenä päivänä.",
      "Boka skjuts till butiken eller hälsostationen. Ring dagen innan.",
      "Book a ride to the shop or health centre. Call the day before.",
      venue="ngo", n=4, cost="charged", hours="office", classes=("P9.4",), charge=3),
    T("everyday", "Omaishoitajan vapaapäivät", "Lediga dagar för närståendevårdare", "Days off for family carers",
      "Neuvontaa omaishoitajan vapaiden järjestämiseen.",
      "Rådgivning om hur lediga dagar för närståendevårdare ordnas.",
      "Advice on arranging days off for family carers.",
      org="county", venue="social", n=3, hours="office", classes=("P4.2",)),
    # --- the search examples the screens show ("kuoro", "jooga", "masennus"): last of the municipal ones, so the ids
    # of the items above them stay as they were
    T("culture", "Kuoro kaikille", "Kör för alla", "Choir for everyone",
      "Laulamme yhdessä tuttuja ja uusia lauluja. Nuotteja ei tarvitse osata.",
      "Vi sjunger kända och nya sånger tillsammans. Du behöver inte kunna läsa noter.",
      "We sing familiar and new songs together. No need to read music.",
      venue="school", n=3, keywords=("kuoro", "laulu", "kuorolaulu")),
    T("sports", "Jooga aloittelijoille", "Yoga för nybörjare", "Yoga for beginners",
      "Rauhallista joogaa ja venyttelyä. Sopii kaikenikäisille, alustan voi lainata.",
      "Lugn yoga och stretching. Passar alla åldrar, du kan låna en matta.",
      "Calm yoga and stretching for all ages. You can borrow a mat.",
      venue="sportshall", n=3, cost="mixed", keywords=("jooga", "venyttely")),
    T("mental", "Masennuksen vertaistukiryhmä", "Kamratstöd vid depression", "Peer support for depression",
      "Keskustelemme masennuksesta ja jaksamisesta luottamuksellisesti. Ryhmää ohjaa koulutettu vertaisohjaaja.",
      "Vi talar förtroligt om depression och att orka. En utbildad kamratledare leder gruppen.",
      "We talk in confidence about depression and coping. A trained peer leader guides the group.",
      n=3, keywords=("masennus", "mielenterveys", "vertaistuki")),
)

# Nationwide example services: phone and online help without any phone number (never fake a real helpline).
NATIONWIDE: tuple[T, ...] = (
    T("mental", "Kriisiapu puhelimessa ja verkossa", "Kristhjälp per telefon och på nätet", "Crisis help by phone and online",
      "Valtakunnallinen esimerkkipalvelu. Oikeat numerot näkyvät kohdassa Apua nyt.",
      "En rikstäckande exempeltjänst. De riktiga numren finns under Hjälp nu.",
      "A nationwide example service. The real numbers are under Help now.",
      online=True, hours="none"),
    T("mental", "Chat-keskustelu nuorille aikuisille", "Chatt för unga vuxna", "Chat for young adults",
      "Juttele nimettömästi koulutetun päivystäjän kanssa verkossa.",
      "Chatta anonymt med en utbildad jourhavande på nätet.",
      "Chat anonymously with a trained volunteer online.",
      online=True, hours="none"),
    T("substances", "Päihdeneuvonta verkossa", "Rådgivning om rusmedel på nätet", "Substance advice online",
      "Nimetöntä neuvontaa alkoholista ja huumeista verkossa.",
      "Anonym rådgivning om alkohol och droger på nätet.",
      "Anonymous advice about alcohol and drugs online.",
      online=True, hours="none"),
    T("substances", "Peliongelman verkkotuki", "Nätstöd vid spelproblem", "Online support for gambling problems",
      "Itsearviointi ja tukea rahapelaamisen vähentämiseen verkossa.",
      "Självtest och stöd för att minska penningspel på nätet.",
      "A self-test and support for cutting down gambling, online.",
      online=True, hours="none", extra=("income",)),
    T("income", "Velkaneuvonnan verkkopalvelu", "Skuldrådgivning på nätet", "Online debt advice",
      "Laske oma budjettisi ja kysy neuvoa verkossa.",
      "Räkna ut din budget och fråga om råd på nätet.",
      "Work out your budget and ask for advice online.",
      online=True, hours="none", classes=("P15.1",)),
    T("contact", "Terveysneuvonta verkossa", "Hälsorådgivning på nätet", "Health advice online",
      "Tietoa oireista ja siitä, minne ottaa yhteyttä.",
      "Information om symtom och vart du ska vända dig.",
      "Information about symptoms and where to turn.",
      online=True, hours="none", classes=("P5.1",)),
    T("integration", "Kotoutumisen tietopankki", "Informationsbank om integration", "Settling-in information bank",
      "Tietoa elämästä Suomessa monella kielellä.",
      "Information om livet i Finland på många språk.",
      "Information about living in Finland in many languages.",
      online=True, hours="none", classes=("P4.11",), langs=("fi", "sv", "en", "ru", "ar", "so")),
    T("selfcare", "Omahoitovalmennus verkossa", "Egenvårdsträning på nätet", "Online self-care coaching",
      "Omahoito-ohjelmia esimerkiksi uneen, stressiin ja kipuun.",
      "Egenvårdsprogram till exempel för sömn, stress och smärta.",
      "Self-care programmes for sleep, stress and pain, for example.",
      online=True, hours="none", extra=("mental",)),
)

# fmt: on

NATIONWIDE_ORG = (
    "Valtakunnallinen esimerkkijärjestö ry (esimerkki)",
    "Rikstäckande exempelorganisation rf (exempel)",
    "Nationwide Example Organisation (example)",
)
COUNTY_ORG = (
    "Kainuun hyvinvointialue (esimerkki)",
    "Kajanalands välfärdsområde (exempel)",
    "Kainuu Wellbeing Services County (example)",
)

HOW_TO_JOIN = {
    "fi": "### Miten pääsen mukaan?\n* Tule paikalle, ilmoittautumista ei tarvita.\n* Kysy lisää puhelimella tai sähköpostilla.",
    "sv": "### Hur deltar jag?\n* Kom på plats, ingen anmälan behövs.\n* Fråga mer per telefon eller e-post.",
    "en": "### How do I join?\n* Just come along, no need to sign up.\n* Ask more by phone or e-mail.",
}
CHARGE_INFO = (
    (
        "Kertamaksu 3 €. Kaikukortilla maksuton.",
        "Engångsavgift 3 €. Gratis med Kaikukortet.",
        "3 € per visit. Free with the Kaiku card.",
    ),
    ("Kausimaksu 25 €.", "Terminsavgift 25 €.", "25 € per term."),
    ("Lounas 6 €.", "Lunch 6 €.", "Lunch 6 €."),
    ("Omavastuu 2 € matkalta.", "Självrisk 2 € per resa.", "2 € per trip."),
)


def _slug(text: str) -> str:
    table = str.maketrans("äöåÄÖÅ ", "aoaAOA-")
    return "".join(ch for ch in text.translate(table).lower() if ch.isalnum() or ch == "-").strip("-")


def _fill(pattern: str, muni: Muni) -> str:
    return pattern.format(gen=muni.gen, sv=muni.sv, en=muni.fi, muni=muni.fi)


def _with_mark(text: str, lang: str) -> str:
    return f"{MARK[lang]} {text}"


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.venues: dict[tuple[str, str], Location] = {}
        self.counter = 0

    def venue(self, muni: Muni, key: str) -> Location:
        """The same venue (address, coordinates, accessibility) every time it is used in a municipality."""
        if (muni.code, key) not in self.venues:
            rng = self.rng
            fi, sv, en = VENUES[key]
            street = f"{rng.choice(STREETS)} {rng.randint(1, 40)}"
            access = rng.choice(ACCESS_NOTES) if rng.random() < 0.55 else None
            spread = 6_000 if key in ("outdoor", "beach") else 2_500
            self.venues[(muni.code, key)] = Location(
                names={"fi": fi, "sv": sv, "en": en},
                street={"fi": street},
                postal_code=muni.postal,
                post_office={"fi": muni.fi, "sv": muni.sv},
                municipality=muni.code,
                easting=float(round(muni.easting + rng.uniform(-spread, spread))),
                northing=float(round(muni.northing + rng.uniform(-spread, spread))),
                accessibility={"fi": access[0], "sv": access[1], "en": access[2]} if access else {},
                id=f"demo-place-{muni.code}-{key}",
            )
        return self.venues[(muni.code, key)]

    def hours(self, style: str) -> tuple[OpeningRule, ...]:
        rng = self.rng
        if style == "none":
            return ()
        if style == "office":
            days = sorted(rng.sample(range(5), rng.randint(2, 3)))
            opens, closes = rng.choice((("09:00", "15:00"), ("08:00", "12:00"), ("10:00", "14:00"), ("12:00", "16:00")))
        elif style == "open":
            days = sorted(rng.sample(range(6), rng.randint(1, 3)))
            opens, closes = rng.choice((("10:00", "16:00"), ("11:00", "13:00"), ("09:00", "18:00"), ("14:00", "19:00")))
        else:
            days = sorted(rng.sample(range(7 if rng.random() < 0.2 else 5), rng.randint(1, 2)))
            start = rng.choice((9, 10, 13, 14, 17, 18))
            minutes = rng.choice((0, 0, 30))
            length = rng.choice((60, 90, 120))
            end = start * 60 + minutes + length
            opens, closes = f"{start:02d}:{minutes:02d}", f"{end // 60:02d}:{end % 60:02d}"
        return tuple(OpeningRule(weekday=d, opens=opens, closes=closes) for d in days)

    def languages_for(self, t: T, names: dict[str, str]) -> tuple[str, ...]:
        if t.langs:
            return t.langs
        rng = self.rng
        langs = ["fi"]
        if "sv" in names and rng.random() < 0.55:
            langs.append("sv")
        if "en" in names and rng.random() < 0.3:
            langs.append("en")
        return tuple(langs)

    def organisation(self, t: T, muni: Muni | None) -> Organisation:
        if muni is None:
            fi, sv, en = NATIONWIDE_ORG
            return Organisation(names={"fi": fi, "sv": sv, "en": en}, id="demo-org-national", type="ngo")
        if t.org == "county":
            fi, sv, en = COUNTY_ORG
            return Organisation(names={"fi": fi, "sv": sv, "en": en}, id="demo-org-county", type="county")
        if t.org == "municipality":
            city = muni.kind == "kaupunki"
            return Organisation(
                names={
                    "fi": f"{muni.gen} {muni.kind} {EXAMPLE['fi']}",
                    "sv": f"{muni.sv} {'stad' if city else 'kommun'} {EXAMPLE['sv']}",
                    "en": f"{'City' if city else 'Municipality'} of {muni.fi} {EXAMPLE['en']}",
                },
                id=f"demo-org-{muni.code}",
                type="municipality",
            )
        fi, sv, en = AREAS[t.area][1]
        return Organisation(
            names={
                "fi": f"{_fill(fi, muni)} {EXAMPLE['fi']}",
                "sv": f"{_fill(sv, muni)} {EXAMPLE['sv']}",
                "en": f"{_fill(en, muni)} {EXAMPLE['en']}",
            },
            id=f"demo-org-{muni.code}-{t.area}",
            type="ngo",
        )

    def phone(self, t: T, muni: Muni) -> Phone:
        rng = self.rng
        if t.org == "ngo":
            number = f"+358 44 555 {rng.randint(0, 9999):04d}"
        else:
            number = f"08 555 {rng.randint(1000, 9999)}"
        return Phone(number=number, charge="free" if rng.random() < 0.7 else "unknown")

    def item(self, t: T, muni: Muni | None) -> TrayItem:
        rng = self.rng
        self.counter += 1
        base = muni or MUNICIPALITIES[0]
        roll = rng.random()
        langs_for_text = ("fi", "sv", "en") if roll < 0.76 else ("fi", "sv") if roll < 0.86 else ("fi",)
        if muni is None or t.langs:
            langs_for_text = ("fi", "sv", "en")
        raw_names = {"fi": _fill(t.fi, base), "sv": _fill(t.sv, base), "en": _fill(t.en, base)}
        raw_summaries = {"fi": t.sfi, "sv": t.ssv, "en": t.sen}
        names = {lang: raw_names[lang] for lang in langs_for_text}
        summaries = {lang: _with_mark(raw_summaries[lang], lang) for lang in langs_for_text}
        descriptions: dict[str, str] = {}
        if rng.random() < 0.35 and muni is not None:
            descriptions = {lang: f"{raw_summaries[lang]}\n\n{HOW_TO_JOIN[lang]}" for lang in langs_for_text}

        classes = t.classes or AREAS[t.area][0][:1]
        if not t.classes and len(AREAS[t.area][0]) > 1 and rng.random() < 0.4:
            classes = (rng.choice(AREAS[t.area][0]),)
        categories = (t.area, *t.extra)

        cost_roll = rng.random()
        if t.cost == "free":
            cost = "free" if cost_roll < 0.72 else "charged" if cost_roll < 0.84 else "unknown"
        elif t.cost == "charged":
            cost = "charged" if cost_roll < 0.85 else "unknown"
        else:
            cost = "free" if cost_roll < 0.45 else "charged" if cost_roll < 0.85 else "unknown"
        cost_info: dict[str, str] = {}
        if cost == "charged":
            index = t.charge if t.charge >= 0 else 0 if "kaikukortti" in t.programmes else 1
            fi, sv, en = CHARGE_INFO[index]
            cost_info = {k: v for k, v in {"fi": fi, "sv": sv, "en": en}.items() if k in langs_for_text}

        starts_at = ends_at = None
        if t.event:
            day = GENERATED + timedelta(days=rng.randint(2, 55))
            start_hour = rng.choice((10, 13, 17, 18))
            starts_at = datetime(day.year, day.month, day.day, start_hour - 2, 0, tzinfo=UTC)
            ends_at = starts_at + timedelta(hours=rng.choice((1, 2, 3)))

        slug = _slug(t.en)
        web_path = f"{muni.code}/{slug}" if muni else f"valtakunnallinen/{slug}"
        web = (WebLink(url=f"https://esimerkki.example/{web_path}", language="fi"),)
        emails: tuple[str, ...] = ()
        phones: tuple[Phone, ...] = ()
        locations: tuple[Location, ...] = ()
        if muni is not None:
            if rng.random() < 0.85:
                phones = (self.phone(t, muni),)
            if t.org == "ngo" or rng.random() < 0.4:
                emails = (f"{slug[:24].strip('-')}.{_slug(muni.fi)}@esimerkki.example",)
            venue = self.venue(muni, t.venue)
            hours = () if t.event else self.hours(t.hours)
            locations = (Location(**{**_loc_fields(venue), "hours": hours}),)
        online = t.online or (muni is not None and t.hours == "office" and rng.random() < 0.2)

        programmes = tuple(p for p in t.programmes if rng.random() < 0.6)
        modified = datetime(2026, 1, 1, 8, 0, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 295), minutes=rng.randint(0, 600)
        )
        keywords = {"fi": t.keywords} if t.keywords else {}
        return TrayItem(
            id=f"demo:{self.counter:04d}",
            kind="event" if t.event else "service",
            names=names,
            source="demo",
            summaries=summaries,
            descriptions=descriptions,
            categories=categories,
            service_classes=classes,
            target_groups=t.groups,
            keywords=keywords,
            organisation=self.organisation(t, muni),
            locations=locations,
            phones=phones,
            web=web,
            emails=emails,
            cost=cost,  # type: ignore[arg-type]
            cost_info=cost_info,
            funding="PubliclyFunded",
            languages=self.languages_for(t, names),
            areas=(muni.code,) if muni else (),
            nationwide=muni is None,
            online=online,
            starts_at=starts_at,
            ends_at=ends_at,
            programmes=programmes,
            modified=modified,
            fetched_at=GENERATED,
            demo=True,
        )

    def items(self) -> list[TrayItem]:
        out: list[TrayItem] = []
        home, others = MUNICIPALITIES[0], list(MUNICIPALITIES[1:])
        for t in TEMPLATES:
            n = min(t.n + 1, len(MUNICIPALITIES))  # one more than the template's base: a fuller demo
            chosen = [home, *self.rng.sample(others, n - 1)]
            chosen.sort(key=MUNICIPALITIES.index)
            for muni in chosen:
                out.append(self.item(t, muni))
        for t in NATIONWIDE:
            out.append(self.item(t, None))
        return out


def _loc_fields(loc: Location) -> dict[str, Any]:
    return {name: getattr(loc, name) for name in loc.__dataclass_fields__}


def build(seed: int = SEED) -> dict[str, Any]:
    items = Generator(seed).items()
    return {
        "format": 1,
        "demo": True,
        "region": {
            "name": "Kainuu (esimerkki)",
            "municipalities": [m.code for m in MUNICIPALITIES],
            "home_municipality": "205",
        },
        "generated": GENERATED.isoformat(),
        "items": [to_dict(item) for item in items],
    }


def render(seed: int = SEED) -> str:
    return json.dumps(build(seed), ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    text = render(args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="\n")
    print(f"{args.out}: {len(json.loads(text)['items'])} items")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
