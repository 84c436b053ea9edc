"""Chinese text for every app: the words of a text, how alike two texts are, and a compact signature to find
candidates by (issue #13: 12345 duplicate tickets, knowledge-base search; GB/T 44191 and GB/T 44189).

The segmenter is jieba 0.42.1 (MIT; already the platform's segmenter for `core.fulltext`, with its DOMAIN_WORDS),
in precise mode with HMM off, so that the same phrase is cut the same way whatever text surrounds it (see
`core.fulltext._block_spans`). Its dictionary loads once per process, about 1 s (`core.fulltext.warm_up`).

- `words(text)`: the content words, lower-cased, NFKC-normalised (full-width ＡＢ１２ as ab12), without stop words
  (function words and the set phrases every hotline record carries: 市民, 来电, 反映, 希望, 尽快 …) or punctuation.
- `bigrams(text)`: every pair of neighbouring CJK characters within runs of content words (and each word of
  letters/digits): robust where jieba cuts a rephrased text differently (垃圾堆放 / 垃圾).
- `similarity(a, b)`: 0..1, the mean of the cosine over word counts and the cosine over bigram counts. Measured on
  the sentences in `core/tests/test_chinese_text.py`: the same matter rephrased by two callers 0.36–0.85; different
  matters 0, and a different matter at the same place about 0.27. The threshold is a rule of the app
  that uses it (with place and time limiting the candidates), not a constant here.
- `stored_words(text)` and `stored_similarity(text, candidates, threshold=)`: the words kept beside a stored text
  (a ticket's), and the same similarity against many of them without segmenting each again.
- `signature(text)`: a 64-bit SimHash over words and bigrams, as a signed integer (fits a PostgreSQL bigint);
  `distance(x, y)` its Hamming distance (the same text with other punctuation: 0; with one word changed: about 10;
  the same matter rephrased: 12–25; unrelated: 29–37 of 64) and `signature_bands(sig)` four 16-bit bands: two
  signatures within 3 bits share at least one band exactly, so an indexed equality on the bands finds copies and
  near-copies without reading every row. Rephrased duplicates are found by `similarity` over the candidates that
  place, category and time already narrow down.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from digigov.core.fulltext import segmenter

SIGNATURE_BITS = 64
BANDS = 4
MAX_CHARS = 20_000  # a longer text is judged by its beginning: a ticket or an article is far shorter

# Function words, pronouns, particles, and the set phrases of hotline records (市民来电反映…希望相关部门尽快处理),
# which would make any two tickets look alike. Kept short and explicit: a word here is never a search term either.
_STOP_WORDS_TEXT = """
的 地 得 了 着 过 是 在 和 与 及 以及 或 或者 而 并 并且 也 都 就 还 又 再 才 把 被 对
对于 从 向 到 给 让 由 于 为 为了 之 其 此 该 等 等等 个 些 这 那 这个 那个 这些 那些
这里 那里 这边 那边 这样 那样 这么 那么 哪 哪里 哪个 哪些 我 我们 你 你们 您 他 他们 她 她们
它 它们 自己 大家 本人 人家 吗 呢 吧 啊 呀 哦 嗯 哈 啦 嘛 么 呗 喂 哎 唉 有 没 没有 不
不是 很 太 非常 特别 比较 更 最 已 已经 曾 曾经 正在 将 将要 会 能 能够 可 可以 可能 要 想
应 应该 需要 什么 怎么 怎样 怎么样 怎么办 如何 为什么 为何 多少 几 是否 能否 有没有 是不是 因为
所以 但 但是 可是 然而 如果 假如 虽然 而且 然后 于是 另外 此外 因此 只是 只有 只要 无论 不管
一 一个 一下 一些 一直 一样 一般 一次 一点 还是 就是 也是 都是 不能 不会 不要 不了 现在 目前
今天 昨天 前天 最近 近期 近日 时候 之前 之后 以后 以前 当时 市民 群众 来电 来电人 来电者 致电
请问 反映 反应 称 表示 说 讲 问 询问 咨询 希望 要求 请求 请 麻烦 帮忙 帮助 尽快 及时 相关
有关 部门 单位 处理 解决 问题 情况 事情 事 一事 此事 该事 诉求 处理一下 协调 核实 落实 督促
予以
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_MASK = (1 << SIGNATURE_BITS) - 1


def _normal(text: str | None) -> str:
    return unicodedata.normalize("NFKC", (text or "")[:MAX_CHARS]).lower()


@lru_cache(maxsize=50_000)
def _cut(run: str) -> tuple[str, ...]:
    return tuple(segmenter().lcut(run, HMM=False))


def _runs(text: str | None) -> list[list[str]]:
    """The content words of `text`, in runs of words that stood next to each other (a stop word or punctuation
    ends a run)."""
    runs: list[list[str]] = []
    for part in re.split(r"[^\w+#.%-]+", _normal(text)):
        run: list[str] = []
        for token in _cut(part) if part else ():
            word = token.strip("+#.%-_")
            if word and any(ch.isalnum() for ch in word) and word not in STOP_WORDS:
                run.append(word)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


def words(text: str | None) -> list[str]:
    """The content words of `text` in order (repeats kept): jieba precise mode over NFKC-normalised, lower-cased text,
    without stop words, punctuation and whitespace."""
    return [word for run in _runs(text) for word in run]


