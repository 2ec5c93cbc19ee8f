"""Text normalisation and the features of the coach-move classifier.

Pure Python and import-light: both the trainer (numpy, development time) and the
run-time model (:mod:`dojo.coaching.model`) call :func:`extract`, so what the model was
trained on and what it sees at run time can never drift apart.

Features are strings in three groups, each a set (presence, not counts):

- ``w`` word uni- and bigrams (with sentence boundaries), after expanding contractions
  and common spoken forms ("didn't" → "did not", "gonna" → "going to");
- ``c`` character 3- and 4-grams inside each word, with word boundaries, which make the
  model robust to typos ("teh", "waht", "expcet");
- ``e`` engineered features: the first word and the first two words, wh-words, tense
  markers (did/was/were/had/-ed against will/going to/next/do you expect), advice and
  suggestion markers ("should", "you need to", "let's", "have you tried", "don't you
  think", "why didn't you", "if i were you"), imperative starts, yes/no question
  starts, a question mark, an either/or, and the length; and clause-level cues for an
  idea tucked into a question (:func:`_clause_marks`: the kind of clause that follows the
  first, guess markers after the first clause, a guess at the very end, advice or a guess
  before a tag question).

The trainer scales each of the ``w`` and ``c`` groups to unit length (1/sqrt(n) per
feature); ``e`` features count 1 each.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Only the first this many characters of an utterance are looked at: a coaching move is
#: said in the first sentence or two, and it bounds the time per utterance.
MAX_CHARS = 600
TRIGRAMS = True
#: Clause-level feature families (:func:`_clause_marks`), each kept because it raised the
#: cross-validated macro-F1 on the training part ("you" + modal and question-mark position
#: were tried too and did not).
EXTRAS: frozenset[str] = frozenset({"tuck", "tail", "tag"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"'})
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")

_EXPANSIONS: dict[str, str] = {
    # contractions (apostrophe kept by the tokenizer)
    "won't": "will not", "can't": "can not", "cannot": "can not", "shan't": "shall not",
    "let's": "let us", "y'all": "you all", "ain't": "is not",
    # the same, typed without the apostrophe
    "dont": "do not", "didnt": "did not", "doesnt": "does not", "isnt": "is not",
    "arent": "are not", "wasnt": "was not", "werent": "were not", "havent": "have not",
    "hasnt": "has not", "hadnt": "had not", "wont": "will not", "wouldnt": "would not",
    "shouldnt": "should not", "couldnt": "could not", "cant": "can not", "lets": "let us",
    "whats": "what is", "hows": "how is", "wheres": "where is", "whens": "when is",
    "whys": "why is", "thats": "that is", "theres": "there is", "youre": "you are",
    "youve": "you have", "youll": "you will", "youd": "you would", "theyre": "they are",
    "im": "i am", "ive": "i have", "id": "i would", "ill": "i will",
    # spoken forms
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "lemme": "let me",
    "gimme": "give me", "whatcha": "what are you", "watcha": "what are you",
    "dunno": "do not know", "ya": "you", "u": "you", "ur": "your", "r": "are",
    "pls": "please", "plz": "please", "thx": "thanks", "ok": "okay", "k": "okay",
    "wat": "what", "waht": "what", "wht": "what", "wats": "what is", "whatd": "what did",
    "howd": "how did", "whered": "where did", "whend": "when did", "whyd": "why did",
    # after a wh-word, 'd is "did" far more often than "would" ("what'd you try?")
    "what'd": "what did", "how'd": "how did", "where'd": "where did", "when'd": "when did", "why'd": "why did",
    "didja": "did you", "dja": "did you", "teh": "the", "hte": "the", "yu": "you", "yuo": "you",
    "kinda": "kind of", "sorta": "sort of", "y": "why", "abt": "about", "b4": "before",
}
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("n't", " not"), ("'re", " are"), ("'ve", " have"), ("'ll", " will"), ("'d", " would"),
    ("'m", " am"), ("'s", " is"),
)

WH_WORDS = frozenset({"what", "how", "which", "when", "where", "who", "whom", "whose", "why"})
#: Auxiliaries and modals that start a yes/no question.
YESNO_STARTS = frozenset({
    "is", "are", "was", "were", "am", "do", "does", "did", "can", "could", "will", "would",
    "shall", "should", "has", "have", "had", "may", "might", "must", "isn't", "aren't",
})
#: Imperatives that open a question in disguise ("tell me", "walk me through").
OPEN_PROMPTS = frozenset({
    "tell", "describe", "explain", "walk", "show", "talk", "say", "share", "help",
    "remind", "summarize", "summarise", "elaborate", "read", "give", "take", "point",
})
#: Base verbs that start an instruction ("add a second operator", "write that down").
IMPERATIVE_STARTS = frozenset({
    "add", "put", "write", "try", "make", "use", "move", "stop", "start", "change", "get",
    "go", "check", "ask", "measure", "do", "don't", "just", "be", "call", "set", "fix",
    "remove", "reduce", "increase", "buy", "hire", "train", "swap", "switch", "split",
    "combine", "drop", "skip", "focus", "run", "keep", "look", "let", "note", "update",
    "send", "talk", "think", "consider", "install", "standardize", "standardise", "order",
    "label", "ignore", "forget", "come", "bring", "plot", "draw", "pick", "choose", "give",
    "leave", "wait", "repeat", "test", "time", "count", "record", "track", "log", "list",
    "tell", "stick", "slow", "pull", "push", "post", "print", "clean", "sort",
    "double", "cut", "limit", "block", "rerun", "redo", "rewrite", "delete", "shorten",
    "never", "always", "please", "maybe", "perhaps",
})
#: Words that carry the coach's own guess, doubt or impatience when tucked into a question.
MARKERS = frozenset({
    "maybe", "perhaps", "probably", "hopefully", "suppose", "assume", "guess", "guessing",
    "bet", "reckon", "surely", "even", "finally", "again", "honestly", "really", "actually",
    "just", "still", "obviously", "clearly", "magically", "like", "something", "right",
    "yeah", "instead", "better", "best", "wrong", "why", "fix", "solve", "sort", "problem",
    "ignore", "forget", "never", "always", "already", "told", "said", "wonder", "curious",
    "whether", "if", "idea", "suggest", "suggestion", "recommend", "advice", "worth",
})
_TAG = re.compile(
    r"(\b(right|yeah|yes|no|ok|okay|correct|surely|eh|huh|yep|true)|"
    r"\b(is not|did not|do not|would not|will not|are not|was not|were not|does not|have not|has not|can not|could not|should not) "
    r"(it|you|they|we|he|she|that|there|i)|\bis it not|\bdo you not)\W*$"
)
_ADVICE = re.compile(
    r"\b(you (really |just |definitely |probably )?(should|must|need to|have to|ought to|got to|could just|might want to|want to)|i would|i suggest|"
    r"i recommend|my advice|if i were you|if it were me|let us|it has to|has to be|needs to be|should be|"
    r"it might be worth|worth trying|maybe try|try to|go with|the answer is|the problem is|the real problem|"
    r"the obstacle is|the real obstacle|what you learned is|the next step (is|has|should))\b"
)
_CLAUSE_SPLIT = re.compile(r"[,;:?!.()\u2014\u2013]+|\s-+\s|\.\.\.")
_PAST_AUX = frozenset({"did", "was", "were", "had"})
_FUTURE = frozenset({"will", "going", "next", "tomorrow", "plan", "planning", "shall", "gonna"})
_HYPOTHETICAL = re.compile(r"\b(would|could|might) (you|we|they|it|i|that|this) (?!have\b)\w+")
_FILLERS = frozenset({"so", "and", "okay", "alright", "right", "well", "now", "then", "um",
                      "uh", "hmm", "oh", "hey", "but", "also", "great", "good", "thanks",
                      "cool", "fine", "yes", "yeah", "sure", "got", "it", "i", "see"})
_OR_QUESTION = re.compile(r"\bor\b")
#: A guess or hope said after the question ("…, I suppose?", "…, I bet", "…, hopefully").
_TAIL_GUESS = re.compile(
    r"\b(i (suppose|assume|guess|bet|reckon|imagine|hope|think|would say|would have thought)|presumably|hopefully|surely|probably|maybe|perhaps|i am guessing|i am assuming)\W*$"
)

#: Multi-word markers, matched on the normalised token string. Compiled on first use
#: (:func:`_phrases`): compiling them all costs ~25 ms, which ``import`` should not pay.
PHRASE_SOURCES: dict[str, str] = {
        "should": r"\b(should|ought to|you must|you have to|you need to|you've got to|you got to)\b",
        "you_need": r"\byou (need|have|got) to\b",
        "let_us": r"\blet us\b",
        "if_i_were": r"\bif i (were|was) you\b",
        "i_would": r"\b(i would|i'd|i suggest|my suggestion|my advice|i recommend|i think you|you could)\b",
        "have_you_tried": r"\b(have|did) you (tried|try|considered|consider|thought about|think about|looked at|checked)\b",
        "dont_you_think": r"\b(do not|does not|would not|is not|are not|was not|could not|should not|can not|will not) (you|it|that|this|there|the)\b",
        "why_didnt": r"\bwhy (did not|do not|have not|had not|would not|was not|were not|is not|are not|not)\b",
        "what_about": r"\b(what|how) about\b",
        "what_if": r"\bwhat if\b",
        "are_you_sure": r"\b(are you (sure|certain|really)|is that (really|actually|true)|really)\b",
        "did_you": r"\b(did|had|were|was) (you|they|it|the)\b",
        "do_you_expect": r"\b(do|does) (you|they) (expect|predict|think will|anticipate)\b",
        "did_you_expect": r"\b(did|had|were) (you|they) (expect|predict|anticipat|think|hop)",
        "will": r"\b(will|going to|gonna|plan to|planning to|about to)\b",
        "next": r"\bnext\b",
        "last": r"\b(last|previous|yesterday|past|prior|earlier)\b",
        "tell_me": r"\b(tell me|walk me|show me|talk me|help me understand|say more|explain|describe|give me)\b",
        "when": r"\b(when|what time|how soon|how quickly|by when)\b",
        "learn": r"\b(learn|learned|learnt|learning|learnings|lesson|lessons|takeaway|take away|insight|teach|taught|conclusion|conclude|discover|discovered|make of|tell you|telling you|tells you|clearer|understanding|reflection|why was there a difference|explain the result|mean for)\b",
        "expect": r"\b(expect|expected|expecting|expectation|predict|predicted|prediction|hypothesis|hope|hoped|anticipate|anticipated|supposed to happen|thought would|think would|guess)\b",
        "happen": r"\b(happen|happened|happening|result|results|outcome|turned out|turn out|came out|come of|came of|work out|worked out|did it work|how did it go|how did the|go when|went|observe|observed|notice|noticed|saw|see when|find|found|data show|chart do|effect|difference)\b",
        "obstacle": r"\b(obstacle|obstacles|in (the|your|our|their|my|his|her) way|preventing|prevents|prevent|blocking|block|holding you back|stopping you|keeping you|stands between|problems|issues|barrier|barriers|parking lot|hurdle|hurdles|which one|focus on now|addressing|working on now)\b",
        "target": r"\b(target|challenge|striving|strive|aiming|aim|goal|want to be|trying to get|achieve|achieve by|by when|direction|heading|good look like|end state|vision|ideal)\b",
        "actual": r"\b(actual|current|currently|now|today|right now|at the moment|these days|this week|presently|latest|at present|where are you|where is the process|how is it running|reality|baseline)\b",
        "last_step": r"\b(last step|previous step|last experiment|last time|since we last|planned|plan was|did you try|did you do|did you test|were you going to|you were going|set out)\b",
        "next_step": r"\b(next step|next experiment|next cycle|next thing|try next|do next|going to try|going to do|will you|plan next|what now|tomorrow|coming)\b",
        "go_see": r"\b(go and see|go see|come and see|come see|come by|look at it together|look together|check in|meet|see it|see the|see what|back here|catch up|review it|how soon|how quickly|when can we|when shall we|when will we|what time)\b",
        "clarify": r"\b(how do you know|what do you mean|mean by|for example|an example|more about|say more|tell me more|unpack|specific|elaborate|source|where does|where did|come from|how did you (measure|count|get|collect|time|calculate)|who|such as|in your own words|go on|help me understand|walk me through|show me)\b",
        "doubt": r"\b(sure|certain|confident|reliable|trust|really|honestly|seriously|even|still|again|finally|magically|just|best you can|smartest|waste)\b",
        "social": r"\b(hi|hello|morning|afternoon|evening|thanks|thank you|cheers|bye|see you|weekend|coffee|lunch|sorry|welcome|congrats|congratulations|nice|great|good job|well done|awesome|brilliant|excellent|fine|mm|hmm|uh huh|got it|i see|makes sense|okay|alright)\b",
        "gap": r"\b(how (far|close|near)|far (off|from|away)|gap|compared (to|with)|versus|vs|against|relative to|short of|ahead of|behind|above|below|off target|off the target|distance (to|from))\b",
        "you": r"\byou\b",
        "we": r"\b(we|us|our)\b",
        "i": r"\b(i|me|my)\b",
        "thanks": r"\b(thanks|thank you|great|good|nice|well done|awesome|perfect|cheers|hello|hi|morning|bye|see you)\b",
}
_PHRASES: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] | None = None


def _phrases() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    """(name, pattern, gate): the pattern cannot match unless one of the gate's words is a
    token (every alternative contains a whole word), so most searches are skipped."""
    global _PHRASES  # noqa: PLW0603 - a compile-once cache, replaced whole (thread-safe)
    if _PHRASES is None:
        _PHRASES = tuple(
            (name, re.compile(source), frozenset(re.findall(r"[a-z]+", re.sub(r"\\[a-zA-Z]", " ", source))))
            for name, source in PHRASE_SOURCES.items()
        )
    return _PHRASES


_CUES = frozenset({"learn", "expect", "happen", "obstacle", "target", "actual", "last_step", "next_step", "go_see", "clarify", "doubt", "social"})


def _is_advice(toks: list[str], k: int) -> bool:
    return _ADVICE.search(" ".join(toks)) is not None or (toks[k] in IMPERATIVE_STARTS and toks[k] not in OPEN_PROMPTS)


def clean(text: str) -> str:
    """NFKC, straight quotes, no control characters, truncated to :data:`MAX_CHARS`."""
    text = text[: MAX_CHARS * 2]
    text = unicodedata.normalize("NFKC", text)[:MAX_CHARS]
    text = text.translate(_QUOTES)
    return _CONTROL.sub(" ", text)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of cleaned text, contractions and spoken forms expanded."""
    return list(_tokens(text))


