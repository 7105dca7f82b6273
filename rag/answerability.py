"""Answerability by answer type: refuse what the passages do not state, even when the topic matches.

Topic similarity (``rag.refusal.evidence_score``) says whether the passages are *about* the question.
That is not enough: "how many hours a week must I study?" is about the roadmap's levels, but the roadmap
gives only month ranges. So the question is first classified by **what kind of answer it asks for**
(:func:`asked_for`): a quantity, a duration, a version, a price, a date, a code, a person or an
organisation, a yes/no about a named thing, a how-to. Then :func:`check_answerable` looks in the
retrieved passages for an answer *of that kind* — a number with the asked unit, a month range, a version
number, a year, a course code, a name attached to the asked item, the asked action — and reports what is
missing when none is there. No LLM call; deterministic; works for every backend.

The passages are looked at item by item (a list item or a sentence), so a name or a price elsewhere in
the same section does not answer a question about another item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.schema import Hit
from rag.terms import (
    ABBREVIATIONS,
    COUNTS_AS_PREREQ,
    EVERY_LEVEL,
    LEVEL_NUMBER,
    PATH_NAME_WORDS,
    PATHS_COMPARED_ON,
    SLASH_WRITTEN,
    STAGE_CHOICE,
    STAGE_YES_NO,
    STOPWORDS,
    TOOLS_FOR_Q,
    asking_part,
    content_terms,
    expand_query,
    from_asking_sentence,
    month_point_numbers,
    named_terms,
    own_question,
    stem,
    tokens,
    tool_names,
    without_asker,
)

__all__ = ["AskedFor", "Verdict", "asked_for", "check_answerable", "focus_covered", "passage_items", "PERSON_PATTERN", "ORG_PATTERN"]


@dataclass(frozen=True)
class AskedFor:
    """What kind of answer a question asks for."""

    kind: str  # quantity | duration | version | price | date | code | person | org | yesno | howto | open
    detail: str = ""  # the unit, the attribute or the action asked about ("hours", "degree", "install")
    focus: frozenset[str] = frozenset()  # content terms naming the thing asked about (stems)
    recommended: bool = False  # "how many X should I ..." (a recommended number) vs "how many X are there"


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    asked: AskedFor
    missing: str = ""  # what the passages do not do, as a verb phrase: "give a number of hours"


# --- value patterns: what an answer of each kind looks like in a passage ------------------------------
_NUMBER = r"(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several)"
_DURATION_UNITS = ("minute", "hour", "day", "week", "month", "year")
_DURATION_ANY = re.compile(rf"\b\d+\s*(?:[-–]\s*\d+\s*)?(?:{'|'.join(_DURATION_UNITS)})s?\b", re.I)
_VERSION = re.compile(r"\b(?:v(?:ersion)?\s*)?\d+\.\d+(?:\.\d+)?\b|\bversion\s+\d+\b", re.I)
_YEAR_OR_DATE = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\s+\d{1,2}\b",
    re.I,
)
_PRICE_AMOUNT = re.compile(r"[$€£¥]\s*\d|\b\d+\s*(?:usd|eur|dollars?|euros?)\b", re.I)  # a sum
_PRICE = re.compile(_PRICE_AMOUNT.pattern + r"|\bfree\b|\bpaid\b|\bcosts?\b|\bprice", re.I)
_AMOUNT_Q = re.compile(r"\bhow\s+much\b|\bpay(?:ing)?\b|\bdollars?\b|\beuros?\b|\bbucks\b|\b(?:a|per|each)\s+month\b|\bpric(?:e)?y\b"
                       r"|\bgo(?:es)?\s+for\b|\brun\s+out\b", re.I)
_CODE = re.compile(r"\b[A-Z]{2,5}-?\d{2,4}[A-Za-z]?\b")
_PERSON = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*'s\b|\(\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s*\)|\bby\s+[A-Z][a-z]+", re.U
)
_ORG = re.compile(r"\s[-–]\s+[A-Z][\w.]+|\(\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*\)|\bby\s+[A-Z]\w+|\bfrom\s+[A-Z]\w+")

_PUBLISHER = re.compile(r"\"\s+[-–]\s+[A-Z][\w.]+|\bpublished\s+by\b")

PERSON_PATTERN, ORG_PATTERN = _PERSON, _ORG

# Words naming an attribute a roadmap may not state; the question is answerable only if a passage item
# about the asked thing mentions the attribute (or a synonym) — e.g. "degree", "salary", "exam".
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "degree": ("degree", "diploma", "bachelor", "master's", "masters", "msc", "phd"),  # not "master" ("Master Course")
    "diploma": ("degree", "diploma"),
    "exam": ("exam", "certif"),
    "dataset": ("dataset", "data set"),  # "which dataset for the train CNN/RNN milestone? mnist?"
    "chapter": ("chapter",),  # "which chapters of Hands-On Machine Learning should i read?"
    "edition": ("edition",),
    "publisher": ("publisher", "published"),
    "score": ("score", "grade", "percent"),
    "pass mark": ("pass mark", "passing mark", "score", "percent"),  # "what's the pass mark for the AWS cert?"
    "grade": ("score", "grade"),
    "gpa": ("gpa",),
    "acceptance": ("acceptance", "accepted"),  # "what's ICML's acceptance rate these days?"
    "age": ("age", "old"),
    "instructor": ("instructor", "teacher", "professor", "taught"),
    "teacher": ("instructor", "teacher", "professor", "taught"),
    "professor": ("instructor", "teacher", "professor", "taught"),
    "author": ("author", "wrote", "written"),
    "rating": ("rating", "rated", "star", "review"),
    "ranking": ("rank",),
    "rank": ("rank",),  # "what kaggle rank should i reach …?"
    "salary": ("salary", "pay", "wage"),
    "internship": ("intern",),
    "employer": ("employer", "company", "hire"),
    "recruiter": ("recruit",),
    "visa": ("visa",),
    "prerequisite": ("prerequisite", "before", "require"),
    "hardware": ("hardware", "gpu", "laptop", "ram"),
    "gpu": ("gpu",),
    "laptop": ("laptop", "computer", "hardware"),
    "language": ("language", "python", "sql", "english"),
    "outdated": ("outdated", "obsolete", "deprecated"),  # "Isn't NLTK kind of outdated now?": an opinion it never gives
    "obsolete": ("outdated", "obsolete", "deprecated"),
    # "what Docker command do I run to containerize my FastAPI app?": a command line, which no roadmap item gives
    "command": ("command", "cli", "terminal", "$ "),
}
# Question words that only frame the question (never its focus).
_FRAME = frozenset(
    stem(w)
    for w in """roadmap path paths level levels learn learning study studying know need needs require
    required part cover covered covers mention mentioned include included recommend recommended should
    must take takes taking long much many what which who when where how does do is are it this that
    there good best okay ok enough week weekly per day daily hour hours minute minutes month months
    year years time version versions cost costs price fee fees free exam code number some any kind kinds particular certain
    type types sort sorts set sets specific exact""".split()
)

_HOW_MANY = re.compile(  # the counted noun is the last word before a verb, pronoun or preposition: "portfolio projects do i"
    r"\bhow\s+many\s+(?:[\w-]+\s+){0,2}?(\w+)(?=\s+(?:do|does|did|are|is|were|should|would|will|can|could|must|i|we|you"
    r"|to|per|a|an|in|for|on|before|of|am|does|total|exactly|roughly|approximately)\b|\s*[?.!,;:]|\s*$)(?P<rest>.*)"
    r"|\bhow\s+many\s+(?:\w+\s+){0,2}?(\w+)\b(?P<rest2>.*)"
    # "what's the minimum number of GitHub stars my projects should have?": a count, the noun after "number of"
    r"|\b(?:minimum|maximum|min|max|exact|ideal|right|target|recommended|total)\s+(?:number|amount|count)\s+of\s+"
    r"(?:[\w-]+\s+|/\s+){0,5}?(\w+)(?=\s+(?:do|does|should|would|must|i|my|we|you|to|per|in|for|on|before|is|are)\b|\s*[?.!,;:]|\s*$)"
    r"(?P<rest3>.*)",
    re.I,
)
_RECOMMENDED = re.compile(
    r"\b(should|must|(?:i|we|you)\s+(?:\w+\s+)?need|needed|need\s+to|have\s+to|ought|recommended|required|minimum|enough"
    r"|supposed\s+to|expected\s+to|expects?\s+(?:me|us|you)\s+to|wants?\s+(?:me|us|you)\s+to|before\s+(?:i|we|you)\s+can)\b", re.I
)
_PER_UNIT = re.compile(rf"\b(?:{'|'.join(_DURATION_UNITS)})s?\s+(?:a|per|each|every)\s+(\w+)|\b(daily|weekly)\b", re.I)
_HOW_LONG = re.compile(
    r"\bhow\s+long\b|\bmonths?[- ]wise\b|\b(?:which|what)\s+months?\b|\bat\s+what\s+point\b(?!\s+(?:in|of|on|along)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:milestones?|path|track|roadmap|levels?|stages?|steps?)\b)|\bwhen\s+(?:would|will|should|do|can)\s+i\s+"
    r"(?:be\s+)?(?:doing|do|start|reach|get\s+to|begin|finish)\b|\bhow\s+much\s+time\b|\bhow\s+(?:quickly|fast|soon)\b|\btime\s+(?:does|will|would)\s+it\s+take"
    r"|\btimeline\b|\bhow\s+(?:many|much)\s+(?:minute|hour|day|week|month|year)s?\b"
    # "do both tracks take the same amount of time? is the ML one longer?": durations compared
    r"|\b(?:take|takes|last|lasts)\s+(?:\w+\s+){0,2}?(?:longer|shorter|as\s+long|(?:the\s+)?same\s+(?:amount\s+of\s+)?time)\b"
    r"|\b(?:one|path|track)\s+(?:any\s+|much\s+|a\s+lot\s+)?(?:longer|shorter)\b|\b(?:the\s+)?same\s+(?:length|span|duration|timeframe|time\s+frame)\b",
    re.I,
)
_PACE = re.compile(r"\b\d+(?:\s*-\s*\d+)?\s*(?:hours?|hrs?|h)\s*(?:a|per|/|each|every)\s*(?:week|day|wk|night|weekend)\b", re.I)
_PACE_VERDICT = re.compile(r"\b(?:realistic|doable|feasible|achievable|enough|on\s+track|plan\s+for\s+(?:double|twice|longer|more)"
                           r"|take\s+(?:me\s+)?(?:longer|double|twice)|stretch|slower)\b", re.I)
_GRANULAR_UNIT = re.compile(r"\b(minute|hour|day|week)s?\b", re.I)
_DATE_Q = re.compile(
    r"\b(?:what|which)\s+(?:year|date|day)\b|\bwhen\b[^?]*\b(?:next|session|cohort|semester|term|enrol\w*|"
    r"registration|submission|conference\s+date)\b|\bwhen\s+(?:and\s+where\s+)?(?:was|were|did|is|will)\b[^?]*\b(?:releas|publish|updat|found|"
    r"creat|launch|written|writ|made|start|begin|open|due|held|announc|happen|tak\w*\s+place|revis|refresh|review|edit|chang)\w*|\brelease\s+date\b|\bdeadline\b|\bsince\s+when\b"
    r"|\bwhen\s*(?:and\s+where\s+)?(?:is|are|'s|’s)\b[^?]*\b(?:this|next)\s+year\b"
    r"|\bwhen\s*(?:is|are|'s|’s|does|do|will)\s+(?:the\s+)?(?:next\s+)?(?:neurips|icml|pydata|conference|summit|meetup)"
    r"|\b(?:next|upcoming)\s+(?:[\w.-]+\s+){0,3}dates?\b|\b(?:conference|event|exam|release|start)\s+dates?\b",
    re.I,
)
_MEMBERSHIP = re.compile(r"\b(?:mention\w*|list\w*|include\w*|cover\w*|recommend\w*|part\s+of|anywhere|somewhere|line\s+up\s+with"
                         r"|lines\s+up\s+with|fit\s+(?:in|into|with)|belong\s+(?:in|on|to)|show\s+up\s+(?:in|on)|appear\s+(?:in|on)"
                         r"|(?:in|on|inside)\s+(?:the|this)\s+(?:roadmap|list|guide)|on\s+there|in\s+there)\b", re.I)
_OWN_VERSION = re.compile(r"\b(?:own|its|their|an?|the\s+same|similar)\s+version\s+of\b", re.I)  # "its own version of that": a counterpart
_VERSION_Q = re.compile(r"\bversions?\b|\b(?:which|what)\s+(?:[\w.+#-]+\s+)?release\b|\b(?:python|pytorch|tensorflow|java|node|cuda)\s+\d+(?:\.\d+)*\b|\bv\d+\b|\blatest\s+release\b", re.I)
_PRICE_Q = re.compile(
    r"\b(?:cost|costs|price|prices|pricing|fees?|paid|pay\s+for|cheap|cheaper|cheapest|expensive|discount|subscription|tickets?)\b"
    r"|\bafford(?!\s+(?:to\s+)?(?:learn|study|focus|do|pick|choose|spend\s+(?:the\s+|much\s+)?time))"  # (not "only afford to learn one")
    r"|\bworth\s+(?:the\s+|my\s+|your\s+)?(?:money|price|cost|paying(?:\s+for)?|buying)\b"  # "is the udemy course worth the money?"
    r"|\bhow\s+much\s+(?:is|are|does|do|will)\b|\b(?:is|are)\s+(?:it|they|the\s+[\w\s\"'.-]{1,60}?|[\w.'-]+(?:\s+[\w.'-]+){0,2}?)\s+(?:actually\s+|really\s+|totally\s+)?free\b(?!\s+tiers?)|\bfor\s+free\b"
    r"|\b(?:per|a|each)\s+month\b[^?]{0,20}\b(?:run|cost|charge|bill)|\bbill(?:ed|ing)?\b"
    r"|\brun\s+(?:me|you|u|us|ya)\b"  # "what would pinecone run me per month?"
    r"|\bset\s+(?:me|you|u|us)\s+back\b"  # "what would the udemy course set me back?"
    r"|\b(?:pricey|pricy|overpriced|dollars?|bucks|euros?|usd)\b"  # "is the udemy course pricey? in dollars?"
    r"|\bpay(?:ing)?\b[^?]{0,30}\b(?:a|per|each)\s+(?:month|year)\b",  # "what would i roughly be paying a month"
    re.I,
)
_CODE_Q = re.compile(r"\b(?:exam|course|certification|cert|test)\s+(?:code|number|id)\b|\bcode\s+(?:for|of)\s+the\b", re.I)
_PERSON_Q = re.compile(
    # "who does the ml path recommend for math videos?" asks for a recommended resource, not a person
    r"^\s*who\b(?!\s+(?:does|do|did|would|should|will)\s+(?:[\w-]+\s+){1,4}?(?:recommend|suggest)\b)"
    r"|\bwho\s+(?:is|are|was|were|teaches|taught|wrote|writes|created|made|invented|runs|leads|gives)\b"
    r"|\b(?:which|what)\s+(?:instructor|teacher|professor|author|person|lecturer)s?\b|\bwho'?s\s+the\b",
    re.I,
)
_ORG_Q = re.compile(
    r"\b(?:which|what)\s+(?:(?:company|companies|employer|employers|organi[sz]ations?|firms?|startups?|universit(?:y|ies)"
    r"|unis?|schools?|colleges?|institutions?|publishers?|vendors?|brands?)\b(?:\s+or\s+)?)+"
    r"|\bwho\s+(?:publishes|published|puts\s+out|sells|hosts|offers|provides)\b"
    r"|\bwho(?:'s|\s+is|\s+was)\s+the\s+(?:publisher|provider|vendor|company|host)\b",
    re.I,
)
_ORG_UNSTATABLE = re.compile(
    r"\b(?:hire|hires|hiring|employ|employs|pay|pays|work\s+(?:at|for)|use|uses|using)\b"
    # "which university is behind the Coursera course?": a platform is named, not who made the course
    r"|\b(?:universit(?:y|ies)|unis?|colleges?|schools?|institutions?)\b[^?]{0,30}\b(?:behind|runs?|makes?|made|teach(?:es)?|created?|offers?)\b",
    re.I)
_PERCENT_Q = re.compile(
    r"\b(?:what|which)\s+(?:percentage|percent|share|proportion|fraction|ratio)\b|\bhow\s+much\s+of\s+my\b"
    r"|\bwhat\s+(?:(?:minimum|min|target|required|passing|acceptable|good\s+enough)\s+)?(?:accuracy|score|grade|f1|precision|recall|threshold|loss|benchmark\s+score)\b"  # a target number
    # ("what minimum accuracy should my basic ML models reach before I count the milestones as done?")
    # "what's the job placement rate for Udacity nanodegrees?", "whats the pass rate for the azure cert?"
    r"|\b(?:placement|pass|passing|success|completion|acceptance|drop-?out|hiring|employment|failure|fail|job)\s+rates?\b",
    re.I,
)
_RANKING_Q = re.compile(
    r"\b(?:which|what)\b[^?]{0,60}(?:\b(?:is|are|r|would\s+be)|['’]s)\s+(?:actually\s+|really\s+|honestly\s+|even\s+)?(?:the\s+)?(?:best|fastest|cheapest|easiest|"
    r"most\s+\w+|better|faster|easier|cheaper|harder|hardest|tougher|toughest|more\s+\w+|top)\b(?!\s+(?:way|place|order|start))(?![-\s]+(?:tier|level)s?\b)"
    # "FAISS, Pinecone, Weaviate. Fastest?": a superlative asked on its own
    r"|(?:^|[.!?,:]\s*)(?:and\s+|so\s+)?(?:which\s+(?:one\s+)?(?:is\s+)?)?(?:the\s+)?(?:best|fastest|cheapest|easiest|hardest|quickest|simplest"
    r"|most\s+(?:popular|used|useful|important|reliable|scalable))(?:\s+(?:one|option|pick))?\s*\?"
    r"|\b(?:best|fastest|cheapest|easiest|better|faster|easier|cheaper)\b[^?]{0,40}\b\w+\s*(?:,\s*\w+\s*)*,?\s+or\s+\w+"
    r"|\bwhich\b[^?]{0,60}\bfirst\b[^?]{0,30}\bor\b"  # "which cert first, aws or azure?": an order between them
    # "which matters more: linear algebra or calculus?", "what's more important, X or Y?": a weight between them
    r"|\b(?:which|what)(?:'?s|\s+is|\s+one\s+is|\s+one)?\s+(?:(?:matters?|counts?)\s+(?:more|most)|(?:more|most)\s+(?:important|useful|valuable|essential))\b[^?]{0,40}\bor\b"
    # "out of the four books in the resource library, which one should i read first?": an order among a list's items
    r"|\b(?:out\s+of|of|among|between)\s+(?:the\s+|these\s+|those\s+)?(?:\w+\s+){0,3}?(?:books|courses|resources|videos|tutorials"
    r"|platforms|conferences|communities|certifications|certs)\b[^?]{0,60}?\bwhich\s+(?:one|of\s+(?:them|these|those))\b[^?]{0,40}\bfirst\b"
    # "Out of FAISS, Pinecone and Weaviate, which one does the roadmap recommend for a production QA system?"
    r"|\b(?:out\s+of|between|among)\s+[^?]{2,60}?,\s*which\s+(?:one|of\s+(?:them|these|those|the\s+\w+))\s+(?:does|do|would|should)\s+"
    r"(?:the\s+roadmap|it|they)\s+(?:\w+\s+)?(?:recommend|suggest|prefer|favou?r|pick|push|want)"
    # "should I go with MLflow or DVC? Which does the roadmap consider better?"
    r"|\bwhich\b[^?]{0,40}\b(?:considers?|rates?|thinks?|says?|deems?)\s+(?:is\s+|as\s+)?(?:the\s+)?(?:better|best|superior|harder|easier|tougher"
    r"|(?:more|most|less|least)\s+\w+)\b"
    r"|\bwhich\b[^?]{0,60}\b(?:rates?|ranks?|scores?)\s+(?:\w+\s+)?(?:higher|lower|above|below|better|worse|highest|lowest|best|most)\b"  # "which does it rate higher"
    # ("should I go with VS Code or PyCharm?": a name may be two words)
    r"|\bshould\s+i\s+(?:go\s+with|go\s+for|pick|choose|use|learn|start\s+with)\s+[\w./+-]+(?:\s+[\w./+-]+)?(?:\s*,\s*[\w./+-]+)*\s*,?\s+or\s+[\w./+-]+\s*\?"
    # "mlflow or dvc - which one should i pick …?": a choice between two named things
    r"|\b[\w./+-]+\s+(?:or|vs\.?|versus)\s+[\w./+-]+\s+(?:the\s+)?(?:better|best|easier|faster|cheaper|smarter|safer)\b"  # "is mlflow or dvc the better pick"
    r"|\bwhich\s+(?:one|ones)\s*(?:is\s+|['’]?s\s+)?(?:actually\s+|really\s+)?(?:better|best|faster|easier|cheaper)\b"  # "which ones better"
    r"|\b[\w./+-]+\s+(?:or|vs\.?|versus)\s+[\w./+-]+\b\??[^?]{0,40}\bwhich\s+(?:one|of\s+(?:them|the\s+two)|[\w-]+)\s+(?:should|do|would|shall|must|am)\s+(?:i|we)\s+"
    r"(?:supposed\s+to\s+|meant\s+to\s+)?"
    r"(?:pick|choose|go\s+with|go\s+for|use|learn|take|start\s+with|do)\b"
    # "which does the roadmap recommend I go with: AWS, GCP or Azure?": one of named alternatives
    r"|\bwhich\b[^?:]{0,60}\b(?:go\s+with|go\s+for|pick|choose|use|recommend\w*|prefer\w*)\b[^?:]{0,20}:\s*[\w./+-]+"
    r"(?:\s*,\s*[\w./+-]+)*\s*,?\s+(?:or|vs\.?)\s+[\w./+-]+"
    # "AWS, GCP or Azure — which single cloud should I commit to?": one of named alternatives, named first
    r"|^\W*[\w./+-]+(?:\s*,\s*[\w./+-]+)+\s*,?\s+or\s+[\w./+-]+\s*(?:[?:,.…]|\s[-–—]+)[^?]{0,80}?\bwhich\b"
    # "Between Pinecone and Weaviate, which one does the roadmap think I should learn first?"
    r"|\bbetween\s+[\w./+-]+(?:\s+[\w./+-]+)?\s+and\s+[\w./+-]+(?:\s+[\w./+-]+)?\s*,\s*which\b"
    # "is Pinecone faster than FAISS?": a comparison the roadmap would have to make
    r"|\b(?:is|are)\s+[\w./+-]+(?:\s+[\w./+-]+){0,3}?\s+(?:any\s+|much\s+|a\s+lot\s+|way\s+)?(?:faster|slower|cheaper|better|worse"
    r"|easier|harder|more\s+\w+|less\s+\w+)\s+than\b",
    re.I,
)
# "ml or ai integration, which one should i pick?": a choice between paths, the career engine's (not "aws or azure")
_PATH_CHOICE = re.compile(
    r"(?<![\w.])(?:paths?|tracks?|routes?|roles?|careers?|ml|machine\s+learning|ai|integration|engineering)(?:\s+\w+){0,2}\s+or\s+"
    r"|\s+or\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:paths?|tracks?|routes?|roles?|careers?|ml|machine\s+learning|ai|integration|engineering)\b",
    re.I,
)
_RANKING_EVIDENCE = re.compile(r"\b(?:best(?!\s+practices?\b)|fastest|cheapest|easiest|better|faster|easier|cheaper|than|prefer\w*|rank\w*)\b", re.I)
_NOT_A_NOUN = frozenset("should do does did can could would will must is are am was were i you we it they".split())
_USE_Q = re.compile(r"\b(?:should|am|are|do)\s+(?:i|we)\s+(?:supposed\s+to\s+|meant\s+to\s+|have\s+to\s+)?"
                    r"(?:use|pair\s+(?:it\s+)?with|combine\s+(?:it\s+)?with|go\s+with|plug\s+in)\b", re.I)
# ("what tools do they actually name": MLflow and DVC are tools, though the roadmap never says "tool")
_GENERIC_KINDS = frozenset(content_terms("tool tools software library libraries framework frameworks option options thing things "
                                         "technology technologies tech service services product products site sites app apps "
                                         # ("at what stage does it want me building a qa system?": a place in the roadmap)
                                         "stage stages level levels step steps phase phases point part parts section time "
                                         # ("what material does it list for it?": resources, whatever their kind)
                                         "material materials resource resources content stuff"))
_ROADMAP_RECOMMENDS = re.compile(r"\b(?:does|do|would)\s+(?:the\s+roadmap|it|they|the\s+doc\w*)\s+(?:\w+\s+)?"
                                 r"(?:recommend|suggest|list|name|mention|want)\w*\b", re.I)
_SPECIFIC_Q = re.compile(r"\b(?:exact|specific|precise|particular|name\s+of|names\s+of)\b", re.I)
_NAME_OF = re.compile(
    r"\bnames?\s+of\s+(?:the\s+|a\s+|an\s+)?(?P<np>[\w.+#/ -]{2,40}?)(?:\s+(?:the\s+roadmap|that|which|it|they)\b|\s*[?.]|$)"
    r"|\b(?:what|which)\s+(?:are|is)\s+the\s+(?:exact|specific|precise|particular)\s+(?P<np2>(?:[\w.+#/-]+\s+){0,2}[\w.+#/-]+)",
    re.I,
)
_WHICH_NP = re.compile(r"\b(?:which|what)\s+(?P<np>(?:[\w.+#/-]+\s+){0,3}?[\w.+#/-]+?)\s+(?:should|do|does|can|could|would|is|are|am|was|were|to|will|must)\b", re.I)
_TEACH_Q = re.compile(r"\b(?:teach\w*|taught|instructor|lecturer|professor|teacher|runs?\s+the\s+course)\b", re.I)
_AUTHOR_EVIDENCE = re.compile(r"[\"”]\s*\(\s*[A-Z][a-z]+|\bby\s+[A-Z][a-z]+|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*'s\s+(?:book|paper)")
_TEACHER_EVIDENCE = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*'s\s+(?:[\w.-]+\s+){0,3}(?:course|class|lectures?)\b|\btaught\s+by\b")
_STEPS_Q = re.compile(
    r"\b(?:exact|specific|concrete|detailed)\s+steps?\b|\bstep[- ]by[- ]step\b|\bwalk\s+me\s+through\b|\bhow\s+exactly\b"
    r"|\b(?:which|what)\s+(?:exact\s+)?commands?\b"
    # "what are the steps to deploy a model to AWS Lambda?": a procedure (not "the steps to become …")
    r"|\bsteps?\s+(?:to|for)\s+(?:deploy|install|set(?:ting)?\s*up|setup|configur|fine-?tun|host|implement|containeri[sz]|dockeri[sz]"
    r"|migrat|connect|integrat|scal|secur|monitor|serv)\w*\b"
    r"|\bsteps?\s+(?:in|of)\s+(?:the\s+)?[\w-]+\s+process\b|\bsubmission\s+process\b|\bget\s+(?:a|my)\s+paper\s+(?:into|accepted)\b|\bhow\s+(?:do|can|would)\s+i\s+(?:actually\s+)?submit\b",
    re.I,
)
_WHICH_ONES_Q = re.compile(
    r"\bwhich\s+ones\b|\bnames?\s+(?:pls|plz|please)\b|\bname\s+(?:them|some|a\s+few)\b|\bwhat\s+are\s+their\s+names\b"
    r"|\b(?:give|tell|send)\s+me\s+(?:the|their)\s+names\b|\bwhich\s+(?:[\w.-]+\s+){1,3}(?:exactly|specifically)\b"
    r"|\b(?:got|have|has|with)\s+(?:a|the|any)\s+(?:name|invite|link)\b"
    r"|\b(?:exact|specific|particular)\s+(?:[\w.-]+\s+){0,2}?[\w.-]+s\b",  # "the exact ArXiv papers to read"
    re.I,
)
_START_Q = re.compile(  # the Next Steps answer those
    r"\b(?:get(?:ting)?\s+started|start(?!\s+to\s+(?:finish|end))|begin|get\s+going)\b|\bdo\s+(?:now|next|first)\b|\bwhat\s+now\b", re.I
)
_JOB_HUNT_Q = re.compile(
    r"\b(?:get|land|find|secure)\s+(?:a\s+|an\s+|my\s+(?:first\s+)?|the\s+|that\s+)?(?:\w+\s+){0,2}?(?:job|internship|position|offer|role)s?\b"
    r"|\bget(?:ting)?\s+hired\b",
    re.I,
)
# "kaggle is in the platforms list right?", "so basically cs229 is one of the recommended courses, right?"
# ("Docker is just an integration thing, right? ML folks can skip it?" too, not "… right? whats different between them")
_CONFIRM_Q = re.compile(r"(?:,|\s)\s*(?:right|correct|yeah|yea|yes|no|isn'?t\s+it|aren'?t\s+they|ya)\s*\?+"
                        r"(?:\s*$|\s+(?!(?:what|whats|what's|which|how|why|where|when|who)\b))", re.I)
_CONFIRM_FOCUS = re.compile(
    r"^\s*(?:so\s+)?(?:basically\s+|just\s+to\s+confirm,?\s+|to\s+confirm,?\s+)?(?P<subject>[^?,.;:—–]{2,60}?)\s+(?:is|are|'s)\s+"
    r"(?:really\s+|also\s+|actually\s+)?(?:in|on|one\s+of|part\s+of|listed|included|covered|mentioned|recommended|among"
    r"|a\s+(?:prereq|prerequisite|requirement|topic|resource)"
    # "Docker is just an integration-path thing, right?"
    r"|(?:just|only|purely|strictly|exclusively|solely)\s+(?:an?\s+|for\s+)?)\b",
    re.I,
)
# "docker needed??", "kaggle on the list at all?": a yes/no without its verb
_BARE_YES_NO = re.compile(
    r"^\W*(?!(?:what|which|who|how|why|where|when|whats|hows|any|some)\b)(?P<subject>[\w.+#/-]+(?:\s+[\w.+#/-]+){0,3}?)\s+"
    r"(?:(?:really|actually|even|also)\s+)?(?:needed|required|necessary|a\s+must|mandatory|covered|included|listed|mentioned"
    r"|recommended|(?:on|in)\s+(?:the\s+|your\s+)?(?:list|roadmap|there|it)|in\s+here|anywhere)\b[^?]{0,20}\?+\s*$",
    re.I,
)
# "for ai integration interviews do they expect vector db knowledge?": a yes/no that does not open the question
_AUX_SUBJECT = re.compile(
    r"\b(?:do|does|will|would|should|must)\s+(?:they|interviewers|employers|companies|i|we|you)\s+(?:really\s+|still\s+)?"
    r"(?:need|expect|want|require|ask|care|check|test|look|have\s+to|got\s+to|gotta)\b",
    re.I,
)
# "If I already hold the AWS fundamentals cert, does the roadmap let me skip the cloud part?": an exemption the
# roadmap would have to grant
_SKIP_IF_Q = re.compile(
    r"\bif\s+(?:i|you)\s+(?:already\s+)?(?:have|hold|got|get|know|did|finished|completed|passed|pass|earn|earned)\b[^?]{0,80}\b(?:skip|jump\s+over|bypass|"
    r"test\s+out\s+of)\b|\b(?:skip|bypass)\b[^?]{0,60}\bif\s+(?:i|you)\s+(?:already\s+)?(?:have|hold|got|know|passed)\b",
    re.I,
)
# "I already hold an AWS fundamentals certification. Am I allowed to skip Level 1?": an exemption for a credential
_SKIP_FOR_CREDENTIAL = re.compile(
    r"(?=[\s\S]*\b(?:skip|bypass|jump\s+over|test\s+out\s+of)\b)[\s\S]*\b(?:already\s+(?:have|hold|got|earned|passed|did|finished)"
    r"|i\s+(?:have|hold|got|earned|passed))\s+(?:an?\s+|the\s+|my\s+)?(?:[\w/-]+\s+){0,3}?(?:cert\w*|degree|diploma|credential|badge|bootcamp)\b",
    re.I)
# "Is the Deep Learning Specialization taught by Andrew Ng too?": who makes one resource
_BY_WHOM_Q = re.compile(r"\b(?:taught|written|made|created|run|authored|produced|presented|given)\s+by\s+(?P<who>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})")
# "are the cloud certifications required … or just optional?", "is Andrew Ng's ML course alone enough …?": the roadmap
# lists resources, it never says which are required or enough
_STATUS_Q = re.compile(r"\b(?:required|mandatory|compulsory|obligatory|optional|a\s+must|enough|sufficient|alone|on\s+its\s+own|by\s+itself)\b", re.I)
# "do I have to pass the AWS/Azure fundamentals certification before I'm allowed to move on to Level 2?": a resource as a
# gate the roadmap would have to set
_LISTED_ASKED = re.compile(r"\b(?:does|do|is|are|will)\b[^?]*\b(?:want|wants|recommend|list|include|mention|suggest|expect)\b", re.I)
_GATE_Q = re.compile(r"\b(?:have|need|got|must)\s+(?:to\s+)?(?:pass|get|earn|hold|obtain|clear|ace)\b[^?]{0,60}\bbefore\b"
                     r"|\b(?:allowed|permitted|eligible)\s+to\s+(?:move|go|start|progress|advance|begin|continue)\b", re.I)
# "do I need to finish Stanford CS229 before starting CS231n?": one resource as the prerequisite of another
_RESOURCE_PREREQ_Q = re.compile(
    r"\b(?:need|have|must|got)\s+(?:to\s+)?(?:finish|complete|do|take|read|watch)\b[^?]{0,60}\bbefore\b|\bprereq\w*\s+(?:for|of|to)\b", re.I)
_RESOURCE_COVERS_Q = re.compile(r"\bwhat\s+(?:does|do|will|would)\s+(?:the\s+)?[^?]{2,60}?\b(?:course|book|tutorials?|specialization|videos?|docs"
                                r"|documentation|guides?|cookbook)\b[^?]{0,40}?\b(?:cover|include|teach|contain|go\s+over|walk\s+through)\b", re.I)
_PART = r"(?:series|playlist|chapter|module|lesson|part|section|one|videos?|course)"
_PART_ORDER_Q = re.compile(rf"\b(?:start|begin|go)\s+(?:with\s+)?(?:the\s+)?[\w\s-]{{2,30}}?\s+{_PART}\s+or\s+(?:with\s+)?(?:the\s+)?[\w\s-]{{2,30}}?\s+{_PART}\b", re.I)
# "how long is each lesson?": the length of a resource's parts, which the roadmap never gives
_EACH_PART_Q = re.compile(r"\b(?:each|per|every|a\s+single|one)\s+(?:lesson|video|module|chapter|lecture|episode|session|class|unit)s?\b", re.I)
_BY_UNIT_Q = re.compile(r"\b(?:week|chapter|module|lesson|day)\s+by\s+(?:week|chapter|module|lesson|day)\b", re.I)
_AFTER_THE_END_Q = re.compile(r"\b(?:finish|complete|done\s+with|through|hit|tick\s+off|reach)\s+(?:all\s+(?:of\s+)?|every\s+)?(?:level\s+3|the\s+(?:last|final|top)\s+level"
                              r"|all\s+(?:three|3)\s+levels|the\s+(?:whole\s+)?(?:path|roadmap|track)|(?:the\s+)?advanced\s+milestones?)\b[^?]{0,80}?"
                              r"\b(?:what\s+comes\s+(?:after|next)|what'?s\s+next|then\s+what|level\s+4|senior\s+title|(?:to\s+)?do\s+after\s+that)", re.I)
# "Does Pinecone work together with sentence transformers?": whether two listed things work together, never said
_WORKS_WITH_Q = re.compile(r"\b(?:work|works|play|plays)\s+(?:together\s+|nicely\s+|well\s+)?with\b|\bcompatible\s+with\b|\bintegrates?\s+with\b", re.I)
_HOW_HARD_Q = re.compile(r"\bhow\s+(?:hard|difficult|tough|easy|challenging|demanding|heavy)\s+(?:is|are)\b|\b(?:harder|easier|tougher)\s+than\b", re.I)
_SLASHED_PICK_Q = re.compile(SLASH_WRITTEN.pattern + r"\b[^?]{0,80}\b(?i:which\s+(?:one|of\s+(?:the|them|these|those))\b[^?]{0,40}\b(?:pick|choose"
                             r"|go\s+with|learn|use|start\s+with|focus\s+on))\b")
_PICK_ONE_OF_SLASHED = re.compile(r"\bwhich\s+(?:single\s+|one\s+)?(?P<kind>cloud|provider|vendor|platform|database|db)\b[^?]{0,60}?\b(?:go\s+with|pick|choose"
                                  r"|commit\s+to|stick\s+with|focus\s+on|learn|use)\b", re.I)
# "What does the roadmap say to do when you get stuck like this?": advice the roadmap never gives
_ASK_FOR_HELP_PLACE = re.compile(r"\bcommunit(?:y|ies)\b|\bforums?\b|\bwhere\s+(?:can|could|do|should)\s+i\s+(?:go\s+(?:to\s+)?)?(?:ask|post|get\s+help)\b", re.I)
_STUCK_Q = re.compile(r"\bwhen\s+(?:you|i|we|one)\s+(?:get|are|am|feel|'re|'m)\s+(?:really\s+|totally\s+)?(?:stuck|lost|overwhelmed|demotivated"
                      r"|unmotivated|burn(?:ed|t)\s+out)\b|\bif\s+(?:you|i)\s+(?:get|am|feel)\s+stuck\b|\b(?:lose|losing)\s+motivation\b", re.I)
# "What topics are on the Azure fundamentals exam?": what an exam covers
_EXAM_CONTENTS_Q = re.compile(
    r"\b(?:what|which)\s+(?:topics|questions|subjects|content|material|stuff)\s+(?:is|are|come\s+up|show\s+up|appear)\s+(?:on|in)\s+(?:the\s+)?"
    r"(?:[\w/-]+\s+){0,4}?(?:exam|test|cert\w*)\b|\bwhat\s+(?:does|do)\s+(?:the\s+)?(?:[\w/-]+\s+){0,4}?(?:exam|test)s?\s+cover\b", re.I)
_TAUGHT_WITH_Q = re.compile(r"\b(?:course|book|class|tutorials?|specialization)\b[^?]{0,20}\b(?:taught|done|written|built)\s+(?:with|in|using)\b", re.I)
# "List the OWASP guidelines items I need to know": the inside of a resource, which the roadmap only names
_CONTENTS_OF_Q = re.compile(
    r"\b(?:guidelines?|book|course|docs|documentation|tutorials?|specialization|cookbook)\s+(?:items|contents|rules|points"
    r"|chapters|sections|modules|lessons|syllabus|curriculum)\b|\b(?:syllabus|curriculum|table\s+of\s+contents)\s+(?:of|for)\b",
    re.I,
)
# "reinforcement learning algorithms", "graph neural networks": a kind of a field's thing, by its modifier
_FIELD_COMPOUND = re.compile(r"\b(?P<mod>[a-z]{5,})\s+(?:learning|algorithms?|models?|(?:neural\s+)?networks?|architectures?|features|functions|modules|components|commands|plugins)\b", re.I)
_PLAIN_MODIFIERS = frozenset(stem(w) for w in (
    "specific particular certain common popular important different other various basic standard classic modern latest "
    "newest simple advanced main core major relevant typical useful fancy actual exact usual famous recommended good best "
    "newer older trendy current").split())
_EMPLOYERS_WANT_Q = re.compile(
    r"\b(?:big\s+tech|tech\s+companies|companies|employers|recruiters|hiring\s+managers|faang|startups|hiring\s+teams?)\s+"
    r"(?:\w+\s+){0,3}?(?:actually\s+|really\s+|usually\s+|typically\s+|most\s+)?(?:look\s+for|want|care\s+(?:more\s+)?about|expect|value|prefer)\b"
    r"|\bdo\s+(?:they|employers|companies|recruiters)\s+care\s+more\s+about\b"
    # "what vector database questions do google or meta ask in their interviews": one company's interviews
    r"|\b(?:google|meta|amazon|microsoft|apple|netflix|openai|anthropic|nvidia|faang|maang)\b[^?]{0,40}?\b(?:ask|asks|want|wants|look\s+for"
    r"|expect|expects|hire|hires|require|requires|test|tests)\b", re.I)
_WORTH_IT_Q = re.compile(r"\b(?:am\s+i|i'?m|im|i\s+am)\s+too\s+(?:old|young)\b|\bworth\s+it\b|\bworth\s+(?:my|the)\s+(?:time|effort|money|while)\b", re.I)
# "is the AWS/Azure fundamentals cert mandatory to get hired as …?": the roadmap says what to learn, not what hiring needs
_HIRING_REQUIREMENT = re.compile(
    r"\b(?:mandatory|compulsory|obligatory|required|a\s+must|a\s+requirement|necessary|enough|sufficient)\b[^?]{0,30}?"
    r"\b(?:to\s+(?:get\s+(?:hired|a\s+job|an?\s+offer)|land\s+(?:a|an|the)\s+\w+)|for\s+(?:getting\s+hired|(?:a|the)\s+job|hiring))\b",
    re.I,
)
# "how many ML engineer job postings are out there right now?": the job market, which the roadmap never describes
_JOB_MARKET_Q = re.compile(r"\bjob\s+(?:postings?|openings?|listings?|market)\b|\b(?:postings|openings|vacancies)\b|\bin\s+demand\b"
                           r"|\bdemand\s+for\b|\bhiring\s+(?:market|rate|trends?)\b", re.I)
# "will i definitely get hired?", "realistically can i land a job at a big tech co within 12 months?": an outcome
# the roadmap cannot promise
_OUTCOME_Q = re.compile(
    r"\b(?:will|would|can|could)\s+(?:i|we|you|it|that|this)\s+(?:\w+\s+){0,3}?(?:get\s+(?:me\s+|you\s+|her\s+|him\s+|them\s+|us\s+)?hired|land\b"
    r"|get\s+(?:a|an|my)\s+(?:\w+\s+)?(?:job|offer|role|position|internship))|\bguarantee"
    # "will passing the cloud certifications for sure get me my first junior job?"
    r"|\b(?:will|would|does|do|can|could)\s+(?:\S+\s+){1,12}?(?:get|land|win)\s+me\s+(?:a|an|my|the)\s+(?:\w+\s+){0,3}?"
    r"(?:job|offer|role|position|internship)s?\b"
    # "how likely am I to land a job within a year?", "what are her chances in percent to get hired?"
    r"|\b(?:how\s+likely|chances?|odds|probability|likelihood)\b[^?]{0,60}?\b(?:land|get\s+hired|hired|hiring|job|offer)\b",
    re.I,
)
# "how many months of level 1 can I cut because of that?": the roadmap never says what prior study saves
_TIME_SAVED_Q = re.compile(
    r"\bhow\s+(?:many|much)\s+(?:months?|weeks?|time)\b[^?]{0,80}?\b(?:cut|shave|save|knock\s+off|shorten)\b", re.I)
# "if i finish all three levels do i get some kind of official certificate?": a roadmap awards nothing
_AWARD_Q = re.compile(
    r"\b(?:do|will|would|can|could)\s+(?:i|we|you)\s+(?:get|receive|earn|be\s+given|be\s+awarded|be\s+issued)\s+"
    r"(?:a|an|any|some(?:\s+(?:kind|sort)\s+of)?|the)?\s*(?:official\s+|formal\s+|real\s+)?"
    r"(?:certificate|certification|diploma|degree|badge|credential|credits?|accreditation)s?\b",
    re.I,
)
# "does the fastapi course on udemy give you a certificate at the end?": what a resource awards, never stated
_GIVES_AWARD = re.compile(
    r"\b(?:give|gives|award|awards|grant|grants|issue|issues|come\s+with|comes\s+with)\s+(?:you\s+|me\s+|us\s+)?"
    r"(?:a|an|any|some)?\s*(?:official\s+|formal\s+|real\s+)?(?:certificate|diploma|degree|badge|credential|accreditation)s?\b",
    re.I,
)
_FINISHING = re.compile(r"\b(?:finish\w*|complet\w*|done|end|graduat\w*|all\s+(?:three|3|the)\s+levels)\b", re.I)
_DURATION_CLAIM = re.compile(r"\btakes?\b|\blasts?\b|\b\d+\s*(?:years?|yrs?|months?|weeks?)\b", re.I)
_WH_START = re.compile(  # (after a conversational opener: "ok and what else is in that stage?")
    r"^\s*(?:(?:ok(?:ay)?|and|so|but|also|cool|nice|great|right|alright|hmm+|oh)\b[\s,]*)*"
    r"(?:what|which|who|whom|whose|how|why|when|where)\b", re.I)
_WH_ANYWHERE = re.compile(r"\b(?:what|which|who|whom|whose|how|why|when|where)\b", re.I)


def _first_question(text: str) -> tuple[int, int]:
    """(start, end) of the first sentence that asks ("a recruiter pinged me. *is vector db stuff likely to come up?*");
    (0, 0) when nothing ends with "?"."""
    mark = text.find("?")
    if mark < 0:
        return 0, 0
    start = max(text.rfind(".", 0, mark), text.rfind("!", 0, mark)) + 1
    # ("Before I get my hopes up: does the roadmap count SQL …?": the question after the colon)
    colons = list(_COLON_QUESTION.finditer(text, start, mark))
    return (colons[-1].end() if colons else start), mark + 1


_COLON_QUESTION = re.compile(r"[:—–]\s+(?=(?:does|do|is|are|can|could|should|will|would|what|which|how|when|where|who|whats|what's)\b)", re.I)


# "MLOps in the ML path, is there something similar in the other path?": the clause names the thing by pointing back
_POINTS_BACK = re.compile(r"\b(?:something|anything|stuff)\s+(?:similar|like\s+(?:that|this|it))\b|\b(?:an?\s+)?(?:equivalent|counterpart)\b"
                          r"|\b(?:own|its|their|an?|similar)\s+version\s+of\b"
                          r"|\bthe\s+same\s+(?:thing|topic|part|section)\b", re.I)


def _yes_no_part(q: str) -> str | None:
    """The part of ``q`` that asks a yes/no question, or None: the whole question when it opens with one
    ("is docker covered?", "quick q: does …"), asks for a confirmation ("X is in the list, right?"), or its
    last clause does ("im doing the nlp part, is spacy one of the resources?"); an aux-subject phrase
    inside it ("for interviews do they expect X?") when no wh-word opens it."""
    if _YESNO_START.search(q) or _BARE_YES_NO.search(q) or ((_CONFIRM_Q.search(q) or (_CONFIRM_FOCUS.search(q) and q.rstrip().endswith("?")))
                                  and not _WH_START.search(q)):
        return q  # "kaggle is one of the recommended platforms?" asks for a confirmation too
    last = re.split(r"[,.;:!]\s+|\s+[-–—]+\s+", own_question(q).strip())[-1]  # (not inside a follow-up's "(about: …)")
    if last != q.strip() and _YESNO_START.search(last) and not _WH_START.search(last):
        # "transfer learning, are those covered?": the clause points back, the whole question says what at
        if re.match(r"\s*\w+\s+(?:it|they|those|these|that|this|them)\b", last, re.I) or _POINTS_BACK.search(last):
            # "which ML level are they in - is it one of the late ones?": a which-level question, refined
            return None if _WHICH_PLACE.search(q[: len(q) - len(last)]) else q
        return last
    if (m := _AUX_SUBJECT.search(q)) and not _WH_ANYWHERE.search(q[: m.start()]):
        return q[m.start():]
    # "a recruiter pinged me about a role. is vector db stuff likely to come up, or is prepping it overkill?"
    own = own_question(q)
    start, end = _first_question(own)  # (the first question asked)
    asking = own[start:end].strip()
    if asking and asking != q.strip() and _YESNO_START.search(asking) and not _WH_START.search(asking):
        return asking
    return None


_WHICH_PLACE = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+){0,2}(?:level|stage|tier|phase|path|track|part|section)s?\b", re.I)
_EMBEDDED_Q = re.compile(
    r"^\s*(?:does|do|did|can|will|would)\s+(?:the\s+roadmap|it|this|the\s+doc\w*|they)\s+(?:tell|say|show|explain|mention"
    r"|specify)\s+(?:me\s+|us\s+|you\s+)?(?=(?:which|what|how|when|where|who|whether)\b)",
    re.I,
)
_ORDER_CHOICE = re.compile(
    r"\bfirst\s+or\s+(?:can|should|do|shall|could)\s+(?:i|we)\b|\bor\b[^?]{0,50}\bfirst\s*\?"
    r"|\b(?:before|after|earlier|later)\s+or\s+(?:after|before|later|earlier)\b"  # "is that before or after the production ML stuff?"
    # "should i grind the math/stats stuff first or just jump straight into fastapi?"
    r"|\bfirst\s+or\s+(?:just\s+)?(?:jump|dive|go|skip|head)\s+(?:straight\s+|right\s+)?(?:in|into|to|for)\b", re.I)
_HOWTO_Q = re.compile(  # (also after context and a dash: "for the publish findings milestone - how do i …")
    r"(?:^|\s[-–—:]\s+)\s*how\s+(?:do|can|should|would|could|am|are|will)\s+(?:i|you|u|we|one)\s+"
    r"(?:(?:supposed|meant|going|expected)\s+to\s+)?(?:actually\s+|even\s+|really\s+|just\s+|best\s+)*"
    r"(?:get\s+(?=started\b))?(?P<verb>\w+)"
    # (what is to be done, when a noun phrase: "get an endorsement", not "know im done")
    r"(?P<object>\s+(?:a|an|the|my|some|any|this|that|these|those|your|our)(?:\s+(?!(?:to|on|for|in|into|with|at|from|by"
    r"|if|when|so|and|or|without)\b)[\w.+#/-]+){1,3})?",
    re.I,
)
_YESNO_FOCUS = re.compile(
    r"\b(?:do|does|will|would|should|must)\s+(?:i|we|you|one|they|interviewers|employers|the\s+roadmap|this\s+roadmap|it|either\s+path"
    r"|(?:level|stage)\s+\d|(?:the|this|that|my)\s+(?:[\w/-]+\s+){0,6}?(?:path|track|roadmap|level|stage|plan|side|route|interviews?|roles?))\s+"
    r"(?:(?:really|also|even|ever|still|actually|definitely|absolutely)\s+)?(?:need|have|learn|know|study|use|cover|mention|include|require|recommend|teach|say|suggest|want|expect|talk|touch|get\s+to|reach|get|ask|test|check|list|count|tell|point(?:\s+(?:me\s+|you\s+)?(?:to|at|towards))?)s?"
    r"\s+(?:(?:that\s+)?(?:i|we|you|us|me)\s+(?:should|must|need\s+to|have\s+to|to)\s+(?:learn|know|use|study|master|pick\s+up|get|have|take|do)\s+)?"
    r"(?:to\s+(?:know|learn|use|study|have|read|do|take|build|practi[cs]e|understand|master|get\s+good\s+at)\s+)?"
    r"(?:(?:anything|much|questions?|stuff|things?|something|topics?|any)\s+)?(?:about\s+|on\s+|into\s+|around\s+)?(?P<focus>[^?.,;]{2,60})"
    r"|\b(?:is|are|r)\s+(?P<focus2>[^?.,;]{2,80}?)\s+(?:(?:actually|really|even|also)\s+)?(?:covered|included|mentioned|required|needed|necessary|part\s+of|(?:in|inside)\s+(?:the|this)\s+roadmap"
    r"|on\s+the\s+roadmap|(?:on|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:path|track|list|level|stage)\b"
    r"|(?:really\s+)?(?:the|a|one\s+of\s+the)\s+(?:\w+\s+){0,2}?(?:course|book|resource|tutorial|video|platform|one|thing)s?\s+(?:the\s+roadmap|it|they|you)\b|taught|listed|one\s+of|among|in\s+(?:there|here|it|this)|anywhere|somewhere|(?:something|a\s+thing|stuff|smth)\s+(?:i|we|you|u)\b)\b"
    r"|^\s*any\s+(?:mention|word|talk|info|reference|coverage)s?\s+(?:of|about|on)\s+(?P<focus4>[^?.,;]{2,60})"
    r"|\b(?:is\s+there|are\s+there|r\s+there)\s+(?:any(?:thing)?\s+|a\s+|an\s+)?(?:about\s+|on\s+)?(?P<focus3>[^?.,;]{2,80})"
    # "so i can prob skip docker entirely right?"
    r"|\bskip\s+(?P<focus6>[^?.,;]{2,40}?)(?:\s+(?:entirely|completely|altogether|for\s+now))?\s*,?\s*(?:right|correct|yeah|ok)?\s*\?"
    # "does data privacy show up earlier in the path?"
    r"|\b(?:do|does|did|will|would|is|are)\s+(?P<focus5>[^?.,;]{2,60}?)\s+(?:(?:also|ever|even|still|likely\s+to|going\s+to|gonna)\s+)?"
    r"(?:show\s+up|come\s+up|turn\s+up"
    r"|pop\s+up|appear|feature)s?\b",
    re.I,
)
_FOCUS_CUT = re.compile(
    r"(?:^|\s+)(?:for|before|after|in|on|to|as|at|when|if|or|from|during|first|of\s+the\s+roadmap)\b.*$"
    # "any communities where I can ask questions and hang out with ML people?": communities
    r"|\s+(?:where|that|which|who)\s+(?:i|we|you|u|people|ppl|one)\s+(?:can|could|might|would|should|may)\b.*$"
    r"|\s+(?:no\s+matter|regardless|whichever|either\s+way|whatever)\b.*$", re.I
)
_RELATIVE = re.compile(r"\s+(?:that\s+|which\s+)?(?:the|this)\s+(?:roadmap|guide|doc|document)\b.*$", re.I)
_YESNO_START = re.compile(
    r"^\s*(?:(?:quick\s+(?:q(?:uestion)?|one)|q|question|hey|hi|hello|ok(?:ay)?|btw|sorry|um+|hm+)\b\s*[,:!-]?\s*)*"
    r"(?:so\s+|and\s+|but\s+|also\s+)?(?:(?:do|does|did|is|are|r|should|must|will|would|can|could|have|has)\b"
    r"(?!\s+(?:you|u)\s+(?:please\s+|pls\s+)?(?:tell|give|list|show|explain|recommend|suggest|name|walk|help|share)\b)"
    r"|any\s+(?:mention|word|talk|info|reference|coverage)s?\s+(?:of|about|on)\b)", re.I
)
_STRUCTURAL = ("level", "path", "stage", "milestone", "topic", "section", "step", "resource", "book", "course",
               "platform", "communit", "conference", "skill", "tool", "project", "portfolio", "prerequisite", "role")
_HOWTO_SYNONYMS = {
    "start": ("start", "begin", "first", "foundation", "choose"),
    "begin": ("start", "begin", "first", "foundation"),
    "prepar": ("prepar", "interview"),
    "get": (),
    "becom": ("path", "level", "master"),
    "choos": ("choos", "path", "fit"),
    "decid": ("choos", "path", "fit"),
    "pick": ("choos", "path"),
    "track": ("track", "milestone", "progress", "assess"),
    "measur": ("track", "milestone", "assess"),
    "know": ("milestone", "assess"),
    "tell": ("track", "milestone", "progress", "assess"),
    "keep": ("track", "milestone", "progress", "assess"),  # "keep track of my progress"  # "how do I tell if I'm making progress"
    "check": ("track", "milestone", "progress", "assess"),
    "see": ("track", "milestone", "progress", "assess"),
    "improv": ("optim",),
    # ("how can i practise the cloud stuff without spending money?": the free tiers it lists)
    "practic": ("project", "practical", "tutorial", "platform", "kaggle", "free"),
    "practis": ("project", "practical", "tutorial", "platform", "kaggle", "free"),
    "find": (),
    "go": (),
    # "how should I study / learn / master X?": the roadmap answers with X's topics and their resources
    "study": ("resourc", "course", "book", "tutorial", "documentation", "guide"),
    "learn": ("resourc", "course", "book", "tutorial", "documentation", "guide"),
    "master": ("resourc", "course", "book", "tutorial", "documentation", "guide", "level"),
}


_CONTEXT_CLAUSE = re.compile(
    r"\s+(?:before|after|once|until|till)\s+(?:i|you|we|moving|going|starting|getting|jumping|diving|heading|tackling)\b.*$",
    re.I,
)


def _focus_terms(question: str, extra_frame: set[str] | None = None) -> frozenset[str]:
    """The content words naming what is asked about (frame words and a trailing "before I …" clause left out)."""
    frame = _FRAME | (extra_frame or set()) | month_point_numbers(question)  # ("3 months in": not a thing asked about)
    text = _CONTEXT_CLAUSE.sub("", question)
    return frozenset(t for t in content_terms(text, drop_filler=True) if t not in frame)


# "The spaCy, it is inside this roadmap or not?": the thing named first, then asked about as "it"
_DISLOCATED = re.compile(r"^(?P<pre>.*?(?:^|[.!?]\s+))(?:the\s+)?(?P<x>[\w.+#/-]+(?:\s+[\w.+#/-]+){0,3}),\s*(?:it|they|this|that)\s+"
                         r"(?P<verb>is|are|'s)\s+(?=(?:in|inside|part\s+of|on|covered|included|listed|mentioned|there)\b)", re.I)


_UNMARKED_Q = re.compile(r"[.!]\s+(?:so\s+|and\s+|but\s+)?(?:does|do|is|are|can|could|would|will|should|which|what|how|where|when|who)\b[^.!?]*$", re.I)


def asked_for(question: str) -> AskedFor:
    """Classify the answer ``question`` asks for (see the module docstring)."""
    q = question.strip()
    if "?" not in q and _UNMARKED_Q.search(q):  # "… on github. does that line up with the roadmap": asked, unmarked
        q += "?"
    q = _EMBEDDED_Q.sub("", asking_part(q))  # "does the roadmap tell me which X …": which X
    q = _DISLOCATED.sub(lambda m: f"{m.group('pre')}{m.group('verb')} {m.group('x')} ", q)
    focus = _focus_terms(q)
    # "my boss might pay for one conference. Which conferences …?": the statements before the sentence that asks say
    # who asks and why; what kind of answer is asked for is the asking sentence's
    whole, q = q, from_asking_sentence(q)
    asking = q
    if q != whole and _yes_no_part(q) is None and _yes_no_part(whole) is not None:
        whole = q  # "did a bootcamp last year. what are the first checkpoints?" is no yes/no question
    if _CODE_Q.search(q):
        return AskedFor("code", "code", focus)
    if _VERSION_Q.search(q) and not _HOW_LONG.search(q) and not _OWN_VERSION.search(q):
        return AskedFor("version", "version", focus)
    if _PRICE_Q.search(q):
        return AskedFor("price", "price", focus)
    if _DATE_Q.search(q):
        return AskedFor("date", "date", focus)
    if _PERCENT_Q.search(q):
        return AskedFor("quantity", "percent", focus, recommended=True)
    q = whole  # (the rest reads the whole question: "AWS, GCP or Azure... which one should I pick?")
    if _PACE.search(q) and _PACE_VERDICT.search(q):
        # "i can only do about 8 hours a week. at that pace is the 0-6 months still realistic?": a time at that pace,
        # which needs hours the roadmap never gives
        return AskedFor("duration", "hour", focus)
    if _RANKING_Q.search(q) and not _PATH_CHOICE.search(q):
        return AskedFor("ranking", "ranking", focus)
    if (long_q := _HOW_LONG.search(q)) or (_PER_UNIT.search(q) and re.search(r"\bhow\s+(?:many|much|often)\b", q, re.I)):
        # (the unit of the sentence that asks: "I only have an hour a day. How long does level 1 take?" asks months)
        start = max(q.rfind(". ", 0, long_q.start()), q.rfind("! ", 0, long_q.start()), q.rfind("? ", 0, long_q.start())) + 1 if long_q else 0
        granular = _GRANULAR_UNIT.search(q, start)
        return AskedFor("duration", granular.group(1).lower() if granular else "", focus)
    if m := _HOW_MANY.search(q):
        noun, rest = next((m.group(n), m.group(r)) for n, r in ((1, "rest"), (3, "rest2"), (5, "rest3")) if m.group(n))
        return AskedFor("quantity", stem(noun), focus, recommended=bool(_RECOMMENDED.search(rest)))
    if _ORG_Q.search(q) and _TEACH_Q.search(q):  # "which uni or company teaches it?": a teacher, not a platform
        return AskedFor("person", "teacher", focus)
    if _ORG_Q.search(q) and re.search(r"\bwho(?:\s+(?:publish|puts\s+out|sells|hosts|offers|provides)|(?:'s|\s+is|\s+was)\s+the\s+(?:publisher|provider|vendor|company|host)\b)", q, re.I):
        return AskedFor("org", "org", focus)  # "who publishes the book?": an organisation
    if _PERSON_Q.search(q):
        return AskedFor("person", "teacher" if _TEACH_Q.search(q) else "author", focus)
    if _ORG_Q.search(q):
        return AskedFor("org", "unstatable" if _ORG_UNSTATABLE.search(q) else "org", focus)
    if _ORDER_CHOICE.search(q):  # "should I do the prereqs first or jump into level 1?": which order, not yes or no
        return AskedFor("open", "order", focus)
    # (also the sentence that asks: "pip install faiss keeps failing … . How do I fix this so I can …?")
    if m := _HOWTO_Q.search(q) or _HOWTO_Q.search(asking):
        return AskedFor("howto", stem(m.group("verb")), focus)
    if (one := STAGE_YES_NO.search(q)) and not STAGE_CHOICE.search(q):  # "is a production QA system a beginner project?"
        return AskedFor("open", "stage", _focus_terms(one.group("x")) or focus)
    if choice := STAGE_CHOICE.search(q):  # "is X beginner or advanced?": which level X is in, not yes or no
        return AskedFor("open", "stage", focus - content_terms(choice.group(0)))
    if _CONFIRM_Q.search(q) and _DURATION_CLAIM.search(q):  # "the whole ML path takes like 2 years right?"
        return AskedFor("duration", "", focus)
    # (a yes/no question's focus may be named before it: "Andrew Ng's course. Is it in there?")
    if (yn := _yes_no_part(q)) is not None:
        m = _CONFIRM_FOCUS.search(yn) or _YESNO_FOCUS.search(yn)
        groups = ("subject",) if m is not None and m.re is _CONFIRM_FOCUS else ("focus", "focus2", "focus3", "focus4", "focus5", "focus6")
        raw = next((g for g in (m.group(n) for n in groups) if g), "") if m else ""
        # "My team member says caching strategies are on his plan …": what the claim is about, not who makes it
        # (not what the roadmap says: "are there any conferences the roadmap says I should keep on my radar?")
        if (sayer := re.match(r"^(.*?)\b(?:says|said|thinks|thought|claims|claimed|told\s+me|reckons|swears)\s+(?:that\s+)?(?:the\s+)?", raw, re.I)) \
                and not re.search(r"\b(?:roadmap|it|doc|document|guide|path|track)\s*$", sayer.group(1), re.I):
            raw = raw[sayer.end():]
        raw = re.sub(r"^(?:you|u|me|us|i|we|them)\s+(?:to\s+)?", "", raw.strip(), flags=re.I)  # "expect u to publish"
        # "does the roadmap point to any spaCy material?": spaCy
        raw = re.sub(r"(?<=\w)\s+(?:material|materials|stuff|content)$", "", raw.strip(), flags=re.I)
        raw = re.sub(r"^(?:need|have\s+to|must|should|gotta|got\s+to)\s+(?:to\s+)?(?:know\s+|learn\s+|have\s+|get\s+)?", "", raw, flags=re.I)  # "say I need Docker"
        # "do I have to be good at calculus?": calculus
        raw = re.sub(r"^(?:to\s+)?(?:be|get|become)\s+(?:really\s+|very\s+|super\s+)?(?:good|great|strong|solid|fluent|proficient"
                     r"|an?\s+expert|expert)\s+(?:at|in|with)\s+", "", raw.strip(), flags=re.I)
        if for_what := TOOLS_FOR_Q.search(yn):  # "does it point at any specific tools for experiment tracking?"
            raw = for_what.group("x")
        item_named = False  # (an item the follow-up points to is a name, every word of it: "Papers with code")
        # (the item as the subject: "does that fast ai one (Fast.ai) also show up …?"; not "is there official docs for
        # the first one (FAISS)?", which asks about docs)
        subject = _RESOLVED_ITEM.search(yn)
        if subject and not re.fullmatch(r"\s*(?:does|do|is|are|did|will|would|can|could|has|have)?\s*", yn[: subject.start()], re.I):
            subject = None
        if resolved := _RESOLVED_ITEM.search(raw) or subject:
            item_named = True
            # "does the first of those (API security) show up earlier?": API security
            raw = re.search(r"\((?!about:)([^()]+)\)", resolved.group(0)).group(1)  # type: ignore[union-attr]
        elif re.sub(r"\([^()]*\)?", "", raw).strip():  # "be good at calculus (integrals, proofs, all that)": calculus
            raw = re.sub(r"\s*\([^()]*\)?", "", raw)
        raw = re.sub(r"^else\s+(?:to\s+(?:learn|use|study|read)\s+(?:\w+\s+){0,2}?from\s+)?", "", raw.strip(), flags=re.I)  # "anything else"
        if raw.lower() == "there" and (there := re.search(r"\b(?:is|are|r)\s+there\s+(?:any(?:thing)?\s+|a\s+|an\s+)?(?P<x>[^?.,;]{2,80})", yn, re.I)):
            raw = re.sub(r"\s+(?:they|it|the\s+roadmap|you)\s+(?:recommend|suggest|list|name|mention)s?\b.*$", "", there.group("x"), flags=re.I)
        raw = _FOCUS_CUT.sub("", _RELATIVE.sub("", raw)).strip()
        # "a coworker keeps raving about Stanford CS229. Does the roadmap list it anywhere?": a pronoun is no focus; the
        # names said before the question are (else the question's own words)
        if not raw and (pointing := re.match(r"\s*(?:does|do|is|are|would|will|can|could)\s+(it|them|that|this|those|these|they)\b", asking, re.I)):
            raw = pointing.group(1)  # "… the system design primer on github. does that line up with the roadmap?"
        if re.fullmatch(r"(?:it|them|that|this|those|these|they|(?:his|her|their)(?=\s))(?:\s+(?:book|course|one|thing|tool|resource|library|platform|video|tutorial|class|lecture)s?)?"
                        r"(?:\s+(?:actually|anywhere|at\s+all|somewhere|there|in\s+there|too|as\s+well))*",
                        raw, flags=re.I) and _MEMBERSHIP.search(yn[_first_question(yn)[0]:]):  # (not "are those taught in python or matlab?")
            before = q[: q.find(yn)] if yn in q and yn != q else q[: _first_question(q)[0]]
            names = named_terms(before)
            # (the subject of a claim first: "My team member says caching strategies are on his plan. Is that really in
            # level 2?" asks about caching strategies; "someone on twitter said fast.ai is outdated. does the roadmap
            # still recommend it?")
            claim = re.search(r"\b(?:said|says|say|thinks?|thought|claim(?:s|ed)?|told\s+me|reckons?|heard|swears?)\s+(?:that\s+)?(?:the\s+)?"
                              r"([\w.+#'-]+(?:\s+[\w.+#'-]+){0,3}?)\s+(?:is|are|was|were|isn'?t|aren'?t|has|have)\b", before, re.I)
            raw = claim.group(1) if claim else " ".join(dict.fromkeys(
                t for t in tokens(before) if (stem(t) in names or (t[:1].isupper() and t[1:2].islower()))
                and t not in _NOT_NAMES and t.lower() not in STOPWORDS))
            if not raw and (read := re.search(r"\b(?:read|reading|watch|watching|take|taking|use|using|try|trying)\s+(?:the\s+|a\s+|an\s+)?"
                                              r"([\w.+#'-]+(?:\s+[\w.+#'-]+){0,3}?)(?:\s+(?:on|from|by|at)\s+[\w.]+)?\W*$", before.strip(), re.I)):
                raw = read.group(1)  # "my friend keeps telling me to read the system design primer on github."
            if not raw and (about := re.search(r"\b(?:about|on|into|called|named|with|swears?\s+by|by)\s+(?:the\s+)?([\w.+#-]+(?:\s+[\w.+#-]+)?)\W*$", before.strip(), re.I)):
                raw = about.group(1).rstrip(".")  # "my nephew won't shut up about kaggle. does the roadmap even mention it?"
        if _POINTS_BACK.search(raw):  # "is there something similar in the other path?": what it points back to
            raw = ""
        # "is there any hands-on PyTorch in the first ML level?": PyTorch (not the "Hands-On Machine Learning" book)
        raw = re.sub(r"^there\s+(?:any|a|an|some)\s+(?=\w)", "", raw, flags=re.I)
        raw = re.sub(r"\b(?:hands[-\s]on|practical)\s+(?!machine\s+learning\b|ml\b)(?=\w)", "", raw, flags=re.I)
        if re.fullmatch(r"they|he|she|you|u|we|i|people|interviewers", raw, re.I):
            raw = ""  # "will they grill me on maths in ML engineer interviews?": who asks the questions is no focus
        # no "is X covered / do I need X" phrase: the focus is the question's own content words
        asked_words = re.split(r"\s+or\s+(?:is|are|do|does|just|only|should|will|was)\b", yn, maxsplit=1, flags=re.I)[0]
        words = [t for t in tokens(asked_words) if stem(t.lower()) in focus]  # not "… or is that just reddit hype"
        # (with no "is X covered" phrase, the question's words without who asks: not "data-entry clerk here, I know …")
        return AskedFor("yesno", raw or " ".join(dict.fromkeys(words)) or "that",
                        (frozenset(content_terms(raw, drop_filler=True)) if item_named else _focus_terms(expand_query(raw)) if raw else frozenset())
                        or _focus_terms(without_asker(q)) or focus)
    if m := _NAME_OF.search(q):
        return AskedFor("list", (m.group("np") or m.group("np2")).strip(), focus)
    if m := _WHICH_NP.search(q):
        return AskedFor("list", m.group("np"), focus)
    return AskedFor("open", "", focus)


# --- passages, item by item ------------------------------------------------------------------------
_ITEM_SPLIT = re.compile(r"\n+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def passage_items(hit: Hit) -> list[str]:
    """The passage as items: each list item or line (with its topic line prefixed), with the headings."""
    heading = " › ".join(hit.headings)
    items: list[str] = []
    topic = ""
    for raw in _ITEM_SPLIT.split(hit.text):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        indented = raw[: len(raw) - len(raw.lstrip())] != ""
        clean = _LIST_MARK.sub("", line).replace("**", "")
        if not indented and re.match(r"^\d+[.)]\s", line):
            topic = clean.rstrip(":")
            items.append(f"{heading} › {topic}")
            continue
        items.append(f"{heading} › {topic} › {clean}" if indented and topic else f"{heading} › {clean}")
    return items or [heading]


def _item_terms(item: str) -> set[str]:
    return content_terms(item) | named_terms(item)


def focus_covered(focus: frozenset[str], terms: set[str]) -> int:
    """How many focus words an item has, a word of 6+ letters also matching one it begins ("prereq")."""
    return sum(1 for f in focus if f in terms or any(
        min(len(f), len(t)) >= 6 and (t.startswith(f) or f.startswith(t)) for t in terms))  # interviewers: interview


def _stems_in(text: str) -> set[str]:
    return {stem(t.lower()) for t in tokens(text)}


def _about(items: list[str], focus: frozenset[str]) -> list[str]:
    """The items mentioning the most of ``focus`` (all items when nothing of it is mentioned)."""
    if not focus:
        return items
    scored = [(len(focus & _item_terms(it)), it) for it in items]
    best = max((s for s, _ in scored), default=0)
    return [it for s, it in scored if s == best and s > 0] or []


_FIELD_ABBREVIATIONS = frozenset(stem(a) for a in ABBREVIATIONS)
# the field and the paths' names: the setting of a yes/no question, not what it asks about
_PATH_WORDS = _FIELD_ABBREVIATIONS | frozenset(stem(w) for w in PATH_NAME_WORDS.split())


# "Which level covers it?", "in what stage do I learn X?" (the clause that asks opens with it)
_WHERE_IS_Q = re.compile(r"(?:^|[.!?:;,]\s+|\s[-–—]+\s+)(?:(?:so|and|ok|okay)\W+)*(?:in\s+|at\s+|on\s+|during\s+)?(?:which|what)\s+"
                         r"(?:[\w-]+\s+){0,2}(?:level|stage|tier|phase|part|section)s?\b[^?]*\?", re.I)
_PLACE_VERBS = frozenset(content_terms("cover covers covered include includes teach teaches taught want learn learning get come "
                                       "comes show shows appear appears put puts sit sits fall falls belong belongs go goes"))
_STAGE_FILLER = frozenset(stem(w) for w in "side part material stuff thing things topic topics level".split())


_THE_X_ONE = re.compile(r"\s*\((?:the\s+)?[^()]{1,30}?\s+(?:one|book|course|guy)\)", re.I)


_CHAT_WORDS = frozenset(stem(w) for w in "ok okay lol tbh btw imo imho idk pls plz thx asap fyi omg ty np rn ngl".split())


_ELAPSED = re.compile(r"\b(\d+)\s*(?:\+\s*)?(?:yrs?|years?|months?|mos?|weeks?|wks?|days?)\s+(?:ago|back|old)\b"
                      r"|\b(?:i'?m|im|i\s+am|age|aged)\s+(\d+)\b(?!\s*(?:hours?|hrs?|months?|weeks?|%))", re.I)


def _named_missing(question: str, texts: list[str]) -> list[str]:
    """Numbers and acronym/mixed-case names of the question that no passage contains."""
    present: set[str] = set()
    for text in texts:
        present |= content_terms(text) | named_terms(text)
    wanted = {t for t in named_terms(question) if not t.isdigit() or len(t) > 1} - _FIELD_ABBREVIATIONS  # MLE, NLP
    wanted -= month_point_numbers(question)  # "i'm at month 14": a time inside a range, not a number to find
    # ("super rusty from uni (like 10 yrs ago lol)", "i'm 47": how long ago, or an age, is who asks)
    wanted -= {m.group(1) or m.group(2) for m in _ELAPSED.finditer(question)}
    wanted = {t for t in wanted if t.lower() not in STOPWORDS}  # shouting ("NOT train models") is not a name
    wanted -= _CHAT_WORDS  # "OK, and for the other role …": chat, not a name
    wanted -= {"ai"}  # ("Which ML/AI conferences …?": the field the roadmap is about, not a name to find)
    # ("3b1b", "DDIA": a nickname whose spelled-out name the passages hold)
    spelled = {t for t in wanted - present if (full := expand_query(t)) != t and content_terms(full) - content_terms(t) <= present}
    return sorted(wanted - present - spelled)


def _leaves_and_heads(items: list[str]) -> tuple[list[str], set[str]]:
    """Leaf item texts (the last part of each item) and the words of the headings/topics that have items."""
    leaves: list[str] = []
    heads: set[str] = set()
    for item in items:
        parts = [p.strip() for p in item.split(" › ") if p.strip()]
        if not parts:
            continue
        leaves.append(parts[-1])
        for part in parts[:-1]:
            heads |= content_terms(part)
    return leaves, heads


_SPECIFIC_WORDS = frozenset(stem(w) for w in "specific exact particular actual single one precise".split())


def _check_instances(question: str, asked: AskedFor, items: list[str], verdict: Callable[[bool, str], Verdict]) -> Verdict:
    """"Which X …?": the roadmap must name instances of X, not just mention the category X.

    Refused when an item *is* the category ("ML Discord servers", a leaf naming the asked noun phrase)
    while no heading or topic of that name lists instances; or when the question asks for specific ones
    ("the exact questions", "the name of") or for X of a named thing ("Kaggle datasets") and X is nowhere.
    """
    if tokens(asked.detail)[:1] and tokens(asked.detail)[0].lower() in _NOT_A_NOUN:
        return verdict(True, "")  # "what should I use to learn it": no noun phrase was asked for
    if "/" in asked.detail and tokens(asked.detail)[0].lower() in _PRONOUN_HEADS:
        return verdict(True, "")  # "for the pre-trained models part, which ones/platforms …?": the ones just named
    np_terms = [stem(t.lower()) for t in tokens(asked.detail) if t.lower() not in STOPWORDS
                and not (t.lower().endswith("ly") and len(t) > 4)]  # "servers exactly": the noun is servers
    if not np_terms:
        return verdict(True, "")
    np_terms = [t for t in np_terms if t not in _SPECIFIC_WORDS] or np_terms  # "which specific paper": paper
    head = np_terms[-1]
    if (head in _PRONOUN_HEADS or head in _GENERIC_HEADS) and _RESOLVED_ITEM.search(question):
        # "for the first of those three (Vector Databases & Search), which specific ones …?": the item the
        # follow-up refers to (resolved from the last answer) holds them; "which specific ones?" alone is not
        return verdict(True, "")
    leaves, heading_words = _leaves_and_heads(items)
    if _SPECIFIC_Q.search(question) and head not in heading_words:
        # "which specific paper should i read first?": the roadmap lists "ArXiv papers", never one paper
        plural = next((leaf for leaf in leaves if leaf.split() and stem(leaf.split()[-1].lower()) == head
                       and leaf.split()[-1].lower().endswith("s")), None)
        if plural is not None:
            return verdict(False, f"name a specific one of the {plural}")
    everywhere = set().union(*(_item_terms(it) for it in items)) if items else set()
    if head in heading_words:
        return verdict(True, "")
    category_leaf = next(
        (leaf for leaf in leaves if len(np_terms) >= 2 and set(np_terms) <= _item_terms(leaf) | {stem(leaf.split()[-1].lower())}
         and stem(leaf.split()[-1].lower()) == head),
        None,
    )
    if category_leaf is not None:
        return verdict(False, f"name a specific one of the {category_leaf}")
    # "Kaggle datasets", "kaggle competitions": the roadmap names Kaggle (a name it capitalises), but no datasets
    # (a one-word list item, "Kaggle"; not a heading's word, "Technical Topics")
    capitalised = {it.strip().lower() for it in leaves if re.fullmatch(r"[A-Z][\w.+#-]*", it.strip())}
    named_modifier = any(
        (t[:1].isupper() or t.lower() in capitalised) and stem(t.lower()) in everywhere for t in tokens(asked.detail)[:-1]
    )
    spelled = content_terms(expand_query(asked.detail.split()[-1])) if asked.detail.split() else set()
    if head not in everywhere and not (spelled & everywhere) and (
        _SPECIFIC_Q.search(question) or named_modifier or _USE_Q.search(question)
        # "which microcontrollers or edge boards does the roadmap recommend?": a kind of thing it never names
        or (_ROADMAP_RECOMMENDS.search(question) and not set(np_terms) & everywhere and head not in _GENERIC_KINDS
            and head not in _PRONOUN_HEADS)  # ("which ones does the roadmap actually name?": the ones asked about before)
    ):  # "which editor should I use?" is answered by the IDE the roadmap names
        return verdict(False, f"name any {asked.detail}")
    return verdict(True, "")


_PROPER = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z][\w+#-]*)")
_NOT_NAMES = frozenset({"I", "I'm", "I've", "I'd", "Level", "Path", "Yes", "No"})


# "does Pinecone have a free tier like the cloud platforms do?": a property of one listed thing
_HAS_ATTRIBUTE = re.compile(
    r"\b(?:does|do|did|has)\s+(?:the\s+)?(?P<x>[\w.+#-]+(?:\s+[\w.+#-]+){0,2}?)\s+(?:have|offer|come\s+with|provide|give\s+you)"
    r"\s+(?:an?\s+|any\s+|some\s+)?(?P<attr>[\w\s-]{2,40}?)(?=\s+(?:like|as|the\s+way|similar|too|also)\b|\s*[?,.;]|\s*$)",
    re.I,
)


_RESOURCE_WORDS = frozenset(content_terms("resource resources listed list book books course courses tutorial tutorials "
                                          "guide guides material materials link links video videos"))


def _attribute_not_stated(question: str, items: list[str]) -> str | None:
    """"Does <listed thing> have <attribute>?" where no item naming the thing also names the attribute: what the
    roadmap does not say (the free tiers it lists are the cloud platforms', not Pinecone's); else None."""
    if not (m := _HAS_ATTRIBUTE.search(question)):
        return None
    thing = content_terms(m.group("x"), drop_filler=True) - _PATH_WORDS
    attribute = content_terms(m.group("attr"), drop_filler=True) - thing
    leaves = [it.split(" › ")[-1] for it in items]
    naming = [leaf for leaf in leaves if thing and thing <= _item_terms(leaf)]
    # ("docs": the documentation a resource names)
    attribute = {"documentation" if a in ("doc", "docs") else a for a in attribute}
    if attribute & _RESOURCE_WORDS:  # "does fastapi have a book?": a resource need not say "book" ("… - Packt")
        return None
    if not naming or not attribute or any(focus_covered(frozenset(attribute), _item_terms(leaf)) == len(attribute)
                                          for leaf in naming):
        return None
    return f"say whether {m.group('x')} has {m.group('attr')}"


def _unknown_proper_nouns(question: str, items: list[str]) -> list[str]:
    """Capitalised words inside the question (not its first word) that no passage item contains."""
    present = set().union(*(_item_terms(it) for it in items)) if items else set()
    lowered = "\n".join(items).lower()
    out = []
    for m in _PROPER.finditer(question.strip()):
        word = m.group(1)
        if word in _NOT_NAMES or m.start() == 0:
            continue
        if stem(word.lower()) not in present and word.lower() not in lowered:
            out.append(word)
    return out


def _original_case(question: str, stems: list[str]) -> list[str]:
    """The question's own spelling of each stemmed name ("langchain" -> "LangChain")."""
    spelled = {stem(t): t for t in tokens(question)}
    return [spelled.get(s, s) for s in stems]


