#!/usr/bin/env python3
# CPython parity corpus for dev.evals4j.core.text.PythonRegex.
#
# How it was run (from the repository root, with the machine's CPython, standard library only):
#
#     python3 --version        # Python 3.11.7 (Unicode database 14.0.0)
#     python3 evals-core/src/test/resources/python-regex/generate_corpus.py
#
# It writes corpus.jsonl (one case per line) and unicode_tables.json beside this script, in a few seconds. The
# output is deterministic: the random sections use fixed seeds, and nothing depends on the time or the locale.
# PythonRegexCorpusTest runs every line through PythonRegex and asserts the identical result; PythonRegexUnicodeTest
# reads unicode_tables.json. "generate_corpus.py --fuzz SEED N" (or --fuzz-folding) prints N more random cases
# instead, for -Devals4j.pythonRegexCorpus=FILE.
#
# A case: {"id", "pattern", "op", "input", optional "repl" / "count", "expect"}. PythonRegex.compile takes no
# flags argument, so flags are written inline ((?i), (?m), ...), as evals4j's configs write them.
#   op         CPython call                                  PythonRegex call
#   search     re.compile(p).search(s)                       search(s)
#   match      re.compile(p).match(s)                        match(s)
#   fullmatch  re.compile(p).fullmatch(s)                    fullMatch(s)
#   findall    re.compile(p).findall(s)                      findAll(s), and findFirst(s) = its first element
#   finditer   list(re.compile(p).finditer(s))               matches(s)
#   sub        re.compile(p).sub(repl, s, count)              sub(s, repl, count): repl is a Python template
#   sub_literal re.compile(p).sub(lambda m: repl, s, count)   subLiteral(s, repl, count)
#   sub_callable re.compile(p).sub(lambda m: "<" + m.group(0) + ">", s)   sub(s, m -> "<" + m.group() + ">")
# expect is one of
#   {"match": null} or {"match": {"spans": [[start, end] or null per group, group 0 first], "groups": [text or
#       null, group 0 first]}}, spans in code points as Python counts them
#   {"findall": [...]} (a tuple as a JSON list), {"finditer": [match, ...]}, {"sub": "..."}
#   {"error": str(exception), "type": "error" | "OverflowError" | "ValueError" | "IndexError",
#    "at": "compile" | "template"}
# and every case whose pattern compiled has "groups": re.compile(p).groups.
#
# A few Python constructs cannot run on java.util.regex with Python's meaning; PythonRegex.compile refuses them.
# Such a case keeps CPython's result and adds "refused": the construct, found by walking CPython's own parse tree
# (see refused_construct); the test then expects compile to throw, naming it. Nothing is left out silently.
import json
import os
import random
import re
import sys
import unicodedata
import warnings

import _sre
from re import _constants as C
from re import _parser

HERE = os.path.dirname(os.path.abspath(__file__))

# CPython warns about "[[" and "&&" in a class (reserved for set operations; they still parse as literals, which
# is what is recorded) and about a group reference written "\g< 1>"; the results are what matter here.
warnings.simplefilter("ignore", FutureWarning)
warnings.simplefilter("ignore", DeprecationWarning)


# ---------------------------------------------------------------------------------------------------------------
# Running one case on CPython


def match_json(m):
    if m is None:
        return None
    n = m.re.groups
    spans = [list(m.span(g)) if m.span(g) != (-1, -1) else None for g in range(n + 1)]
    return {"spans": spans, "groups": [m.group(g) for g in range(n + 1)]}


def callable_repl(m):
    return "<" + m.group(0) + ">"


class Refused(Exception):
    pass


