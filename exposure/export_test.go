package exposure

// Test helpers of the package, for its external tests (estate_test.go).
var (
	ReferenceMatch = referenceMatch
	SameExposure   = sameExposure
	MS17010        = ms17010
)
