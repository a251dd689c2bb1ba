package names

import "strings"

var (
	ones = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
		"seventeen", "eighteen", "nineteen"}
	tens = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
		"ninety"}
)

// spellNumber spells a run of decimal digits in camelCase English words, so a
// name such as "3D Print Job" still yields a Go identifier ("threeD...").
// Numbers of ten digits or more, and those with leading zeros, are spelled
// digit by digit.
func spellNumber(digits string) string {
	if len(digits) == 0 {
		return ""
	}
	var words []string
	if len(digits) > 9 || (len(digits) > 1 && digits[0] == '0') {
		for _, d := range digits {
			words = append(words, ones[d-'0'])
		}
	} else {
		n := 0
		for _, d := range digits {
			n = n*10 + int(d-'0')
		}
		words = numberWords(n)
	}
	var b strings.Builder
	b.WriteString(words[0])
	for _, w := range words[1:] {
		b.WriteString(upperFirst(w))
	}
	return b.String()
}

func numberWords(n int) []string {
	switch {
	case n < 20:
		return []string{ones[n]}
	case n < 100:
		w := []string{tens[n/10]}
		if n%10 != 0 {
			w = append(w, ones[n%10])
		}
		return w
	case n < 1000:
		return scaled(n, 100, "hundred")
	case n < 1_000_000:
		return scaled(n, 1000, "thousand")
	default:
		return scaled(n, 1_000_000, "million")
	}
}

func scaled(n, unit int, name string) []string {
	w := append(numberWords(n/unit), name)
	if n%unit != 0 {
		w = append(w, numberWords(n%unit)...)
	}
	return w
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
