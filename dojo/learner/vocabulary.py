"""Words the learner understands: the general coaching vocabulary and the dojo's known words.

Three kinds of word, defined once here:

- :data:`FUNCTION_WORDS` carry no topic ("what", "the", "did").
- :data:`GENERAL` is the talk any coaching conversation uses whatever the process: the card's
  words, the storyboard and run chart, common verbs, adjectives and abstract nouns, time words.
  A word here is never a "thing" the learner could fail to recognise.
- :func:`is_english` is English: the words of Webster's Second International (the public-domain
  ``web2`` list shipped by the ``english-words`` package, MIT licence, loaded on first use) and
  :data:`MODERN` words it is too old to have; with everything the dojo has seen in coach talk (the
  classifier's corpus, read only) and the general words, that is every word the dojo knows. A word outside it and outside the
  scenario and the conversation is one nobody uses: a made-up word.

Concrete nouns ("printer", "lunch", "pallets") are deliberately *not* general: they belong to
a process, and a question about one the scenario and the conversation do not have is off-topic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from dojo import english

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")

FUNCTION_WORDS: frozenset[str] = frozenset(
    ["a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "it's", "itself", "i", "i'm", "i'd", "i've", "i'll", "me", "my", "mine", "myself", "we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "you", "you're", "you've", "you'd", "you'll", "your", "yours", "yourself", "yourselves", "he", "she", "him", "her", "his", "hers", "they", "them", "their", "theirs", "one", "ones", "someone", "somebody", "something", "anyone", "anybody", "anything", "everyone", "everybody", "everything", "nobody", "nothing", "no", "none", "not", "nor", "n't", "and", "or", "but", "if", "then", "else", "so", "as", "than", "too", "very", "just", "also", "only", "even", "still", "yet", "already", "again", "ever", "never", "always", "often", "sometimes", "really", "quite", "rather", "much", "many", "more", "most", "less", "least", "few", "little", "lot", "lots", "some", "any", "all", "each", "every", "both", "either", "neither", "other", "others", "another", "such", "own", "same", "what", "what's", "whats", "which", "who", "who's", "whom", "whose", "when", "when's", "where", "where's", "why", "why's", "how", "how's", "whether", "is", "am", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't", "weren't", "do", "does", "did", "doing", "done", "don't", "doesn't", "didn't", "have", "has", "had", "having", "haven't", "hasn't", "hadn't", "can", "can't", "cannot", "could", "couldn't", "will", "won't", "would", "wouldn't", "shall", "should", "shouldn't", "may", "might", "must", "mustn't", "need", "needn't", "ought", "let", "let's", "of", "in", "on", "at", "to", "from", "by", "for", "with", "without", "about", "above", "below", "over", "under", "into", "onto", "out", "up", "down", "off", "through", "between", "among", "across", "along", "around", "after", "before", "since", "until", "till", "during", "per", "via", "against", "toward", "towards", "within", "upon", "like", "unlike", "near", "because", "while", "though", "although", "whereas", "unless", "whatever", "whenever", "wherever", "yes", "yeah", "yep", "no", "nope", "ok", "okay", "oh", "ah", "um", "uh", "hm", "hmm", "hmmm", "well", "right", "sure", "please", "thanks", "thank", "hi", "hello", "hey", "sorry", "pardon", "excuse", "cheers", "alright", "anyway", "anyways", "wow", "gosh", "huh", "aha", "mhm", "mm", "er", "erm", "eh", "s", "t", "d", "ll", "re", "ve", "m"]
)

GENERAL: frozenset[str] = frozenset(
    ["mystery", "mysteries", "puzzle", "riddle", "blame", "fault", "surprises", "doubt", "doubts", "stories", "table", "play", "page", "loop", "radar", "weeds", "drawing", "iceberg", "elephant", "fruit", "ground", "heart", "mind", "hands", "credit", "praise", "pride", "shame", "luck", "stake", "stakes", "struggle", "struggles", "mess", "headache", "nightmare", "pain", "trouble", "deal", "clock", "clocks", "timer", "takeaway", "takeaways", "spike", "spikes", "standup", "standups", "stand-up", "affect", "affects", "awkward", "curious", "confident", "unsure", "wondering", "impediment", "impediments", "action", "actions", "theory", "theories", "risk", "risks", "scale", "follow", "followup", "connect", "connects", "connected", "hypotheses", "hunch", "hunches", "assumption", "assumptions", "commitment", "commitments", "priority", "priorities", "resources", "strength", "strengths", "feedback", "reflection", "reflections", "retro", "retros", "retrospective", "hindsight", "worry", "worries", "concern", "concerns", "fear", "fears", "progress", "signal", "signals", "sign", "signs", "blocker", "blockers", "insight", "insights", "option", "options", "barrier", "barriers", "wins", "win", "highlight", "highlights", "lowlight", "lowlights", "headline", "gist", "point", "angle", "view", "opinion", "gut", "feeling", "feelings", "card", "kata", "coaching", "coach", "coached", "learner", "improvement", "storyboard", "board", "board's", "chart", "charts", "run", "runs", "graph", "plot", "plotted", "points", "point", "dot", "dots", "line", "lines", "curve", "data", "number", "numbers", "figure", "figures", "value", "values", "measure", "measured", "measuring", "measurement", "metric", "metrics", "stat", "stats", "statistic", "statistics", "median", "mean", "average", "p90", "p50", "percentile", "percent", "percentage", "target", "targets", "condition", "conditions", "challenge", "goal", "goals", "aim", "actual", "current", "now", "today", "tomorrow", "yesterday", "tonight", "morning", "afternoon", "evening", "night", "noon", "day", "days", "week", "weeks", "weekly", "month", "months", "year", "years", "hour", "hours", "minute", "minutes", "second", "seconds", "time", "times", "date", "dates", "deadline", "moment", "while", "stretch", "phase", "period", "stage", "round", "rounds", "iteration", "sprint", "sprints", "spell", "quarter", "fortnight", "season", "window", "span", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "soon", "later", "earlier", "early", "late", "last", "next", "first", "second", "third", "previous", "obstacle", "obstacles", "problem", "problems", "issue", "issues", "cause", "causes", "reason", "reasons", "barrier", "blocker", "blockers", "step", "steps", "experiment", "experiments", "experimenting", "trial", "test", "tested", "testing", "try", "tried", "trying", "attempt", "prediction", "predictions", "predict", "predicted", "expect", "expected", "expecting", "expectation", "expectations", "hypothesis", "guess", "hope", "hoped", "happen", "happened", "happening", "result", "results", "outcome", "outcomes", "effect", "effects", "impact", "learn", "learned", "learnt", "learning", "learnings", "lesson", "lessons", "insight", "insights", "finding", "findings", "plan", "planned", "planning", "idea", "ideas", "option", "options", "way", "ways", "approach", "thing", "things", "stuff", "part", "parts", "kind", "sort", "lot", "piece", "bit", "pattern", "patterns", "trend", "trends", "change", "changes", "changed", "changing", "difference", "differences", "variation", "variance", "spread", "range", "level", "levels", "gap", "gaps", "pace", "speed", "rate", "rates", "capacity", "load", "flow", "throughput", "output", "yield", "quality", "defect", "defects", "rework", "error", "errors", "mistake", "mistakes", "waste", "delay", "delays", "wait", "waiting", "waits", "queue", "queues", "backlog", "lead", "cycle", "cycles", "turnaround", "inventory", "wip", "takt", "process", "processes", "work", "works", "worked", "working", "job", "jobs", "task", "tasks", "team", "teams", "people", "person", "someone", "staff", "colleague", "colleagues", "customer", "customers", "manager", "managers", "boss", "supervisor", "operator", "operators", "worker", "workers", "area", "areas", "place", "places", "site", "floor", "gemba", "workplace", "station", "stations", "shift", "shifts", "unit", "units", "batch", "batches", "item", "items", "order", "orders", "system", "systems", "tool", "tools", "equipment", "machine", "machines", "go", "goes", "going", "went", "gone", "come", "comes", "coming", "came", "see", "sees", "seeing", "saw", "seen", "look", "looks", "looking", "looked", "watch", "watched", "watching", "observe", "observed", "observing", "observation", "observations", "notice", "noticed", "noticing", "show", "shows", "showed", "shown", "showing", "tell", "tells", "told", "telling", "say", "says", "said", "saying", "talk", "talked", "talking", "ask", "asked", "asking", "answer", "think", "thinks", "thought", "thinking", "know", "knows", "knew", "known", "knowing", "believe", "believes", "mean", "means", "meant", "understand", "understood", "feel", "feels", "felt", "seem", "seems", "seemed", "find", "finds", "found", "make", "makes", "made", "making", "take", "takes", "took", "taken", "get", "gets", "got", "getting", "give", "gives", "gave", "given", "keep", "keeps", "kept", "put", "puts", "use", "used", "using", "need", "needed", "want", "wanted", "wants", "like", "liked", "help", "helped", "helps", "helping", "start", "started", "starts", "stop", "stopped", "stops", "move", "moved", "moving", "check", "checked", "checking", "write", "wrote", "written", "writing", "record", "recorded", "recording", "count", "counted", "counting", "time", "timed", "timing", "compare", "compared", "comparing", "explain", "describe", "decide", "decided", "choose", "chose", "address", "addressing", "addressed", "tackle", "tackling", "tackled", "focus", "focusing", "focused", "remind", "reach", "reached", "reaching", "achieve", "achieved", "achieving", "prevent", "prevents", "preventing", "preventing", "improve", "improved", "improving", "improvement", "fix", "fixed", "fixing", "solve", "solved", "work", "happen", "matter", "matters", "mattered", "agree", "agreed", "good", "better", "best", "bad", "worse", "worst", "big", "bigger", "biggest", "small", "smaller", "smallest", "large", "long", "longer", "longest", "short", "shorter", "high", "higher", "highest", "low", "lower", "lowest", "fast", "faster", "fastest", "slow", "slower", "slowest", "quick", "quicker", "new", "old", "main", "whole", "full", "empty", "same", "different", "similar", "real", "true", "clear", "unclear", "sure", "unsure", "certain", "possible", "likely", "easy", "hard", "simple", "important", "important", "interesting", "surprising", "surprised", "surprise", "next", "previous", "recent", "latest", "typical", "usual", "normal", "average", "single", "several", "few", "many", "most", "much", "enough", "exactly", "roughly", "about", "approximately", "almost", "nearly", "maybe", "perhaps", "probably", "actually", "basically", "honestly", "generally", "usually", "specifically", "especially", "particularly", "instead", "else", "help", "support", "safe", "safely", "successful", "success", "fail", "failed", "failure", "wrong", "right", "correct", "evidence", "proof", "reasoning", "logic", "sense", "picture", "story", "situation", "context", "detail", "details", "example", "examples", "question", "questions", "conversation", "meeting", "huddle", "session", "today's", "yesterday's", "tomorrow's", "top", "bottom", "side", "row", "rows", "column", "columns", "section", "word", "words", "sentence", "term", "terms", "reality", "chance", "factor", "factors", "rest", "list", "lists", "record", "records", "layout", "changeover", "setup", "kanban", "checklist", "handoff", "handover", "routine", "sequence", "standard", "method", "procedure", "instruction", "instructions", "rule", "rules", "schedule", "training", "parking", "threshold", "knowledge", "edge", "mentor", "mentee", "coachee", "storyboards", "pdca-cycles", "cycles-record", "product", "products", "owner", "owners", "leader", "leaders", "director", "directors", "head", "management", "department", "company", "business", "client", "clients", "user", "users", "stakeholder", "stakeholders", "supplier", "suppliers", "partner", "partners", "lean", "kaizen", "gemba", "genba", "yokoten", "hansei", "jidoka", "andon", "poka", "yoke", "heijunka", "muda", "mura", "muri", "smed", "tpm", "oee", "pdca", "pdsa", "a3", "vsm", "sigma"]
)

#: Words that come before the noun that names a thing ("the *new* printer"): they do not end the noun phrase.
MODIFIERS: frozenset[str] = frozenset(
    ["couple", "bit", "lot", "lots", "few", "kind", "sort", "type", "number", "bunch", "handful", "pair", "key", "new", "old", "big", "bigger", "small", "smaller", "little", "main", "other", "same", "first", "last", "next", "second", "third", "whole", "good", "bad", "better", "worse", "real", "actual", "current", "usual", "normal", "extra", "spare", "additional", "different", "whole", "entire", "big", "long", "short", "nice", "lovely", "great", "fine", "busy", "quiet", "tough", "rough", "hard", "easy", "quick", "slow", "fast", "key", "typical", "particular", "specific", "proper", "simple", "own", "possible", "likely", "important", "biggest", "smallest", "best", "worst", "latest", "recent", "previous"]
)

#: The label a coach may use for small talk; off the card, "lunch" or "the weekend" is not off-topic.
SMALL_TALK_WORDS: frozenset[str] = frozenset(
    ["room", "calendar", "diary", "meeting", "appointment", "dentist", "doctor", "screen", "call", "invite", "slot", "coffee", "tea", "lunch", "breakfast", "dinner", "weekend", "holiday", "holidays", "weather", "rain", "sun", "family", "kids", "morning", "evening", "journey", "trip", "traffic", "drive", "commute", "football", "game", "match", "news", "birthday", "cake"]
)

_CORPUS = Path(__file__).resolve().parents[1] / "coaching" / "corpus"


def normalise(text: str) -> str:
    return text.translate(_APOSTROPHES).lower()


def tokens(text: str) -> list[str]:
    """Lower-case words, numbers and contractions ("p90", "it's", "3.5")."""
    return _TOKEN.findall(normalise(text))


def stem(word: str) -> str:
    """A light stem so that "timing", "timed" and "times" meet "time": plural and verb endings only."""
    w = word.split("'", maxsplit=1)[0]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":  # "stopp(ed)" -> "stop"
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@lru_cache(maxsize=1)
def corpus_words() -> frozenset[str]:
    """Every word in the classifier's corpus files (read only): the coach talk the dojo has seen."""
    words: set[str] = set()
    for path in sorted(_CORPUS.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            words.update(tokens(line.split("\t", 1)[1]))
    return frozenset(words)


@lru_cache(maxsize=1)
def known_stems() -> frozenset[str]:
    """Stems of every word the dojo knows outside any one scenario."""
    return frozenset(stem(w) for w in corpus_words() | GENERAL | FUNCTION_WORDS | SMALL_TALK_WORDS | MODERN)


#: Everyday words newer than the 1934 dictionary.
MODERN: frozenset[str] = frozenset(
    ["email", "e-mail", "online", "offline", "website", "web", "app", "apps", "laptop", "smartphone", "phone", "download", "upload", "workflow", "timestamp", "onboarding", "dashboard", "spreadsheet", "excel", "slack", "zoom", "teams", "chat", "ticket", "tickets", "jira", "wiki", "okay", "ok"]
)


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """English words in lower case (base forms; see :func:`is_english` for endings)."""
    return english.words() | MODERN


_ENDINGS = (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"), ("ies", "y"),
            ("ied", "y"), ("er", ""), ("ers", ""), ("ly", ""), ("'s", ""))


def is_english(word: str) -> bool:
    """Is ``word``, or ``word`` less a plural, verb or adverb ending, in the dictionary?"""
    d = dictionary()
    if word in d:
        return True
    for suffix, repl in _ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            base = word[: len(word) - len(suffix)] + repl
            if base in d or (len(base) > 3 and base[-1] == base[-2] and base[:-1] in d):  # "stopped"
                return True
    return False


#: Endings of English nouns that name an idea, a state or a quality, never a thing one could
#: fetch ("criticism", "frustration", "reluctance", "ownership", "fairness", "visibility").
_ABSTRACT_ENDINGS = ("ism", "isms", "ness", "ity", "ities", "tion", "tions", "sion", "sions", "ance", "ances",
                     "ence", "ences", "ship", "hood", "dom", "ment", "ments")
#: Things, though their ending is one of those.
_CONCRETE = frozenset(
    ["basement", "apartment", "garment", "pavement", "instrument", "equipment", "ointment", "compartment", "monument",
     "ornament", "document", "shipment", "supplement", "fragment", "cement", "implement", "station", "ambulance",
     "fence", "sentence", "lotion", "potion", "mansion", "pension", "ship", "kingdom"]
)


def is_abstract(word: str) -> bool:
    """Does ``word`` name an idea, a state or a quality by its ending ("criticism", "reluctance")?
    Everyday abstract nouns without one ("mystery"), and the nouns of figures of speech ("on the
    table", "play into it"), are in :data:`GENERAL`."""
    if word in _CONCRETE or word.removesuffix("s") in _CONCRETE:
        return False
    return any(word.endswith(e) and len(word) - len(e) >= 3 for e in _ABSTRACT_ENDINGS)


@lru_cache(maxsize=1)
def general_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in GENERAL)


def deletions(word: str) -> set[str]:
    """The word with one letter left out, each way: two words within one typo share one of these."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def transpositions(word: str) -> set[str]:
    """The word with two neighbouring letters swapped, each way ("crad" for "card", "agian" for "again")."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}
