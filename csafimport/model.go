package csafimport

import "encoding/json"

// The document model. gocsaf's csaf.Advisory (v3.7.0) is not used to read
// documents: it models product_tree/product_groups and every group_ids as
// an object ({"product_group_ids": […]}) where CSAF 2.0 has an array, so
// any document with product groups fails to decode; and its patterned
// string types refuse a whole document at the first bad value, where the
// importer wants every fault. These structs follow the CSAF 2.0 JSON
// schema for the parts the mandatory tests and the mapping read; the
// schema itself is checked by csaf.ValidateCSAF first.

type document struct {
	Document        docMeta         `json:"document"`
	ProductTree     *productTree    `json:"product_tree"`
	Vulnerabilities []vulnerability `json:"vulnerabilities"`
}

type docMeta struct {
	AggregateSeverity *struct {
		Namespace string `json:"namespace"`
		Text      string `json:"text"`
	} `json:"aggregate_severity"`
	Category    string      `json:"category"`
	CSAFVersion string      `json:"csaf_version"`
	Lang        string      `json:"lang"`
	Notes       []note      `json:"notes"`
	Publisher   publisher   `json:"publisher"`
	References  []reference `json:"references"`
	SourceLang  string      `json:"source_lang"`
	Title       string      `json:"title"`
	Tracking    tracking    `json:"tracking"`
}

type note struct {
	Category string `json:"category"`
	Text     string `json:"text"`
	Title    string `json:"title"`
}

