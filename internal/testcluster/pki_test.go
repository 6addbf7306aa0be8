package testcluster

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"slices"
	"testing"
)

func TestClientCertificateCarriesUserAndGroups(t *testing.T) {
	ca, err := newAuthority()
	if err != nil {
		t.Fatal(err)
	}
	kp, err := ca.client("alice", "dev", "ops")
	if err != nil {
		t.Fatal(err)
	}
	cert := parseLeaf(t, kp)
	if cert.Subject.CommonName != "alice" || !slices.Equal(cert.Subject.Organization, []string{"dev", "ops"}) {
		t.Errorf("subject = %v, want CN=alice O=dev,ops", cert.Subject)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool(ca), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("client certificate does not verify against the CA: %v", err)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool(ca), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}); err == nil {
		t.Error("client certificate also valid for serving")
	}
}

func TestServingCertificateNamesItsHosts(t *testing.T) {
	ca, err := newAuthority()
	if err != nil {
		t.Fatal(err)
	}
	kp, err := ca.serving("webhook", "127.0.0.1", "localhost")
	if err != nil {
		t.Fatal(err)
	}
	cert := parseLeaf(t, kp)
	for _, host := range []string{"127.0.0.1", "localhost"} {
		if _, err := cert.Verify(x509.VerifyOptions{Roots: pool(ca), DNSName: host}); err != nil {
			t.Errorf("serving certificate not valid for %s: %v", host, err)
		}
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool(ca), DNSName: "example.com"}); err == nil {
		t.Error("serving certificate valid for a host it does not name")
	}
	other, err := newAuthority()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: pool(other), DNSName: "localhost"}); err == nil {
		t.Error("serving certificate verifies against an unrelated CA")
	}
}

func TestSigningKeyPairMatches(t *testing.T) {
	privPEM, pubPEM, err := newSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	privBlock, _ := pem.Decode(privPEM)
	pubBlock, _ := pem.Decode(pubPEM)
	if privBlock == nil || privBlock.Type != "PRIVATE KEY" || pubBlock == nil || pubBlock.Type != "PUBLIC KEY" {
		t.Fatalf("PEM blocks: private %v, public %v", privBlock, pubBlock)
	}
	priv, err := x509.ParsePKCS8PrivateKey(privBlock.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.ParsePKIXPublicKey(pubBlock.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if !priv.(*ecdsa.PrivateKey).PublicKey.Equal(pub) {
		t.Error("public key does not belong to the private key")
	}
}

func parseLeaf(t *testing.T, kp keyPair) *x509.Certificate {
	t.Helper()
	pair, err := tls.X509KeyPair(kp.certPEM, kp.keyPEM)
	if err != nil {
		t.Fatalf("certificate and key do not match: %v", err)
	}
	return pair.Leaf
}

func pool(ca *authority) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}