def refused_construct(pattern):
    """The construct evals4j refuses in a pattern CPython accepts, or None.

    The same walk as PythonPatternParser.refuseUnsupported, on CPython's own parse tree: the first construct met,
    in the pattern's order. "once": every path through the pattern passes here exactly once; "mandatory": a group
    here is set by every path through the enclosing look-around.
    """
    tree = _parser.parse(pattern)

    def combine(flags, add, delete):
        if add & _parser.TYPE_FLAGS:
            flags &= ~_parser.TYPE_FLAGS
        return (flags | add) & ~delete

    def has_capture(items):
        for op, av in items:
            if op is C.SUBPATTERN and (av[0] or has_capture(av[3])):
                return True
            if op is C.ATOMIC_GROUP and has_capture(av):
                return True
            if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and has_capture(av[2]):
                return True
            if op in (C.ASSERT, C.ASSERT_NOT) and has_capture(av[1]):
                return True
            if op is C.BRANCH and any(has_capture(a) for a in av[1]):
                return True
        return False

    def walk(items, c):
        for op, av in items:
            if op is C.GROUPREF_EXISTS:
                raise Refused("conditional group")
            elif op is C.GROUPREF:
                if c["lookbehind"]:
                    raise Refused("group reference in a look-behind")
                if c["flags"] & C.SRE_FLAG_IGNORECASE and not c["flags"] & C.SRE_FLAG_ASCII:
                    raise Refused("case-insensitive group reference")
            elif op is C.SUBPATTERN:
                group, add, delete, p = av
                if group and not c["negative"]:
                    if c["atomic"]:
                        raise Refused("capturing group in an atomic group or a possessive repeat")
                    if c["positive"] and (c["unsafe"] or not c["mandatory"]):
                        raise Refused("capturing group in a look-around")
                walk(p, dict(c, flags=combine(c["flags"], add, delete)))
            elif op is C.ATOMIC_GROUP:
                walk(av, dict(c, atomic=True))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                lo, hi, item = av
                if item.getwidth()[0] == 0 and lo >= 1 and (lo >= 2 or hi > lo) and has_capture(item):
                    raise Refused("repeat of a group that can match the empty string")
                walk(item, dict(c, once=c["once"] and lo == 1 and hi == 1, mandatory=c["mandatory"] and lo >= 1,
                                atomic=c["atomic"] or op is C.POSSESSIVE_REPEAT))
            elif op is C.BRANCH:
                for alternative in av[1]:
                    walk(alternative, dict(c, once=False, mandatory=False))
            elif op in (C.ASSERT, C.ASSERT_NOT):
                behind = c["lookbehind"] or av[0] < 0
                if op is C.ASSERT_NOT:
                    walk(av[1], dict(c, lookbehind=behind, negative=True))
                else:
                    walk(av[1], dict(c, lookbehind=behind, mandatory=True, positive=True,
                                     unsafe=c["unsafe"] or not c["once"]))

    try:
        walk(tree, {"flags": tree.state.flags, "once": True, "mandatory": True, "lookbehind": False,
                    "negative": False, "positive": False, "unsafe": False, "atomic": False})
    except Refused as e:
        return str(e)
    return None


def run(pattern, op, text, repl=None, count=0):
    case = {"pattern": pattern, "op": op, "input": text}
    if repl is not None:
        case["repl"] = repl
    if count:
        case["count"] = count
    try:
        compiled = re.compile(pattern)
    except (re.error, OverflowError, ValueError, RecursionError) as e:
        case["expect"] = {"error": str(e), "type": type(e).__name__, "at": "compile"}
        return case
    case["groups"] = compiled.groups
    refused = refused_construct(pattern)
    if refused:
        case["refused"] = refused
    try:
        if op == "search":
            expect = {"match": match_json(compiled.search(text))}
        elif op == "match":
            expect = {"match": match_json(compiled.match(text))}
        elif op == "fullmatch":
            expect = {"match": match_json(compiled.fullmatch(text))}
        elif op == "findall":
            found = compiled.findall(text)
            expect = {"findall": [list(x) if isinstance(x, tuple) else x for x in found]}
        elif op == "finditer":
            expect = {"finditer": [match_json(m) for m in compiled.finditer(text)]}
        elif op == "sub":
            expect = {"sub": compiled.sub(repl, text, count)}
        elif op == "sub_literal":
            expect = {"sub": compiled.sub(lambda m: repl, text, count)}
        elif op == "sub_callable":
            expect = {"sub": compiled.sub(callable_repl, text)}
        else:
            raise ValueError(op)
    except (re.error, IndexError) as e:
        expect = {"error": str(e), "type": type(e).__name__, "at": "template"}
    case["expect"] = expect
    return case


# ---------------------------------------------------------------------------------------------------------------
# Hand-chosen cases

CASES = []


def add(section, pattern, ops, inputs, repl=None, count=0):
    for text in inputs:
        for op in ops:
            case = run(pattern, op, text, repl, count)
            case["id"] = "%s-%d" % (section, sum(1 for c in CASES if c["id"].startswith(section + "-")) + 1)
            CASES.append(case)