#: Hearing one line tokenises its pieces (the turn, its lead-in, clauses, sentences) several
#: times over, and talk repeats itself: the same piece is tokenised once per process.
@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        exp = _EXPANSIONS.get(tok)
        if exp is None and "'" in tok:
            for suffix, repl in _SUFFIXES:
                if tok.endswith(suffix) and len(tok) > len(suffix):
                    stem = tok[: -len(suffix)]
                    if suffix == "n't":
                        stem = {"ca": "can", "wo": "will", "sha": "shall"}.get(stem, stem)
                    exp = stem + repl
                    break
            else:
                exp = tok.replace("'", "")
        if exp is None:
            out.append(tok)
        else:
            out.extend(exp.split())
    return tuple(out)


def dedup_key(text: str) -> str:
    """The key under which two corpus lines count as the same utterance.

    Case, punctuation, contractions and leading fillers ("so", "okay and…") are ignored.
    """
    toks = tokens(clean(text))
    i = 0
    while i < len(toks) - 1 and toks[i] in _FILLERS:
        i += 1
    return " ".join(toks[i:])


def content_start(toks: list[str]) -> int:
    """Index of the first token after leading fillers ("so", "okay", "and"…); the last token at most."""
    i = 0
    while i < len(toks) - 1 and toks[i] in _FILLERS:
        i += 1
    return i