def bigrams(text: str | None) -> list[str]:
    """Every pair of neighbouring CJK characters within a run of content words (a lone character itself; stop words
    and punctuation break the pairs, so 需要哪些材料 adds nothing but 材料), then each word of letters and digits."""
    return _bigrams_of(_runs(text))


def _bigrams_of(runs: list[list[str]]) -> list[str]:
    found: list[str] = []
    for run in runs:
        joined = "".join(word for word in run if _CJK_RUN.fullmatch(word))
        for piece in _CJK_RUN.findall(joined):
            found.extend([piece] if len(piece) == 1 else [piece[i : i + 2] for i in range(len(piece) - 1)])
        found.extend(word for word in run if not _CJK_RUN.search(word))
    return found


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[key] for key, count in a.items() if key in b)
    return dot / math.sqrt(sum(c * c for c in a.values()) * sum(c * c for c in b.values()))


def similarity(a: str | None, b: str | None) -> float:
    """How alike two texts are, 0 (nothing shared) to 1 (the same words): the mean of the cosine over word counts
    and the cosine over character-bigram counts. Either text empty (or stop words only) gives 0."""
    return _score(_vectors(_runs(a)), _vectors(_runs(b)))


def _vectors(runs: list[list[str]]) -> tuple[Counter[str], Counter[str]]:
    return Counter(word for run in runs for word in run), Counter(_bigrams_of(runs))


def _score(a: tuple[Counter[str], Counter[str]], b: tuple[Counter[str], Counter[str]]) -> float:
    if not a[0] or not b[0]:
        return 0.0
    return round((_cosine(a[0], b[0]) + _cosine(a[1], b[1])) / 2, 6)


def stored_words(text: str | None) -> str:
    """The content words of `text` in a form to store beside it (words joined by spaces, runs of neighbouring words
    by '|'; neither ever occurs in a word), so that `stored_similarity` compares many stored texts with one new
    text without segmenting them again: at 200 candidates segmenting costs about 45 ms, the stored form about 3."""
    return "|".join(" ".join(run) for run in _runs(text))


def _stored_runs(stored: str) -> list[list[str]]:
    return [run.split(" ") for run in stored.split("|") if run]


def stored_similarity(text: str, candidates: Iterable[tuple[object, str]], *, threshold: float = 0.0):
    """`similarity` of `text` to each candidate (key, stored_words of its text): [(key, score)] at least
    `threshold`, most similar first; the same scores as `similarity` on the original texts."""
    mine_words, mine_bigrams = _vectors(_runs(text))
    # The score is the mean of two cosines of at most 1, so a candidate whose word cosine is below 2 x threshold - 1
    # cannot reach the threshold: its bigrams, the dearer half, are not counted (most candidates at 0.6).
    least_words = 2 * threshold - 1
    scored = []
    for key, stored in candidates:
        runs = _stored_runs(stored)
        word_score = _cosine(mine_words, Counter(word for run in runs for word in run))
        if word_score < least_words:
            continue
        score = round((word_score + _cosine(mine_bigrams, Counter(_bigrams_of(runs)))) / 2, 6)
        if score >= threshold:
            scored.append((key, score))
    return sorted(scored, key=lambda pair: -pair[1])


def _features(text: str | None) -> Counter[str]:
    # Words weigh twice a bigram: a shared word is stronger evidence than a shared pair of characters.
    features: Counter[str] = Counter()
    for word in words(text):
        features["w:" + word] += 2
    for pair in bigrams(text):
        features["b:" + pair] += 1
    return features


def _hash64(feature: str) -> int:
    # Not Python's hash(): that changes from process to process, and a signature is stored.
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "big")


def signature(text: str | None) -> int:
    """The 64-bit SimHash of `text` over its words and bigrams, as a signed 64-bit integer (a bigint column).
    0 for a text without words."""
    totals = [0] * SIGNATURE_BITS
    features = _features(text)
    if not features:
        return 0
    for feature, weight in features.items():
        bits = _hash64(feature)
        for i in range(SIGNATURE_BITS):
            totals[i] += weight if bits >> i & 1 else -weight
    value = sum(1 << i for i, total in enumerate(totals) if total > 0)
    return value - (1 << SIGNATURE_BITS) if value >= 1 << (SIGNATURE_BITS - 1) else value


def distance(x: int, y: int) -> int:
    """The Hamming distance of two signatures: how many of the 64 bits differ (0 identical, about 32 unrelated)."""
    return ((x ^ y) & _MASK).bit_count()


def signature_bands(sig: int, bands: int = BANDS) -> tuple[int, ...]:
    """The signature cut into `bands` equal bands (16 bits each by default), each a small non-negative integer.

    Two signatures at most `bands - 1` bits apart agree exactly on at least one band (pigeonhole), so storing the
    bands in indexed columns turns "signatures near this one" into a few equality lookups."""
    width = SIGNATURE_BITS // bands
    unsigned = sig & _MASK
    return tuple(unsigned >> (i * width) & ((1 << width) - 1) for i in range(bands))


def most_similar(
    text: str, candidates: Iterable[tuple[object, str]], *, threshold: float
) -> list[tuple[object, float]]:
    """The candidates (key, text) at least `threshold` similar to `text`, most similar first."""
    scored = [(key, similarity(text, other)) for key, other in candidates]
    return sorted([pair for pair in scored if pair[1] >= threshold], key=lambda pair: -pair[1])