_SPAN_Q = re.compile(r"\bhow\s+long\b|\bhow\s+much\s+time\b|\btime\s+(?:does|will|would|should)\s+(?:it|i)\s+(?:take|spend)", re.I)
_SPAN_WORDS = re.compile(
    r"\b(?:levels?|stages?|phases?|paths?|tracks?|parts?(?![- ]time)|sections?|roadmap|whole|each|everything|all|entire|overall|"
    r"top|(?<!start\sto\s)(?<!beginning\sto\s)end|become|job|engineer)\b", re.I
)
_SPAN_LEAD = re.compile(
    r"^.*?\bhow\s+(?:long|much\s+time)\s+(?:does|do|will|would|should|is|are|did)?\s*(?:it\s+)?(?:take\s+(?:me\s+)?)?"
    r"(?:(?:for\s+)?(?:me\s+)?to\s+)?(?:i\s+)?(?:spend\s+)?(?:on\s+)?(?:learn(?:ing)?|get(?:ting)?\s+through|go(?:ing)?\s+through|"
    r"finish(?:ing)?|complete|master|do(?:ing)?|study(?:ing)?|read(?:ing)?)?\s*",
    re.I,
)
_SPAN_WHERE = re.compile(r"\s+(?:in|from|under|on|at|of|(?:that\s+(?:is|are)\s+|which\s+(?:is|are)\s+)?(?:recommended|listed|mentioned|suggested))\s+(?:the\s+)?"
                         r"(?:[\w&/-]+\s+){0,5}?(?:resources?|level\s+\d+|section|topic|part|path|track|list)\b.*$", re.I)
