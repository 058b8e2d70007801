"""The BERT tokenizer of a HuggingFace tokenizer.json (BertNormalizer, BertPreTokenizer, WordPiece), in plain Python,
with the pair template [CLS] a [SEP] b [SEP] and longest-first truncation; the Java side uses DJL's tokenizer on the
same file, and the export check compares the two."""

import json
import unicodedata


class WordPiece:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        self.vocab = spec["model"]["vocab"]
        self.unk = self.vocab[spec["model"].get("unk_token", "[UNK]")]
        self.prefix = spec["model"].get("continuing_subword_prefix", "##")
        self.max_chars = spec["model"].get("max_input_chars_per_word", 100)
        norm = spec.get("normalizer") or {}
        self.lowercase = norm.get("lowercase", True)
        strip = norm.get("strip_accents")
        self.strip_accents = self.lowercase if strip is None else strip
        self.cls, self.sep, self.pad = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[PAD]"]
        self.cache = {}

    @staticmethod
    def _is_punct(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(cp):
        return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
                or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
                or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

    def normalise(self, text):
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif self._is_cjk(cp):
                out.append(" " + ch + " ")
            else:
                out.append(ch)
        text = "".join(out)
        if self.lowercase:
            text = text.lower()
        if self.strip_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        return text

    def pre_tokenize(self, text):
        words = []
        for chunk in text.split():
            current = []
            for ch in chunk:
                if self._is_punct(ch):
                    if current:
                        words.append("".join(current))
                        current = []
                    words.append(ch)
                else:
                    current.append(ch)
            if current:
                words.append("".join(current))
        return words

    def word_ids(self, word):
        if word in self.cache:
            return self.cache[word]
        if len(word) > self.max_chars:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                ids = [self.unk]
                break
            ids.append(found)
            start = end
        self.cache[word] = ids
        return ids

    def ids(self, text):
        out = []
        for w in self.pre_tokenize(self.normalise(text)):
            out.extend(self.word_ids(w))
        return out

    def encode_pair(self, a, b, max_len=128):
        """(input_ids, token_type_ids) of [CLS] a [SEP] b [SEP], truncated longest first to max_len."""
        ia, ib = self.ids(a), self.ids(b)
        budget = max_len - 3
        while len(ia) + len(ib) > budget:
            if len(ia) > len(ib):
                ia.pop()
            else:
                ib.pop()
        ids = [self.cls] + ia + [self.sep] + ib + [self.sep]
        types = [0] * (len(ia) + 2) + [1] * (len(ib) + 1)
        return ids, types
