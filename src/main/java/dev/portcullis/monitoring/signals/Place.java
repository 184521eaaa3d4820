package dev.portcullis.monitoring.signals;

/** Where an address is, approximately, from the GeoIP database: any part may be unknown (null). */
public record Place(String country, String city, Double latitude, Double longitude) {

    public static final Place UNKNOWN = new Place(null, null, null, null);

    public boolean located() {
        return latitude != null && longitude != null;
    }

    /** Great-circle distance in kilometres (haversine). */
    public double kilometresTo(Place other) {
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
}
