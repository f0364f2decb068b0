package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The demo's organisations and people are invented. Place names are
// composed from the stems and endings below, so they sound English without
// naming a real trust, practice or person; a few compositions may match a
// real village, never a real organisation's full name.

var placeStems = []string{
	"Alder", "Amber", "Bar", "Beck", "Bram", "Brock", "Burn", "Calder", "Carr",
	"Chal", "Clay", "Corve", "Crag", "Dal", "Den", "Dray", "Dun", "Elder", "Esk",
	"Fallow", "Fen", "Fern", "Gale", "Gorse", "Gran", "Hal", "Hart", "Hazel",
	"Heath", "Holm", "Kel", "Kestrel", "Lang", "Lark", "Lin", "Lock", "Marl",
	"Mel", "Mere", "Moss", "Nether", "Orm", "Otter", "Pen", "Pike", "Quar",
	"Raven", "Rook", "Rush", "Sedge", "Shel", "Sorrel", "Stock", "Tarn",
	"Thorn", "Wad", "Wel", "Whin", "Wil", "Wold", "Wych", "Yar",
}

var placeEndings = []string{
	"bridge", "brook", "bury", "by", "caster", "combe", "cott", "dale", "den",
	"field", "ford", "gate", "ham", "hurst", "ington", "leigh", "ley", "mere",
	"minster", "moor", "mouth", "stead", "stow", "thorpe", "ton", "wick",
	"well", "worth",
}

// A practice's name is often its street or building.
var practiceFeatures = []string{
	"Abbey", "Beacon", "Beech House", "Bridge Street", "Brook Lane", "Canal Street",
	"Castle", "Cedar House", "Chapel Street", "Church Street", "Elm Tree",
	"Eastgate", "Fountain", "Friary", "Grove", "Harbour", "Hawthorn", "High Street",
	"Hillside", "Laurels", "Linden", "Manor", "Market Place", "Meadow", "Mill Lane",
	"Northgate", "Orchard", "Park Road", "Priory", "Queen's Road", "Rectory Lane",
	"Riverside", "School Lane", "Southgate", "Station Road", "The Green", "Valley",
	"Victoria Road", "Westgate", "Willow",
}

var firstNames = []string{
	"Aisha", "Alan", "Amara", "Amir", "Andrew", "Angela", "Ben", "Bronwen",
	"Carl", "Catherine", "Chloe", "Daniel", "Deborah", "Deepak", "Eleanor",
	"Emeka", "Fiona", "Gareth", "Grace", "Hannah", "Harpreet", "Ian", "Imran",
	"Jane", "Jasmine", "John", "Joanna", "Kate", "Kwame", "Laura", "Liam",
	"Lucy", "Mark", "Marta", "Michael", "Nadia", "Neil", "Nicola", "Oliver",
	"Olga", "Paul", "Priya", "Rachel", "Rajesh", "Rebecca", "Richard", "Ruth",
	"Sam", "Sarah", "Simon", "Siobhan", "Sunil", "Tom", "Tracey", "Wei",
	"Yusuf", "Zainab", "Zoe",
}

var lastNames = []string{
	"Adams", "Ahmed", "Ali", "Atkinson", "Bailey", "Baker", "Begum", "Bennett",
	"Brooks", "Campbell", "Carter", "Chapman", "Chen", "Clarke", "Coleman",
	"Collins", "Cooper", "Davies", "Dixon", "Edwards", "Evans", "Fisher",
	"Fletcher", "Foster", "Gill", "Graham", "Green", "Hall", "Harris", "Hughes",
	"Hussain", "Jackson", "James", "Jones", "Kaur", "Kelly", "Khan", "Lewis",
	"Lloyd", "Marshall", "Mason", "Mensah", "Mitchell", "Morgan", "Murphy",
	"Nowak", "Okafor", "Owen", "Palmer", "Parker", "Patel", "Price", "Reid",
	"Richards", "Roberts", "Robinson", "Shah", "Singh", "Stewart", "Taylor",
	"Thomas", "Turner", "Walker", "Ward", "Watson", "White", "Williams", "Wilson",
	"Wood", "Wright", "Young",
}

// namer hands out invented names, each used at most once, from one
// random source so that a seed always gives the same federation.
type namer struct {
	rng    *rand.Rand
	places map[string]bool
	names  map[string]bool
	codes  map[string]bool
	people map[string]bool
}

