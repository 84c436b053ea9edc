"""Chinese words and near-duplicates on real hotline-like sentences (issue #13: duplicate tickets, knowledge search)."""

import itertools

from digigov.core import chinese_text

# (first caller, second caller about the same matter)
SAME_MATTER = [
    (
        "市民来电反映，幸福小区3号楼门口垃圾堆放多日无人清理，臭味很大，希望相关部门尽快处理。",
        "幸福小区三号楼门口的垃圾好几天没人清理了，气味难闻，请尽快清运。",
    ),
    (
        "光明路与建设大道交叉口红绿灯坏了，车辆通行混乱，存在安全隐患。",
        "来电人称建设大道光明路路口信号灯不亮，交通混乱，很危险，要求尽快维修。",
    ),
    ("咨询城乡居民养老保险转移接续需要哪些材料？", "请问城乡居民养老保险怎么办理转移接续，要带什么材料"),
]
UNRELATED = [
    "某某饭店夜间施工噪音扰民，晚上十一点还在装修。",
    "咨询住房公积金提取需要哪些材料？",
    "幸福小区停车位长期被外来车辆占用，物业不管。",
    "表扬市政务服务中心窗口工作人员耐心细致。",
]


def test_words_are_content_words_without_stop_words_or_punctuation():
    found = chinese_text.words("市民来电反映：幸福小区３号楼门口垃圾堆放多日无人清理，希望相关部门尽快处理！")
    assert "幸福" in found and "小区" in found and "清理" in found
    assert "3" in found  # full-width digit normalised
    for dropped in ("市民", "来电", "反映", "希望", "相关", "部门", "尽快", "处理", "，", "！", "：", " "):
        assert dropped not in found
    assert chinese_text.words("") == [] and chinese_text.words(None) == []
    assert chinese_text.words("我们的，吗？") == []


def test_domain_words_stay_whole():
    assert "住房公积金" in chinese_text.words("住房公积金怎么提取")


def test_bigrams_cover_every_neighbouring_pair():
    assert chinese_text.bigrams("红绿灯 LED坏") == ["红绿", "绿灯", "坏", "led"]


def test_the_same_matter_scores_high_and_different_matters_low():
    same = [chinese_text.similarity(a, b) for a, b in SAME_MATTER]
    different = [
        chinese_text.similarity(a, b) for a, b in itertools.product([a for a, _ in SAME_MATTER], UNRELATED) if a != b
    ]
    assert min(same) >= 0.3, same
    assert max(different) < 0.28, different
    assert min(same) > max(different)


def test_similarity_is_symmetric_bounded_and_one_for_the_same_text():
    a, b = SAME_MATTER[0]
    assert chinese_text.similarity(a, b) == chinese_text.similarity(b, a)
    assert chinese_text.similarity(a, a) == 1.0
    assert chinese_text.similarity(a, "") == 0.0
    assert chinese_text.similarity("的了吗", "的了吗") == 0.0  # stop words only: nothing to compare


def test_signature_is_stable_fits_a_bigint_and_finds_near_copies_by_band():
    original = SAME_MATTER[0][0]
    copy = original.replace("，", ",").replace("。", "!")
    edited = original.replace("很大", "特别大")
    sig, copy_sig = chinese_text.signature(original), chinese_text.signature(copy)
    assert -(2**63) <= sig < 2**63
    assert sig == chinese_text.signature(original)
    assert chinese_text.signature("") == 0
    assert chinese_text.distance(sig, copy_sig) == 0
    assert chinese_text.distance(sig, chinese_text.signature(edited)) <= 12
    unrelated = [chinese_text.distance(sig, chinese_text.signature(text)) for text in UNRELATED]
    assert min(unrelated) >= 20, unrelated
    # Two signatures within 3 bits share a band: flip three bits and look.
    flipped = sig ^ 0b1 ^ (1 << 20) ^ (1 << 40)
    shared = set(enumerate(chinese_text.signature_bands(sig))) & set(enumerate(chinese_text.signature_bands(flipped)))
    assert shared
    assert all(0 <= band < 2**16 for band in chinese_text.signature_bands(sig))


def test_most_similar_keeps_those_above_the_threshold_best_first():
    a, b = SAME_MATTER[0]
    found = chinese_text.most_similar(a, [(1, UNRELATED[2]), (2, b), (3, a)], threshold=0.3)
    assert [key for key, _score in found] == [3, 2]


def test_stored_words_give_the_same_scores_without_segmenting_again():
    """For the hotline's duplicate check (acceptance 6): words stored at intake, scored later against a new text."""
    new = "沿江大道100号小区电梯停运一周无人维修。"
    texts = ["沿江大道100号小区的电梯停运一周了，一直无人维修。", "沿江大道100号门前路灯不亮已三天。", "的了吗", ""]
    stored = [(n, chinese_text.stored_words(t)) for n, t in enumerate(texts)]
    expected = sorted(((n, chinese_text.similarity(new, t)) for n, t in enumerate(texts)), key=lambda p: -p[1])
    assert chinese_text.stored_similarity(new, stored) == expected
    assert chinese_text.stored_similarity(new, stored, threshold=0.6) == [p for p in expected if p[1] >= 0.6] != []
