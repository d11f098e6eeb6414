"""Swedish number and date formats: 22 576 tkr, 4,3, 80 %, 2022-12-05.

Django's own sv formats use a no-break space as thousands separator; these
settings state the choices explicitly so that the app does not depend on them.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y%m%d", "%y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