_SPAN_TAIL = re.compile(r"\s+(?:take|takes|last|lasts|be|usually|typically|roughly)\b.*$", re.I)
_FIELD_WORDS = frozenset(
    stem(w) for w in "ml machine learning ai artificial intelligence engineering engineer spend spent get through go going "
    "finish finishing complete completing reach start end beginning".split()
)


_PRONOUN_HEADS = frozenset({"one", "ones", "thing", "things", "stuff"})
# "for the first of those, which specific tools am i learning?": what any topic lists, whatever the roadmap calls it
_GENERIC_HEADS = frozenset(stem(w) for w in "tool tools technology technologies framework frameworks library libraries skill skills "
                           "concept concepts subtopic subtopics topic topics item items".split())
_RESOLVED_ITEM = re.compile(
    r"\b(?:first|second|third|last|final|1st|2nd|3rd)\s+(?:one|item|topic|thing|bit|part|of\s+(?:those|these|them|the))\b"
    r"[^(]{0,20}\((?!about:)[^()]+\)"
    r"|\b(?:that|this|the)\s+[\w.+#-]+(?:\s+[\w.+#-]+){0,2}?\s+one\s+\((?!about:)[^()]+\)"  # "that fast ai one (Fast.ai)"
    r"|\b(?:that|this|the\s+same)\s+(?:book|course|video|paper|title)\s+\((?!about:)[^()]+\)", re.I)  # "that book (Hands-On …)"


