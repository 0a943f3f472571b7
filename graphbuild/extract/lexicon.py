"""Closed word lists of English grammar that the rules lean on: honorifics, titles, generic nouns.

They describe the language of press articles, not any one article: no names live here.
"""

from __future__ import annotations

# Forms of address that precede a name and are not part of it.
HONORIFICS = frozenset(
    "comrade comrades mr mrs ms miss mx dr prof professor sir dame madam lord lady rev reverend fr father "
    "sister brother datuk dato datin ts ir hj haji encik shri smt hon honourable honorable "
    "atty engr".split()
)

# Plural forms of address before a list of names ("Messrs. Lee and Park"); plural titles are found
# from TITLE_WORDS ("Trustees Lee, Park and Ng").
PLURAL_HONORIFICS = frozenset("messrs messieurs mmes mesdames drs profs".split())

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
        "colonel col major maj captain capt lieutenant lt sergeant sgt admiral adm marshal comrade gen "
        "brig cmdr supt insp amb pres msgr cpl pvt trustee trustees affairs relations human rights home "
        "foreman constable coroner".split()
    )
    | HONORIFICS
)

# Titles that name a person's office; capitalised before a name they introduce it ("co-Chair Jane Doe").
PERSONAL_TITLES = frozenset(
    "president chair co-chair cochair chairman chairwoman chairperson secretary minister premier director "
    "treasurer councilor councillor senator governor mayor ambassador commissioner spokesperson spokesman "
    "spokeswoman chancellor ceo cfo judge justice rep sen gov sheriff foreman marshal constable coroner".split()
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

# Head nouns a party or union is often named without: "Labour" for "the Labour Party".
SHORTENED_HEADS = frozenset("party union".split())

# Words that may close a company's name and be left out: "Acme International" is "Acme".
ORG_NAME_TAILS = frozenset("international group holdings worldwide global".split())

# Nouns that head a body inside an organisation: "the WLO's Governing Body", "Acme's board of directors".
SUBBODY_NOUNS = frozenset(
    "body board committee council commission executive division department bureau secretariat presidium "
    "politburo directorate branch wing chapter caucus panel".split()
)

# Nouns that head a unit named "at" the institution that hosts it: "the School of Law at Lindale
# University". Not a board or a commission: those meet "at" a body ("the Commission at the Congress").
UNIT_NOUNS = frozenset("school faculty institute college centre center laboratory".split())

# Capitalised nouns that end an organisation's name: "the Container Industry Conference".
NAMED_BODY_HEADS = (
    GENERIC_ORG_NOUNS
    | SUBBODY_NOUNS
    | UNIT_NOUNS
    | frozenset("conference institution fund trust alliance coalition network guild brotherhood".split())
)

# Fields of government that name a ministry in lower case ("the home ministry", "its finance department").
PORTFOLIOS = frozenset(
    "home foreign interior finance defence defense justice health education labour labor agriculture trade "
    "commerce industry environment transport transportation energy culture external economy economic "
    "treasury housing information tourism immigration employment welfare".split()
)
# Heads of a ministry named by its field, and the word that may stand between ("home affairs ministry").
MINISTRY_NOUNS = frozenset("ministry department".split())
PORTFOLIO_LINKS = frozenset("affairs and".split())

# Bodies that lower case names by their business: "the board of trustees", "the finance committee".
LOWERCASE_BODIES = frozenset("board council committee commission".split())

# Nouns that end an event's name, never an organisation's: "the School Board Meeting".
EVENT_HEADS = frozenset("meeting meetings rally ceremony strike walkout election elections ballot".split())

# Plural nouns for the people who speak or act for a body: "NATO diplomats", "TUC leaders" (a code of
# capitals before one is the body's name).
MEMBER_NOUNS = frozenset(
    "diplomats officials delegates delegations ministers leaders members lawmakers legislators troops envoys "
    "negotiators representatives spokesmen".split()
)

# Capitalised nouns that end the name of a law or a bill, never an organisation's: "the Fair Wages Act".
LAW_HEADS = frozenset("act bill treaty amendment".split())

# Units of a union or society known by a number after its name: "Steelworkers Local 1011", "Lodge 12".
NUMBERED_UNITS = frozenset("local lodge chapter branch".split())

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

# -- discourse: who a word refers to ------------------------------------------------------------
# Personal pronouns and the gender they agree with; pronouns that refer to a group or a thing.
PERSONAL_PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
GROUP_PRONOUNS = frozenset("it its itself they them their themselves".split())
# Nouns for whoever leads a body ("the union leader", "the party chief") and the offices that lead one.
LEADER_NOUNS = frozenset("leader head chief boss".split())
TOP_OFFICES = frozenset(
    "president chair chairman chairwoman chairperson leader head chief ceo secretary-general premier "
    "chancellor mayor governor director-general".split()
)
TOP_OFFICE_PAIRS = (frozenset({"general", "secretary"}), frozenset({"director", "general"}))  # either order
# Determiners that introduce something new rather than refer back: "an organisation", "another union".
INDEFINITE_DETERMINERS = frozenset("a an another any some every each no".split())

# Honorifics that tell a person's gender, for pronoun agreement.
FEMININE_HONORIFICS = frozenset("mrs ms miss madam lady dame sister queen princess".split())
MASCULINE_HONORIFICS = frozenset("mr sir lord father brother king prince".split())

# Nouns that stand for a person by office: "the minister said" is the article's one minister.
PERSON_TITLE_NOUNS = (
    TITLE_WORDS
    - HONORIFICS
    - frozenset(
        "vice general state foreign interior defense defence finance labor labour party national international "
        "central committee acting interim senior junior assistant associate executive chief".split()
    )
) | frozenset("spokesperson spokesman spokeswoman official chief leader head".split())

# Nouns that stand for a whole organisation: alone ("the party") they may mean the article's only one.
WHOLE_ORG_NOUNS = frozenset(
    "party union company corporation firm federation association organization organisation movement".split()
)

# Words of a company's name that "the company" or "the firm" refers back to.
COMPANY_WORDS = frozenset("company firm corp corporation inc incorporated ltd limited llc plc co group".split())

# -- events --
# Nouns that name an event, by the kind of event they name ("a meeting of X", "held talks with Y").
MEETING_NOUNS = frozenset("meeting meetings".split())
TALKS_NOUNS = frozenset("talks negotiations".split())
VISIT_NOUNS = frozenset("visit visits trip trips".split())
CONFERENCE_NOUNS = frozenset("conference conferences summit forum symposium seminar".split())
CONVENTION_NOUNS = frozenset("congress convention plenum".split())
ELECTION_NOUNS = frozenset("election elections re-election reelection".split())
ANNIVERSARY_NOUNS = frozenset({"anniversary"})
FOUNDING_NOUNS = frozenset("foundation founding".split())
APPOINTMENT_NOUNS = frozenset("appointment nomination".split())
# Occasions of no kind of their own: "the ceremony took place", "a rally of X on Sunday".
OCCASION_NOUNS = frozenset(
    "ceremony rally celebration commemoration reception banquet funeral memorial parade demonstration protest "
    "picket inauguration hearing trial debate".split()
)
DEPARTURE_NOUNS = frozenset("resignation retirement".split())  # "the retirement of X", "her resignation"

# Verbs that tell a meeting, talks or a visit: "X met (with) Y", "X visited Y", "leaders gathered".
MEETING_VERBS = frozenset("meet gather assemble convene".split())
TALKS_VERBS = frozenset("confer negotiate".split())
VISIT_VERBS = frozenset({"visit"})
# Verbs of a journey's end, told with the place reached: "X arrived in Y", "X returned to Y".
ARRIVING_VERBS = frozenset("arrive return".split())
# Verbs whose subject organises the event its object names ("X held a meeting").
ORGANISING_VERBS = frozenset("hold host organise organize convene chair stage sponsor call".split())
# Verbs whose subject takes part in the event its object names ("X attended the summit").
ATTENDING_VERBS = frozenset("attend join address".split())
CELEBRATING_VERBS = frozenset("celebrate mark commemorate observe honor honour".split())
APPOINTING_VERBS = frozenset("appoint name nominate designate promote hire install".split())
ELECTING_VERBS = frozenset("elect re-elect reelect".split())
# Verbs whose subject takes up the office of their object ("Y succeeds X", "X is replaced by Y").
SUCCEEDING_VERBS = frozenset("succeed replace".split())
# Verbs of leaving an office, with the form an event's name gives them ("X resigns").
DEPARTING_VERBS = {"resign": "resigns", "retire": "retires", "step": "steps down"}
# Verbs whose subject hosts a named occasion ("X hosted the Summer School").
HOSTING_VERBS = frozenset("host organise organize stage sponsor".split())
# Head nouns of a named occasion that is not an organisation ("the Friendship Project").
OCCASION_HEADS = frozenset(
    "project program programme festival games school camp exchange fair tour exhibition competition "
    "championship cup concert series course workshop campaign week day".split()
)
FOUNDING_FORMS = frozenset("founded co-founded cofounded established formed".split())
# Words after which a verb tells what is to come ("plans to retire", "scheduled to meet").
PLANNING_WORDS = frozenset("plan plans intend intends expect expects schedule scheduled set slated due".split())
FUTURE_MODIFIERS = frozenset("upcoming forthcoming coming next future planned scheduled proposed".split())
# Modifiers that make an event noun another event than the one already told ("the next congress").
DISTINCT_MODIFIERS = frozenset("another next previous prior earlier past later future upcoming other last".split())
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Past forms of the event verbs that no suffix rule recovers.
IRREGULAR_VERBS = {
    "met": "meet", "held": "hold", "led": "lead", "became": "become", "took": "take", "taken": "take",
    "began": "begin", "begun": "begin", "swore": "swear", "sworn": "swear", "died": "die", "dying": "die",
    "found": "find",
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "seventy-fifth": 75, "hundredth": 100,
}  # fmt: skip
# Events of no kind of their own in the model: strikes, votes, deaths ("the strike of X", "the ballot").
STRIKE_NOUNS = frozenset("strike strikes walkout walkouts stoppage stoppages lockout".split())
VOTE_NOUNS = frozenset("vote ballot ballots balloting referendum plebiscite".split())
DEATH_NOUNS = frozenset({"death"})
# Verbs whose subject comes into or goes through an event: "X died", "the talks took place".
DYING_VERBS = frozenset({"die"})
HAPPENING_VERBS = frozenset("take happen occur resume begin start open conclude".split())
# Agreements, which an event signs or reaches ("signed a memorandum", "the agreement reached on Tuesday").
AGREEMENT_NOUNS = frozenset("agreement agreements deal accord treaty pact memorandum mou contract".split())
SIGNING_VERBS = frozenset("sign reach conclude".split())
# Verdicts: "X was convicted of Y", "the jury acquitted X", "X was sentenced to Y", "found X guilty".
VERDICT_VERBS = frozenset("convict acquit sentence".split())
VERDICT_ADJECTIVES = frozenset("guilty innocent".split())
# Taking up an office: "X took office", "X will start his tenure", "X has held the post since 2006".
OFFICE_NOUNS = frozenset("office post tenure term duties role position title helm seat career".split())
STARTING_VERBS = frozenset("take assume start begin".split())
# (end of the events section)

# Calendar words the model sometimes takes for a name ("Saturday, 26 March").
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)

