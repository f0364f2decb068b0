package service

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"rollcall"
	"rollcall/exposure"
)

// Exposure saves inventories, keeps the whole estate in memory for the
// matcher, and says which hosts and organisations an alert exposes and
// what has passed its end of support.
type Exposure struct {
	env
	store  InventoryStore
	dir    *Directory
	alerts *Alerts
	// matcher is the whole estate's inventory in memory, for exposure;
	// nil until LoadExposure has run.
	matcher atomic.Pointer[exposure.Matcher]
	// times is each host's snapshot time, kept with the matcher.
	times atomic.Pointer[hostTimes]
	// applyMu serialises applying snapshots to the matcher.
	applyMu sync.Mutex
	// compiledAlerts keeps alerts' affected products compiled for it.
	compiledAlerts compiledCache
	// eol is the policy's end-of-support list, compiled once.
	eol eolCache
	// follow is where FollowInventory has read other replicas' uploads to.
	follow followState
}

// InventoryStore is what inventories and exposure need from storage. Errors are as Store says.
type InventoryStore interface {
	// ReplaceInventory saves an organisation's hosts from one source, each
	// replacing that source's host of the same name, in one transaction;
	// it returns the hosts and rows saved.
	ReplaceInventory(ctx context.Context, orgID int64, source string, hosts []*rollcall.InventoryHost, now time.Time) (int, int, error)
	ListInventoryHosts(ctx context.Context, orgID int64, limit, offset int) ([]rollcall.InventoryHost, int, error)
	InventorySummary(ctx context.Context, orgID int64) (rollcall.InventorySummary, error)
	// InventoryHostsByID returns those hosts with their rows.
	InventoryHostsByID(ctx context.Context, ids []int64) ([]rollcall.InventoryHost, error)
	// InventoryAges gives every organisation's host count and snapshot ages.
	InventoryAges(ctx context.Context) ([]rollcall.InventoryAge, error)
	// ScanInventory reads every saved host in id order with its rows as
	// product-version ids, naming each id (name) before its first use.
	ScanInventory(ctx context.Context, name func(id int64, pv rollcall.ProductVersion) error,
		fn func(h *rollcall.InventoryHost, ids []int64) error) error
	FindOrganisationByID(ctx context.Context, id int64) (*rollcall.Organisation, error)
	// ListOrganisations returns a page of organisations ordered by name,
	// and the total that match.
	ListOrganisations(ctx context.Context, f rollcall.OrgFilter) ([]rollcall.Organisation, int, error)
	ListRegions(ctx context.Context) ([]rollcall.Region, error)
	ListResponses(ctx context.Context, f rollcall.ResponseFilter) ([]rollcall.ResponseRow, int, error)
	// ResponseClaims returns what every organisation in scope that the
	// alert reached says, by organisation id.
	ResponseClaims(ctx context.Context, alertID int64, scope rollcall.Scope) ([]rollcall.ClaimRow, error)
}