def _as_written(question: str, unit: str) -> str:
    """The question's own word for a counted ``unit`` stem ("stag" → "stages"), else the stem with an "s"."""
    word = next((t for t in re.findall(r"[A-Za-z]+", question) if t.lower().startswith(unit)), "")
    return word.lower() if word else f"{unit}s"


_RESOURCE_ORDER_Q = re.compile(
    # ("should I learn MLflow or DVC first?": MLflow documentation and DVC tutorials, listed in no order)
    r"\b(?:should|do|would|can)\s+i\s+(?:do|take|start\s+with|read|watch|go\s+(?:with|through)|use|learn|study|pick\s+up)\s+(?:the\s+)?(?P<x>[^?]{2,40}?)"
    r"\s+or\s+(?:the\s+)?(?P<y>[^?]{2,40}?)\s+first\b"
    # "should i start with the fastai course or the deep learning specialization?": which to start with
    r"|\b(?:should|do|would|can)\s+i\s+(?:start|begin)\s+with\s+(?:the\s+)?(?P<x2>[^?]{2,40}?)\s+or\s+(?:with\s+)?(?:the\s+)?(?P<y2>[^?]{2,40}?)\s*(?:\?|$)", re.I)


_RESOURCE_KIND_WORDS = frozenset(content_terms("documentation docs course courses book books tutorial tutorials guide guides "
                                               "videos official"))