ANSWERS = [
    "Janet sells 16 - 3 - 4 = 9 duck eggs a day.\nShe makes 9 * $2 = $18 every day.\n#### 18",
    "#### -1,234.50\n",
    "The answer is 42.",
    "So the answer is -3.5, not 4. The answer is 1,000",
    "The answer is . and then The answer is 7",
    "Answer: b",
    "answer : D\nAnswer: C",
    "The best answer is (C).",
    "no answer here",
    "",
    "\n",
    "Therefore, the final answer is: $\\boxed{\\frac{1}{2}}$. I hope it is correct.",
    "final answer is $\\boxed{12}$ and final answer is $\\boxed{13}$",
    "The answer is 24 apples; 7 left",
    "Rating: **8.5**\nRATING = 3",
    "rating:=7",
    "an apple, the end, a cat. Then anthem",
    "2.5 dollars, 3,4 and 1,000. The end.",
    "\\frac12 + \\sqrt2 + \\frac{3}{4} + \\frac{a}{b}",
    "x $1$ y $2$ z\n$only one",
    "24",
]

SHIPPED = [
    # lm-evaluation-harness filters (gsm8k strict and flexible extract, the docs' examples)
    r"#### (\-?[0-9\.\,]+)",
    r"The answer is (\-?[0-9\.\,]*[0-9]+)",
    r"(?i)answer\s*:\s*([A-J])",
    r"answer is \(?([A-J])\)?",
    r"(-?[$0-9.,]{2,})|(-?[0-9]+)",
    r"(?s).*#### ",
    r",",
    r"\$",
    r"\.$",
    # Llama Stack's math response regex, MathNormalizer's, the expected side's
    r".*final answer is:?\s*\$\\boxed{(?P<X>.*)}\$",
    r".*",
    r"(frac)([^{])(.)",
    r"(sqrt)([^{])",
    r"\\frac{([^}]+)}{([^}]+)}",
    r"(.*?)(\$)(.*?)(\$)(.*)",
    r"(\\text\{)(.*?)(\})",
    r"(\\boxed\{)(.*)(\})",
    # SQuAD articles, DocVQA, the judge's default
    r"\b(a|an|the)\b",
    r"(?!<=\d)(\.)(?!\d)",
    r"(\d)(\,)(\d)",
    r"(?i)rating\s*[:=]\s*\**\s*(-?\d+(?:\.\d+)?)",
    # the brief's example of the empty-match rule
    r"^.*?(?=\d)",
]

# the patterns that evals4j applies with re.sub (regexes_to_ignore, SQuAD, DocVQA, MathNormalizer)
SHIPPED_SUB = {r",", r"\$", r"(?s).*#### ", r"\.$", r"\b(a|an|the)\b", r"(?!<=\d)(\.)(?!\d)", r"(frac)([^{])(.)",
               r"(sqrt)([^{])", r"^.*?(?=\d)"}
for p in SHIPPED:
    add("shipped", p, ["findall"], ANSWERS)
    add("shipped-spans", p, ["finditer"], ANSWERS[:8])
    if p in SHIPPED_SUB:
        add("shipped-sub", p, ["sub_literal"], ANSWERS, repl="")
add("shipped-docvqa", r"(?!<=\d)(\.)(?!\d)", ["sub_literal"], ["a.b.c. 1.5 x.", "...."], repl="", count=32)
add("shipped-sub-template", r"(\\text\{)(.*?)(\})", ["sub"], ["\\text{cm} and \\text{s}", "\\text{a"], repl=r"\2")
add("shipped-sub-template", r"(.*?)(\$)(.*?)(\$)(.*)", ["sub"], ["x $1$ y $2$ z\n$only one", "$a$b$"],
    repl=r"$\3$")

with open(os.path.join(HERE, "mc_answer_regexes.json"), encoding="utf-8") as f:
    MC = json.load(f)
MC_INPUTS = [
    "The best answer is D. Answer:\u200b\u200b\u200b\u200b\u200b\u200bC Respuesta: E",
    "the best answer is b. Answer:\n\nA",
    "উত্তর: ব 答案：Ｂ 答: ｂ 回答：Ｄ",
    "الإجابة:ب Réponse : a RÉPONSE: A Àṣàyàn: D",
]
for prefix in MC["prefixes"]:
    add("mc", MC["template_python_format"].format(prefix), ["search"], MC_INPUTS)

