"""When a hand-entered indicator is reported: every quarter, or once a year in one quarter.

The plan file declares it per indicator (``reported_in_quarter``): a survey such
as NKI or the business-climate ranking, or a yearly staff figure, is reported
in the follow-up of one quarter; the other quarters show its last value. The
entry page asks only for what is due, and the readiness checklist counts only
what is due as missing.
"""

from indicators.quarters import QUARTERS


def is_due(*, reported_in_quarter: int | None, quarter: int) -> bool:
    """Whether a figure reported in ``reported_in_quarter`` (None: every quarter) is due."""
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")
    return reported_in_quarter is None or reported_in_quarter == quarter