#: A polite frame before the real question: "can I ask (you)", "do you mind if I ask", "I was
#: wondering", "let me ask you this", "I'd like to hear (more) about", "any idea". What follows it
#: is the question: "Can I ask what you learned?" is as open as "What did you learn?", and "I
#: was wondering if it worked" as closed as "Did it work?".
_POLITE_FRAME = re.compile(
    r"^(?:(?:so|and|okay|ok|alright|right|well|now|then|um|uh|hmm|oh|hey|but|just) )*(?:"
    r"(?:can|could|may|might) (?:i|we) (?:just |quickly )?(?:ask|check)(?: you)?(?: (?:again|quickly|briefly|this))?"
    r"|(?:do|would) you mind (?:if )?(?:i |me )?ask(?:ing)?(?: you)?"
    r"|mind if i ask(?: you)?"
    r"|i (?:am|was) (?:just |really )?(?:wondering|curious)(?: (?:about|to (?:know|hear)))?"
    r"|i (?:just )?wonder"
    r"|(?:let me|lets) (?:just )?ask(?: you)?(?: (?:this|something))?"
    r"|i would (?:like|love) to (?:know|hear|ask|understand|find out|learn)(?: more)?(?: about)?"
    r"|i want to (?:know|hear|understand)(?: more)?(?: about)?"
    r"|i am (?:interested|keen) (?:in|to (?:know|hear|understand))"
    r"|(?:can|could|would|will) you (?:let me know|fill me in on)"
    r"|(?:do you have |have you got |got )?any (?:idea|ideas|thoughts|sense)(?: (?:on|about|of|as to))?"
    r")(?= )"
)