type publisher struct {
	Category  string `json:"category"`
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

type reference struct {
	Category string `json:"category"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
}

type tracking struct {
	Aliases            []string   `json:"aliases"`
	CurrentReleaseDate string     `json:"current_release_date"`
	ID                 string     `json:"id"`
	InitialReleaseDate string     `json:"initial_release_date"`
	RevisionHistory    []revision `json:"revision_history"`
	Status             string     `json:"status"`
	Version            string     `json:"version"`
}

type revision struct {
	Date    string `json:"date"`
	Number  string `json:"number"`
	Summary string `json:"summary"`
}

type productTree struct {
	Branches         []branch          `json:"branches"`
	FullProductNames []fullProductName `json:"full_product_names"`
	ProductGroups    []productGroup    `json:"product_groups"`
	Relationships    []relationship    `json:"relationships"`
}

type branch struct {
	Branches []branch         `json:"branches"`
	Category string           `json:"category"`
	Name     string           `json:"name"`
	Product  *fullProductName `json:"product"`
}

type fullProductName struct {
	Name      string  `json:"name"`
	ProductID string  `json:"product_id"`
	Helper    *helper `json:"product_identification_helper"`
}

type helper struct {
	CPE    string       `json:"cpe"`
	Hashes []fileHashes `json:"hashes"`
	PURL   string       `json:"purl"`
}

// fileHashes is one item of a product identification helper's hashes:
// the hashes of one file.
type fileHashes struct {
	FileHashes []struct {
		Algorithm string `json:"algorithm"`
		Value     string `json:"value"`
	} `json:"file_hashes"`
	Filename string `json:"filename"`
}

type productGroup struct {
	GroupID    string   `json:"group_id"`
	ProductIDs []string `json:"product_ids"`
	Summary    string   `json:"summary"`
}

type relationship struct {
	Category                  string          `json:"category"`
	FullProductName           fullProductName `json:"full_product_name"`
	ProductReference          string          `json:"product_reference"`
	RelatesToProductReference string          `json:"relates_to_product_reference"`
}

type vulnerability struct {
	CVE           string         `json:"cve"`
	CWE           *cwe           `json:"cwe"`
	Flags         []flag         `json:"flags"`
	IDs           []vulnID       `json:"ids"`
	Involvements  []involvement  `json:"involvements"`
	Notes         []note         `json:"notes"`
	ProductStatus *productStatus `json:"product_status"`
	References    []reference    `json:"references"`
	Remediations  []remediation  `json:"remediations"`
	Scores        []score        `json:"scores"`
	Threats       []threat       `json:"threats"`
	Title         string         `json:"title"`
}

type cwe struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type involvement struct {
	Date   string `json:"date"`
	Party  string `json:"party"`
	Status string `json:"status"`
}

type vulnID struct {
	SystemName string `json:"system_name"`
	Text       string `json:"text"`
}

type flag struct {
	Label      string   `json:"label"`
	GroupIDs   []string `json:"group_ids"`
	ProductIDs []string `json:"product_ids"`
}

type productStatus struct {
	FirstAffected      []string `json:"first_affected"`
	FirstFixed         []string `json:"first_fixed"`
	Fixed              []string `json:"fixed"`
	KnownAffected      []string `json:"known_affected"`
	KnownNotAffected   []string `json:"known_not_affected"`
	LastAffected       []string `json:"last_affected"`
	Recommended        []string `json:"recommended"`
	UnderInvestigation []string `json:"under_investigation"`
}

// statusLists names each product status list with its JSON key, in the
// schema's order.
func (ps *productStatus) lists() []struct {
	key string
	ids []string
} {
	if ps == nil {
		return nil
	}
	return []struct {
		key string
		ids []string
	}{
		{"first_affected", ps.FirstAffected}, {"first_fixed", ps.FirstFixed}, {"fixed", ps.Fixed},
		{"known_affected", ps.KnownAffected}, {"known_not_affected", ps.KnownNotAffected},
		{"last_affected", ps.LastAffected}, {"recommended", ps.Recommended},
		{"under_investigation", ps.UnderInvestigation},
	}
}

type remediation struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	GroupIDs   []string `json:"group_ids"`
	ProductIDs []string `json:"product_ids"`
	URL        string   `json:"url"`
}

type threat struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	GroupIDs   []string `json:"group_ids"`
	ProductIDs []string `json:"product_ids"`
}

type score struct {
	CVSSv2   *cvssObject `json:"cvss_v2"`
	CVSSv3   *cvssObject `json:"cvss_v3"`
	Products []string    `json:"products"`
}

// cvssObject is the part of a CVSS v2 or v3 JSON object the tests read:
// the version, vector, base score and severity, and the metric
// properties (v3 and v2; those of both versions share a field) that CSAF
// 6.1.10 compares with the vector.
type cvssObject struct {
	Version      string       `json:"version"`
	VectorString string       `json:"vectorString"`
	BaseScore    *json.Number `json:"baseScore"`
	BaseSeverity string       `json:"baseSeverity"`

	// CVSS v3 base, temporal and environmental metrics.
	AttackVector                  string `json:"attackVector"`
	AttackComplexity              string `json:"attackComplexity"`
	PrivilegesRequired            string `json:"privilegesRequired"`
	UserInteraction               string `json:"userInteraction"`
	Scope                         string `json:"scope"`
	ConfidentialityImpact         string `json:"confidentialityImpact"` // v2 too
	IntegrityImpact               string `json:"integrityImpact"`       // v2 too
	AvailabilityImpact            string `json:"availabilityImpact"`    // v2 too
	ExploitCodeMaturity           string `json:"exploitCodeMaturity"`
	RemediationLevel              string `json:"remediationLevel"`           // v2 too
	ReportConfidence              string `json:"reportConfidence"`           // v2 too
	ConfidentialityRequirement    string `json:"confidentialityRequirement"` // v2 too
	IntegrityRequirement          string `json:"integrityRequirement"`       // v2 too
	AvailabilityRequirement       string `json:"availabilityRequirement"`    // v2 too
	ModifiedAttackVector          string `json:"modifiedAttackVector"`
	ModifiedAttackComplexity      string `json:"modifiedAttackComplexity"`
	ModifiedPrivilegesRequired    string `json:"modifiedPrivilegesRequired"`
	ModifiedUserInteraction       string `json:"modifiedUserInteraction"`
	ModifiedScope                 string `json:"modifiedScope"`
	ModifiedConfidentialityImpact string `json:"modifiedConfidentialityImpact"`
	ModifiedIntegrityImpact       string `json:"modifiedIntegrityImpact"`
	ModifiedAvailabilityImpact    string `json:"modifiedAvailabilityImpact"`

	// CVSS v2 only metrics.
	AccessVector              string `json:"accessVector"`
	AccessComplexity          string `json:"accessComplexity"`
	Authentication            string `json:"authentication"`
	Exploitability            string `json:"exploitability"`
	CollateralDamagePotential string `json:"collateralDamagePotential"`
	TargetDistribution        string `json:"targetDistribution"`
}
