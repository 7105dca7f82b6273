"""Career commands: ``rag progress show|mark|next|path|milestone|export|import|profiles``, ``rag quiz``,
``rag interview`` and ``rag plan``. Interactive by default; scriptable through stdin, ``--answers`` and
``--json``. Unknown topics/roles exit 2 with "did you mean"; unknown profiles are created with a note.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from rag.career.profiles import DEFAULT_PROFILE, ProfileStore
from rag.career.roadmap import Roadmap, load_roadmap
from rag.career.suggest import unknown
from rag.errors import InputError
from rag.settings import Settings
from rag.storage import open_profiles

progress_app = typer.Typer(help="Your learning progress: show it, mark topics, see what to learn next.",
                           no_args_is_help=True)

ProfileOpt = typer.Option(DEFAULT_PROFILE, "--profile", "-p", help="Learner profile name (created on first use).")


# --- shared helpers ------------------------------------------------------------------------------
def _context(profile: str) -> tuple[Settings, Roadmap, ProfileStore]:
    settings = Settings()
    roadmap = load_roadmap(settings)
    store = open_profiles(settings)
    if not store.exists(profile):
        hints = store.suggestions(profile)
        store.ensure(profile)
        hint = f" (did you mean: {', '.join(hints)}?)" if hints else ""
        typer.echo(f"note: created new profile '{profile}'{hint}", err=True)
    return settings, roadmap, store


def _emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _read_line(prompt: str) -> str | None:
    """Print a prompt and read one line from stdin (works interactively and piped); None at EOF."""
    typer.echo(prompt, nl=False)
    line = sys.stdin.readline()
    if not line:
        typer.echo("")
        return None
    if not sys.stdin.isatty():  # piped answers: echo them so the transcript reads like a session
        typer.echo(line.rstrip("\n"))
    return line.rstrip("\n")


def _load_answers(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"Answers file {path} does not exist.") from err
    except json.JSONDecodeError as err:
        raise InputError(f"Answers file {path} is not valid JSON ({err.msg} at line {err.lineno}).") from err


# --- rag progress ------------------------------------------------------------------------------
@progress_app.command("show")
def progress_show(
    profile: str = ProfileOpt,
    path: str | None = typer.Option(None, "--path", help="Show this path instead of the profile's."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Percent complete per level and path, quiz scores, milestones."""
    from rag.career.recommend import choose_path, completion

    _, roadmap, store = _context(profile)
    prog = store.load(profile)
    if path:
        chosen = roadmap.find_path(path)
        if chosen is None:
            raise unknown("path", path, [p.title for p in roadmap.paths])
        note = ""
    else:
        chosen, note = choose_path(roadmap, prog)
    comp = completion(roadmap, prog, chosen)
    if as_json:
        _emit_json({
            "profile": profile, "path": chosen.title, "percent": round(comp.percent, 1),
            "levels": [{"level": lc.level.display, "duration": lc.level.duration, "done": lc.done,
                        "in_progress": lc.in_progress, "total": lc.total, "percent": round(lc.percent, 1)}
                       for lc in comp.levels],
            "topics": {k: {"status": s, "date": d} for k, (s, d) in prog.topics.items()},
            "quiz_scores": prog.latest_scores(),
            "milestones": prog.milestones,
        })
        return
    typer.echo(f"Profile '{profile}' — {chosen.title}: {comp.done}/{comp.total} topics ({comp.percent:.0f}%)")
    for lc in comp.levels:
        bar = "#" * round(lc.percent / 10) + "." * (10 - round(lc.percent / 10))
        typer.echo(f"  {lc.level.display:<28} [{bar}] {lc.percent:3.0f}%  ({lc.level.duration})")
        for t in lc.level.topics:
            mark = {"done": "x", "in_progress": "~"}.get(prog.status(t.key) or "", " ")
            typer.echo(f"    [{mark}] {t.title}")
    scores = prog.latest_scores()
    if scores:
        typer.echo("Latest quiz scores:")
        for key, score in scores.items():
            topic = roadmap.topic_by_key(key)
            typer.echo(f"  {topic.title if topic else key}: {score:.0%}")
    if prog.milestones:
        typer.echo(f"Milestones reached: {len(prog.milestones)}")
    if note:
        typer.echo(note)