#: Prepositions that may come before the wh-word of an open question ("by when", "for how long").
_PREPOSITIONS = frozenset({"by", "until", "till", "for", "from", "to", "with", "on", "at", "in", "since", "about", "after", "before"})
#: The card's nouns, said alone as a question ("Target?", "Next step?", "Prediction?"): open, never yes/no.
_CARD_FRAGMENT = frozenset({
    "target", "condition", "goal", "challenge", "actual", "current", "now", "today", "last", "step", "next",
    "experiment", "expected", "expectation", "prediction", "result", "results", "outcome", "learned", "learning",
    "learnings", "lesson", "lessons", "obstacle", "obstacles", "p90", "median", "number", "numbers", "data",
    "plan", "hypothesis", "date", "the", "your", "and", "then", "expect", "expecting", "predict", "happened",
    "learn", "learnt", "focus", "working", "on", "addressing", "gap",
})


def after_polite_frame(toks: list[str]) -> int:
    """Index of the first token after a polite frame (:data:`_POLITE_FRAME`), or 0 when there is none."""
    m = _POLITE_FRAME.match(" ".join(toks))
    return len(m.group(0).split()) if m else 0


def is_open(toks: list[str], raw: str) -> bool:
    """Is this an open question or prompt (as opposed to yes/no, either/or, or a statement)?

    Open: starts (after fillers such as "so", "okay") with a wh-word or a prompt such as
    "tell me", "walk me through", "describe"; or a polite request to do so ("can you tell
    me…", "could you walk me through…"). Disguised suggestions ("how about…", "what
    about…", "why don't you…", "why not…", "what if…") are not open.
    """
    if not toks:
        return False
    framed = after_polite_frame(toks)
    if framed and framed < len(toks):
        # Judged on what the frame introduces: a wh-question is open, "…if/whether…" is not.
        return toks[framed] in WH_WORDS and is_open(toks[framed:], raw)
    i = content_start(toks)
    first = toks[i]
    second = toks[i + 1] if i + 1 < len(toks) else ""
    third = toks[i + 2] if i + 2 < len(toks) else ""
    if first in _PREPOSITIONS and second in WH_WORDS:
        return True  # "By when…?", "For how long…?", "On what basis…?"
    if len(toks) - i <= 4 and raw.rstrip().endswith("?") and all(t in _CARD_FRAGMENT for t in toks[i:]):
        return True  # the card said in a word or two ("Target?", "Next step?", "Current p90?")
    if first in WH_WORDS:
        if first in ("what", "how") and second == "about":
            return False
        if first == "what" and second == "if":
            return False
        return not (first == "why" and (second == "not" or third == "not"))
    if (first in OPEN_PROMPTS and first not in ("take", "give", "point", "read")) or (
        first in ("take", "give", "point", "read") and second in ("me", "us")
    ):
        return first != "talk" or second in ("me", "us", "about")
    if first in ("can", "could", "would", "will") and second == "you" and third in OPEN_PROMPTS:
        return True
    if first in ("do", "can", "could") and second == "you" and third in ("know", "remember", "recall", "see") and any(
        t in WH_WORDS for t in toks[i + 3 : i + 5]
    ):
        return True
    return first == "in" and second in ("what", "which", "how")


