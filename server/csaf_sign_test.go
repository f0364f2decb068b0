package server

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// testEntity makes a small, fast OpenPGP key (EdDSA, version 4).
func testEntity(t *testing.T) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity("Rollcall test CSAF", "", "csaf@rollcall.test", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// armoured writes the entity's private key (sign: re-sign its identities
// first, for an entity whose self-signatures were changed) or, with
// private false, its public key.
func armoured(t *testing.T, e *openpgp.Entity, private, sign bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	typ := openpgp.PublicKeyType
	if private {
		typ = openpgp.PrivateKeyType
	}
	w, err := armor.Encode(&buf, typ, nil)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case !private:
		err = e.Serialize(w)
	case sign:
		err = e.SerializePrivate(w, nil)
	default:
		err = e.SerializePrivateWithoutSigning(w, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testCSAFKey(t *testing.T) *CSAFKey {
	t.Helper()
	k, err := NewCSAFKey(testEntity(t))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestReadCSAFKey(t *testing.T) {
	e := testEntity(t)
	plainKey := armoured(t, e, true, false)
	k, err := ReadCSAFKey(bytes.NewReader(plainKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	if fp := k.Fingerprint(); len(fp) != 40 || strings.ToUpper(fp) != fp {
		t.Errorf("fingerprint %q, want 40 upper-case hex digits", fp)
	}
	if strings.Contains(string(k.PublicKey()), "PRIVATE") || !strings.Contains(string(k.PublicKey()), "BEGIN PGP PUBLIC KEY BLOCK") {
		t.Errorf("public key:\n%s", k.PublicKey())
	}
	// The public part has no secret key in it.
	ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(k.PublicKey()))
	if err != nil || len(ring) != 1 || ring[0].PrivateKey != nil {
		t.Fatalf("public key ring %v, %v", ring, err)
	}
	msg := []byte(`{"document": {}}` + "\n")
	sig, err := k.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := k.Sign(msg); !bytes.Equal(again, sig) {
		t.Error("an unchanged document was signed afresh")
	}
	if _, err := openpgp.CheckArmoredDetachedSignature(ring, bytes.NewReader(msg), bytes.NewReader(sig), nil); err != nil {
		t.Errorf("signature does not verify: %v", err)
	}
	if _, err := openpgp.CheckArmoredDetachedSignature(ring, strings.NewReader(`{"document": {}} `+"\n"), bytes.NewReader(sig), nil); err == nil {
		t.Error("the signature verifies changed bytes")
	}

	enc := testEntity(t)
	if err := enc.EncryptPrivateKeys([]byte("correct horse"), nil); err != nil {
		t.Fatal(err)
	}
	encKey := armoured(t, enc, true, false)
	if _, err := ReadCSAFKey(bytes.NewReader(encKey), nil); !errors.Is(err, ErrCSAFKeyEncrypted) {
		t.Errorf("encrypted, no passphrase: %v", err)
	}
	if _, err := ReadCSAFKey(bytes.NewReader(encKey), []byte("wrong")); !errors.Is(err, ErrCSAFKeyPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if _, err := ReadCSAFKey(bytes.NewReader(encKey), []byte("correct horse")); err != nil {
		t.Errorf("right passphrase: %v", err)
	}

	noSign := testEntity(t)
	noSign.PrimaryIdentity().SelfSignature.FlagSign = false
	noSignKey := armoured(t, noSign, true, true)

	var two bytes.Buffer
	w, err := armor.Encode(&two, openpgp.PrivateKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*openpgp.Entity{e, testEntity(t)} {
		if err := x.SerializePrivateWithoutSigning(w, nil); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	for name, tt := range map[string]struct {
		data string
		want string
	}{
		"empty":       {"", "no ASCII-armoured OpenPGP data"},
		"not a key":   {"hello\n", "no ASCII-armoured OpenPGP data"},
		"public key":  {string(armoured(t, e, false, false)), "public key"},
		"signature":   {string(sig), "not an OpenPGP private key"},
		"cannot sign": {string(noSignKey), "cannot sign"},
		"broken":      {strings.Replace(string(plainKey), "\n", "\nAAAA", 3), "OpenPGP"},
		"two keys":    {two.String(), "holds 2 keys"},
	} {
		_, err := ReadCSAFKey(strings.NewReader(tt.data), nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tt.want)
		}
	}
}
