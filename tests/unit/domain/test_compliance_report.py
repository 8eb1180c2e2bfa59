"""The compliance report value: rows checked against columns, JSON and CSV renderings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from gbdcc.domain.compliance.report import ComplianceReport, column

AT = datetime(2017, 2, 17, tzinfo=UTC)


def _report() -> ComplianceReport:
    return ComplianceReport("demo", "R-ERO-1", "Demo", AT, ("party", "due", "met"),
                            (("A, Ltd", date(2017, 2, 16), True), ("B", None, False)),
                            summary={"met": 1}, notes=("dates are configuration",))


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        ComplianceReport("x", "R-ERO-1", "X", AT, ("a", "b", "c"), (("1", "2"),))


def test_json_document_names_rule_and_renders_dates_as_iso() -> None:
    doc = _report().as_dict()
    assert doc["rule"] == "R-ERO-1" and doc["as_of"] == "2017-02-17T00:00:00+00:00"
    assert doc["rows"] == [{"party": "A, Ltd", "due": "2017-02-16", "met": True},
                           {"party": "B", "due": None, "met": False}]
    assert doc["summary"] == {"met": 1} and doc["notes"] == ["dates are configuration"]


def test_csv_has_a_header_quotes_commas_and_leaves_none_empty() -> None:
    assert _report().to_csv().splitlines() == ["party,due,met", '"A, Ltd",2017-02-16,True', "B,,False"]
    assert column(_report(), "met") == [True, False]