# Time-zone abbreviations after a clock time ("10:00 GMT"): never an organisation.
TIME_ZONES = frozenset(
    "GMT UTC IST EST EDT CST CDT MST MDT PST PDT BST CET CEST EET EEST WET WEST JST KST HKT SGT AEST AEDT "
    "ACST AWST NZST NZDT MSK WIB PHT ICT PKT GST AST ADT HST AKST".split()
)

# Abbreviations inside a place's name, whose full stop does not end it: "Mount St. Anne", "Mt. Vernon".
PLACE_ABBREVIATIONS = frozenset("st ste mt ft pt".split())

# Verbs of moving, in all their forms, whose goal or source ("came to X from Y") is a place.
MOTION_VERBS = frozenset(
    "come comes came coming go goes went gone going move moves moved moving travel travels traveled "
    "travelled traveling travelling return returns returned returning arrive arrives arrived arriving "
    "relocate relocates relocated relocating fly flies flew flown flying drive drives drove driven driving "
    "migrate migrates migrated migrating emigrate emigrates emigrated emigrating immigrate immigrates "
    "immigrated immigrating".split()
)
# Prepositions of a motion's goal or source.
MOTION_PREPOSITIONS = frozenset("to from into".split())

# Prepositions that open a sentence before a name ("Under Okafor's leadership"): not part of it.
PREPOSITIONS = frozenset(
    "under with for from by to at in on after before during without about against among between into "
    "through over upon via per like unlike than as including despite since until".split()
)

