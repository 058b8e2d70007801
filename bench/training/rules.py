"""Rule-made pair variants: synthetic positives (same meaning, other surface) and hard negatives (same surface,
other meaning). Every function takes a question and a random.Random and returns a variant or None when the rule does
not apply. Positives never reorder clauses, so "works on Wi-Fi but not on mobile data" never meets its reverse."""

import re

WORD = re.compile(r"[A-Za-z']+")

# Opposite actions and attributes: each pair is swapped in both directions, whole words only.
OPPOSITES = [
    ("enable", "disable"), ("enabled", "disabled"), ("add", "remove"), ("added", "removed"), ("adding", "removing"),
    ("freeze", "unfreeze"), ("frozen", "unfrozen"), ("block", "unblock"), ("blocked", "unblocked"),
    ("lock", "unlock"), ("locked", "unlocked"), ("activate", "deactivate"), ("activated", "deactivated"),
    ("subscribe", "unsubscribe"), ("subscribed", "unsubscribed"), ("upgrade", "downgrade"),
    ("opt in", "opt out"), ("opt-in", "opt-out"), ("increase", "decrease"), ("raise", "lower"),
    ("turn on", "turn off"), ("switch on", "switch off"), ("start", "stop"), ("open", "close"),
    ("buy", "sell"), ("deposit", "withdraw"), ("upload", "download"), ("import", "export"),
    ("connect", "disconnect"), ("show", "hide"), ("accept", "decline"), ("log in", "log out"),
    ("login", "logout"), ("sign in", "sign out"), ("sign up", "cancel my subscription"), ("install", "uninstall"),
    ("include", "exclude"), ("before", "after"), ("more", "less"), ("higher", "lower"), ("cheaper", "more expensive"),
    ("allow", "block"), ("maximum", "minimum"), ("max", "min"), ("send", "receive"), ("sent", "received"),
    ("earliest", "latest"), ("first", "last"), ("arrive", "depart"), ("arrival", "departure"),
    ("incoming", "outgoing"), ("inbound", "outbound"), ("credit", "debit"), ("pay", "get paid"),
    ("lend", "borrow"), ("import", "export"), ("encrypt", "decrypt"), ("mute", "unmute"),
    ("follow", "unfollow"), ("pause", "resume"), ("save", "delete"), ("create", "delete"), ("join", "leave"),
    ("hot", "cold"), ("fastest", "slowest"), ("best", "worst"), ("large", "small"), ("long", "short"),
    ("set up", "cancel"), ("place an order", "cancel an order"), ("place my order", "cancel my order"), ("approve", "reject"), ("approved", "rejected"),
    ("win", "lose"), ("rise", "fall"), ("push", "pull"), ("tomorrow", "yesterday"), ("today", "tomorrow"),
    ("morning", "evening"), ("north", "south"), ("east", "west"), ("scale up", "scale down"),
]

# Sibling objects: the same action on a different thing needs a different answer.
SIBLINGS = [
    ("password", "username"), ("order", "subscription"), ("billing address", "shipping address"),
    ("billing", "shipping"), ("email", "phone number"), ("email address", "phone number"),
    ("debit card", "credit card"), ("checking account", "savings account"), ("checking", "savings"),
    ("invoice", "receipt"), ("refund", "exchange"), ("flight", "hotel"), ("monthly", "annual"),
    ("physical card", "virtual card"), ("iphone", "android"), ("windows", "mac"), ("python", "java"),
    ("card", "account"), ("pin", "password"), ("visa", "mastercard"), ("dollars", "euros"), ("usd", "eur"),
    ("euro", "pound"), ("car", "bike"), ("train", "bus"), ("alarm", "reminder"), ("calendar", "contacts"),
    ("email", "text message"), ("cat", "dog"), ("wife", "husband"), ("son", "daughter"), ("mother", "father"),
    ("breakfast", "dinner"), ("weekday", "weekend"), ("delivery", "pickup"), ("cash", "card"),
    ("kubernetes", "docker"), ("linux", "windows"), ("mysql", "postgres"), ("javascript", "typescript"),
    ("paris", "london"), ("new york", "boston"), ("spanish", "french"), ("english", "german"),
    ("uber", "lyft"), ("netflix", "hulu"), ("spotify", "apple music"), ("chrome", "firefox"),
    ("top up", "transfer"), ("top-up", "transfer"), ("transfer", "payment"), ("withdrawal", "deposit"),
    ("atm", "branch"), ("mortgage", "loan"), ("car insurance", "home insurance"), ("premium", "basic"),
    ("newsletter", "promotions"), ("account", "profile"), ("address", "name"), ("fee", "limit"),
]

NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "fifty",
                "hundred", "thousand"]

AUX_NEG = {"can": "can't", "could": "couldn't", "will": "won't", "would": "wouldn't", "should": "shouldn't",
           "does": "doesn't", "do": "don't", "did": "didn't", "is": "isn't", "are": "aren't", "was": "wasn't",
           "were": "weren't", "have": "haven't", "has": "hasn't"}
NEG_AUX = {v: k for k, v in AUX_NEG.items()}

CONTRACTIONS = {"i am": "i'm", "do not": "don't", "does not": "doesn't", "can not": "can't", "cannot": "can't",
                "i have": "i've", "it is": "it's", "what is": "what's", "i would": "i'd", "is not": "isn't",
                "i will": "i'll", "did not": "didn't", "where is": "where's", "how is": "how's",
                "that is": "that's", "there is": "there's", "you are": "you're", "want to": "wanna",
                "going to": "gonna"}
EXPANSIONS = {v: k for k, v in CONTRACTIONS.items()}

ABBREVIATIONS = {"please": "pls", "account": "acct", "information": "info", "number": "no.", "password": "pwd",
                 "message": "msg", "thanks": "thx", "you": "u", "are": "r", "because": "bc", "tomorrow": "tmrw",
                 "application": "app", "address": "addr", "with": "w/", "minutes": "mins", "people": "ppl",
                 "customer service": "cs", "as soon as possible": "asap", "for your information": "fyi",
                 "by the way": "btw", "okay": "ok", "credit card": "cc", "phone number": "phone #"}

GREETINGS = ["hi", "hello", "hey", "hi there", "hello there", "good morning", "hey there,", "hiya", "greetings"]
POLITE_PREFIX = ["please", "could you tell me", "can you please tell me", "i'd like to know", "quick question:",
                 "i was wondering", "would you mind telling me", "excuse me,", "sorry to bother you,"]
POLITE_SUFFIX = ["please", "thanks", "thank you", "thanks in advance", "thx", "cheers", "ty", "thanks a lot!",
                 "any help appreciated"]
CONTEXT_PREFIX = ["i've been trying to sort this out all morning and i'm getting nowhere.",
                  "sorry if this is a silly question.", "i have a question about my account.",
                  "my friend said you might be able to help.", "i'm new here.",
                  "this is the second time i'm asking.", "i looked in the faq but couldn't find it.",
                  "i'm writing from my phone so excuse typos.", "long time customer here.",
                  "i've got a quick one for you.", "i hope you can help me with something."]
CONTEXT_SUFFIX = ["it's kind of urgent.", "i'd appreciate a quick answer.", "thanks for your help in advance.",
                  "i've been waiting a while.", "let me know what you need from me.", "hope that makes sense.",
                  "any help would be great.", "no rush."]
STOPWORDS = set("""a an the i me my we our you your is are was were be been am do does did can could would should
will shall to of in on for at by with from how what when where why which who please hi hello hey there it this that
so just any some about i'm i'd like want need know tell help way""".split())


def whole(word):
    return re.compile(r"(?<![A-Za-z0-9'])" + re.escape(word) + r"(?![A-Za-z0-9'])", re.IGNORECASE)


_OPPOSITE_RULES = [(whole(a), b) for a, b in OPPOSITES] + [(whole(b), a) for a, b in OPPOSITES]
_SIBLING_RULES = [(whole(a), b) for a, b in SIBLINGS] + [(whole(b), a) for a, b in SIBLINGS]


def _keep_case(original, replacement):
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _swap_one(text, rules, rnd):
    hits = [(pattern, repl) for pattern, repl in rules if pattern.search(text)]
    if not hits:
        return None
    pattern, repl = rnd.choice(hits)
    matches = list(pattern.finditer(text))
    m = rnd.choice(matches)
    return text[:m.start()] + _keep_case(m.group(0), repl) + text[m.end():]


# ---------- hard negatives ----------