def _names_resource(question: str, resource: str) -> bool:
    """The question names this resource line: two or more of its words ("the cloud certifications", "Andrew Ng's ML
    course") or one of its names ("CS229"), beyond a kind word, that no topic of the path names alone."""
    own = (content_terms(resource) | named_terms(resource)) - _RESOURCE_KIND_WORDS
    said = own & (content_terms(question) | named_terms(question))
    return len(said) >= 2 or bool(said & (named_terms(resource) - _FIELD_ABBREVIATIONS))  # ("the spaCy course", "CS229"; not "ML")


def _skill_lines(hit: Hit) -> list[str]:
    """The indented lines of a passage that are not resources (a topic's items: "FastAPI", "API security")."""
    resources = set(_resource_lines(hit))
    return [line for raw in hit.text.splitlines() if raw[: len(raw) - len(raw.lstrip())]
            and (line := raw.strip().lstrip("-*+• ").strip()) and line not in resources
            and not re.match(r"(?:\*\*)?resources?", line, re.I)]


def _indented_items(hit: Hit) -> list[str]:
    """The indented list items of a passage (a topic's items and resources), without their marks."""
    return [m.group(1).strip() for m in re.finditer(r"(?m)^[ \t]+[-*+•]\s+(.+)$", hit.text)]


