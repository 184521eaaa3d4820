-- Relying applications (OAuth 2.0 clients) as Spring Security's JdbcRegisteredClientRepository
-- reads and writes them, with its column names. Made portable: TIMESTAMP WITH TIME ZONE instead
-- of TIMESTAMP, and client_id unique because every lookup at the endpoints is by client_id.
-- client_secret holds only a hash with its encoder prefix ({bcrypt}...), never the secret.
CREATE TABLE oauth2_registered_client (
    id                             VARCHAR(100)  NOT NULL,
    client_id                      VARCHAR(100)  NOT NULL,
    client_id_issued_at            TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret                  VARCHAR(200)  DEFAULT NULL,
    client_secret_expires_at       TIMESTAMP WITH TIME ZONE DEFAULT NULL,
    client_name                    VARCHAR(200)  NOT NULL,
    client_authentication_methods  VARCHAR(1000) NOT NULL,
    authorization_grant_types      VARCHAR(1000) NOT NULL,
    redirect_uris                  VARCHAR(1000) DEFAULT NULL,
    post_logout_redirect_uris      VARCHAR(1000) DEFAULT NULL,
    scopes                         VARCHAR(1000) NOT NULL,
    client_settings                VARCHAR(2000) NOT NULL,
    token_settings                 VARCHAR(2000) NOT NULL,
    CONSTRAINT oauth2_registered_client_pk PRIMARY KEY (id),
    CONSTRAINT oauth2_registered_client_client_id_uk UNIQUE (client_id)
);