@progress_app.command("mark")
def progress_mark(
    topic: str = typer.Argument(..., help="Topic title (e.g. 'Vector Databases & Search')."),
    done: bool = typer.Option(False, "--done", help="Mark the topic done."),
    in_progress: bool = typer.Option(False, "--in-progress", help="Mark the topic in progress."),
    clear: bool = typer.Option(False, "--clear", help="Forget the topic's status."),
    profile: str = ProfileOpt,
) -> None:
    """Mark a topic done / in progress (or clear it)."""
    if sum((done, in_progress, clear)) != 1:
        raise InputError("Say exactly one of --done, --in-progress or --clear.")
    _, roadmap, store = _context(profile)
    found = roadmap.find_topic(topic)
    if found is None:
        raise unknown("topic", topic, [t.title for t in roadmap.topics()])
    status = "done" if done else "in_progress" if in_progress else None
    store.mark_topic(profile, found.key, status)  # type: ignore[arg-type]
    shown = {"done": "done", "in_progress": "in progress", None: "cleared"}[status]
    typer.echo(f"{found.title} ({found.path_name}, Level {found.level_number}): {shown} for '{profile}'.")


@progress_app.command("next")
def progress_next(
    profile: str = ProfileOpt,
    n: int = typer.Option(3, "-n", help="How many recommendations."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What to learn next: weak quiz topics, then topics in progress, then the next ones in order."""
    from rag.career.recommend import choose_path, what_next

    _, roadmap, store = _context(profile)
    prog = store.load(profile)
    path, note = choose_path(roadmap, prog)
    recs = what_next(roadmap, prog, path, limit=n)
    if as_json:
        _emit_json({"profile": profile, "path": path.title, "note": note, "recommendations": [
            {"topic": r.topic.title, "level": r.level.display, "duration": r.duration, "reason": r.reason,
             "why": r.why, "subtopics": [s.title for s in r.topic.subtopics],
             "resources": [x.title for x in r.topic.resources], "label": r.topic.label,
             "start_line": r.topic.start_line, "end_line": r.topic.end_line} for r in recs]})
        return
    if note:
        typer.echo(note)
    if not recs:
        typer.echo(f"Every topic of the {path.title} is done. Well done!")
    for i, r in enumerate(recs, start=1):
        typer.echo(f"{i}. {r.topic.title} — {r.level.display} ({r.duration}); {r.why}")
        typer.echo(f"   subtopics: {', '.join(s.title for s in r.topic.subtopics)}")
        if r.topic.resources:
            typer.echo(f"   resources: {', '.join(x.title for x in r.topic.resources)}")
        typer.echo(f"   source: {r.topic.cite()}")


@progress_app.command("path")
def progress_path(path: str = typer.Argument(..., help="Path title or words from it (e.g. 'machine learning')."),
                  profile: str = ProfileOpt) -> None:
    """Choose the path this profile follows."""
    _, roadmap, store = _context(profile)
    found = roadmap.find_path(path)
    if found is None:
        raise unknown("path", path, [p.title for p in roadmap.paths])
    store.set_path(profile, found.title)
    typer.echo(f"Profile '{profile}' now follows the {found.title}.")


@progress_app.command("milestone")
def progress_milestone(
    milestone: str = typer.Argument(..., help="Milestone text (e.g. 'Implement vector search')."),
    undo: bool = typer.Option(False, "--undo", help="Un-mark it."),
    profile: str = ProfileOpt,
) -> None:
    """Record a milestone as reached."""
    from rag.career.roadmap import slug

    _, roadmap, store = _context(profile)
    found = {slug(i.title): (m, s, i) for m in roadmap.milestones for s in m.stages for i in s.items}
    key = slug(milestone)
    if key not in found:
        raise unknown("milestone", milestone, [i.title for _, _, i in found.values()])
    m, stage, item = found[key]
    store.mark_milestone(profile, f"{slug(m.title)}:{slug(stage.title)}:{key}", reached=not undo)
    typer.echo(f"{item.title} ({m.title}, {stage.title}): {'un-marked' if undo else 'reached'} for '{profile}'.")


@progress_app.command("profiles")
def progress_profiles() -> None:
    """List the learner profiles."""
    store = open_profiles(Settings())
    names = store.names()
    typer.echo("\n".join(names) if names else "No profiles yet; `rag progress mark TOPIC --done` creates one.")


@progress_app.command("export")
def progress_export(profile: str = ProfileOpt,
                    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
                    ) -> None:
    """Export a profile as JSON."""
    store = open_profiles(Settings())
    data = json.dumps(store.export(profile), indent=2, ensure_ascii=False)
    if output:
        output.write_text(data + "\n", encoding="utf-8")
        typer.echo(f"Exported profile '{profile}' to {output}.")
    else:
        typer.echo(data)


@progress_app.command("import")
def progress_import(file: Annotated[Path, typer.Argument(help="A JSON file written by `rag progress export`.")],
                    name: str | None = typer.Option(None, "--as", help="Import under another profile name.")) -> None:
    """Import a profile from JSON (replaces a profile of the same name)."""
    store = open_profiles(Settings())
    target = store.import_(_load_answers(file), name=name)
    typer.echo(f"Imported profile '{target}'.")


# --- rag quiz --------------------------------------------------------------------------------------
def quiz_cmd(
    path: str | None = typer.Option(None, "--path", help="Quiz on this path."),
    level: str | None = typer.Option(None, "--level", help="Quiz on this level of --path (number or name)."),
    topic: str | None = typer.Option(None, "--topic", help="Quiz on this topic."),
    n: int = typer.Option(5, "-n", help="Number of questions."),
    seed: int = typer.Option(0, "--seed", help="Random seed (the same seed gives the same quiz)."),
    as_json: bool = typer.Option(False, "--json", help="Print the questions (or, with --answers, the grades) as JSON."),
    answers: Annotated[Path | None, typer.Option(
        "--answers", help='Grade without asking: JSON {"q1": "B", "q2": "FAISS, Pinecone"} or a list.')] = None,
    llm: bool = typer.Option(False, "--llm", help="Reword the questions as scenarios with the LLM (RAG_LLM); grading is unchanged."),
    profile: str = ProfileOpt,
) -> None:
    """A quiz generated from the roadmap; answers are graded with an explanation and a citation."""
    from rag.career.quiz import grade, make_quiz

    settings = Settings()
    roadmap = load_roadmap(settings)
    quiz = make_quiz(roadmap, path=path, level=level, topic=topic, n=n, seed=seed)
    if llm:
        quiz = _reworded(settings, roadmap, quiz)
    if as_json and answers is None:
        _emit_json(quiz.to_json())
        return
    responses: dict[str, str] = {}
    if answers is not None:
        raw = _load_answers(answers)
        if isinstance(raw, list):
            raw = {q.id: a for q, a in zip(quiz.questions, raw, strict=False)}
        if not isinstance(raw, dict):
            raise InputError("--answers must hold a JSON object {question id: answer} or a list of answers.")
        responses = {str(k): str(v) for k, v in raw.items()}
    _, _, store = _context(profile)
    from rag.career.quiz import QuizResult

    result = QuizResult()
    if not as_json:
        typer.echo(f"Quiz: {quiz.scope} ({len(quiz.questions)} questions, seed {seed})")
    for q in quiz.questions:
        if answers is None:
            typer.echo(f"\n{q.id}. {q.prompt}")
            for opt in q.to_json()["options"]:
                typer.echo(f"   {opt}")
            reply = _read_line("your answer: " if q.is_choice else "your answer (free text): ")
            if reply is None:
                break
        else:
            reply = responses.get(q.id, "")
        g = grade(roadmap, q, reply)
        result.grades.append(g)
        if not as_json:
            if answers is not None:
                typer.echo(f"{q.id}. {q.prompt}  → {reply or '(no answer)'}")
            typer.echo(f"   {g.score:.0%}: {g.explanation}")
    if result.grades:
        store.record_quiz(profile, result.topic_scores())
    if as_json:
        _emit_json({"scope": quiz.scope, "score": round(result.score, 3), "topic_scores": result.topic_scores(),
                    "grades": [{"id": g.question.id, "response": g.response, "score": g.score,
                                "explanation": g.explanation, "citation": g.question.to_json()["citation"]}
                               for g in result.grades]})
    else:
        typer.echo(f"\nScore: {result.score:.0%} over {len(result.grades)} questions (saved to profile '{profile}').")


def _reworded(settings: Settings, roadmap: Roadmap, quiz: Any) -> Any:
    from rag.career.quiz import rephrase_with_llm
    from rag.errors import RagError
    from rag.llm.select import select_backend

    try:
        selected = select_backend(settings, None)
    except RagError as err:
        typer.echo(f"note: no LLM ({err}); the questions keep their plain wording.", err=True)
        return quiz
    if selected.chat_model is None:
        typer.echo(f"note: no LLM available ({selected.note}); the questions keep their plain wording.", err=True)
        return quiz
    return rephrase_with_llm(roadmap, quiz, selected.chat_model, settings.prompts_dir)


# --- rag interview -------------------------------------------------------------------------------
def interview_cmd(
    role: str = typer.Option(..., "--role", help="A role from the roadmap's interview section."),
    n: int | None = typer.Option(None, "-n", help="Number of questions (default: all the role's topics)."),
    seed: int | None = typer.Option(None, "--seed", help="Shuffle the questions with this seed."),
    as_json: bool = typer.Option(False, "--json", help="Print the session summary as JSON at the end."),
    profile: str = ProfileOpt,
) -> None:
    """A mock interview: one answer per line on stdin (interactive or piped); feedback cites the roadmap."""
    from rag.career.interview import start_interview

    _, roadmap, store = _context(profile)
    session = start_interview(roadmap, role, n=n, seed=seed)
    typer.echo(f"Mock interview for {session.role.name}: {len(session.questions)} questions. Answer in one line each.")
    while (q := session.current) is not None:
        typer.echo(f"\n{q.id}. {q.prompt}")
        reply = _read_line("> ")
        if reply is None:
            break
        fb = session.answer(reply)
        typer.echo(f"   {fb.text}")
    if not session.feedback:
        typer.echo("No answers given; nothing saved.")
        return
    store.record_interview(profile, session.role.name, session.score, session.to_json())
    typer.echo("\n" + session.summary())
    if as_json:
        _emit_json(session.to_json())


# --- rag plan --------------------------------------------------------------------------------------
def plan_cmd(
    answers: Annotated[Path | None, typer.Option(
        "--answers", help="JSON {question id: answer} or a list, instead of asking.")] = None,
    save: bool = typer.Option(True, "--save/--no-save", help="Make the recommended path the profile's path."),
    as_json: bool = typer.Option(False, "--json", help="Print the recommendation as JSON."),
    profile: str = ProfileOpt,
) -> None:
    """Which path fits you: a few questions (pick a letter or type freely), then a path and a first-month plan.

    Answers are matched by meaning (the embedding model) against each path's topics, projects,
    interview topics and milestones."""
    from rag.career.pathfit import questions, recommend_path

    settings, roadmap, store = _context(profile)
    qs = questions(roadmap)
    given: dict[str, str] | list[str]
    if answers is not None:
        raw = _load_answers(answers)
        if not isinstance(raw, dict | list):
            raise InputError("--answers must hold a JSON object {question id: answer} or a list of answers.")
        given = raw
    else:
        given = {}
        for q in qs:
            typer.echo(f"\n{q.prompt}")
            for i, opt in enumerate(q.options):
                typer.echo(f"   {'ABCDEFGHIJKLMNOP'[i]}) {opt}")
            reply = _read_line("> ")
            if reply is None:
                break
            given[q.id] = reply
    from rag.embeddings import make_embedder

    advice = recommend_path(roadmap, given, embedder=lambda: make_embedder(settings))
    if save:
        store.set_path(profile, advice.path.title)
    if as_json:
        _emit_json(advice.to_json())
        return
    typer.echo(f"\nRecommended: {advice.path.title}")
    typer.echo("Fit by meaning (mean similarity to each path): "
               + ", ".join(f"{k}: {v:.3f}" for k, v in advice.scores.items()))
    if advice.note:
        typer.echo(advice.note)
    for r in advice.reasons:
        typer.echo(f"- {r.text}\n  ({r.source.cite()})")
    if advice.runner_up is not None and advice.contrast:
        wants = ", ".join(u.short or u.title for u in advice.contrast[:2])
        typer.echo(f"This would change if you cared more about {wants} ({advice.runner_up.title}).")
    typer.echo("\nYour first month:")
    for item in advice.plan:
        typer.echo(f"  {item.when}: {item.title} — {', '.join(item.details)}")
        if item.resources:
            typer.echo(f"     resources: {', '.join(item.resources)}")
        typer.echo(f"     ({item.source.cite()})")
    if save:
        typer.echo(f"\nSaved: profile '{profile}' now follows the {advice.path.title}.")


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")
    app.command("quiz")(quiz_cmd)
    app.command("interview")(interview_cmd)
    app.command("plan")(plan_cmd)
