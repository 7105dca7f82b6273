"""Issue 16 part 4: the first-sentence rule, lead / lead_not matching, the pass rule, lead_hit_rate,
answer_length_median and the by-question-type breakdown (JSON, Markdown, HTML, terminal)."""

from __future__ import annotations

import pytest

from rag.evaluation.metrics import (
    BY_TYPE_COLUMNS,
    answer_words,
    first_sentence,
    lead_check,
    score_question,
    summarise,
    summarise_by_tag,
    summarise_by_type,
)
from rag.evaluation.report import Report, load_report, render_by_type_text, render_markdown

L2 = "ai-ml-mastery-roadmap.md › AI Integration Engineering Path › Level 2: Integration (6-12 months)"
ML = [["Machine Learning Engineering", "ML engineering", "Machine Learning Engineer"]]


# --- the first sentence --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ("Learn FAISS, Pinecone and Weaviate [1]. They are vector databases [2].", "Learn FAISS, Pinecone and Weaviate."),
        ("\n\n   The **Machine Learning Engineering** path fits you [1][2]! It starts with maths.",
         "The Machine Learning Engineering path fits you!"),
        ("Is it Level 2? Yes.", "Is it Level 2?"),
        ("Level 1 takes 0-6 months [1, 2]", "Level 1 takes 0-6 months"),  # no end mark: the whole line
        ("Fast.ai and DeepLearning.AI are listed; version 3.5 too. Next.", "Fast.ai and DeepLearning.AI are listed; version 3.5 too."),
        # no abbreviation list: "e.g. " ends the sentence (documented)
        ("Learn a vector database, e.g. FAISS [1].", "Learn a vector database, e.g."),
        # only the first line counts
        ("FAISS is one\nof three.", "FAISS is one"),
        # a prose line that names a section with › and ends its sentence is prose
        ("Vector databases are in AI Integration Engineering Path › Level 2 [1]. More.",
         "Vector databases are in AI Integration Engineering Path › Level 2."),
    ],
)
def test_first_sentence_of_prose(answer: str, sentence: str) -> None:
    assert first_sentence(answer) == (sentence, "")


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("- FAISS\n- Pinecone", "list item"),
        ("* FAISS [1]", "list item"),
        ("1. Choose your path", "list item"),
        ("2) Start with foundations", "list item"),
        ("## Level 2", "heading"),
        ("AI Integration Engineering Path › Level 2: Integration (6-12 months) [1]\nVector Databases: FAISS", "heading path"),
        ("Machine Learning Engineering Path > Level 1", "heading path"),
        ("**Vector Databases & Search:** [1]\nFAISS, Pinecone", "ends with ':'"),
        ("Here is what the roadmap says:\n- FAISS", "ends with ':'"),
        ("", "empty"),
        ("  \n [1] \n", "only citations"),
    ],
)
def test_non_sentences_have_no_first_sentence(answer: str, why: str) -> None:
    sentence, reason = first_sentence(answer)
    assert sentence == "" and why in reason


def test_lead_groups_all_needed_alternatives_and_whole_words() -> None:
    answer = "The **ML engineering** path fits you best [1]. The AI Integration path is about APIs [2]."
    assert lead_check(answer, ML, ["AI Integration"]).hit  # the wrong choice is only in the 2nd sentence
    r = lead_check("FAISS and Pinecone are the picks [1].", ["FAISS", "Pinecone", "Weaviate"])
    assert not r.hit and r.missing == ["Weaviate"] and "lacks Weaviate" in r.reason
    assert lead_check("Level 1 takes 0–6 months.", [["0-6 months", "0 to 6 months"]]).hit  # en dash normalised
    assert not lead_check("Use GitHub daily.", ["Git"]).hit  # whole words, as key facts


def test_lead_not_forms_in_the_first_sentence_miss_the_lead() -> None:
    r = lead_check("Machine Learning Engineering suits you more than AI Integration [1].", ML, ["AI Integration"])
    assert not r.hit and r.wrong == ["AI Integration"] and "wrong choice AI Integration" in r.reason
    r = lead_check("AI Integration fits.", ML, ["AI Integration"])
    assert not r.hit and r.missing and r.wrong


