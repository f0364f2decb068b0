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
			return CVSS{}, cvssError("3.1", vector, err)
		}
		score := v.BaseScore()
		rating, _ := gocvss31.Rating(score)
		return CVSS{Vector: v.Vector(), Version: "3.1", Score: score, Rating: titleRating(rating)}, nil
	case strings.HasPrefix(vector, "CVSS:4.0/"):
		v, err := gocvss40.ParseVector(vector)
		if err != nil {
			return CVSS{}, cvssError("4.0", vector, err)
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

// cvssBases are complete, valid base vectors of each version: a component
// of a refused vector is tried in one of them to find which is at fault.
var cvssBases = map[string]string{
	"3.1": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N",
	"4.0": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
}

// cvssError says what is wrong with a refused vector, naming the component
// at fault where one is: the library says only "invalid metric value".
func cvssError(version, vector string, err error) error {
	parts := strings.Split(vector, "/")[1:]
	for _, part := range parts {
		if bad := cvssPartInvalid(version, part); bad {
			return FieldError("cvss_vector", "The CVSS v%s vector is not valid: %q is not a metric of CVSS v%s with a valid value.", version, part, version)
		}
	}
	return FieldError("cvss_vector", "The CVSS v%s vector is not valid (%v): every base metric must be given once, in the specification's order.", version, err)
}

// cvssPartInvalid reports whether one "metric:value" component is refused
// on its own, set into a valid base vector.
func cvssPartInvalid(version, part string) bool {
	key, _, ok := strings.Cut(part, ":")
	if !ok {
		return true
	}
	base := strings.Split(cvssBases[version], "/")
	replaced := false
	for i, b := range base[1:] {
		if strings.HasPrefix(b, key+":") {
			base[i+1], replaced = part, true
		}
	}
	if !replaced {
		base = append(base, part)
	}
	var err error
	switch version {
	case "3.1":
		_, err = gocvss31.ParseVector(strings.Join(base, "/"))
	case "4.0":
		_, err = gocvss40.ParseVector(strings.Join(base, "/"))
	}
	return err != nil
}
