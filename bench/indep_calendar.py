#!/usr/bin/python3
"""An independent calendar generator for the bench: the shapes of a
manager's five years (weekly, fortnightly, MO/WE/FR, monthly BYDAY, UNTIL
and COUNT, a few EXDATEs and moved instances, two zones, attendees), built
with the icalendar library rather than by timeaudit's own generator
(bench/calgen), so that the bench measures a calendar its authors did not
shape.

Usage: indep_calendar.py OUT.ics [SERIES] [YEARS]   (default 400 series, 5 years ending 2026-03-23)
"""
import datetime
import random
import sys
import pytz

import icalendar


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    years = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rnd = random.Random(2026)
    end = datetime.datetime(2026, 3, 23)
    first = end.replace(year=end.year - years)
    zones = [pytz.timezone("Europe/Berlin"), pytz.timezone("America/New_York")]
    shapes = [
        {"FREQ": "WEEKLY"},
        {"FREQ": "WEEKLY", "INTERVAL": 2},
        {"FREQ": "DAILY", "BYDAY": ["MO", "WE", "FR"]},
        {"FREQ": "MONTHLY", "BYDAY": ["1MO"]},
        {"FREQ": "MONTHLY", "BYDAY": ["-1FR"]},
        {"FREQ": "WEEKLY", "BYDAY": ["TU", "TH"]},
    ]
    names = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana"]
    titles = ["1:1 {}", "Review with {}", "Interview panel {}", "Retro {}", "Sync with {}", "Office hours {}"]
    cal = icalendar.Calendar()
    cal.add("prodid", "-//timeaudit//independent bench//EN")
    cal.add("version", "2.0")
    for i in range(n):
        tz = zones[i % 2]
        day = first + datetime.timedelta(days=rnd.randrange(90))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        start = tz.localize(datetime.datetime(day.year, day.month, day.day, rnd.randrange(8, 17), rnd.choice([0, 15, 30, 45])))
        length = datetime.timedelta(minutes=rnd.choice([15, 25, 30, 45, 50, 60, 90]))
        rule = dict(shapes[i % len(shapes)])
        if i % 7 == 0:
            rule["UNTIL"] = (start + datetime.timedelta(days=365 * rnd.randrange(2, 4))).astimezone(datetime.timezone.utc)
        elif i % 11 == 0:
            rule["COUNT"] = rnd.randrange(20, 200)
        ev = icalendar.Event()
        uid = "indep-%d@bench.timeaudit" % i
        title = titles[i % len(titles)].format(names[i % len(names)])
        ev.add("uid", uid)
        ev.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
        ev.add("dtstart", start)
        ev.add("dtend", start + length)
        ev.add("summary", title)
        ev.add("rrule", rule)
        ev.add("organizer", "mailto:me@corp.example")
        for who in ("me", names[i % len(names)].lower(), names[(i + 3) % len(names)].lower()):
            ev.add("attendee", "mailto:%s@corp.example" % who, parameters={"PARTSTAT": "ACCEPTED"})
        # A few instances left out, a few moved.
        if i % 5 == 0:
            for k in (3, 9):
                ev.add("exdate", start + datetime.timedelta(weeks=k))
        cal.add_component(ev)
        if i % 6 == 0 and rule["FREQ"] == "WEEKLY" and "BYDAY" not in rule and "INTERVAL" not in rule:
            orig = start + datetime.timedelta(weeks=5)
            moved = icalendar.Event()
            moved.add("uid", uid)
            moved.add("dtstamp", datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
            moved.add("recurrence-id", orig)
            moved.add("dtstart", orig + datetime.timedelta(hours=2))
            moved.add("dtend", orig + datetime.timedelta(hours=2) + length)
            moved.add("summary", title + " (moved)")
            cal.add_component(moved)
    with open(out, "wb") as f:
        f.write(cal.to_ical())


if __name__ == "__main__":
    main()