# Syntax that PythonRegex translates
SYNTAX = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)", ["2024-05 and 1999-12"]),
    (r"(?P<first_word>\w+) (?P=first_word)", ["hello hello world", "a b"]),
    (r"(?P<é>x)(?P=é)", ["xx"]),
    (r"a{", ["a{"]), (r"a{}", ["a{}"]), (r"a{x}", ["a{x}"]), (r"a{1", ["a{1"]), (r"a{1,2", ["a{1,2"]),
    (r"{", ["{"]), (r"}", ["}"]), (r"x{,2}", ["xxx", ""]), (r"x{,}", ["xxx"]), (r"x{2,}", ["x", "xxxx"]),
    (r"x{1,2}?", ["xx"]), (r"x{2}", ["xxx"]), (r"x{ 2}", ["x{ 2}"]), (r"x{2,1}", ["xx"]),
    (r"\{\}", ["{}"]), (r"a\Z", ["a", "a\n"]), (r"a$", ["a", "a\n", "a\n\n"]), (r"\Aa", ["a", "ba"]),
    (r"[[]", ["["]), (r"[]a]", ["]", "a"]), (r"[^]a]", ["]", "b"]), (r"[a-]", ["-"]), (r"[-a]", ["-"]),
    (r"[a&&b]", ["&", "a"]), (r"[\]]", ["]"]), (r"[\[a]", ["["]), (r"[a\-z]", ["-", "b"]), (r"[\w-]", ["-"]),
    (r"[\d-z]", ["x"]), (r"[z-a]", ["a"]), (r"[a-\d]", ["a"]), (r"[]", ["]"]), (r"[^]", ["x"]),
    (r"[a", ["a"]), (r"[\b]", ["\b", "b"]), (r"[.]", [".", "a"]), (r"[$^]", ["^", "$"]), (r"[|]", ["|"]),
    (r"[\x41-\x43]", ["B"]), (r"\x41\u0042\U00000043", ["ABC"]), (r"\N{EM DASH}", ["\u2014"]),
    (r"\N{LATIN SMALL LETTER E WITH ACUTE}", ["\u00e9"]), (r"\N{NO SUCH NAME}", [""]), (r"\N", [""]),
    (r"\x4", [""]), (r"\u004", [""]), (r"\U0011FFFF", [""]), (r"\0", ["\0"]), (r"\012", ["\n"]),
    (r"\01", ["\x01"]), (r"\400", [""]), (r"\1", [""]), (r"(a)\1", ["aa"]), (r"(a)\2", ["aa"]),
    (r"(a)\10", ["a\x08"]), (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10", ["abcdefghijj"]), (r"(a\1)", ["aa"]),
    (r"\e", [""]), (r"\p{L}", ["a"]), (r"\h", [""]), (r"\z", [""]), (r"\Q", [""]), (r"\R", [""]),
    (r"\-\#\ \&\~\%", ["-# &~%"]), (r"\a\f\t\v\r", ["\a\f\t\v\r"]), ("\\", [""]), (r"a\\", ["a\\"]),
    (r"(?<name>x)", ["x"]), (r"(?P<1>x)", ["x"]), (r"(?P<a b>x)", ["x"]), (r"(?P<>x)", ["x"]),
    (r"(?P<a>x)(?P<a>y)", ["xy"]), (r"(?P=missing)", [""]), (r"(?P<a>x(?P=a))", ["xx"]), (r"(?Px)", [""]),
    (r"(?P", [""]), (r"(?", [""]), (r"(?<", [""]), (r"(?<x)", [""]), (r"(?&x)", [""]), (r"(?#comment)a", ["a"]),
    (r"(?#unterminated", [""]), (r"(a", ["a"]), (r"a)", ["a"]), (r"(?:", [""]), (r"()", [""]), (r"(?:)", ["x"]),
    (r"*a", ["a"]), (r"a**", ["a"]), (r"a*?+", ["a"]), (r"^*", [""]), (r"\b+", [""]), (r"(?=a)*", ["a"]),
    (r"a++", ["aa"]), (r"a*+a", ["aa"]), (r"(?>a*)a", ["aa"]), (r"(?>a|ab)c", ["abc"]), (r"(ab)*+b", ["abab"]),
    (r"a|*", [""]), (r"x{99999999999}", [""]), (r"x{4294967295}", [""]), (r"x{0,4294967294}", ["xx"]),
    (r"a(?i)b", ["ab"]), (r"(?i)(?m)^a", ["b\nA"]), (r"(?#c)(?i)a", ["A"]), (r"(?i:a)b", ["AB", "Ab"]),
    (r"(?-i:a)b", ["ab"]), (r"(?i)a(?-i:b)", ["AB", "Ab"]), (r"(?L)a", ["a"]), (r"(?au)a", ["a"]),
    (r"(?a)(?u)a", ["a"]), (r"(?-a:a)", ["a"]), (r"(?i-i:a)", ["a"]), (r"(?z)", [""]), (r"(?i", [""]),
    (r"(?i-", [""]), (r"(?i-:a)", [""]), (r"(?t)abc", ["abc"]), (r"(?t)a*", ["a"]), (r"(?t:a)", ["a"]),
    (r"(?x) a b # comment\n c", ["abc", "a b c"]), ("(?x) a\\ b [ ] c # x", ["a b c", "a b  c"]),
    ("(?x)a {1,2}", ["aa"]), ("(?x)a{1, 2}", ["a{1,2}"]), ("(?x)a #c\n|b", ["b"]), ("(?x:a b)c d", ["abc d"]),
    ("(?x)[# ]", [" ", "#"]), ("a(?x: b c )d", ["abcd"]), ("(?x)(?-x: a) b", [" ab"]),
    (r"(?s:.)(?m:$)", ["\n"]), (r"(?i)[^a]", ["A", "b"]), (r"(?i)[^a-z]", ["K", "\u212a", "1"]),
]
for p, inputs in SYNTAX:
    add("syntax", p, ["search", "findall"], inputs)