# Nouns for a person that stand in apposition before a name ("its candidate, Ana Ruiz,").
PERSON_NOUNS = frozenset(
    "candidate nominee successor predecessor wife husband widow widower son daughter mother father "
    "brother sister colleague aide adviser advisor friend lawyer spokesperson spokesman spokeswoman "
    "leader chair chairman chairwoman president secretary minister director founder member deputy "
    "treasurer official activist organizer organiser economist historian author writer".split()
)


# -- statements --
def _verb_forms(table: str) -> dict[str, str]:
    """Each line is a lemma followed by its inflected forms: form -> lemma."""
    out: dict[str, str] = {}
    for line in table.strip().splitlines():
        words = line.split()
        out.update({word: words[0] for word in words})
    return out


# Verbs that report a claim (the reporting verbs of news style guides): what follows them (a clause, or
# for some an object) is reported speech.
CLAIM_VERBS = _verb_forms("""
say says said saying
state states stated stating
add adds added adding
note notes noted noting
tell tells told telling
recall recalls recalled recalling
respond responds responded responding
reply replies replied replying
answer answers answered answering
explain explains explained explaining
insist insists insisted insisting
warn warns warned warning
caution cautions cautioned cautioning
stress stresses stressed stressing
emphasise emphasises emphasised emphasising
emphasize emphasizes emphasized emphasizing
underline underlines underlined underlining
underscore underscores underscored underscoring
reaffirm reaffirms reaffirmed reaffirming
reiterate reiterates reiterated reiterating
argue argues argued arguing
announce announces announced announcing
declare declares declared declaring
remark remarks remarked remarking
comment comments commented commenting
mention mentions mentioned mentioning
claim claims claimed claiming
allege alleges alleged alleging
charge charges charged charging
accuse accuses accused accusing
assert asserts asserted asserting
affirm affirms affirmed affirming
acknowledge acknowledges acknowledged acknowledging
admit admits admitted admitting
confirm confirms confirmed confirming
deny denies denied denying
reveal reveals revealed revealing
disclose discloses disclosed disclosing
describe describes described describing
observe observes observed observing
predict predicts predicted predicting
estimate estimates estimated estimating
forecast forecasts forecasted forecasting
promise promises promised promising
pledge pledges pledged pledging
vow vows vowed vowing
assure assures assured assuring
suggest suggests suggested suggesting
propose proposes proposed proposing
recommend recommends recommended recommending
advise advises advised advising
urge urges urged urging
demand demands demanded demanding
maintain maintains maintained maintaining
contend contends contended contending
concede concedes conceded conceding
conclude concludes concluded concluding
complain complains complained complaining
report reports reported reporting
write writes wrote written writing
tweet tweets tweeted tweeting
post posts posted posting
point points pointed pointing
""")