def test_a_refusal_or_a_label_first_answer_misses_the_lead() -> None:
    assert not lead_check("Machine Learning Engineering.", ML, refused=True).hit
    r = lead_check("Machine Learning Engineering Path › Level 1 [1]\nThe ML engineering path fits.", ML)
    assert not r.hit and r.sentence == "" and "section label" in r.reason


def test_answer_words_ignore_citations_and_bare_markup() -> None:
    assert answer_words("Learn **FAISS** [1], Pinecone - and Weaviate [2].\n- item") == 6
    assert answer_words("") == 0


# --- pass rule ----------------------------------------------------------------------------------
def _score(answer: str, refused: bool = False, **kw: object):  # noqa: ANN202
    args = dict(answerable=True, expected_sources=["AI Integration Engineering Path > Level 2"], key_facts=["FAISS"],
                retrieved_labels=[L2], k=5, check=lambda _s, _p: True, lead=["FAISS", "Weaviate"])
    args.update(kw)
    cit = [] if refused else [{"n": 1, "label": L2, "headings": [], "text": "x", "sentences": ["s"]}]
    return score_question(answer=answer, refused=refused, citations=cit, **args)  # type: ignore[arg-type]


def test_a_question_with_a_lead_passes_only_when_the_lead_hits() -> None:
    m, passed, reason = _score("Learn FAISS and Weaviate [1]. Also Pinecone.")
    assert passed and m.lead_hit is True and m.first_sentence == "Learn FAISS and Weaviate." and m.answer_words == 6
    m, passed, reason = _score("- FAISS [1]\n- Weaviate")  # key facts present, but the answer opens with a list
    assert not passed and m.key_fact_recall == 1.0 and m.lead_hit is False
    assert reason.startswith("lead missed: the first line is a list item")
    m, passed, reason = _score("Learn FAISS [1]. Weaviate too.")
    assert not passed and reason == "lead missed: first sentence 'Learn FAISS.' lacks Weaviate"
    m, passed, reason = _score("", refused=True)
    assert not passed and m.lead_hit is False and m.answer_words is None and "lead" not in reason
    m, passed, _ = _score("Pinecone [1].", lead=[])  # no lead: the old rule
    assert m.lead_hit is None and not passed  # (key fact FAISS missing)
    m, passed, _ = _score("It costs 10 EUR.", answerable=False, lead=["x"])
    assert m.lead_hit is None and not passed  # unanswerable: never a lead


# --- aggregation ----------------------------------------------------------------------------------
def _q(qid: str, typ: str | None, answerable: bool, refused: bool, passed: bool, *, lead: bool = False,
       lead_hit: bool | None = None, words: int | None = None, citations: int = 0, matching: int | None = None,
       error: str = "") -> dict:
    return {
        "id": qid, "answerable": answerable, "refused": refused, "passed": passed, "latency_s": 0.1, "error": error,
        "tags": ["x"] + ([f"type:{typ}"] if typ else []), **({"lead": ["A"]} if lead else {}),
        "metrics": {"hit": answerable, "reciprocal_rank": 1.0 if answerable else None, "cited_hit": bool(matching),
                    "citations": citations, "citations_matching": matching, "support_checked": 0, "support_ok": 0,
                    "key_fact_recall": None, "lead_hit": lead_hit, "answer_words": words},
    }


QS = [
    _q("c1", "choice", True, False, True, lead=True, lead_hit=True, words=10, citations=2, matching=1),
    _q("c2", "choice", True, False, False, lead=True, lead_hit=False, words=30, citations=1, matching=1),
    _q("c3", "choice", True, True, False, lead=True, lead_hit=False),  # refused: a lead miss, no words
    _q("c4", "choice", True, False, False, lead=True, error="timeout"),  # errored: not measured
    _q("p1", "price", False, True, True),
    _q("p2", "price", False, False, False, words=4, citations=1),
    _q("u1", None, True, False, True, words=20, citations=1, matching=0),  # no lead: outside lead_hit_rate
]


def test_lead_hit_rate_and_answer_length_median() -> None:
    s = summarise(QS)
    assert s["lead_hit_rate"] == {"value": pytest.approx(1 / 3, abs=1e-6), "n": 3, "not_measured": 1}
    # answered (not refused, not errored): 10, 30, 4, 20 words → median 15
    assert s["answer_length_median"]["value"] == 15.0 and s["answer_length_median"]["n"] == 4
    assert summarise([QS[4]])["lead_hit_rate"]["value"] is None  # nothing in scope: not measured, not NaN


