package io.trustdm.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthSchemeTest {
    @Test
    void maps_meta_types_and_dmacc_values_in_both_directions() {
        assertThat(AuthScheme.fromMetaType("syncml:auth-basic")).hasValue(AuthScheme.BASIC);
        assertThat(AuthScheme.fromMetaType("syncml:auth-md5")).hasValue(AuthScheme.MD5);
        assertThat(AuthScheme.fromMetaType("syncml:auth-MAC")).hasValue(AuthScheme.HMAC);
        assertThat(AuthScheme.fromMetaType("SYNCML:AUTH-MAC ")).hasValue(AuthScheme.HMAC);
        assertThat(AuthScheme.fromMetaType("syncml:auth-digipass")).hasValue(AuthScheme.DIGIPASS);
        assertThat(AuthScheme.fromMetaType("x")).isEmpty();
        assertThat(AuthScheme.fromAAuthType("digest")).hasValue(AuthScheme.MD5);
        assertThat(AuthScheme.fromAAuthType("TRANSPORT")).hasValue(AuthScheme.TRANSPORT);
        assertThat(AuthScheme.TRANSPORT.metaType()).isEmpty();
    }

    @Test
    void strength_orders_basic_below_md5_below_hmac_and_unsupported_satisfies_nothing() {
        assertThat(AuthScheme.HMAC.isAtLeast(AuthScheme.MD5)).isTrue();
        assertThat(AuthScheme.MD5.isAtLeast(AuthScheme.MD5)).isTrue();
        assertThat(AuthScheme.BASIC.isAtLeast(AuthScheme.MD5)).isFalse();
        assertThat(AuthScheme.MD5.isAtLeast(AuthScheme.HMAC)).isFalse();
        assertThat(AuthScheme.X509.isAtLeast(AuthScheme.BASIC)).isFalse();
        assertThat(AuthScheme.BASIC.isAtLeast(null)).isTrue();
    }
}