#: Words a lead-in is made of ("OK.", "Great stuff, thanks.", "Hi again", "hmm"): greetings,
#: thanks, acknowledgement, praise of effort and back-channel.
LEADIN_WORDS = _FILLERS | frozenset({
    "hi", "hello", "hey", "morning", "afternoon", "evening", "good", "great", "nice", "lovely", "cool",
    "stuff", "thanks", "thank", "you", "cheers", "interesting", "excellent", "brilliant", "perfect",
    "awesome", "super", "wow", "again", "mm", "mhm", "uh", "huh", "yep", "yup", "sure", "right",
    "alright", "okay", "ah", "aha", "gotcha", "fair", "enough", "true", "thats", "that", "is", "makes",
    "sense", "understood", "noted", "lets", "let", "us", "go", "on", "then", "well", "done", "job",
    "work", "for", "coming", "making", "time", "this", "the", "a", "very", "really", "much", "team",
    "everyone", "folks", "guys", "all", "there", "welcome", "back", "dear", "sir", "madam",
})
#: Words that carry no cause or fix of their own: function words, the card's and the
#: storyboard's vocabulary, and the words questions are made of. What is left of a line
#: could name the coach's own cause or fix.
PLAIN_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "so", "if", "then", "than", "that", "this", "these", "those", "there", "here", "it", "its", "it's", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing", "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "yes", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "yours", "he", "him", "his", "she", "her", "they", "them", "their", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether", "of", "in", "on", "at", "to", "from", "by", "for", "with", "about", "into", "onto", "over", "under", "up", "down", "out", "off", "as", "just", "also", "only", "very", "really", "quite", "much", "many", "more", "most", "less", "least", "some", "any", "all", "each", "every", "other", "another", "such", "same", "own", "again", "still", "even", "ever", "already", "yet", "now", "today", "tomorrow", "yesterday", "week", "day", "time", "times", "one", "two", "three", "first", "last", "next", "think", "thought", "reckon", "guess", "suppose", "wonder", "know", "knew", "see", "saw", "seen", "look", "looked", "looking", "tell", "told", "say", "said", "mean", "meant", "make", "made", "get", "got", "go", "going", "gone", "went", "come", "came", "take", "took", "try", "tried", "trying", "want", "wanted", "need", "needed", "like", "feel", "felt", "happen", "happened", "happening", "work", "worked", "working", "help", "helped", "change", "changed", "thing", "things", "something", "anything", "everything", "way", "bit", "lot", "kind", "sort", "actually", "maybe", "perhaps", "probably", "target", "condition", "challenge", "actual", "current", "step", "steps", "experiment", "experiments", "obstacle", "obstacles", "problem", "problems", "issue", "issues", "learn", "learned", "learnt", "learning", "expect", "expected", "expecting", "expectation", "prediction", "predict", "result", "results", "outcome", "chart", "run", "board", "storyboard", "card", "data", "number", "numbers", "cause", "causes", "idea", "ideas", "fix", "fixes", "solution", "plan", "planned", "better", "worse", "faster", "slower", "good", "bad", "right", "wrong", "sure", "okay", "ok", "please", "let", "us", "lets", "around", "because", "since", "while", "after", "before", "until", "during", "between", "rather", "instead", "else", "remember", "agree", "agreed", "agreeing", "mention", "mentioned", "reason", "choose", "chose", "chosen", "pick", "picked", "decide", "decided"]
)


def _ideas(toks: list[str]) -> int:
    return sum(1 for t in toks if t not in PLAIN_WORDS and len(t) > 2 and not t.isdigit())


_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\s+[\u2014\u2013]+\s*|\s*[\u2014\u2013]+\s+|\s+-{1,2}\s+|\.\.\.+\s*")
_CARD_FLOW = re.compile(r"\b(card|board|storyboard|start|begin|flip|turn it over|turn over|move on|go through|get going|kick off|dive in)\b")
_ECHO = re.compile(r"^(so |and |okay |ok |right )*(you said|you say|you mentioned|you told me|you were saying|you just said|earlier you said|so you|you think|you reckon|you feel)\b")


def _asks(sentence: str) -> bool:
    """Does this sentence ask something (a question mark, or a question or prompt opening)?"""
    if "?" in sentence:
        return True
    toks = tokens(sentence)
    if not toks:
        return False
    first = toks[content_start(toks)]
    return first in WH_WORDS or first in YESNO_STARTS or first in OPEN_PROMPTS


def _is_leadin_chunk(chunk: str) -> bool:
    """A comma-separated piece made only of lead-in words and names ("Morning Jo", "OK great")."""
    words = _TOKEN.findall(chunk)
    if not words or len(words) > 5:
        return False
    return all(w.lower() in LEADIN_WORDS or (w[:1].isupper() and i > 0) for i, w in enumerate(words))


