// Package csafmodel is the CSAF 2.0 document (OASIS Common Security
// Advisory Framework, https://docs.oasis-open.org/csaf/csaf/v2.0/) as Go
// structs: the one model csafimport reads documents into and csafexport
// writes Rollcall's alerts from.
//
// It holds the parts either side uses, under the schema's property
// names; a property Rollcall neither reads nor writes is not modelled
// (decoding drops it). Optional properties are left out when empty, so a
// document written from these structs carries only what was set.
//
// gocsaf's csaf.Advisory (v3.7.0) is not used: it models
// product_tree/product_groups and every group_ids as an object where CSAF
// 2.0 has an array, so documents with product groups do not decode; and
// its patterned string types refuse a whole document at its first bad
// value, where the importer reports every fault.
package csafmodel

import "encoding/json"

// Document is a whole CSAF document.
type Document struct {
	Document        DocumentMeta    `json:"document"`
	ProductTree     *ProductTree    `json:"product_tree,omitempty"`
	Vulnerabilities []Vulnerability `json:"vulnerabilities,omitempty"`
}

// DocumentMeta is the document-level metadata, /document.
type DocumentMeta struct {
	AggregateSeverity *AggregateSeverity `json:"aggregate_severity,omitempty"`
	Category          string             `json:"category"`
	CSAFVersion       string             `json:"csaf_version"`
	Distribution      *Distribution      `json:"distribution,omitempty"`
	Lang              string             `json:"lang,omitempty"`
	Notes             []Note             `json:"notes,omitempty"`
	Publisher         Publisher          `json:"publisher"`
	References        []Reference        `json:"references,omitempty"`
	SourceLang        string             `json:"source_lang,omitempty"`
	Title             string             `json:"title"`
	Tracking          Tracking           `json:"tracking"`
}

// AggregateSeverity is the publisher's overall rating, in its own words.
type AggregateSeverity struct {
	Namespace string `json:"namespace,omitempty"`
	Text      string `json:"text"`
}

// Distribution says who may see the document.
type Distribution struct {
	Text string `json:"text,omitempty"`
	TLP  *TLP   `json:"tlp,omitempty"`
}

// TLP is a Traffic Light Protocol label.
type TLP struct {
	Label string `json:"label"`
	URL   string `json:"url,omitempty"`
}

// Note is a note of the document or of a vulnerability.
type Note struct {
	Category string `json:"category"`
	Text     string `json:"text"`
	Title    string `json:"title,omitempty"`
}

// Publisher is who issued the document.
type Publisher struct {
	Category         string `json:"category"`
	ContactDetails   string `json:"contact_details,omitempty"`
	IssuingAuthority string `json:"issuing_authority,omitempty"`
	Name             string `json:"name"`
	Namespace        string `json:"namespace"`
}

