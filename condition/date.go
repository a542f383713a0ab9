package condition

import "time"

// instant is a point in time: seconds since the Unix epoch and nanoseconds.
type instant struct {
	sec  int64
	nsec int32
}

func cmpInstant(a, b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// parseDate reads the values date operators accept: "one of the W3C
// implementations of the ISO 8601 date formats or in epoch (UNIX) time"
// (reference_policies_elements_condition_operators.md, Date).
//
//   - epoch seconds: digits with an optional sign and fraction. A bare
//     four-digit number is read as epoch seconds too, not as a year, so a
//     year alone must be written 2024-01 or 2024-01-01.
//   - YYYY-MM, YYYY-MM-DD
//   - YYYY-MM-DDThh:mm, YYYY-MM-DDThh:mm:ss, YYYY-MM-DDThh:mm:ss.s...
//     followed by Z, +hh:mm, -hh:mm (or +hhmm). W3C requires the zone on a
//     time; it is accepted without one and then read as UTC, which the
//     documentation does not cover.
//
// It does not allocate, so Eval can parse request values on the hot path.
func parseDate(s string) (instant, bool) {
	if s == "" {
		return instant{}, false
	}
	if in, ok := parseEpoch(s); ok {
		return in, true
	}
	p := dateScanner{s: s}
	year, ok := p.digits(4)
	if !ok || !p.eat('-') {
		return instant{}, false
	}
	month, ok := p.digits(2)
	if !ok || month < 1 || month > 12 {
		return instant{}, false
	}
	day := 1
	if p.eat('-') {
		if day, ok = p.digits(2); !ok || day < 1 || day > daysIn(year, month) {
			return instant{}, false
		}
	} else if !p.done() {
		return instant{}, false
	}
	var hour, minute, sec, nsec, offset int
	if p.eat('T') || p.eat('t') {
		if hour, ok = p.digits(2); !ok || hour > 23 || !p.eat(':') {
			return instant{}, false
		}
		if minute, ok = p.digits(2); !ok || minute > 59 {
			return instant{}, false
		}
		if p.eat(':') {
			if sec, ok = p.digits(2); !ok || sec > 59 {
				return instant{}, false
			}
			if p.eat('.') {
				if nsec, ok = p.fraction(); !ok {
					return instant{}, false
				}
			}
		}
		if offset, ok = p.zone(); !ok {
			return instant{}, false
		}
	}
	if !p.done() {
		return instant{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	return instant{sec: t.Unix() - int64(offset), nsec: int32(nsec)}, true
}

// parseEpoch reads [+-]digits[.digits] as seconds since the epoch.
func parseEpoch(s string) (instant, bool) {
	i, neg := 0, false
	if s[0] == '+' || s[0] == '-' {
		neg, i = s[0] == '-', 1
	}
	start := i
	var sec int64
	for i < len(s) && isDigit(s[i]) {
		if i-start >= 18 { // keeps sec far from int64 overflow
			return instant{}, false
		}
		sec = sec*10 + int64(s[i]-'0')
		i++
	}
	if i == start {
		return instant{}, false
	}
	var nsec int
	if i < len(s) && s[i] == '.' {
		p := dateScanner{s: s, i: i + 1}
		n, ok := p.fraction()
		if !ok || !p.done() {
			return instant{}, false
		}
		nsec, i = n, len(s)
	}
	if i != len(s) {
		return instant{}, false
	}
	if neg {
		if nsec > 0 {
			return instant{sec: -sec - 1, nsec: int32(1e9 - nsec)}, true
		}
		return instant{sec: -sec}, true
	}
	return instant{sec: sec, nsec: int32(nsec)}, true
}

type dateScanner struct {
	s string
	i int
}

func (p *dateScanner) done() bool { return p.i == len(p.s) }

func (p *dateScanner) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *dateScanner) digits(n int) (int, bool) {
	if len(p.s)-p.i < n {
		return 0, false
	}
	v := 0
	for k := 0; k < n; k++ {
		c := p.s[p.i+k]
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v, true
}

// fraction reads at least one digit of a fraction of a second, returning
// nanoseconds; digits past the ninth are dropped.
func (p *dateScanner) fraction() (int, bool) {
	start, ns, scale := p.i, 0, int(1e8)
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		ns += int(p.s[p.i]-'0') * scale
		scale /= 10
		p.i++
	}
	return ns, p.i > start
}

// zone reads Z, +hh:mm, -hh:mm, +hhmm or nothing (UTC), returning the offset
// east of UTC in seconds.
func (p *dateScanner) zone() (int, bool) {
	if p.done() {
		return 0, true
	}
	if p.eat('Z') || p.eat('z') {
		return 0, true
	}
	sign := 1
	switch {
	case p.eat('+'):
	case p.eat('-'):
		sign = -1
	default:
		return 0, false
	}
	h, ok := p.digits(2)
	if !ok || h > 23 {
		return 0, false
	}
	p.eat(':')
	m, ok := p.digits(2)
	if !ok || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