#: A question that only opens the conversation: readiness, time, permission to ask, how the
#: learner is, or starting the card ("Ready?", "Got a minute?", "How was your weekend?", "Shall
#: we do the card?"). Followed by a real question, it is part of the lead-in.
_PREAMBLE = re.compile(
    r"^(?:(?:so|and|okay|ok|alright|right|well|now|then|um|uh|hmm|oh|hey|hi|hello|morning|good|great|but) )*(?:"
    r"(?:shall|should|can|could|may) (?:we|i) (?:just |quickly )?(?:start|begin|get going|get started|go|kick off|do this|dive in|crack on"
    r"|have a (?:quick )?(?:chat|look|word|minute)|check in|interrupt|borrow you|grab you"
    r"|ask you (?:a few |a couple of |some )?(?:questions|things)|ask you something|ask a (?:few |couple of )?questions?)"
    r"|(?:do you have |have you got |got |have you )?(?:a|five|ten|two|a few|a couple of) (?:minute|minutes|moment|sec|second|mins)"
    r"|(?:do you have |have you got |got )?time"
    r"|(?:is )?(?:now|this) (?:still )?(?:a )?(?:good|ok|okay|alright|convenient|bad) time"
    r"|(?:are )?(?:you |we )?(?:all )?(?:ready|set|good to go|ok to start|okay to start)(?: to (?:start|go|begin))?"
    r"|(?:all )?(?:good|ok|okay|alright|fine)"
    r"|how (?:are you|are things|is it going|are you doing|is your day|have you been|was your (?:weekend|day|morning|week|break|holiday|trip))(?: today| doing)?"
    r")(?: (?:then|now|today|there|jo|mate|all|everyone|team))?$"
)


def _is_preamble(sentence: str) -> bool:
    toks = tokens(sentence)
    if not toks or len(toks) > 10:
        return False
    joined = " ".join(toks)
    if _PREAMBLE.match(joined):
        return True
    # "Shall we go through the board?", "Can we flip the card?": a yes/no about the card's flow.
    return toks[content_start(toks)] in YESNO_STARTS and _CARD_FLOW.search(joined) is not None


@lru_cache(maxsize=1 << 16)
def split_turn(raw: str) -> tuple[str, str]:
    """(lead-in, the asking part) of a coach turn.

    The move is carried by the question: sentences before the first one that asks are the
    lead-in ("Interesting. What did you learn?", "OK, let's flip the card. What was your last
    step?", "you said the p90 went up — why?"), and so are greeting or acknowledgement pieces
    before a comma at the start of it ("Morning Jo, shall we…?"), and an opening question
    before the real one ("Got a minute? What did you try last?"). A turn that asks nothing is
    all asking part: a statement is judged whole.
    """
    sentences = [s for s in _SENTENCE.split(raw.strip()) if s.strip()]
    asking = [i for i, s in enumerate(sentences) if _asks(s)]
    k = asking[0] if asking else None
    for later in asking[1:]:
        # "Ready? What's the target?": an opening question before the real one is lead-in.
        if k is None or not _is_preamble(sentences[k]):
            break
        k = later
    if k is None:
        lead, ask = [], sentences
    else:
        lead, ask = sentences[:k], sentences[k:]
    if ask:
        pieces = ask[0].split(",")
        j = 0
        while j < len(pieces) - 1 and _is_leadin_chunk(pieces[j]):
            j += 1
        while j and not _TOKEN.search(",".join(pieces[j:])):
            j -= 1  # a turn of lead-in words only ("OK, great,") is its own asking part
        if j:
            lead = [*lead, ",".join(pieces[:j])]
            ask = [",".join(pieces[j:]).strip(), *ask[1:]]
    return " ".join(lead).strip(), " ".join(ask).strip()


#: Where a compound ask starts its next question: a sentence end, or ", and" / "and" / "then"
#: before a wh-word or an auxiliary ("What was your last step, and what did you expect?").
_NEXT_QUESTION = re.compile(
    r"(?<=[?])\s+|(?:,\s*(?:and\s+|or\s+|then\s+|plus\s+)?|\s+(?:and|then|plus|\+)\s+|\s*;\s*)"
    r"(?=(?:so\s+|and\s+)?(?:what|how|when|which|why|where|who|did|do|does|is|are|was|were|can|could|will|would|have|has)\b)",
    re.IGNORECASE,
)


def questions(text: str) -> tuple[str, list[str]]:
    """(lead-in, the questions of the asking part) of a coach turn."""
    lead, ask = split_turn(clean(text))
    return lead, question_parts(ask)


def question_parts(ask: str) -> list[str]:
    """The questions of an asking part, in order: one for a plain question, two or three for a
    compound ask ("What was your last step, what did you expect, and what happened?")."""
    parts = [p.strip(" ,;") for p in _NEXT_QUESTION.split(ask) if p and p.strip(" ,;")]
    return [p for p in parts if len(tokens(p)) >= 2] or [ask]


def lead_kind(lead: str) -> str:
    """What a lead-in does: ``social`` (greeting, thanks, acknowledgement), ``flow`` (a card-flow
    remark), ``echo`` (the learner's words said back), ``advice``, or another ``statement``."""
    toks = tokens(lead)
    if not toks:
        return ""
    if all(_is_leadin_chunk(piece) for piece in re.split(r"[,.!;:]+", lead) if piece.strip()):
        return "social"
    joined = " ".join(toks)
    if _ECHO.search(joined):
        return "echo"
    if _CARD_FLOW.search(joined) and len(toks) <= 12:
        return "flow"
    k = content_start(toks)
    if _is_advice(toks, k):
        return "advice"
    return "statement"