# a quoted title with no other kind or course platform named is a book ('"Designing Data-Intensive Applications"',
# '"Building APIs with FastAPI" - Packt'); '"Cloud Computing Solutions Architecture" - Coursera' is a course
_NOT_A_BOOK = re.compile(r"\b(?:course|coursera|udemy|edx|udacity|videos?|tutorials?|docs|documentation|guides?|specialization)\b", re.I)


def is_of_kind(resource: str, kind: str) -> bool:
    """``resource`` is a ``kind`` of resource ("book", "course", …) by its words."""
    if kind.lower() == "book" and resource.lstrip("-*+• ").startswith('"') and not _NOT_A_BOOK.search(resource):
        return True
    return re.search(rf"\b{kind}", resource, re.I) is not None


# "which Udemy course does it list for Cloud Platforms?": a kind of thing, maybe qualified, asked of one place
_WHICH_KIND = re.compile(r"\bwhich\s+(?P<desc>(?:[\w./+-]+\s+){0,3}?)(?P<kind>books?|courses?|certifications?|certs?|tools?|databases?|dbs?"
                         r"|frameworks?|videos?|tutorials?)\b", re.I)
_KIND_NAMES = _RESOURCE_KIND_WORDS | frozenset(content_terms("library libraries lib libs doc video resource resources material "
                                                             "materials tool tools"))
