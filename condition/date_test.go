package condition

import (
	"testing"
	"time"
)

// Date values: "one of the W3C implementations of the ISO 8601 date formats
// or in epoch (UNIX) time" (reference_policies_elements_condition_operators.md,
// "Date condition operators"). aws:EpochTime "also accepts the number of
// seconds since January 1, 1970" (reference_policies_condition-keys.md).
func TestParseDate(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) instant {
		tm := time.Date(y, mo, d, h, mi, s, ns, time.UTC)
		return instant{sec: tm.Unix(), nsec: int32(tm.Nanosecond())}
	}
	cases := []struct {
		in   string
		want instant
	}{
		{"2020-01-01T00:00:01Z", utc(2020, 1, 1, 0, 0, 1, 0)},
		{"2020-01-01T00:00:01.5Z", utc(2020, 1, 1, 0, 0, 1, 5e8)},
		{"2020-01-01T00:00:01.123456789Z", utc(2020, 1, 1, 0, 0, 1, 123456789)},
		{"2020-01-01T00:00:01.1234567891Z", utc(2020, 1, 1, 0, 0, 1, 123456789)},
		{"2020-01-01T00:00Z", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"2020-01-01T01:00:00+01:00", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"2019-12-31T19:00:00-05:00", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"2020-01-01T05:30:00+0530", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"2020-01-01t00:00:00z", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"2020-01-01T00:00:00", utc(2020, 1, 1, 0, 0, 0, 0)}, // no zone: UTC (docs silent)
		{"2020-01-01", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"2020-02", utc(2020, 2, 1, 0, 0, 0, 0)},
		{"2024-02-29", utc(2024, 2, 29, 0, 0, 0, 0)},
		{"1577836800", utc(2020, 1, 1, 0, 0, 0, 0)},
		{"0", utc(1970, 1, 1, 0, 0, 0, 0)},
		{"1577836800.25", utc(2020, 1, 1, 0, 0, 0, 25e7)},
		{"-1", utc(1969, 12, 31, 23, 59, 59, 0)},
		{"-0.5", utc(1969, 12, 31, 23, 59, 59, 5e8)},
		{"2024", utc(1970, 1, 1, 0, 33, 44, 0)}, // bare digits are epoch seconds
	}
	for _, tc := range cases {
		got, ok := parseDate(tc.in)
		if !ok || got != tc.want {
			t.Errorf("parseDate(%q) = %+v, %v; want %+v", tc.in, got, ok, tc.want)
		}
	}
	for _, bad := range []string{
		"", "yesterday", "2020-13-01", "2020-00-01", "2020-02-30", "2023-02-29", "2020-01-32", "2020-1-1",
		"2020-01-01T24:00:00Z", "2020-01-01T00:60:00Z", "2020-01-01T00:00:60Z", "2020-01-01T00Z",
		"2020-01-01T00:00:00.Z", "2020-01-01T00:00:00+25:00", "2020-01-01T00:00:00 Z", "2020-01-01 00:00:00",
		"2020/01/01", "1e9", "12345678901234567890", "1.", "2020-01-01T00:00:00ZZ", "+", "2020-01T00:00Z",
	} {
		if got, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %+v, want failure", bad, got)
		}
	}
}

func TestDateOperators(t *testing.T) {
	tit := func(v string) req { return req{"aws:TokenIssueTime": vs(v)} }
	now := func(v string) req { return req{"aws:CurrentTime": vs(v)} }
	runEvalCases(t, []evalCase{
		// The page's example: credentials issued after 2020-01-01T00:00:01Z.
		{"gt/doc example after", "DateGreaterThan", "aws:TokenIssueTime", vs("2020-01-01T00:00:01Z"), tit("2020-06-01T12:00:00Z"), false, true},
		{"gt/doc example before", "DateGreaterThan", "aws:TokenIssueTime", vs("2020-01-01T00:00:01Z"), tit("2019-12-31T23:59:59Z"), false, false},
		{"gt/equal is not after", "DateGreaterThan", "aws:TokenIssueTime", vs("2020-01-01T00:00:01Z"), tit("2020-01-01T00:00:01Z"), false, false},
		// "The aws:TokenIssueTime key is present ... only when the principal
		// uses temporary credentials": absent, the condition is false.
		{"gt/doc example no key", "DateGreaterThan", "aws:TokenIssueTime", vs("2020-01-01T00:00:01Z"), req{}, false, false},
		{"gte/equal", "DateGreaterThanEquals", "aws:CurrentTime", vs("2020-01-01T00:00:00Z"), now("2020-01-01T00:00:00Z"), false, true},
		{"lt/before", "DateLessThan", "aws:CurrentTime", vs("2020-01-01T00:00:00Z"), now("2019-12-31T23:59:59.999Z"), false, true},
		{"lt/equal", "DateLessThan", "aws:CurrentTime", vs("2020-01-01T00:00:00Z"), now("2020-01-01T00:00:00Z"), false, false},
		{"lte/equal", "DateLessThanEquals", "aws:CurrentTime", vs("2020-01-01T00:00:00Z"), now("2020-01-01T00:00:00Z"), false, true},
		{"lte/after", "DateLessThanEquals", "aws:CurrentTime", vs("2020-01-01T00:00:00Z"), now("2020-01-01T00:00:00.001Z"), false, false},
		// Different notations of the same instant are equal.
		{"eq/zones", "DateEquals", "aws:CurrentTime", vs("2020-01-01T00:00:00Z"), now("2020-01-01T01:00:00+01:00"), false, true},
		{"eq/epoch vs iso", "DateEquals", "aws:EpochTime", vs("2020-01-01T00:00:00Z"), req{"aws:EpochTime": vs("1577836800")}, false, true},
		{"eq/date only", "DateEquals", "aws:CurrentTime", vs("2020-01-01"), now("2020-01-01T00:00:00Z"), false, true},
		{"eq/other", "DateEquals", "aws:CurrentTime", vs("2020-01-01"), now("2020-01-02"), false, false},
		{"ne/other", "DateNotEquals", "aws:CurrentTime", vs("2020-01-01", "2020-01-02"), now("2020-01-03"), false, true},
		{"ne/listed", "DateNotEquals", "aws:CurrentTime", vs("2020-01-01", "2020-01-02"), now("2020-01-02T00:00:00Z"), false, false},
		{"epoch/lt", "DateLessThan", "aws:EpochTime", vs("1700000000"), req{"aws:EpochTime": vs("1699999999")}, false, true},
		{"epoch/policy iso request epoch", "DateGreaterThan", "aws:EpochTime", vs("2023-11-14T22:13:20Z"), req{"aws:EpochTime": vs("1700000001")}, false, true},
		// Wildcards are not permitted: a * is not a date, so nothing matches.
		{"request not a date", "DateLessThan", "aws:CurrentTime", vs("2020-01-01"), now("2019-*"), false, false},
		{"negated request not a date", "DateNotEquals", "aws:CurrentTime", vs("2020-01-01"), now("soon"), false, true},
	})
}
