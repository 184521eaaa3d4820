-- What a person agreed to share with an application, as JdbcOAuth2AuthorizationConsentService
-- reads and writes it (Spring's schema, already portable).
CREATE TABLE oauth2_authorization_consent (
    registered_client_id  VARCHAR(100)  NOT NULL,
    principal_name        VARCHAR(200)  NOT NULL,
    authorities           VARCHAR(1000) NOT NULL,
    CONSTRAINT oauth2_authorization_consent_pk PRIMARY KEY (registered_client_id, principal_name)
);
