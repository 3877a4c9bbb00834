package io.trustdm.protocol.provisioning;

/** What a characteristic contains, in document order: parameters and nested characteristics. */
public sealed interface ProvisioningElement permits Parm, Characteristic {}
