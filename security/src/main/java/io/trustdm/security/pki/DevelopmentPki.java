package io.trustdm.security.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The PKI a server creates in its data directory at first start: {@code pki/ca.pem} + {@code pki/ca-key.pem} and a
 * server certificate for {@code localhost}/{@code 127.0.0.1} plus any configured host names. Later starts load the
 * same files, so devices that trust the CA keep trusting the server.
 */
public final class DevelopmentPki {
    private final CertificateAuthority ca;
    private final IssuedCertificate server;
    private final boolean created;

    private DevelopmentPki(CertificateAuthority ca, IssuedCertificate server, boolean created) {
        this.ca = ca;
        this.server = server;
        this.created = created;
    }

    public static DevelopmentPki loadOrCreate(Path dataDir, List<String> serverHostNames) throws IOException {
        Path dir = dataDir.resolve("pki");
        Path caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path srvCert = dir.resolve("server.pem");
        Path srvKey = dir.resolve("server-key.pem");
        if (Files.exists(caCert) && Files.exists(caKey) && Files.exists(srvCert) && Files.exists(srvKey)) {
            CertificateAuthority ca = new CertificateAuthority(PemFiles.read(caCert, caKey));
            return new DevelopmentPki(ca, PemFiles.read(srvCert, srvKey), false);
        }
        CertificateAuthority ca = CertificateAuthority.generate("TrustDM development CA", Duration.ofDays(3650));
        IssuedCertificate server = ca.issueServer("TrustDM server", serverHostNames, Duration.ofDays(825));
        PemFiles.write(ca.root(), caCert, caKey);
        PemFiles.write(server, srvCert, srvKey);
        return new DevelopmentPki(ca, server, true);
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public IssuedCertificate server() {
        return server;
    }

    /** True when this call generated the files. */
    public boolean created() {
        return created;
    }
}