_GENERIC_PATH_WORDS = frozenset(content_terms("path track route engineering engineer"))
_NOT_A_QUALIFIER = frozenset(content_terms("specific particular good best main official one single exact recommended other "
                                           "different key core exactly actual actually real"))


def _scope_lacking(question: str, hits: list[Hit]) -> str:
    """What the place a "which <kind>" question names does not list ("list a book under Vector Databases & Search"),
    or "" when it lists one, no place or kind is named, or the kind is a bare one named many ways ("which courses")."""
    m = _WHICH_KIND.search(question)
    if m is None or re.search(r"\bor\b", question[m.end():], re.I):  # (a choice between named things: ranking)
        return ""
    kind = m.group("kind").lower()
    kind = "book" if kind.startswith("book") else kind
    # (not another kind offered beside it: "which libraries / courses", "which docs or courses"; "dl" is deep learning)
    desc = content_terms(m.group("desc")) - _NOT_A_QUALIFIER - _KIND_NAMES
    if kind != "book" and not desc:
        return ""
    words = content_terms(expand_query(question))
    scopes: list[tuple[str, list[str]]] = []  # (the place named, its lines)
    for h in hits:
        heading = " › ".join(h.headings)
        by_topic: dict[str, list[str]] = {}
        for item in passage_items(h):
            rest = item[len(heading) + 3:] if item.startswith(heading + " › ") else ""
            if rest:
                topic, _, line = rest.partition(" › ")
                by_topic.setdefault(topic, []).append(line)
        for topic, lines in by_topic.items():
            title = content_terms(topic)
            if len(title) >= 1 and title <= words and lines and any(lines):
                scopes.append((topic, [topic, *lines]))
    if not scopes:  # a level of a path: "… in Level 2 of the Machine Learning Engineering path?"
        levels = {n.group(1) for n in LEVEL_NUMBER.finditer(question)}
        placed = [h for h in hits if len(h.headings) > 1 and (n := LEVEL_NUMBER.search(h.headings[-1])) and n.group(1) in levels
                  and (key := content_terms(h.headings[0]) - _GENERIC_PATH_WORDS) and key <= words]
        if len(placed) == 1:
            scopes = [(f"{placed[0].headings[-1].split(':')[0]} of the {placed[0].headings[0]}", passage_items(placed[0]))]
    if not scopes:
        return ""
    for _, lines in scopes:
        terms = content_terms(" ".join(lines))
        said = all(t in terms or ((spelled := content_terms(expand_query(t)) - {t}) and spelled <= terms) for t in desc)
        if said and (kind != "book" or any(is_of_kind(line.split(" › ")[-1], "book") for line in lines)):
            return ""
    what = " ".join([*_original_case(question, sorted(desc, key=question.lower().find)), kind]) if desc else kind
    return f"list {'an' if what[:1].lower() in 'aeiou' else 'a'} {what} under {scopes[0][0]}"


def _resource_lines(hit: Hit) -> list[str]:
    """The lines of a passage listed under a "Resources:" line."""
    lines, under = [], False
    for raw in hit.text.splitlines():
        line = raw.strip().lstrip("-*+• ").strip()
        if re.match(r"(?:\*\*)?resources?(?:\*\*)?\s*:", line, re.I):
            under = True
            continue
        if under and raw[: len(raw) - len(raw.lstrip())] == "" and not raw.lstrip().startswith(("-", "*", "+")):
            under = False
        if under and line:
            lines.append(line)
    return lines


def _timed_subject(question: str, focus: frozenset[str], hits: list[Hit]) -> str:
    """For "how long does X take?": X, when X is a topic or a resource rather than a level or a path.

    The roadmap gives month ranges per level ("Level 2: Advanced ML (6-12 months)"); the time for one
    topic, course or book inside a level is not stated, and the level's range is not its answer.
    Empty when the question asks about a level, a path or the whole way ("how long is the advanced
    stage?", "how long until I finish?"), or asks *when* rather than how long.
    """
    if not _SPAN_Q.search(question):
        return ""
    span = _SPAN_LEAD.sub("", question.strip()).rstrip("?!. ")
    span = _SPAN_TAIL.sub("", span).strip()
    # "how long does the Deep Learning Specialization take … alongside ML Level 1?": one resource, named whole
    named = content_terms(span)
    resources = [content_terms(r) for h in hits for r in _resource_lines(h)]
    if len(named) >= 2 and any(named <= r for r in resources):
        return span
    # ("how long does the spaCy course in the NLP Integration resources take?", "… to read the "Mathematics for
    # Machine Learning" book recommended in Level 1?": a resource, named before where it is listed)
    quoted = [content_terms(t) for t in re.findall(r'["“]([^"”]{3,80})["”]', span)]
    cut = content_terms(_SPAN_WHERE.sub("", span))
    if any(t and any(t <= r for r in resources) for t in quoted) or (len(cut) >= 2 and any(cut <= r for r in resources)):
        return span
    if _SPAN_WORDS.search(question):
        return ""
    subject = focus - _FIELD_WORDS
    if not subject:
        return ""
    timed = [" ".join(h.headings) for h in hits if _DURATION_ANY.search(" ".join(h.headings))]
    headings = set().union(*(content_terms(t) for t in timed)) if timed else set()
    if subject & (headings - _FIELD_WORDS):  # "how long is the integration one?": a level's own name
        return ""
    if span and len(span.split()) <= 8 and subject <= content_terms(span) | named_terms(span):
        return span
    return " ".join(_original_case(question, sorted(subject, key=question.lower().find)))


# "should i learn pytorch or tensorflow?", "PyTorch or TensorFlow — which one does the ML path point me to?",
# "which tool are we supposed to use, nginx or haproxy or something?": a choice between two named things
_NAME = r"[\w.+#-]{2,20}"
EITHER_PICK = re.compile(
    rf"\b(?:(?:should|do|would|shall)\s+i|(?:am\s+i|are\s+we)\s+(?:supposed|meant|expected)\s+to|do\s+i\s+(?:need|have)\s+to)\s+"
    rf"(?:learn|use|pick|go\s+with|go\s+for|choose|start\s+with|study)\s+"
    rf"(?P<a>{_NAME})\s+or\s+(?P<b>{_NAME})\s*(?:first\s*)?\??\s*$"
    rf"|^\W*(?P<a2>{_NAME})\s+or\s+(?P<b2>{_NAME})\s*(?:[?,:;]|\s[-–—]+)\s*which\b"
    rf"|\bwhich\s+(?:one|tool|library|lib|framework|db|database|platform|service|server)s?\b[^?]{{0,60}}?[,:]\s*"
    rf"(?P<a3>{_NAME})\s+or\s+(?P<b3>{_NAME}(?:\s+(?-i:[A-Z])[\w.+#-]{{1,20}})?)(?:\s+or\s+(?:something|smth|sth|what|anything)(?:\s+else)?)?\s*\?",
    re.I)


# "Which R packages (caret? tidymodels?) does it map to …?": names offered in parentheses
_OFFERED = re.compile(r"\((?P<a>[\w.+#-]{2,20})\s*(?:\?|,|/|\s+or)\s*(?P<b>[\w.+#-]{2,20})\s*\??\s*\)", re.I)


def either_pair(question: str) -> tuple[str, str] | None:
    """The two things an either-or question offers (see ``EITHER_PICK``, or two names in parentheses), else None."""
    if (pick := EITHER_PICK.search(question)) is None:
        offered = _OFFERED.search(question)
        return (offered.group("a"), offered.group("b")) if offered else None
    return next((pick.group(a), pick.group(b)) for a, b in (("a", "b"), ("a2", "b2"), ("a3", "b3")) if pick.group(a))


def named_in(word: str, text: str) -> re.Match[str] | None:
    """``word`` in ``text`` as a whole word, case-insensitive (the match has the text's own spelling)."""
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I)


def one_of_two_listed(question: str, hits: list[Hit]) -> tuple[str, str] | None:
    """For "should i learn A or B?": (the one the passages name, as the roadmap spells it; the other) when the
    passages name exactly one of them; else None."""
    if (pair := either_pair(question)) is None:
        return None
    text = "\n".join(h.text for h in hits)
    found = {w: m.group(0) for w in pair if (m := named_in(w, text))}
    if len(found) != 1:
        return None
    (said, spelled), = found.items()
    return spelled, pair[1] if said == pair[0] else pair[0]


