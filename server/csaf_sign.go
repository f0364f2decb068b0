package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// The CSAF provider's OpenPGP key (CSAF 2.0 requirements 19 and 20).
//
// A CSAFKey holds a decrypted OpenPGP private key that can sign now. With
// one in Options.CSAFSigningKey, every public CSAF document has a detached
// ASCII-armoured signature of exactly the bytes served for it, at the
// document's address + ".asc", and the public part of the key is served
// at /.well-known/csaf/openpgp/FINGERPRINT.asc and listed in the provider
// metadata. Only version 4 keys are taken: CSAF 2.0 cites RFC 4880, and
// version 6 keys (RFC 9580) are not read by every CSAF tool yet.
//
// Signatures are made on demand and kept, by the SHA-256 of the signed
// bytes, so that a document that has not changed keeps its signature (and
// ETag) and anonymous requests cannot make the server sign without end.

// Errors ReadCSAFKey returns, for callers to explain.
var (
	// ErrCSAFKeyEncrypted: the key is protected by a passphrase and none
	// was given.
	ErrCSAFKeyEncrypted = errors.New("the OpenPGP key is encrypted and no passphrase was given")
	// ErrCSAFKeyPassphrase: the passphrase given does not decrypt the key.
	ErrCSAFKeyPassphrase = errors.New("the passphrase does not decrypt the OpenPGP key")
)

// CSAFKey signs the CSAF provider's documents. Make one with ReadCSAFKey
// or NewCSAFKey; it is safe for concurrent use.
type CSAFKey struct {
	entity      *openpgp.Entity
	fingerprint string
	publicKey   []byte

	mu    sync.Mutex
	cache map[[sha256.Size]byte][]byte
}

// csafSignatureCache bounds the signatures kept; past it, the cache is
// emptied and refilled.
const csafSignatureCache = 4096

// ReadCSAFKey reads one ASCII-armoured OpenPGP private key (as written by
// gpg --export-secret-keys --armor), decrypting it with passphrase when it
// is encrypted, and checks that it can sign now. The errors say what is
// wrong in words: not armoured, not a key, a public key, several keys,
// encrypted without a passphrase (ErrCSAFKeyEncrypted), the wrong
// passphrase (ErrCSAFKeyPassphrase), no key that may sign.
func ReadCSAFKey(r io.Reader, passphrase []byte) (*CSAFKey, error) {
	block, err := armor.Decode(r)
	if errors.Is(err, io.EOF) {
		return nil, errors.New("no ASCII-armoured OpenPGP data found (expected -----BEGIN PGP PRIVATE KEY BLOCK-----)")
	}
	if err != nil {
		return nil, fmt.Errorf("not an ASCII-armoured OpenPGP key: %v", err)
	}
	switch block.Type {
	case openpgp.PrivateKeyType:
	case openpgp.PublicKeyType:
		return nil, errors.New("this is a public key; signing needs the private key (gpg --export-secret-keys --armor FINGERPRINT)")
	default:
		return nil, fmt.Errorf("this is a %q block, not an OpenPGP private key", block.Type)
	}
	ring, err := openpgp.ReadKeyRing(block.Body)
	if err != nil {
		return nil, fmt.Errorf("not a readable OpenPGP private key: %v", err)
	}
	if len(ring) != 1 {
		return nil, fmt.Errorf("the file holds %d keys; give exactly one", len(ring))
	}
	e := ring[0]
	if encrypted(e) {
		if len(passphrase) == 0 {
			return nil, ErrCSAFKeyEncrypted
		}
		if err := e.DecryptPrivateKeys(passphrase); err != nil {
			return nil, ErrCSAFKeyPassphrase
		}
	}
	return NewCSAFKey(e)
}

// encrypted reports whether any of the entity's secret keys is encrypted.
func encrypted(e *openpgp.Entity) bool {
	if e.PrivateKey != nil && e.PrivateKey.Encrypted {
		return true
	}
	for _, sk := range e.Subkeys {
		if sk.PrivateKey != nil && sk.PrivateKey.Encrypted {
			return true
		}
	}
	return false
}

// NewCSAFKey takes an entity holding a decrypted private key and checks
// that it can sign now, by signing.
func NewCSAFKey(e *openpgp.Entity) (*CSAFKey, error) {
	if e == nil || e.PrimaryKey == nil {
		return nil, errors.New("no OpenPGP key")
	}
	if e.PrimaryKey.Version != 4 {
		return nil, fmt.Errorf("this is a version %d OpenPGP key; CSAF 2.0 follows RFC 4880, so give a version 4 key", e.PrimaryKey.Version)
	}
	if e.PrivateKey == nil {
		return nil, errors.New("this is a public key; signing needs the private key")
	}
	now := time.Now()
	sk, ok := e.SigningKey(now)
	if !ok {
		return nil, errors.New("the OpenPGP key cannot sign: it has no signing key or subkey that is valid now (expired, revoked, or for encryption or certification only)")
	}
	switch {
	case sk.PrivateKey == nil || sk.PrivateKey.Dummy():
		return nil, errors.New("the secret part of the OpenPGP signing key is not in the file (a stub, as for a key kept on a smartcard)")
	case sk.PrivateKey.Encrypted:
		return nil, ErrCSAFKeyEncrypted
	}
	k := &CSAFKey{entity: e, fingerprint: strings.ToUpper(hex.EncodeToString(e.PrimaryKey.Fingerprint)),
		cache: map[[sha256.Size]byte][]byte{}}
	var pub bytes.Buffer
	w, err := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	if err == nil {
		err = e.Serialize(w)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("write the public OpenPGP key: %v", err)
	}
	pub.WriteByte('\n')
	k.publicKey = pub.Bytes()
	if _, err := k.sign([]byte("Rollcall checks that its CSAF key signs.\n"), false); err != nil {
		return nil, fmt.Errorf("the OpenPGP key cannot sign: %v", err)
	}
	return k, nil
}

// Fingerprint is the primary key's fingerprint, upper-case hexadecimal.
func (k *CSAFKey) Fingerprint() string { return k.fingerprint }

// PublicKey is the ASCII-armoured public part of the key: no secret key
// material.
func (k *CSAFKey) PublicKey() []byte { return k.publicKey }

// Sign returns a detached ASCII-armoured signature of data (a binary
// signature: of exactly these bytes).
func (k *CSAFKey) Sign(data []byte) ([]byte, error) { return k.sign(data, true) }

func (k *CSAFKey) sign(data []byte, keep bool) ([]byte, error) {
	if k == nil || k.entity == nil {
		return nil, errors.New("no OpenPGP key")
	}
	sum := sha256.Sum256(data)
	if keep {
		k.mu.Lock()
		sig, ok := k.cache[sum]
		k.mu.Unlock()
		if ok {
			return sig, nil
		}
	}
	var buf bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&buf, k.entity, bytes.NewReader(data), &packet.Config{}); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	sig := buf.Bytes()
	if keep {
		k.mu.Lock()
		if len(k.cache) >= csafSignatureCache {
			clear(k.cache)
		}
		k.cache[sum] = sig
		k.mu.Unlock()
	}
	return sig, nil
}
