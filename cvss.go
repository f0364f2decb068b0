package rollcall

import (
	"strings"

	gocvss31 "github.com/pandatix/go-cvss/31"
	gocvss40 "github.com/pandatix/go-cvss/40"
)

// CVSS is a validated CVSS vector with its base score and rating.
type CVSS struct {
	Vector  string  `json:"vector"`
	Version string  `json:"version"` // "3.1" or "4.0"
	Score   float64 `json:"score"`
	Rating  string  `json:"rating"` // None, Low, Medium, High, Critical
}

// ParseCVSS validates a CVSS v3.1 or v4.0 vector and scores it. The error
// is an EINVALID *Error on field "cvss_vector" that says what is wrong.
func ParseCVSS(vector string) (CVSS, error) {
	vector = strings.TrimSpace(vector)
	switch {
	case strings.HasPrefix(vector, "CVSS:3.1/"):
		v, err := gocvss31.ParseVector(vector)
		if err != nil {
			return CVSS{}, FieldError("cvss_vector", "The CVSS v3.1 vector is not valid: %v.", err)
		}
		score := v.BaseScore()
		rating, _ := gocvss31.Rating(score)
		return CVSS{Vector: v.Vector(), Version: "3.1", Score: score, Rating: titleRating(rating)}, nil
	case strings.HasPrefix(vector, "CVSS:4.0/"):
		v, err := gocvss40.ParseVector(vector)
		if err != nil {
			return CVSS{}, FieldError("cvss_vector", "The CVSS v4.0 vector is not valid: %v.", err)
		}
		score := v.Score()
		rating, _ := gocvss40.Rating(score)
		return CVSS{Vector: v.Vector(), Version: "4.0", Score: score, Rating: titleRating(rating)}, nil
	}
	return CVSS{}, FieldError("cvss_vector", "A CVSS vector must start with CVSS:3.1/ or CVSS:4.0/.")
}

// titleRating writes the library's "HIGH" as the specification's "High".
func titleRating(r string) string {
	if r == "" {
		return r
	}
	return r[:1] + strings.ToLower(r[1:])
}
