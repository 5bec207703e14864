"""The data-sharing questionnaire: its questions as framework data, the template, its reader,
identification of a return, and the synthetic demo's answers."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml
from scipy.stats import spearmanr

from framework import FrameworkError, load_framework
from framework.loader import DATA_DIR
from framework.tables import FRAMEWORK_TABLES, framework_tables
from ingest.assessments import layout as L
from ingest.core.book import Book
from ingest.core.identify import identify
from ingest.core.problems import Refused
from ingest.data_sharing import layout as D
from ingest.data_sharing.reader import DataSharingReader
from ingest.data_sharing.template import write_data_sharing_template
from ingest.kinds import Incoming
from ingest.registry import KINDS, kind_named
from synthetic.data_sharing import synthetic_answers, write_data_sharing_demo
from synthetic.stories import DEFAULT_YEARS, stories

SOURCES = Path(__file__).resolve().parents[1] / "framework" / "sources"
FAMILY_HUBS = SOURCES / "family-hubs-integration-and-relational-practice.txt"
TOOL = SOURCES / "beyond-boundaries-self-evaluation-tool.txt"
SEED = 20220701
CAMDEN = "E09000007"


@pytest.fixture(scope="module")
def fw():
    return load_framework()


def words(text: str) -> str:
    return " ".join(text.split())  # also folds the seed's non-breaking spaces


# --- the questions as framework data ---------------------------------------------------------------


def test_eight_questions_in_two_sections(fw):
    questions = fw.data_sharing_questions
    assert [q.id for q in questions] == ["CM1", "CM2", "CM3", "CM4", "CM5", "IS1", "IS2", "IS3"]
    assert [q.order for q in questions] == list(range(1, 9))
    assert {q.id[:2]: q.section for q in questions} == {"CM": "case_management", "IS": "information_sharing"}
    assert [s.id for s in fw.data_sharing_sections] == ["case_management", "information_sharing"]
    assert all(q.text.endswith("?") and q.evidence_prompt for q in questions)


def test_case_management_questions_are_the_seeds_numbered_list_verbatim(fw):
    seed = words(FAMILY_HUBS.read_text(encoding="utf-8"))
    guide = seed.index("case management elements set out in the Early help system guide")
    for n, question in enumerate(fw.data_sharing_questions[:5], start=1):
        assert f"{n}. {question.text}" in seed[guide:], question.id
        assert question.source == "Early Help System Guide, via the family hubs guidance"
        assert question.linked_enabler_id == "E09" and question.linked_indicator_id is None
        assert "E09" in question.note and "information sharing" in question.note


def test_information_sharing_questions_restate_the_tool(fw):
    tool = words(TOOL.read_text(encoding="utf-8"))
    by_id = {q.id: q for q in fw.data_sharing_questions}
    assert {i: by_id[i].linked_indicator_id for i in ("IS1", "IS2", "IS3")} == {"IS1": "E09.1", "IS2": "E09.3",
                                                                               "IS3": None}
    assert all(by_id[i].linked_enabler_id == "E09" for i in ("IS1", "IS2", "IS3"))
    # The indicators' own words carry into the questions.
    assert "information-sharing agreements and protocols between agencies" in by_id["IS1"].text
    assert "key moments to ask parents for consent to share their information" in by_id["IS2"].text
    box_g = next(c for c in fw.case_studies if c.box == "G")
    assert box_g.title == "Sharing birth data" and f"Box G: {box_g.title}" in tool
    assert f"Box G: {box_g.title}" in by_id["IS3"].source
    assert "birth data" in by_id["IS3"].text and "maternity" in by_id["IS3"].text


def test_answer_choices_and_scores(fw):
    assert [(c.answer, c.order, c.score) for c in fw.data_sharing_choices] == [
        ("yes", 1, 1.0), ("partly", 2, 0.5), ("no", 3, 0.0),
    ]
    assert all(c.meaning for c in fw.data_sharing_choices)


def test_framework_tables_hold_the_questionnaire(fw):
    tables = framework_tables(fw)
    assert tuple(tables) == FRAMEWORK_TABLES
    assert {"data_sharing_questions", "data_sharing_choices"} <= set(FRAMEWORK_TABLES)
    questions = tables["data_sharing_questions"]
    assert list(questions.columns[:8]) == [
        "question_id", "question_order", "section", "question_text", "source", "linked_enabler_id",
        "linked_indicator_id", "note",
    ]
    assert len(questions) == 8 and questions["question_order"].dtype == "int64"
    assert questions.set_index("question_id").loc["IS2", "linked_indicator_id"] == "E09.3"
    assert questions.set_index("question_id")["linked_indicator_id"].isna().sum() == 6
    choices = tables["data_sharing_choices"]
    assert list(choices.columns) == ["answer", "answer_order", "answer_score", "meaning"]
    assert choices["answer_order"].dtype == "int64" and choices["answer_score"].dtype == "float64"
    assert choices.set_index("answer")["answer_score"].to_dict() == {"yes": 1.0, "partly": 0.5, "no": 0.0}


# --- refusing bad questionnaire data -----------------------------------------------------------------


def edited_copy(tmp_path: Path, edit: Callable[[dict], None]) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / "data_sharing.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data_dir


def problems_of(data_dir: Path) -> tuple[str, ...]:
    with pytest.raises(FrameworkError) as caught:
        load_framework(data_dir)
    return caught.value.problems


def test_an_unedited_copy_loads_the_same_questionnaire(tmp_path, fw):
    copy = load_framework(edited_copy(tmp_path, lambda doc: None))
    assert copy.data_sharing_questions == fw.data_sharing_questions
    assert copy.data_sharing_choices == fw.data_sharing_choices


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["questions"][1].update(id="CM1"), "data_sharing.yaml: questions: duplicate id 'CM1'"),
        (lambda d: d["questions"][0].update(section="systems"),
         "data_sharing.yaml: questions[CM1].section: unknown section 'systems'"),
        (lambda d: d["questions"][5].update(linked_enabler="E13"),
         "data_sharing.yaml: questions[IS1].linked_enabler: unknown enabler 'E13'"),
        (lambda d: d["questions"][5].update(linked_indicator="E09.9"),
         "data_sharing.yaml: questions[IS1].linked_indicator: unknown indicator 'E09.9'"),
        (lambda d: d["questions"][5].update(linked_indicator="E10.1"),
         "data_sharing.yaml: questions[IS1].linked_indicator: E10.1 is under E10, not the linked enabler E09"),
        (lambda d: d["choices"][0].update(score=1.5),
         "data_sharing.yaml: choices[0].score: expected a number from 0 to 1, got 1.5"),
        (lambda d: d["choices"][2].update(score=True),
         "data_sharing.yaml: choices[2].score: expected a number from 0 to 1, got True"),
        (lambda d: d["choices"][1].update(answer="YES"),
         "data_sharing.yaml: choices (answer, ignoring case): duplicate id 'yes'"),
        (lambda d: d.update(questions=[]), "data_sharing.yaml: questions: expected a non-empty list, got []"),
        (lambda d: d["questions"][2].update(text="Reports"),
         "data_sharing.yaml: questions[CM3].text: expected a question (ending with '?'), got 'Reports'"),
    ],
    ids=["duplicate-id", "unknown-section", "unknown-enabler", "unknown-indicator", "indicator-elsewhere",
         "score-above-1", "score-not-number", "duplicate-choice", "no-questions", "not-a-question"],
)
def test_bad_questionnaire_data_is_refused(tmp_path, edit, expected):
    problems = problems_of(edited_copy(tmp_path, edit))
    assert any(p.startswith(expected) for p in problems), problems


def test_every_problem_is_reported_together(tmp_path):
    def edit(doc):
        doc["questions"][0]["section"] = "nowhere"
        doc["choices"][0]["score"] = -1

    problems = problems_of(edited_copy(tmp_path, edit))
    assert any("questions[CM1].section" in p for p in problems)
    assert any("choices[0].score" in p for p in problems)


# --- the template and its reader ---------------------------------------------------------------------


def read(path: Path, fw):
    with Book(path) as book:
        return DataSharingReader(fw).read(book)


def refused(path: Path, fw) -> dict[str, str]:
    with pytest.raises(Refused) as caught:
        read(path, fw)
    return {p.location: p.reason for p in caught.value.problems}


ANSWERS = {
    "CM1": ("yes", "Whole-family recording in the council's system since 2021"),
    "CM2": ("partly", None),
    "CM3": ("no", "We ask the supplier for reports"),
    "CM4": (None, None),
    "CM5": ("partly", "Health visitors view records; midwives cannot"),
    "IS1": ("yes", "  Protocol signed by all agencies  "),
    "IS2": ("no", None),
    "IS3": ("yes", "Weekly birth notifications"),
}


def test_template_round_trip(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "return.xlsx", fw, "Camden", 2024, ANSWERS)
    result = read(path, fw)
    got = {a.question_id: (a.answer, a.evidence) for a in result.answers}
    expected = {q: (a, e.strip() if e else None) for q, (a, e) in ANSWERS.items()}
    assert got == expected
    assert [a.question_id for a in result.answers] == [q.id for q in fw.data_sharing_questions]
    rows = {q.id: row for row, q in enumerate(fw.data_sharing_questions, start=D.FIRST_QUESTION_ROW)}
    assert all(a.location == f"'{D.QUESTIONS_SHEET}'!D{rows[a.question_id]}" for a in result.answers)
    submission = result.submission
    assert (submission.reader, submission.area_text, submission.year_text) == ("data_sharing", "Camden", "2024")
    assert submission.participants == () and submission.scores == () and submission.is_synthetic is False


def test_identify_finds_area_and_year(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "return.xlsx", fw, "LB Camden", 2023, ANSWERS)
    identity = identify(read(path, fw).submission, path.name, fw)
    assert (identity.area_code, identity.assessment_year) == (CAMDEN, 2023)
    assert (identity.area_source, identity.year_source) == ("'About'!C4", "'About'!C5")


def test_blank_template_is_recognised_and_refused_for_having_no_answers(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "blank.xlsx", fw)
    with Book(path) as book:
        assert DataSharingReader(fw).recognises(book)
    problems = refused(path, fw)
    assert list(problems) == [f"'{D.QUESTIONS_SHEET}'!D6:D13"]
    assert "no answers" in problems[f"'{D.QUESTIONS_SHEET}'!D6:D13"]


def test_identification_fails_only_for_the_missing_area(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "questionnaire.xlsx", fw, None, 2024, ANSWERS)
    submission = read(path, fw).submission
    with pytest.raises(Refused) as caught:
        identify(submission, path.name, fw)
    assert [p.location for p in caught.value.problems] == ["'About'!C4"]
    assert "local authority" in caught.value.problems[0].reason


def test_answers_are_matched_ignoring_case(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "return.xlsx", fw, "Camden", 2024, ANSWERS)
    workbook = openpyxl.load_workbook(path)
    workbook[D.QUESTIONS_SHEET]["D6"] = "YES"
    workbook[D.QUESTIONS_SHEET]["D7"] = " Partly "
    workbook.save(path)
    got = {a.question_id: a.answer for a in read(path, fw).answers}
    assert (got["CM1"], got["CM2"]) == ("yes", "partly")


def test_refusal_names_every_bad_cell(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "return.xlsx", fw, "Camden", 2024, ANSWERS)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[D.QUESTIONS_SHEET]
    sheet["D6"] = "Partially"  # CM1: not a choice
    sheet["A8"] = "CM9"  # CM3's row: an unknown id, so CM3 is missing too
    sheet["A13"] = None  # IS3's row loses its id but keeps its answer
    sheet["A15"], sheet["D15"] = "cm2", "no"  # CM2 given twice
    workbook.save(path)
    problems = refused(path, fw)
    sheet_name = f"'{D.QUESTIONS_SHEET}'"
    assert set(problems) == {f"{sheet_name}!D6", f"{sheet_name}!A8", f"{sheet_name}!A13", f"{sheet_name}!A15",
                             f"{sheet_name}!A:A"}
    assert "'Partially' is not one of the answers (yes, partly or no" in problems[f"{sheet_name}!D6"]
    assert "'CM9' is not a question ID" in problems[f"{sheet_name}!A8"]
    assert "no Question ID" in problems[f"{sheet_name}!A13"]
    assert problems[f"{sheet_name}!A15"] == "CM2 appears twice (also in row 7)"
    missing = [p for location, p in problems.items() if location == f"{sheet_name}!A:A"]
    assert missing and missing[0].startswith("no row for")


def test_missing_questions_are_each_reported(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "return.xlsx", fw, "Camden", 2024, ANSWERS)
    workbook = openpyxl.load_workbook(path)
    workbook[D.QUESTIONS_SHEET].delete_rows(D.FIRST_QUESTION_ROW + 2, 2)  # CM3 and CM4
    workbook.save(path)
    with pytest.raises(Refused) as caught:
        read(path, fw)
    reasons = sorted(p.reason for p in caught.value.problems)
    assert [r.split(" (")[0] for r in reasons] == ["no row for CM3", "no row for CM4"]
    assert all(p.location == f"'{D.QUESTIONS_SHEET}'!A:A" for p in caught.value.problems)


def test_moved_table_is_refused_with_its_heading_cell(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "return.xlsx", fw, "Camden", 2024, ANSWERS)
    workbook = openpyxl.load_workbook(path)
    workbook[D.QUESTIONS_SHEET].insert_cols(1)
    workbook.save(path)
    problems = refused(path, fw)
    assert f"'{D.QUESTIONS_SHEET}'!A5" in problems and "Question ID" in problems[f"'{D.QUESTIONS_SHEET}'!A5"]


@pytest.mark.parametrize("kind", ["blank", "filled", "synthetic"])
def test_no_existing_reader_claims_the_questionnaire(tmp_path, fw, kind):
    if kind == "synthetic":
        [path] = write_data_sharing_demo(tmp_path, fw, SEED, [CAMDEN], [2024])
    else:
        path = write_data_sharing_template(tmp_path / f"{kind}.xlsx", fw, *(("Camden", 2024, ANSWERS)
                                                                          if kind == "filled" else ()))
    with Incoming(path, path.name) as incoming:
        claimed = [kind.name for kind in KINDS if kind.name != "data_sharing" and kind.recognises(incoming, fw)]
        assert claimed == []
        assert kind_named("data_sharing").recognises(incoming, fw)


def test_the_excel_tool_is_not_taken_for_the_questionnaire(tmp_path, fw):
    from ingest.assessments.template import write_template

    path = write_template(tmp_path / "tool.xlsx", fw)
    with Book(path) as book:
        assert not DataSharingReader(fw).recognises(book)


def test_writer_refuses_answers_it_cannot_hold(tmp_path, fw):
    with pytest.raises(ValueError, match="CM9"):
        write_data_sharing_template(tmp_path / "x.xlsx", fw, answers={"CM9": ("yes", None)})
    with pytest.raises(ValueError, match="maybe"):
        write_data_sharing_template(tmp_path / "x.xlsx", fw, answers={"CM1": ("maybe", None)})


def test_answer_cells_offer_the_frameworks_choices(tmp_path, fw):
    path = write_data_sharing_template(tmp_path / "blank.xlsx", fw)
    sheet = openpyxl.load_workbook(path)[D.QUESTIONS_SHEET]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert [(v.formula1, str(v.sqref)) for v in lists] == [('"yes,partly,no"', "D6:D13")]
    assert sheet.cell(L.BANNER_ROW, 1).value is None  # a real return carries no banner


# --- synthetic answers -------------------------------------------------------------------------------


def test_synthetic_answers_are_deterministic_and_marked(fw):
    first = synthetic_answers(fw, SEED, CAMDEN, 2024)
    assert first == synthetic_answers(fw, SEED, CAMDEN, 2024)
    assert set(first) == {q.id for q in fw.data_sharing_questions}
    other_seed = [synthetic_answers(fw, SEED + 1, CAMDEN, year) for year in DEFAULT_YEARS]
    assert any(a != synthetic_answers(fw, SEED, CAMDEN, year) for a, year in zip(other_seed, DEFAULT_YEARS))
    choices = {c.answer for c in fw.data_sharing_choices}
    for answer, evidence in first.values():
        assert answer is None or answer in choices
        assert (evidence is None) == (answer is None)
        assert evidence is None or evidence.startswith("SYNTHETIC: ")


def test_synthetic_yes_share_rises_with_latent_e09(fw):
    plot = stories(fw, SEED)
    levels, yes_shares, seen = [], [], []
    for code, story in plot.items():
        for year in DEFAULT_YEARS:
            answers = [a for a, _ in synthetic_answers(fw, SEED, code, year).values()]
            seen += answers
            levels.append(story.level("E09", year))
            yes_shares.append(sum(a == "yes" for a in answers) / len(answers))
    assert len(levels) == 33 * 4
    correlation = spearmanr(levels, yes_shares)
    assert correlation.statistic > 0 and correlation.pvalue < 0.01
    assert {"yes", "partly", "no", None} <= set(seen)  # every answer occurs, and a few are left blank
    assert seen.count(None) < len(seen) / 10


def test_demo_questionnaires_read_back_as_drawn(tmp_path, fw):
    areas, years = ["E09000007", "E09000013"], [2023, 2024]
    paths = write_data_sharing_demo(tmp_path, fw, SEED, areas, years)
    assert [p.name for p in paths] == [
        "SYNTHETIC_E09000007_Camden_2023_data-sharing.xlsx", "SYNTHETIC_E09000007_Camden_2024_data-sharing.xlsx",
        "SYNTHETIC_E09000013_Hammersmith-and-Fulham_2023_data-sharing.xlsx",
        "SYNTHETIC_E09000013_Hammersmith-and-Fulham_2024_data-sharing.xlsx",
    ]
    for path, (code, year) in zip(paths, [(a, y) for a in areas for y in years]):
        result = read(path, fw)
        assert {a.question_id: (a.answer, a.evidence) for a in result.answers} == synthetic_answers(fw, SEED, code,
                                                                                                     year)
        assert result.submission.is_synthetic
        identity = identify(result.submission, path.name, fw)
        assert (identity.area_code, identity.assessment_year) == (code, year)
        workbook = openpyxl.load_workbook(path)
        assert all(workbook[name].cell(L.BANNER_ROW, 1).value == L.SYNTHETIC_BANNER
                   for name in (L.ABOUT_SHEET, D.QUESTIONS_SHEET))
        assert re.search("SYNTHETIC", workbook.properties.title)


def test_unknown_area_is_refused_by_the_demo(tmp_path, fw):
    with pytest.raises(ValueError, match="E09000099"):
        write_data_sharing_demo(tmp_path, fw, SEED, ["E09000099"], [2024])
