package service

import (
	"context"
	"io"

	"rollcall"
	"rollcall/exposure"
	"rollcall/inventory"
)

// InventoryImport says what an inventory upload saved.
type InventoryImport struct {
	Source string `json:"source"`
	Hosts  int    `json:"hosts"`
	Rows   int    `json:"rows"`
}

// ImportInventory reads an inventory file in any form Rollcall knows (the
// form is detected from the content) and saves it for the organisation:
// each host replaces the same source's host of that name, all or nothing.
// A broken file is refused whole with its line or JSON path. Responders
// upload for the organisations they answer for; analysts for any.
func (s *Exposure) ImportInventory(ctx context.Context, actor *rollcall.Actor, orgID int64, r io.Reader, opts inventory.Options) (InventoryImport, error) {
	if err := requireActor(actor); err != nil {
		return InventoryImport{}, err
	}
	if !actor.CanAnswerFor(orgID) && !actor.CanManageDirectory() {
		if _, err := s.dir.GetOrganisation(ctx, actor, orgID); err != nil {
			return InventoryImport{}, err
		}
		return InventoryImport{}, forbidden("send this organisation's inventory")
	}
	if _, err := s.store.FindOrganisationByID(ctx, orgID); err != nil {
		return InventoryImport{}, err
	}
	snap, err := inventory.Parse(r, opts)
	if err != nil {
		return InventoryImport{}, err
	}
	hosts := make([]*rollcall.InventoryHost, 0, len(snap.Hosts))
	for _, h := range snap.Hosts {
		ih := &rollcall.InventoryHost{Name: h.Name, OSName: h.OS.Name, OSVersion: h.OS.Version, OSBuild: h.OS.Build}
		for _, it := range exposure.ItemsOf(h) {
			ih.Items = append(ih.Items, rollcall.ProductVersion{Product: it.Product, Version: it.Version})
		}
		hosts = append(hosts, ih)
	}
	n, rows, err := s.store.ReplaceInventory(ctx, orgID, snap.Source, hosts, s.clock.Now())
	if err != nil {
		return InventoryImport{}, err
	}
	s.updateExposure(hosts) // saved: now the matcher sees it too
	return InventoryImport{Source: snap.Source, Hosts: n, Rows: rows}, nil
}

// InventoryHosts lists an organisation's hosts, for those who may see the
// organisation.
func (s *Exposure) InventoryHosts(ctx context.Context, actor *rollcall.Actor, orgID int64, limit, offset int) ([]rollcall.InventoryHost, int, error) {
	if _, err := s.dir.GetOrganisation(ctx, actor, orgID); err != nil {
		return nil, 0, err
	}
	if offset < 0 {
		return nil, 0, rollcall.FieldError("offset", "The offset cannot be negative.")
	}
	return s.store.ListInventoryHosts(ctx, orgID, clampLimit(limit), offset)
}

// InventorySummary says how much of an organisation's estate Rollcall
// knows and how fresh it is, for those who may see the organisation.
func (s *Exposure) InventorySummary(ctx context.Context, actor *rollcall.Actor, orgID int64) (rollcall.InventorySummary, error) {
	if _, err := s.dir.GetOrganisation(ctx, actor, orgID); err != nil {
		return rollcall.InventorySummary{}, err
	}
	return s.store.InventorySummary(ctx, orgID)
}