def test_summary_by_question_type() -> None:
    by = summarise_by_type(QS)
    assert list(by) == ["choice", "price", "untyped"]
    choice, price, untyped = by["choice"], by["price"], by["untyped"]
    assert (choice["questions"], choice["answerable"]) == (4, 4)
    assert choice["pass_rate"]["value"] == 0.25
    assert choice["refusal_rate"] == {"value": pytest.approx(1 / 3, abs=1e-6), "n": 3, "not_measured": 1}
    assert choice["false_refusal_rate"]["value"] == pytest.approx(1 / 3, abs=1e-6)
    assert choice["lead_hit_rate"]["value"] == pytest.approx(1 / 3, abs=1e-6)
    assert choice["citation_precision"] == {"value": pytest.approx(2 / 3, abs=1e-6), "n": 3, "not_measured": 1}
    assert price["refusal_rate_unanswerable"]["value"] == 0.5 and price["refusal_rate"]["value"] == 0.5
    assert price["lead_hit_rate"]["value"] is None and price["citation_precision"]["value"] is None
    assert untyped["citation_precision"]["value"] == 0.0 and untyped["pass_rate"]["value"] == 1.0


def test_summary_by_category_tag() -> None:
    qs = [dict(QS[0], tags=["persona", "type:choice"]), dict(QS[1], tags=["persona", "decision"]), QS[4], QS[5]]
    by = summarise_by_tag(qs, ("near-scope", "persona", "decision"))
    assert list(by) == ["persona", "decision"]  # order of the tags asked for; empty groups left out
    assert by["persona"]["questions"] == 2 and by["persona"]["lead_hit_rate"]["value"] == 0.5
    assert by["decision"]["pass_rate"]["value"] == 0.0 and by["decision"]["answerable"] == 1


def test_by_type_appears_in_json_markdown_and_terminal_text(tmp_path) -> None:  # noqa: ANN001
    report = Report({"backend": "extractive"}, summarise(QS), {}, QS)
    path = report.write_json(tmp_path / "r.json")
    again = load_report(path)
    assert again.to_json()["by_type"] == report.to_json()["by_type"] and set(again.by_type or {}) == {"choice", "price", "untyped"}
    md = render_markdown(report)
    assert "| type | questions | answerable | " + " | ".join(BY_TYPE_COLUMNS) + " |" in md
    assert "| choice | 4 | 4 | 0.25 (4) |" in md and "| lead_hit_rate |" in md and "| answer_length_median | 15.0 words |" in md
    text = render_by_type_text(report)
    assert text.splitlines()[0].startswith("by question type") and "price" in text and "untyped" in text
    assert "by category tag" not in text  # no question carries a category tag
    tagged = Report({}, summarise(QS), {}, [dict(q, tags=[*q["tags"], "persona"]) for q in QS])
    assert "by category tag (value (n)):" in render_by_type_text(tagged)
    assert "| tag | questions |" in render_markdown(tagged) and "| persona | 7 | 5 |" in render_markdown(tagged)


def test_html_shows_the_by_type_table_and_each_lead_verdict() -> None:
    from rag.evaluation import render_html

    qs = [dict(QS[0], question="q", answer="a", metrics=dict(QS[0]["metrics"], first_sentence="The <b> path fits."))]
    page = render_html(Report({}, summarise(qs), {}, qs))
    assert "<h2>By question type</h2>" in page and "id='by-type'" in page and "<td>choice</td>" in page
    assert "<h2>By category tag</h2>" in page and "id='by-tag'" in page
    assert "lead hit: The &lt;b&gt; path fits." in page


def test_a_format_1_report_loads_with_the_new_metrics_not_measured(tmp_path) -> None:  # noqa: ANN001
    import json

    old = Report({}, summarise(QS), {}, QS).to_json()
    for name in ("lead_hit_rate", "answer_length_median"):
        del old["summary"][name]
    del old["by_type"]
    old["format"] = 1
    (tmp_path / "old.json").write_text(json.dumps(old))
    report = load_report(tmp_path / "old.json")
    assert report.value("lead_hit_rate") is None and report.value("answer_length_median") is None
    assert set(report.by_type or {}) == {"choice", "price", "untyped"}  # recomputed from its questions
