"""Reads returns made from `write_data_sharing_template`.

Rows are tied to the framework by their Question ID rather than by position, as the Excel tool's
are, so a borough that sorts rows still loads; a row that cannot be tied, a question missing, or an
answer outside the framework's choices refuses the return with the cell named. An answer left blank
is kept as unanswered: "nobody knows" is worth recording, but a return with no answers says nothing.
"""

from __future__ import annotations

from framework.model import Framework
from ingest.assessments import layout as L
from ingest.assessments.about import about_fields, blank
from ingest.core.book import Book
from ingest.core.problems import Problem, Refused
from ingest.core.submission import Submission
from ingest.data_sharing import layout as D
from ingest.data_sharing.model import DataSharingAnswer, DataSharingReturn, choice_list


class DataSharingReader:
    name = "data_sharing"

    def __init__(self, fw: Framework) -> None:
        self._questions = {q.id: q for q in fw.data_sharing_questions}
        self._choices = {c.answer.casefold(): c.answer for c in fw.data_sharing_choices}
        self._choice_list = choice_list(fw)

    def recognises(self, book: Book) -> bool:
        names = book.sheet_names
        return L.ABOUT_SHEET in names and D.QUESTIONS_SHEET in names

    def read(self, book: Book) -> DataSharingReturn:
        problems: list[Problem] = []
        answers = self._answers(book, problems) if self._table_in_place(book, problems) else []
        if not problems and all(a.answer is None for a in answers):
            column = Book.column_letters(D.ANSWER_COL)
            problems.append(Problem(
                f"'{D.QUESTIONS_SHEET}'!{column}{D.FIRST_QUESTION_ROW}:{column}"
                f"{D.FIRST_QUESTION_ROW + len(self._questions) - 1}",
                f"no answers on '{D.QUESTIONS_SHEET}': answer at least one question {self._choice_list}",
            ))
        if problems:
            raise Refused(problems)
        title = book.text(L.ABOUT_SHEET, L.TITLE_ROW, L.ABOUT_LABEL_COL)
        submission = Submission(
            reader=self.name,
            **about_fields(book),
            participants=(),
            scores=(),
            titles=((title, Book.location(L.ABOUT_SHEET, L.TITLE_ROW, L.ABOUT_LABEL_COL)),) if title else (),
        )
        order = list(self._questions)
        return DataSharingReturn(submission, tuple(sorted(answers, key=lambda a: order.index(a.question_id))))

    def _table_in_place(self, book: Book, problems: list[Problem]) -> bool:
        """The headings the reader relies on are where the layout puts them."""
        moved = [
            Problem(Book.location(D.QUESTIONS_SHEET, D.TABLE_HEADER_ROW, col),
                    f"expected the heading '{D.HEADINGS[col]}' here; rows or columns seem to have been moved or deleted")
            for col in (D.ID_COL, D.ANSWER_COL, D.EVIDENCE_COL)
            if (book.text(D.QUESTIONS_SHEET, D.TABLE_HEADER_ROW, col) or "").casefold() != D.HEADINGS[col].casefold()
        ]
        problems.extend(moved)
        return not moved

    def _answers(self, book: Book, problems: list[Problem]) -> list[DataSharingAnswer]:
        answers: list[DataSharingAnswer] = []
        seen: dict[str, int] = {}
        for row in range(D.FIRST_QUESTION_ROW, len(book.rows(D.QUESTIONS_SHEET)) + 1):
            id_text = book.text(D.QUESTIONS_SHEET, row, D.ID_COL)
            answer_text = book.text(D.QUESTIONS_SHEET, row, D.ANSWER_COL)
            evidence = book.text(D.QUESTIONS_SHEET, row, D.EVIDENCE_COL)
            id_location = Book.location(D.QUESTIONS_SHEET, row, D.ID_COL)
            answer_location = Book.location(D.QUESTIONS_SHEET, row, D.ANSWER_COL)
            if id_text is None:
                if not blank(answer_text) or not blank(evidence):
                    problems.append(Problem(id_location, "an answer or evidence in a row with no Question ID"))
                continue
            question_id = id_text.upper()
            if question_id not in self._questions:
                problems.append(Problem(id_location, f"'{id_text}' is not a question ID of the questionnaire"))
                continue
            if question_id in seen:
                problems.append(Problem(id_location, f"{question_id} appears twice (also in row {seen[question_id]})"))
                continue
            seen[question_id] = row
            answer = None
            if answer_text is not None:
                answer = self._choices.get(answer_text.casefold())
                if answer is None:
                    problems.append(Problem(
                        answer_location, f"'{answer_text}' is not one of the answers ({self._choice_list}, or blank)"
                    ))
            answers.append(DataSharingAnswer(question_id, answer, evidence, answer_location))
        column = Book.column_letters(D.ID_COL)
        problems.extend(
            Problem(f"'{D.QUESTIONS_SHEET}'!{column}:{column}", f"no row for {q.id} ({q.text})")
            for q in self._questions.values()
            if q.id not in seen
        )
        return answers