# Unicode classes, boundaries and case folding
UNICODE_TEXT = [
    "caf\u00e9 na\u00efve e\u0301t\u00e9 \u00df \u65e5\u672c\u8a9e",
    "\u0663\u0664 \u0967 \uff11 \u00b2 \u00bd \u216b 1_2",
    "a\x1cb\x1fc\u00a0d\u2003e\u200bf\u3000g\u0085h\u2028i",
    "\u203f\uff3f\u200d\u200c x",
    "Stra\u00dfe STRASSE \u1e9e",
    "\u017f s S \u212a k K \u0131 i I \u0130",
    "\u03c3 \u03c2 \u03a3 \u00b5 \u03bc \u039c \u01c5 \u01c4 \u01c6",
    "\U0001d400\U0001d401 \U0001f600! \U00020000x",
]
for p in [r"\d+", r"\w+", r"\s+", r"\W+", r"\D+", r"\S+", r"\b\w", r"\w\b", r"\B.", r"(?a)\w+", r"(?a)\d+",
          r"(?a)\s+", r"(?a)\b\w", r"(?a:\w+)\w", r"[\w\s]+", r"[^\w\s]+", r"[\W\d]+", r"[^\W\d]+", r"[^\S]+",
          r"[\S\s]", r"(?i)s", r"(?i)S", r"(?i)\u017f", r"(?i)k", r"(?i)\u212a", r"(?i)i", r"(?i)I", r"(?i)\u0131",
          r"(?i)\u0130", r"(?i)\u03c3", r"(?i)\u03a3", r"(?i)\u03c2", r"(?i)\u00b5", r"(?i)\u00df", r"(?i)\u1e9e",
          r"(?i)\u01c5", r"(?i)[a-z]+", r"(?i)[^a-z\s]+", r"(?i)[k]", r"(?i)[\u212a]", r"(?i)[\u03c3-\u03c3]",
          r"(?ai)[a-z]+", r"(?ai)k", r"(?ai)s", r"(?i)stra\u00dfe", r"(?i)\U0001d400", r"(?i)[\w]",
          r"(?i)\w+", r"(?i)[^k]", r"\u00e9", r"e\u0301", r"."]:
    add("unicode", p, ["findall"], UNICODE_TEXT)
add("unicode-spans", r"\w+|!", ["finditer", "search"], ["\U0001f600 \U0001d400b! x\U00020000"])
add("unicode-spans", r"x*", ["finditer", "sub"], ["\U0001f600x\U0001f600"], repl="-")
add("unicode-spans", r"(?<=\U0001f600)\w", ["finditer"], ["\U0001f600a\U0001f600b"])
add("unicode-spans", r"(?<=.)\w", ["finditer"], ["\U0001f600a"])
add("unicode-spans", r"\b", ["finditer"], ["\U0001d400 \U0001d400"])

# . and newlines, anchors, MULTILINE
LINES = ["a\nb\n", "a\nb", "\n", "", "ab\n\ncd", "a\r\nb"]
for p in [r".", r"(?s).", r".+", r"(?s).+", r"^", r"$", r"(?m)^", r"(?m)$", r"^\w", r"(?m)^\w", r"\w$",
          r"(?m)\w$", r"\A\w", r"\w\Z", r"(?m)\A", r"(?m)\Z", r"$\n", r"(?m)^$", r"^$", r"(?m).$", r"\n^",
          r"(?m)\n^", r"(?s:a.)b", r"(?m:^b)"]:
    add("lines", p, ["finditer"], LINES)
    add("lines-sub", p, ["sub"], LINES, repl="#")

