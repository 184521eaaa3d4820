package dev.portcullis.account;

/** What it takes to create an account. The password is optional: without one the person sets it through a link. */
public record NewAccount(String email, String displayName, long organisationId, Role role, char[] password) {

    @Override
    public String toString() {
        return "NewAccount[email=" + email + ", displayName=" + displayName + ", organisationId=" + organisationId
                + ", role=" + role + ", password=" + (password == null ? "none" : "[redacted]") + "]";
    }
}
