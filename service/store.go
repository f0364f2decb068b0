package service

// Store is all that the service needs from storage: every room's store in
// one. The sqlstore package implements it on SQLite and PostgreSQL alike;
// one test suite runs against both. Each room holds only its own part
// (DirectoryStore, AccountStore, AlertStore, ResponseStore, InventoryStore,
// FollowStore, LibraryStore, ChallengeStore), defined beside it in room_*.go.
//
// Errors are *rollcall.Error where the caller can act on them: ENOTFOUND
// for a missing row, ECONFLICT for a duplicate or stale write, EINVALID
// with Field for a reference to something that does not exist. Every
// method that writes does so in one transaction: all or nothing.
type Store interface {
	DirectoryStore
	AccountStore
	AlertStore
	ResponseStore
	InventoryStore
	FollowStore
	LibraryStore
	ChallengeStore
}