def asks_openly(ask: str) -> bool:
    """Is the asking part an open question? Judged on the clause that asks: "Before you took
    that step, what did you expect?" is open, though it starts with "before"."""
    toks = tokens(ask)
    if is_open(toks, ask):
        return True
    if toks and toks[content_start(toks)] in WH_WORDS | YESNO_STARTS:
        return False  # it asks from its first word, and not openly
    for chunk in re.split(r"[,;:\u2014\u2013]+|\s-+\s", ask)[1:]:
        ct = tokens(chunk)
        if ct and ct[content_start(ct)] in WH_WORDS | YESNO_STARTS | OPEN_PROMPTS:
            return is_open(ct, chunk)
    return False


def _clause_kind(ct: list[str]) -> str:
    j = content_start(ct)
    w = ct[j]
    if w in WH_WORDS or (w == "in" and j + 1 < len(ct) and ct[j + 1] in WH_WORDS):
        return "wh"
    if w in YESNO_STARTS:
        return "yn"
    if w in OPEN_PROMPTS or w in ("can", "could"):
        return "prompt"
    if w in IMPERATIVE_STARTS:
        return "imp"
    if w in ("you", "your", "i", "we", "it", "that", "this", "they", "there"):
        return "pro"
    return "np"


def _clause_marks(later_toks: list[list[str]], joined: str, first: str, tagged: bool) -> list[str]:
    """Clause-level cues for a coach's idea tucked into or after a question (the families
    in :data:`EXTRAS`): what kind of clause follows the first one ("what's the target, zero
    defects?" — a wh-question, then a bare noun phrase), markers of a guess that only appear
    after the first clause, a guess said at the very end ("…, I suppose"), and whether a
    tag question follows advice (telling) or a guess (leading)."""
    out: list[str] = []
    first_kind = "wh" if first in WH_WORDS else "yn" if first in YESNO_STARTS else "other"
    if "tuck" in EXTRAS and later_toks:
        kinds = {_clause_kind(ct) for ct in later_toks}
        out.extend("e:tuck=" + first_kind + "_" + k for k in sorted(kinds))
        late: set[str] = set()
        for ct in later_toks:
            late.update(MARKERS.intersection(ct))
        out.extend("e:lm=" + m for m in sorted(late))
    if "tail" in EXTRAS and _TAIL_GUESS.search(joined):
        out.append("e:tail_guess")
        if first_kind == "wh":
            out.append("e:wh_tail_guess")
    if "tag" in EXTRAS and tagged:
        advice = _ADVICE.search(joined) is not None or (first in IMPERATIVE_STARTS and first not in OPEN_PROMPTS)
        out.append("e:tag_" + ("advice" if advice else first_kind))
    return out


@lru_cache(maxsize=1 << 16)
def _char_grams(tok: str) -> tuple[str, ...]:
    """Character 3- and 4-grams of one word, with word-boundary marks (a word's first 30 characters)."""
    padded = "<" + tok[:30] + ">"
    n = len(padded)
    return (*(padded[j : j + 3] for j in range(n - 2)), *(padded[j : j + 4] for j in range(n - 3)))


