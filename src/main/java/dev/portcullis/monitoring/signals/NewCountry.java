package dev.portcullis.monitoring.signals;

/**
 * The source's country (from the GeoIP database) differs from every country of the account's
 * earlier successful sign-ins whose country is known. Silent when no country is known.
 */
public final class NewCountry implements RiskSignal {

    @Override
    public String id() {
        return "new_country";
    }

    @Override
    public int weight() {
        return 40;
    }

    @Override
    public boolean fires(CurrentAttempt attempt, History history) {
        String country = attempt.place().country();
        if (country == null) {
            return false;
        }
        var known = history.successes().stream().map(past -> past.place().country()).filter(c -> c != null).toList();
        return !known.isEmpty() && !known.contains(country);
    }

    @Override
    public boolean newDeviceOrPlace() {
        return true;
    }
}
