-- Authorizations (codes, access, refresh and ID tokens of one sign-in to one application) as
-- Spring Security's JdbcOAuth2AuthorizationService reads and writes them.
--
-- Portable form of Spring's schema: its BLOB columns are VARCHAR here. JdbcOAuth2AuthorizationService
-- asks the driver for each column's JDBC type: BLOB makes it bind byte arrays, which PostgreSQL
-- has no type for (BYTEA reports BINARY, and is then bound as text and read back as hex: the
-- known pitfall); H2's TEXT is a CLOB, which H2 cannot compare in "WHERE token = ?". VARCHAR
-- reports VARCHAR on both, so tokens and attributes are bound and read as plain strings.
-- Timestamps carry a time zone so instants survive a node in another zone.
CREATE TABLE oauth2_authorization (
    id                             VARCHAR(100)  NOT NULL,
    registered_client_id           VARCHAR(100)  NOT NULL,
    principal_name                 VARCHAR(200)  NOT NULL,
    authorization_grant_type       VARCHAR(100)  NOT NULL,
    authorized_scopes              VARCHAR(1000) DEFAULT NULL,
    attributes                     VARCHAR(1000000) DEFAULT NULL,
    state                          VARCHAR(500)  DEFAULT NULL,
    authorization_code_value       VARCHAR(4000) DEFAULT NULL,
    authorization_code_issued_at   TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    authorization_code_expires_at  TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    authorization_code_metadata    VARCHAR(100000) DEFAULT NULL,
    access_token_value             VARCHAR(100000) DEFAULT NULL,
    access_token_issued_at         TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    access_token_expires_at        TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    access_token_metadata          VARCHAR(100000) DEFAULT NULL,
    access_token_type              VARCHAR(100)  DEFAULT NULL,
    access_token_scopes            VARCHAR(1000) DEFAULT NULL,
    oidc_id_token_value            VARCHAR(100000) DEFAULT NULL,
    oidc_id_token_issued_at        TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    oidc_id_token_expires_at       TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    oidc_id_token_metadata         VARCHAR(100000) DEFAULT NULL,
    refresh_token_value            VARCHAR(4000) DEFAULT NULL,
    refresh_token_issued_at        TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    refresh_token_expires_at       TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    refresh_token_metadata         VARCHAR(100000) DEFAULT NULL,
    user_code_value                VARCHAR(4000) DEFAULT NULL,
    user_code_issued_at            TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    user_code_expires_at           TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    user_code_metadata             VARCHAR(100000) DEFAULT NULL,
    device_code_value              VARCHAR(4000) DEFAULT NULL,
    device_code_issued_at          TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    device_code_expires_at         TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    device_code_metadata           VARCHAR(100000) DEFAULT NULL,
    CONSTRAINT oauth2_authorization_pk PRIMARY KEY (id)
);

-- Lookups at the endpoints are by state, code and refresh token (short random strings) and by
-- client and person (revocation, deleting an application). Access and ID tokens are JWTs of a
-- few kilobytes: PostgreSQL refuses B-tree entries above about 2.7 kB, so they are not indexed.
CREATE INDEX oauth2_authorization_state_ix ON oauth2_authorization (state);
CREATE INDEX oauth2_authorization_code_ix ON oauth2_authorization (authorization_code_value);
CREATE INDEX oauth2_authorization_refresh_ix ON oauth2_authorization (refresh_token_value);
CREATE INDEX oauth2_authorization_client_ix ON oauth2_authorization (registered_client_id, principal_name);
