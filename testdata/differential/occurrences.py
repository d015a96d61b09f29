#!/usr/bin/python3
"""Print the occurrences python-recurring-ical-events finds in a calendar.

Usage: occurrences.py FILE FROM TO   (dates YYYY-MM-DD, the range [FROM, TO) in UTC)

One line per occurrence, sorted: START<TAB>END<TAB>SUMMARY, where timed
occurrences are UTC instants (2026-03-16T09:00:00Z; floating times are read
as UTC) and all-day ones are dates. timeaudit's differential test runs it
(Debian: python3-recurring-ical-events) and compares the sets.
"""
import datetime
import sys

import icalendar
import recurring_ical_events


def stamp(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def main():
    path, start, end = sys.argv[1:4]
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    start = datetime.datetime.strptime(start, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
    end = datetime.datetime.strptime(end, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
    lines = []
    for event in recurring_ical_events.of(cal).between(start, end):
        begin = event["DTSTART"].dt
        if "DTEND" in event:
            finish = event["DTEND"].dt
        elif "DURATION" in event:
            finish = begin + event["DURATION"].dt
        elif isinstance(begin, datetime.datetime):
            finish = begin
        else:
            finish = begin + datetime.timedelta(days=1)
        summary = str(event.get("SUMMARY", ""))
        lines.append("%s\t%s\t%s" % (stamp(begin), stamp(finish), summary.replace("\t", " ").replace("\n", " ")))
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
