"""The gold-file validator: every malformed line is reported with its line number, nothing runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rag.errors import InputError
from rag.evaluation.gold import GoldFileError, load_gold, parse_gold
from rag.evaluation.metrics import normalise, source_matches
from rag.settings import BUNDLED_CORPUS

REPO = Path(__file__).resolve().parents[1]
GOOD = {"id": "ok", "question": "Which vector databases?", "answerable": True,
        "expected_sources": ["AI Integration Engineering Path > Level 2"], "key_facts": ["FAISS", ["Weaviate", "w db"]]}


def line(**changes: object) -> str:
    obj = {**GOOD, **changes}
    return json.dumps({k: v for k, v in obj.items() if v is not ...})


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(GoldFileError) as info:
        parse_gold(text, "gold.jsonl")
    return info.value.problems


def test_a_valid_file_parses_with_defaults_and_line_numbers() -> None:
    items = parse_gold(line() + "\n\n" + line(id="no", answerable=False, expected_sources=..., key_facts=...) + "\n")
    assert [(i.id, i.line) for i in items] == [("ok", 1), ("no", 3)]
    assert items[0].key_facts == ["FAISS", ["Weaviate", "w db"]] and items[1].expected_sources == []
    assert items[1].history == [] and items[1].reference_answer is None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "bad JSON"),
        ("[1, 2]", "must be a JSON object"),
        (line(id=...), "missing field 'id'"),
        (line(question=""), "'question' must be a non-empty str"),
        (line(answerable="yes"), "'answerable' must be true or false"),
        (line(expected_sources=[]), "an answerable question needs at least one entry"),
        (line(expected_sources="Level 2"), "'expected_sources' must be a list"),
        (line(key_facts=["FAISS", []]), "'key_facts'[1]"),
        (line(key_facts="FAISS"), "'key_facts' must be a list"),
        (line(history=[{"role": "system", "content": "x"}]), "role 'system'"),
        (line(history=[{"role": "user"}]), "exactly 'role' and 'content'"),
        (line(tags="a"), "'tags' must be a list"),
        (line(reference_answer=3), "'reference_answer' must be a string"),
        (line(expected_source=["typo"]), "unknown field(s) ['expected_source']"),
        (line(lead="FAISS"), "'lead' must be a list"),
        (line(lead=["FAISS", []]), "'lead'[1] must be a non-empty string"),
        (line(lead=[]), "'lead' must hold at least one group"),
        (line(answerable=False, expected_sources=[], lead=["FAISS"]), "'lead' is only for answerable questions"),
        (line(lead_not=["AI Integration"]), "'lead_not' needs a 'lead'"),
        (line(lead=["FAISS"], lead_not="Pinecone"), "'lead_not' must be a list of non-empty strings"),
        (line(lead=[["Machine Learning Engineering", "ML engineering"]], lead_not=["engineering"]),
         "'lead_not' form 'engineering' occurs inside the lead form 'Machine Learning Engineering'"),
        (line(tags=["type:cost"]), "unknown question type 'type:cost'; use one of type:quantity"),
        (line(tags=["type:price", "type:quantity"]), "at most one 'type:' tag"),
    ],
)
def test_each_error_kind_is_reported(bad: str, message: str) -> None:
    found = problems(line(id="first") + "\n" + bad + "\n")
    assert [ln for ln, _ in found] == [2] * len(found)
    assert any(message in msg for _, msg in found), found


def test_all_problems_are_reported_at_once_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join([line(), "{oops", line(), line(id="x", answerable=False, history=[{"role": "bot", "content": "hi"}])]))
    with pytest.raises(GoldFileError) as info:
        load_gold(path)
    err = info.value
    assert [ln for ln, _ in err.problems] == [2, 3, 4]
    assert "duplicate id 'ok' (first used on line 1)" in err.problems[1][1]
    assert isinstance(err, InputError) and err.exit_code == 2
    assert f"{path}:2:" in str(err) and "nothing was run" in str(err)


def test_lead_fields_and_the_type_tag_parse() -> None:
    item = parse_gold(line(tags=["persona", "type:choice"], lead=[["ML engineering", "Machine Learning Engineer"], "Level 2"],
                           lead_not=["AI Integration"]))[0]
    assert item.lead == [["ML engineering", "Machine Learning Engineer"], "Level 2"] and item.lead_not == ["AI Integration"]
    assert item.type == "choice" and parse_gold(line())[0].type == "untyped"
    assert item.to_json()["lead"] == item.lead and item.to_json()["lead_not"] == ["AI Integration"]
    assert "lead" not in parse_gold(line())[0].to_json()


def test_missing_and_empty_files_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_gold(tmp_path / "nope.jsonl")
    assert problems("\n\n") == [(1, "the file holds no questions")]


YES_NO = {"yes", "no"}  # a yes/no lead states the decision; the roadmap never says "yes"


def _roadmap_labels_and_text() -> tuple[list[str], str]:
    doc = BUNDLED_CORPUS.read_text(encoding="utf-8")
    # the sections a label can name: "source › heading › subheading" built from the ## / ### headings
    labels, h2 = [], ""
    for raw in doc.splitlines():
        if m := re.match(r"^(#{2,3}) (.+)$", raw):
            if m.group(1) == "##":
                h2 = m.group(2)
                labels.append(f"{BUNDLED_CORPUS.name} › {h2}")
            else:
                labels.append(f"{BUNDLED_CORPUS.name} › {h2} › {m.group(2)}")
    return labels, f" {normalise(doc)} "


def assert_grounded(items: list) -> None:  # type: ignore[type-arg]
    """Every expected source names a roadmap section; every key fact and lead group occurs in the roadmap."""
    labels, padded = _roadmap_labels_and_text()
    for item in items:
        for entry in item.expected_sources:
            assert any(source_matches(label, entry) for label in labels), f"{item.id}: no section matches {entry!r}"
        for fact in item.key_facts:
            alts = [fact] if isinstance(fact, str) else fact
            assert any(f" {normalise(a)} " in padded for a in alts), f"{item.id}: {fact!r} is not in the roadmap"
        for group in item.lead:
            alts = [group] if isinstance(group, str) else group
            assert any(normalise(a) in YES_NO or f" {normalise(a)} " in padded for a in alts), (
                f"{item.id}: lead {group!r} is not in the roadmap"
            )
        if item.answerable is False:
            assert not item.key_facts and not item.expected_sources, item.id


def test_the_project_gold_set_is_valid_and_grounded_in_the_roadmap() -> None:
    items = load_gold(REPO / "eval" / "gold.jsonl")
    assert len(items) >= 60
    assert sum(1 for i in items if i.history) >= 10
    assert sum(1 for i in items if not i.answerable) >= 12
    assert_grounded(items)


def test_gold_set_holds_the_issue_12_and_16_questions() -> None:
    items = load_gold(REPO / "eval" / "gold.jsonl")
    near = [i for i in items if not i.answerable and "near-scope" in i.tags]
    paraphrases = [i for i in items if i.answerable and "paraphrase" in i.tags]
    lead = [i for i in items if i.lead]
    assert len(near) >= 30 and len(paraphrases) >= 30 and len(lead) >= 30
    persona = [i for i in lead if "persona" in i.tags]
    ml = [i for i in persona if any("Machine Learning Engineering" in g for g in i.lead)]
    assert len(persona) >= 10 and len(ml) * 2 == len(persona), "persona questions split evenly between the paths"
    assert all(i.lead_not for i in persona), "a persona question names the wrong path in lead_not"
    assert all(i.type != "untyped" for i in near + paraphrases + lead)


def test_the_held_out_set_is_valid_grounded_and_disjoint_from_the_tuning_set() -> None:
    held = load_gold(REPO / "eval" / "heldout.jsonl")
    gold = load_gold(REPO / "eval" / "gold.jsonl")
    assert len(held) >= 40
    assert_grounded(held)
    unanswerable = sum(1 for i in held if not i.answerable)
    assert 0.3 <= unanswerable / len(held) <= 0.5
    persona = [i for i in held if "persona" in i.tags]
    assert len(persona) >= 6 and sum(1 for i in persona if any("Machine Learning Engineering" in g for g in i.lead)) * 2 == len(persona)
    assert not {i.id for i in held} & {i.id for i in gold}
    gold_questions = {normalise(i.question) for i in gold}
    assert not [i.id for i in held if normalise(i.question) in gold_questions], "a held-out question copies a gold one"


def _asked(item) -> tuple[str, ...]:
    """A question with the turns before it: two follow-ups worded alike ("how long does that one take?")
    after different conversations are different questions."""
    return (normalise(item.question), *(normalise(t["content"]) for t in item.history))


@pytest.mark.parametrize("name", ["dev_a.jsonl", "dev_b.jsonl", "dev_c.jsonl", "dev_d.jsonl", "dev_e.jsonl", "dev_f.jsonl", "dev_g.jsonl", "dev_h.jsonl", "dev_i.jsonl", "dev_j.jsonl", "dev_k.jsonl", "dev_l.jsonl", "dev_m.jsonl", "dev_n.jsonl", "dev_o.jsonl", "dev_p.jsonl", "dev_q.jsonl", "dev_r.jsonl", "dev_s.jsonl", "dev_t.jsonl", "dev_u.jsonl", "dev_v.jsonl", "dev_w.jsonl", "dev_x.jsonl", "dev_y.jsonl", "dev_z.jsonl", "dev_za.jsonl", "dev_zb.jsonl", "dev_zc.jsonl", "dev_zd.jsonl", "dev_ze.jsonl", "dev_zf.jsonl", "dev_zg.jsonl", "dev_zh.jsonl", "dev_zi.jsonl", "dev_zj.jsonl", "dev_zk.jsonl", "dev_zl.jsonl", "dev_zm.jsonl", "dev_zn.jsonl", "dev_zo.jsonl", "dev_zp.jsonl", "dev_zq.jsonl", "dev_zr.jsonl", "dev_zs.jsonl", "dev_zt.jsonl", "dev_zu.jsonl", "dev_zv.jsonl", "dev_zw.jsonl", "dev_zx.jsonl", "dev_zy.jsonl", "dev_zz.jsonl", "dev_zza.jsonl", "dev_zzb.jsonl", "dev_zzc.jsonl", "dev_zzd.jsonl", "dev_zze.jsonl", "dev_zzf.jsonl", "dev_zzg.jsonl", "dev_zzh.jsonl", "dev_zzi.jsonl", "dev_zzj.jsonl", "dev_zzk.jsonl", "dev_zzl.jsonl", "dev_zzm.jsonl", "dev_zzn.jsonl", "dev_zzo.jsonl", "dev_zzp.jsonl", "dev_zzq.jsonl", "dev_zzr.jsonl", "dev_zzs.jsonl", "dev_zzt.jsonl", "dev_zzu.jsonl", "dev_zzv.jsonl", "dev_zzw.jsonl", "dev_zzx.jsonl", "dev_zzy.jsonl", "dev_zzz.jsonl", "dev_zzza.jsonl"])
def test_the_development_sets_are_valid_grounded_and_disjoint_from_the_held_out_set(name: str) -> None:
    """The former held-out sets, used for development since: still grounded, and none of their questions
    is in the current held-out set."""
    dev = load_gold(REPO / "eval" / name)
    held = load_gold(REPO / "eval" / "heldout.jsonl")
    assert len(dev) >= (30 if all("persona" in i.tags for i in dev) else 40)  # (a persona probe: 32, 16 per path)
    if all("persona" in i.tags for i in dev):
        assert sum(1 for i in dev if any("Machine Learning Engineering" in g for g in i.lead)) * 2 == len(dev)
    assert_grounded(dev)
    assert not {i.id for i in dev} & {i.id for i in held}
    held_questions = {_asked(i) for i in held}
    assert not [i.id for i in dev if _asked(i) in held_questions]
