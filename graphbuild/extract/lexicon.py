"""Closed word lists of English grammar that the rules lean on: honorifics, titles, generic nouns.

They describe the language of press articles, not any one article: no names live here.
"""

from __future__ import annotations

# Forms of address that precede a name and are not part of it.
HONORIFICS = frozenset(
    "comrade comrades mr mrs ms miss mx dr prof professor sir dame madam lord lady rev reverend fr father "
    "sister brother".split()
)

# Title words that may stand before a name ("President Okafor", "Secretary-Treasurer Lee").
TITLE_WORDS = (
    frozenset(
        "president vice secretary general minister prime premier chairman chairwoman chair chairperson co-chair "
        "cochair director deputy treasurer councilor councillor senator sen rep representative congressman "
        "congresswoman governor gov mayor ambassador judge justice chief executive officer ceo cfo coo cto "
        "commissioner spokesperson spokesman spokeswoman king queen prince princess pope emperor chancellor "
        "state foreign interior defense defence finance labor labour party national international central "
        "committee member leader head founder organizer organiser coordinator editor correspondent reporter "
        "president-elect acting interim senior junior assistant associate executive-director attorney sheriff "
        "colonel col major maj captain capt lieutenant lt sergeant sgt admiral adm marshal comrade".split()
    )
    | HONORIFICS
)

# Titles that name a person's office; capitalised before a name they introduce it ("co-Chair Jane Doe").
PERSONAL_TITLES = frozenset(
    "president chair co-chair cochair chairman chairwoman chairperson secretary minister premier director "
    "treasurer councilor councillor senator governor mayor ambassador commissioner spokesperson spokesman "
    "spokeswoman chancellor ceo cfo judge justice rep sen gov".split()
)

# Nouns that head an organisation's name; alone and capitalised ("the Company", "the Board") they
# refer back to an organisation the article has named.
GENERIC_ORG_NOUNS = frozenset(
    "company corporation corp firm group party union federation board committee commission council "
    "department ministry office agency bureau government administration association society league "
    "foundation institute university college bank team club organization organisation movement "
    "congress parliament assembly senate court".split()
)

# Legal-form words: "Acme", "Acme Corp." and "Acme Corporation" are one company.
CORPORATE_SUFFIXES = frozenset(
    "inc incorporated corp corporation co company ltd limited llc plc ag sa gmbh nv bv holdings".split()
)

# Words that do not count when two names of one organisation are compared.
NAME_STOPWORDS = frozenset("the of and for in on at to a an s".split())

# Spellings of one country that articles use interchangeably.
COUNTRY_VARIANTS = {
    "us": "usa",
    "u.s": "usa",
    "u.s.": "usa",
    "u.s.a": "usa",
    "u.s.a.": "usa",
    "usa": "usa",
    "america": "usa",
    "american": "usa",
    "uk": "uk",
    "u.k": "uk",
    "u.k.": "uk",
    "britain": "uk",
    "british": "uk",
    "prc": "china",
    "chinese": "china",
}

# Verbs that introduce speech; a capitalised one before a name is not part of the name ("Said Okafor").
REPORTING_VERBS = frozenset(
    "said says say stated states state added adds noted notes told tells recalled recalls responded "
    "responds explained explains declared declares announced announces remarked remarks asked asks "
    "answered answers replied replies insisted insists argued argues warned warns stressed stresses "
    "emphasized emphasised emphasizes emphasises according".split()
)

# Country names written as phrases.
COUNTRY_PHRASES = {
    "united states": "usa",
    "united states of america": "usa",
    "united kingdom": "uk",
    "people's republic of china": "china",
}

# Familiar forms of English given names: "Dave" is David, "Bill" is William.
HYPOCORISMS = {
    "dave": "david",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "mike": "michael",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "joe": "joseph",
    "dick": "richard",
    "rick": "richard",
    "tony": "anthony",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "kate": "katherine",
    "kathy": "katherine",
    "chris": "christopher",
    "dan": "daniel",
    "ed": "edward",
    "steve": "steven",
    "nick": "nicholas",
    "matt": "matthew",
    "pat": "patrick",
    "sam": "samuel",
    "ben": "benjamin",
    "alex": "alexander",
    "andy": "andrew",
    "greg": "gregory",
    "jeff": "jeffrey",
    "larry": "lawrence",
    "ron": "ronald",
    "don": "donald",
    "ken": "kenneth",
    "tim": "timothy",
    "jon": "jonathan",
    "sue": "susan",
    "jenny": "jennifer",
    "maggie": "margaret",
    "peggy": "margaret",
    "becky": "rebecca",
    "vicky": "victoria",
    "fred": "frederick",
    "hank": "henry",
    "chuck": "charles",
    "charlie": "charles",
    "jack": "john",
    "johnny": "john",
    "pete": "peter",
    "phil": "philip",
}
