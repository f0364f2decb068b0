package service

import "rollcall"

// ApplyForTest applies snapshots to the matcher as FollowInventory does.
func ApplyForTest(s *Service, hosts []*rollcall.InventoryHost) { s.applyToMatcher(hosts) }