# Verbs that introduce a direct quote but do not report a claim with a clause of their own.
QUOTE_ONLY_VERBS = _verb_forms("""
ask asks asked asking
continue continues continued continuing
exclaim exclaims exclaimed exclaiming
shout shouts shouted shouting
cry cries cried crying
remember remembers remembered remembering
joke jokes joked joking
""")

# Verbs of asking: an "if" or "whether" clause after them is reported speech, an indirect question
# ("asked if the jury had agreed", "inquired whether the plant would close").
QUESTION_VERBS = _verb_forms("""
ask asks asked asking
inquire inquires inquired inquiring
enquire enquires enquired enquiring
""")

# Documents through which an organisation speaks: "the statement said", "a release from the ministry said".
STATEMENT_DOCUMENTS = frozenset(
    "statement release communique communiqué announcement readout bulletin circular declaration".split()
)

# Adjectives of feeling before "to" and a verb of saying that make the verb the act itself, not a plan:
# "is pleased to announce", "was saddened to report", "are proud to say".
FEELING_ADJECTIVES = frozenset(
    "pleased happy glad delighted proud thrilled excited honoured honored privileged grateful saddened sad "
    "sorry relieved disappointed".split()
)

# Verbs whose object alone is the claim: "reaffirmed the party's commitment to …", "denied the report",
# "urged the council to act", "proposed a new contract".
OBJECT_CLAIM_LEMMAS = frozenset(
    "announce reaffirm reiterate stress emphasise emphasize underline underscore confirm deny urge "
    "propose recommend demand accuse".split()
)

