package sqlstore_test

import (
	"reflect"
	"testing"

	"rollcall"
	"rollcall/sqlstore"
)

func TestUsers(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		analyst := &rollcall.User{Email: "Ana@Centre.example", Name: "Ana Lyst", Role: rollcall.RoleAnalyst, PasswordHash: "$argon2id$x", CreatedAt: t0}
		coord := &rollcall.User{Email: "cor@north.example", Name: "Cora", Role: rollcall.RoleCoordinator, RegionID: f.north.ID, CreatedAt: t0}
		resp := &rollcall.User{Email: "rita@raa.example", Name: "Rita", Role: rollcall.RoleResponder, OrgID: f.orgs[0].ID, CreatedAt: t0}
		for _, u := range []*rollcall.User{analyst, coord, resp} {
			must(t, db.CreateUser(ctx, u))
		}
		if analyst.Email != "ana@centre.example" {
			t.Fatalf("got email %q, want it in lower case", analyst.Email)
		}
		got, err := db.FindUserByEmail(ctx, " ANA@centre.EXAMPLE")
		must(t, err)
		if !reflect.DeepEqual(got, analyst) {
			t.Fatalf("got %+v, want %+v", got, analyst)
		}

		resp.Disabled, resp.Name = true, "Rita R"
		must(t, db.UpdateUser(ctx, resp))
		got, err = db.FindUserByID(ctx, resp.ID)
		must(t, err)
		if !reflect.DeepEqual(got, resp) {
			t.Fatalf("after update: got %+v, want %+v", got, resp)
		}

		errs := []struct {
			name  string
			err   error
			code  string
			field string
		}{
			{"email taken in another case", db.CreateUser(ctx, &rollcall.User{Email: "ANA@centre.example", Name: "X", Role: rollcall.RoleAuditor}), rollcall.ECONFLICT, ""},
			{"organisation missing", db.CreateUser(ctx, &rollcall.User{Email: "x@y.example", Name: "X", Role: rollcall.RoleResponder, OrgID: 999}), rollcall.EINVALID, "org"},
			{"region missing", db.CreateUser(ctx, &rollcall.User{Email: "x@y.example", Name: "X", Role: rollcall.RoleCoordinator, RegionID: 999}), rollcall.EINVALID, "region"},
			{"update to a taken email", db.UpdateUser(ctx, &rollcall.User{ID: coord.ID, Email: "rita@raa.example", Name: "X", Role: rollcall.RoleCoordinator, RegionID: f.north.ID}), rollcall.ECONFLICT, ""},
			{"update missing", db.UpdateUser(ctx, &rollcall.User{ID: 999, Email: "z@z.example", Name: "X", Role: rollcall.RoleAuditor}), rollcall.ENOTFOUND, ""},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, tt.err, tt.code)
				if got := rollcall.ErrorField(tt.err); got != tt.field {
					t.Fatalf("got field %q, want %q", got, tt.field)
				}
			})
		}
		_, err = db.FindUserByID(ctx, 999)
		wantCode(t, err, rollcall.ENOTFOUND)
		_, err = db.FindUserByEmail(ctx, "nobody@example.org")
		wantCode(t, err, rollcall.ENOTFOUND)

		lists := []struct {
			name          string
			org, region   int64
			role          rollcall.Role
			wantUserNames []string
		}{
			{"everyone by name", 0, 0, "", []string{"Ana Lyst", "Cora", "Rita R"}},
			{"an organisation", f.orgs[0].ID, 0, "", []string{"Rita R"}},
			{"a region", 0, f.north.ID, "", []string{"Cora"}},
			{"a role", 0, 0, rollcall.RoleAnalyst, []string{"Ana Lyst"}},
			{"nobody", f.orgs[1].ID, 0, "", nil},
		}
		for _, tt := range lists {
			t.Run(tt.name, func(t *testing.T) {
				users, err := db.ListUsers(ctx, tt.org, tt.region, tt.role)
				must(t, err)
				var names []string
				for _, u := range users {
					names = append(names, u.Name)
				}
				if !reflect.DeepEqual(names, tt.wantUserNames) {
					t.Fatalf("got %v, want %v", names, tt.wantUserNames)
				}
			})
		}
	})
}

func TestAPITokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		u := &rollcall.User{Email: "bot@raa.example", Name: "Collector", Role: rollcall.RoleResponder, OrgID: f.orgs[0].ID}
		must(t, db.CreateUser(ctx, u))
		tok := &rollcall.APIToken{UserID: u.ID, Name: "inventory", Hash: "h1", CreatedAt: t0}
		must(t, db.CreateAPIToken(ctx, tok))
		tok2 := &rollcall.APIToken{UserID: u.ID, Name: "osquery", Hash: "h2", CreatedAt: t0.Add(1)}
		must(t, db.CreateAPIToken(ctx, tok2))
		wantCode(t, db.CreateAPIToken(ctx, &rollcall.APIToken{UserID: u.ID, Name: "dup", Hash: "h1"}), rollcall.ECONFLICT)
		wantCode(t, db.CreateAPIToken(ctx, &rollcall.APIToken{UserID: 999, Name: "orphan", Hash: "h3"}), rollcall.EINVALID)

		used := t0.Add(3 * 3600e9)
		must(t, db.TouchAPIToken(ctx, tok.ID, used))
		wantCode(t, db.TouchAPIToken(ctx, 999, used), rollcall.ENOTFOUND)
		got, err := db.FindAPITokenByHash(ctx, "h1")
		must(t, err)
		tok.LastUsedAt = used
		if !reflect.DeepEqual(got, tok) {
			t.Fatalf("got %+v, want %+v", got, tok)
		}
		_, err = db.FindAPITokenByHash(ctx, "nope")
		wantCode(t, err, rollcall.ENOTFOUND)

		list, err := db.ListAPITokens(ctx, u.ID)
		must(t, err)
		if len(list) != 2 || list[0].ID != tok.ID || list[1].ID != tok2.ID {
			t.Fatalf("got %+v, want the two tokens oldest first", list)
		}
		wantCode(t, db.DeleteAPIToken(ctx, u.ID+1, tok.ID), rollcall.ENOTFOUND) // another user's token
		must(t, db.DeleteAPIToken(ctx, u.ID, tok.ID))
		wantCode(t, db.DeleteAPIToken(ctx, u.ID, tok.ID), rollcall.ENOTFOUND)
		list, err = db.ListAPITokens(ctx, u.ID)
		must(t, err)
		if len(list) != 1 || list[0].ID != tok2.ID {
			t.Fatalf("after delete: got %+v, want only %d", list, tok2.ID)
		}
	})
}
