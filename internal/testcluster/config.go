package testcluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// AdminUser is the user name of AdminConfig and Kubeconfig; it is in
// system:masters, so RBAC allows it everything.
const AdminUser = "kubeward-testcluster-admin"

// AdminConfig is a client configuration for the cluster admin.
func (c *Cluster) AdminConfig() *rest.Config {
	return c.config(rest.TLSClientConfig{CertData: c.admin.certPEM, KeyData: c.admin.keyPEM})
}

// AdminClient is a clientset for the cluster admin.
func (c *Cluster) AdminClient() kubernetes.Interface {
	cs, err := kubernetes.NewForConfig(c.AdminConfig())
	if err != nil { // only a malformed config fails, and this one is built here
		panic(fmt.Sprintf("testcluster: admin clientset: %v", err))
	}
	return cs
}

// ConfigFor is a client configuration authenticated by a client certificate
// with CN=user and O=groups, signed by the cluster CA. The user has no
// permissions beyond what RBAC grants that name and those groups.
func (c *Cluster) ConfigFor(user string, groups ...string) *rest.Config {
	kp, err := c.ca.client(user, groups...)
	if err != nil {
		// Only key generation or signing can fail here, and neither does
		// with a valid CA and crypto/rand (which cannot fail since Go 1.24).
		panic(fmt.Sprintf("testcluster: client certificate for %q: %v", user, err))
	}
	return c.config(rest.TLSClientConfig{CertData: kp.certPEM, KeyData: kp.keyPEM})
}

// ServiceAccountConfig is a client configuration carrying a one-hour token
// for the service account ns/name, issued through the TokenRequest API. The
// service account is created if it does not exist.
func (c *Cluster) ServiceAccountConfig(ctx context.Context, ns, name string) (*rest.Config, error) {
	sas := c.AdminClient().CoreV1().ServiceAccounts(ns)
	_, err := sas.Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return nil, fmt.Errorf("create service account %s/%s: %w", ns, name, err)
	}
	expiry := int64(time.Hour / time.Second)
	tr, err := sas.CreateToken(ctx, name, &authenticationv1.TokenRequest{
		Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiry},
	}, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("request token for %s/%s: %w", ns, name, err)
	}
	cfg := c.config(rest.TLSClientConfig{})
	cfg.BearerToken = tr.Status.Token
	return cfg, nil
}

func (c *Cluster) config(tlsCfg rest.TLSClientConfig) *rest.Config {
	tlsCfg.CAData = c.ca.certPEM
	return &rest.Config{
		Host:            c.host,
		TLSClientConfig: tlsCfg,
		// The harness is local and private; client-side throttling would
		// only slow tests down.
		QPS:   -1,
		Burst: -1,
	}
}

// ServingCert returns a certificate and key, PEM-encoded and signed by the
// cluster CA, for a TLS server (a webhook) on hosts: IP addresses or DNS
// names, 127.0.0.1 and localhost when none are given. The apiserver trusts
// it with CAPEM as the caBundle.
func (c *Cluster) ServingCert(hosts ...string) (certPEM, keyPEM []byte, err error) {
	if len(hosts) == 0 {
		hosts = []string{"127.0.0.1", "localhost"}
	}
	kp, err := c.ca.serving("kubeward-testcluster-webhook", hosts...)
	if err != nil {
		return nil, nil, err
	}
	return kp.certPEM, kp.keyPEM, nil
}

func (c *Cluster) writeKubeconfig() error {
	const name = "kubeward-testcluster"
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[name] = &clientcmdapi.Cluster{Server: c.host, CertificateAuthorityData: c.ca.certPEM}
	cfg.AuthInfos[AdminUser] = &clientcmdapi.AuthInfo{
		ClientCertificateData: c.admin.certPEM,
		ClientKeyData:         c.admin.keyPEM,
	}
	cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: AdminUser, Namespace: "default"}
	cfg.CurrentContext = name
	if err := clientcmd.WriteToFile(*cfg, c.kubeconfig); err != nil {
		return fmt.Errorf("write kubeconfig: %w", err)
	}
	return nil
}

// apiserverReady asks /readyz as the admin; it is 200 only once every
// post-start hook (RBAC bootstrap roles among them) has finished.
func (c *Cluster) apiserverReady() func(context.Context) bool {
	cert, certErr := tls.X509KeyPair(c.admin.certPEM, c.admin.keyPEM)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(c.ca.certPEM)
	client := &http.Client{
		Timeout: time.Second,
		Transport: &http.Transport{
			DisableKeepAlives: true, // polled a few dozen times, then dropped
			TLSClientConfig: &tls.Config{
				RootCAs:      pool,
				Certificates: []tls.Certificate{cert},
			},
		},
	}
	return func(ctx context.Context) bool {
		return certErr == nil && httpOK(ctx, client, c.host+"/readyz")
	}
}

func etcdHealthy(port int) func(context.Context) bool {
	client := &http.Client{Timeout: time.Second}
	return func(ctx context.Context) bool {
		return httpOK(ctx, client, "http://"+hostPort(port)+"/health")
	}
}

func httpOK(ctx context.Context, client *http.Client, url string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