# Empty matches in findall, finditer and sub (Python 3.7+), split-like patterns, count
EMPTY = [
    (r"x*", ["abxd", "", "xx", "axxb"]), (r"^.*?(?=\d)", ["24", "ab12", "1", "no digits"]), (r"\b", ["ab cd", ""]),
    (r"\B", ["ab cd", "", "a"]), (r"a|", ["bab", "aa"]), (r"|a", ["bab"]), (r"(?=a)", ["aba"]),
    (r"(?=a)|a", ["aa"]), (r"a?", ["baaa"]), (r"a*?", ["aa"]), (r"(a)|b*", ["bab"]), (r"(|a)", ["aa"]),
    (r"(a*)(b*)", ["aab", "ba"]), (r"\s*", ["a b  c"]), (r"(?m)$", ["a\nb"]), (r"(?<=a)", ["aaa"]),
    (r".*", ["ab\ncd"]), (r"(?s).*", ["ab\ncd"]), (r"[^,]*", ["a,,b,"]), (r"x*y?", ["xyzxx"]),
]
for p, inputs in EMPTY:
    add("empty", p, ["findall", "finditer", "search"], inputs)
    add("empty-sub", p, ["sub"], inputs, repl="-")
    add("empty-sub-count", p, ["sub"], inputs, repl="-", count=2)
    add("empty-sub-callable", p, ["sub_callable"], inputs)
    add("empty-sub-literal", p, ["sub_literal"], inputs, repl="\\1-", count=3)

# Replacement templates
TEMPLATES = [
    r"\1", r"\g<1>", r"\g<word>", r"\g<0>", r"[\2]", r"\0", r"\07", r"\101", r"\11", r"\10", r"\1\n\t\\",
    r"\&", r"\-", r"\q", r"\x41", r"\g<9>", r"\g<nope>", r"\g<1", r"\g1", r"\g<>", r"\g<-1>", r"\g< 1>",
    r"\3", r"\400", "\\", r"$1", r"\g<01>", r"\u00e9", r"\N{EM DASH}",
]
for t in TEMPLATES:
    add("template", r"(?P<word>\w+)(x)?", ["sub"], ["ab cd", "abx"], repl=t)
add("template-unmatched", r"(a)|(b)", ["sub"], ["ab"], repl=r"[\1|\2]")
add("template-count", r"\d", ["sub"], ["1 2 3 4"], repl=r"<\g<0>>", count=2)
add("template-count", r"\d", ["sub"], ["1 2 3 4"], repl=r"<\g<0>>", count=-1)
add("template-nomatch", r"z", ["sub"], ["abc"], repl=r"\q")
add("template-nomatch", r"z", ["sub"], ["abc"], repl=r"\1")

# Lookarounds, greedy and non-greedy
AROUND = [
    (r"(?<=\$)\d+", ["cost $12 and 13"]), (r"(?<!\$)\b\d+", ["cost $12 and 13"]), (r"\w+(?=!)", ["hi! yo"]),
    (r"\w+(?!!)", ["hi! yo"]), (r"(?<=a|b)c", ["ac bc cc"]), (r"(?<=a|bc)d", ["ad"]), (r"(?<=a*)b", ["ab"]),
    (r"(?<=(a))b", ["ab"]), (r"(?<=\b)x", ["x x"]), (r"(?<=^)a", ["aa"]), (r"(?<=(?:ab){2})c", ["ababc"]),
    (r"(?<=a{1,2})b", ["ab"]), (r"(?<=(?i)a)b", ["ab"]), (r"(?<=(?i:A))b", ["ab"]), (r"(?<=\d{3})x", ["123x"]),
    (r"(?=(\w+))\w", ["ab"]), (r"(?!(a))\w", ["ab"]), (r"(?<!(a))b", ["ab cb"]), (r"(a)(?<=\1)", ["aa"]),
    (r"<.+>", ["<a> <b>"]), (r"<.+?>", ["<a> <b>"]), (r"<.*?>", ["<><a>"]), (r"a{2,3}?", ["aaaa"]),
    (r"(a+?)(a*)", ["aaa"]), (r"(a|ab)(c|bcd)(d*)", ["abcd"]), (r"(a+)+b", ["aaab", "aaaa"]),
    (r"(?:(a)|b)*", ["ab", "ba"]), (r"(a|b)*", ["ab"]), (r"(a*)*", ["aa", "b"]), (r"(a*)+", ["aa", "b"]),
    (r"(a?)*?b", ["aab"]), (r"(?:a|(b))+", ["ab", "ba"]), (r"((a)|b)+", ["ab", "ba"]), (r"(a)|\1", ["a"]),
    (r"(?:(a)|(b))+", ["abab"]), (r"(a*)*b", ["aab"]), (r"(a|)+", ["aa"]), (r"(|a)+", ["aa"]),
    (r"(a*?)+", ["aa"]), (r"(?:a*)*", ["aa"]), (r"(?:a|b|)*c", ["abc"]), (r"(a)(?:x|\1)*", ["aaxa"]),
    (r"(?i)(a)\1", ["aA"]), (r"(?ai)(a)\1", ["aA"]), (r"(?i)(?P<x>s)(?P=x)", ["s\u017f"]),
    (r"(a)?(?(1)b|c)", ["ab", "c"]), (r"(?P<q>')?x(?(q)')", ["'x'", "x"]), (r"(?(1)a", [""]),
    (r"(a)(?(2)b)", ["a"]), (r"(?(x)a)", [""]), (r"(?(0)a)", [""]),
]
for p, inputs in AROUND:
    add("around", p, ["search", "findall", "fullmatch", "match"], inputs)

