package io.trustdm.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.VerificationResult.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CredentialVerifierTest {
    private static final Credentials CLIENT = new Credentials("dmclient01", Secret.ofUtf8("clientSecret"));
    private static final CredentialVerifier VERIFIER = new CredentialVerifier("dmclient01", CLIENT.digestKey());
    private static final Nonce ISSUED = Nonce.fromB64("Q2xpZW50Tm9uY2UwMQ==");

    @Test
    void accepts_the_md5_worked_example_and_rejects_a_wrong_digest() {
        Cred good = new Cred(Meta.ofFormatAndType("b64", "syncml:auth-md5"), "x+i0t8Z1hlAjpQlUxKYiyA==");
        assertThat(VERIFIER.verifyCred(good, ISSUED)).isEqualTo(VerificationResult.valid(AuthScheme.MD5));
        Cred bad = new Cred(Meta.ofFormatAndType("b64", "syncml:auth-md5"), "y+i0t8Z1hlAjpQlUxKYiyA==");
        assertThat(VERIFIER.verifyCred(bad, ISSUED).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(VERIFIER.verifyCred(good, Nonce.random()).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(VERIFIER.verifyCred(good, null).outcome()).isEqualTo(Outcome.INVALID);
    }

    @Test
    void md5_cred_without_b64_format_is_malformed() {
        Cred noFormat = new Cred(Meta.builder().type("syncml:auth-md5").build(), "x+i0t8Z1hlAjpQlUxKYiyA==");
        assertThat(VERIFIER.verifyCred(noFormat, ISSUED).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void basic_checks_name_and_password_from_the_stored_digest_key_only() {
        Cred good = BasicCredentials.toCred(CLIENT);
        assertThat(VERIFIER.verifyCred(good, null).isValid()).isTrue();
        Cred wrongPwd = BasicCredentials.toCred(new Credentials("dmclient01", Secret.ofUtf8("guess")));
        assertThat(VERIFIER.verifyCred(wrongPwd, null).outcome()).isEqualTo(Outcome.INVALID);
        Cred wrongName = BasicCredentials.toCred(new Credentials("dmclient02", Secret.ofUtf8("clientSecret")));
        assertThat(VERIFIER.verifyCred(wrongName, null).outcome()).isEqualTo(Outcome.INVALID);
        Cred garbage = new Cred(Meta.ofFormatAndType("b64", "syncml:auth-basic"), "%%%");
        assertThat(VERIFIER.verifyCred(garbage, null).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void hmac_MUST_NOT_be_carried_in_cred() {
        Cred mac = new Cred(Meta.ofFormatAndType("b64", "syncml:auth-MAC"), "C08/KId+AQXc87x1GoTfCw==");
        VerificationResult r = VERIFIER.verifyCred(mac, ISSUED);
        assertThat(r.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(r.detail()).contains("x-syncml-hmac");
    }

    @Test
    void unsupported_and_untyped_credentials_do_not_authenticate() {
        Cred x509 = new Cred(Meta.ofFormatAndType("b64", "syncml:auth-X509"), "AAAA");
        assertThat(VERIFIER.verifyCred(x509, ISSUED).outcome()).isEqualTo(Outcome.UNSUPPORTED_SCHEME);
        Cred untyped = new Cred(Meta.EMPTY, "AAAA");
        assertThat(VERIFIER.verifyCred(untyped, ISSUED).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(VERIFIER.verifyCred(null, ISSUED).isMissing()).isTrue();
    }

    @Test
    void verifies_the_hmac_header_over_the_body() {
        byte[] body = "<SyncML/>".getBytes(StandardCharsets.US_ASCII);
        String header = SyncMlHmac.sign(CLIENT, ISSUED, body).format();
        assertThat(VERIFIER.verifyHmac(header, ISSUED, body).isValid()).isTrue();
        assertThat(VERIFIER.verifyHmac(null, ISSUED, body).outcome()).isEqualTo(Outcome.MISSING);
        assertThat(VERIFIER.verifyHmac("garbage", ISSUED, body).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(VERIFIER.verifyHmac(header, Nonce.random(), body).outcome()).isEqualTo(Outcome.INVALID);
        assertThat(VERIFIER.verifyHmac(header, ISSUED, "<SyncML />".getBytes(StandardCharsets.US_ASCII))
                        .outcome())
                .isEqualTo(Outcome.INVALID);
        String otherName =
                SyncMlHmac.sign("intruder", CLIENT.digestKey(), ISSUED, body).format();
        assertThat(VERIFIER.verifyHmac(otherName, ISSUED, body).outcome()).isEqualTo(Outcome.INVALID);
    }
}
