"""Word lists the article parser reasons with: speech verbs, titles, role nouns.

Everything here is data plus the small functions that expand it (verb
inflections). The lists are general English newswriting vocabulary, not
tuned to any one article: a journalist would recognise every entry.
"""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` as a set (word lists read naturally)."""
    return frozenset(text.split())

# Irregular speech verbs: lemma -> (third person, past, past participle, -ing).
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "tweet": ("tweets", "tweeted", "tweeting"),
    "go on": ("goes on", "went on", "going on"),
    "point out": ("points out", "pointed out", "pointing out"),
    "put it": ("puts it", "putting it"),
    "hit back": ("hits back", "hit back", "hitting back"),
    "lash out": ("lashes out", "lashed out", "lashing out"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "read": ("reads", "reading"),
    "chime in": ("chimes in", "chimed in", "chiming in"),
    "shoot back": ("shoots back", "shot back", "shooting back"),
    "fire back": ("fires back", "fired back", "firing back"),
    "push back": ("pushes back", "pushed back", "pushing back"),
    "sum up": ("sums up", "summed up", "summing up"),
    "cut in": ("cuts in", "cut in", "cutting in"),
    "want to know": ("wants to know", "wanted to know", "wanting to know"),
}

#: Lemmas of the verbs that introduce a quoted statement (the "cue").
SPEECH_VERBS: tuple[str, ...] = (
    "say", "tell", "add", "state", "warn", "confirm", "insist", "argue", "write",
    "conclude", "note", "claim", "deny", "explain", "admit", "acknowledge", "announce",
    "assert", "ask", "answer", "reply", "respond", "declare", "maintain", "contend",
    "suggest", "stress", "emphasise", "emphasize", "observe", "remark", "recall",
    "report", "reveal", "predict", "promise", "pledge", "vow", "urge", "complain",
    "lament", "joke", "quip", "tweet", "post", "testify", "concede", "boast", "brag",
    "continue", "describe", "characterise", "characterize", "accuse", "allege",
    "caution", "reiterate", "repeat", "comment", "mention", "tout", "counter",
    "retort", "scoff", "shout", "yell", "cry", "whisper", "muse", "wonder", "proclaim",
    "affirm", "demand", "plead", "recount", "elaborate", "clarify", "estimate",
    "criticise", "criticize", "praise", "mock", "dismiss", "blast", "slam", "rebut",
    "call", "label", "brand", "decry", "denounce", "condemn", "hail", "chide", "scold",
    "interject", "volunteer", "offer", "advise", "inform", "assure", "remind", "snap",
    "exclaim", "sing", "chant", "agree", "disagree", "object", "protest", "attack",
    "go on", "point out", "hit back", "lash out", "speak", "swear", "read", "email",
    "text", "message", "signal", "indicate", "underline", "highlight", "summarise",
    "summarize", "specify", "attest", "attribute", "preach", "quote", "cite", "thank",
    "put it", "laud", "applaud", "commend", "bark", "grouse", "fume", "implore", "chime in",
    "exhort",
    "bemoan", "ponder", "speculate", "gush", "rail", "rant", "thunder", "sneer", "marvel",
    "gripe", "vent", "concur", "opine", "reason", "surmise", "interrupt", "beg", "plead",
    "scream", "holler", "mutter", "murmur", "gasp", "rave", "shoot back", "fire back",
    "push back", "sum up", "chuckle", "laugh", "sigh", "insist", "acknowledge", "lament",
    "exult", "crow", "huff", "grumble", "growl", "bristle", "assail", "deride", "ridicule",
    "taunt", "warn", "caution", "retort", "recollect", "reminisce", "confide", "confess",
    "declare", "profess", "contend", "posit", "theorise", "theorize", "hypothesise",
    "hypothesize", "emphasise", "emphasize", "remember", "riff", "react", "retaliate", "cut in",
    "question", "press", "smile", "want to know",
)

# Verbs whose final consonant doubles before -ed/-ing.
_DOUBLING = frozenset({"admit", "quip", "regret", "commit", "rebut", "slam", "snap", "chat",
                       "plan"})


def inflections(lemma: str) -> tuple[str, ...]:
    """Every form of a speech verb: ``say`` -> say, says, said, saying.

    Regular verbs are inflected by the usual spelling rules (``-e`` dropped
    before ``-ing``, ``-y`` to ``-ies``/``-ied``, doubled final consonants);
    irregular ones come from a table.
    """
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma in _DOUBLING:
        return (lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing")
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


def _alternation(words: set[str]) -> str:
    # Longest first, so that "said" never wins over "said to" style longer forms
    # and multi-word cues ("went on") are tried before their first word.
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


#: Every inflected form of every speech verb.
SPEECH_FORMS: frozenset[str] = frozenset(f for lemma in SPEECH_VERBS for f in inflections(lemma))
#: Verbs that can come before their subject ("…," said the minister).
#: "tell" cannot: in "told the paper" the noun phrase is the listener.
_INVERTIBLE = {"say", "add", "write", "ask", "continue", "explain", "reply", "respond",
               "answer", "note", "recall", "insist", "argue", "warn", "declare", "observe",
               "remark", "conclude", "joke", "quip", "muse", "wonder", "counter", "retort",
               "exclaim", "tweet", "state", "claim", "complain", "interject", "go on",
               "whisper", "shout", "yell", "cry", "snap", "scoff", "comment", "suggest",
               "concede", "admit", "confirm", "acknowledge", "predict", "announce", "report",
               "bark", "fume", "gush", "chime in", "thunder", "sneer", "marvel",
               "scream", "holler", "mutter", "murmur", "gasp", "shoot back", "fire back",
               "laugh", "sigh", "chuckle", "grumble", "growl", "crow", "read", "lament",
               "emphasise", "emphasize", "confide", "confess", "opine", "implore", "exhort",
               "plead", "beg", "agree", "remember", "riff", "react", "retaliate",
               "cut in", "press", "smile"}
INVERTIBLE_FORMS: frozenset[str] = frozenset(
    f for lemma in SPEECH_VERBS if lemma in _INVERTIBLE for f in inflections(lemma)
)

#: A speech cue in running text: a verb form, or the phrase "according to".
#: Case matters: a verb in running text is lower case, while "The Post" or "Reports"
#: at the head of a sentence are names and headings.
CUE_RE = re.compile(
    r"(?<![\w'’-])([Aa]ccording\s+to|Said|Says|Added|Asked|Wrote|Writes|Stated|Tweeted|per(?=\s+(?:the|a|an|his|her|their|its|[A-Z]))|(?:was|were|is|are|been)\s+quoted\s+as\s+saying|"
    + _alternation(set(SPEECH_FORMS))
    + r")(?![\w'’-])"
)

#: The words a cue can start with (case as written): only at these does :data:`CUE_RE`
#: need to be tried, which is far cheaper than running its long alternation everywhere.
CUE_FIRST_WORDS: frozenset[str] = frozenset(
    {f.split()[0] for f in SPEECH_FORMS}
    | {"According", "according", "Said", "Says", "Added", "Asked", "Wrote", "Writes", "Stated",
       "Tweeted", "per", "was", "were", "is", "are", "been"}
)
#: A word start, to find the candidates for :data:`CUE_FIRST_WORDS`.
WORD_START_RE = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")

#: Words before a verb form that make it a noun ("the report", "his statement").
DETERMINERS = frozenset(
    {"the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that",
     "these", "those", "no", "any", "every", "each", "whose", "such", "own", "first",
     "last", "latest", "new"}
)

#: Words before a verb that make it passive or not a statement ("were said to").
PASSIVE_BEFORE = frozenset({"is", "was", "were", "are", "be", "been", "being", "'s", "’s"})

#: Honorifics and offices written before a name; they are not part of it.
TITLES = word_set("""mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev.
    fr fr.
    sen sen. senator rep rep. representative congressman congresswoman gov gov. governor
    lt lt. gen gen. col col. maj maj. capt capt. sgt sgt. adm adm. cmdr cmdr. gen. general
    president vice secretary minister premier chancellor king queen prince princess pope
    judge justice chief mayor ambassador commissioner chairman chairwoman chair speaker
    director sheriff attorney officer detective inspector superintendent councillor
    councilman councilwoman del del. delegate assemblyman assemblywoman pastor bishop
    cardinal rabbi imam saint st st. retired former interim acting deputy
    """)

#: Titles that tell a person's gender.
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "congressman",
                         "chairman", "councilman", "assemblyman", "father", "fr", "fr."})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen",
                           "princess", "congresswoman", "chairwoman", "councilwoman",
                           "assemblywoman", "sister"})

#: Nouns that name a person by role ("the diplomat"); the key is the head noun.
HUMAN_NOUNS = word_set("""spokesperson spokesman spokeswoman diplomat official officer minister
    senator
    congressman congresswoman lawmaker legislator politician president candidate nominee
    governor mayor secretary chairman chairwoman chair director executive ceo founder
    lawyer attorney prosecutor judge justice professor scholar expert analyst economist
    researcher scientist historian strategist adviser advisor aide consultant source
    insider activist campaigner organiser organizer leader chief head commander general
    soldier veteran witness resident neighbour neighbor voter supporter critic opponent
    ally member manager owner developer investor banker trader broker teacher student
    doctor nurse surgeon physician officer detective sheriff agent inspector journalist
    reporter correspondent editor writer author columnist commentator host presenter
    narrator announcer actor actress singer musician artist director producer player
    coach captain striker manager referee athlete champion pastor priest bishop rabbi
    imam preacher mother father son daughter wife husband brother sister friend woman man
    girl boy person citizen worker employee engineer farmer miner driver pilot survivor
    victim lawmaker delegate representative ambassador envoy negotiator mediator
    intermediary regulator inspector auditor treasurer chancellor premier monarch king
    queen prince princess ruler dictator commissioner superintendent councillor
    councilman councilwoman staffer operative pollster fundraiser donor billionaire
    businessman businesswoman entrepreneur designer architect economist official
    """)
#: Plural role nouns, for "they".
HUMAN_PLURALS = word_set("""officials diplomats members sources experts analysts critics
    lawmakers legislators
    politicians leaders residents voters supporters opponents activists campaigners
    protesters protestors workers employees investors economists researchers scientists
    historians advisers advisors aides officers soldiers police officials ministers
    senators representatives democrats republicans participants negotiators parents
    students teachers doctors nurses executives insiders observers commentators
    journalists reporters editors authors organisers organizers witnesses neighbours
    neighbors citizens people americans britons europeans russians ukrainians staff
    prosecutors lawyers attorneys judges governors mayors authorities investigators
    regulators unions fans players families relatives friends organizers donors
    pollsters strategists consultants delegates envoys sponsors bankers traders
    brokers analysts spokespeople spokesmen families victims survivors plaintiffs
    defendants scholars professors mothers fathers women men groups tories conservatives
    liberals nationalists unionists socialists
    """)
#: Groups a writer cites without naming anyone ("critics say", "analysts said"): the
#: classic weasel plurals, by their singular head noun.
WEASEL_HEADS = word_set("""critic expert analyst observer commentator pundit economist
    sceptic skeptic detractor opponent insider people""")
#: Quantifiers that leave a plural unnamed ("some delegates", "many experts").
VAGUE_QUANTIFIERS = word_set("some many most several various numerous other others few")
#: Nouns for an organisation, a document or a publication ("the ministry said").
THING_NOUNS = word_set("""ministry department government administration agency office
    commission committee
    council company firm group organisation organization campaign party union bank
    court panel board institute foundation association report study survey poll letter
    statement memo document complaint lawsuit filing ruling decision order analysis
    newspaper paper publication outlet daily magazine broadcaster network channel
    website site blog ad advertisement clip video film book post tweet spokesperson
    team band club league federation embassy kremlin white house police service military
    army navy force regime cabinet parliament congress senate house assembly
    coalition alliance bureau authority regulator watchdog charity network station
    """)

#: Head nouns that all mean "a news outlet", so "the newspaper" can find "The Times".
OUTLET_NOUNS = frozenset(
    {"newspaper", "paper", "publication", "outlet", "daily", "magazine", "broadcaster",
     "network", "channel", "website", "site", "agency", "tabloid", "weekly"}
)

#: Words that mark a capitalised name as a news outlet.
OUTLET_WORDS = word_set("""times post news journal press herald tribune telegraph guardian
    gazette observer
    independent mail express mirror sun standard chronicle globe reuters bloomberg
    politico axios pravda interfax tass ria afp ap bbc cnn nbc abc cbs fox msnbc npr pbs
    sky itv cnbc reporter insider examiner inquirer dispatch review weekly daily today
    magazine radio tv television agency wire breitbart huffpost huffington vox slate
    atlantic economist spectator forbes fortune newsweek inews buzzfeed kommersant
    vedomosti izvestia meduza ukrinform unian euronews aljazeera jazeera al-jazeera
    dpa xinhua kyodo yonhap wsj nyt ft ledger courier bulletin sentinel record register
    monitor digest wire
    """)

#: Words that mark a capitalised name as an organisation rather than a person.
ORG_WORDS = OUTLET_WORDS | word_set("""ministry department office committee commission council
    party house senate congress
    parliament court university college institute foundation association union bank
    company corporation corp inc ltd plc llc group agency service services campaign
    center centre church club league federation authority board bureau administration
    government cabinet kremlin pentagon army navy police school hospital network
    coalition alliance organisation organization fund trust society security nations
    forces force embassy fbi cia nsa nato un eu fcdo gop dnc rnc
    """)

#: Capitalised words that are never the start of a name (sentence openers and the like).
CAP_STOPWORDS = word_set("""the a an and but or nor so yet for in on at by to of from with as
    if when while
    after before since until because although though however meanwhile moreover also
    nevertheless nonetheless furthermore besides additionally consequently likewise
    still then there here this that these those it its he she they we i you his her
    their our my your him them us me what who whom which where why how yes no not
    some many most more much several few all both each every any one two three four five
    six seven eight nine ten last next first second third new former late earlier later
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec today yesterday tomorrow tonight according during despite
    unlike like under over about against between among through without within instead
    even just only perhaps maybe now once again already indeed thus hence therefore
    source sources details background context update quote photo image read
    said says added adds asked wrote
    does did do is was were has had have could should would must
    """)

#: Pronouns that can be a speaker, by number and gender.
PRONOUN_GENDER = {"he": "m", "she": "f", "him": "m", "her": "f"}
SINGULAR_PRONOUNS = frozenset({"he", "she"})
PLURAL_PRONOUNS = frozenset({"they", "we"})
THING_PRONOUNS = frozenset({"it"})
FIRST_PERSON = frozenset({"i", "we"})
ALL_PRONOUNS = SINGULAR_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | FIRST_PERSON

#: Gendered role nouns.
MALE_NOUNS = frozenset({"spokesman", "chairman", "congressman", "businessman", "councilman",
                        "father", "son", "husband", "brother", "man", "boy", "king",
                        "prince", "actor", "assemblyman"})
FEMALE_NOUNS = frozenset({"spokeswoman", "chairwoman", "congresswoman", "businesswoman",
                          "councilwoman", "mother", "daughter", "wife", "sister", "woman",
                          "girl", "queen", "princess", "actress", "assemblywoman"})

#: Words that end a noun phrase read backwards from a verb: a new clause starts.
CLAUSE_WORDS = word_set("""what how why that and but or nor because while whereas although
    though if as so since after
    before until unless when whenever where which whom whose then than once yet
    is was were are be been being has have had do does did will would shall should can
    could may might must not never
    """)

#: Adverbs and auxiliaries that can sit between a subject and its speech verb.
BETWEEN_SUBJECT_AND_VERB = word_set("""also later then again previously recently repeatedly
    often once further
    subsequently initially first finally earlier quickly quietly publicly privately
    openly reportedly allegedly simply flatly bluntly angrily firmly has have had
    will would could can may might did does do had has just already even still
    separately similarly likewise nonetheless however yesterday today tonight now
    himself herself themselves itself meanwhile too though instead nevertheless
    """)

#: Phrases before a quote that make it a term or a title, not a statement.
TERM_INTRO_RE = re.compile(
    r"(?:\bknown\s+as|\bso[-\s]called|\bdubbed|\btermed|\btitled|\bentitled|\bnicknamed|"
    r"\bnamed|\bcalled|\bbranded\s+as|\blabell?ed\s+as|\breferred\s+to\s+as|\bthe\s+"
    r"(?:term|phrase|words?|slogan|motto|hashtag|label|title|headline|name|expression|"
    r"catchphrase|book|film|movie|show|series|song|album|programme|program|documentary|"
    r"play|novel|campaign|operation|initiative|doctrine|strategy|plan|policy|act|bill))"
    r"\s*[,:]?\s*$",
    re.IGNORECASE,
)
# The last word of every TERM_INTRO_RE match, in lower case.
_TERM_ENDINGS = ("as", "called", "dubbed", "termed", "titled", "named", "term", "phrase",
                 "word", "words", "slogan", "motto", "hashtag", "label", "title", "headline",
                 "name", "expression", "book", "film", "movie", "show", "series", "song",
                 "album", "programme", "program", "documentary", "play", "novel", "campaign",
                 "operation", "initiative", "doctrine", "strategy", "plan", "policy", "act",
                 "bill")


def introduces_term(text: str) -> bool:
    """Whether ``text`` ends with what :data:`TERM_INTRO_RE` finds ("known as", "the
    slogan"). The pattern is tried at every position; an ASCII text whose end (past white
    space and one comma or colon) is none of its last words cannot match, and most are not."""
    if text.isascii():
        end = text.rstrip()
        if end.endswith((",", ":")):
            end = end[:-1].rstrip()
        if not end.lower().endswith(_TERM_ENDINGS):
            return False
    return TERM_INTRO_RE.search(text) is not None


#: Common English given names, to tell "he" from "she" when nothing else does.
MALE_FIRST_NAMES = word_set("""james john robert michael william david richard joseph thomas
    charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
    jerry tyler aaron jose adam nathan henry douglas zachary peter kyle walter ethan jeremy
    harold keith christian roger noah gerald carl terry sean austin arthur lawrence jesse
    dylan bryan joe jordan billy bruce albert willie gabriel logan alan juan wayne roy ralph
    randy eugene vincent russell elijah louis bobby philip johnny bill barack mitt bernie
    mike tom tim jim bob ted chris rick newt rudy chuck dick joe tony boris vladimir emmanuel
    francois olaf rishi keir nigel gordon hugh ian neil simon nick ben sam dan max oliver
    harry charlie jacob alfie freddie leo oscar archie luke liam mohammed ahmed ali omar
    sergei sergey dmitry volodymyr viktor igor oleksandr andriy pierre jean hans klaus""")
FEMALE_FIRST_NAMES = word_set("""mary patricia jennifer linda elizabeth barbara susan jessica
    sarah karen lisa nancy
    betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa
    deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
    pamela emma nicole helen samantha katherine christine debra rachel carolyn janet
    catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren
    christina joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa
    ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber
    doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie
    kayla alexis lori hillary hilary chelsea michelle nancy kamala elizabeth melania ivanka
    sarah theresa angela ursula marine giorgia liz kemi yvette priti jacinda nicola tulsi
    condoleezza madeleine nikki kellyanne huma donna minyon claire gwen stacey maxine
    elaine debbie jill ava malkia carla krystal esther azucena karen stephanie martha ariana
    julie christina adriana jacklyn sonya pamela yulia olena iryna natalia svetlana""")


def word_alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of ``words`` factored by common prefix (a trie), so that the
    engine tries a few characters at a position instead of every word in turn. Which
    word matches is not decided by order: callers bound the word on both sides."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return emit(trie)
