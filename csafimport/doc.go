// Package csafimport reads CSAF 2.0 security advisories (OASIS Common
// Security Advisory Framework, https://docs.oasis-open.org/csaf/csaf/v2.0/)
// — one document, a folder of them, or one at a web address — checks them,
// and maps each to one Rollcall advisory.
//
// # Validation
//
// A document is checked in full before it is mapped, and refused with an
// *InvalidError that lists every fault with its JSON pointer, such as
//
//	/vulnerabilities/0/product_status/fixed/2: CSAF-6.1.1 missing definition of product id CSAFPID-9
//
// First against the CSAF 2.0 JSON schema as OASIS publishes it, with the
// CVSS 2.0, 3.0 and 3.1 schemas it references, all embedded (data/) and
// compiled with santhosh-tekuri/jsonschema, so validation never goes to
// the network. The published schema allows properties it does not
// define, so a document may carry its own. Schema faults are named
// "schema", but those inside a score's cvss_v2 or cvss_v3 object, which
// are the faults CSAF 6.1.8 looks for, are named "CSAF-6.1.8".
//
// Then the mandatory tests of CSAF 2.0 section 6.1 implemented here, each
// in its own function named after its number (mandatory*.go), each with a
// failing and a passing document in mandatory_test.go:
//
//   - 6.1.1 missing definition of product id (product groups,
//     relationships, product status, remediations, scores, threats, flags)
//   - 6.1.2 multiple definition of product id
//   - 6.1.3 circular definition of product id (through relationships)
//   - 6.1.4 missing definition of product group id (remediations,
//     threats, flags)
//   - 6.1.5 multiple definition of product group id
//   - 6.1.6 contradicting product status (affected, not affected, fixed,
//     under investigation)
//   - 6.1.7 multiple scores with same version per product
//   - 6.1.8 invalid CVSS: the object follows its CVSS schema (above), the
//     vector parses under its version (v2.0 and v3.0 with
//     pandatix/go-cvss, v3.1 with rollcall.ParseCVSS) and its prefix
//     agrees with the version property
//   - 6.1.9 invalid CVSS computation: baseScore, and for v3 baseSeverity,
//     are what the vector computes to (temporal and environmental scores
//     are not checked)
//   - 6.1.10 inconsistent CVSS: each metric property given in a cvss_v2
//     or cvss_v3 object (attackVector … modifiedAvailabilityImpact;
//     accessVector … targetDistribution) says what the vector says; a
//     temporal or environmental metric the vector leaves out must be
//     NOT_DEFINED. Skipped for a vector 6.1.8 refuses.
//   - 6.1.11 CWE: the id has the form CWE-n and the CWE catalogue has a
//     weakness of that id, and the name is that weakness's name. The
//     catalogue's names are embedded (data/cwe-names.tsv, versions 1.0 to
//     4.17) and any name a weakness has had in them is accepted, so a
//     document written before a weakness was renamed is not refused; an
//     id of a CWE category or view, not a weakness, is refused.
//   - 6.1.12 language: document/lang and source_lang parse as BCP 47 tags
//     with golang.org/x/text/language, which refuses ill-formed tags and
//     unknown language subtags ("EZ", "jp"); what exists is what x/text's
//     registry data knows. It accepts private-use and grandfathered tags
//     ("x-foo", "i-default", region "ZZ"): private use is the concern of
//     the optional tests, not this one.
//   - 6.1.13 invalid purl (packageurl-go)
//   - 6.1.14 sorted revision history. Here and in 6.1.16 and 6.1.21 the
//     history is ordered by date, then (for one date) by number, never by
//     its place in the array
//   - 6.1.15 translator: a publisher of category translator gives
//     source_lang
//   - 6.1.16 latest document version matches the revision history (build
//     metadata ignored; the pre-release part too for drafts)
//   - 6.1.17 document status draft: a version 0, 0.y.z or with a
//     pre-release part needs status draft
//   - 6.1.18 released revision history: a final or interim document has
//     no revision numbered 0 or 0.y.z
//   - 6.1.19 revision history entries for pre-release versions: no
//     revision number has a pre-release part, whatever the status (build
//     metadata is not a pre-release part)
//   - 6.1.20 non-draft document version: a final or interim document's
//     version has no pre-release part
//   - 6.1.21 missing item in revision history
//   - 6.1.22 multiple definition in revision history
//   - 6.1.23 multiple use of same CVE
//   - 6.1.24 multiple definition in involvements: within a
//     vulnerability, a party (whatever its status) appears once per date;
//     dates are compared as instants. Doubt: date is optional in
//     involvements; two items of the same party without a date are
//     taken as the same date and refused.
//   - 6.1.25 multiple use of same hash algorithm: within one item of a
//     product identification helper's hashes, no algorithm twice. Names
//     are compared exactly: "sha256" and "SHA256" are not caught.
//   - 6.1.26 prohibited document category name: a category other than the
//     five profile values that equals, ignoring case, dashes and hyphens,
//     minus signs, white space and underscores, the name without csaf_ or
//     the title of a profile other than CSAF Base ("Security Advisory",
//     "security-incident-response", "VEX", "Informational_Advisory"), or
//     one of the five profile values ("csaf_BASE", "Csaf_VeX").
//   - 6.1.27.1 document notes, 6.1.27.2 document references, 6.1.27.3
//     vulnerabilities (informational advisories, incident responses)
//   - 6.1.27.4 product tree, 6.1.27.5 vulnerability notes (security
//     advisories, VEX), 6.1.27.6 product status (security advisories)
//   - 6.1.27.7 VEX product status, 6.1.27.8 vulnerability id (VEX)
//   - 6.1.27.9 impact statement (VEX): each known_not_affected product is
//     named, directly or through a product group, by a flag (any label)
//     or by a threat of category impact
//   - 6.1.27.10 action statement (VEX): each known_affected product is
//     named, directly or through a product group, by a remediation (any
//     category)
//   - 6.1.27.11 vulnerabilities (security advisories, VEX): present
//   - 6.1.28 translation: source_lang is not lang (compared without case;
//     "en" and "en-US" differ)
//   - 6.1.29 remediation without product reference: each remediation has
//     product_ids or group_ids
//   - 6.1.30 mixed integer and semantic versioning: tracking version and
//     every revision number are all integers or all semantic versions; the
//     tracking version sets the scheme (the first readable revision
//     number when it cannot be read) and each element of the other scheme
//     is a fault
//   - 6.1.31 version range in product version: a product_version branch
//     name contains neither < nor > (so neither <= nor >=), nor, as a
//     word separated by white space and ignoring case, after, all,
//     before, earlier, later, prior or versions (so "prior to 2.0", "1.4
//     and later", "all versions" are refused, and "after-eight" is not).
//     The standard deems it sufficient to look for these strings anywhere
//     in the name; words are matched here, as in the OASIS reference
//     validator, so that names such as "firewall 2" are not refused for
//     "all".
//   - 6.1.32 flag without product reference: each flag has product_ids or
//     group_ids
//   - 6.1.33 multiple flags with VEX justification codes per product:
//     within a vulnerability a product is named, directly or through a
//     product group, by one flag at most
//
// Every mandatory test of CSAF 2.0 section 6.1 is run. A test that reads
// a version or revision number skips one that is neither an integer nor
// a semantic version (the schema's fault), and 6.1.9 and 6.1.10 skip a
// vector 6.1.8 refuses. No optional (6.2) or informative (6.3) test is
// run. The OASIS CSAF TC's own test documents for section 6.1
// (testdata/oasis, 109 of them) are run by oasis_test.go: each that must
// pass is imported, each that must fail is refused for its test.
//
// The document is read into the structs of package csafmodel, the one
// CSAF model csafexport writes from too; not gocsaf's csaf.Advisory, which
// cannot read product groups (csafmodel says why).
//
// # Mapping
//
// One advisory per document, Source "csaf":
//
//   - SourceID: /document/tracking/id; Summary: /document/title.
//   - Details: the document notes of category summary and description (in
//     document order); if none, those of category general and details; if
//     none, the vulnerabilities' summary and description notes.
//   - Published, Modified: tracking initial_release_date,
//     current_release_date.
//   - Aliases: each vulnerability's cve, then tracking aliases.
//   - References: the URLs of the document references, then of each
//     vulnerability's references, without repeats.
//   - Facts.Publisher: publisher name. Facts.CWEs: each vulnerability's
//     cwe id.
//   - Facts.CVSS: the highest-scoring CVSS v3.0 or v3.1 base vector of any
//     score (v3.0 kept as version "3.0", scored by pandatix/go-cvss; v2 is
//     validated but not kept).
//   - Facts.Severity: aggregate_severity text critical, important or high →
//     high, moderate or medium → medium, low → low; otherwise the rating
//     of Facts.CVSS.
//   - Facts.Remediations: each vulnerability remediation's category,
//     details and url, with the names of its products (product_ids, and
//     the members of its group_ids); one per category, details and url.
//   - Affected: for each product in known_affected, first_affected or
//     last_affected whose product_identification_helper (or, for a
//     product defined by a relationship, its product_reference's) gives a
//     purl or a cpe:
//     a product_version_range branch in vers notation is taken as it is;
//     otherwise the product's version (the purl's or CPE's version, else
//     its product_version branch) is gathered with the fixed, first_fixed
//     and known_not_affected versions of the same product (same purl
//     without version, or CPE part:vendor:product) and written as a vers
//     range: ">=first_affected|<lowest fixed" (the lower bound only with a
//     first_affected) when every affected version lies below the lowest
//     fixed one and no not-affected or fixed version lies within; else
//     "<=last_affected" likewise; else, with a first_affected and nothing
//     fixed or last affected, ">=first_affected" (unless a later version is
//     said not affected); else the affected versions exactly
//     ("1.2.3|1.2.4"). Known affected versions below a fix with no
//     first_affected give "<fixed", which claims the earlier versions the
//     document does not list too: the conservative reading. The scheme is the purl type's
//     (version.SchemeForPURLType); generic for a CPE. A purl whose type
//     has no scheme, a version the scheme cannot read, a product_version_range
//     not in vers notation, a product with no version, or a CPE without
//     vendor and product leaves the product unmapped.
//   - Red Hat: Red Hat advisories list only fixed packages, each a
//     relationship of a package named as an RPM ("telnet-1:0.17-65.el7_6.x86_64",
//     no purl) to a product stream. A fixed product whose component is such
//     a Red Hat RPM maps to pkg:rpm/redhat/NAME affected below the fixed
//     [epoch:]version-release (vers:rpm/<1:0.17-65.el7_6); source packages
//     are left out. Streams with different fixed builds give one range
//     each, which the matcher unions.
//   - Facts.Windows: a vendor_fix remediation naming update numbers
//     (KB followed by 6 to 8 digits, in its details or url), for each of
//     its products whose name is a Windows release this package knows
//     (windows.go: Vista to Windows 11 24H2, Server 2003 to 2025), gives
//     the release's NT build fixed by those updates.
//   - Facts.Vendor, Facts.Product: the vendor and product_name (or
//     product_family) branch names of the affected products mapped to
//     neither Affected nor Windows — or of every product when the document
//     affects none (an informational advisory) — for people; they are
//     counted in Stats.SkippedProducts and Batch.SkippedProducts, and do
//     not refuse the document.
//   - A valid document that names no product at all (CSAF does not
//     require a product tree) is kept too, with nothing to match: its page
//     in the library says it names no product Rollcall can match.
//
// Ignored: document acknowledgements, distribution and TLP, lang and
// source_lang (checked, not kept), publisher category and contact
// details, tracking generator, status and revision history (checked, not
// kept),
// product_tree product_groups (used only to resolve group ids),
// full_product_names without purl or cpe, hashes, model numbers, serial
// numbers, SKUs, SBOM URLs and x_generic_uris; vulnerability titles,
// notes (but as above), ids, involvements, flags, threats (including
// exploit status), discovery and release dates, acknowledgements; CVSS
// temporal and environmental metrics; remediation dates, entitlements and
// restart_required; recommended, under_investigation and
// known_not_affected products (but as bounds of a range, above).
package csafimport
