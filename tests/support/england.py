"""Assessments from outside London for the England-wide tests (issue #15): workbooks for three West
Yorkshire authorities, named as their councils write themselves, and one for an authority that no
longer existed in its year. Their scores are the synthetic generator's for London boroughs (SYNTHETIC,
like every test workbook); what is under test is that the warehouse takes, places and benchmarks them."""

from __future__ import annotations

from dataclasses import replace

from synthetic.generator import generate
from tests.support.submissions import Submitted

LEEDS, BRADFORD, WAKEFIELD = "E08000035", "E08000032", "E08000036"
YORKSHIRE = "E12000003"
CUMBRIA = "E10000006"
# (area code, what the workbook's About sheet says, year, the London borough whose scores it borrows)
WRITTEN = (
    (LEEDS, "Leeds City Council", 2023, "E09000002"),
    (LEEDS, "Leeds City Council", 2024, "E09000002"),
    (BRADFORD, "City of Bradford Metropolitan District Council", 2024, "E09000003"),
    (WAKEFIELD, "Wakefield", 2024, "E09000004"),
)
DISSOLVED = (CUMBRIA, "Cumbria County Council", 2024, "E09000005")  # replaced on 1 April 2023
# The ONS lookup a user supplies for ICBs outside London, in the layout of ONS's LAD → ICB lookups.
ICB_LOOKUP = (
    "LAD23CD,LAD23NM,ICB23CD,ICB23CDH,ICB23NM,ObjectId\n"
    "E08000032,Bradford,E54000054,QWO,NHS West Yorkshire Integrated Care Board,1\n"
    "E08000033,Calderdale,E54000054,QWO,NHS West Yorkshire Integrated Care Board,2\n"
    "E08000034,Kirklees,E54000054,QWO,NHS West Yorkshire Integrated Care Board,3\n"
    "E08000035,Leeds,E54000054,QWO,NHS West Yorkshire Integrated Care Board,4\n"
    "E08000036,Wakefield,E54000054,QWO,NHS West Yorkshire Integrated Care Board,5\n"
    "E07000163,Craven,E54000050,QOQ,NHS Humber and North Yorkshire Integrated Care Board,6\n"
)


def england_submissions(fw) -> list[Submitted]:
    """The West Yorkshire workbooks and the dissolved authority's, each one group of the year."""
    submitted = []
    for code, written, year, borrowed in (*WRITTEN, DISSOLVED):
        workbook = generate(fw, area_codes=[borrowed], years=[year])[0]
        content = replace(workbook.content, area_name=written, group_label=None, narrative=workbook.content.narrative)
        name = f"SYNTHETIC_{written.replace(' ', '-')}_{year}.xlsx"
        submitted.append(Submitted(name, code, content))
    return submitted
