"""Ukrainian dates: "7 грудня 2026 р." (month in the genitive, no leading zero), "07.12.2026"."""

DATE_FORMAT = "j E Y\u00a0р."  # a no-break space: "р." never starts a line
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j E Y\u00a0р., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j E"
