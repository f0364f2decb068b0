// Package exposure answers "which hosts are exposed to this alert?" for the
// whole national estate, in milliseconds.
//
// The Matcher keeps every host's software inventory in memory as an inverted
// index: each product and each distinct product-version is given a dense id,
// and each product-version owns a compressed bitmap (roaring) of the hosts
// that have it installed. An Advisory names one product and a Predicate over
// its versions; matching evaluates the predicate once per distinct version of
// that product, ORs the bitmaps of the affected versions and counts the hosts
// per organisation. Windows updates are products too ("kb", "KB4012212"), so
// "fixed by any of these updates" is one more bitmap OR and an ANDNOT.
//
// It deliberately knows nothing of version schemes: callers bring the
// Predicate. The synthetic national estate and the benchmark that
// `rollcall bench exposure` runs are in exposure/synthetic, apart from what
// the server uses.
package exposure
