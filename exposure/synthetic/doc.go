// Package synthetic makes a deterministic synthetic national estate
// (ESTATE.md describes its distribution) and measures the exposure matcher
// on it: the benchmark behind `rollcall bench exposure`, with a brute-force
// reference scan that shares nothing with the matcher. It is for
// benchmarks and tests at national scale; the server never uses it.
package synthetic
