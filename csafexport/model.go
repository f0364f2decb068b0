package csafexport

// The CSAF 2.0 document as written: only the parts Rollcall fills in, in
// the schema's property names. Empty optional parts are left out.

type csafDocument struct {
	Document        docMeta         `json:"document"`
	ProductTree     *productTree    `json:"product_tree,omitempty"`
	Vulnerabilities []vulnerability `json:"vulnerabilities,omitempty"`
}

type docMeta struct {
	AggregateSeverity *aggregateSeverity `json:"aggregate_severity,omitempty"`
	Category          string             `json:"category"`
	CSAFVersion       string             `json:"csaf_version"`
	Distribution      *distribution      `json:"distribution,omitempty"`
	Lang              string             `json:"lang,omitempty"`
	Notes             []note             `json:"notes,omitempty"`
	Publisher         publisher          `json:"publisher"`
	References        []reference        `json:"references,omitempty"`
	Title             string             `json:"title"`
	Tracking          tracking           `json:"tracking"`
}

type aggregateSeverity struct {
	Text string `json:"text"`
}

type distribution struct {
	Text string `json:"text,omitempty"`
	TLP  *tlp   `json:"tlp,omitempty"`
}

type tlp struct {
	Label string `json:"label"`
	URL   string `json:"url,omitempty"`
}

type note struct {
	Category string `json:"category"`
	Text     string `json:"text"`
	Title    string `json:"title,omitempty"`
}

type publisher struct {
	Category         string `json:"category"`
	ContactDetails   string `json:"contact_details,omitempty"`
	IssuingAuthority string `json:"issuing_authority,omitempty"`
	Name             string `json:"name"`
	Namespace        string `json:"namespace"`
}

type reference struct {
	Category string `json:"category,omitempty"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
}

type tracking struct {
	CurrentReleaseDate string     `json:"current_release_date"`
	Generator          *generator `json:"generator,omitempty"`
	ID                 string     `json:"id"`
	InitialReleaseDate string     `json:"initial_release_date"`
	RevisionHistory    []revision `json:"revision_history"`
	Status             string     `json:"status"`
	Version            string     `json:"version"`
}

type generator struct {
	Engine engine `json:"engine"`
}

type engine struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type revision struct {
	Date    string `json:"date"`
	Number  string `json:"number"`
	Summary string `json:"summary"`
}

type productTree struct {
	Branches         []*branch         `json:"branches,omitempty"`
	FullProductNames []fullProductName `json:"full_product_names,omitempty"`
}

type branch struct {
	Branches []*branch        `json:"branches,omitempty"`
	Category string           `json:"category"`
	Name     string           `json:"name"`
	Product  *fullProductName `json:"product,omitempty"`
}

type fullProductName struct {
	Name      string  `json:"name"`
	ProductID string  `json:"product_id"`
	Helper    *helper `json:"product_identification_helper,omitempty"`
}

type helper struct {
	CPE  string `json:"cpe,omitempty"`
	PURL string `json:"purl,omitempty"`
}

type vulnerability struct {
	CVE           string         `json:"cve,omitempty"`
	Flags         []flag         `json:"flags,omitempty"`
	IDs           []vulnID       `json:"ids,omitempty"`
	Notes         []note         `json:"notes,omitempty"`
	ProductStatus *productStatus `json:"product_status,omitempty"`
	References    []reference    `json:"references,omitempty"`
	Remediations  []remediation  `json:"remediations,omitempty"`
	Scores        []score        `json:"scores,omitempty"`
	Threats       []threat       `json:"threats,omitempty"`
	Title         string         `json:"title,omitempty"`
}

type vulnID struct {
	SystemName string `json:"system_name"`
	Text       string `json:"text"`
}

type flag struct {
	Label      string   `json:"label"`
	ProductIDs []string `json:"product_ids"`
}

type productStatus struct {
	KnownAffected    []string `json:"known_affected,omitempty"`
	KnownNotAffected []string `json:"known_not_affected,omitempty"`
}

type remediation struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	ProductIDs []string `json:"product_ids,omitempty"`
	URL        string   `json:"url,omitempty"`
}

type score struct {
	CVSSv3   *cvssV3  `json:"cvss_v3"`
	Products []string `json:"products"`
}

type cvssV3 struct {
	Version      string  `json:"version"`
	VectorString string  `json:"vectorString"`
	BaseScore    float64 `json:"baseScore"`
	BaseSeverity string  `json:"baseSeverity"`
}

type threat struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	ProductIDs []string `json:"product_ids"`
}