// Reference is a link of the document or of a vulnerability.
type Reference struct {
	Category string `json:"category,omitempty"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
}

// Tracking identifies the document and its revisions.
type Tracking struct {
	Aliases            []string   `json:"aliases,omitempty"`
	CurrentReleaseDate string     `json:"current_release_date"`
	Generator          *Generator `json:"generator,omitempty"`
	ID                 string     `json:"id"`
	InitialReleaseDate string     `json:"initial_release_date"`
	RevisionHistory    []Revision `json:"revision_history"`
	Status             string     `json:"status"`
	Version            string     `json:"version"`
}

// Generator names the program that wrote the document.
type Generator struct {
	Engine Engine `json:"engine"`
}

// Engine is the generator's name and version.
type Engine struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// Revision is one item of the revision history.
type Revision struct {
	Date    string `json:"date"`
	Number  string `json:"number"`
	Summary string `json:"summary"`
}

// ProductTree names the products the document speaks of.
type ProductTree struct {
	Branches         []Branch          `json:"branches,omitempty"`
	FullProductNames []FullProductName `json:"full_product_names,omitempty"`
	ProductGroups    []ProductGroup    `json:"product_groups,omitempty"`
	Relationships    []Relationship    `json:"relationships,omitempty"`
}

// Branch is one level of the product tree: a vendor, a product name, a
// version…, with the branches below it or the product it names.
type Branch struct {
	Branches []Branch         `json:"branches,omitempty"`
	Category string           `json:"category"`
	Name     string           `json:"name"`
	Product  *FullProductName `json:"product,omitempty"`
}

// FullProductName is one product, with its id.
type FullProductName struct {
	Name      string  `json:"name"`
	ProductID string  `json:"product_id"`
	Helper    *Helper `json:"product_identification_helper,omitempty"`
}

// Helper is a product identification helper: the product's package URL,
// CPE and file hashes.
type Helper struct {
	CPE    string       `json:"cpe,omitempty"`
	Hashes []FileHashes `json:"hashes,omitempty"`
	PURL   string       `json:"purl,omitempty"`
}

// FileHashes is one item of a helper's hashes: the hashes of one file.
type FileHashes struct {
	FileHashes []FileHash `json:"file_hashes"`
	Filename   string     `json:"filename"`
}

// FileHash is one hash of a file.
type FileHash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

// ProductGroup names a set of products with one id.
type ProductGroup struct {
	GroupID    string   `json:"group_id"`
	ProductIDs []string `json:"product_ids"`
	Summary    string   `json:"summary,omitempty"`
}

// Relationship defines a product as one product in relation to another
// (a component of a platform).
type Relationship struct {
	Category                  string          `json:"category"`
	FullProductName           FullProductName `json:"full_product_name"`
	ProductReference          string          `json:"product_reference"`
	RelatesToProductReference string          `json:"relates_to_product_reference"`
}

// Vulnerability is one vulnerability and what the document says of it.
type Vulnerability struct {
	CVE           string         `json:"cve,omitempty"`
	CWE           *CWE           `json:"cwe,omitempty"`
	Flags         []Flag         `json:"flags,omitempty"`
	IDs           []VulnID       `json:"ids,omitempty"`
	Involvements  []Involvement  `json:"involvements,omitempty"`
	Notes         []Note         `json:"notes,omitempty"`
	ProductStatus *ProductStatus `json:"product_status,omitempty"`
	References    []Reference    `json:"references,omitempty"`
	Remediations  []Remediation  `json:"remediations,omitempty"`
	Scores        []Score        `json:"scores,omitempty"`
	Threats       []Threat       `json:"threats,omitempty"`
	Title         string         `json:"title,omitempty"`
}

// CWE is the weakness a vulnerability is an instance of.
type CWE struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Involvement is a party's part in handling a vulnerability.
type Involvement struct {
	Date   string `json:"date,omitempty"`
	Party  string `json:"party"`
	Status string `json:"status"`
}

// VulnID is a vulnerability's id in a system other than CVE.
type VulnID struct {
	SystemName string `json:"system_name"`
	Text       string `json:"text"`
}

// Flag is a machine-readable justification (in VEX: why a product is not
// affected).
type Flag struct {
	Label      string   `json:"label"`
	GroupIDs   []string `json:"group_ids,omitempty"`
	ProductIDs []string `json:"product_ids,omitempty"`
}

// ProductStatus lists the products in each status of a vulnerability.
type ProductStatus struct {
	FirstAffected      []string `json:"first_affected,omitempty"`
	FirstFixed         []string `json:"first_fixed,omitempty"`
	Fixed              []string `json:"fixed,omitempty"`
	KnownAffected      []string `json:"known_affected,omitempty"`
	KnownNotAffected   []string `json:"known_not_affected,omitempty"`
	LastAffected       []string `json:"last_affected,omitempty"`
	Recommended        []string `json:"recommended,omitempty"`
	UnderInvestigation []string `json:"under_investigation,omitempty"`
}

// Remediation is one thing to do about a vulnerability, for the products
// and product groups it names.
type Remediation struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	GroupIDs   []string `json:"group_ids,omitempty"`
	ProductIDs []string `json:"product_ids,omitempty"`
	URL        string   `json:"url,omitempty"`
}

// Threat is something said of a vulnerability's exploitation or impact,
// for the products and product groups it names.
type Threat struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	GroupIDs   []string `json:"group_ids,omitempty"`
	ProductIDs []string `json:"product_ids,omitempty"`
}

// Score is a vulnerability's CVSS scores for the products it names.
type Score struct {
	CVSSv2   *CVSS    `json:"cvss_v2,omitempty"`
	CVSSv3   *CVSS    `json:"cvss_v3,omitempty"`
	Products []string `json:"products"`
}

// CVSS is a CVSS v2 or v3 JSON object: the version, vector, base score
// and severity, and the metric properties (v3 and v2; those both versions
// have share a field) that CSAF 6.1.10 compares with the vector. The base
// score is a json.Number so that what a document says is read exactly.
type CVSS struct {
	Version      string       `json:"version"`
	VectorString string       `json:"vectorString"`
	BaseScore    *json.Number `json:"baseScore,omitempty"`
	BaseSeverity string       `json:"baseSeverity,omitempty"`

	// CVSS v3 base, temporal and environmental metrics.
	AttackVector                  string `json:"attackVector,omitempty"`
	AttackComplexity              string `json:"attackComplexity,omitempty"`
	PrivilegesRequired            string `json:"privilegesRequired,omitempty"`
	UserInteraction               string `json:"userInteraction,omitempty"`
	Scope                         string `json:"scope,omitempty"`
	ConfidentialityImpact         string `json:"confidentialityImpact,omitempty"` // v2 too
	IntegrityImpact               string `json:"integrityImpact,omitempty"`       // v2 too
	AvailabilityImpact            string `json:"availabilityImpact,omitempty"`    // v2 too
	ExploitCodeMaturity           string `json:"exploitCodeMaturity,omitempty"`
	RemediationLevel              string `json:"remediationLevel,omitempty"`           // v2 too
	ReportConfidence              string `json:"reportConfidence,omitempty"`           // v2 too
	ConfidentialityRequirement    string `json:"confidentialityRequirement,omitempty"` // v2 too
	IntegrityRequirement          string `json:"integrityRequirement,omitempty"`       // v2 too
	AvailabilityRequirement       string `json:"availabilityRequirement,omitempty"`    // v2 too
	ModifiedAttackVector          string `json:"modifiedAttackVector,omitempty"`
	ModifiedAttackComplexity      string `json:"modifiedAttackComplexity,omitempty"`
	ModifiedPrivilegesRequired    string `json:"modifiedPrivilegesRequired,omitempty"`
	ModifiedUserInteraction       string `json:"modifiedUserInteraction,omitempty"`
	ModifiedScope                 string `json:"modifiedScope,omitempty"`
	ModifiedConfidentialityImpact string `json:"modifiedConfidentialityImpact,omitempty"`
	ModifiedIntegrityImpact       string `json:"modifiedIntegrityImpact,omitempty"`
	ModifiedAvailabilityImpact    string `json:"modifiedAvailabilityImpact,omitempty"`

	// CVSS v2 only metrics.
	AccessVector              string `json:"accessVector,omitempty"`
	AccessComplexity          string `json:"accessComplexity,omitempty"`
	Authentication            string `json:"authentication,omitempty"`
	Exploitability            string `json:"exploitability,omitempty"`
	CollateralDamagePotential string `json:"collateralDamagePotential,omitempty"`
	TargetDistribution        string `json:"targetDistribution,omitempty"`
}