def check_answerable(question: str, hits: list[Hit]) -> Verdict:
    """Is an answer of the kind ``question`` asks for stated in ``hits``? See the module docstring."""
    question = asking_part(question)  # "… ? theres no exams or anything": an afterthought asks for nothing
    asked = asked_for(question)
    items = [it for h in hits for it in passage_items(h)]
    texts = list(items)
    if not items:
        return Verdict(False, asked, "say anything about it")
    # ("is DDIA (the Kleppmann one) anywhere?": an aside naming what the thing is called by is not asked for)
    # ("UX designer here. Which tools …?": who is asking is not what is asked about)
    named_part = _THE_X_ONE.sub("", without_asker(question, context=True))
    missing_names = _named_missing(named_part, texts)
    # (a number said of oneself before the question is not asked about: "I've been a chef for 15 years … What do I
    # have to learn before I start either path?")
    asking_words = set(tokens(from_asking_sentence(named_part)))
    missing_names = [n for n in missing_names if not n.isdigit() or n in asking_words]
    # ("what does the roadmap recommend about langchain …?": a known tool, however it is typed, the passages never name)
    joined_texts = "\n".join(texts)
    # (not one of two offered when the other is listed: "is pytorch or tensorflow recommended?" is answered by PyTorch)
    offered = {w.lower() for a, b in re.findall(r"([\w.+#-]+)\s+or\s+([\w.+#-]+)", named_part) for w, other in ((a, b), (b, a))
               if named_in(other, joined_texts)}
    # (nor the alternative a yes/no offers: "does pytorch show up anywhere or is it all tensorflow?")
    asked_tools = tool_names(re.sub(r"[,\s]+or\s+(?:is|are|was)\s+(?:it|that|this|they)\b.*$", "", from_asking_sentence(named_part), flags=re.I))
    already = {stem(n.lower()) for n in missing_names}
    missing_names += [t for t in asked_tools if not named_in(t, joined_texts) and t.lower() not in offered and stem(t.lower()) not in already]
    if (pair := either_pair(question)) is not None:
        joined_text = "\n".join(h.text for h in hits)
        if not any(named_in(w, joined_text) for w in pair):  # "nginx or haproxy or something?": neither is named
            return Verdict(False, asked, f"mention {pair[0]} or {pair[1]}")
        if one_of_two_listed(question, hits) is not None:  # "PyTorch or TensorFlow — which one …?": one is listed
            missing_names = [n for n in missing_names if n.lower() not in (pair[0].lower(), pair[1].lower())]
    if missing_names and asked.kind not in ("duration", "quantity"):
        return Verdict(False, asked, "mention " + " or ".join(_original_case(question, missing_names)))
    relevant = _about(items, asked.focus)
    pool = relevant or items
    joined = "\n".join(pool)
    kind = asked.kind

    def verdict(ok: bool, missing: str) -> Verdict:
        return Verdict(ok, asked, "" if ok else missing)

    # attribute words the passages never attach to the asked thing ("degree", "salary", "instructor")
    # (in the sentence that asks: "a recruiter pinged me about a role. is vector db stuff likely to come up?")
    asking = question[_first_question(question)[0]:]  # (with what refines it: "… rank should i reach? expert? master?")
    for word, synonyms in _ATTRIBUTES.items():
        if word == "author" and kind == "person":
            continue  # "who's the author of X?": the person check below reads '"Deep Learning" (Goodfellow)'
        if word == "publisher" and kind == "org":
            continue  # "who's the publisher of X?": the organisation check below reads '"Building APIs …" - Packt'
        if re.search(rf"\b{word}s?\b", asking, re.I):
            if not any(s in joined.lower() for s in synonyms):
                if word in ("outdated", "obsolete"):
                    return verdict(False, f"say whether it is {word}")
                return verdict(False, f"say anything about {'an' if word[0] in 'aeiou' else 'a'} {word}")
    if PATHS_COMPARED_ON.search(question):  # "which path does the roadmap consider harder?"
        return verdict(False, "compare the paths on that")
    if _JOB_MARKET_Q.search(question):
        return verdict(False, "say anything about the job market")
    if _TIME_SAVED_Q.search(question):
        return verdict(False, "say how much time what you already know saves")
    if _OUTCOME_Q.search(question) and kind != "duration":  # ("how long would it take to land …": below)
        return verdict(False, "say whether it gets you a job")
    if kind == "code":
        return verdict(bool(_CODE.search(joined)), "give a code or number for it")
    if kind == "version":
        return verdict(bool(_VERSION.search(joined)), "give a version number")
    if kind == "price":
        if _AMOUNT_Q.search(question):  # "what would i be paying a month once the free tiers run out?": a sum, not "free"
            return verdict(bool(_PRICE_AMOUNT.search(joined)), "give a price")
        return verdict(bool(_PRICE.search(joined)), "give a price")
    if kind == "date":
        return verdict(bool(_YEAR_OR_DATE.search(joined)), "give a date")
    if _PART_ORDER_Q.search(question) and any(_resource_lines(h) and any(_names_resource(question, r) for r in _resource_lines(h)) for h in hits):
        # "for the 3Blue1Brown videos, should i start with the linear algebra series or the calculus one?"
        return verdict(False, "say which part of that resource to do first")
    if kind == "duration" and _EACH_PART_Q.search(question):  # "who teaches the fast.ai course and how long is each lesson?"
        return verdict(False, "say how long each part of a resource is")
    if kind == "duration":
        if _JOB_HUNT_Q.search(question):  # "how long after finishing would it take to land a senior ML role?"
            return verdict(False, "say how long finding a job takes")
        all_text = "\n".join(relevant or items)
        if asked.focus and _SPAN_WORDS.search(question):
            # "how long is the part where you learn cnns, rnns and transformers?": the passage holding most of them
            # (across its items), whose heading gives the time
            covered = [(focus_covered(asked.focus, set().union(*map(_item_terms, passage_items(h)))), h) for h in hits]
            most, part = max(covered, key=lambda c: c[0], default=(0, None))
            if part is not None and 2 * most > len(asked.focus):
                all_text += "\n" + " ".join(part.headings)
        if asked.detail:  # hours / days / weeks / minutes: that unit, with a number
            with_unit = re.compile(rf"\b{_NUMBER}\s*(?:[-–]\s*{_NUMBER}\s*)?{asked.detail}s?\b", re.I)
            return verdict(bool(with_unit.search(all_text)), f"give a number of {asked.detail}s")
        if not _DURATION_ANY.search(all_text) and EVERY_LEVEL.search(question):
            all_text = "\n".join(items)  # "how long are all three levels of the integration track?": the levels' spans
        if not _DURATION_ANY.search(all_text):
            return verdict(False, "give a duration")
        subject = _timed_subject(question, asked.focus, hits)
        return verdict(not subject, f"give a time for {subject} on its own")
    if kind == "quantity":
        unit = asked.detail
        counted = re.compile(rf"\b{_NUMBER}\s+(?:\w+\s+)?{re.escape(unit)}\w*", re.I)
        if counted.search("\n".join(items)):
            return verdict(True, "")
        if not asked.recommended and (unit.startswith(_STRUCTURAL) or unit in _stems_in("\n".join(items))):
            return verdict(True, "")  # "how many levels are there?": answered by listing them
        return verdict(False, "give a target number" if unit == "percent" else f"give a number of {_as_written(question, unit)}")
    if kind == "ranking":
        if one_of_two_listed(question, hits) is not None:  # "should i learn pytorch or tensorflow?": only one is listed
            return verdict(True, "")
        return verdict(bool(_RANKING_EVIDENCE.search(joined)), "rank or compare them")
    if kind == "person":
        evidence = _TEACHER_EVIDENCE if asked.detail == "teacher" else _AUTHOR_EVIDENCE
        who = "who teaches it" if asked.detail == "teacher" else "who wrote it"
        return verdict(bool(relevant) and bool(evidence.search(joined)), f"say {who}")
    if kind == "org":
        if asked.detail == "unstatable":
            return verdict(False, "say which organisations do that")
        # (a publisher is written '"Title" - Packt'; "(Goodfellow)" after a book is its author)
        evidence = _PUBLISHER if re.search(r"\bpublish", question, re.I) else _ORG
        return verdict(bool(relevant) and bool(evidence.search(joined)), "name the organisation")
    if _WHICH_ONES_Q.search(question) and not _RESOLVED_ITEM.search(question):
        # "it says join ML discord servers … which ones? names pls" (not "for the first of those (Vector Databases &
        # Search), which specific tools?": the topic the follow-up refers to lists them)
        qterms = content_terms(question)
        leaves, heads = _leaves_and_heads(items)
        # (not a topic that lists its instances: "Pre-trained Models" has Hugging Face transformers, OpenAI API …)
        category = next((leaf for leaf in leaves if leaf.lower().endswith("s") and len(content_terms(leaf)) >= 2
                         and content_terms(leaf) <= qterms and not content_terms(leaf) <= heads), None)
        if category is not None:
            return verdict(False, f"name a specific one of the {category}")
    if _STEPS_Q.search(question) and not _START_Q.search(question):  # "the exact steps to deploy …": no procedures
        return verdict(False, "give step-by-step instructions")
    if kind == "howto" and _JOB_HUNT_Q.search(question):
        return verdict(False, "say how to find a job")
    if (scope := _scope_lacking(question, hits)):
        # "which book does it recommend for Vector Databases & Search?", "which Udemy course for Cloud Platforms?":
        # the topic (or level) named lists none of that kind
        return verdict(False, scope)
    if _TAUGHT_WITH_Q.search(question) and not re.search(r"\b(?:taught|using|uses|with)\b", joined, re.I):
        return verdict(False, "say what it is taught with")  # "is the Fast.ai course taught with PyTorch or something else?"
    if (order := _RESOURCE_ORDER_Q.search(question)) is not None:
        # "should i do the spacy course or the nltk tutorials first?": the roadmap lists resources, in no order; so
        # are a topic's items ("should I learn Python or SQL first?": two items of Programming Fundamentals)
        listed = [content_terms(r) for h in hits for r in [*_resource_lines(h), *_indented_items(h)]]
        if all((terms := content_terms(order.group(g) or order.group(g + "2"))) and any(terms <= r for r in listed) for g in ("x", "y")):
            return verdict(False, "say which of them to do first")
    if _SKIP_IF_Q.search(question) or _SKIP_FOR_CREDENTIAL.search(question):
        # "if I already hold the AWS cert, can I skip cloud platforms?": no exemptions
        return verdict(False, "say what you can skip")
    if (level := re.search(r"\blevel\s+(\d+)\b", question, re.I)) and (
            seen := [int(n) for h in hits for n in re.findall(r"\bLevel\s+(\d+)\b", " ".join(h.headings))]) and int(level.group(1)) > max(seen):
        return verdict(False, f"mention level {level.group(1)}")  # "is there a level 4?" (beyond the last level found)
    if _AFTER_THE_END_Q.search(question):
        return verdict(False, "say what comes after the last level")
    one_of = _PICK_ONE_OF_SLASHED.search(question)
    if _SLASHED_PICK_Q.search(question) or (one_of is not None and any(
            re.search(r"\b[A-Z][\w.]*(?:/[A-Z][\w.]*)+", it.split(" › ")[-1]) and one_of.group("kind").lower() in it.lower() for it in pool)):
        # "it says AWS/GCP/Azure. Which one of the three should I pick?", "which cloud does the roadmap tell you to go
        # with?" (it lists AWS/GCP/Azure together): no pick
        return verdict(False, "pick one of the ones it lists together")
    if kind == "yesno" and _WORKS_WITH_Q.search(asking):
        return verdict(False, "say which tools work together")
    if _STUCK_Q.search(question) and not _ASK_FOR_HELP_PLACE.search(question):
        # (not "where can I ask questions when I get stuck, any communities?": the Communities list)
        return verdict(False, "say what to do when you get stuck")
    if _EXAM_CONTENTS_Q.search(question):
        return verdict(False, "say what the exam covers")
    named_lines = list(dict.fromkeys(r for h in hits for r in _resource_lines(h) if _names_resource(question, r)))
    if (by := _BY_WHOM_Q.search(question)) is not None and (maker := content_terms(by.group("who"))):
        # "is the Deep Learning Specialization taught by Andrew Ng too?": the line naming it must name them
        before = question[:by.start()]  # (the resource asked about, the one naming the most of its words first)
        asked_about = sorted((r for r in named_lines if _names_resource(before, r)), key=lambda r: -len(content_terms(r) & content_terms(before)))
        if asked_about and not any(maker <= content_terms(r) for r in asked_about):
            return verdict(False, f"say who made {asked_about[0]}")
    # (a resource asked about as such: not "is FastAPI required?", where FastAPI is a topic's item too)
    skills = [content_terms(leaf) | named_terms(leaf) for h in hits for leaf in _skill_lines(h)]
    said = content_terms(question) | named_terms(question)
    resources = [r for r in named_lines
                 if not any(((content_terms(r) | named_terms(r)) - _RESOURCE_KIND_WORDS) & said <= sk for sk in skills)]
    if resources and _HOW_HARD_Q.search(question):  # "How hard is Stanford CS231n compared to Andrew Ng's course?"
        return verdict(False, f"say how hard {resources[0]} is")
    head, alternative, _ = question.partition(" or ")
    # (the status offered as the other answer to a yes/no the roadmap answers: "does the integration path want me to get
    # any cloud certs or is that optional fluff?" is answered by the certifications it lists)
    listed_asked = bool(alternative) and not _STATUS_Q.search(head) and bool(_LISTED_ASKED.search(head))
    if resources and ((_STATUS_Q.search(question) and not listed_asked) or _GATE_Q.search(question)):
        return verdict(False, f"say whether {resources[0]} is required, optional or enough")
    if len(resources) >= 2 and _RESOURCE_PREREQ_Q.search(question):
        return verdict(False, f"say whether one of {resources[0]} and {resources[1]} must come before the other")
    if resources and (_RESOURCE_COVERS_Q.search(question) or _BY_UNIT_Q.search(question)):
        return verdict(False, "list what is inside that resource")  # "What does the spaCy course cover, week by week?"
    if _CONTENTS_OF_Q.search(question):  # "list the OWASP guidelines items": what is inside a resource
        return verdict(False, "list what is inside that resource")
    if _EMPLOYERS_WANT_Q.search(question):  # "what do big tech companies actually look for in a portfolio?"
        return verdict(False, "say what employers look for")
    if _WORTH_IT_Q.search(question):  # "am i too old to make the ML path worth it?": a judgement on the person
        return verdict(False, "say whether it is worth it for you")
    if _HIRING_REQUIREMENT.search(question):  # "is the AWS cert mandatory to get hired?": it lists what to learn
        return verdict(False, "say what employers require")
    if (_AWARD_Q.search(question) and _FINISHING.search(question)) or _GIVES_AWARD.search(question):
        # "if i finish … do i get a certificate?", "does the udemy course give you a certificate?"
        return verdict(False, "say what finishing it earns")
    if kind == "howto":
        unknown = _unknown_proper_nouns(named_part, items)
        if unknown:  # "how do I deploy to AWS Lambda?": a product the roadmap never names
            return verdict(False, "mention " + " or ".join(unknown))
        verb = asked.detail
        # "how do i get an endorsement to post on arxiv?": what is to be done must be in the passages at all
        m = _HOWTO_Q.search(_EMBEDDED_Q.sub("", asking_part(question.strip())))
        wanted_object = content_terms(m.group("object") or "", drop_filler=True) if m else set()
        if wanted_object and not wanted_object & (_stems_in("\n".join(items)) | _stems_in("\n".join(texts))):
            return verdict(False, f"explain how to {verb}{m.group('object') if m else ''}")
        wanted = _HOWTO_SYNONYMS.get(verb, (verb,))
        if not wanted:
            return verdict(True, "")
        stems = _stems_in("\n".join(items)) | {s.lower() for s in "\n".join(items).split()}
        ok = any(any(s.startswith(w) for s in stems) for w in wanted)
        return verdict(ok, f"explain how to {verb}")
    if kind == "list":
        # "Which Kubernetes setup does the roadmap recommend …?": the kind of thing asked for is named by a name the
        # passages never mention
        detail_words = {w.lower() for w in tokens(asked.detail)}
        unknown = [w for w in _unknown_proper_nouns(named_part, items) if w.lower() in detail_words]
        if unknown:
            return verdict(False, "mention " + " or ".join(unknown))
        # "which reinforcement learning algorithms …?": a kind of learning, model or network the passages never name
        known = set().union(*map(_item_terms, texts))
        for m in _FIELD_COMPOUND.finditer(asked.detail):
            words = [w for w in content_terms(m.group("mod"), drop_filler=True) if len(w) >= 5 and w not in _PLAIN_MODIFIERS]
            if words and not any(focus_covered(frozenset({w}), known) for w in words):
                return verdict(False, f"mention {m.group(0)}")
        return _check_instances(question, asked, items, verdict)
    # "is attention first level or second level?": something asked about must be listed (a follow-up's condensed
    # question carries words of the earlier turn too)
    choice = asked.detail == "stage" and STAGE_CHOICE.search(question)
    staged = asked.focus - _PATH_WORDS - _STAGE_FILLER if choice else frozenset()
    if staged and not focus_covered(staged, set().union(*map(_item_terms, items))):
        return verdict(False, "mention " + " ".join(_original_case(question, sorted(staged))))
    if kind in ("open", "list") and _WHERE_IS_Q.search(asking_part(without_asker(question))):
        # "I want to learn Kubernetes. Which level covers it?": where something sits, when no passage names any of it
        placed = frozenset(asked.focus - _PATH_WORDS - _STAGE_FILLER - _GENERIC_KINDS - _PLACE_VERBS)
        if placed and not focus_covered(placed, set().union(*map(_item_terms, texts))):
            return verdict(False, "mention " + " or ".join(_original_case(question, sorted(placed))))
    if kind == "yesno":
        if COUNTS_AS_PREREQ.search(question):  # "I know SQL well. does that count toward the prerequisites?"
            said = content_terms(expand_query(question), drop_filler=True)
            prereq_items = [it for h in hits if any("prerequisite" in x.lower() for x in h.headings) for it in passage_items(h)]
            if any(content_terms(it.split(" › ")[-1]) & said for it in prereq_items):
                return verdict(True, "")
        if (attribute := _attribute_not_stated(own_question(named_part), items)) is not None:
            return verdict(False, attribute)
        unknown = _unknown_proper_nouns(named_part, items)
        if unknown:
            return verdict(False, "mention " + " or ".join(unknown))
        if not asked.focus:
            return verdict(True, "")
        focus = asked.focus - _PATH_WORDS or asked.focus  # "do I need math if I pick AI integration": math
        # (across one passage's items, which covers any single item: "will i have to learn backprop and all the
        # neural net math?")
        best = max((focus_covered(focus, set().union(*map(_item_terms, passage_items(h)))) for h in hits), default=0)
        return verdict(best / len(focus) >= 0.5, "mention " + (asked.detail or "that"))
    return verdict(True, "")
