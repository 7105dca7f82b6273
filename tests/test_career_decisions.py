"""Career decisions in the chat (issue 16): which path fits me, how long until, what before, am I ready.

Matching is deterministic and needs the learner to speak about themselves or a decision, so ordinary
roadmap questions still go to retrieval. Answers lead with one prose sentence naming the choice, then
2-4 reasons each citing a tree node, then one sentence saying what would change the recommendation.
The path answers use the real embedding model (the session fixture ``embedder``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest

from rag.career.intents import (
    is_before_question,
    is_how_long_question,
    is_next_question,
    is_path_question,
    is_progress_question,
    is_ready_question,
    make_intent_handlers,
)
from rag.career.profiles import ProfileStore
from rag.career.roadmap import Roadmap, parse_roadmap
from rag.schema import Answer, Turn
from rag.settings import BUNDLED_CORPUS, Settings
from rag.terms import spell_out_shorthand

AI, ML = "AI Integration Engineering Path", "Machine Learning Engineering Path"

PATH_QUESTIONS = [
    "i have a stats background and like understanding why models work. what would u recommend?",
    "i love shipping products, research papers put me to sleep. which of the paths suits that?",
    "i work in devops, mostly aws. which roadmap path makes sense for me?",
    "full stack dev, math was never really my thing. i like shipping products fast. where do i fit?",
    "what direction from this roadmap would u recommend for me?",
    "I have a statistics and mathematics background and I love building models from scratch. Which path fits me better?",
    "I'm a backend dev who likes shipping APIs; which track suits me?",
    "Which path should I choose? I enjoy maths.",
    "which path should I pick as a data analyst?",
    "Is ML engineering or AI integration better for me? I like APIs.",
    "Should I go for machine learning or AI integration?",
    "Which of the two paths suits me? I write FastAPI services.",
    "Which is better for me, ML or AI integration?",
    "What path would you recommend for someone like me? I love research.",
    "Which path is right for me? I'm a physicist.",
    "Help me choose a path: I build chatbots.",
    "Which path fits my background in statistics?",
    "Which track would suit me best, given that I love building APIs?",
    # a description first, then a short question in the learner's own words
    "im a full stack web dev and i play with the openai api. which roadmap for me",
    "phd student in stats here, cloud deployment sounds boring to me. which way should i go?",
    "I'm a data scientist who loves calculus. Which path is mine?",
    "I wire up microservices at work all day. Which of the two paths?",
    "the models themselves are what i find cool, i dont care about apis. what should i pick?",
]
HOW_LONG_QUESTIONS = [
    "How long until I reach Level 3?",
    "How long is the whole ML path?",  # the whole way: the engine adds up the levels
    "how long does the whole ai integration path take start to finish, realistically?",
    "How long will it take me to become a machine learning engineer?",
    "How long will it take to become an AI integration engineer?",
    "how long until I finish Level 2 of the AI path?",
    "How long until I'm job ready?",
    "How long does it take to become an ML engineer?",
    "How many months until I finish the ML path?",
    "When will I be ready for Level 3?",
    "How long would it take me to reach the advanced level?",
    "How long before I can start Level 2?",
    "how many months do I need to finish the foundation level?",
]
BEFORE_QUESTIONS = [
    "What should I learn before Vector Databases?",
    "What should I learn before MLOps Fundamentals?",
    "What do I need to know before Level 2 of the AI integration path?",
    "Before I start transformers, what should I know?",
    "What should I study before model architecture?",
    "What do I need before the expertise level?",
    "What prerequisites do I need for Training Optimization?",
    "what should I know before a machine learning engineer interview?",
]
READY_QUESTIONS = [
    "Am I ready for Level 2?",
    "Am I ready for a machine learning engineer interview?",
    "Am I ready for Deep Learning Basics?",
    "Am I ready?",
    "am I ready to start MLOps Fundamentals?",
    "Can I start Level 2 yet?",
    "Is it time for me to move on to Level 3?",
    "Do I know enough for the advanced level?",
    "Am I good enough to apply for AI integration jobs?",
]
# ordinary roadmap questions: the handlers must leave them to retrieval
ROADMAP_QUESTIONS = [
    "What comes after the foundation level of the ML path?",
    "Which vector databases should I learn for AI integration?",
    "What do I need to know before starting either path?",  # the common prerequisites passage answers it
    "What should I learn after API Development?",
    "What is in Level 2 of the AI Integration path?",
    "Which resources cover vector databases?",
    "How long does the advanced level take?",
    "What are the next steps in the roadmap?",
    "How far is Level 3 from Level 1?",
    "What progress milestones does the ML path have?",
    "What should I learn first?",
    "What should I learn next in the ML path after Level 1?",
    "Which path covers MLOps?",
    "Which path teaches FAISS?",
    "How long is Level 2 of the ML path?",
    "What are the prerequisites for both paths?",
    "Which level covers transformers?",
    "Is FAISS or Pinecone better for vector search?",
    "Should I use FAISS or Pinecone?",
    "What comes before Level 2?",
    "Which topics come before MLOps Fundamentals?",
    "How long is level 2 of the ML path?",  # one level: the roadmap's own range answers it
    "Which path has more mathematics?",
    "Which interview topics does the AI Integration Engineer role have?",
    "Which one is harder, AI integration or ML engineering?",
    "mlflow or dvc - which one should i pick for the mlops fundamentals bit?",  # "one": a tool, not a path
    "Which track covers deployment pipelines?",
    "Which path fits someone who likes building APIs and deploying things to the cloud?",  # not about the asker
    "I enjoy wiring together search engines and QA systems. Which role matches that?",
]


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return parse_roadmap(BUNDLED_CORPUS)


def _matchers(roadmap: Roadmap) -> dict[str, Callable[[str], bool]]:
    return {
        "path_fit": lambda q: is_path_question(q, roadmap), "how_long": is_how_long_question,
        "before": is_before_question, "ready": is_ready_question, "what_next": is_next_question,
        "progress": is_progress_question,
    }


@pytest.mark.parametrize(("intent", "phrasings"), [
    ("path_fit", PATH_QUESTIONS), ("how_long", HOW_LONG_QUESTIONS), ("before", BEFORE_QUESTIONS),
    ("ready", READY_QUESTIONS),
])
def test_each_intent_matches_its_phrasings_and_only_them(roadmap: Roadmap, intent: str, phrasings: list[str]) -> None:
    matchers = _matchers(roadmap)
    for q in phrasings:
        fired = [name for name, match in matchers.items() if match(q)]
        assert fired == [intent], (q, fired)


def test_roadmap_questions_do_not_match_a_decision(roadmap: Roadmap) -> None:
    matchers = _matchers(roadmap)
    for q in ROADMAP_QUESTIONS:
        fired = [name for name, match in matchers.items() if match(q)]
        # "before starting either path" matches the wording; the handler declines it (no topic/level named)
        assert fired in ([], ["before"]), (q, fired)


def _ask(handlers: Sequence[Callable[..., Answer | None]], question: str, history: Sequence[Turn] = ()) -> Answer | None:
    for handler in handlers:
        answer = handler(question, history)
        if answer is not None:
            return answer
    return None


def first_sentence(answer: str) -> str:
    """Issue 16's rule: the first non-empty line, prose only, without [n] and bold, cut after . ! or ? + space."""
    line = next(x for x in answer.splitlines() if x.strip()).strip()
    if re.match(r"^(?:[-*+]\s|\d+[.)]\s|#)", line) or " › " in line:
        return ""
    line = re.sub(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]", "", line).replace("**", "")
    m = re.search(r"[.!?](?=\s)", line)
    return line[: m.end()] if m else line


def _lead(handlers: Sequence[Callable[..., Answer | None]], question: str, history: Sequence[Turn] = ()) -> str:
    """The first sentence of the handlers' answer, which must exist."""
    answer = _ask(handlers, question, history)
    assert answer is not None, question
    return first_sentence(answer.answer)


def assert_decision_shape(answer: Answer, intent: str) -> tuple[str, list[str], str]:
    """Lead sentence, 2-4 cited reasons, then the 'what would change it' sentence; citations numbered in order."""
    assert answer.backend == "mentor" and not answer.refused and answer.extra["intent"] == intent
    lines = answer.answer.splitlines()
    lead, reasons, change = lines[0], lines[1:-1], lines[-1]
    assert first_sentence(answer.answer), f"first line is not prose: {lead!r}"
    assert not lead.startswith(("-", "#", "*")) and " › " not in lead and "[" not in lead
    assert 2 <= len(reasons) <= 4, answer.answer
    for r in reasons:
        assert r.startswith("- ") and re.search(r"\[\d+\]$", r), r
    assert "would change" in change and not change.startswith("-"), change
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert cited == {c.n for c in answer.citations}
    for c in answer.citations:
        assert c.label.startswith("ai-ml-mastery-roadmap.md › ") and c.text.strip()
    return lead, reasons, change


@pytest.fixture
def handlers_for(make_settings, embedder):  # noqa: ANN001, ANN201
    def _make(profile: str, path: str | None = None, done: Sequence[str] = (),
              quiz: dict[str, float] | None = None) -> tuple[list, Settings]:  # type: ignore[type-arg]
        settings = make_settings()
        roadmap = parse_roadmap(BUNDLED_CORPUS)
        store = ProfileStore(settings.mentor_db)
        store.ensure(profile)
        if path:
            store.set_path(profile, path)
        for title in done:
            store.mark_topic(profile, roadmap.find_topic(title).key, "done")  # type: ignore[union-attr]
        if quiz:
            store.record_quiz(profile, {roadmap.find_topic(t).key: s for t, s in quiz.items()})  # type: ignore[union-attr]
        return make_intent_handlers(settings, profile, embedder=lambda: embedder), settings

    return _make