# ---------------------------------------------------------------------------------------------------------------
# Random small patterns from a grammar over a small alphabet, on random short inputs


# The second grammar: letters whose case folding differs between CPython and java.util.regex's own, and sets
# and ranges of them (also beyond the BMP), always under (?i) or (?ai).
FOLD_LETTERS = ["a", "A", "k", "K", "\u212a", "s", "S", "\u017f", "i", "I", "\u0131", "\u0130", "\u03c3",
                "\u03c2", "\u03a3", "\u00df", "\u1e9e", "\u01c5", "\u01c6", "\U00010400", "\U00010428", "1", "_"]
FOLD_SETS = ["[a-z]", "[A-Z]", "[^a-z]", "[k]", "[\u212a]", "[s\u017f]", "[\u0370-\u03ff]", "[\u03c3]",
             "[\U00010400-\U00010427]", "[\U00010428]", "[\U00010400]", "[^\U00010400]", "[\u00df]",
             "[\w\u017f]", "[^\W\d]", "[I-K]", "[h-j]", "[\x00-\U0010ffff]", "[\u0100-\U00010500]"]


def random_pattern(rng, depth=0, letters=("a", "b"), sets=None, flag_choices=None):
    sets = sets or ["[ab]", "[^a]", "[a-b]", "[^ab\\n]", "\\d", "\\w", "\\s", "\\W", "[\\d_]", "[^\\W]"]

    def atom(d):
        r = rng.random()
        if r < 0.30:
            return rng.choice(letters)
        if r < 0.36:
            return "."
        if r < 0.46:
            return rng.choice(sets)
        if r < 0.52:
            return rng.choice(["^", "$", "\\b", "\\B", "\\A", "\\Z"])
        if r < 0.56 and d < 2:
            return rng.choice(["(?=", "(?!"]) + alternation(d + 1) + ")"
        if r < 0.59:
            return rng.choice(["(?<=", "(?<!"]) + rng.choice(list(letters) + ["\\w", "[ab]", "\\b", "a|b"]) + ")"
        if r < 0.62 and state["groups"]:
            return "\\%d" % rng.randint(1, state["groups"])
        if d < 2:
            kind = rng.random()
            if kind < 0.5:
                state["open"] += 1
                inner = alternation(d + 1)
                state["open"] -= 1
                state["groups"] += 1
                return "(" + inner + ")"
            if kind < 0.85:
                return "(?:" + alternation(d + 1) + ")"
            if kind < 0.93:
                return "(?>" + alternation(d + 1) + ")"
            return "(?" + rng.choice(["i", "m", "s", "-i"]) + ":" + alternation(d + 1) + ")"
        return rng.choice(letters)

    def quantified(d):
        a = atom(d)
        r = rng.random()
        if r < 0.55:
            return a
        q = rng.choice(["*", "+", "?", "{2}", "{1,2}", "{,2}", "{2,}", "{0}"])
        mode = rng.random()
        return a + q + ("?" if mode < 0.3 else "+" if mode < 0.4 else "")

    def sequence(d):
        return "".join(quantified(d) for _ in range(rng.randint(1, 3)))

    def alternation(d):
        seqs = [sequence(d)]
        while rng.random() < 0.3:
            seqs.append(sequence(d) if rng.random() < 0.9 else "")
        return "|".join(seqs)

    state = {"groups": 0, "open": 0}
    flags = rng.choice(flag_choices or ["", "", "", "", "(?i)", "(?m)", "(?s)", "(?a)", "(?x)", "(?ims)"])
    return flags + alternation(depth)


