// Package csafexport writes Rollcall's published alerts as CSAF 2.0
// documents (OASIS Common Security Advisory Framework,
// https://docs.oasis-open.org/csaf/csaf/v2.0/), with what a CSAF provider
// serves beside them — provider metadata and a ROLIE feed — and an
// organisation's "not applicable" answers as a CSAF VEX document. The
// server serves them (server/csaf_provider.go).
//
// Every document it writes passes csafimport.Validate: the CSAF 2.0 JSON
// schema and the mandatory tests csafimport implements (see its
// documentation for which); the tests check it for each kind of alert,
// the demo's MS17-010 alert built from demo/ms17-010.csv among them.
//
// # Alert to CSAF
//
//   - document.category: csaf_security_advisory; csaf_base when the
//     alert has no structured products (Affected is empty), since
//     CSAF 6.1.27.4 to 6.1.27.6 ask a security advisory for a product
//     tree and product statuses, which words do not give.
//   - document.title: the title. lang: en-GB. distribution.tlp: WHITE
//     (every alert served is one sent to every organisation).
//   - document.aggregate_severity.text: High, Medium or Low.
//   - document.publisher: the Publisher given; category coordinator.
//   - document.tracking: id the reference; version the revision (integer
//     versioning); status final; initial_release_date the first
//     publication; current_release_date the last revision's date;
//     revision_history one item per published revision, numbered by
//     revision, dated when it was published, its change note as summary;
//     generator the engine given. Dates are UTC to the second.
//   - A withdrawn alert keeps status final — CSAF 2.0 has no withdrawn
//     status and interim means more changes are expected — with its
//     withdrawal as the last revision (the reason as its summary) and a
//     general note titled "Withdrawn" saying when and why.
//   - document.notes: summary (category summary), affected products text
//     (details), remediation (general), a CVSS v4.0 vector and score
//     (other: CSAF 2.0 scores take CVSS v2 and v3 only), the withdrawal.
//   - document.references: each reference (external), then, when
//     Publisher.BaseURL is set, the document's own address (self).
//   - product_tree: software under vendor → product_name →
//     product_version_range branches, the range named in vers notation,
//     the product identified by its package URL (purl, without version)
//     or CPE (cpe; a CPE 2.3 name is padded with "*" to its eleven
//     components, as the schema asks). The vendor is the purl's namespace,
//     or its type when it has none ("pkg:npm/lodash" is vendor npm), or
//     the CPE's vendor. Each Windows build is a product under vendor
//     Microsoft named WindowsProductName: "Windows 7 SP1 (6.1.7601)",
//     "Windows 10 Version 1607 (10.0.14393)". An alert without structured
//     products gets one product named by the first line of its affected
//     products text (or "Products affected by <title>"), in
//     full_product_names. Product ids are CSAFPID-0001 and on.
//   - vulnerabilities: one per CVE, or, with none, one titled by the alert
//     and identified by ids {system_name "<publisher> alert", text the
//     reference}. Each has the summary as a note, every product
//     known_affected, the CVSS v3.1 score (if any) for every product, and
//     remediations: the remediation text as a vendor_fix for the software
//     (or named) products, and for the Windows builds a vendor_fix per
//     set of fixing updates — "Install KB4012212 or KB4012215, or a later
//     update that contains the fix." — adding "Build 10.0.14393.953 and
//     later are fixed." where a fixed revision is given.
//   - Never written: targets, roll calls, answers, organisations, clock
//     overrides, the advisory the alert came from, who wrote it.
//
// # Round trip
//
// csafimport.Parse then service.AlertFromAdvisory gives back the title,
// summary, severity, CVEs, CVSS v3.1 vector, references, software (the
// package URL or CPE and the vers range, in the version package's
// normal form) and Windows builds with their fixing updates (tested).
// What does not come back, or comes back changed:
//
//   - Windows names come back as the product names: the NT build in
//     brackets, and "Version" in a Windows 10 or 11 release
//     ("Windows 10 1607" returns as "Windows 10 Version 1607
//     (10.0.14393)"). csafimport reads the build from its table of
//     Windows releases or, failing that, from the bracketed build.
//     Builds come back grouped by their fix, not in the alert's order.
//   - FixedRevision comes back from the vendor fix's "Build X.Y.Z.R and
//     later are fixed.", with the KB numbers.
//   - A CVSS v4.0 vector does not come back (it is a note).
//   - AffectedProducts comes back only for an alert without structured
//     products, as "<publisher> <first line>" (csafimport's vendor and
//     product for people); otherwise AlertFromAdvisory writes it afresh
//     from the products.
//   - Remediation comes back only when the alert has software (or only
//     named) products, from the vendor_fix; for a Windows-only alert the
//     Windows fixes come back instead, and the text stays in the note
//     csafimport does not read.
//   - References come back with the document's self address after them.
//   - Not kept by csafimport at all: the revision history, status
//     (withdrawn), the other notes, the alert's id, the target.
//
// # Provider, feed and VEX
//
// ProviderMetadataWith writes provider-metadata.json (one ROLIE feed of
// TLP:WHITE documents; the OpenPGP keys given, if any; not listed or
// mirrored on aggregators). FeedWith writes the ROLIE feed, each entry
// linking to the document and its .sha256 and .sha512 files (rel hash)
// and, when keys are given, its .asc signature (rel signature, as
// requirement 15 asks). ProviderMetadata and Feed are the same without
// keys. File names follow CSAF 5.1 (FileName) and documents live in one
// folder per year of first publication (DocumentPath). Both validate
// against gocsaf's provider metadata and ROLIE feed schemas; the schemas
// require https addresses.
//
// # Role
//
// CSAF 2.0 section 7.2.3: a csaf_trusted_provider is a csaf_provider
// (requirements 1 to 7, one of 8 to 10, and 11 to 14 or 15 to 17 of
// section 7.1) that also meets requirements 18 (hashes), 19 (an OpenPGP
// signature of every document, at its name + ".asc", listed in the ROLIE
// feed) and 20 (the public key available). Rollcall meets 1, 2, 4, 6, 7,
// 9 (/.well-known/csaf/provider-metadata.json), 15 to 17 (one ROLIE feed
// for all its TLP:WHITE documents; service and category documents are
// optional and not used) and 18 always; 5 holds because it serves no
// TLP:AMBER or TLP:RED document; 19 and 20 when the server has a signing
// key (its public part served at /.well-known/csaf/openpgp/FINGERPRINT.asc
// and listed in public_openpgp_keys). Requirements 3 (TLS) and 9's "under
// the main domain of the issuing authority, over https" are about where
// it is served: Rollcall can vouch for them only when it is configured
// with its public https address, not when addresses follow the request's
// Host header. So the server claims TrustedRole (ProviderOptions.Trusted)
// only with a signing key and an https public URL; with a key alone the
// documents are signed but the role stays csaf_provider. Left to the
// operator: TLS itself in front of Rollcall, a key of adequate strength
// (requirement 20 SHOULD), and publishing the key on a key server
// (SHOULD). The provider metadata itself is not signed (CSAF 2.0 does not
// ask for it).
//
// VEX writes csaf_vex: for each alert an organisation answered "not
// applicable", the alert's products (as above) known_not_affected for
// each of its CVEs (one vulnerability per CVE across alerts; an alert
// without CVEs gets one identified by its reference), a
// component_not_present flag per vulnerability and the organisation's
// reason as an impact threat. Rollcall does not record why an alert does
// not apply, so the justification is always component_not_present. The
// organisation is the publisher (category user); the document is made
// on demand, version 1, status interim, dated by the answers.
//
// Signing itself is the server's (server/csaf_sign.go): this package only
// names the signatures and keys.
package csafexport
