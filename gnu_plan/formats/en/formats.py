"""English dates as the English write them: 29 Nov 2026, or 2026-11-29 where space is short.

Django's own English formats are American ("Nov. 29, 2026", "11/29/2026"), and
its input formats take "11/29/2026" as well, which a European reader takes for
nonsense or, worse, for the 11th of a 29th month. Numbers keep Django's
English formats (22,576 tkr; 4.3).
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