def test_the_issue_example_gets_a_recommendation_first(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("sam")
    q = "I have a statistics and mathematics background and I love building models from scratch. Which path fits me better?"
    answer = _ask(handlers, q)
    assert answer is not None and answer.retrieved == []
    lead, reasons, change = assert_decision_shape(answer, "path_fit")
    sentence = first_sentence(answer.answer)
    assert sentence.startswith(f"The {ML} fits you better:") and AI not in sentence  # names the choice, only it
    assert any("statistics and mathematics" in r for r in reasons) and any("from scratch" in r for r in reasons)
    assert all("AI Integration" not in c.label for c in answer.citations)
    assert AI in change  # what would change it points at the other path
    assert "It starts with Level 1: Foundation (0-6 months): Advanced Mathematics (Linear algebra" in reasons[-1]
    assert answer.extra["path"] == ML and answer.extra["margin"] > 0


def test_a_backend_developer_gets_the_ai_path(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("bo")
    answer = _ask(handlers, "I'm a backend dev who likes shipping APIs; which track suits me?")
    assert answer is not None
    assert_decision_shape(answer, "path_fit")
    assert first_sentence(answer.answer).startswith(f"The {AI} fits you better")


def test_the_description_may_come_from_earlier_turns(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("cy")
    history: list[Turn] = [
        {"role": "user", "content": "Hi! I studied physics and I spend my weekends training neural networks in PyTorch."},
        {"role": "assistant", "content": "Nice to meet you."},
        {"role": "user", "content": "What is in Level 1 of the AI Integration path?"},
        {"role": "assistant", "content": "API Development, Cloud Platforms and Pre-trained Models [1]."},
    ]
    answer = _ask(handlers, "So which path fits me?", history)
    assert answer is not None
    assert_decision_shape(answer, "path_fit")
    assert answer.extra["from_history"] is True and answer.extra["path"] == ML
    assert "training neural networks in PyTorch" in answer.answer
    assert "Level 1 of the AI Integration path" not in answer.answer  # earlier questions are not self-description


def test_without_a_description_it_asks_for_one(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("di")
    answer = _ask(handlers, "Should I go for machine learning or AI integration?")
    assert answer is not None and answer.extra.get("needs_description") is True
    lead, reasons, _ = assert_decision_shape(answer, "path_fit")
    assert "tell me your background" in lead
    assert any(AI in r for r in reasons) and any(ML in r for r in reasons)


def test_how_long_uses_the_level_ranges_and_the_profile(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("ed")
    answer = _ask(handlers, "How long will it take me to become a machine learning engineer?")
    assert answer is not None
    _, reasons, _ = assert_decision_shape(answer, "how_long")
    assert "about 24 months" in first_sentence(answer.answer) and "Machine Learning Engineer" in first_sentence(answer.answer)
    assert [(c.start_line, c.end_line) for c in answer.citations] == [(123, 150), (151, 178), (179, 206)]
    assert "0-6 months" in reasons[0] and "12-24 months" in reasons[2]
    # the path the question names wins over the profile's path, also without "become"
    handlers, _ = handlers_for("ed1", path=AI)
    answer = _ask(handlers, "how long until I'm job ready as an ML engineer?")
    assert answer is not None and "Machine Learning Engineer" in first_sentence(answer.answer), answer.answer

    handlers, _ = handlers_for("ed3")  # reaching a level: the time until it starts, and its own range, cited
    answer = _ask(handlers, "roughly how long until i hit the expertise level in ml engineering??")
    assert answer is not None
    assert "12 months" in first_sentence(answer.answer) and "12-24 months" in first_sentence(answer.answer), answer.answer
    assert (179, 206) in [(c.start_line, c.end_line) for c in answer.citations]

    handlers, _ = handlers_for("ed2", path=AI, done=["API Development", "Cloud Platforms", "Pre-trained Models"])
    answer = _ask(handlers, "How long until I reach Level 3?")
    assert answer is not None
    assert_decision_shape(answer, "how_long")
    sentence = first_sentence(answer.answer)
    assert sentence.startswith("About 6 months to reach Level 3: Advanced of the AI Integration Engineering Path")
    assert "12 months" in sentence and "3 of the 6 topics" in sentence
    assert answer.extra["months_remaining"] == 6


def test_before_lists_prerequisites_and_earlier_levels(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("fe", path=ML, done=["Advanced Mathematics"])
    answer = _ask(handlers, "What should I learn before MLOps Fundamentals?")
    assert answer is not None
    _, reasons, change = assert_decision_shape(answer, "before")
    sentence = first_sentence(answer.answer)
    assert sentence.startswith("Before MLOps Fundamentals, learn Level 1: Foundation")
    assert "Model Architecture" in sentence and "Training Optimization" in sentence
    labels = [c.label.split(" › ")[-1] for c in answer.citations]
    assert "Common Prerequisites (Both Paths)" in labels and "Level 1: Foundation (0-6 months)" in labels
    assert "ML Fundamentals" in change and "Advanced Mathematics" not in change  # what is left, from the profile

    answer = _ask(handlers, "What should I learn before Advanced Mathematics?")
    assert answer is not None
    assert_decision_shape(answer, "before")
    assert first_sentence(answer.answer).startswith("Before Advanced Mathematics, learn the common prerequisites")


def test_ready_says_yes_or_no_first(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("gu", path=ML, done=["Advanced Mathematics"], quiz={"ML Fundamentals": 0.4})
    answer = _ask(handlers, "Am I ready for Level 2?")
    assert answer is not None
    _, reasons, change = assert_decision_shape(answer, "ready")
    assert first_sentence(answer.answer).startswith("No, not yet ready for Level 2: Advanced ML")
    assert any("40%" in r for r in reasons) and "Deep Learning Basics" in change
    assert answer.extra["ready"] is False

    handlers, _ = handlers_for("gu2", path=ML, done=["Advanced Mathematics", "ML Fundamentals", "Deep Learning Basics"])
    answer = _ask(handlers, "Am I ready for Level 2?")
    assert answer is not None
    assert_decision_shape(answer, "ready")
    assert first_sentence(answer.answer).startswith("Yes, you are ready for Level 2: Advanced ML")
    answer = _ask(handlers, "Am I ready for a machine learning engineer interview?")
    assert answer is not None
    assert_decision_shape(answer, "ready")
    assert first_sentence(answer.answer).startswith("No, not yet ready for a Machine Learning Engineer interview")


def test_every_decision_phrasing_gets_a_well_formed_answer(handlers_for) -> None:  # noqa: ANN001
    """...and the roadmap claim of each reason (Citation.sentences: without the person's quoted words or
    profile clauses) is supported by the passage it cites, by the evaluation's own lexical check."""
    from rag.citations import is_supported

    handlers, _ = handlers_for("hal", path=AI, done=["API Development"])
    checked: list[bool] = []
    for intent, qs in [("path_fit", PATH_QUESTIONS), ("how_long", HOW_LONG_QUESTIONS),
                       ("before", BEFORE_QUESTIONS), ("ready", READY_QUESTIONS)]:
        for q in qs:
            answer = _ask(handlers, q)
            assert answer is not None, q
            assert_decision_shape(answer, intent)
            for c in answer.citations:
                assert c.sentences and all("You said" not in x for x in c.sentences)
                checked.extend(is_supported(x, "\n".join([*c.headings, c.text])) for x in c.sentences)
    assert sum(checked) / len(checked) >= 0.95, f"{sum(checked)}/{len(checked)} supported"


def test_roadmap_questions_go_to_retrieval(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("ivy", path=ML, done=["Advanced Mathematics"])
    for q in ROADMAP_QUESTIONS:
        assert _ask(handlers, q) is None, q


def test_without_an_embedder_path_questions_go_to_retrieval(make_settings) -> None:  # noqa: ANN001
    handlers = make_intent_handlers(make_settings(), "jo")
    assert _ask(handlers, "I love maths. Which path fits me?") is None
    assert _ask(handlers, "How long until I reach Level 3?") is not None


def test_assistant_answers_decisions_from_the_career_engine(shared_services, make_settings) -> None:  # noqa: ANN001
    from rag.chain import Assistant

    settings = make_settings(llm="extractive")
    handlers = make_intent_handlers(settings, "kim", embedder=lambda: shared_services.embedder)
    assistant = Assistant(settings, shared_services.index, intent_handlers=handlers)
    mine = assistant.ask("I'm a backend dev who likes shipping APIs; which track suits me?", backend="extractive")
    assert mine.backend == "mentor" and mine.extra["intent"] == "path_fit"
    hits = shared_services.index.retrieve("API Development FastAPI REST principles API security")
    labels = {h.label for h in hits}
    assert any(c.label in labels for c in mine.citations)  # tree citations carry the index's labels
    ordinary = assistant.ask("Which vector databases should I learn for AI integration?", backend="extractive")
    assert ordinary.backend != "mentor" and ordinary.retrieved


def test_how_long_does_not_answer_a_duration_the_roadmap_never_gives(shared_services) -> None:  # noqa: ANN001
    """'How many weeks before an interview …' names the interviews, not a level, path or role to reach:
    the career engine leaves it to the chain, whose answerability check refuses it (issue 12)."""
    from rag.chain import Assistant
    from rag.services import Services

    services = Services(shared_services.settings)
    answer = services.assistant.ask(
        "How many weeks before an interview should I start preparing the technical topics?", backend="extractive"
    )
    assert answer.backend != "mentor" and answer.refused, answer.answer
    assert isinstance(services.assistant, Assistant)


PATH_LENGTH_QUESTIONS = [
    "do both tracks take the same amount of time? like is the ML one longer than the integration one",
    "how long does each path take?",
    "does the ml path take longer than ai integration?",
    "which path is shorter?",
]


def test_the_paths_lengths_compared_come_from_each_paths_last_level(handlers_for) -> None:  # noqa: ANN001
    """Found on a fresh set: "do both tracks take the same amount of time?" was refused ("doesn't mention
    tracks amount"). Each path ends where its last level's range ends; both end at 24 months."""
    from rag.career.intents import is_path_lengths_question

    handlers, _ = handlers_for("len", path=AI)
    for q in PATH_LENGTH_QUESTIONS:
        answer = _ask(handlers, q)
        assert answer is not None, q
        lead, reasons, _ = assert_decision_shape(answer, "path_lengths")
        # ("do both tracks take the same amount of time?" is a yes/no: "Yes, both paths take the same time: …")
        assert re.match(r"(?:Yes, both|No, both|Both) paths take the same time", first_sentence(answer.answer)), answer.answer
        assert "24 months" in first_sentence(answer.answer)
        assert all("12-24 months" in r for r in reasons)
        assert sorted((c.start_line, c.end_line) for c in answer.citations) == [(93, 120), (179, 206)], answer.citations
    # one level of each path is a level question, left to retrieval
    assert not is_path_lengths_question("how long is level 2 of each path?")
    assert not is_path_lengths_question("is FAISS faster than Pinecone?")


def test_likes_and_wants_then_where_should_i_go_ask_which_path(handlers_for) -> None:  # noqa: ANN001
    """"…i want to be the one who builds and trains them… where should i go from here?" asks which path;
    "i finished level 1, where should i go from here?" asks for the next topic."""
    handlers, _ = handlers_for("onward")
    answer = _ask(handlers, "im a data analyst, mostly sql + pandas. what bugs me about the off-the-shelf models we use at "
                            "work is i cant see inside them, i want to be the one who builds and trains them, not just "
                            "calls them. where should i go from here?")
    assert answer is not None and answer.extra["intent"] == "path_fit", answer.answer
    assert first_sentence(answer.answer).startswith("The Machine Learning Engineering Path fits you"), answer.answer
    answer = _ask(handlers, "i finished level 1 of the ai integration path, where should i go from here?")
    assert answer is not None and answer.extra["intent"] != "path_fit", answer.answer
    # a place to talk to people is no next topic (found on the twelfth session's sets)
    assert not is_next_question("where should i go online to talk to other ppl learning this stuff? any communities listed")
    assert is_next_question("where should i go next?")
    # "what do you suggest?" after likes and wants asks the same (found on a fresh set)
    answer = _ask(handlers, "i work as a cloud / devops engineer on aws, deploying services, load balancers, monitoring "
                            "etc. I want to move into AI but building search and QA systems on top of existing models "
                            "sounds way more fun than training models. what do you suggest?")
    assert answer is not None and answer.extra["intent"] == "path_fit", answer.answer
    assert first_sentence(answer.answer).startswith("The AI Integration Engineering Path fits you"), answer.answer
    # "which of the two paths is made for someone like me?" and "wich path?" ask the same
    answer = _ask(handlers, "did a pure maths degree (tons of linear algebra + optimization), and honestly my favourite "
                            "thing is deriving backprop by hand and reimplementing papers off arxiv. long term i'd love "
                            "to publish something. which of the two paths is made for someone like me?")
    assert answer is not None and answer.extra["intent"] == "path_fit", answer.answer
    assert first_sentence(answer.answer).startswith("The Machine Learning Engineering Path fits you"), answer.answer
    # more ways of asking the same after a self-description (found on the nineteenth fresh set)
    for question, path in [
        ("i did a masters in applied stats and i enjoy deriving gradients by hand and training my own models. i really "
         "dont enjoy web/devops stuff. which of the two tracks is the better fit for me?", "Machine Learning Engineering"),
        ("Kaggle grinder, I tune hyperparameters and build CNNs every weekend; gluing third-party APIs together bores "
         "me. Where should I focus?", "Machine Learning Engineering"),
        ("math teacher, calculus is my comfort zone. i wanna train CNN/RNN models myself instead of calling someone "
         "elses model through an api. which one's for me", "Machine Learning Engineering"),
        ("i connect systems together at work and i'd love to build QA systems and semantic search over our docs with "
         "pretrained models. no research grind for me. which of these two should i follow?", "AI Integration Engineering"),
        # found on the twentieth fresh set: typed shorthand, "would you recommend", "lines up with that"
        ("ok so im a high school math teacher thinking about switching careers lol. i want to understand how neural "
         "nets actually learn (backprop, activation functions) and build my own custom models. whcih of the 2 "
         "routes wud u recommend", "Machine Learning Engineering"),
        ("Our team wants a document Q&A feature built on embeddings and a vector DB, and customers keep asking "
         "about API security and data privacy. I want to lead projects like that end to end, not doing research. "
         "Which path lines up with that?", "AI Integration Engineering"),
        # the broad reading reaches the handler (found on the twenty-first fresh set: its pre-filter dropped it)
        ("I taught high-school physics and I read arxiv papers on weekends for fun; my dream is to publish "
         "something of my own. Shipping apps doesn't excite me much. Of the two tracks, which should I follow?",
         "Machine Learning Engineering"),
        ("im a physics phd, i enjoy deriving things and reading papers. ml or integration?", "Machine Learning Engineering"),
        ("I did a stats minor, but what I really want to do day to day is build systems: vector search, caching, "
         "microservices, getting stuff deployed on the cloud. Math is fine but not my passion. What fits me?",
         "AI Integration Engineering"),
        ("I'm a backend dev, but I'm sick of building endpoints all day. I want to understand backprop, train CNNs "
         "and RNNs myself and design my own architectures. Where should I go?", "Machine Learning Engineering"),
        # the twelfth session's sets: "where do I belong?", a chore is a dislike, models "that already exist" are
        # pre-trained ones, "hook them up", a bare role before "but" is who, not what they want
        ("I set cryptic crosswords for a living. I'm the type who will happily spend a fortnight fiddling with one "
         "parameter until it's perfect, and I read arXiv abstracts on the bus. Where do I belong?", "Machine Learning Engineering"),
        ("i only get maybe 5 hours a week after the kids are asleep. what i enjoy in that time is fiddling with my own "
         "models on kaggle datasets, changing the training setup, trying optimisation tricks and squeezing out a bit "
         "more accuracy. wiring up APIs and servers feels like a chore to me. which track?", "Machine Learning Engineering"),
        ("I'm a nurse working shifts so I have maybe 4 hours a week at most. I don't want to train models from scratch - "
         "I'd like to take models that already exist and plug them into a small tool that searches our ward's "
         "protocols and answers staff questions. Which path is right for me?", "AI Integration Engineering"),
        ("i'm a data journalist at a regional newspaper. my dream project is a tool where reporters can ask questions of "
         "our 30 years of archives and get answers with links back to the articles. i'm fine using existing models, i "
         "just need to hook them up, put search on top, deploy it somewhere and keep it running for the newsroom. i "
         "have zero interest in training stuff myself. which path is that?", "AI Integration Engineering"),
        ("I'm a researcher, but in the digital humanities: I have an archive of some 40,000 scanned letters and I want "
         "to build a search engine where people can search them by meaning, using embeddings from off-the-shelf "
         "models, and serve it as an API a museum could host. I'm not trying to push modelling forward, I just want a "
         "solid working tool. Which of the two paths suits me?", "AI Integration Engineering"),
        ("Full stack web dev at a small startup. My boss wants a chatbot that answers questions over our docs using "
         "existing LLM APIs plus some kind of vector search. I actually enjoy system design, caching, microservices - not "
         "so into training models from scratch. What would you do in my shoes?", "AI Integration Engineering"),
        # found reading ten fresh learner questions after the last round: "models other people trained" are pre-trained
        ("i'm a pharmacist, 34, decent at stats. honestly i just want to build tools that use models other people "
         "trained. which path?", "AI Integration Engineering"),
    ]:
        answer = _ask(handlers, spell_out_shorthand(question))  # (the chain spells shorthand out before any handler)
        assert answer is not None and answer.extra["intent"] == "path_fit", (question, answer and answer.answer)
        assert first_sentence(answer.answer).startswith(f"The {path} Path fits you"), answer.answer
    # a bare "path?" after the self-description asks the same
    answer = _ask(handlers, "im a grad student, i like reading arxiv papers and reimplementing them and id like to "
                            "publish someday. path?")
    assert answer is not None and answer.extra["intent"] == "path_fit", answer.answer
    assert first_sentence(answer.answer).startswith("The Machine Learning Engineering Path fits you"), answer.answer


def test_dislikes_in_learner_words_and_what_would_u_pick(handlers_for) -> None:  # noqa: ANN001
    """Found on a fresh set: "heavy math makes my eyes glaze over" counted *for* the ML path, and "what would
    u pick for me" after "not into glue code …, id much rather train models myself" was not a path question."""
    handlers, _ = handlers_for("glaze")
    answer = _ask(handlers, "backend dev for 4 yrs, mostly python services and postgres. i like shipping product fast "
                            "and hooking up llm apis, but heavy math makes my eyes glaze over. which path?")
    assert answer is not None and first_sentence(answer.answer).startswith("The AI Integration Engineering Path"), answer.answer
    # a like and a dislike joined by "and" are two statements; "hates" is a dislike like "hate"
    answer = _ask(handlers, "im a frontend dev who loves shipping features and hates calculus, which path?")
    assert answer is not None and first_sentence(answer.answer).startswith("The AI Integration Engineering Path"), answer.answer
    answer = _ask(handlers, "not into glue code or wiring up other ppl's apis, id much rather train models myself and "
                            "maybe publish research someday. what would you pick for me")
    assert answer is not None and first_sentence(answer.answer).startswith("The Machine Learning Engineering Path"), answer.answer


def test_how_long_start_to_finish_names_the_path_or_leaves_a_course_to_retrieval(handlers_for) -> None:  # noqa: ANN001
    handlers, _ = handlers_for("sf", path=AI)
    answer = _ask(handlers, "how long does it take to finish the ml path start to finish?")
    assert answer is not None and "Machine Learning Engineering Path" in first_sentence(answer.answer), answer.answer
    assert _ask(handlers, "roughly how long is the fast.ai course start to finish? hours wise") is None


def test_one_path_as_a_whole_is_its_levels_in_order(handlers_for, roadmap: Roadmap) -> None:  # noqa: ANN001
    """"what does the ml engineering path cover?" answered with Level 3's Production ML (the words "ML" and
    "path" are in every passage); a path asked about as a whole is its levels, each with its time and topics."""
    from rag.career.intents import is_path_overview_question

    handlers, _ = handlers_for("whole")
    for question, path in [("what does the ml engineering path cover?", "Machine Learning Engineering Path"),
                           ("tell me about the ai integration path", "AI Integration Engineering Path"),
                           ("what's in the integration track overall?", "AI Integration Engineering Path"),
                           ("what's the ml path?", "Machine Learning Engineering Path"),
                           ("hey so whats actually in the integration track, like the whole thing?",
                            "AI Integration Engineering Path")]:
        answer = _ask(handlers, question)
        assert answer is not None and answer.extra["intent"] == "path_overview", (question, answer)
        lead = first_sentence(answer.answer)
        assert lead.startswith(f"The {path} has 3 levels over about 24 months: Level 1: Foundation (0-6 months)"), lead
        assert len({c.label for c in answer.citations}) == 3 and all(path in c.label for c in answer.citations)
    # a part of a path, both paths, or no path named: not this answer
    for question in ["what does the ml path cover in level 2?", "What is in Level 2 of the AI Integration path?",
                     "what do both paths cover?", "what does the roadmap cover?"]:
        assert not is_path_overview_question(question, roadmap), question
    # "whats the best path?" is about the asker: it asks for a description instead of ranking the paths
    answer = _ask(handlers, "whats the best path?")
    assert answer is not None and answer.extra["intent"] == "path_fit", answer
    assert first_sentence(answer.answer).startswith("I need to know a little about you"), answer.answer


# a self-description closed by a path question in any words (the broad reading, after the set phrasings)
PATH_ASKED_IN_OTHER_WORDS = [
    "I'm a nurse who got into python during lockdown. I like the idea of plugging chatgpt-style models into "
    "hospital software. Which direction should I head in?",
    "stats grad here, love proofs and optimization. what route makes sense?",
    "backend dev, 5 yrs of java. want to add AI features to our product. which track is more my thing?",
    "im a physics phd, i enjoy deriving things and reading papers. ml or integration?",
    "I love math and want to design new neural network architectures. Which roadmap path would you point me to?",
    "i do devops at a bank, kubernetes all day. where do i fit best, ml engineering or ai integration?",
    "data engineer here, mostly pipelines and sql. which of the paths aligns best with my experience?",
    "I enjoy research and experiments more than shipping products. Which path is a better match?",
    "Former teacher, strong in math, want to build models myself. Which path should I be on?",
    "I'm a CS student who loves reading arxiv papers. What path do you think I should take?",
    "As a data scientist who loves tuning models, which path should I pursue?",
    "im a designer turned frontend dev, i want to build ai powered products without heavy math. any "
    "recommendation on the path?",
    # described without "I" ("math grad here, v comfy w/ …"), "where do i fit best in this roadmap"
    "math grad here, v comfy with calculus + optimization, kinda allergic to api plumbing and microservices lol. dream "
    "job = r&d, training novel architectures. which way do i go??",
    "research assistant in a uni lab here. comfy with linear algebra and optimization theory, really curious about "
    "meta-learning. cloud deployment is not my thing at all. where do i fit best in this roadmap",
    # found on the eleventh session's sets: "where should I go?" after likes and wants
    "economics student, strong in probability. I'd rather train my own neural nets than call somebody else's model "
    "through an API. where should I go?",
    "I work as a data analyst in a biology lab, comfortable with linear algebra and stats. My dream is designing new model "
    "architectures. Where should I start, which route?",
]
# path words in questions about what a path holds, how long it is, or a choice between other things
NOT_A_PATH_CHOICE = [
    "which path has mlflow and dvc in it", "which path covers vector databases?", "which path is longer?",
    "I want to learn transformers, which level of the ml path covers them?", "which track teaches fastapi?",
    "what's the difference between the two paths?", "i'm confused, what does the ml path cover?",
    "I want to become an ML engineer. How long does the path take?", "mlflow or dvc - which one should i pick?",
    "which of these resources should i start with, im a beginner",
    "I'm a beginner, which one of the courses should I take?",
    "i'm on the integration path, what is the best way to learn fastapi?",
    "im in the ai integration path, which option is better for vector search, faiss or pinecone?",
    "what are the options for learning NLP in the integration path? i'm new",
    "which cloud provider is best for me, aws or gcp?",
    # found when the broad reading first reached the handler: questions with "i" in them are no self-description
    "should i learn langchain as part of the ai integration path?",
    "which online communities does the roadmap tell me to join?", "what is this roadmap even about? like what does it cover",
    "is docker something i need no matter which path i choose?",
    "whats the typical salary for an AI integration engineer vs an ML engineer? wanna know which pays more",
    "which path has more math, ml or integration?",
    "vector databases come up as an interview topic for which role, integration or ml engineer? trying to focus my prep",
    # found on the eleventh session's sets: the paths compared on what the roadmap never weighs; "which one?" about a
    # book; "where should i go?" after saying what is done (the next topic)
    "which of the two paths makes it easier to get hired as a beginner - integration or ML engineering?",
    "Which path does the roadmap consider harder, ML engineering or AI integration? I'm a chemist, not a coder.",
    "Which edition of the Goodfellow Deep Learning book should I buy, the roadmap lists it but which one?",
    "i finished level 1 of the integration path, where should i go?",
    "For the cloud platforms bit it says AWS/GCP/Azure. Which one of the three should I actually pick as a total beginner?",
]


@pytest.mark.parametrize("question", PATH_ASKED_IN_OTHER_WORDS)
def test_a_path_asked_for_in_other_words_is_a_path_question(roadmap: Roadmap, question: str) -> None:
    assert is_path_question(question, roadmap)


@pytest.mark.parametrize("question", NOT_A_PATH_CHOICE)
def test_what_a_path_holds_or_a_choice_of_other_things_is_not_a_path_question(roadmap: Roadmap, question: str) -> None:
    assert not is_path_question(question, roadmap)


def test_how_many_levels_and_the_total_time_are_answered_from_the_paths(handlers_for) -> None:  # noqa: ANN001
    """Found reading answers: "how many levels does each path have?" got Next Steps, and "whats the total time
    for the ml engineer route start to finish" got Level 1's topics."""
    handlers, _ = handlers_for("count")
    answer = _ask(handlers, "how many levels does each path have?")
    assert answer is not None and answer.extra["intent"] == "path_overview", answer and answer.answer
    assert first_sentence(answer.answer).startswith("Each path has 3 levels over about 24 months"), answer.answer
    answer = _ask(handlers, "how many stages in the integration track")
    assert answer is not None and first_sentence(answer.answer).startswith("The AI Integration Engineering Path has 3 levels")
    assert _ask(handlers, "how many stages does it take to get hired") is None  # no path: not the paths' structure
    answer = _ask(handlers, "whats the total time for the ml engineer route start to finish")
    assert answer is not None and "24 months" in first_sentence(answer.answer), answer and answer.answer
    assert "Machine Learning Engineering Path" in first_sentence(answer.answer)


def test_finished_levels_listed_then_whats_left(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-first fresh set: "I've wrapped up levels 1 and 2 of the integration track. what's left
    for me to cover?" listed Level 2's topics; "levels 1 and 2" count as done and "what's left" asks onward."""
    handlers, _ = handlers_for("left")
    answer = _ask(handlers, "I've wrapped up levels 1 and 2 of the integration track. what's left for me to cover?")
    assert answer is not None and answer.extra["intent"] == "what_next", answer and answer.answer
    assert first_sentence(answer.answer).startswith("Learn Performance Optimization next (Level 3"), answer.answer


def test_milestones_said_done_place_the_learner(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-third fresh set: "havent done vector search yet. am i done w/ the integration beginner
    milestones?" and "… I've put together a training pipeline. Where does that leave me milestone-wise?" only
    listed the Beginner Milestones. What the person says they have done (or not yet) is held against the path's
    milestones by shared words."""
    handlers, _ = handlers_for("ms")
    answer = _ask(handlers, "ok so i've deployed a cloud function and put a pretrained model behind a basic API. "
                            "havent done vector search yet. am i done w/ the integration beginner milestones?")
    assert answer is not None and answer.extra["intent"] == "milestones", answer and answer.answer
    assert first_sentence(answer.answer).startswith("No: Implement vector search is still open in the Beginner "
                                                    "Milestones of the AI Integration Engineering Path"), answer.answer
    answer = _ask(handlers, "So I've implemented a few basic models (linear regression, decision trees), I can train "
                            "a CNN and an RNN, and I've put together a training pipeline. Where does that leave me "
                            "milestone-wise on the ML side?")
    assert answer is not None and answer.extra["intent"] == "milestones", answer and answer.answer
    lead = first_sentence(answer.answer)
    assert lead.startswith("You have done the Beginner Milestones of the Machine Learning Engineering Path"), lead
    assert "next are the Intermediate Milestones: Train custom architecture" in lead
    answer = _ask(handlers, "I've deployed a cloud function, a basic API with a pre-trained model and vector search. "
                            "am I done with the beginner milestones?")
    assert answer is not None and first_sentence(answer.answer).startswith("Yes: you have done all of the Beginner")
    # asking what the milestones are, or nothing said about them, is not this question
    assert _ask(handlers, "what are the beginner milestones for the ml path?") is None
    assert _ask(handlers, "I've been learning for a year. where am I on the milestones?") is None


def test_finished_then_the_next_chunk_asks_onward(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-third fresh set: "Finished integration Level 1 — … What's the next chunk I tackle?"
    described Cloud Platforms: "what's the next chunk/step/topic" after something finished asks onward."""
    handlers, _ = handlers_for("chunk")
    answer = _ask(handlers, "Finished integration Level 1 — FastAPI, cloud basics and Hugging Face all done. "
                            "What's the next chunk I tackle?")
    assert answer is not None and answer.extra["intent"] == "what_next", answer and answer.answer
    assert first_sentence(answer.answer).startswith("Learn Vector Databases & Search next (Level 2"), answer.answer


def test_how_to_become_one_role_is_its_path_as_a_whole(handlers_for) -> None:  # noqa: ANN001
    """"what are the steps to become an ml engineer?" got the Model Architecture topic; becoming the role of one
    path is that path, level by level."""
    handlers, _ = handlers_for("become")
    for question, path in [("what are the steps to become an ml engineer?", "Machine Learning Engineering Path"),
                           ("how do i become an AI integration engineer?", "AI Integration Engineering Path")]:
        answer = _ask(handlers, question)
        assert answer is not None and answer.extra["intent"] == "path_overview", answer and answer.answer
        assert first_sentence(answer.answer).startswith(f"The {path} has 3 levels"), answer.answer
    assert _ask(handlers, "Do I need a master's degree to become an ML engineer?") is None  # not the path's levels


def test_a_time_budget_and_when_a_topic_shows_up(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-fourth fresh set: "half a year free … how far through the ML track can I get?" and "how
    far into the integration route do I get before vector DBs show up?" got a topic's resources or a refusal."""
    handlers, _ = handlers_for("budget")
    answer = _ask(handlers, "I've got roughly half a year free before my new job starts. How far through the ML track "
                            "can I realistically get in that window?")
    assert answer is not None and answer.extra["intent"] == "budget", answer and answer.answer
    assert first_sentence(answer.answer).startswith("In 6 months you can get through Level 1: Foundation (0-6 months) "
                                                    "of the Machine Learning Engineering Path"), answer.answer
    answer = _ask(handlers, "with about 4 months to spare, where on the ML path would I end up?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "In 4 months you get into Level 1: Foundation of the Machine Learning Engineering Path"), answer and answer.answer
    answer = _ask(handlers, "I have 9 months. how far into the integration path do I get?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "In 9 months you reach Level 2: Integration of the AI Integration Engineering Path (6-12 months), 3 months into"), answer.answer
    answer = _ask(handlers, "Time-wise, how far into the integration route do I get before vector DBs show up?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "Vector Databases & Search comes in Level 2: Integration of the AI Integration Engineering Path, which runs "
        "6-12 months: about 6 months in"), answer.answer


def test_which_of_two_comes_first_is_yes_or_no(handlers_for) -> None:  # noqa: ANN001
    """"do i have to get through the spaCy course before i start on the FastAPI stuff?" said "Yes" about FastAPI."""
    handlers, _ = handlers_for("order")
    answer = _ask(handlers, "do i have to get through the spaCy course before i start on the FastAPI stuff?")
    assert answer is not None and answer.extra["intent"] == "order", answer and answer.answer
    assert first_sentence(answer.answer).startswith("No: the roadmap puts spaCy course (NLP Integration) in Level 2"), answer.answer
    answer = _ask(handlers, "should I learn calculus before I start on model architecture?")
    assert answer is not None and first_sentence(answer.answer).startswith("Yes: the roadmap puts calculus"), answer.answer
    answer = _ask(handlers, "should I finish the MLOps fundamentals before model architecture?")  # one level: topic order
    assert answer is not None and first_sentence(answer.answer) == (
        "No: both are in Level 2: Advanced ML (6-12 months), where the roadmap lists MLOps Fundamentals as topic 3 and "
        "Model Architecture as topic 1."), answer.answer
    # "which do I hit first, X or Y?" (found on the eleventh session's sets: refused as a ranking)
    answer = _ask(handlers, "freelance translator here. in the ML engineering path, which do I hit first: deep learning "
                            "basics or the MLOps fundamentals?")
    assert answer is not None and first_sentence(answer.answer).startswith("Start with deep learning basics"), answer and answer.answer


def test_what_is_missing_from_a_level_after_what_was_done(handlers_for) -> None:  # noqa: ANN001
    """"I did linear algebra + calc and the supervised/unsupervised learning stuff. anything else I'm missing before
    moving up from the ML foundation stage?" listed the whole level; the subtopics not said done answer."""
    handlers, _ = handlers_for("gaps")
    answer = _ask(handlers, "I did linear algebra + calc and the supervised/unsupervised learning stuff. anything else "
                            "I'm missing before moving up from the ML foundation stage?")
    assert answer is not None and answer.extra["intent"] == "gaps", answer and answer.answer
    assert first_sentence(answer.answer) == (  # ("anything else …?" asks yes or no)
        "Yes, still to do in Level 1: Foundation of the Machine Learning Engineering Path (0-6 months): Optimization theory "
        "(Advanced Mathematics), Model evaluation (ML Fundamentals) and Deep Learning Basics (Neural networks, "
        "Backpropagation and Activation functions)."), answer.answer
    assert _ask(handlers, "anything else I'm missing?") is None  # nothing said done: not this question
    answer = _ask(handlers, "I covered FAISS and Pinecone. what else is left in level 2 of the integration path?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "Still to do in Level 2: Integration of the AI Integration Engineering Path (6-12 months): Weaviate"), answer and answer.answer


def test_what_was_done_in_the_persons_verbs_then_whats_left_or_next(handlers_for) -> None:  # noqa: ANN001
    """"So far I've built FastAPI endpoints, deployed a cloud function and played with the OpenAI API and HF
    transformers. What's still left on the integration route?" was refused ("HF"); "Just wrapped up neural nets,
    backprop and activation functions. What's the very next thing on the ML track?" repeated Deep Learning Basics."""
    handlers, _ = handlers_for("left2")
    answer = _ask(handlers, "So far I've built FastAPI endpoints, deployed a cloud function and played with the OpenAI "
                            "API and HF transformers. What's still left on the integration route?")
    assert answer is not None and answer.extra["intent"] == "what_next", answer and answer.answer
    lead = first_sentence(answer.answer)
    assert lead.startswith("Still left on the AI Integration Engineering Path: Level 2: Integration"), lead
    assert "Level 3: Advanced" in lead
    answer = _ask(handlers, "Just wrapped up neural nets, backprop and activation functions. What's the very next "
                            "thing on the ML track?")
    assert answer is not None and first_sentence(answer.answer).startswith("Learn Model Architecture next (Level 2"), answer.answer
    answer = _ask(handlers, "What am I meant to have covered before I touch vector databases on the integration side?")
    assert answer is not None and "Level 1: Foundation" in first_sentence(answer.answer), answer and answer.answer
    answer = _ask(handlers, "Before I even open the FastAPI docs, what should already be under my belt?")
    assert answer is not None and "common prerequisites" in first_sentence(answer.answer), answer and answer.answer
    answer = _ask(handlers, "i can code up basic models and ive trained a cnn, but havent built a training pipeline "
                            "yet. have i hit the beginner milestones for the ML side?")
    assert answer is not None and first_sentence(answer.answer).startswith("No: Build training pipeline is still open")


def test_readiness_from_what_the_person_says_they_have(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-fifth fresh set: "python/git/sql/DSA: solid … But I've never used docker and never really
    touched APIs. Am I good to start level 1?" was refused ("DSA"); the statements are held against the common
    prerequisites (and the earlier levels' subtopics)."""
    handlers, _ = handlers_for("said-ready")
    answer = _ask(handlers, "python/git/sql/DSA: solid. linear algebra, probability, stats, a bit of calc: fine. I "
                            "basically live in vs code and the terminal. But I've never used docker and never really "
                            "touched APIs. Am I good to start level 1?")
    assert answer is not None and answer.extra["intent"] == "ready", answer and answer.answer
    assert first_sentence(answer.answer).startswith("No, not yet: the roadmap puts Docker basics and API concepts "
                                                    "(Development Tools) before Level 1"), answer.answer
    answer = _ask(handlers, "am i ready for level 2?")  # nothing said: the profile answers
    assert answer is not None and "none of the 3 topics it builds on is done" in first_sentence(answer.answer)


def test_more_shapes_of_the_fresh_sets_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-fifth fresh set: "where wuold that leave me" with "18 monts", "what milestone tier is that
    and what's the next bar?", "what's still left before I can call stage one done?", "where should I head from
    here?" after likes, and the whole path's length naming its last level's range."""
    handlers, _ = handlers_for("shapes25")
    from rag.terms import spell_out_shorthand  # (the chain spells shorthand out before any handler reads it)

    answer = _ask(handlers, spell_out_shorthand("i can comit roughly 18 monts to the ML side b4 i need a job. where "
                                                "wuold that leave me on the roadmap?"))
    assert answer is not None and first_sentence(answer.answer).startswith(
        "In 18 months you reach Level 3: Expertise of the Machine Learning Engineering Path (12-24 months)"), answer and answer.answer
    answer = _ask(handlers, "at work last quarter I shipped a QA system to prod, got a multi-model pipeline running, and "
                            "designed the scalable architecture around it. what milestone tier is that and what's the next bar?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "You have done the Intermediate Milestones of the AI Integration Engineering Path"), answer and answer.answer
    assert "next are the Advanced Milestones" in first_sentence(answer.answer)
    answer = _ask(handlers, "so on the ml foundation stage I've ground through the linear algebra/calc/optimization part "
                            "and did supervised + unsupervised + model eval. what's still left before I can call stage one done?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "Still to do in Level 1: Foundation of the Machine Learning Engineering Path (0-6 months): Deep Learning Basics"), answer and answer.answer
    answer = _ask(handlers, "I took Andrew Ng's course years ago and actually liked it, but calculus genuinely kills me. "
                            "My happiest moments at work have been building search features and hooking chatbots up for "
                            "customers. where should I head from here?")
    assert answer is not None and answer.extra["intent"] == "path_fit", answer and answer.answer
    assert first_sentence(answer.answer).startswith("The AI Integration Engineering Path fits you")
    answer = _ask(handlers, "if I grind through every single level of the ML track, how long end to end are we talking?")
    assert answer is not None and "Level 3: Expertise, runs 12-24 months" in first_sentence(answer.answer), answer and answer.answer


def test_twenty_sixth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-sixth fresh set: milestones claimed without "I" ("did basic models, trained a cnn …"), "the
    part ive never touched is anything mathy. am i good to jump into level 1", "what's the last chunk i still need",
    and one course's length asked with the topic named too."""
    handlers, _ = handlers_for("shapes26")
    answer = _ask(handlers, "did basic models, trained a cnn and an rnn, and built a training pipeline for them. which "
                            "milestones am i aiming for next on the ML side")
    assert answer is not None and "next are the Intermediate Milestones: Train custom architecture" in first_sentence(answer.answer)
    answer = _ask(handlers, "my setup: strong python, git daily, sql at work, grinded leetcode for DSA, i live in vs code + "
                            "terminal, know docker and how apis work. the part ive never touched is anything mathy. am i "
                            "good to jump into level 1 or is something still missing")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "No, not yet: the roadmap puts Basic linear algebra"), answer and answer.answer
    assert "(Mathematics & Statistics)" in first_sentence(answer.answer)
    answer = _ask(handlers, "on the model-building path, stage one: i've done the linear algebra/calc/optimization block "
                            "and the supervised vs unsupervised + eval block. what's the last chunk i still need before moving up?")
    assert answer is not None and "Deep Learning Basics" in first_sentence(answer.answer), answer and answer.answer
    assert _ask(handlers, "how long does the spaCy course take start to finish? trying to plan my weekends around it "
                          "during the NLP integration part") is None  # one course: the chain refuses


def test_twenty_seventh_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-seventh fresh set: readiness from work in the level before the one asked about (and what
    that level holds), "I'm wrapping up X. what comes right after that?", "what's still left from the beginner
    milestones", "what milestones come next", and a dislike in the learner's words ("sounds miserable")."""
    handlers, _ = handlers_for("shapes27")
    answer = _ask(handlers, "I've done CNNs/RNNs, hyperparameter tuning and MLflow experiment tracking. am I ready for "
                            "level 3 and what's in it?")
    assert answer is not None and answer.extra["intent"] == "ready", answer and answer.answer
    lead = first_sentence(answer.answer)
    # the ML path (what was done), the earlier work counted done, and what is still open in Level 2
    assert lead.startswith("Almost: you cover 28 of the 30 things the roadmap puts before Level 3: Expertise of the "
                           "Machine Learning Engineering Path"), answer.answer
    assert "Model versioning and Training pipelines" in lead
    assert "Advanced Topics, Research & Development and Production ML" in answer.answer  # "what's in it"
    answer = _ask(handlers, "I'm wrapping up microservices, gateway patterns and caching from the system design section. "
                            "what comes right after that?")
    assert answer is not None and first_sentence(answer.answer).startswith("Learn Performance Optimization next"), answer and answer.answer
    answer = _ask(handlers, "so far I've built a basic api around a pretrained model and deployed a cloud function. "
                            "what's still left from the beginner milestones on the integration side?")
    assert answer is not None and "Implement vector search is still open" in first_sentence(answer.answer), answer and answer.answer
    answer = _ask(handlers, "i implemented basic models, trained a cnn and built a training pipeline, so beginner done i "
                            "think. what milestones come next for me (ML track)")
    assert answer is not None and "next are the Intermediate Milestones: Train custom architecture" in first_sentence(answer.answer)
    answer = _ask(handlers, "I like building stuff end to end: grab a hugging face model, wrap it in fastapi, put it on "
                            "aws, done. deriving backprop by hand sounds miserable to me tbh. so which track is mine?")
    assert answer is not None and first_sentence(answer.answer).startswith("The AI Integration Engineering Path fits you")
    assert "which track is mine" not in answer.answer  # the closing question is not quoted as a statement


def test_the_difference_between_the_paths_is_what_each_teaches(handlers_for) -> None:  # noqa: ANN001
    """"whats the difference between the two paths in one line?" was answered with the Development Tools line; it is
    what each path teaches, each path's levels cited (it went to retrieval before, which answered with the
    prerequisites and the Next Steps). A difference in length is the paths' lengths; the difference in one part
    ("How is MLOps different between the two paths?") is still retrieval's comparison."""
    handlers, _ = handlers_for("difference")
    for question in ("What is the difference between the two paths?", "how do the two tracks differ?",
                     "whats the difference between the two paths in one line?",
                     "how is the ml path different from the integration path?"):
        answer = _ask(handlers, question)
        assert answer is not None and first_sentence(answer.answer).startswith(
            "They differ in what you learn: the AI Integration Engineering Path teaches API Development"), answer and answer.answer
        assert "the Machine Learning Engineering Path teaches Advanced Mathematics" in first_sentence(answer.answer)
        assert len(answer.citations) == 2
    for question in ("How is MLOps different between the two paths?", "whats the difference between level 3 in the two paths?",
                     # (the fifteenth session's: one level of each, named by an ordinal)
                     "How do the last levels of the two paths differ?"):
        assert _ask(handlers, question) is None
    answer = _ask(handlers, "is there a difference in length between the two paths?")
    assert answer is not None and first_sentence(answer.answer).startswith("Both paths take the same time"), answer and answer.answer


def test_twenty_eighth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-eighth fresh set: what was done told in the question's own condition ("am i ready for lvl
    3 … if all i've done is fastapi and a few openai api calls?"), "which level am i ready for now?" after finished
    work, "should i start w fastapi or jump into vector dbs first?", and "what shoud i pick?" after a description."""
    handlers, _ = handlers_for("shapes28")
    from rag.terms import spell_out_shorthand  # (the chain spells shorthand out before any handler reads it)

    answer = _ask(handlers, spell_out_shorthand("am i ready for lvl 3 of the integration path if all i've done is "
                                                "fastapi and a few openai api calls?"))
    assert answer is not None and first_sentence(answer.answer).startswith(
        "No, not yet: you cover 2 of the 30 things the roadmap puts before Level 3: Advanced"), answer and answer.answer
    assert "Vector Databases & Search" in answer.answer and "you have API gateway patterns" not in answer.answer
    answer = _ask(handlers, spell_out_shorthand("ive finished neural nets, backprop, activation fns, plus "
                                                "supervised/unsupervised learning and model eval. which level am i "
                                                "ready for now on the ml path?"))
    assert answer is not None and first_sentence(answer.answer).startswith(
        "Level 2: Advanced ML of the Machine Learning Engineering Path (6-12 months) is next: you cover everything the "
        "roadmap puts before it"), answer and answer.answer
    assert "Advanced Mathematics: Linear algebra, Calculus and Optimization theory; it comes before what you have done" in answer.answer
    answer = _ask(handlers, spell_out_shorthand("on the integration track should i start w fastapi or jump into vector dbs first?"))
    assert answer is not None and first_sentence(answer.answer).startswith("Start with fastapi: the roadmap puts fastapi "
                                                                           "(API Development) in Level 1"), answer and answer.answer
    answer = _ask(handlers, spell_out_shorthand("full stack web dev, math is def not my strong suit, i want to build stuff "
                                                "like qa chatbots and semantic search on top of pretrained models. what "
                                                "shoud i pick?"))
    assert answer is not None and first_sentence(answer.answer).startswith("The AI Integration Engineering Path fits you")


def test_twenty_ninth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the twenty-ninth fresh set: "how long does the ml path take?" (the path as a whole, was Level 3's
    range from retrieval), "which milestone tier should i be aiming at now?", and path fit where the wish decides
    ("been a backend web dev for 5 yrs … i want to design my own neural net architectures", "phd in statistics … im
    done with research. what i want now is to build search engines")."""
    handlers, _ = handlers_for("shapes29")
    from rag.terms import spell_out_shorthand  # (the chain spells shorthand out before any handler reads it)

    for question, path in (("how long does the ml path take?", "Machine Learning Engineering Path"),
                           ("how long is the integration track?", "AI Integration Engineering Path")):
        answer = _ask(handlers, question)
        assert answer is not None and first_sentence(answer.answer).startswith(
            f"It takes about 24 months to finish the {path}"), answer and answer.answer
    answer = _ask(handlers, "ive trained cnns and rnns, built a training pipeline and done some basic models. which "
                            "milestone tier should i be aiming at now?")
    assert answer is not None and "next are the Intermediate Milestones" in first_sentence(answer.answer), answer and answer.answer
    answer = _ask(handlers, spell_out_shorthand("been a backend web dev for 5 yrs, mostly rest apis + docker. tbh im bored "
                                                "of plumbing, i want to design my own neural net architectures and train "
                                                "them from scrach. which route shoud i take?"))
    assert answer is not None and first_sentence(answer.answer).startswith("The Machine Learning Engineering Path fits you")
    answer = _ask(handlers, "phd in statistics, tons of math, but im done with research. what i want now is to build "
                            "search engines and q&a products that companies use in prod. which one fits?")
    assert answer is not None and first_sentence(answer.answer).startswith("The AI Integration Engineering Path fits you")


def test_thirtieth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the thirtieth fresh set: milestone sets named whole ("done all the beginner + intermediate
    milestones"), what was said before ", whats next?", "which level do i jump into now", "what do i hit first, X or
    Y?", "should i do X or Y first?", gaps after a resource named ("did all the mlflow and dvc stuff. which other
    topics are left in that level?"), a path choice after "X or Y" in another sentence, a verdict after a comma."""
    handlers, _ = handlers_for("shapes30")
    from rag.terms import spell_out_shorthand  # (the chain spells shorthand out before any handler reads it)

    def ask(question: str) -> str:
        return _lead(handlers, spell_out_shorthand(question))

    assert "next are the Advanced Milestones" in ask("done all the beginner + intermediate milestones on the ml side. what's left for me?")
    assert "next are the Intermediate Milestones" in ask("i finished the beginner milestones on the integration side, whats next?")
    assert "Level 2: Advanced ML" in ask("ok so ive got the math, supervised/unsupervised stuff and basic neural nets + backprop "
                                         "down from the ml track. which level do i jump into now")
    assert ask("in the ml path what do i hit first, transformers or transfer learning?").startswith("Start with transformers")
    assert ask("should i do api development or cloud platforms first?").startswith("Start with API Development: both are in Level 1")
    assert ask("halfway thru ml lvl 2, did all the mlflow and dvc stuff. which other topics are left in that level?").startswith(
        "Still to do in Level 2: Advanced ML of the Machine Learning Engineering Path (6-12 months): Model Architecture")
    assert ask("freelance dev, clients keep asking me to wire the openai api plus a vector db into their apps. i dont care "
               "about research or papers. which one should i pick").startswith("The AI Integration Engineering Path fits you")
    assert ask("web dev for 5 yrs, i like shipping apis and deploying stuff to the cloud, math honestly isnt my thing. which "
               "of the 2 paths makes more sense?").startswith("The AI Integration Engineering Path fits you")


def test_a_time_budget_asked_as_what_can_i_finish(handlers_for) -> None:  # noqa: ANN001
    """Found reading answers as a learner would: "i have 6 months, what can i realistically finish on the
    integration track?" was answered with Level 2's vector databases; it is a time budget."""
    handlers, _ = handlers_for("budget-finish")
    answer = _ask(handlers, "i have 6 months, what can i realistically finish on the integration track?")
    assert answer is not None and first_sentence(answer.answer).startswith(
        "In 6 months you can get through Level 1: Foundation (0-6 months) of the AI Integration Engineering Path"), answer and answer.answer


def test_thirty_second_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the thirty-second fresh set: "is ~2 yrs a realistic timeline to reach the expertise stage?" (a time
    against a level's month range: reaching it needs its start, getting through it its end), "is there anything else
    from level 2 b4 i move to level 3?" after "i can do …" (the level's gaps, opening Yes/No)."""
    handlers, _ = handlers_for("shapes32")

    assert _lead(handlers, "is ~2 yrs a realistic timeline to reach the expertise stage on the ml side?").startswith(
        "Yes: the roadmap puts Level 3: Expertise of the Machine Learning Engineering Path at 12-24 months, so 2 years gets you there")
    assert _lead(handlers, "is 1 year enough to get through level 2 of the integration path?").startswith(
        "Yes: the roadmap puts Level 2: Integration of the AI Integration Engineering Path at 6-12 months, so 1 year is enough")
    assert _lead(handlers, "is 18 months realistic to finish the expertise level?").startswith(
        "No, not quite: the roadmap puts Level 3: Expertise of the Machine Learning Engineering Path at 12-24 months, so 18 months "
        "takes you 6 months into it, 6 months short of its end")
    assert _lead(handlers, "can i finish the ml path in 2 years?").startswith(
        "Yes: the Machine Learning Engineering Path ends with Level 3: Expertise at 12-24 months, so 2 years is enough")
    assert _lead(handlers, "can i reach level 3 of the integration path in 6 months?").startswith("No: the roadmap puts Level 3")
    # hours a week, or a job, are not a level's month range
    assert _ask(handlers, "is 5 hrs/week realistic to finish level 1 in 6 months?") is None
    assert _ask(handlers, "is 1 year enough to get a job as an ml engineer?") is None
    assert _lead(handlers, "i can do cnns rnns transformers and hyperparam tuning now, is there anything else from level 2 b4 i move "
               "to level 3?").startswith("Yes, still to do in Level 2: Advanced ML of the Machine Learning Engineering Path "
                                         "(6-12 months): Model optimization and Training strategies (Training Optimization) "
                                         "and MLOps Fundamentals")


def test_thirty_first_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found reading the thirty-first set (if-*): "do i start with X or the Y stuff?", "what level should i start at"
    after what was done (the level first), "can i skip ahead to level 3?" (readiness), "whats left … once i'm done
    with level 2?" (what was done said after the question), "hit all the intermediate milestones …, what goals come
    next?" (the "I" left out)."""
    handlers, _ = handlers_for("shapes31")

    assert _lead(handlers, "on the integration track do i start with vector dbs or the api stuff?").startswith(
        "Start with api: the roadmap puts api (API Development) in Level 1")
    assert _lead(handlers, "ive done fastapi, aws basics, and messed around with hugging face transformers + the openai api. what "
               "level should i start at on the integration track?").startswith(
        "Level 2: Integration of the AI Integration Engineering Path (6-12 months) is next: you cover 20 of the 21 things")
    assert _lead(handlers, "trained a few cnns and rnns but never touched transformers, and never did any experiment tracking or model "
               "versioning. can i skip ahead to level 3 on the ml side?").startswith(
        "No, not yet: the roadmap puts Transformers and Experiment tracking")
    assert _lead(handlers, "whats left on the integraton path once i'm done with level 2?").startswith(
        "Learn Performance Optimization next (Level 3: Advanced of the AI Integration Engineering Path")
    assert _lead(handlers, "hit all the intermediate milestones on the ml side, what goals come next?").startswith(
        "You have done the Intermediate Milestones of the Machine Learning Engineering Path")
    # with nothing said done, "what level should i start at?" is not a readiness question
    assert _ask(handlers, "what level should i start at?") is None


def test_thirty_third_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the thirty-third fresh set (ii-*): "where should i be heading?" and "what would u recommend i go for"
    after a self-description; "my math basically stopped in high school" is a dislike; "all 3" / "those" milestones of
    the last user turn; "what level am i going into now"; "could i be done with … in about 8 months"; "X or Y, which
    do i do first?"; a stage half done when the next is asked; "X path or Y path" is a path choice."""
    handlers, _ = handlers_for("shapes33")

    assert _lead(handlers, "ok so i did a physics undergrad, tons of linear algebra and calc, and what i actually enjoy is reading papers "
               "and reimplementing them in pytorch at night. web/backend stuff bores me to tears. where should i be heading?"
               ).startswith("The Machine Learning Engineering Path fits you")
    assert _lead(handlers, "honestly the part i love is tuning hyperparameters and squeezing another 2% accuracy out of a cnn overnight "
               "lol. deploying apis and cloud stuff is a chore for me. what would u recommend i go for"
               ).startswith("The Machine Learning Engineering Path fits you")
    assert _lead(handlers, "full stack web dev, comfy with REST apis and microservices but my math basically stopped in high school. "
               "want to get into AI but in a practical way, which option makes more sense for me?"
               ).startswith("The AI Integration Engineering Path fits you")
    history: list[Turn] = [{"role": "user", "content": "what are the beginner milestones for the integration track?"},
                           {"role": "assistant", "content": "Build a basic API with a pre-trained model, deploy a cloud "
                                                            "function, and implement vector search."}]
    assert _lead(handlers, "nice, ive ticked off all 3. what am i aiming for next?", history).startswith(
        "You have done the Beginner Milestones of the AI Integration Engineering Path")
    history = [{"role": "user", "content": "what are the intermediate milestones for ml engineering"},
               {"role": "assistant", "content": "Train custom architecture, optimize model performance, and deploy production model."}]
    assert "next are the Advanced Milestones" in _lead(handlers, "nice, and after i hit those what's the next tier of milestones", history)
    assert _lead(handlers, "so ive built a fastapi thing, deployed a cloud function and messed around w the openai api. i think im done "
               "with level 1 on the integration side?? what level am i going into now").startswith(
        "Level 2: Integration of the AI Integration Engineering Path (6-12 months) is next")
    assert _lead(handlers, "could i realistically be done with the entire ml roadmap, expertise level included, in about 8 months if i "
               "grind hard?").startswith("No: the roadmap puts Level 3: Expertise of the Machine Learning Engineering Path at 12-24 months")
    assert _lead(handlers, "andrew ng's ml course or stanford cs231n, which do i do first? got both bookmarked").startswith(
        "Start with andrew ng's ml course: the roadmap puts andrew ng's ml course (ML Fundamentals) in Level 1")
    assert _lead(handlers, "i can train a cnn and an rnn now and i've got a basic training pipeline running. what should i be aiming for "
               "next milestone-wise?").startswith(
        "Next: Implement basic ML models, still open in the Beginner Milestones of the Machine Learning Engineering Path, "
        "then the Intermediate Milestones: Train custom architecture")
    for question in ("should i start with the ml path or the integration path?", "ml path or integration path, which one?"):
        assert _lead(handlers, question).startswith("I need to know a little about you"), question


def test_thirty_fourth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the thirty-fourth fresh set (ij-*) and re-reading older sets: a non-native "what way you suggest for
    me?"; "basically zero math" is not done; "Is that enough …?" after the time was said; "two years enough to …?";
    a level said finished after its name; "fast.ai" names no path; readiness for a milestone stage; "which one am I
    still missing?" after the milestones said done; the prerequisites before a level; "what level do I need to have
    wrapped up before X"."""
    handlers, _ = handlers_for("shapes34")

    assert _lead(handlers, "i am mathematics teacher since 8 years, i like very much the theory of optimization and backpropagation and "
               "i want make research implementations. what way you suggest for me?").startswith(
        "The Machine Learning Engineering Path fits you")
    assert _lead(handlers, "i know python + git already but basically zero math. can i jump straight into level 2 of the ML track?"
               ).startswith("No, not yet: the roadmap puts Basic linear algebra")
    assert _lead(handlers, "I've got about one year total. Is that enough to get through all three levels of the AI Integration path?"
               ).startswith("No, not quite: the AI Integration Engineering Path ends with Level 3: Advanced at 12-24 months")
    assert _lead(handlers, "two years enough to finish the whole ML engineering path?").startswith(
        "Yes: the Machine Learning Engineering Path ends with Level 3: Expertise at 12-24 months")
    assert _lead(handlers, "done with 3blue1brown, the MIT OCW stuff, Andrew Ng's course and fast.ai — so level 1 of the ML path is "
               "basically finished. what do I move on to?").startswith(
        "Learn Model Architecture next (Level 2: Advanced ML of the Machine Learning Engineering Path")
    assert _lead(handlers, "trained a CNN and built a training pipeline, never actually implemented basic ML models though. am i ready "
               "for the ML intermediate milestones?").startswith(
        "No: Implement basic ML models is still open in the Beginner Milestones of the Machine Learning Engineering Path")
    history: list[Turn] = [{"role": "user", "content": "I've done 'Build basic API with pre-trained model' and 'Deploy cloud "
                                                       "function' so far."},
                           {"role": "assistant", "content": "Good progress — those are two of the three AI Integration "
                                                            "Engineering beginner milestones."}]
    assert _lead(handlers, "nice, so which one am I still missing?", history).startswith(
        "Implement vector search: it is still open in the Beginner Milestones")
    assert _lead(handlers, "Next Steps says choose your path first — but do I still do the common prerequisites before starting Level 1?"
               ).startswith("Yes: the roadmap puts the Foundational Requirements, the common prerequisites of both paths")
    assert _lead(handlers, "What level do I need to have wrapped up before I get to MLOps on the integration side?").startswith(
        "Before MLOps for Integration, learn Level 1: Foundation")
    # "X first or can i jump straight into Y?" stays an order question, not readiness
    assert _ask(handlers, "should i do the prereqs first or can i jump straight into level 1 of a path?") is None


def test_thirty_fifth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the thirty-fifth fresh set (ik-*): "which level … can I realistically get through" with a time said;
    "which intermediate milestones do I still have to hit?" after "Beginner milestones … are done"."""
    handlers, _ = handlers_for("shapes35")

    assert _lead(handlers, "I only have about 6 months in total. Which level of the AI integration path can I realistically get "
               "through?").startswith("In 6 months you can get through Level 1: Foundation (0-6 months) of the AI Integration")
    assert _lead(handlers, "Beginner milestones on the integration side are done and I've also built a production QA system. Which "
               "intermediate milestones do I still have to hit?") == (
        "Implement multi-model pipeline and Design scalable architecture are still open in the Intermediate Milestones of "
        "the AI Integration Engineering Path; you have done Build production QA system.")


def test_thirty_sixth_set_shapes_reach_the_career_engine(handlers_for) -> None:  # noqa: ANN001
    """Found on the thirty-sixth fresh set (il-*): "which way is good for me?"; "which level of the MLE path should I be
    on now?" after what was done; "the first two levels" against a time; "I already have …" milestones and "what
    milestones should I be aiming for next?"; "Is that realistic?" after a time; "jump straight into X, or do Y first?"
    stays an order."""
    handlers, _ = handlers_for("shapes36")

    assert _lead(handlers, "Sorry for my english. I work in DevOps, I like cloud, docker, deployment pipelines and monitoring. I want to "
               "put AI models inside the company systems, not do research. Which way is good for me?").startswith(
        "The AI Integration Engineering Path fits you")
    assert _lead(handlers, "I've done Andrew Ng's course, the PyTorch tutorials and fast.ai, and I can explain backprop and activation "
               "functions. Which level of the MLE path should I be on now?").startswith(
        "Level 2: Advanced ML of the Machine Learning Engineering Path (6-12 months) is next")
    assert _lead(handlers, "is one year enough to get through the first two levels of the integration path? stressing about time a bit"
               ).startswith("Yes: the roadmap puts Level 2: Integration of the AI Integration Engineering Path at 6-12 months")
    assert _lead(handlers, "I already have a basic API serving a Hugging Face model, a deployed cloud function and working vector "
               "search. What milestones should I be aiming for next?").startswith(
        "You have done the Beginner Milestones of the AI Integration Engineering Path")
    # "in that time", the time said before
    assert _lead(handlers, "honestly i have like 10 months, can i get through the ml path in that time?").startswith(
        "No, not quite: the Machine Learning Engineering Path ends with Level 3: Expertise at 12-24 months")
    assert _lead(handlers, "I have about 6 months and want to get through the entire AI Integration path, performance optimization and "
               "MLOps included. Is that realistic?").startswith("No: the roadmap puts")
    assert _ask(handlers, "Should I jump straight into the path-specific stuff, or do the shared prerequisites first?") is None
    # a time question naming no work done is not readiness
    assert _ask(handlers, "im about 8 months into the integration track, which level should i be on by now?") is None


def test_tenth_session_shapes(handlers_for) -> None:  # noqa: ANN001
    """Found on the tenth session's probe sets (in-, io-, ip-*): the foundational requirements done and no path chosen
    is the roadmap's next step for either path; "which AI Integration level should I be working on now?" and "what level
    of the ML path am I ready for?" after what was done; "What should I do after that?" after a list of work done;
    "Of the two paths, which one should I commit to?" is a path choice though the person's likes say "X or Y"."""
    handlers, _ = handlers_for("shapes10")

    lead = _lead(handlers, "ok I've knocked out the foundational requirements (python, git, sql, the math bits). what now?")
    assert lead.startswith("Next is Level 1: Foundation (0-6 months) of the path you choose") and "Follow structured learning path" in lead
    assert _lead(handlers, "I've got FastAPI down, I've deployed cloud functions on AWS, and I've used Hugging Face transformers and "
                 "the OpenAI API. Which AI Integration level should I be working on now?").startswith(
        "Level 2: Integration of the AI Integration Engineering Path (6-12 months) is next")
    assert _lead(handlers, "I can train CNNs and RNNs, I tune hyperparameters, and I track experiments and model versions in "
                 "MLflow. What level of the ML path am I ready for?").startswith(
        "Level 3: Expertise of the Machine Learning Engineering Path (12-24 months) is next")
    assert _lead(handlers, "I've done FastAPI, the cloud basics and the pre-trained models part. What should I do after that?"
                 ).startswith("Learn Vector Databases & Search next (Level 2: Integration")
    assert _lead(handlers, "I spent nine years in academia doing functional analysis. Honestly I enjoy optimization problems, proofs "
                 "and reading papers far more than wiring services together or fiddling with cloud consoles. Of the two paths, "
                 "which one should I commit to?").startswith("The Machine Learning Engineering Path fits you")
    # "done with all of those" after the beginner milestones: the next stage of them
    history = [{"role": "user", "content": "What are the beginner milestones for ML engineering?"},
               {"role": "assistant", "content": "Implement basic ML models, train a CNN/RNN, and build a training pipeline."}]
    assert "next are the Intermediate Milestones" in _lead(handlers, "ok, done with all of those. what comes next for me?", history)

    # "which comes first …, A or B"; a path named in "never touched ml" is not the one meant; "which level should i
    # start at" says where to start
    assert _lead(handlers, "which comes first on the ml path, the deep learning basics or the model architecture stuff like "
                 "cnns and transformers").startswith("Start with deep learning basics: the roadmap puts deep learning basics in Level 1")
    assert _lead(handlers, "i know python pretty well and did some flask apps, never touched ml at all. if i go the integration "
                 "route which level should i start at").startswith("Start at Level 1: Foundation of the AI Integration Engineering Path")
    # "…, already built X and deployed Y. what milestone should i go after next": the milestones still open
    assert _lead(handlers, "im ~5 months into the integration path, already built a basic api with a pretrained model and deployed "
                 "a cloud function. what milestone should i go after next").startswith("Next: Implement vector search")
    # "all three levels of one path" against a time said before: a whole path
    assert _lead(handlers, "If I've got exactly two years, is that enough to get through all three levels of one path?").startswith(
        "Yes: the AI Integration Engineering Path ends with Level 3: Advanced at 12-24 months, so 2 years is enough")
    # found reading ten answers as a learner at the end: "scared of math" is a dislike; "which integration level should i
    # be on now?" after what was done
    assert _lead(handlers, "hey so im a nurse, kinda scared of math. which path would suit me better if i like building apps that "
                 "use existing AI?").startswith("The AI Integration Engineering Path fits you better")
    assert _lead(handlers, "i already know fastapi and deployed stuff on aws. which integration level should i be on now?").startswith(
        "Level 2: Integration of the AI Integration Engineering Path (6-12 months) is next")


def test_done_milestones_of_a_later_tier_say_that_tier_first(handlers_for) -> None:  # noqa: ANN001
    """Found on the twelfth session's final set, read in the thirteenth: "(ml side)" is where, not "Implement basic ML
    models"; what was done is in the Intermediate tier, which the answer names first."""
    handlers, _ = handlers_for("tier13")
    answer = _ask(handlers, "at my job (ml side) i've already deployed a production model and trained a custom "
                            "architecture. which milestone tier does that put me in?")
    assert answer is not None and answer.extra["intent"] == "milestones", answer and answer.answer
    first = first_sentence(answer.answer)
    assert first.startswith("What you have done is in the Intermediate Milestones of the Machine Learning Engineering Path"), first
    assert "Implement basic ML models" not in answer.extra["done"] and "Train custom architecture" in answer.extra["done"]


def test_more_closing_questions_of_a_self_description_reach_path_fit(handlers_for) -> None:  # noqa: ANN001
    """The thirteenth session's persona probes: "is there a path for that", "what fits", "which path teaches that",
    "so mine is?" after a turn about the paths, and "the first one for sure …" answering the assistant's "A, or B?"."""
    handlers, _ = handlers_for("fits13")
    assert _lead(handlers, "social worker. i got really into why the risk scores our county uses flag some families way more than others. "
                 "i want to dig into how those models get trained, retrain them with different data and see what changes, and write up what i find. is there a path for that").startswith(
        "The Machine Learning Engineering Path fits you")
    assert _lead(handlers, "social worker. i want to build something that takes what people tell us and sends them to the "
                 "right program, using language models that are already out there. hate math, always have. what fits").startswith(
        "The AI Integration Engineering Path fits you")
    assert _lead(handlers, "architect here. our firm has 20 years of specs nobody can find. i want to search them by meaning, "
                 "using whatever models already exist. which path teaches that").startswith("The AI Integration Engineering Path fits you")
    asked = [{"role": "user", "content": "which path is for me? im a sound engineer"},
             {"role": "assistant", "content": "It depends on what you enjoy more: designing and training models yourself, or "
                                              "building applications that connect existing AI services together. Which sounds more like you?"}]
    assert _lead(handlers, "the first one for sure. i've been writing my own noise reduction net from scratch and i keep "
                 "redesigning it", asked).startswith("The Machine Learning Engineering Path fits you")
    assert _lead(handlers, "definitely the second. i want to hook a booking assistant into our reservation system",
                 asked).startswith("The AI Integration Engineering Path fits you")


def test_the_same_length_asked_as_yes_or_no_is_answered_yes_with_the_range(roadmap: Roadmap) -> None:
    """The fourteenth session's probes: "do both paths take the same amount of time overall?" opens with "Yes" and the
    range both paths end with; "which path takes longer?" keeps its plain statement."""
    from rag.career.decisions import path_lengths_reply

    same = path_lengths_reply(roadmap, "do both paths take the same amount of time overall?")
    assert same is not None and same.lead.startswith("Yes, both paths take the same time") and "12-24 months" in same.lead
    longer = path_lengths_reply(roadmap, "which path takes longer?")
    assert longer is not None and longer.lead.startswith("Both paths take the same time")
    no = path_lengths_reply(roadmap, "does the ml path take longer than ai integration?")
    assert no is not None and no.lead.startswith("No, both paths take the same time")