# Verbs of accusing and characterising: the object with the phrase of its preposition is the claim
# ("charged the board with breaking the deal", "branded the report as a lie", "blamed Acme for the delay").
OBJECT_PHRASE_CLAIMS = {
    "accuse": "of", "charge": "with", "blame": "for", "brand": "as", "label": "as", "describe": "as",
    "dismiss": "as", "portray": "as", "characterise": "as", "characterize": "as", "hail": "as",
    "denounce": "as", "condemn": "as",
}  # fmt: skip
OBJECT_PHRASE_CLAIM_VERBS = _verb_forms("""
blame blames blamed blaming
brand brands branded branding
label labels labelled labeled labelling labeling
dismiss dismisses dismissed dismissing
portray portrays portrayed portraying
characterise characterises characterised characterising
characterize characterizes characterized characterizing
hail hails hailed hailing
denounce denounces denounced denouncing
condemn condemns condemned condemning
""")

# Nouns of saying whose "that" clause is the claim, when their speaker makes or issues them: "made the
# charge that …", "issued a warning that …", "repeated its claim that …".
SAYING_NOUNS = frozenset(
    "charge claim assertion allegation accusation warning promise pledge assurance statement announcement "
    "argument prediction contention admission complaint".split()
)
UTTERING_VERBS = _verb_forms("""
make makes made making
issue issues issued issuing
repeat repeats repeated repeating
renew renews renewed renewing
reiterate reiterates reiterated reiterating
voice voices voiced voicing
give gives gave given giving
level levels levelled leveled levelling leveling
""")

# Phrasal verbs of saying whose prepositional object is the claim: "called for a ceasefire".
PREPOSITION_CLAIMS = {"call": "for"}
PREPOSITION_CLAIM_VERBS = _verb_forms("call calls called calling")

# Nouns naming the reported event; a statement in the past tense after one is said at that event.
MEETING_WORDS = frozenset(
    "meeting meetings met meet meets talks conference convention summit congress forum session "
    "assembly rally visit visited ceremony".split()
)


