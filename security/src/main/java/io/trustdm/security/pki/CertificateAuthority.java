package io.trustdm.security.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that issues the server and device certificates of a TrustDM installation. Keys are EC
 * P-256, signatures ECDSA with SHA-256, serial numbers 128 random bits from {@link SecureRandom}.
 *
 * <p>Meant for development and test labs ({@code ./trustdm demo}, tests); production operators bring their own PKI
 * and load it as PEM or PKCS#12.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate root;

    public CertificateAuthority(IssuedCertificate root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** A new self-signed root. */
    public static CertificateAuthority generate(String commonName, Duration validity) {
        KeyPair kp = newKeyPair();
        X500Name name = name(commonName);
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    name,
                    serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)),
                    name,
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = sign(b, kp);
            return new CertificateAuthority(new IssuedCertificate(kp.getPrivate(), List.of(cert)));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create a CA certificate", e);
        }
    }

    public X509Certificate certificate() {
        return root.certificate();
    }

    public IssuedCertificate root() {
        return root;
    }

    /** A TLS server certificate for these host names and IP addresses (subjectAltName; EKU serverAuth). */
    public IssuedCertificate issueServer(String commonName, List<String> hostNames, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        for (String h : hostNames) {
            if (isIpLiteral(h)) {
                sans.add(new GeneralName(GeneralName.iPAddress, h));
            } else {
                sans.add(new GeneralName(GeneralName.dNSName, h));
            }
        }
        return issue(commonName, sans, KeyPurposeId.id_kp_serverAuth, validity);
    }

    /**
     * A device certificate whose subject CN is the Device identity (its {@code ./DevInfo/DevId}, e.g.
     * {@code IMEI:490154203237518}); EKU clientAuth.
     */
    public IssuedCertificate issueDevice(String deviceId, Duration validity) {
        return issue(deviceId, List.of(), KeyPurposeId.id_kp_clientAuth, validity);
    }

    private IssuedCertificate issue(String cn, List<GeneralName> sans, KeyPurposeId purpose, Duration validity) {
        KeyPair kp = newKeyPair();
        try {
            Instant now = Instant.now();
            X509Certificate ca = root.certificate();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    ca,
                    serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)),
                    name(cn),
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (!sans.isEmpty()) {
                b.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            ContentSigner signer = signer(root.privateKey());
            X509CertificateHolder holder = b.build(signer);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            cert.verify(ca.getPublicKey());
            return new IssuedCertificate(kp.getPrivate(), List.of(cert, ca));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + cn, e);
        }
    }

    /** The CN of a certificate's subject, or {@code null}: how the server reads a Device identity. */
    public static String commonName(X509Certificate cert) {
        X500Name n = new X500Name(cert.getSubjectX500Principal().getName());
        var rdns = n.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        return rdns[0].getFirst().getValue().toString();
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, cn)
                .addRDN(BCStyle.O, "TrustDM")
                .build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair kp) throws GeneralSecurityException {
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(kp.getPrivate())));
        PublicKey pk = kp.getPublic();
        cert.verify(pk);
        return cert;
    }

    private static ContentSigner signer(java.security.PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static boolean isIpLiteral(String h) {
        if (h.indexOf(':') >= 0) {
            return true;
        }
        if (!h.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(h);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
