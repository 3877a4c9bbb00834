-- TrustDM storage, version 2: how the server proves itself to each Device (DeviceAccount.serverScheme), chosen
-- independently of the Device's own scheme. One script for H2 (MODE=PostgreSQL) and PostgreSQL.
-- Existing rows get the behaviour they had before the split: MD5 accounts an MD5 server Cred, HMAC accounts with DM
-- credentials an x-syncml-hmac, all others (and accounts without a server key) the TLS server certificate only.
ALTER TABLE dm_account ADD COLUMN server_scheme VARCHAR(8);

UPDATE dm_account SET server_scheme = CASE
    WHEN server_key_sealed IS NULL OR server_name IS NULL THEN 'NONE'
    WHEN required_scheme = 'MD5' THEN 'MD5'
    WHEN required_scheme = 'HMAC' AND NOT (certificate_required AND client_key_sealed IS NULL) THEN 'HMAC'
    ELSE 'NONE'
END;

ALTER TABLE dm_account ALTER COLUMN server_scheme SET NOT NULL;
ALTER TABLE dm_account ADD CONSTRAINT dm_account_server_scheme CHECK (server_scheme IN ('NONE', 'MD5', 'HMAC'));