# -- roles: titles of office and the words around them ----------------------------------------
# Abbreviated titles of office (AP and Chicago style lists) and the word a role's label spells out.
TITLE_ABBREVIATIONS = {
    "sen": "senator", "rep": "representative", "gov": "governor",
    "gen": "general", "col": "colonel", "lt": "lieutenant", "capt": "captain", "cmdr": "commander",
    "sgt": "sergeant", "adm": "admiral", "maj": "major", "cpl": "corporal", "amb": "ambassador",
    "atty": "attorney", "supt": "superintendent", "pres": "president", "sec": "secretary",
    "treas": "treasurer", "dir": "director", "asst": "assistant", "assoc": "associate", "dep": "deputy",
    "mgr": "manager", "chmn": "chairman", "comr": "commissioner", "insp": "inspector", "det": "detective",
}  # fmt: skip
# Nouns that head an office held in an organisation; they take the organisation of a coordinated title
# ("president and CEO of Acme") or, said of a person, of the sentence ("Jane Doe, President,").
OFFICES = frozenset(
    "president chair chairman chairwoman chairperson cochair secretary treasurer director officer ceo cfo "
    "coo cto cio chief minister premier chancellor governor mayor senator representative congressman "
    "congresswoman councilor councillor councilmember councilman councilwoman ambassador envoy consul "
    "commissioner spokesperson spokesman spokeswoman member delegate leader head founder cofounder "
    "organizer organiser coordinator convenor convener manager administrator superintendent dean provost "
    "rector trustee steward partner executive official aide adviser advisor counsel deputy elect "
    "secretary-general king queen emperor monarch pope general colonel captain commander lieutenant "
    "sergeant admiral marshal judge justice magistrate prosecutor attorney professor lecturer principal "
    "employee staffer worker editor rep sen gov amb atty supt gen col capt sgt adm cmdr maj lt".split()
)
# Occupations: a role of their own, tied to an organisation only when the text names one.
OCCUPATIONS = frozenset(
    "historian journalist writer author activist economist scholar academic scientist analyst commentator "
    "columnist correspondent reporter photographer poet novelist artist musician filmmaker lawyer teacher "
    "nurse doctor physician engineer farmer pastor priest researcher educator student veteran".split()
)
ROLE_HEADS = OFFICES | OCCUPATIONS
# Endings of occupation nouns: "steelworker", "electrician", "economist", "toolmaker".
OCCUPATION_ENDINGS = ("worker", "ist", "ian", "maker", "smith", "wright")
NOT_OCCUPATIONS = frozenset("list wrist twist christian civilian guardian median russian italian asian".split())
# Words inside a title that the tagger may not read as noun or adjective ("acting", "co-", "non-").
TITLE_MODIFIERS = frozenset(
    "co non vice ex acting interim managing founding presiding ruling governing outgoing incoming".split()
)
# Titles whose complement is always a body: "a member of the union's executive".
BODY_MEMBERS = frozenset("member delegate representative".split())
# Titles of the members of a body: before a name they still belong to a body ("Trustees Lee and Ng").
MEMBER_TITLES = BODY_MEMBERS | frozenset("trustee councillor councilor alderman steward governor".split())
# Modifiers that make a different role: "vice president" is not "president".
RANK_MODIFIERS = frozenset(
    "vice deputy assistant associate co non ex former acting interim honorary executive senior".split()
)
# Words that mark a title as one the person no longer holds: "former president", "ex-chair".
FORMER_WORDS = frozenset("former ex onetime one-time then erstwhile past retired outgoing".split())
# Modifiers that may stand before an organisation's possessive and still modify the title:
# "the former Social Democrats' secretary general", "the new union's president".
PRE_OWNER_MODIFIERS = FORMER_WORDS | frozenset("new incoming".split())
# Words after a head that belong to the title: "chair emeritus", "president-elect".
POSTPOSITIVE = frozenset("emeritus emerita elect designate".split())
# Time words before a title that are not part of it: "current chairman".
DEICTIC = frozenset("current currently then newly now still also longtime".split())
# Judgements, not titles: "the right leader", "the best president".
EVALUATIVE = frozenset("right wrong good great better best perfect ideal true real natural strong worthy".split())
DETERMINERS = frozenset("a an the this that his her their its our my your".split())
PERSONAL_OWNERS = frozenset("his her my your".split())
REFERRING_OWNERS = frozenset("its their".split())  # refer back to an organisation named before
POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
HYPHENS = frozenset({"-", "\u2013", "\u2010", "\u2011"})
COPULAS = frozenset("is was are were be been 's remain remains remained become becomes became".split())
VERB_GROUP = COPULAS | frozenset(
    "will would shall can could may might must has have had also now still currently already then later "
    "soon once previously formerly to being unanimously recently".split()
)
APPOINT_VERBS = frozenset(
    "elected reelected appointed named chosen selected nominated promoted installed confirmed designated "
    "tapped hired made".split()
)
RESIGN_WORDS = frozenset(
    "resign resigns resigned resigning resignation step steps stepped stepping retire retires retired "
    "retiring retirement quit quits quitting left leaves leaving depart departs departed departing former".split()
)
SUBJECT_PRONOUNS = frozenset("he she".split())
OBJECT_PRONOUNS = frozenset("him her".split())
POSTS = frozenset("post position office role rank seat title job capacity".split())  # "elected to the post of chair"
# Nouns of choosing someone: "the election of Lee as president".
CHOOSING_NOUNS = frozenset("election reelection re-election appointment nomination selection choice promotion".split())
SUCCEED_VERBS = frozenset("succeed succeeds succeeded succeeding replace replaces replaced replacing".split())
# Verbs that say who holds an office: "chairs the committee" is its chair, "joined the union" a member.
OFFICE_VERBS = {
    **dict.fromkeys("chair chairs chaired chairing co-chair co-chairs co-chaired".split(), "chair"),
    **dict.fromkeys("head heads headed heading".split(), "head"),
    **dict.fromkeys("direct directs directed directing".split(), "director"),
    **dict.fromkeys("found founds founded co-founded cofounded".split(), "founder"),
    **dict.fromkeys("preside presides presided presiding".split(), "president"),
    **dict.fromkeys("manage manages managed managing".split(), "manager"),
    **dict.fromkeys("join joins joined joining rejoined".split(), "member"),
}
NON_ROLE_AS = frozenset("such well soon long far much".split())  # "such as", "as well as", "as soon as"
COMPLEMENT_PREPS = frozenset("of at for with to".split())