def random_cases(seed, n, folding=False, prefix="random"):
    rng = random.Random(seed)
    out = []
    ops = ["search", "match", "fullmatch", "findall", "finditer", "sub", "sub_callable"]
    while len(out) < n:
        if folding:
            p = random_pattern(rng, letters=FOLD_LETTERS, sets=FOLD_SETS, flag_choices=["(?i)", "(?i)", "(?ai)"])
            alphabet = FOLD_LETTERS + [" ", "b"]
        else:
            p = random_pattern(rng)
            alphabet = "aabAB1 \n_"
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        op = rng.choice(ops)
        repl = rng.choice(["-", "<\\g<0>>", "[\\1]", "\\1\\1"]) if op == "sub" else None
        case = run(p, op, text, repl)
        case["id"] = "%s-%d" % (prefix, len(out) + 1)
        out.append(case)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Unicode tables: which code points CPython's \d \w \s match, its lower-casing, and the (?i) equivalence classes


def ranges(pred):
    out, start = [], None
    for cp in range(0x110000):
        ok = pred(cp)
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append([start, cp - 1])
            start = None
    if start is not None:
        out.append([start, 0x10FFFF])
    return out


def unicode_tables():
    def matcher(p):
        compiled = re.compile(p)
        return lambda cp: not 0xD800 <= cp <= 0xDFFF and compiled.fullmatch(chr(cp)) is not None

    cased = [cp for cp in range(0x110000) if _sre.unicode_iscased(cp)]
    lowered = {_sre.unicode_tolower(cp) for cp in cased} - set(cased)
    # Every code point that (?i) could fold: the cased ones and the lower-case forms of others. For each, those that
    # re.fullmatch("(?i)" + c) and re.fullmatch("(?i)[" + c + "\0]") accept among them, computed by CPython itself;
    # listed when that is not just c: [c, [those]].
    candidates = sorted(set(cased) | lowered)
    candidate_set = set(candidates)
    text = "".join(chr(d) for d in candidates)

    def accepted(pattern):
        return [ord(m.group()) for m in re.finditer(pattern, text)]

    literal, in_set = [], []
    for c in candidates:
        found = accepted("(?i)\\U%08x" % c)
        if found != [c]:
            literal.append([c, found])
        found = accepted("(?i)[\\U%08x\\0]" % c)
        if found != [c]:
            in_set.append([c, found])
    return {
        "python": sys.version.split()[0],
        "unicode": unicodedata.unidata_version,
        "unassigned": ranges(lambda cp: unicodedata.category(chr(cp)) == "Cn"),
        "d": ranges(matcher(r"\d")),
        "w": ranges(matcher(r"\w")),
        "s": ranges(matcher(r"\s")),
        "ascii_w": ranges(matcher(r"(?a)\w")),
        "ascii_s": ranges(matcher(r"(?a)\s")),
        "cased": ranges(lambda cp: _sre.unicode_iscased(cp)),
        "ignorecase_candidates": ranges(candidate_set.__contains__),
        "ignorecase_literal": literal,
        "ignorecase_set": in_set,
    }


def main():
    if len(sys.argv) == 4 and sys.argv[1] in ("--fuzz", "--fuzz-folding"):
        # python3 generate_corpus.py --fuzz SEED N (or --fuzz-folding SEED N): N more random cases on stdout, to
        # check PythonRegex beyond the committed corpus (same format)
        for case in random_cases(int(sys.argv[2]), int(sys.argv[3]), folding=sys.argv[1] == "--fuzz-folding"):
            print(json.dumps(case, ensure_ascii=True, separators=(",", ":")))
        return
    cases = CASES + random_cases(20240601, 700) + random_cases(20240602, 200, folding=True, prefix="folding")
    with open(os.path.join(HERE, "corpus.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for case in cases:
            ordered = {k: case[k] for k in ["id", "pattern", "op", "input", "repl", "count", "groups", "refused",
                                            "expect"] if k in case}
            f.write(json.dumps(ordered, ensure_ascii=True, separators=(",", ":")) + "\n")
    with open(os.path.join(HERE, "unicode_tables.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(unicode_tables(), f, separators=(",", ":"))
        f.write("\n")
    print("%d cases" % len(cases))


if __name__ == "__main__":
    main()