func newNamer(rng *rand.Rand) *namer {
	return &namer{rng: rng, places: map[string]bool{}, names: map[string]bool{}, codes: map[string]bool{}, people: map[string]bool{}}
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// place returns a place name not handed out before.
func (n *namer) place() string {
	for {
		p := pick(n.rng, placeStems) + pick(n.rng, placeEndings)
		if !n.places[p] {
			n.places[p] = true
			return p
		}
	}
}

// unique returns the first name from next not used before.
func (n *namer) unique(next func() string) string {
	for {
		s := next()
		if !n.names[s] {
			n.names[s] = true
			return s
		}
	}
}

// code returns the first organisation code from next not used before.
func (n *namer) code(next func() string) string {
	for {
		c := next()
		if !n.codes[c] {
			n.codes[c] = true
			return c
		}
	}
}

func (n *namer) letter() byte { return byte('A' + n.rng.IntN(26)) }

// trustCode is an ODS-like trust code: R and two letters.
func (n *namer) trustCode() string {
	return n.code(func() string { return fmt.Sprintf("R%c%c", n.letter(), n.letter()) })
}

// commissioningCode is like a commissioning body's: two digits and a letter.
func (n *namer) commissioningCode() string {
	return n.code(func() string { return fmt.Sprintf("%02d%c", n.rng.IntN(100), n.letter()) })
}

// supportUnitCode is 0 and two letters.
func (n *namer) supportUnitCode() string {
	return n.code(func() string { return fmt.Sprintf("0%c%c", n.letter(), n.letter()) })
}

// practiceCode is a GP practice's: the region's letter and five digits.
func (n *namer) practiceCode(letter byte) string {
	return n.code(func() string { return fmt.Sprintf("%c%05d", letter, 81000+n.rng.IntN(18000)) })
}

func (n *namer) acuteTrust(town string) string {
	return n.unique(func() string {
		switch n.rng.IntN(5) {
		case 0:
			return "University Hospitals of " + town + " NHS Foundation Trust"
		case 1:
			return town + " and " + n.place() + " Hospitals NHS Trust"
		case 2:
			return town + " General Hospital NHS Trust"
		}
		return town + " Hospitals NHS Foundation Trust"
	})
}

func (n *namer) mentalHealthTrust(town string) string {
	return n.unique(func() string {
		switch n.rng.IntN(3) {
		case 0:
			return town + " Partnership NHS Foundation Trust"
		case 1:
			return town + " and " + n.place() + " Mental Health NHS Foundation Trust"
		}
		return town + " Care NHS Trust"
	})
}

func (n *namer) communityProvider(town string) string {
	return n.unique(func() string {
		if n.rng.IntN(2) == 0 {
			return town + " Community Healthcare NHS Trust"
		}
		return town + " Community Health Services NHS Trust"
	})
}

func (n *namer) commissioningBody(town string) string {
	return n.unique(func() string {
		if n.rng.IntN(3) == 0 {
			return "NHS " + town + " and " + n.place() + " Clinical Commissioning Group"
		}
		return "NHS " + town + " Clinical Commissioning Group"
	})
}

func (n *namer) supportUnit(town string) string {
	return n.unique(func() string {
		if n.rng.IntN(2) == 0 {
			return town + " Primary Care IT Support Unit"
		}
		return "NHS " + town + " Commissioning Support Unit"
	})
}

// practice names a GP practice in town; the town is added when the short
// name is already taken, as it is on real lists.
func (n *namer) practice(town string) string {
	short := func() string {
		switch n.rng.IntN(6) {
		case 0:
			return pick(n.rng, practiceFeatures) + " Medical Centre"
		case 1:
			return town + " Health Centre"
		case 2:
			return "The " + town + " Practice"
		case 3:
			return pick(n.rng, practiceFeatures) + " Family Practice"
		}
		return pick(n.rng, practiceFeatures) + " Surgery"
	}
	return n.unique(func() string {
		s := short()
		if n.names[s] {
			s += ", " + town
		}
		return s
	})
}

// person returns a new full name.
func (n *namer) person() string {
	for {
		p := pick(n.rng, firstNames) + " " + pick(n.rng, lastNames)
		if !n.people[p] {
			n.people[p] = true
			return p
		}
	}
}

// emailFor makes a person's address at an organisation's demo domain.
func emailFor(name, domain string) string {
	local := strings.ToLower(strings.NewReplacer(" ", ".", "'", "").Replace(name))
	return local + "@" + strings.ToLower(domain) + "." + domainSuffix
}

// domainSuffix ends every demo address; .test is reserved, so no demo mail
// can reach anyone.
const domainSuffix = "demo.rollcall.test"