def extract(text: str, ordered: bool = True) -> tuple[list[str], list[str], list[str], list[str]]:
    """Features of one utterance: (tokens, word features, char features, engineered features).

    ``ordered`` sorts the word and character features (the trainer needs a fixed order for
    bit-stable sums; the run-time model adds integers, where order does not matter).
    """
    full = clean(text)
    lead, raw = split_turn(full)
    toks = tokens(raw)
    words: list[str] = []
    chars: list[str] = []
    eng: list[str] = []
    if not toks:
        eng.append("e:no_words")
        if full.strip():
            eng.append("e:symbols_only")
        return toks, words, chars, eng
    # word uni- and bigrams
    seen: set[str] = set()
    wtoks = ["<num>" if t.isdigit() else t for t in toks]
    prev2, prev = "<s>", "<s>"
    for t in wtoks:
        seen.add("w:" + t)
        seen.add("b:" + prev + "_" + t)
        if TRIGRAMS:
            seen.add("t:" + prev2 + "_" + prev + "_" + t)
        prev2, prev = prev, t
    seen.add("b:" + prev + "_</s>")
    # The lead-in's words, apart: they rarely carry the move (but "you should…" does).
    seen.update("l:" + t for t in tokens(lead))
    words = sorted(seen) if ordered else list(seen)
    # character 3- and 4-grams inside words
    cseen: set[str] = set()
    for t in set(toks):
        cseen.update(_char_grams(t))
    chars = sorted(cseen) if ordered else list(cseen)
    # engineered
    i = content_start(toks)
    first = toks[i]
    second = toks[i + 1] if i + 1 < len(toks) else "</s>"
    joined = " ".join(toks)
    stripped = raw.rstrip()
    kind = lead_kind(lead)
    if kind:
        eng.append("e:lead=" + kind)
    eng.append("e:first=" + first)
    eng.append("e:first2=" + first + "_" + second)
    if i > 0:
        eng.append("e:filler_start")
    if first in WH_WORDS:
        eng.append("e:wh_start")
    elif first in YESNO_STARTS:
        eng.append("e:yesno_start")
    elif first in IMPERATIVE_STARTS:
        eng.append("e:imperative_start")
    elif first == "you":
        eng.append("e:you_start")
    if any(t in WH_WORDS for t in toks):
        eng.append("e:has_wh")
    if stripped.endswith("?"):
        eng.append("e:qmark")
    elif "?" in stripped:
        eng.append("e:qmark_inside")
    elif stripped.endswith("!"):
        eng.append("e:exclaim")
    elif stripped.endswith("."):
        eng.append("e:period")
    if is_open(toks, raw):
        eng.append("e:open")
    if _OR_QUESTION.search(joined) and first in YESNO_STARTS:
        eng.append("e:either_or")
    past = sum(1 for t in toks if t in _PAST_AUX or (len(t) > 4 and t.endswith("ed")))
    future = sum(1 for t in toks if t in _FUTURE)
    if past:
        eng.append("e:past")
    if future:
        eng.append("e:future")
    if past and not future:
        eng.append("e:past_only")
    elif future and not past:
        eng.append("e:future_only")
    # The hypothetical ("what would you try?", "what could you do?") looks ahead like the
    # future; "would have" looks back.
    hypothetical = _HYPOTHETICAL.search(joined) is not None
    if hypothetical:
        eng.append("e:hypothetical" + ("_past" if past else ""))
    tagged = _TAG.search(joined) is not None
    if tagged:
        eng.append("e:tag_question")
    for t in set(toks) & MARKERS:
        eng.append("e:m=" + t)
    clauses = [c for c in _CLAUSE_SPLIT.split(raw.lower()) if c.strip()]
    eng.append("e:clauses=" + ("1" if len(clauses) <= 1 else "2" if len(clauses) == 2 else "3+"))
    # Clause-level marks: an advice statement anywhere makes an utterance telling
    # (precedence), a question that opens with a negated auxiliary is suggestive.
    if len(toks) > i + 1 and first in YESNO_STARTS and toks[i + 1] == "not":
        eng.append("e:neg_aux_start")
    if re.search(r"\byou (do|did|have|are|were) not\b", joined) or re.search(r"\b(have|did|do|are|were) not you\b", joined):
        eng.append("e:you_neg")
    pieces = [p for p in re.split(r"(?<=[?.!;])\s+|\s+[\u2014\u2013-]+\s+", full.lower()) if p.strip()]
    if clauses:
        ct = tokens(clauses[0])
        if ct:
            k = content_start(ct)
            if ct[k] not in WH_WORDS and ct[k] not in YESNO_STARTS and _is_advice(ct, k):
                eng.append("e:advice_first_clause")
    for piece in pieces:
        pt = tokens(piece)
        if not pt:
            continue
        k = content_start(pt)
        question = piece.rstrip().endswith("?") or pt[k] in WH_WORDS or pt[k] in YESNO_STARTS
        if not question and _is_advice(pt, k):
            eng.append("e:advice_statement")
            break
    later: set[str] = set()
    later_toks = [ct for ct in map(tokens, clauses[1:6]) if ct]
    for ct in later_toks:
        j = content_start(ct)
        later.add("e:lc=" + ct[j])
        later.add("e:lc2=" + ct[j] + "_" + (ct[j + 1] if j + 1 < len(ct) else "</s>"))
        if ct[j] in WH_WORDS:
            later.add("e:lc_wh")
        elif ct[j] in YESNO_STARTS:
            later.add("e:lc_yesno")
        elif ct[j] in IMPERATIVE_STARTS:
            later.add("e:lc_imperative")
    eng.extend(sorted(later))
    # Words that could be the coach's own cause or fix, and where they sit: a clean card
    # question has few; "what's your next step — a kanban maybe?" has one after the question.
    ideas = _ideas(tokens(clauses[0])) if clauses else 0
    late = sum(_ideas(ct) for ct in later_toks)
    eng.append("e:ideas=" + ("0" if ideas + late == 0 else "1" if ideas + late == 1 else "2" if ideas + late == 2 else "3+"))
    if late:
        eng.append("e:late_ideas_" + ("wh" if first in WH_WORDS else "yn" if first in YESNO_STARTS else "other"))
    if "?" not in raw and first not in WH_WORDS and first not in YESNO_STARTS:
        eng.append("e:statement")
    if EXTRAS:
        eng.extend(_clause_marks(later_toks, joined, first, tagged))
    form = (
        "wh" if first in WH_WORDS else "yn" if first in YESNO_STARTS else "imp" if first in IMPERATIVE_STARTS
        else "st" if "?" not in raw else "q"
    )
    tense = (
        "past" if past and not future else "fut" if future and not past else "mix" if past
        else "hyp" if hypothetical else "pres"
    )
    tokset = set(toks)
    for name, pattern, gate in _phrases():
        if not gate.isdisjoint(tokset) and pattern.search(joined):
            eng.append("e:" + name)
            if name in _CUES:
                eng.append("e:x=" + form + "_" + name)
                eng.append("e:t=" + tense + "_" + name)
    # Where the process stands against the target asks for the actual condition, though it
    # names the target: "where are we vs target?", "how far off the target are we?".
    if "e:gap" in eng and "e:target" in eng:
        eng.append("e:gap_to_target")
    # A compound ask takes the label of its first real question: its cues, apart.
    sentences = [q for q in _SENTENCE.split(raw) if q.strip()]
    if len(sentences) > 1:
        first_q = " ".join(tokens(sentences[0]))
        first_set = set(first_q.split())
        for name, pattern, gate in _phrases():
            if name in _CUES and not gate.isdisjoint(first_set) and pattern.search(first_q):
                eng.append("e:q1=" + name)
    n = len(toks)
    eng.append("e:len=" + ("1" if n == 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"))
    return toks, words, chars, eng