def opposite_action(text, rnd):
    """enable <-> disable, add <-> remove, before <-> after ... (one occurrence)."""
    return _swap_one(text, _OPPOSITE_RULES, rnd)


def sibling_object(text, rnd):
    """password <-> username, billing <-> shipping address, order <-> subscription ..."""
    return _swap_one(text, _SIBLING_RULES, rnd)


def changed_number(text, rnd):
    """One digit changed, two adjacent digits swapped, or a number word changed."""
    numbers = list(re.finditer(r"\d+(?:[.,:]\d+)*", text))
    if numbers:
        m = rnd.choice(numbers)
        digits = list(m.group(0))
        positions = [i for i, c in enumerate(digits) if c.isdigit()]
        if len(positions) >= 2 and rnd.random() < 0.4:
            for _ in range(5):
                i = rnd.randrange(len(positions) - 1)
                a, b = positions[i], positions[i + 1]
                if digits[a] != digits[b]:
                    digits[a], digits[b] = digits[b], digits[a]
                    return text[:m.start()] + "".join(digits) + text[m.end():]
        i = rnd.choice(positions)
        digits[i] = rnd.choice([d for d in "0123456789" if d != digits[i] and not (i == 0 and d == "0")]
                               or ["1"])
        return text[:m.start()] + "".join(digits) + text[m.end():]
    words = [m for m in re.finditer(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", text, re.IGNORECASE)]
    if words:
        m = rnd.choice(words)
        other = rnd.choice([w for w in NUMBER_WORDS if w != m.group(0).lower()])
        return text[:m.start()] + _keep_case(m.group(0), other) + text[m.end():]
    return None


def inserted_number(text, rnd):
    """Adds a quantity or amount that the original did not have ("transfer money" -> "transfer 500 money")."""
    m = re.search(r"\b(my|the|a|an)\s+(order|card|account|transfer|payment|ticket|table|flight|room|package)\b",
                  text, re.IGNORECASE)
    if not m:
        return None
    ident = str(rnd.randint(1000, 99999))
    return text[:m.end()] + " " + ident + text[m.end():]


def negation(text, rnd):
    """Inserts or removes a negation: "is my card working" <-> "isn't my card working", with <-> without."""
    lower = text.lower()
    if re.search(r"\b(not|never|no longer)\b", lower):
        out = re.sub(r"\s*\b(not|never)\b", "", text, count=1, flags=re.IGNORECASE)
        out = re.sub(r"\bno longer\b", "still", out, count=1, flags=re.IGNORECASE)
        return out if out != text else None
    for neg, aux in NEG_AUX.items():
        pattern = whole(neg)
        if pattern.search(text):
            return pattern.sub(lambda m: _keep_case(m.group(0), aux), text, count=1)
    if whole("without").search(text):
        return whole("without").sub(lambda m: _keep_case(m.group(0), "with"), text, count=1)
    if whole("with").search(text) and rnd.random() < 0.3:
        return whole("with").sub(lambda m: _keep_case(m.group(0), "without"), text, count=1)
    # Only an auxiliary followed by a word and not asked with how/what/where: "why is my card not working" is a
    # near miss, "how can't I top up" or "could you not help me" is noise.
    candidates = []
    for aux, neg in AUX_NEG.items():
        m = re.search(r"(?<![A-Za-z'])(" + aux + r")\s+(\w+)", text, re.IGNORECASE)
        if not m:
            continue
        before = re.findall(r"[\w']+", text[:m.start()].lower())
        # "aren't there any..." asks what "are there any..." asks: leave a question's leading auxiliary alone
        if not before or set(before) & {"how", "what", "where", "who", "which", "what's", "when", "whats"} \
                or m.group(2).lower() in ("you", "u"):
            continue
        candidates.append((re.compile(r"(?<![A-Za-z'-])" + aux + r"(?=\s+\w)", re.IGNORECASE), neg))
    if candidates:
        pattern, neg = rnd.choice(candidates)
        if rnd.random() < 0.5:
            return pattern.sub(lambda m: _keep_case(m.group(0), neg), text, count=1)
        return pattern.sub(lambda m: m.group(0) + " not", text, count=1)
    m = re.search(r"\b(i|we|you|they)\s+(want|need|have|got|received|see|know|like|use)\b", text, re.IGNORECASE)
    if m:
        return text[:m.start(2)] + "don't " + text[m.start(2):]
    return None


_SPAN = r"([A-Za-z0-9$€£][\w$€£.-]*(?:\s+[\w$€£.-]+){0,2}?)"


def swapped_direction(text, rnd):
    """"from A to B" <-> "from B to A", "A to B" conversions, "A than B", "A before B"."""
    m = re.search(r"\bfrom\s+" + _SPAN + r"\s+(to|into)\s+" + _SPAN + r"(?=$|[\s?.!,])", text, re.IGNORECASE)
    if m and m.group(1).lower() != m.group(3).lower():
        return text[:m.start()] + "from " + m.group(3) + " " + m.group(2) + " " + m.group(1) + text[m.end():]
    m = re.search(r"\b(convert|change|translate|exchange)\s+" + _SPAN + r"\s+(to|into|in)\s+" + _SPAN
                  + r"(?=$|[\s?.!,])", text, re.IGNORECASE)
    if m and m.group(2).lower() != m.group(4).lower():
        return text[:m.start()] + m.group(1) + " " + m.group(4) + " " + m.group(3) + " " + m.group(2) \
            + text[m.end():]
    m = re.search(r"\b(\w+)\s+(than|before|after)\s+(\w+)\b", text, re.IGNORECASE)
    if m and m.group(1).lower() not in STOPWORDS and m.group(3).lower() not in STOPWORDS \
            and m.group(1).lower() != m.group(3).lower():
        return text[:m.start()] + m.group(3) + " " + m.group(2) + " " + m.group(1) + text[m.end():]
    return None


_ROLE = [("i", "you"), ("me", "you"), ("my", "your"), ("we", "they"), ("us", "them"), ("our", "their")]


def role_swap(text, rnd):
    """Swaps who does what to whom: "can you call me" <-> "can I call you", "A owes B" <-> "B owes A"."""
    tokens = re.findall(r"\w+|\W+", text)
    lower = [t.lower() for t in tokens]
    has_first = any(t in ("i", "me", "my", "we", "us", "our") for t in lower)
    has_second = any(t in ("you", "your", "they", "them", "their") for t in lower)
    if has_first and has_second:
        out = []
        for i, t in enumerate(tokens):
            low = t.lower()
            repl = None
            if low == "i":
                repl = "you"
            elif low == "me":
                repl = "you"
            elif low == "my":
                repl = "your"
            elif low == "your":
                repl = "my"
            elif low == "you":
                # subject before a verb position is hard to know; "you" after a verb is an object
                prev = next((x.lower() for x in reversed(tokens[:i]) if x.strip()), "")
                repl = "me" if prev and prev not in ("can", "could", "will", "would", "do", "did", "should",
                                                     "are", "have", "and", "if", "when") else "I"
            elif low in ("we", "us", "our", "they", "them", "their"):
                repl = {"we": "they", "us": "them", "our": "their", "they": "we", "them": "us", "their": "our"}[low]
            out.append(_keep_case(t, repl) if repl else t)
        result = "".join(out)
        result = re.sub(r"\bI (are|is)\b", "I am", result)
        result = re.sub(r"\byou am\b", "you are", result)
        return result if result.lower() != text.lower() else None
    m = re.search(r"\b([A-Z][a-z]+|my \w+)\s+(owes|pays|paid|sent|called|emailed|texted|messaged|invited|"
                  r"follows|blocked|owe|pay|send|call|email|text|invite|follow|block)\s+([A-Z][a-z]+|my \w+)\b",
                  text)
    if m and m.group(1).lower() != m.group(3).lower():
        return text[:m.start()] + m.group(3) + " " + m.group(2) + " " + m.group(1) + text[m.end():]
    return None


NEGATIVE_RULES = {
    "neg:opposite-action": opposite_action,
    "neg:number": changed_number,
    "neg:inserted-id": inserted_number,
    "neg:negation": negation,
    "neg:direction": swapped_direction,
    "neg:role-swap": role_swap,
    "neg:sibling-object": sibling_object,
}


# ---------- synthetic positives ----------

_KEYBOARD = {c: n for c, n in zip("qwertyuiopasdfghjklzxcvbnm", "wqrtyuiopoadfghjkllzxcvbnmn")}


def typo(text, rnd):
    """One or two typing errors: dropped, doubled, swapped or neighbouring letters, in words of four letters or
    more (a typo in a short word could make another word)."""
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    if not words:
        return None
    out = text
    for _ in range(rnd.choice([1, 1, 2])):
        words = [m for m in re.finditer(r"[A-Za-z]{4,}", out)]
        if not words:
            break
        m = rnd.choice(words)
        w = list(m.group(0))
        i = rnd.randrange(1, len(w) - 1)
        op = rnd.randrange(4)
        if op == 0:
            del w[i]
        elif op == 1:
            w.insert(i, w[i])
        elif op == 2:
            w[i], w[i + 1] = w[i + 1], w[i]
        else:
            w[i] = _KEYBOARD.get(w[i].lower(), w[i])
        out = out[:m.start()] + "".join(w) + out[m.end():]
    return out if out != text else None


def casing(text, rnd):
    choice = rnd.randrange(4)
    if choice == 0:
        return text.lower()
    if choice == 1:
        return text.upper()
    if choice == 2:
        return text[:1].upper() + text[1:]
    return re.sub(r"[?.!]+$", "", text).strip()


def politeness(text, rnd):
    body = text.rstrip()
    if rnd.random() < 0.5:
        return rnd.choice(POLITE_PREFIX) + " " + body[:1].lower() + body[1:]
    return body + ("" if body.endswith(("?", ".", "!")) else "?") + " " + rnd.choice(POLITE_SUFFIX)


def greeting(text, rnd):
    g = rnd.choice(GREETINGS)
    sep = rnd.choice([", ", " ", "! ", ". "])
    return g + sep + text


def contraction(text, rnd):
    table = CONTRACTIONS if rnd.random() < 0.6 else EXPANSIONS
    hits = [(k, v) for k, v in table.items() if whole(k).search(text)]
    if not hits:
        table = EXPANSIONS if table is CONTRACTIONS else CONTRACTIONS
        hits = [(k, v) for k, v in table.items() if whole(k).search(text)]
    if not hits:
        return None
    k, v = rnd.choice(hits)
    return whole(k).sub(lambda m: _keep_case(m.group(0), v), text, count=1)


def abbreviation(text, rnd):
    hits = [(k, v) for k, v in ABBREVIATIONS.items() if whole(k).search(text)]
    if not hits:
        return None
    out = text
    for k, v in rnd.sample(hits, min(len(hits), rnd.choice([1, 2]))):
        out = whole(k).sub(v, out, count=1)
    return out


def longer(text, rnd):
    """The same question inside a longer message: context before, a closing line after."""
    parts = []
    if rnd.random() < 0.8:
        parts.append(rnd.choice(CONTEXT_PREFIX))
    parts.append(text)
    if rnd.random() < 0.6 or len(parts) == 1:
        parts.append(rnd.choice(CONTEXT_SUFFIX))
    return " ".join(parts)


def keywords(text, rnd):
    """The keyword form a user types into a search box: "cancel order 123" for "how do I cancel my order 123?"."""
    words = [w for w in re.findall(r"[\w'#$€£.-]+", text) if w.lower().strip(".") not in STOPWORDS]
    words = [w.strip(".") for w in words if w.strip(".")]
    if len(words) < 2 or len(words) >= len(re.findall(r"\S+", text)):
        return None
    # a negation carries meaning: keep it
    if re.search(r"\b(not|no|never|n't|without)\b|n't\b", text.lower()):
        return None
    return " ".join(words).lower()


def punctuation(text, rnd):
    stripped = re.sub(r"[?!.,;:]", "", text)
    if stripped != text:
        return stripped
    return text + rnd.choice(["?", "??", "!", " ?", "..."])


POSITIVE_RULES = {
    "pos:typo": typo,
    "pos:casing": casing,
    "pos:politeness": politeness,
    "pos:greeting": greeting,
    "pos:contraction": contraction,
    "pos:abbreviation": abbreviation,
    "pos:longer": longer,
    "pos:keywords": keywords,
    "pos:punctuation": punctuation,
}

# Cheap surface noise applied to either side of a pair, positive or negative, so that a surface change alone never
# predicts the label.
SURFACE_NOISE = [typo, casing, punctuation, greeting, politeness, contraction]
